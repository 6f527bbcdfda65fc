package org.itbs.spark.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.itbs.spark.TestSubmission.P1;
import static org.itbs.spark.TestSubmission.P2;
import static org.itbs.spark.TestSubmission.P3;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.itbs.core.lake.FileCounts;
import org.itbs.core.lake.LakeState;
import org.itbs.core.lake.SubmissionRecord;
import org.itbs.core.submission.SubmissionRejectedException;
import org.itbs.spark.LakeReads;
import org.itbs.spark.SparkTestSession;
import org.itbs.spark.TestSubmission;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestJobTest {
  private static SparkSession spark;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private IngestJob job;

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    spark = SparkTestSession.start();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private IngestJob job() {
    if (job == null) {
      job = new IngestJob(spark, new PrintStream(printed, true, StandardCharsets.UTF_8));
    }
    return job;
  }

  private Dataset<Row> curated(Path lake, String table) {
    SubmissionRecord r = LakeReads.state(lake).currentSubmissions().get(0);
    return LakeReads.curated(spark, lake, table, r.site());
  }

  private Dataset<Row> quarantine(Path lake, String table) {
    SubmissionRecord r = LakeReads.state(lake).currentSubmissions().get(0);
    return LakeReads.quarantine(spark, lake, table, r.site());
  }

  /** rule ids of the quarantined rows of a table, by source line. */
  private Map<Long, List<String>> rulesByLine(Path lake, String table) {
    return quarantine(lake, table).collectAsList().stream()
        .collect(
            Collectors.toMap(
                r -> r.getLong(r.fieldIndex("source_line")),
                r ->
                    r.<Row>getList(r.fieldIndex("findings")).stream()
                        .map(f -> f.getString(2))
                        .toList()));
  }

  @Test
  void landsEveryRowOfAValidSubmissionInCuratedWithTypedValues() {
    Path sub = TestSubmission.valid().writeTo(tmp.resolve("sub"));
    Path lake = tmp.resolve("lake");

    assertThat(job().ingest(sub, lake)).isEqualTo(IngestJob.Outcome.COMMITTED);

    LakeState s = LakeReads.state(lake);
    assertThat(s.version()).isEqualTo(1);
    SubmissionRecord r = s.currentSubmissions().get(0);
    assertThat(r.files().values()).allMatch(FileCounts::conserved);
    assertThat(r.files().get("training_weeks.csv").accepted()).isEqualTo(4);
    assertThat(r.files().get("participants.csv").accepted()).isEqualTo(3);
    Row p2 = curated(lake, "participants").filter("participant_id = '" + P2 + "'").first();
    assertThat(p2.getLocalDate(p2.fieldIndex("enrolment_date")))
        .isEqualTo(LocalDate.of(2024, 3, 11));
    assertThat(p2.getLong(p2.fieldIndex("age_years"))).isEqualTo(41L);
    assertThat(p2.isNullAt(p2.fieldIndex("running_years"))).isTrue();
    assertThat(p2.getLong(p2.fieldIndex("source_line"))).isEqualTo(3L);
    List<String> sides =
        curated(lake, "assessments")
            .orderBy("source_line")
            .select("side")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();
    assertThat(sides).containsExactly("L", "R", "L", "R");
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("training_weeks.csv", "committed as lake version 1");
  }

  @Test
  void quarantinesEachRowLevelFaultWithFileLineColumnValueAndRule() {
    TestSubmission s = TestSubmission.valid();
    s.put(
        "participants.csv",
        "participant_id,sex,age_years,enrolment_date,followup_end_date,bmi,running_years,prior_itbs\n"
            + P1
            + ",F,34,2024-03-04,2025-03-03,21.2,5,0\n"
            + P2
            + ",M,41,2024-03-11,2025-06-30,233.0,,1\n" // line 3: bmi out of range
            + P3
            + ",F,29,2024-04-01,2024-03-01,21,2,0\n"); // line 4: follow-up before
    // enrolment
    s.put(
        "training_weeks.csv",
        "participant_id,week_start,distance_km,duration_h,maintenance_sessions\n"
            + P1
            + ",2024-03-04,30.5,2.9,2\n" // 2: duplicate of 3
            + P1
            + ",2024-03-04,31.0,2.9,2\n" // 3: duplicate of 2
            + P1
            + ",2024-03-12,32.0,3.0,1\n" // 4: a Tuesday
            + P1
            + ",2024-03-18,abc,3.0,1\n" // 5: unparsable
            + P1
            + ",2024-03-25,30,,1\n" // 6: missing required
            + P1
            + ",2024-01-01,30,3,1\n" // 7: before its window
            + "bbbbbbbbbbbbbbbbbbb9,2024-03-04,30,3,1\n" // 8: unknown participant
            + P2
            + ",2024-03-11,45.0,3.8,0\n" // 9: participant refused
            + P1
            + ",2024-04-01,30,3,1,extra\n" // 10: field count
            + P1
            + ",2024-04-08,30,3,15\n"); // 11: out of range
    s.put(
        "injuries.csv",
        "participant_id,onset_date,side,diagnosis,return_to_run_date\n"
            + P1
            + ",2024-09-10,X,ITBS,2024-10-20\n" // 2: bad side
            + P1
            + ",2024-09-10,L,ITBS,2024-09-10\n"); // 3: return not after onset
    Path lake = tmp.resolve("lake");

    job().ingest(s.writeTo(tmp.resolve("sub")), lake);

    assertThat(rulesByLine(lake, "participants"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(3L, List.of("range"), 4L, List.of("date_window")));
    assertThat(rulesByLine(lake, "training_weeks"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                2L, List.of("duplicate_key"),
                3L, List.of("duplicate_key"),
                4L, List.of("weekday"),
                5L, List.of("type"),
                6L, List.of("required"),
                7L, List.of("date_window"),
                8L, List.of("unknown_participant"),
                9L, List.of("participant_refused"),
                10L, List.of("field_count"),
                11L, List.of("range")));
    assertThat(rulesByLine(lake, "injuries"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(2L, List.of("allowed_values"), 3L, List.of("date_window")));
    Row weekday = quarantine(lake, "training_weeks").filter("source_line = 4").first();
    Row f = weekday.<Row>getList(weekday.fieldIndex("findings")).get(0);
    assertThat(weekday.getString(weekday.fieldIndex("source_file")))
        .isEqualTo("training_weeks.csv");
    assertThat(f.getString(0)).isEqualTo("week_start");
    assertThat(f.getString(1)).isEqualTo("2024-03-12");
    assertThat(f.getString(3)).contains("tuesday", "monday");
    Row unparsable = quarantine(lake, "training_weeks").filter("source_line = 5").first();
    assertThat(unparsable.getString(unparsable.fieldIndex("distance_km"))).isEqualTo("abc");
    SubmissionRecord r = LakeReads.state(lake).currentSubmissions().get(0);
    FileCounts weeks = r.files().get("training_weeks.csv");
    assertThat(weeks.read()).isEqualTo(10);
    assertThat(weeks.accepted()).isZero();
    assertThat(weeks.quarantined()).isEqualTo(10);
    assertThat(weeks.quarantinedByRule()).containsEntry("duplicate_key", 2L);
    assertThat(r.files().get("assessments.csv").quarantinedByRule())
        .containsEntry("participant_refused", 2L);
  }

  @Test
  void refusesSubmissionThatStillCarriesEmailColumnAndLeavesLakeByteForByteUnchanged() {
    Path lake = tmp.resolve("lake");
    job().ingest(TestSubmission.valid().writeTo(tmp.resolve("first")), lake);
    Map<String, String> before = TestSubmission.treeHashes(lake);
    TestSubmission s = TestSubmission.valid().created("2026-02-01T00:00:00Z");
    s.put(
        "participants.csv",
        "participant_id,sex,age_years,enrolment_date,followup_end_date,bmi,running_years,prior_itbs,Email\n"
            + P1
            + ",F,34,2024-03-04,2025-03-03,21.2,5,0,a@b.org\n");

    assertThatThrownBy(() -> job().ingest(s.writeTo(tmp.resolve("second")), lake))
        .isInstanceOf(SubmissionRejectedException.class)
        .hasMessageContaining("participants.csv")
        .hasMessageContaining("'Email' is a direct identifier");
    assertThat(TestSubmission.treeHashes(lake)).isEqualTo(before);
  }

  @Test
  void refusesWholeSubmissionForChecksumMismatchNonUtf8MissingFileAndMissingColumn()
      throws Exception {
    Path lake = tmp.resolve("lake");
    Path tampered = TestSubmission.valid().writeTo(tmp.resolve("tampered"));
    Files.writeString(
        tampered.resolve("injuries.csv"),
        "participant_id,onset_date,side,diagnosis,return_to_run_date\n");
    Path latin1 =
        TestSubmission.valid()
            .putBytes(
                "injuries.csv",
                ("participant_id,onset_date,side,diagnosis,return_to_run_date\n"
                        + P1
                        + ",2024-09-10,L,ITBS,\nJos\u00e9\n")
                    .getBytes(StandardCharsets.ISO_8859_1))
            .writeTo(tmp.resolve("latin1"));
    Path missingFile =
        TestSubmission.valid().remove("training_weeks.csv").writeTo(tmp.resolve("nofile"));
    Path missingColumn =
        TestSubmission.valid()
            .put("injuries.csv", "participant_id,onset_date,side,return_to_run_date\n")
            .writeTo(tmp.resolve("nocol"));

    assertThatThrownBy(() -> job().ingest(tampered, lake))
        .isInstanceOf(SubmissionRejectedException.class)
        .hasMessageContaining("injuries.csv: SHA-256");
    assertThatThrownBy(() -> job().ingest(latin1, lake))
        .isInstanceOf(SubmissionRejectedException.class)
        .hasMessageContaining("injuries.csv: is not UTF-8")
        .hasMessageContaining("line 3");
    assertThatThrownBy(() -> job().ingest(missingFile, lake))
        .isInstanceOf(SubmissionRejectedException.class)
        .hasMessageContaining("training_weeks.csv: required file is missing");
    assertThatThrownBy(() -> job().ingest(missingColumn, lake))
        .isInstanceOf(SubmissionRejectedException.class)
        .hasMessageContaining("required column 'diagnosis' is missing");
    assertThat(lake).doesNotExist();
  }

  @Test
  void readsZipsWithFilesAtTheRootOrInOneFolderLikeTheFolder() {
    Path lake = tmp.resolve("lake");
    job()
        .ingest(
            TestSubmission.valid().writeZip(tmp.resolve("a.zip"), tmp.resolve("a"), null), lake);
    SubmissionRecord fromRoot = LakeReads.state(lake).currentSubmissions().get(0);
    job()
        .ingest(
            TestSubmission.valid()
                .created("2026-03-01T00:00:00Z")
                .writeZip(tmp.resolve("b.zip"), tmp.resolve("b"), "cohort"),
            lake);
    SubmissionRecord fromFolder = LakeReads.state(lake).currentSubmissions().get(0);

    assertThat(fromFolder.id()).isNotEqualTo(fromRoot.id());
    assertThat(fromFolder.files()).isEqualTo(fromRoot.files());
    assertThat(fromFolder.accepted()).isEqualTo(13);
  }

  @Test
  void acceptsByteOrderMarkCrlfLineEndsQuotedFieldsAndAnEmptyInjuriesFile() {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] body =
        ("participant_id,week_start,distance_km,duration_h,maintenance_sessions\r\n"
                + P1
                + ",2024-03-04,\"30.5\",2.9,2\r\n"
                + "\r\n"
                + P1
                + ",2024-03-11,32.0,3.0,99\r\n")
            .getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[bom.length + body.length];
    System.arraycopy(bom, 0, all, 0, 3);
    System.arraycopy(body, 0, all, 3, body.length);
    TestSubmission s =
        TestSubmission.valid()
            .putBytes("training_weeks.csv", all)
            .put("injuries.csv", "participant_id,onset_date,side,diagnosis,return_to_run_date\n");
    Path lake = tmp.resolve("lake");

    job().ingest(s.writeTo(tmp.resolve("sub")), lake);

    SubmissionRecord r = LakeReads.state(lake).currentSubmissions().get(0);
    assertThat(r.files().get("injuries.csv").read()).isZero();
    assertThat(r.files().get("training_weeks.csv").accepted()).isEqualTo(1);
    assertThat(rulesByLine(lake, "training_weeks"))
        .containsExactly(Map.entry(4L, List.of("range")));
  }

  @Test
  void laterSubmissionOfASiteSupersedesTheEarlierAndTheSameOneTwiceChangesNothing() {
    Path lake = tmp.resolve("lake");
    Path first = TestSubmission.valid().writeTo(tmp.resolve("first"));
    Path second =
        TestSubmission.valid().created("2026-06-01T00:00:00Z").writeTo(tmp.resolve("second"));
    job().ingest(first, lake);
    job().ingest(second, lake);
    Map<String, String> before = TestSubmission.treeHashes(lake);

    assertThat(job().ingest(second, lake)).isEqualTo(IngestJob.Outcome.ALREADY_INGESTED);
    assertThat(job().ingest(first, lake)).isEqualTo(IngestJob.Outcome.ALREADY_INGESTED);

    assertThat(TestSubmission.treeHashes(lake)).isEqualTo(before);
    LakeState s = LakeReads.state(lake);
    assertThat(s.version()).isEqualTo(2);
    assertThat(s.submissions()).hasSize(2);
    String firstId = s.submissions().get(0).id();
    assertThat(s.isCurrent(firstId)).isFalse();
    assertThat(s.isCurrent(s.submissions().get(1).id())).isTrue();
    // The superseded submission's files stay in the table (earlier versions read them).
    assertThat(lake.resolve("warehouse/curated/participants/data/site=CLINA").resolve(firstId))
        .isDirectory();
  }

  @Test
  void refusesASubmissionMadeWithAnotherKeyThenAcceptsItWithRekeyAndAuditsIt() throws Exception {
    Path lake = tmp.resolve("lake");
    Path first =
        TestSubmission.valid().keyFingerprint("1111111111111111").writeTo(tmp.resolve("first"));
    Path second =
        TestSubmission.valid()
            .created("2026-06-01T00:00:00Z")
            .keyFingerprint("2222222222222222")
            .writeTo(tmp.resolve("second"));
    job().ingest(first, lake);
    assertThat(LakeReads.state(lake).keyFingerprint("CLINA")).contains("1111111111111111");
    Map<String, String> before = TestSubmission.treeHashes(lake);

    assertThatThrownBy(() -> job().ingest(second, lake))
        .isInstanceOf(SubmissionRejectedException.class)
        .hasMessageContaining("site CLINA is bound to key fingerprint 1111111111111111")
        .hasMessageContaining("made with key fingerprint 2222222222222222")
        .hasMessageContaining("--rekey CLINA");
    assertThat(TestSubmission.treeHashes(lake)).isEqualTo(before);
    // --rekey of another site does not let it in
    assertThatThrownBy(() -> job().ingest(second, lake, java.util.Set.of("CLINB")))
        .isInstanceOf(SubmissionRejectedException.class);

    assertThat(job().ingest(second, lake, java.util.Set.of("CLINA")))
        .isEqualTo(IngestJob.Outcome.COMMITTED);
    LakeState s = LakeReads.state(lake);
    SubmissionRecord r = s.currentSubmissions().get(0);
    assertThat(r.keyFingerprint()).isEqualTo("2222222222222222");
    assertThat(r.rekeyedFrom()).isEqualTo("1111111111111111");
    assertThat(s.keyFingerprint("CLINA")).contains("2222222222222222");
    // The audit records live in the catalog (itbs_submissions).
    assertThat(s.submissions().get(0).keyFingerprint()).isEqualTo("1111111111111111");
    assertThat(s.submissions().get(0).rekeyedFrom()).isNull();
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("site CLINA rekeyed: key fingerprint 2222222222222222 replaces 1111111111111111");
  }
}
