package org.itbs.core.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake's layout, spelled out once here: every other module takes its paths from {@link Lake}
 * and {@link AnalysisFolder}.
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
    assertThat(lake.analysisVersions()).isEqualTo(root.resolve("analysis"));
    assertThat(lake.currentAnalysis()).isEqualTo(root.resolve("analysis/current.json"));
    AnalysisFolder v3 = lake.analysis(3);
    assertThat(v3.path()).isEqualTo(root.resolve("analysis/v3"));
    assertThat(v3.runners()).isEqualTo(root.resolve("analysis/v3/runners.parquet"));
    assertThat(v3.recurrenceIntervals())
        .isEqualTo(root.resolve("analysis/v3/recurrence_intervals.parquet"));
    assertThat(v3.manifest()).isEqualTo(root.resolve("analysis/v3/manifest.json"));
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
  void committingAnAnalysisVersionMovesItIntoPlaceAndPointsCurrentAtTheNewest() throws Exception {
    Lake lake = Lake.at(dir);
    ObjectMapper json = new ObjectMapper();

    AnalysisFolder v2 = lake.commitAnalysis(staged(lake, "second"), 2);

    assertThat(v2).isEqualTo(lake.analysis(2));
    assertThat(Files.readString(v2.manifest())).isEqualTo("second");
    assertThat(Files.readString(lake.currentAnalysis()))
        .isEqualTo("{\n  \"version\" : 2,\n  \"folder\" : \"v2\"\n}");

    // An older version does not move the pointer back; the same version is replaced whole.
    lake.commitAnalysis(staged(lake, "first"), 1);
    lake.commitAnalysis(staged(lake, "second again"), 2);

    JsonNode current = json.readTree(Files.readAllBytes(lake.currentAnalysis()));
    assertThat(current.get("version").asLong()).isEqualTo(2);
    assertThat(Files.readString(lake.analysis(2).manifest())).isEqualTo("second again");
    try (Stream<Path> versions = Files.list(lake.analysisVersions())) {
      assertThat(versions.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(List.of("v1", "v2", "current.json"));
    }
    try (Stream<Path> left = Files.list(lake.staging())) {
      assertThat(left).isEmpty();
    }
  }

  private static AnalysisFolder staged(Lake lake, String manifest) throws Exception {
    AnalysisFolder staged = new AnalysisFolder(lake.newStaging());
    Files.writeString(staged.manifest(), manifest);
    return staged;
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
