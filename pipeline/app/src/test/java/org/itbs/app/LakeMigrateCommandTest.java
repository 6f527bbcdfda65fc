package org.itbs.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.hadoop.conf.Configuration;
import org.itbs.core.lake.Lake;
import org.itbs.core.lake.LakeState;
import org.itbs.lake.IcebergLake;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code itbs lake migrate} on a lake that the itbs before issue 17 wrote in the old layout (the
 * test resource {@code old-lake-60}: 3 sites, 60 runners, 4 versions, one superseded; its README
 * says how it was made), as a user runs it; and the "Done when": an existing lake migrates
 * and gives the same {@code effects.csv} as the itbs of before gave ({@code effects-before.csv}).
 */
class LakeMigrateCommandTest {
  @TempDir static Path dir;
  private static Path lake;
  private static LakeState before;
  private static byte[] effectsBefore;
  private static CliRun migrate;

  @BeforeAll
  static void unpackTheOldLakeThenMigrate() throws Exception {
    System.setProperty("spark.ui.enabled", "false");
    lake = dir.resolve("lake");
    unzip("/old-lake-60/old-lake-60.zip", lake);
    before = Lake.at(lake).state();
    assertThat(before.version()).isEqualTo(4);
    try (InputStream in =
        LakeMigrateCommandTest.class.getResourceAsStream("/old-lake-60/effects-before.csv")) {
      effectsBefore = in.readAllBytes();
    }
    migrate = CliRun.of("lake", "migrate", "--lake", lake.toString());
  }

  private static void unzip(String resource, Path to) throws IOException {
    Files.createDirectories(to);
    try (ZipInputStream z =
        new ZipInputStream(LakeMigrateCommandTest.class.getResourceAsStream(resource))) {
      for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
        Path p = to.resolve(e.getName()).normalize();
        if (!p.startsWith(to)) {
          throw new IOException("zip entry outside the folder: " + e.getName());
        }
        if (e.isDirectory()) {
          Files.createDirectories(p);
        } else {
          Files.createDirectories(p.getParent());
          Files.copy(z, p);
        }
      }
    }
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

  /** The "Done when": features and analyse of the migrated lake give the same effects. */
  @Test
  void featuresAndAnalyseOfTheMigratedLakeGiveTheSameEffects() throws Exception {
    assertThat(migrate.status()).as(migrate.err()).isZero();
    CliRun f = CliRun.of("features", "--lake", lake.toString(), "--master", "local[2]");
    assertThat(f.status()).as(f.err()).isZero();
    Path out = dir.resolve("out-after");
    CliRun a =
        CliRun.of("analyse", "--lake", lake.toString(), "--out", out.toString(), "--no-report");
    assertThat(a.status()).as(a.err()).isZero();
    assertThat(Files.readAllBytes(out.resolve("effects.csv"))).isEqualTo(effectsBefore);
  }
}
