package org.itbs.app.reference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.itbs.analysis.Analyse;
import org.itbs.analysis.plan.Plan;
import org.itbs.analysis.report.Report;
import org.itbs.analysis.tables.EffectsTable;
import org.itbs.contribute.ClinicKey;
import org.itbs.contribute.Contributor;
import org.itbs.contribute.Pseudonymiser;
import org.itbs.core.csv.CsvReader;
import org.itbs.core.csv.CsvRecord;
import org.itbs.core.dictionary.AnalysisDictionary;
import org.itbs.spark.SparkTestSession;
import org.itbs.spark.features.AnalysisTables;
import org.itbs.spark.features.FeaturesJob;
import org.itbs.spark.ingest.IngestJob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The features job against the independent R implementation ({@code reference.R}) on the reference
 * cohort: the raw clinic export is contributed with a fixed key, ingested and run through the job,
 * and every runner's derived variables are compared with R's after mapping R's raw ids to their
 * pseudonyms with the same key. Then {@code itbs analyse} runs on the same lake, and its
 * effects.csv, analysis_set.csv and model summary are compared with R's (the whole path:
 * contribute, ingest, features, analyse). The submission releases BMI rounded half up to one
 * decimal instead of height and mass, so R's side is {@code cohort-a.v1-released-bmi.*}: plan v1
 * computed by {@code BMI_ROUND=1 Rscript reference.R} with that BMI.
 *
 * <p>Tolerances: integer variables (age, sexF, prior_itbs, time, event, interval start, stop and
 * event) and exposure_h exactly; every other variable to a relative error of 1e-9, taken against
 * max(|R's value|, 1) (so an absolute error of 1e-9 for values below 1). R writes 15 significant
 * digits; exposure_h is an exact decimal sum, so its double equals the one parsed from R's text.
 */
class CohortAReferenceTest {
  private static final byte[] KEY =
      "itbs-reference-test-key-cohort-a".getBytes(StandardCharsets.US_ASCII);
  private static final double TOLERANCE = 1e-9;
  private static final String[] REAL = {
    "peak_hip_add", "peak_pelvic_drop", "hip_abd", "hip_er", "df_lunge", "km_week", "bmi"
  };
  private static final String[] WHOLE = {"sexF", "age", "prior_itbs", "time", "event"};

  @TempDir static Path tmp;

  private static SparkSession spark;
  private static FeaturesJob.Result result;
  private static Map<String, Row> runners;
  private static List<Row> intervals;
  private static Pseudonymiser pseudonymiser;
  private static Path out;
  private static Path lake;
  private static List<Row> runnerRows;

  @BeforeAll
  static void runTheJobOnTheReferenceCohort() throws Exception {
    spark = SparkTestSession.start();
    Path zip = tmp.resolve("cohort-a.zip");
    try (InputStream in = resource("cohort-a.zip")) {
      Files.copy(in, zip);
    }
    ClinicKey key = ClinicKey.of(KEY);
    pseudonymiser = Pseudonymiser.of(key, "CLINA");
    Path submission = tmp.resolve("submission");
    Contributor.builder()
        .site("CLINA")
        .key(key)
        .toolVersion("test")
        .created(Instant.parse("2026-01-01T00:00:00Z"))
        .build()
        .contribute(zip, submission);
    lake = tmp.resolve("lake");
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    new IngestJob(spark, quiet).ingest(submission, lake);
    result = new FeaturesJob(spark, quiet).run(lake);
    out = tmp.resolve("out");
    Analyse.run(lake, out, Plan.V1);
    runners = new HashMap<>();
    runnerRows =
        spark
            .read()
            .parquet(AnalysisTables.files(lake, result, AnalysisDictionary.runners()))
            .collectAsList();
    for (Row r : runnerRows) {
      runners.put(r.getString(r.fieldIndex("participant_id")), r);
    }
    intervals =
        spark
            .read()
            .parquet(AnalysisTables.files(lake, result, AnalysisDictionary.recurrenceIntervals()))
            .collectAsList();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void runningAgainCommitsTheSameRowsInTheSameOrderAsOneFilePerSite() throws Exception {
    assertThat(intervals).hasSizeGreaterThan(7);
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

    FeaturesJob.Result again = new FeaturesJob(spark, quiet).run(lake);

    for (AnalysisDictionary t :
        List.of(AnalysisDictionary.runners(), AnalysisDictionary.recurrenceIntervals())) {
      assertThat(AnalysisTables.files(lake, again, t)).as(t.table()).hasSize(1);
    }
    // The same rows in the same file order, not only the same set.
    assertThat(
            spark
                .read()
                .parquet(AnalysisTables.files(lake, again, AnalysisDictionary.runners()))
                .collectAsList())
        .containsExactlyElementsOf(runnerRows);
    assertThat(
            spark
                .read()
                .parquet(
                    AnalysisTables.files(lake, again, AnalysisDictionary.recurrenceIntervals()))
                .collectAsList())
        .containsExactlyElementsOf(intervals);
    assertThat(again).usingRecursiveComparison().ignoringFields("analysis").isEqualTo(result);
  }

  private static InputStream resource(String name) {
    InputStream in = CohortAReferenceTest.class.getResourceAsStream("/reference/" + name);
    assertThat(in).as("test resource /reference/%s", name).isNotNull();
    return in;
  }

  /** R's CSV: header, then rows of fields, the raw id in the first column. */
  private static List<String[]> csv(String name) throws Exception {
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

  private static int index(String[] header, String column) {
    for (int i = 0; i < header.length; i++) {
      if (header[i].equals(column)) {
        return i;
      }
    }
    throw new AssertionError("no column " + column);
  }

  private static void assertClose(double actual, String expectedText, String what) {
    double expected = Double.parseDouble(expectedText);
    assertThat(Math.abs(actual - expected))
        .as("%s: %s vs R %s", what, actual, expectedText)
        .isLessThanOrEqualTo(TOLERANCE * Math.max(1.0, Math.abs(expected)));
  }

  @Test
  void everyRunnerOfTheReferenceCohortHasRsDerivedVariables() throws Exception {
    List<String[]> expected = csv("cohort-a.v1-released-bmi.analysis_set.csv");
    String[] h = expected.get(0);
    assertThat(expected).hasSize(401);
    assertThat(runners).hasSize(400);
    assertThat(result.runners()).isEqualTo(400);
    for (String[] e : expected.subList(1, expected.size())) {
      String rawId = e[index(h, "participant_id")];
      String pseudonym = pseudonymiser.pseudonymise(rawId).id();
      Row r = runners.get(pseudonym);
      assertThat(r).as("runner %s (%s)", rawId, pseudonym).isNotNull();
      assertThat(r.getString(r.fieldIndex("site"))).isEqualTo("CLINA");
      for (String c : REAL) {
        assertThat(r.isNullAt(r.fieldIndex(c))).as("%s of %s", c, rawId).isFalse();
        assertClose(r.getDouble(r.fieldIndex(c)), e[index(h, c)], c + " of " + rawId);
      }
      for (String c : WHOLE) {
        assertThat(r.getLong(r.fieldIndex(c)))
            .as("%s of %s", c, rawId)
            .isEqualTo(Long.parseLong(e[index(h, c)]));
      }
      assertThat(r.getDouble(r.fieldIndex("exposure_h")))
          .as("exposure_h of %s", rawId)
          .isEqualTo(Double.parseDouble(e[index(h, "exposure_h")]));
    }
  }

  @Test
  void meansOfTheKneeAndAnklePeaksMatchRsSummary() throws Exception {
    // R's analysis_set.csv leaves out peak_knee_ir and peak_df; its summary holds their means.
    JsonNode means =
        new ObjectMapper().readTree(resource("cohort-a.v1-released-bmi.summary.json")).get("means");
    for (String c : new String[] {"peak_knee_ir", "peak_df", "peak_hip_add", "exposure_h"}) {
      double mean =
          runners.values().stream().mapToDouble(r -> r.getDouble(r.fieldIndex(c))).sum() / 400;
      assertClose(mean, means.get(c).asText(), "mean " + c);
    }
  }

  @Test
  void recurrenceIntervalsMatchRsCountsAndEveryIntervalOfR() throws Exception {
    JsonNode summary =
        new ObjectMapper().readTree(resource("cohort-a.v1-released-bmi.summary.json"));
    assertThat(intervals).hasSize(summary.get("r1_intervals").asInt()).hasSize(5633);
    long events = intervals.stream().filter(r -> r.getLong(r.fieldIndex("event")) == 1).count();
    assertThat(events).isEqualTo(summary.get("r1_events").asLong()).isEqualTo(28);
    assertThat(result.intervals()).isEqualTo(5633);
    assertThat(result.recurrences()).isEqualTo(28);

    List<String[]> expected = csv("cohort-a.r1_intervals.csv");
    String[] h = expected.get(0);
    Map<String, String> pseudonyms = new HashMap<>();
    List<Object[]> want = new ArrayList<>();
    for (String[] e : expected.subList(1, expected.size())) {
      String id =
          pseudonyms.computeIfAbsent(
              e[index(h, "pid")], raw -> pseudonymiser.pseudonymise(raw).id());
      want.add(
          new Object[] {
            id,
            Long.parseLong(e[index(h, "start")]),
            Long.parseLong(e[index(h, "stop")]),
            Long.parseLong(e[index(h, "event")]),
            e[index(h, "maintenance")],
            e[index(h, "acwr")]
          });
    }
    List<Object[]> got = new ArrayList<>();
    for (Row r : intervals) {
      got.add(
          new Object[] {
            r.getString(r.fieldIndex("participant_id")),
            r.getLong(r.fieldIndex("start")),
            r.getLong(r.fieldIndex("stop")),
            r.getLong(r.fieldIndex("event")),
            r.getDouble(r.fieldIndex("maintenance")),
            r.getDouble(r.fieldIndex("acwr"))
          });
    }
    Comparator<Object[]> order =
        Comparator.<Object[], String>comparing(x -> (String) x[0])
            .thenComparing(x -> (Long) x[1])
            .thenComparing(x -> (Long) x[2]);
    want.sort(order);
    got.sort(order);
    assertThat(got).hasSameSizeAs(want);
    for (int i = 0; i < want.size(); i++) {
      Object[] w = want.get(i);
      Object[] g = got.get(i);
      String what = w[0] + " (" + w[1] + ", " + w[2] + "]";
      assertThat(new Object[] {g[0], g[1], g[2], g[3]})
          .as(what)
          .containsExactly(w[0], w[1], w[2], w[3]);
      assertClose((Double) g[4], (String) w[4], "maintenance of " + what);
      assertClose((Double) g[5], (String) w[5], "acwr of " + what);
    }
  }

  // What `itbs analyse` writes from this lake, against R row for row (the whole path).

  @Test
  void effectsCsvMatchesRRowForRowIncludingRecurrence() throws Exception {
    RComparison.assertEffectsMatch(
        resource("cohort-a.v1-released-bmi.effects.csv"),
        Files.newInputStream(out.resolve("effects.csv")));
  }

  @Test
  void analysisSetCsvMatchesRsDerivedVariablesPerRunner() throws Exception {
    RComparison.assertAnalysisSetMatches(
        resource("cohort-a.v1-released-bmi.analysis_set.csv"),
        Files.newInputStream(out.resolve("analysis_set.csv")),
        pseudonymiser);
  }

  @Test
  void summaryStatesConcordanceAucRatePlanAndLakeVersion() throws Exception {
    JsonNode want = new ObjectMapper().readTree(resource("cohort-a.v1-released-bmi.summary.json"));
    JsonNode got = new ObjectMapper().readTree(out.resolve("model_summary.json").toFile());
    RComparison.close(
        "C", got.path("p1_concordance").asDouble(), want.path("p1_concordance").asDouble(), 1e-6);
    RComparison.close("AUC", got.path("p2_auc").asDouble(), want.path("p2_auc").asDouble(), 1e-6);
    JsonNode rate = got.path("p3_rate_per_1000h").path("overall");
    RComparison.close(
        "rate",
        rate.path("rate").asDouble(),
        want.path("p3_rate_per_1000h").get(0).asDouble(),
        1e-9);
    RComparison.close(
        "rate lower",
        rate.path("ci_lower").asDouble(),
        want.path("p3_rate_per_1000h").get(1).asDouble(),
        1e-9);
    RComparison.close(
        "rate upper",
        rate.path("ci_upper").asDouble(),
        want.path("p3_rate_per_1000h").get(2).asDouble(),
        1e-9);
    assertThat(got.path("r1_intervals").asInt()).isEqualTo(want.path("r1_intervals").asInt());
    assertThat(got.path("plan").asText()).isEqualTo("analysis-plan v1");
    assertThat(got.path("lake_version").asLong()).isEqualTo(1);
    assertThat(got.path("sites").get(0).asText()).isEqualTo("CLINA");
  }

  @Test
  void reportShowsRsRatiosAndCisForEveryEffect() throws Exception {
    Path page = Report.write(out, tmp.resolve("report"));
    String html = Files.readString(page, StandardCharsets.UTF_8);
    List<String> lines =
        Files.readAllLines(
            Path.of(
                CohortAReferenceTest.class
                    .getResource("/reference/cohort-a.v1-released-bmi.effects.csv")
                    .toURI()));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.replace("\"", "").split(",");
      String cell =
          EffectsTable.ratioCi(
              Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]));
      int table = html.indexOf("data-table=\"effects_" + f[0].toLowerCase(Locale.ROOT) + "\"");
      int row = html.indexOf("<td>" + f[1] + "</td>", table);
      assertThat(table).as("%s table", f[0]).isPositive();
      assertThat(html.substring(row, html.indexOf("</tr>", row)))
          .as("%s %s", f[0], f[1])
          .contains(cell);
    }
  }
}
