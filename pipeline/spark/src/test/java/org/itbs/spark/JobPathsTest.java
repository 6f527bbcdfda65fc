package org.itbs.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The lake and submission paths the jobs accept: plain paths and file: URIs on the local disk, URIs
 * of schemes Hadoop has a file system for (see HadoopFileSystemProviderTest for those).
 */
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
  void refusesS3aWithoutItsConnectorNamingTheOptionTheValueAndThePackage() {
    assertThatThrownBy(() -> JobPaths.of("--lake", "s3a://bucket/lake"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--lake s3a://bucket/lake")
        .hasMessageContaining("no Hadoop file system for s3a:")
        .hasMessageContaining("--packages org.apache.hadoop:hadoop-aws:3.5.0");
  }

  @Test
  void refusesAnUnknownSchemeSayingWhatToAdd() {
    assertThatThrownBy(() -> JobPaths.check("SUBMISSION", "nosuchfs://host/in/CLINA"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SUBMISSION nosuchfs://host/in/CLINA: no Hadoop file system for")
        .hasMessageContaining("fs.nosuchfs.impl");
  }

  @Test
  void acceptsHdfsWithoutOpeningIt() {
    assertThat(JobPaths.check("--lake", "hdfs://nn.invalid:8020/lake"))
        .hasScheme("hdfs")
        .hasPath("/lake");
    assertThat(JobPaths.isLocal("hdfs://nn:8020/lake")).isFalse();
    assertThat(JobPaths.isLocal("file:///lake")).isTrue();
    assertThat(JobPaths.isLocal("lake")).isTrue();
  }

  @Test
  void refusesAHadoopUriWithoutPath() {
    assertThatThrownBy(() -> JobPaths.check("--lake", "hdfs:lake"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--lake hdfs:lake: not an absolute hdfs: URI");
  }

  @Test
  void localPathsGoToTasksAsFileUrisAndBack() {
    Path p = Path.of("/srv/itbs/my lake/_staging");
    assertThat(JobPaths.toUri(p)).isEqualTo("file:///srv/itbs/my%20lake/_staging");
    assertThat(JobPaths.fromUri(JobPaths.toUri(p))).isEqualTo(p);
    assertThat(JobPaths.forSpark(p)).isEqualTo("file:///srv/itbs/my%20lake/_staging");
  }

  @Test
  void refusesRelativeFileUri() {
    assertThatThrownBy(() -> JobPaths.of("--lake", "file:lake"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--lake file:lake: not an absolute file: URI");
  }
}
