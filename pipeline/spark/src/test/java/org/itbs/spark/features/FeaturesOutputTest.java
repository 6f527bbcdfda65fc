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
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.itbs.core.lake.AnalysisFolder;
import org.itbs.core.lake.Lake;
import org.itbs.core.lake.SubmissionRecord;
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

  private static List<Row> rows(Path table, String... order) {
    return spark
        .read()
        .parquet(table.toString())
        .orderBy(order[0], Stream.of(order).skip(1).toArray(String[]::new))
        .collectAsList();
  }

  private static void assertNoStagingLeftovers(Path lake) throws Exception {
    Path staging = Lake.at(lake).staging();
    if (Files.exists(staging)) {
      assertThat(staging).isEmptyDirectory();
    }
  }

  @Test
  void writesBothTablesAndAManifestIntoTheLakeVersionFolderAndPointsCurrentAtIt() throws Exception {
    Path lake = ingest(tmp.resolve("lake"), TestSubmission.valid());
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    FeaturesJob.Result r =
        new FeaturesJob(spark, new PrintStream(printed, true, StandardCharsets.UTF_8)).run(lake);

    AnalysisFolder v1 = Lake.at(lake).analysis(1);
    assertThat(r.folder()).isEqualTo(v1.path());
    assertThat(r.lakeVersion()).isEqualTo(1);
    assertThat(r.runners()).isEqualTo(3);
    assertThat(v1.runners()).isDirectory();
    assertThat(v1.recurrenceIntervals()).isDirectory();
    try (Stream<Path> files = Files.list(v1.runners())) {
      assertThat(files.filter(p -> p.toString().endsWith(".parquet"))).hasSize(1);
    }
    JsonNode m = JSON.readTree(Files.readAllBytes(v1.manifest()));
    SubmissionRecord sub = LakeReads.state(lake).currentSubmissions().get(0);
    assertThat(m.get("plan").asText()).isEqualTo("analysis-plan v1");
    assertThat(m.get("lake_version").asLong()).isEqualTo(1);
    assertThat(m.get("submissions").get(0).get("id").asText()).isEqualTo(sub.id());
    assertThat(m.get("submissions").get(0).get("site").asText()).isEqualTo("CLINA");
    assertThat(m.get("tables").get("runners").get("rows").asLong()).isEqualTo(3);
    assertThat(m.get("tables").get("recurrence_intervals").get("rows").asLong()).isZero();
    JsonNode current = JSON.readTree(Files.readAllBytes(Lake.at(lake).currentAnalysis()));
    assertThat(current.get("version").asLong()).isEqualTo(1);
    assertThat(current.get("folder").asText()).isEqualTo("v1");
    assertNoStagingLeftovers(lake);
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("lake version 1", "3 runners, 1 with an ITBS onset", "written to " + v1.path());
    // The fixture has no gait frames: no runner has peaks, the rest is there.
    Row p1 = rows(v1.runners(), "participant_id").get(0);
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
    List<Row> rows = rows(r.analysis().runners(), "site", "participant_id");
    assertThat(rows)
        .extracting(x -> x.getString(0) + "/" + x.getString(1))
        .containsExactly("CLINA/" + P1, "CLINA/" + P2, "CLINB/" + P1, "CLINB/" + P2, "CLINB/" + P3);
    Row clinaP1 = rows.get(0);
    assertThat(clinaP1.getDouble(clinaP1.fieldIndex("bmi"))).isEqualTo(23.5);
    assertThat(clinaP1.getDouble(clinaP1.fieldIndex("exposure_h"))).isEqualTo(2.9);
    Row clinbP1 = rows.get(2);
    assertThat(clinbP1.getDouble(clinbP1.fieldIndex("exposure_h"))).isEqualTo(5.9);
  }

  @Test
  void runningAgainOnTheSameLakeVersionRewritesTheSameRows() throws Exception {
    Path lake = ingest(tmp.resolve("lake"), TestSubmission.valid());
    FeaturesJob job = new FeaturesJob(spark, quiet);
    FeaturesJob.Result first = job.run(lake);
    List<Row> before = rows(first.analysis().runners(), "participant_id");

    FeaturesJob.Result second = job.run(lake);

    assertThat(second.folder()).isEqualTo(first.folder());
    assertThat(rows(second.analysis().runners(), "participant_id"))
        .containsExactlyElementsOf(before);
    try (Stream<Path> versions = Files.list(Lake.at(lake).analysisVersions())) {
      assertThat(versions)
          .containsExactlyInAnyOrder(
              Lake.at(lake).analysis(1).path(), Lake.at(lake).currentAnalysis());
    }
    assertNoStagingLeftovers(lake);
  }

  @Test
  void aRunThatFailsWhileWritingLeavesNoAnalysisVersionBehind() throws Exception {
    Path lake = ingest(tmp.resolve("lake"), TestSubmission.valid());
    SubmissionRecord sub = LakeReads.state(lake).currentSubmissions().get(0);
    for (String f : LakeReads.files(lake, "training_weeks", sub.site(), true)) {
      Files.writeString(JobPaths.fromUri(f), "not parquet");
    }

    assertThatThrownBy(() -> new FeaturesJob(spark, quiet).run(lake)).isInstanceOf(Exception.class);

    assertThat(Lake.at(lake).analysis(1).path()).doesNotExist();
    assertThat(Lake.at(lake).currentAnalysis()).doesNotExist();
    assertNoStagingLeftovers(lake);
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

    Dataset<Row> conformed = schema.conform(ok);

    assertThat(conformed.schema().apply("start").dataType()).isEqualTo(DataTypes.LongType);
    assertThat(conformed.columns())
        .containsExactly("site", "participant_id", "start", "stop", "event", "maintenance", "acwr");
    assertThatThrownBy(() -> schema.conform(ok.withColumn("extra", ok.col("acwr"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("recurrence_intervals: the job computed columns [extra]")
        .hasMessageContaining("does not name");
    assertThatThrownBy(() -> schema.conform(ok.drop("acwr")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("computed no column acwr");
    assertThatThrownBy(() -> schema.conform(ok.withColumn("acwr", ok.col("site"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("recurrence_intervals.acwr was computed as string")
        .hasMessageContaining("declares number (double)");
  }

  @Test
  void conformMakesTheQueryFailWhenAColumnThatIsNeverEmptyIsEmpty() {
    Dataset<Row> noStop =
        spark.sql(
            "select 'CLINA' as site, 'p' as participant_id, 1L as start, cast(null as bigint) as"
                + " stop, 0L as event, 1.5d as maintenance, 1.2d as acwr");

    Dataset<Row> conformed = AnalysisSchema.recurrenceIntervals().conform(noStop);

    assertThatThrownBy(conformed::collectAsList)
        .hasMessageContaining("recurrence_intervals.stop has no value in a row");
  }

  @Test
  void asOfAnEarlierVersionGivesThatVersionsAnalysisSetByteForByteAndNamesItsSnapshots()
      throws Exception {
    Path lake = ingest(tmp.resolve("lake"), TestSubmission.valid());
    FeaturesJob job = new FeaturesJob(spark, quiet);
    FeaturesJob.Result whenLatest = job.run(lake);
    Map<String, List<String>> v1 = parquetHashes(whenLatest.folder());
    Path copy = tmp.resolve("v1-when-latest");
    Files.move(whenLatest.folder(), copy);
    Path b = TestSubmission.valid().site("CLINB").writeTo(tmp.resolve("b"));
    new IngestJob(spark, quiet).ingest(b, lake);
    assertThat(LakeReads.state(lake).version()).isEqualTo(2);

    FeaturesJob.Result asOf = job.run(lake, "1");

    assertThat(asOf.lakeVersion()).isEqualTo(1);
    assertThat(asOf.folder()).isEqualTo(Lake.at(lake).analysis(1).path());
    assertThat(parquetHashes(asOf.folder())).isEqualTo(v1).isEqualTo(parquetHashes(copy));
    JsonNode m = JSON.readTree(Files.readAllBytes(asOf.analysis().manifest()));
    assertThat(m.get("lake_version").asLong()).isEqualTo(1);
    Map<String, Long> snaps = new java.util.TreeMap<>();
    m.get("lake_snapshots")
        .fields()
        .forEachRemaining(e -> snaps.put(e.getKey(), e.getValue().asLong()));
    try (org.itbs.lake.IcebergLake c =
        org.itbs.lake.IcebergLake.openLake(
            lake, null, new org.apache.hadoop.conf.Configuration(), false)) {
      assertThat(snaps).isEqualTo(c.version(1).snapshots()).isNotEqualTo(c.version(2).snapshots());
    }
    // The latest version reads both sites; an ISO time before the first commit names no version.
    assertThat(job.run(lake).runners()).isEqualTo(6);
    assertThatThrownBy(() -> job.run(lake, "2000-01-01T00:00:00Z"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no version committed at or before");
    assertThatThrownBy(() -> job.run(lake, "3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the lake has no version 3");
  }

  /**
   * The SHA-256 of every Parquet file under an analysis folder, by table (Spark names a part file
   * with a random id, so the names differ from run to run; the bytes must not).
   */
  private static Map<String, List<String>> parquetHashes(Path folder) {
    Map<String, List<String>> out = new java.util.TreeMap<>();
    TestSubmission.treeHashes(folder)
        .forEach(
            (k, v) -> {
              if (k.endsWith(".parquet")) {
                out.computeIfAbsent(
                        Path.of(k).getName(0).toString(), x -> new java.util.ArrayList<>())
                    .add(v);
              }
            });
    out.values().forEach(java.util.Collections::sort);
    assertThat(out).containsOnlyKeys("runners.parquet", "recurrence_intervals.parquet");
    return out;
  }
}
