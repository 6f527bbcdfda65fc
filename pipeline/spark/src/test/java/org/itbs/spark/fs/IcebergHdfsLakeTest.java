package org.itbs.spark.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.itbs.lake.IcebergLake;
import org.itbs.lake.LakeTables;
import org.itbs.lake.PostgresServer;
import org.itbs.spark.JobPaths;
import org.itbs.spark.lake.LakeFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake's Iceberg tables with their warehouse on HDFS (an in-process one): the catalog is then
 * given by URL (SQLite on the local disk; PostgreSQL, as on a cluster, on a throw-away server when
 * it is installed), files and metadata are on HDFS, and versions read back as on a local lake.
 */
class IcebergHdfsLakeTest {
  @TempDir Path dir;

  @Test
  void aLakeOnHdfsNeedsACatalogUrlAndThenCommitsAndReadsAsALocalOne() throws Exception {
    Path root = JobPaths.of("--lake", MiniHdfs.uri() + "/itbs-iceberg-" + UUID.randomUUID());
    Configuration conf = new Configuration();
    assertThatThrownBy(() -> IcebergLake.open(root, null, conf))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--catalog jdbc:postgresql://");
    commitsAndReadsBackOnHdfs(root, "jdbc:sqlite:" + dir.resolve("catalog.db"), conf);
  }

  /** The cluster's combination (issue 17, point 7): a PostgreSQL catalog, the warehouse on HDFS. */
  @Test
  void aLakeOnHdfsWithAPostgresqlCatalogCommitsAndReadsAsALocalOne() throws Exception {
    try (PostgresServer pg = PostgresServer.start()) {
      Path root = JobPaths.of("--lake", MiniHdfs.uri() + "/itbs-iceberg-" + UUID.randomUUID());
      commitsAndReadsBackOnHdfs(root, pg.createDatabase("hdfs_lake"), new Configuration());
    }
  }

  private static void commitsAndReadsBackOnHdfs(Path root, String catalog, Configuration conf)
      throws Exception {
    try (IcebergLake lake = IcebergLake.open(root, catalog, conf)) {
      assertThat(lake.warehouse()).startsWith(MiniHdfs.uri() + "/itbs-iceberg-");
      lake.commit(LakeFiles.submission(lake, "AAA", "s-a1", "r1", List.of("a1", "a2"), "qa"));
      lake.commit(LakeFiles.submission(lake, "AAA", "s-a2", "r2", List.of("a3"), "qb"));
      TableIdentifier cur = LakeTables.curatedId(LakeFiles.PARTICIPANTS);
      IcebergLake.Version v1 = lake.version(1);
      IcebergLake.Version v2 = lake.latest().orElseThrow();
      assertThat(lake.read(v1, cur))
          .extracting(r -> r.getField("participant_id"))
          .containsExactlyInAnyOrder("a1", "a2");
      List<Record> now = lake.read(v2, cur);
      assertThat(now).extracting(r -> r.getField("participant_id")).containsExactly("a3");
      assertThat(now).extracting(r -> r.getField(LakeTables.SITE)).containsExactly("AAA");
      assertThat(lake.files(v2, cur))
          .extracting(DataFile::location)
          .allMatch(l -> l.startsWith(MiniHdfs.uri().toString()));
      assertThat(lake.table(cur).location()).startsWith(MiniHdfs.uri().toString());
    }
  }
}
