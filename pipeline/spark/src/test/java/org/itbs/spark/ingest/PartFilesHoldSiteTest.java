package org.itbs.spark.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.itbs.spark.TestSubmission.P1;
import static org.itbs.spark.TestSubmission.P2;
import static org.itbs.spark.TestSubmission.P3;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.itbs.core.dictionary.Dictionary;
import org.itbs.core.dictionary.TableSpec;
import org.itbs.core.lake.FileCounts;
import org.itbs.core.lake.SubmissionRecord;
import org.itbs.lake.IcebergLake;
import org.itbs.lake.LakeTables;
import org.itbs.spark.SparkTestSession;
import org.itbs.spark.TestSubmission;
import org.itbs.spark.parquet.LakeParquet;
import org.itbs.spark.parquet.SparkSchemas;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The part files of a freshly ingested lake hold {@code site} themselves (issue 17): the last
 * column, a required UTF-8 string with the Iceberg field id of the table's {@code site}, in the
 * footer's Spark schema too, and on every row the value of the file's partition. So an outside
 * reader that does not fill identity-partition columns from Iceberg's metadata (PyIceberg before
 * 0.9, Polars, older ClickHouse, StarRocks) still sees the site: DuckDB's {@code read_parquet} over
 * the files Iceberg plans groups by it from the files alone and counts what {@code itbs lake
 * status} counts.
 */
class PartFilesHoldSiteTest {
  private static final Dictionary DICTIONARY = Dictionary.submission();
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

  @Test
  void everyPartFileHoldsItsPartitionsSiteAndDuckDbGroupsByItAsLakeStatusCounts() throws Exception {
    Path lake = tmp.resolve("lake");
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    // Site CLINA: the default split size (one task per file). Site CLINB: one record per task,
    // a refused row and a duplicated key (so the duplicate-key rewrite writes part files too).
    new IngestJob(spark, DICTIONARY, quiet)
        .ingest(TestSubmission.valid().site("CLINA").writeTo(tmp.resolve("a")), lake);
    new IngestJob(spark, DICTIONARY, quiet, 1)
        .ingest(
            TestSubmission.valid()
                .site("CLINB")
                .put(
                    "training_weeks.csv",
                    "participant_id,week_start,distance_km,duration_h,maintenance_sessions\n"
                        + P1
                        + ",2024-03-04,30.5,2.9,2\n"
                        + P1
                        + ",2024-03-04,31.0,3.0,1\n" // the same key as line 2
                        + P2
                        + ",2024-03-11,45.0,3.8,99\n" // out of range
                        + P3
                        + ",2024-04-01,20.0,2.1,3\n")
                .writeTo(tmp.resolve("b")),
            lake);

    Configuration conf = new Configuration();
    try (IcebergLake catalog = IcebergLake.openLake(lake, null, conf, false);
        Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      IcebergLake.Version v = catalog.latest().orElseThrow();
      Map<String, SubmissionRecord> audit =
          catalog.state().currentSubmissions().stream()
              .collect(Collectors.toMap(SubmissionRecord::site, r -> r));
      assertThat(audit.keySet()).containsExactlyInAnyOrder("CLINA", "CLINB");
      int filesChecked = 0;
      boolean rewritten = false;
      for (TableSpec t : DICTIONARY.tables()) {
        for (boolean curated : new boolean[] {true, false}) {
          TableIdentifier id = curated ? LakeTables.curatedId(t) : LakeTables.quarantineId(t);
          int siteId = LakeTables.id(catalog.table(id).schema(), LakeTables.SITE);
          DataType spark = curated ? SparkSchemas.curatedFile(t) : SparkSchemas.quarantineFile(t);
          List<DataFile> files = catalog.files(v, id);
          Map<String, Long> status = new TreeMap<>();
          for (DataFile f : files) {
            String partition = f.partition().get(0, String.class);
            // What `itbs lake status` counts: the planned files' row counts, no data read.
            status.merge(partition, f.recordCount(), Long::sum);
            FileMetaData footer = footer(f, conf);
            MessageType schema = footer.getSchema();
            Type last = schema.getType(schema.getFieldCount() - 1);
            assertThat(last.getName()).as(f.location()).isEqualTo(LakeTables.SITE);
            assertThat(last.isRepetition(Type.Repetition.REQUIRED)).isTrue();
            assertThat(last.asPrimitiveType().getPrimitiveTypeName())
                .isEqualTo(PrimitiveType.PrimitiveTypeName.BINARY);
            assertThat(last.getLogicalTypeAnnotation())
                .isEqualTo(LogicalTypeAnnotation.stringType());
            assertThat(last.getId().intValue()).isEqualTo(siteId);
            assertThat(
                    DataType.fromJson(
                        footer.getKeyValueMetaData().get(LakeParquet.SPARK_SCHEMA_KEY)))
                .as("the footer's Spark schema of %s", f.location())
                .isEqualTo(spark);
            List<String> sites = siteColumn(f, conf);
            assertThat(sites)
                .as(f.location())
                .hasSize((int) f.recordCount())
                .containsOnly(partition);
            rewritten |= f.location().contains("part-00000-f");
            filesChecked++;
          }
          // Per site, what the audit record says ingest accepted or refused of the table's file.
          Map<String, Long> recorded = new TreeMap<>();
          for (SubmissionRecord r : audit.values()) {
            for (FileCounts c : r.files().values()) {
              long n = curated ? c.accepted() : c.quarantined();
              if (c.table().equals(t.name()) && n > 0) {
                recorded.merge(r.site(), n, Long::sum);
              }
            }
          }
          assertThat(status).as("%s: lake status against the audit", id).isEqualTo(recorded);
          if (files.isEmpty()) {
            continue;
          }
          // DuckDB, given the planned files only (no site supplied): GROUP BY the files' site.
          assertThat(groupBySite(duck, files))
              .as("%s: DuckDB's GROUP BY site", id)
              .isEqualTo(status);
        }
      }
      assertThat(filesChecked).isGreaterThan(10);
      assertThat(rewritten).as("a part file rewritten for a duplicate key").isTrue();
      assertThat(audit.get("CLINB").files().get("training_weeks.csv").quarantinedByRule())
          .containsEntry("duplicate_key", 2L)
          .containsEntry("range", 1L);
    }
  }

  private static FileMetaData footer(DataFile f, Configuration conf) throws Exception {
    try (ParquetFileReader r =
        ParquetFileReader.open(
            HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(f.location()), conf))) {
      return r.getFooter().getFileMetaData();
    }
  }

  /** The {@code site} value of every row of a file, with parquet-hadoop (not Iceberg). */
  private static List<String> siteColumn(DataFile f, Configuration conf) throws Exception {
    List<String> out = new ArrayList<>();
    try (ParquetReader<Group> r =
        ParquetReader.builder(new GroupReadSupport(), new org.apache.hadoop.fs.Path(f.location()))
            .withConf(conf)
            .build()) {
      for (Group g = r.read(); g != null; g = r.read()) {
        out.add(g.getString(LakeTables.SITE, 0));
      }
    }
    return out;
  }

  private static Map<String, Long> groupBySite(Connection duck, List<DataFile> files)
      throws Exception {
    String list =
        files.stream()
            .map(f -> "'" + Path.of(URI.create(f.location())) + "'")
            .collect(Collectors.joining(", ", "[", "]"));
    Map<String, Long> out = new TreeMap<>();
    try (Statement s = duck.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT site, count(*) FROM read_parquet("
                    + list
                    + ", hive_partitioning = false) GROUP BY site")) {
      while (r.next()) {
        out.put(r.getString(1), r.getLong(2));
      }
    }
    return out;
  }
}
