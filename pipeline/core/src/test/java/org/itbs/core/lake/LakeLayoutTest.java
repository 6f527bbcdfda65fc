package org.itbs.core.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake's layout, spelled out once here: every other module takes its paths from {@link Lake}
 * (the tables and their folders from {@code org.itbs.lake.IcebergLake}).
 */
class LakeLayoutTest {
  @TempDir Path dir;

  @Test
  void everyPathUnderALakeIsTheDocumentedOne() {
    Lake lake = Lake.at(dir.resolve("lake"));
    Path root = dir.resolve("lake").toAbsolutePath().normalize();

    assertThat(lake.root()).isEqualTo(root);
    assertThat(lake.stateFile()).isEqualTo(root.resolve("_lake.json"));
    assertThat(lake.staging()).isEqualTo(root.resolve("_staging"));
    assertThat(lake.curated("participants", "CLINA", "s1"))
        .isEqualTo(root.resolve("curated/participants/site=CLINA/submission=s1"));
    assertThat(lake.quarantine("participants", "CLINA", "s1"))
        .isEqualTo(root.resolve("quarantine/participants/site=CLINA/submission=s1"));
    assertThat(lake.audit("s1")).isEqualTo(root.resolve("audit/s1.json"));
    assertThat(root.resolve(Lake.ANALYSIS)).isEqualTo(root.resolve("analysis"));
    assertThat(lake.newStaging().getParent()).isEqualTo(root.resolve("_staging"));
  }

  @Test
  void aLakeExistsOnceItHasAStateFile() throws Exception {
    Lake lake = Lake.at(dir);
    assertThat(lake.exists()).isFalse();
    Files.writeString(lake.stateFile(), "{}");
    assertThat(lake.exists()).isTrue();
  }

  @Test
  void localPathsArePlainPathsAndFileUrisOnly() {
    assertThat(LocalPaths.of("--lake", "data/lake")).isEqualTo(Path.of("data/lake"));
    assertThat(LocalPaths.of("--lake", "file:///srv/itbs/lake"))
        .isEqualTo(Path.of("/srv/itbs/lake"));
    assertThat(LocalPaths.isLocal("file:///lake")).isTrue();
    assertThat(LocalPaths.isLocal("lake")).isTrue();
    assertThat(LocalPaths.isLocal("hdfs://nn:8020/lake")).isFalse();
    assertThat(LocalPaths.uri("--lake", "lake")).isNull();
    assertThatThrownBy(() -> LocalPaths.of("--lake", "file:lake"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--lake file:lake: not an absolute file: URI");
    assertThatThrownBy(() -> LocalPaths.of("--lake", "s3a://bucket/lake"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--lake s3a://bucket/lake: not on this machine's file system");
  }
}
