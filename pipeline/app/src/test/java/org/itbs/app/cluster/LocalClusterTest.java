package org.itbs.app.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link LocalCluster} does without starting Spark: the Spark home it lays out from a build,
 * and how it treats a state folder whose cluster is gone. StandaloneClusterIT starts a real one.
 */
class LocalClusterTest {
  @TempDir Path dir;

  private Path build(String list, String... jars) throws IOException {
    Path build = dir.resolve("target");
    Files.createDirectories(build.resolve("lib"));
    for (String j : jars) {
      Files.writeString(build.resolve("lib").resolve(j), j, UTF_8);
    }
    Files.writeString(build.resolve(LocalCluster.RUNTIME_LIST), list, UTF_8);
    return build;
  }

  private static String[] names(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
    }
  }

  @Test
  void sparkHomeHoldsTheListedJarsOnlyNotTheApplication() throws IOException {
    Path build =
        build(
            "lib/spark-core_2.13-4.2.0.jar,lib/scala-library-2.13.18.jar\n",
            "spark-core_2.13-4.2.0.jar",
            "scala-library-2.13.18.jar",
            "itbs-core-0.1.0-SNAPSHOT.jar",
            "picocli-4.7.7.jar");
    Path home = dir.resolve("spark-home");
    assertThat(LocalCluster.layOut(build, home)).isEqualTo(2);
    assertThat(names(home.resolve("jars")))
        .containsExactly("scala-library-2.13.18.jar", "spark-core_2.13-4.2.0.jar");
    assertThat(home.resolve("jars/spark-core_2.13-4.2.0.jar"))
        .hasContent("spark-core_2.13-4.2.0.jar");
    assertThat(home.resolve("conf")).isDirectory();
  }

  @Test
  void layingOutAgainDropsJarsNoLongerListed() throws IOException {
    Path home = dir.resolve("spark-home");
    LocalCluster.layOut(build("lib/a-1.jar,lib/b-1.jar", "a-1.jar", "b-1.jar"), home);
    LocalCluster.layOut(build("lib/a-2.jar,lib/b-1.jar", "a-2.jar", "b-1.jar"), home);
    assertThat(names(home.resolve("jars"))).containsExactly("a-2.jar", "b-1.jar");
  }

  @Test
  void refusesBuildWithoutRuntimeList() {
    assertThatThrownBy(() -> LocalCluster.layOut(dir.resolve("target"), dir.resolve("home")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(LocalCluster.RUNTIME_LIST)
        .hasMessageContaining("build the application first");
  }

  @Test
  void refusesListNamingAJarMissingFromLib() throws IOException {
    Path build = build("lib/a-1.jar,lib/gone-1.jar", "a-1.jar");
    assertThatThrownBy(() -> LocalCluster.layOut(build, dir.resolve("home")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("names gone-1.jar, which is not in");
  }

  @Test
  void stateFolderWithoutClusterHasNothingRunningAndNothingToStop() {
    assertThat(LocalCluster.running(dir)).isEmpty();
    assertThat(LocalCluster.stop(dir)).isZero();
  }

  @Test
  void clusterWhoseProcessesAreGoneIsNotRunningAndStopRemovesItsState() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Files.writeString(
        dir.resolve(LocalCluster.STATE_FILE),
        "{\"master_url\":\"spark://127.0.0.1:1\",\"web_ui_port\":1,\"spark_home\":\"/x\","
            + "\"daemons\":[{\"role\":\"master\",\"pid\":"
            + gone.pid()
            + ",\"start_millis\":1}],\"started\":\"2026-01-01T00:00:00Z\"}",
        UTF_8);
    assertThat(LocalCluster.running(dir)).isEmpty();
    assertThat(LocalCluster.stop(dir)).isZero();
    assertThat(dir.resolve(LocalCluster.STATE_FILE)).doesNotExist();
  }

  @Test
  void stateNamingAnotherProcessOfTheSamePidIsNotTheCluster() throws Exception {
    // This JVM's own pid, but a start time that is not its own: a reused process id.
    long self = ProcessHandle.current().pid();
    Files.writeString(
        dir.resolve(LocalCluster.STATE_FILE),
        "{\"master_url\":\"spark://127.0.0.1:1\",\"web_ui_port\":1,\"spark_home\":\"/x\","
            + "\"daemons\":[{\"role\":\"master\",\"pid\":"
            + self
            + ",\"start_millis\":1}],\"started\":\"2026-01-01T00:00:00Z\"}",
        UTF_8);
    assertThat(LocalCluster.running(dir)).isEmpty();
    assertThat(LocalCluster.stop(dir)).isZero();
    assertThat(ProcessHandle.current().isAlive()).isTrue();
  }

  @Test
  void refusesWorkerCountOutsideOneToEight() {
    assertThatThrownBy(() -> LocalCluster.builder().workers(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workers must be between 1 and 8: 0");
  }
}
