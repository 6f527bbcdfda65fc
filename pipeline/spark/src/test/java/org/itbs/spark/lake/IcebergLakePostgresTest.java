package org.itbs.spark.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
