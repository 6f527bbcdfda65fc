package org.itbs.spark.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.itbs.spark.TestSubmission.P1;
import static org.itbs.spark.TestSubmission.P2;
import static org.itbs.spark.TestSubmission.P3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.itbs.core.dictionary.AnalysisDictionary;
import org.itbs.core.lake.Lake;
import org.itbs.core.lake.SubmissionRecord;
import org.itbs.lake.IcebergLake;
import org.itbs.lake.LakeTables;
import org.itbs.spark.JobPaths;
import org.itbs.spark.LakeReads;
import org.itbs.spark.SparkTestSession;
import org.itbs.spark.TestSubmission;
import org.itbs.spark.ingest.IngestJob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where and how the features job writes, which submissions it reads, and what it refuses. */
class FeaturesOutputTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static SparkSession spark;
  private final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    spark = SparkTestSession.start();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private Path ingest(Path lake, TestSubmission... subs) {
    IngestJob job = new IngestJob(spark, quiet);
    int i = 0;
    for (TestSubmission s : subs) {
      job.ingest(s.writeTo(tmp.resolve("sub" + i++)), lake);
    }
    return lake;
  }

  private static List<Row> rows(String[] files, String... order) {
    return spark
        .read()
        .parquet(files)
        .orderBy(order[0], Stream.of(order).skip(1).toArray(String[]::new))
        .collectAsList();
  }

  private static IcebergLake open(Path lake) {
    return IcebergLake.open(lake, null, new Configuration());
  }

  /** The snapshot id each analysis table is at now (its current snapshot), by table name. */
  private static Map<String, Long> current(Path lake) {
    Map<String, Long> out = new TreeMap<>();
    try (IcebergLake l = open(lake)) {
      for (TableIdentifier id : l.analysisTableIds()) {
        Table t = l.table(id);
        out.put(
            LakeTables.name(id),
            t.currentSnapshot() == null ? null : t.currentSnapshot().snapshotId());
      }
    }
    return out;
  }

  private static void assertNoAnalysisFolder(Path lake) throws Exception {
    assertThat(lake.resolve(Lake.ANALYSIS)).doesNotExist();
    Path staging = Lake.at(lake).staging();
    if (Files.exists(staging)) {
      assertThat(staging).isEmptyDirectory();
    }
  }

  @Test
  void commitsBothTablesOneFilePerSiteAndRecordsTheManifestInTheCatalog() throws Exception {
    Path lake = ingest(tmp.resolve("lake"), TestSubmission.valid());
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    FeaturesJob.Result r =
        new FeaturesJob(spark, new PrintStream(printed, true, StandardCharsets.UTF_8)).run(lake);

    assertThat(r.lakeVersion()).isEqualTo(1);
    assertThat(r.runners()).isEqualTo(3);
    assertThat(AnalysisTables.files(lake, r, AnalysisDictionary.runners())).hasSize(1);
    JsonNode m = JSON.readTree(r.analysis().manifest());
    SubmissionRecord sub = LakeReads.state(lake).currentSubmissions().get(0);
    assertThat(m.get("plan").asText()).isEqualTo("analysis-plan v1");
    assertThat(m.get("lake_version").asLong()).isEqualTo(1);
    assertThat(m.get("submissions").get(0).get("id").asText()).isEqualTo(sub.id());
    assertThat(m.get("submissions").get(0).get("site").asText()).isEqualTo("CLINA");
    assertThat(m.get("tables").get("runners").get("rows").asLong()).isEqualTo(3);
    assertThat(m.get("tables").get("recurrence_intervals").get("rows").asLong()).isZero();
    assertThat(m.get("analysis_snapshots").get("analysis.runners").asLong())
        .isEqualTo(r.analysis().snapshots().get("analysis.runners"));
    try (IcebergLake l = open(lake)) {
      assertThat(l.analysis(1)).contains(r.analysis());
    }
    // The newest lake version's analysis is the tables' current state, for outside readers.
    assertThat(current(lake)).isEqualTo(r.analysis().snapshots());
    assertNoAnalysisFolder(lake);
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains(
            "lake version 1",
            "3 runners, 1 with an ITBS onset",
            "analysis.runners snapshot " + r.analysis().snapshots().get("analysis.runners"));
    // The fixture has no gait frames: no runner has peaks, the rest is there.
    Row p1 =
        rows(AnalysisTables.files(lake, r, AnalysisDictionary.runners()), "participant_id").get(0);
    assertThat(p1.getString(p1.fieldIndex("participant_id"))).isEqualTo(P1);
    assertThat(p1.isNullAt(p1.fieldIndex("peak_hip_add"))).isTrue();
    assertThat(p1.getDouble(p1.fieldIndex("hip_abd"))).isEqualTo((1.41 + 1.45) / 2);
    assertThat(p1.getLong(p1.fieldIndex("event"))).isEqualTo(1);
  }

  @Test
  void readsOnlyTheCurrentSubmissionOfEverySiteAndKeysRunnersBySite() {
    TestSubmission first = TestSubmission.valid();
    TestSubmission second = TestSubmission.valid().created("2026-02-01T00:00:00Z");
    second.put(
        "participants.csv",
        "participant_id,sex,age_years,enrolment_date,followup_end_date,bmi,running_years,prior_itbs\n"
            + P1
            + ",F,34,2024-03-04,2025-03-03,23.5,5,0\n"
            + P2
            + ",M,41,2024-03-11,2025-06-30,23.3,,1\n");
    second.put(
        "training_weeks.csv",
        "participant_id,week_start,distance_km,duration_h,maintenance_sessions\n"
            + P1
            + ",2024-03-04,30.5,2.9,2\n");
    TestSubmission otherSite = TestSubmission.valid().site("CLINB");
    Path lake = ingest(tmp.resolve("lake"), first, second, otherSite);

    FeaturesJob.Result r = new FeaturesJob(spark, quiet).run(lake);

    assertThat(r.lakeVersion()).isEqualTo(3);
    // Iceberg's reader gives the rows in the order written: by site, then participant.
    assertThat(AnalysisTables.rows(lake, r, AnalysisDictionary.runners()))
        .extracting(x -> x.getField("site") + "/" + x.getField("participant_id"))
        .containsExactly("CLINA/" + P1, "CLINA/" + P2, "CLINB/" + P1, "CLINB/" + P2, "CLINB/" + P3);
    assertThat(AnalysisTables.files(lake, r, AnalysisDictionary.runners())).hasSize(2);
    List<Row> rows =
        rows(AnalysisTables.files(lake, r, AnalysisDictionary.runners()), "site", "participant_id");
    Row clinaP1 = rows.get(0);
    assertThat(clinaP1.getDouble(clinaP1.fieldIndex("bmi"))).isEqualTo(23.5);
    assertThat(clinaP1.getDouble(clinaP1.fieldIndex("exposure_h"))).isEqualTo(2.9);
    Row clinbP1 = rows.get(2);
    assertThat(clinbP1.getDouble(clinbP1.fieldIndex("exposure_h"))).isEqualTo(5.9);
  }

  @Test
  void runningAgainOnTheSameLakeVersionReplacesItsAnalysisWithTheSameRows() throws Exception {
    Path lake = ingest(tmp.resolve("lake"), TestSubmission.valid());
    FeaturesJob job = new FeaturesJob(spark, quiet);
    FeaturesJob.Result first = job.run(lake);
    List<Record> before = AnalysisTables.rows(lake, first, AnalysisDictionary.runners());

    FeaturesJob.Result second = job.run(lake);

    assertThat(second.analysis().snapshots()).isNotEqualTo(first.analysis().snapshots());
    assertThat(AnalysisTables.rows(lake, second, AnalysisDictionary.runners()))
        .containsExactlyElementsOf(before);
    try (IcebergLake l = open(lake)) {
      assertThat(l.analysedVersions()).containsExactly(1L);
      assertThat(l.analysis(1)).contains(second.analysis());
      // The replaced snapshots are expired with their files.
      for (TableIdentifier id : l.analysisTableIds()) {
        assertThat(l.table(id).snapshot(first.analysis().snapshot(id))).isNull();
      }
    }
    assertThat(current(lake)).isEqualTo(second.analysis().snapshots());
    assertNoAnalysisFolder(lake);
  }

  @Test
  void aRunThatFailsWhileReadingLeavesNoAnalysisBehind() throws Exception {
    Path lake = ingest(tmp.resolve("lake"), TestSubmission.valid());
    SubmissionRecord sub = LakeReads.state(lake).currentSubmissions().get(0);
    for (String f : LakeReads.files(lake, "training_weeks", sub.site(), true)) {
      Files.writeString(JobPaths.fromUri(f), "not parquet");
    }

    assertThatThrownBy(() -> new FeaturesJob(spark, quiet).run(lake)).isInstanceOf(Exception.class);

    try (IcebergLake l = open(lake)) {
      assertThat(l.analysedVersions()).isEmpty();
    }
    assertThat(current(lake).values()).containsOnlyNulls();
    assertNoAnalysisFolder(lake);
  }

  @Test
  void refusesAFolderThatIsNotALakeNamingIt() {
    Path notALake = tmp.resolve("empty");

    assertThatThrownBy(() -> new FeaturesJob(spark, quiet).run(notALake))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--lake " + notALake)
        .hasMessageContaining("is not a lake (no catalog.db)");
    assertThat(notALake).doesNotExist();
    assertThat(FeaturesMain.run(new String[] {"--lake", notALake.toString()})).isEqualTo(2);
    assertThat(FeaturesMain.run(new String[] {})).isEqualTo(2);
    assertThat(FeaturesMain.run(new String[] {"--lake"})).isEqualTo(2);
    assertThat(FeaturesMain.run(new String[] {"--lake", notALake.toString(), "extra"}))
        .isEqualTo(2);
  }

  @Test
  void conformRefusesAColumnTheSchemaDoesNotNameOrLacksOrTypesOtherwise() {
    AnalysisSchema schema = AnalysisSchema.recurrenceIntervals();
    Dataset<Row> ok =
        spark.sql(
            "select 'CLINA' as site, 'p' as participant_id, 1 as start, 8L as stop, 0L as event,"
                + " 1.5d as maintenance, 1.2d as acwr");

    List<Record> conformed = schema.conform(ok.schema(), ok.collectAsList());

    assertThat(conformed).hasSize(1);
    assertThat(conformed.get(0).getField("start")).isEqualTo(1L);
    assertThat(conformed.get(0).struct().fields())
        .extracting(f -> f.name())
        .containsExactly("site", "participant_id", "start", "stop", "event", "maintenance", "acwr");
    Dataset<Row> extra = ok.withColumn("extra", ok.col("acwr"));
    assertThatThrownBy(() -> schema.conform(extra.schema(), extra.collectAsList()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("recurrence_intervals: the job computed columns [extra]")
        .hasMessageContaining("does not name");
    Dataset<Row> lacking = ok.drop("acwr");
    assertThatThrownBy(() -> schema.conform(lacking.schema(), lacking.collectAsList()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("computed no column acwr");
    Dataset<Row> text = ok.withColumn("acwr", ok.col("site"));
    assertThatThrownBy(() -> schema.conform(text.schema(), text.collectAsList()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("recurrence_intervals.acwr was computed as string")
        .hasMessageContaining("declares number (double)");
  }

  @Test
  void conformRefusesARowWhereAColumnThatIsNeverEmptyIsEmpty() {
    Dataset<Row> noStop =
        spark.sql(
            "select 'CLINA' as site, 'p' as participant_id, 1L as start, cast(null as bigint) as"
                + " stop, 0L as event, 1.5d as maintenance, 1.2d as acwr");

    assertThatThrownBy(
            () ->
                AnalysisSchema.recurrenceIntervals()
                    .conform(noStop.schema(), noStop.collectAsList()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("recurrence_intervals.stop has no value in a row");
  }

  @Test
  void asOfAnEarlierVersionGivesThatVersionsAnalysisSetByteForByteAndNamesItsSnapshots()
      throws Exception {
    Path lake = ingest(tmp.resolve("lake"), TestSubmission.valid());
    FeaturesJob job = new FeaturesJob(spark, quiet);
    FeaturesJob.Result whenLatest = job.run(lake);
    Map<String, List<Record>> v1 = rowsOf(lake, whenLatest);
    Map<String, List<String>> v1Bytes = fileHashes(lake, whenLatest);
    Path b = TestSubmission.valid().site("CLINB").writeTo(tmp.resolve("b"));
    new IngestJob(spark, quiet).ingest(b, lake);
    assertThat(LakeReads.state(lake).version()).isEqualTo(2);
    FeaturesJob.Result latest = job.run(lake);
    assertThat(latest.runners()).isEqualTo(6);
    assertThat(current(lake)).isEqualTo(latest.analysis().snapshots());

    FeaturesJob.Result asOf = job.run(lake, "1");

    assertThat(asOf.lakeVersion()).isEqualTo(1);
    assertThat(rowsOf(lake, asOf)).isEqualTo(v1);
    assertThat(fileHashes(lake, asOf)).isEqualTo(v1Bytes);
    // An --as-of run on an older version leaves the tables' current state on the newest one.
    assertThat(current(lake)).isEqualTo(latest.analysis().snapshots());
    assertThat(rowsOf(lake, latest).get("runners")).hasSize(6);
    JsonNode m = JSON.readTree(asOf.analysis().manifest());
    assertThat(m.get("lake_version").asLong()).isEqualTo(1);
    Map<String, Long> snaps = new TreeMap<>();
    m.get("lake_snapshots")
        .fields()
        .forEachRemaining(e -> snaps.put(e.getKey(), e.getValue().asLong()));
    try (IcebergLake c = open(lake)) {
      assertThat(snaps).isEqualTo(c.version(1).snapshots()).isNotEqualTo(c.version(2).snapshots());
      assertThat(c.analysedVersions()).containsExactly(1L, 2L);
    }
    // An ISO time before the first commit names no version.
    assertThatThrownBy(() -> job.run(lake, "2000-01-01T00:00:00Z"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no version committed at or before");
    assertThatThrownBy(() -> job.run(lake, "3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the lake has no version 3");
  }

  private static Map<String, List<Record>> rowsOf(Path lake, FeaturesJob.Result r) {
    Map<String, List<Record>> out = new TreeMap<>();
    for (AnalysisDictionary t : LakeTables.analysisTables()) {
      out.put(t.table(), AnalysisTables.rows(lake, r, t));
    }
    return out;
  }

  /**
   * The SHA-256 of every data file of the analysis tables at a run's snapshots, by table (their
   * names hold a random id; the bytes must not differ).
   */
  private static Map<String, List<String>> fileHashes(Path lake, FeaturesJob.Result r)
      throws Exception {
    Map<String, List<String>> out = new TreeMap<>();
    for (AnalysisDictionary t : LakeTables.analysisTables()) {
      List<String> h = new java.util.ArrayList<>();
      for (String f : AnalysisTables.files(lake, r, t)) {
        byte[] bytes = Files.readAllBytes(JobPaths.fromUri(f));
        h.add(
            java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes)));
      }
      out.put(t.table(), h);
    }
    return out;
  }
}
