package org.itbs.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code itbs cluster} where no cluster runs; StandaloneClusterIT starts one through the same
 * class.
 */
class ClusterCommandTest {
  @TempDir Path dir;

  @Test
  void stopWithoutClusterSaysSoAndSucceeds() {
    CliRun r = CliRun.of("cluster", "stop", "--state", dir.toString());
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).contains("no cluster of " + dir.toAbsolutePath().normalize() + " to stop");
  }

  @Test
  void statusWithoutClusterExitsWithOne() {
    CliRun r = CliRun.of("cluster", "status", "--state", dir.toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.out()).contains("no cluster runs");
  }

  @Test
  void clusterHelpNamesItsSubcommands() {
    CliRun r = CliRun.of("cluster", "--help");
    assertThat(r.status()).isZero();
    assertThat(r.out()).contains("start", "stop", "status", "127.0.0.1");
  }
}
