package org.itbs.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.itbs.core.lake.LakeState;
import org.itbs.spark.LakeReads;
import org.itbs.spark.TestSubmission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, as a new user tries it: two {@code itbs ingest} of two sites, started together on one
 * new lake in two processes, both land (the catalog serialises their commits; the locks are per
 * site), and {@code itbs lake status} shows both.
 */
class TwoSitesIngestTogetherTest {
  @TempDir Path tmp;

  private static Process itbsInChild(Path log, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("-Dspark.ui.enabled=false");
    cmd.add("-Dspark.driver.host=127.0.0.1");
    cmd.add(Itbs.class.getName());
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return pb.start();
  }

  @Test
  void twoIngestsOfTwoSitesStartedTogetherBothLandAndLakeStatusShowsBoth() throws Exception {
    Path lake = tmp.resolve("lake");
    Path a = TestSubmission.valid().site("CLINA").writeTo(tmp.resolve("a"));
    Path b = TestSubmission.valid().site("CLINB").writeTo(tmp.resolve("b"));
    Path logA = tmp.resolve("a.log");
    Path logB = tmp.resolve("b.log");

    Process pa =
        itbsInChild(
            logA, "ingest", a.toString(), "--lake", lake.toString(), "--master", "local[1]");
    Process pb =
        itbsInChild(
            logB, "ingest", b.toString(), "--lake", lake.toString(), "--master", "local[1]");

    assertThat(pa.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(pb.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(pa.exitValue()).as(Files.readString(logA)).isZero();
    assertThat(pb.exitValue()).as(Files.readString(logB)).isZero();
    LakeState s = LakeReads.state(lake);
    assertThat(s.version()).isEqualTo(2);
    assertThat(s.current()).containsOnlyKeys("CLINA", "CLINB");

    CliRun status = CliRun.of("lake", "status", "--lake", lake.toString());
    assertThat(status.status()).as(status.err()).isZero();
    assertThat(status.out())
        .contains("version 2")
        .contains("sites: 2 (CLINA, CLINB)")
        .containsPattern("(?m)^CLINA\\s+\\S+\\s+current")
        .containsPattern("(?m)^CLINB\\s+\\S+\\s+current");
    // Each site's rows as the catalog counts them (row counts of the planned files).
    assertThat(status.out()).containsPattern("(?m)^CLINA\\s+participants\\s+3\\s+3\\s+0");
    assertThat(status.out()).containsPattern("(?m)^CLINB\\s+participants\\s+3\\s+3\\s+0");
    // An outside reader agrees: DuckDB's read_parquet over exactly the files Iceberg plans at the
    // latest version, grouped by the files' own site column, counts what lake status printed.
    assertThat(duckDbCounts(lake)).isEqualTo(statusCounts(status.out()));
    // --as-of the first version shows one site only.
    CliRun first = CliRun.of("lake", "status", "--lake", lake.toString(), "--as-of", "1");
    assertThat(first.status()).as(first.err()).isZero();
    assertThat(first.out()).contains("version 1 (--as-of 1; latest 2)").contains("sites: 1 (");
  }

  /** (site, table) to "accepted quarantined", from the per-table lines of lake status. */
  private static java.util.Map<String, String> statusCounts(String out) {
    java.util.Set<String> tables = new java.util.HashSet<>();
    org.itbs.core.dictionary.Dictionary.submission().tables().forEach(t -> tables.add(t.name()));
    java.util.Map<String, String> counts = new java.util.TreeMap<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?m)^(\\S+)\\s+(\\S+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)")
            .matcher(out);
    while (m.find()) {
      if (tables.contains(m.group(2))) {
        counts.put(m.group(1) + " " + m.group(2), m.group(4) + " " + m.group(5));
      }
    }
    assertThat(counts).as(out).isNotEmpty();
    return counts;
  }

  /** The same, counted by DuckDB over the Parquet files Iceberg plans for each table. */
  private static java.util.Map<String, String> duckDbCounts(Path lake) throws Exception {
    java.util.Map<String, Long> accepted = new java.util.TreeMap<>();
    java.util.Map<String, Long> quarantined = new java.util.TreeMap<>();
    try (org.itbs.lake.IcebergLake l =
            org.itbs.lake.IcebergLake.open(lake, null, new org.apache.hadoop.conf.Configuration());
        java.sql.Connection duck = java.sql.DriverManager.getConnection("jdbc:duckdb:")) {
      org.itbs.lake.IcebergLake.Version v = l.latest().orElseThrow();
      for (org.itbs.core.dictionary.TableSpec t :
          org.itbs.core.dictionary.Dictionary.submission().tables()) {
        count(duck, l.files(v, org.itbs.lake.LakeTables.curatedId(t)), t.name(), accepted);
        count(duck, l.files(v, org.itbs.lake.LakeTables.quarantineId(t)), t.name(), quarantined);
      }
    }
    java.util.Map<String, String> counts = new java.util.TreeMap<>();
    java.util.Set<String> keys = new java.util.TreeSet<>(accepted.keySet());
    keys.addAll(quarantined.keySet());
    for (String k : keys) {
      counts.put(k, accepted.getOrDefault(k, 0L) + " " + quarantined.getOrDefault(k, 0L));
    }
    return counts;
  }

  private static void count(
      java.sql.Connection duck,
      List<org.apache.iceberg.DataFile> files,
      String table,
      java.util.Map<String, Long> into)
      throws java.sql.SQLException {
    if (files.isEmpty()) {
      return;
    }
    String list =
        files.stream()
            .map(f -> "'" + Path.of(java.net.URI.create(f.location())) + "'")
            .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    try (java.sql.Statement st = duck.createStatement();
        java.sql.ResultSet r =
            st.executeQuery(
                "SELECT site, count(*) FROM read_parquet("
                    + list
                    + ", hive_partitioning = false) GROUP BY site")) {
      while (r.next()) {
        into.merge(r.getString(1) + " " + table, r.getLong(2), Long::sum);
      }
    }
  }
}
