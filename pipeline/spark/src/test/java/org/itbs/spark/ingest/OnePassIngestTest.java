package org.itbs.spark.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.itbs.spark.TestSubmission.P1;
import static org.itbs.spark.TestSubmission.P2;
import static org.itbs.spark.TestSubmission.P3;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.itbs.core.dictionary.Dictionary;
import org.itbs.core.dictionary.TableSpec;
import org.itbs.core.lake.FileCounts;
import org.itbs.core.lake.SubmissionRecord;
import org.itbs.spark.LakeReads;
import org.itbs.spark.SparkTestSession;
import org.itbs.spark.TestSubmission;
import org.itbs.spark.lake.QuarantineExport;
import org.itbs.spark.parquet.SparkSchemas;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-pass ingest with every record in a split (and so a task) of its own: duplicate keys found
 * across tasks, line numbers kept across splits, the part files written by the tasks read back with
 * the lake's schemas.
 */
class OnePassIngestTest {
  private static SparkSession spark;

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    spark = SparkTestSession.start();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** Ingests with one record per split. */
  private SubmissionRecord ingest(TestSubmission s, Path lake) {
    new IngestJob(
            spark, Dictionary.submission(), new PrintStream(OutputStream.nullOutputStream()), 1)
        .ingest(s.writeTo(tmp.resolve("sub")), lake);
    return LakeReads.state(lake).currentSubmissions().get(0);
  }

  private static Dataset<Row> curated(Path lake, SubmissionRecord r, String table) {
    return LakeReads.curated(spark, lake, table, r.site());
  }

  private static Dataset<Row> quarantine(Path lake, SubmissionRecord r, String table) {
    return LakeReads.quarantine(spark, lake, table, r.site());
  }

  private static Map<Long, List<String>> rulesByLine(Dataset<Row> quarantine) {
    return quarantine.collectAsList().stream()
        .collect(
            Collectors.toMap(
                r -> r.getLong(r.fieldIndex("source_line")),
                r ->
                    r.<Row>getList(r.fieldIndex("findings")).stream()
                        .map(f -> f.getString(2))
                        .toList()));
  }

  private static List<Long> lines(Dataset<Row> d) {
    return d.collectAsList().stream().map(r -> r.getLong(r.fieldIndex("source_line"))).toList();
  }

  @Test
  void refusesEveryRowOfAKeyThatValidRowsInDifferentTasksShareWithItsParsedValuesAsText() {
    TestSubmission s = TestSubmission.valid();
    s.put(
        "training_weeks.csv",
        "participant_id,week_start,distance_km,duration_h,maintenance_sessions\n"
            + P1
            + ",2024-03-04,30.5,2.9,2\n" // 2: duplicate of 5
            + P1
            + ",2024-03-11,32.0,3.0,1\n"
            + P2
            + ",2024-03-11,45.0,3.8,0\n"
            + P1
            + ",2024-03-04,31,2.9,2\n" // 5: duplicate of 2
            + P1
            + ",2024-03-04,abc,2.9,2\n" // 6: same key, but refused already: not counted
            + P3
            + ",2024-04-01,20.0,2.1,3\n");
    s.put(
        "assessments.csv",
        "participant_id,assessment_date,side,hip_abduction_torque_nm_kg,hip_external_rotation_torque_nm_kg,dorsiflexion_lunge_cm\n"
            + P1
            + ",2024-03-04,L,1.41,0.45,11.5\n"
            + P2
            + ",2024-03-11,left,1.62,0.50,10.0\n" // 3: the same side as line 4 once canonical
            + P2
            + ",2024-03-11,L,1.60,,10.4\n");
    Path lake = tmp.resolve("lake");

    SubmissionRecord r = ingest(s, lake);

    FileCounts weeks = r.files().get("training_weeks.csv");
    assertThat(weeks.read()).isEqualTo(6);
    assertThat(weeks.accepted()).isEqualTo(3);
    assertThat(weeks.quarantined()).isEqualTo(3);
    assertThat(weeks.quarantinedByRule()).isEqualTo(Map.of("duplicate_key", 2L, "type", 1L));
    assertThat(lines(curated(lake, r, "training_weeks"))).containsExactlyInAnyOrder(3L, 4L, 7L);
    Dataset<Row> q = quarantine(lake, r, "training_weeks");
    assertThat(rulesByLine(q))
        .isEqualTo(
            Map.of(
                2L, List.of("duplicate_key"), 5L, List.of("duplicate_key"), 6L, List.of("type")));
    Row five = q.filter("source_line = 5").first();
    Row f = five.<Row>getList(five.fieldIndex("findings")).get(0);
    assertThat(f.getString(0)).isEqualTo("participant_id+week_start");
    assertThat(f.getString(1)).isEqualTo(P1 + "|2024-03-04");
    assertThat(f.getString(3))
        .isEqualTo(
            "key (participant_id+week_start) = "
                + P1
                + "|2024-03-04 occurs 2 times in training_weeks.csv");
    assertThat(five.getString(five.fieldIndex("distance_km"))).isEqualTo("31.0");
    assertThat(five.getString(five.fieldIndex("source_file"))).isEqualTo("training_weeks.csv");

    Dataset<Row> qa = quarantine(lake, r, "assessments");
    assertThat(rulesByLine(qa))
        .isEqualTo(Map.of(3L, List.of("duplicate_key"), 4L, List.of("duplicate_key")));
    Row three = qa.filter("source_line = 3").first();
    assertThat(three.getString(three.fieldIndex("side"))).isEqualTo("L");
    assertThat(three.isNullAt(three.fieldIndex("hip_external_rotation_torque_nm_kg"))).isFalse();
    Row four = qa.filter("source_line = 4").first();
    assertThat(four.isNullAt(four.fieldIndex("hip_external_rotation_torque_nm_kg"))).isTrue();
    assertThat(r.files().get("assessments.csv").accepted()).isEqualTo(1);
  }

