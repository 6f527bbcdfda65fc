package org.itbs.spark.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.itbs.spark.lake.LakeFiles.PARTICIPANTS;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.itbs.lake.IcebergLake;
import org.itbs.lake.LakeTables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An outside reader (DuckDB, in process) counts what the lake holds when it reads the files Iceberg
 * plans for a version, and only then: a glob over the table's folder also counts the superseded
 * submission. DuckDB's own Iceberg extension is installed from the network, which the tests do not
 * use, so DuckDB reads the planned files with {@code read_parquet}.
 */
class DuckDbReadsIcebergPlanTest {
  @TempDir Path dir;

  @Test
  void duckDbOverThePlannedFilesCountsWhatTheLakeHoldsAtEveryVersion() throws Exception {
    try (IcebergLake lake = IcebergLake.open(dir.resolve("lake"), null, new Configuration());
        Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      lake.commit(LakeFiles.submission(lake, "AAA", "s-a1", "r1", List.of("a1", "a2", "a3"), "q1"));
      lake.commit(LakeFiles.submission(lake, "BBB", "s-b1", "r2", List.of("b1", "b2"), "q2"));
      lake.commit(LakeFiles.submission(lake, "AAA", "s-a2", "r3", List.of("a4"), "q3"));

      TableIdentifier cur = LakeTables.curatedId(PARTICIPANTS);
      TableIdentifier qua = LakeTables.quarantineId(PARTICIPANTS);
      for (IcebergLake.Version v : lake.versions()) {
        for (TableIdentifier t : List.of(cur, qua)) {
          Map<String, Long> itbs = new TreeMap<>();
          for (Record r : lake.read(v, t)) {
            itbs.merge((String) r.getField(LakeTables.SITE), 1L, Long::sum);
          }
          Map<String, Long> duckdb = new TreeMap<>();
          Map<String, List<DataFile>> bySite =
              lake.files(v, t).stream()
                  .collect(Collectors.groupingBy(f -> f.partition().get(0, String.class)));
          for (Map.Entry<String, List<DataFile>> e : bySite.entrySet()) {
            duckdb.put(e.getKey(), count(duck, e.getValue()));
          }
          assertThat(duckdb).as("version %d, %s", v.version(), t).isEqualTo(itbs).isNotEmpty();
        }
      }
      // The participant ids DuckDB reads at version 3 are the lake's.
      List<DataFile> files = lake.files(lake.latest().orElseThrow(), cur);
      try (Statement s = duck.createStatement();
          ResultSet r =
              s.executeQuery(
                  "SELECT string_agg(participant_id, ',' ORDER BY participant_id) FROM "
                      + readParquet(files))) {
        r.next();
        assertThat(r.getString(1)).isEqualTo("a4,b1,b2");
      }
      // What an outside reader gets without Iceberg's plan: the superseded rows too.
      String glob =
          Path.of(URI.create(lake.table(cur).location())).resolve("data").toString()
              + "/**/*.parquet";
      try (Statement s = duck.createStatement();
          ResultSet r = s.executeQuery("SELECT count(*) FROM read_parquet('" + glob + "')")) {
        r.next();
        assertThat(r.getLong(1)).isEqualTo(6);
      }
    }
  }

  private static long count(Connection duck, List<DataFile> files) throws Exception {
    try (Statement s = duck.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM " + readParquet(files))) {
      r.next();
      return r.getLong(1);
    }
  }

  private static String readParquet(List<DataFile> files) {
    return files.stream()
        .map(f -> "'" + Path.of(URI.create(f.location())) + "'")
        .collect(Collectors.joining(", ", "read_parquet([", "])"));
  }
}
