package org.itbs.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lake URIs on the command line: the commands that read the lake without Spark refuse a lake on
 * another file system and say what to copy down; every command names the option, the value and the
 * missing connector for a scheme Hadoop does not serve. (The jobs on an hdfs:// lake are tested in
 * itbs-spark, HdfsLakeTest.)
 */
class LakeUriCommandTest {
  @TempDir Path dir;

  @Test
  void analyseRefusesAnHdfsLakeSayingToCopyItsAnalysisSetDown() {
    Path out = dir.resolve("out");
    CliRun r =
        CliRun.of("analyse", "--lake", "hdfs://nn.invalid:8020/lake", "--out", out.toString());
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err())
        .contains("itbs analyse: --lake hdfs://nn.invalid:8020/lake")
        .contains("without Spark")
        .contains("give --lake LOCAL_FOLDER")
        .contains("hdfs://nn.invalid:8020/lake/warehouse/analysis/")
        .contains("ITBS_CATALOG");
    assertThat(Files.exists(out)).isFalse();
  }

  @Test
  void notebookRefusesAnS3aLakeTheSameWay() {
    CliRun r = CliRun.of("notebook", "--lake", "s3a://bucket/lake", "--install-only");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err())
        .contains("itbs notebook: --lake s3a://bucket/lake")
        .contains("LOCAL_FOLDER");
  }

  @Test
  void lakeStatusNamesTheConnectorAnS3aLakeNeeds() {
    CliRun r = CliRun.of("lake", "status", "--lake", "s3a://bucket/lake");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err())
        .contains("--lake s3a://bucket/lake: no Hadoop file system for s3a:")
        .contains("--packages org.apache.hadoop:hadoop-aws:3.5.0");
  }

  @Test
  void featuresRefusesAnUnknownSchemeBeforeSparkStarts() {
    CliRun r = CliRun.of("features", "--lake", "nosuchfs://host/lake");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "itbs features: --lake nosuchfs://host/lake: no Hadoop file system for nosuchfs:");
  }

  @Test
  void aLakeOfTheLayoutBeforeTheCatalogIsRefusedInOneLineNamingMigrate() throws Exception {
    Path old = dir.resolve("old-lake");
    Files.createDirectories(old);
    Files.writeString(
        old.resolve("_lake.json"), "{\"version\": 1, \"current\": {}, \"submissions\": []}");
    for (String[] args :
        new String[][] {
          {"lake", "status", "--lake", old.toString()},
          {"features", "--lake", old.toString()},
          {"analyse", "--lake", old.toString(), "--out", dir.resolve("out").toString()}
        }) {
      CliRun r = CliRun.of(args);
      assertThat(r.status()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(r.err().strip())
          .doesNotContain("\n")
          .contains("has the layout of an earlier itbs")
          .contains("run `itbs lake migrate --lake " + old + "` first");
    }
    // Nothing was created in it: no catalog.
    assertThat(old.resolve("catalog.db")).doesNotExist();
  }
}