  @Test
  void refusesEveryRowOfADuplicatedParticipantAndTheRowsThatReferToIt() {
    TestSubmission s = TestSubmission.valid();
    s.put(
        "participants.csv",
        "participant_id,sex,age_years,enrolment_date,followup_end_date,bmi,running_years,prior_itbs\n"
            + P1
            + ",F,34,2024-03-04,2025-03-03,21.2,5,0\n"
            + P2
            + ",M,41,2024-03-11,2025-06-30,23.3,,1\n"
            + P3
            + ",F,29,2024-04-01,2025-04-01,21,2,0\n"
            + P1
            + ",F,35,2024-03-04,2025-03-03,21.3,5,0\n"); // 5: P1 again
    Path lake = tmp.resolve("lake");

    SubmissionRecord r = ingest(s, lake);

    assertThat(rulesByLine(quarantine(lake, r, "participants")))
        .isEqualTo(Map.of(2L, List.of("duplicate_key"), 5L, List.of("duplicate_key")));
    assertThat(rulesByLine(quarantine(lake, r, "training_weeks")))
        .isEqualTo(Map.of(2L, List.of("participant_refused"), 3L, List.of("participant_refused")));
    assertThat(r.files().get("assessments.csv").quarantinedByRule())
        .isEqualTo(Map.of("participant_refused", 2L));
    assertThat(r.files().get("participants.csv").accepted()).isEqualTo(2);
    assertThat(r.files().get("training_weeks.csv").accepted()).isEqualTo(2);
  }

  @Test
  void keepsLineNumbersAcrossSplitsWithQuotedLineBreaksAndBlankLines() {
    TestSubmission s = TestSubmission.valid();
    s.put(
        "training_weeks.csv",
        "participant_id,week_start,distance_km,duration_h,maintenance_sessions\n"
            + P1
            + ",2024-03-04,\"30\n.5\",2.9,2\n" // lines 2-3: a line break inside quotes
            + P1
            + ",2024-03-11,32.0,3.0,1\n" // 4
            + "\n" // 5: blank, not a record
            + P2
            + ",2024-03-11,45.0,3.8,99\n" // 6: out of range
            + P3
            + ",2024-04-01,20.0,2.1,3"); // 7: no final line break
    Path lake = tmp.resolve("lake");

    SubmissionRecord r = ingest(s, lake);

    assertThat(r.files().get("training_weeks.csv").read()).isEqualTo(4);
    assertThat(rulesByLine(quarantine(lake, r, "training_weeks")))
        .isEqualTo(Map.of(2L, List.of("type"), 6L, List.of("range")));
    assertThat(lines(curated(lake, r, "training_weeks"))).containsExactlyInAnyOrder(4L, 7L);
  }

  @Test
  void writesPartFilesThatSparkReadsWithTheLakeSchemasAndColumnDescriptions() {
    Path lake = tmp.resolve("lake");
    SubmissionRecord r = ingest(TestSubmission.valid(), lake);
    TableSpec t = Dictionary.submission().table("training_weeks");

    StructType cur = curated(lake, r, "training_weeks").schema();
    StructType qua = quarantine(lake, r, "training_weeks").schema();

    assertThat(shape(cur)).isEqualTo(shape(SparkSchemas.curated(t)));
    assertThat(shape(qua)).isEqualTo(shape(SparkSchemas.quarantine(t)));
    assertThat(cur.apply("distance_km").metadata().getString("comment"))
        .isEqualTo(t.column("distance_km").orElseThrow().description());
    assertThat(cur.apply("distance_km").metadata().getString("unit")).isEqualTo("km");
    assertThat(quarantine(lake, r, "training_weeks").count()).isZero();
  }

  /** Names and types of a schema, nullability aside. */
  private static List<String> shape(StructType s) {
    return java.util.Arrays.stream(s.fields())
        .map((StructField f) -> f.name() + ":" + f.dataType().simpleString())
        .toList();
  }

  @Test
  void leavesAReadableEmptyCuratedFolderWhenEveryRowOfATableIsRefused() {
    TestSubmission s = TestSubmission.valid();
    s.put(
        "injuries.csv",
        "participant_id,onset_date,side,diagnosis,return_to_run_date\n"
            + P1
            + ",2024-09-10,X,ITBS,2024-10-20\n"
            + "bbbbbbbbbbbbbbbbbbb9,2024-09-10,L,ITBS,\n");
    Path lake = tmp.resolve("lake");

    SubmissionRecord r = ingest(s, lake);

    Dataset<Row> cur = curated(lake, r, "injuries");
    assertThat(cur.count()).isZero();
    assertThat(cur.columns()).contains("onset_date", "source_line");
    assertThat(r.files().get("injuries.csv").quarantinedByRule())
        .isEqualTo(Map.of("allowed_values", 1L, "unknown_participant", 1L));
  }

  @Test
  void quarantineExportReadsTheFindingsTheTasksWrote() {
    TestSubmission s = TestSubmission.valid();
    s.put(
        "injuries.csv",
        "participant_id,onset_date,side,diagnosis,return_to_run_date\n"
            + P1
            + ",2024-09-10,X,ITBS,2024-10-20\n");
    Path lake = tmp.resolve("lake");
    SubmissionRecord r = ingest(s, lake);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    long n =
        new QuarantineExport(spark)
            .write(lake, null, "injuries", new PrintStream(bytes, true, StandardCharsets.UTF_8));

    assertThat(n).isEqualTo(1);
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("CLINA," + r.id() + ",injuries.csv,2,side,X,allowed_values,");
  }
}
