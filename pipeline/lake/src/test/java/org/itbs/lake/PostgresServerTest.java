package org.itbs.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The test server itself: it takes the URL's user and password, refuses a wrong password, listens
 * on 127.0.0.1 only, and is gone with its folder once closed. Skipped without PostgreSQL.
 */
class PostgresServerTest {
  @Test
  void startsOnLoopbackWithAPasswordAndLeavesNothingBehind() throws Exception {
    PostgresServer pg = PostgresServer.start();
    int port;
    try (pg) {
      port = pg.port();
      String url = pg.createDatabase("catalog_one");
      try (Connection c = DriverManager.getConnection(url);
          Statement s = c.createStatement();
          ResultSet r =
              s.executeQuery(
                  "SELECT current_database(), current_user, current_setting('listen_addresses')")) {
        r.next();
        assertThat(r.getString(1)).isEqualTo("catalog_one");
        assertThat(r.getString(2)).isEqualTo(PostgresServer.USER);
        assertThat(r.getString(3)).isEqualTo("127.0.0.1");
      }
      String wrong = url.replace(pg.password(), "not-the-password");
      assertThatThrownBy(() -> DriverManager.getConnection(wrong).close())
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("password authentication failed");
    }
    try (Socket s = new Socket()) {
      assertThatThrownBy(() -> s.connect(new InetSocketAddress("127.0.0.1", port), 2000))
          .as("the server stopped")
          .isInstanceOf(java.io.IOException.class);
    }
  }
}
