package org.itbs.spark.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.itbs.core.csv.CsvReader;
import org.itbs.core.csv.CsvRecord;
import org.itbs.core.dictionary.AnalysisDictionary;
import org.itbs.spark.SparkTestSession;
import org.itbs.spark.TestSubmission;
import org.itbs.spark.ingest.IngestJob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each derivation rule of analysis-plan v1 on a hand-made cohort of four runners (see {@code
 * src/test/resources/features/handmade/README.md}), ingested as a submission and run through the
 * job once. Every expected value below was worked out by hand from the files and equals what the
 * reference implementation ({@code reference.R}) computes from them; the last test compares the
 * whole output with that R output.
 */
class FeaturesJobTest {
  static final String A = "a0000000000000000001";
  static final String B = "b0000000000000000002";
  static final String C = "c0000000000000000003";
  static final String D = "d0000000000000000004";
  private static final String[] FILES = {
    "participants.csv", "assessments.csv", "gait_frames.csv", "training_weeks.csv", "injuries.csv"
  };

  @TempDir static Path tmp;

  private static SparkSession spark;
  private static FeaturesJob.Result result;
  private static Map<String, Row> runners;
  private static List<Row> intervals;

  @BeforeAll
  static void runTheJobOnTheHandMadeCohort() {
    spark = SparkTestSession.start();
    TestSubmission s = new TestSubmission();
    for (String f : FILES) {
      s.put(f, resourceText("submission/" + f));
    }
    Path lake = tmp.resolve("lake");
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    new IngestJob(spark, quiet).ingest(s.writeTo(tmp.resolve("submission")), lake);
    result = new FeaturesJob(spark, quiet).run(lake);
    runners = new HashMap<>();
    for (Row r : read(AnalysisDictionary.runners())) {
      runners.put(r.getString(r.fieldIndex("participant_id")), r);
    }
    intervals = read(AnalysisDictionary.recurrenceIntervals());
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static List<Row> read(AnalysisDictionary table) {
    return spark
        .read()
        .parquet(AnalysisTables.files(tmp.resolve("lake"), result, table))
        .orderBy("participant_id")
        .collectAsList();
  }

  private static InputStream resource(String name) {
    InputStream in = FeaturesJobTest.class.getResourceAsStream("/features/handmade/" + name);
    assertThat(in).as("test resource %s", name).isNotNull();
    return in;
  }

  private static String resourceText(String name) {
    try (InputStream in = resource(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Double number(String runner, String column) {
    Row r = runners.get(runner);
    assertThat(r).as("runner %s", runner).isNotNull();
    return r.isNullAt(r.fieldIndex(column)) ? null : r.getDouble(r.fieldIndex(column));
  }

  private static long whole(String runner, String column) {
    Row r = runners.get(runner);
    return r.getLong(r.fieldIndex(column));
  }

  /** (start, stop, event, maintenance, acwr) of a runner's intervals, in time order. */
  private static List<List<Object>> intervalsOf(String runner) {
    List<List<Object>> out = new ArrayList<>();
    intervals.stream()
        .filter(r -> r.getString(r.fieldIndex("participant_id")).equals(runner))
        .sorted((x, y) -> Long.compare(x.getLong(2), y.getLong(2)))
        .forEach(
            r ->
                out.add(
                    List.of(
                        r.getLong(r.fieldIndex("start")),
                        r.getLong(r.fieldIndex("stop")),
                        r.getLong(r.fieldIndex("event")),
                        r.getDouble(r.fieldIndex("maintenance")),
                        r.getDouble(r.fieldIndex("acwr")))));
    return out;
  }

  @Test
  void baselineAssessmentIsPerSideTheRowNearestDayZeroAndTheEarlierOnATie() {
    // A left: day -3 (1.40, 10.0) and day +3 (1.80, 14.0) tie, the earlier wins; right day 0
    // (1.60, 12.0).
    assertThat(number(A, "hip_abd")).isEqualTo(1.5);
    assertThat(number(A, "df_lunge")).isEqualTo(11.0);
  }

  @Test
  void aSideMissingOrAValueMissingOnASideLeavesTheOtherSidesValue() {
    // A's right row lacks hip_external_rotation: the left value alone.
    assertThat(number(A, "hip_er")).isEqualTo(0.40);
    // B's right row is on day 31, outside ±30 days: the left side alone.
    assertThat(number(B, "hip_abd")).isEqualTo(1.50);
    assertThat(number(B, "hip_er")).isEqualTo(0.50);
    assertThat(number(B, "df_lunge")).isEqualTo(11.0);
    // C has no assessment at all.
    assertThat(number(C, "hip_abd")).isNull();
    assertThat(number(C, "hip_er")).isNull();
    assertThat(number(C, "df_lunge")).isNull();
  }

  @Test
  void stanceRunsFromFootStrikeToNextToeOffAndAFootStrikeBeforeTheToeOffRestartsIt() {
    // A, session day -4, trial 1 left (hip adduction by frame): TO 20 | 20 | FS 1, 5, TO 2 |
    // swing 20 | FS 3, 19 | FS 4, 7, TO 6 | swing 20 | FS 8, 18 (no TO: incomplete).
    // Complete stances peak at 5 and 7 (the 19 belongs to the stance the second FS cut short):
    // left mean 6. Right: trial 1 FS 2, 4, TO 3 -> 4; trial 2 FS 6, TO 1, stray TO 20 -> 6: mean 5.
    assertThat(number(A, "peak_hip_add")).isEqualTo(5.5);
    // pelvic drop = adduction / 2, knee internal rotation = -adduction, ankle = adduction + 10.
    assertThat(number(A, "peak_pelvic_drop")).isEqualTo(2.75);
    assertThat(number(A, "peak_knee_ir")).isEqualTo(-2.0);
    assertThat(number(A, "peak_df")).isEqualTo(15.5);
  }

  @Test
  void baselineGaitSessionIsTheNearestWithinThirtyDaysEvenWhenItHasNoCompleteStance() {
    // A's session on day +4 (peak 9) ties with day -4 and loses: checked above (5.5).
    // B's nearest session (day 0) has only an incomplete stance; the complete one on day 10 is
    // not the baseline session.
    assertThat(number(B, "peak_hip_add")).isNull();
    assertThat(number(B, "peak_df")).isNull();
    // C's only session is on day 31.
    assertThat(number(C, "peak_hip_add")).isNull();
    assertThat(number(D, "peak_hip_add")).isNull();
  }

  @Test
  void kmWeekIsTheMeanOfTheLoggedWeeksStartingOnDaysZeroToTwentySeven() {
    // B logs weeks starting on days -2 (100 km), 5 (10), 19 (20), 26 (30), 33 (40), 180 (50);
    // day 12 is missing and is not a zero.
    assertThat(number(B, "km_week")).isEqualTo(20.0);
    assertThat(number(A, "km_week")).isEqualTo(12.5);
    assertThat(number(C, "km_week")).isNull();
  }

  @Test
  void onsetIsTheFirstItbsOnsetAfterDayZeroElseCensoredAtFollowUpEnd() {
    // A: PFPS on day 14 does not count; ITBS on days 70 and 161: the first.
    assertThat(whole(A, "time")).isEqualTo(70);
    assertThat(whole(A, "event")).isEqualTo(1);
    // C: ITBS on day 0 is not after day 0: censored at follow-up end, day 300.
    assertThat(whole(C, "time")).isEqualTo(300);
    assertThat(whole(C, "event")).isZero();
    assertThat(whole(B, "time")).isEqualTo(182);
    assertThat(whole(B, "event")).isZero();
    assertThat(whole(D, "time")).isEqualTo(40);
    assertThat(whole(D, "event")).isEqualTo(1);
    assertThat(result.onsets()).isEqualTo(2);
  }

  @Test
  void exposureSumsTheWeeksOverlappingTheTimeAtRiskAtBothEnds() {
    // B (censored on day 182): the week starting on day -2 overlaps day 0, the one starting on
    // day 180 overlaps day 182: 1.25 + 1.5 + 2.0 + 2.25 + 2.5 + 3.0.
    assertThat(number(B, "exposure_h")).isEqualTo(12.5);
    // A (onset day 70): weeks starting on days -2 to 68, not those from day 75 on.
    assertThat(number(A, "exposure_h")).isEqualTo(17.0);
    // D (onset day 40): the week starting on the onset day counts: 1.0 + 1.1 + ... + 1.6.
    assertThat(number(D, "exposure_h")).isEqualTo(9.1);
    // C logs no week.
    assertThat(number(C, "exposure_h")).isEqualTo(0.0);
  }

  @Test
  void participantVariablesComeFromTheParticipantRow() {
    assertThat(number(A, "bmi")).isEqualTo(22.5); // as released: 65.0 / 1.7² half up
    assertThat(whole(A, "sexF")).isEqualTo(1);
    assertThat(whole(B, "sexF")).isZero();
    assertThat(whole(A, "age")).isEqualTo(30);
    assertThat(whole(A, "prior_itbs")).isEqualTo(1);
    assertThat(runners.get(A).getString(runners.get(A).fieldIndex("site"))).isEqualTo("CLINA");
    assertThat(runners).hasSize(4);
  }

  @Test
  void recurrenceIntervalsAreCutByWeeksAndLeftOutWithoutFourPreviousWeeksOrWithZeroMeanDistance() {
    assertThat(intervalsOf(A))
        .containsExactly(
            // period from day 0 (prior ITBS) to the onset on day 70; weeks start on days 5 + 7k,
            // the first with four logged previous weeks starts on day 26
            List.of(26L, 33L, 0L, 1.5, 2.0),
            List.of(33L, 40L, 0L, 1.75, 1.2),
            List.of(40L, 47L, 0L, 1.25, 30 / 13.75),
            List.of(47L, 54L, 0L, 1.5, 0.64),
            List.of(54L, 61L, 0L, 1.5, 18 / 19.25),
            List.of(61L, 68L, 0L, 1.75, 25 / 18.75),
            // the week holding the onset ends at it and carries the event
            List.of(68L, 70L, 1L, 1.75, 22 / 21.25),
            // period from the return to running on day 91 (mid-week) to the onset on day 161
            List.of(91L, 96L, 0L, 0.25, 0.0),
            List.of(96L, 103L, 0L, 0.25, 0.0),
            // week 103: its four previous weeks ran 0 km (left out); weeks 131 to 152 lack the
            // unlogged week 124 among their previous four (left out)
            List.of(110L, 117L, 0L, 0.5, 8 / 1.25),
            List.of(117L, 124L, 0L, 1.0, 10 / 3.25),
            List.of(159L, 161L, 1L, 2.0, 20 / 15.0),
            // period from the return on day 189 to follow-up end; no week logged after day 194
            List.of(189L, 194L, 0L, 0.75, 15 / 8.75),
            List.of(194L, 201L, 0L, 1.25, 20 / 7.5));
    assertThat(intervalsOf(B)).isEmpty();
    assertThat(intervalsOf(C)).isEmpty();
  }

  @Test
  void anOnsetOnTheFirstDayOfALoggedWeekLeavesNoEventIntervalAsInTheReference() {
    // D: prior ITBS, onset on day 40, a Monday that starts a logged week. That week's interval
    // (40, 40] has zero length and is dropped; the week before ends on day 40 but does not hold
    // the onset (33 <= 40 < 40 is false), so the reference keeps no event for D.
    assertThat(intervalsOf(D))
        .containsExactly(List.of(26L, 33L, 0L, 0.75, 14 / 11.5), List.of(33L, 40L, 0L, 1.0, 1.2));
    assertThat(result.intervals()).isEqualTo(16);
    assertThat(result.recurrences()).isEqualTo(2);
  }

  @Test
  void wholeOutputEqualsWhatTheReferenceImplementationComputesFromTheSameFiles() throws Exception {
    List<String[]> rRunners = csv("r-runners.csv");
    String[] h = rRunners.get(0);
    assertThat(rRunners).hasSize(5);
    for (String[] e : rRunners.subList(1, rRunners.size())) {
      Row r = runners.get(e[0]);
      for (int i = 1; i < h.length; i++) {
        String what = h[i] + " of " + e[0];
        int f = r.fieldIndex(h[i]);
        if (e[i].equals("NA")) {
          assertThat(r.isNullAt(f)).as(what).isTrue();
        } else if (r.get(f) instanceof Long l) {
          assertThat(l).as(what).isEqualTo(Long.parseLong(e[i]));
        } else {
          assertThat(r.getDouble(f)).as(what).isCloseTo(Double.parseDouble(e[i]), within(1e-12));
        }
      }
    }
    List<String[]> rIntervals = csv("r-intervals.csv");
    List<List<Object>> got = new ArrayList<>();
    for (String id : List.of(A, B, C, D)) {
      for (List<Object> i : intervalsOf(id)) {
        List<Object> row = new ArrayList<>(List.of(id));
        row.addAll(i);
        got.add(row);
      }
    }
    assertThat(got).hasSize(rIntervals.size() - 1);
    for (int k = 1; k < rIntervals.size(); k++) {
      String[] e = rIntervals.get(k);
      List<Object> g = got.get(k - 1);
      assertThat(g.subList(0, 4))
          .containsExactly(e[0], Long.parseLong(e[1]), Long.parseLong(e[2]), Long.parseLong(e[3]));
      assertThat((Double) g.get(4)).isCloseTo(Double.parseDouble(e[4]), within(1e-12));
      assertThat((Double) g.get(5)).isCloseTo(Double.parseDouble(e[5]), within(1e-12));
    }
  }

  @Test
  void tablesHaveExactlyTheColumnsTypesAndDescriptionsOfTheirSchemaFiles() {
    for (AnalysisSchema schema :
        List.of(AnalysisSchema.runners(), AnalysisSchema.recurrenceIntervals())) {
      StructField[] written =
          spark
              .read()
              .parquet(AnalysisTables.files(tmp.resolve("lake"), result, schema.dictionary()))
              .schema()
              .fields();
      org.apache.iceberg.Schema table;
      try (org.itbs.lake.IcebergLake l =
          org.itbs.lake.IcebergLake.open(
              tmp.resolve("lake"), null, new org.apache.hadoop.conf.Configuration())) {
        table = l.table(org.itbs.lake.LakeTables.analysisId(schema.dictionary())).schema();
      }
      assertThat(written).hasSameSizeAs(schema.dictionary().columns());
      assertThat(table.columns()).hasSameSizeAs(schema.dictionary().columns());
      for (int i = 0; i < written.length; i++) {
        AnalysisDictionary.Column c = schema.dictionary().columns().get(i);
        assertThat(written[i].name()).isEqualTo(c.name());
        assertThat(written[i].dataType()).isEqualTo(AnalysisSchema.sparkType(c.type()));
        // The description (and unit) is the Iceberg table's column doc.
        assertThat(table.columns().get(i).name()).isEqualTo(c.name());
        assertThat(table.columns().get(i).doc()).startsWith(c.description());
        assertThat(table.columns().get(i).isOptional()).isEqualTo(c.nullable());
      }
    }
  }

  private static List<String[]> csv(String name) throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (InputStream in = resource(name);
        CsvReader r = CsvReader.open(in)) {
      rows.add(r.header());
      for (CsvRecord rec : r) {
        rows.add(rec.fields());
      }
    }
    return rows;
  }
}
