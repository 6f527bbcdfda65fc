package org.itbs.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The lake and submission paths the jobs accept: plain paths and file: URIs, nothing else. */
class JobPathsTest {
  @Test
  void plainPathStaysAsGiven() {
    assertThat(JobPaths.of("--lake", "data/lake")).isEqualTo(Path.of("data/lake"));
  }

  @Test
  void fileUriNamesItsAbsolutePath() {
    assertThat(JobPaths.of("--lake", "file:///srv/itbs/lake")).isEqualTo(Path.of("/srv/itbs/lake"));
    assertThat(JobPaths.of("--lake", "file:/srv/itbs/lake")).isEqualTo(Path.of("/srv/itbs/lake"));
  }

  @Test
  void refusesS3aLakeNamingTheOptionTheValueAndWhatWorksInstead() {
    assertThatThrownBy(() -> JobPaths.of("--lake", "s3a://bucket/lake"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--lake s3a://bucket/lake")
        .hasMessageContaining("s3a: paths are not supported")
        .hasMessageContaining("POSIX");
  }

  @Test
  void refusesHdfsSubmission() {
    assertThatThrownBy(() -> JobPaths.of("SUBMISSION", "hdfs://nn:8020/in/CLINA"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SUBMISSION hdfs://nn:8020/in/CLINA: hdfs: paths are not supported");
  }

  @Test
  void refusesRelativeFileUri() {
    assertThatThrownBy(() -> JobPaths.of("--lake", "file:lake"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--lake file:lake: not an absolute file: URI");
  }
}
