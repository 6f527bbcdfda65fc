package org.itbs.spark.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.itbs.lake.IcebergLake;
import org.itbs.lake.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every case of {@link IcebergLakeTest} (commit, supersede, every version read back, a run killed
 * before and after its version row, runs of different sites and of the same site committing at once
 * from threads with their own catalog connections, the state from the audit records, no pseudonym
 * in the metadata) again on a PostgreSQL catalog: {@code IcebergLake.open(root,
 * "jdbc:postgresql://127.0.0.1:PORT/DB?user=U&password=P", conf)}, the warehouse on the local disk,
 * a new database per test on one throw-away server ({@link PostgresServer}; skipped when PostgreSQL
 * is not installed). And a wrong password fails in one line that does not print it.
 */
class IcebergLakePostgresTest extends IcebergLakeTest {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static PostgresServer server;
  private String url;

  @BeforeAll
  static void startServer() {
    server = PostgresServer.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void newDatabase() {
    url = server.createDatabase("lake_" + DATABASES.incrementAndGet());
  }

  @Override
  String catalogUrl() {
    return url;
  }

  /**
   * Runs started together on a new catalog database (two ingests of a new hub) all create, or find,
   * the catalog's tables, the lake's version tables and the lake's tables, then commit.
   */
  @Test
  void runsOpeningANewCatalogAtOnceAllOpenAndCommit() throws Exception {
    int runs = 4;
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(runs);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(runs);
    try {
      List<java.util.concurrent.Future<IcebergLake.Version>> done = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        String site = "S" + i;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  try (IcebergLake lake = open()) {
                    return lake.commit(
                        LakeFiles.submission(
                            lake, site, "s-" + site, "run-" + site, List.of("p" + site), "q"));
                  }
                }));
      }
      List<Long> versions = new ArrayList<>();
      for (var f : done) {
        versions.add(f.get().version());
      }
      assertThat(versions).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aWrongPasswordFailsInOneLineWithoutThePassword() {
    String wrong = url.replace(server.password(), "Wr0ngSecretPassw0rd");
    assertThatThrownBy(() -> IcebergLake.open(dir.resolve("lake"), wrong, new Configuration()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("127.0.0.1:" + server.port())
        .hasMessageContaining("password=***")
        .hasMessageNotContaining("Wr0ngSecretPassw0rd")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void theCatalogUrlIsReportedWithoutItsPassword() {
    try (IcebergLake lake = open()) {
      assertThat(IcebergLake.redacted(lake.catalogUrl()))
          .isEqualTo(url.replace(server.password(), "***"))
          .doesNotContain(server.password());
    }
  }
}
