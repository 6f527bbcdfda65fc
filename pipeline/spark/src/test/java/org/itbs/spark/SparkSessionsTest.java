package org.itbs.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which jar a driver sends to a cluster's executors. */
class SparkSessionsTest {
  @TempDir Path dir;

  @AfterEach
  void clearProperty() {
    System.clearProperty(SparkSessions.JOBS_JAR);
  }

  @Test
  void jobsJarPropertyWins() throws IOException {
    Path jar = Files.write(dir.resolve("itbs-jobs.jar"), new byte[] {1});
    System.setProperty(SparkSessions.JOBS_JAR, jar.toString());
    assertThat(SparkSessions.jobsJar("spark://127.0.0.1:7077")).isEqualTo(jar.toAbsolutePath());
  }

  @Test
  void refusesJobsJarPropertyNamingNoFile() {
    System.setProperty(SparkSessions.JOBS_JAR, dir.resolve("missing.jar").toString());
    assertThatThrownBy(() -> SparkSessions.jobsJar("spark://127.0.0.1:7077"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("missing.jar is not a file");
  }

  @Test
  void refusesClusterWhenTheClassesComeFromNoJobJar() {
    // The tests load the classes from target/classes: nothing a cluster's executors could fetch.
    assertThatThrownBy(() -> SparkSessions.jobsJar("spark://127.0.0.1:7077"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "cannot send the job classes to the executors of spark://127.0.0.1:7077")
        .hasMessageContaining("-Ditbs.jobs.jar=");
  }
}
