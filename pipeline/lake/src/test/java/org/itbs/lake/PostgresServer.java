package org.itbs.lake;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A throw-away PostgreSQL server for tests of the lake's shared catalog (issue 17): Debian's {@code
 * postgresql} binaries ({@code /usr/lib/postgresql/VERSION/bin/initdb} and {@code pg_ctl}, the
 * highest version installed), a new cluster in a temporary folder, listening on 127.0.0.1 only on a
 * free port, with its unix socket in that folder (never {@code /var/run/postgresql}); one user,
 * {@value #USER}, with a random password (password authentication over TCP, as a shared catalog
 * would have). {@link #close} stops it and deletes the folder; a shutdown hook does the same if a
 * test run ends without closing it.
 *
 * <p>{@code initdb} refuses to run as root, and tests run as root in CI: as root the server runs as
 * the {@code postgres} user that Debian's package creates ({@code runuser -u postgres --}), the
 * folder given to it; as any other user it runs as that user.
 *
 * <p>{@link #start} skips the calling test (a JUnit assumption) when the binaries are missing, or
 * when running as root without a {@code postgres} user: {@code .ci/run} installs the package.
 */
public final class PostgresServer implements AutoCloseable {
  /** The server's one user. */
  public static final String USER = "itbs";

  private static final String RUN_AS = "postgres";

  private final Path bin;
  private final Path dir;
  private final Path data;
  private final boolean asRoot;
  private final String password;
  private final int port;
  private final Thread hook;
  private boolean closed;

  private PostgresServer(Path bin, Path dir, boolean asRoot, String password, int port) {
    this.bin = bin;
    this.dir = dir;
    this.data = dir.resolve("data");
    this.asRoot = asRoot;
    this.password = password;
    this.port = port;
    this.hook = new Thread(this::stopQuietly, "itbs-postgres-stop");
  }

  /** Debian's newest {@code /usr/lib/postgresql/VERSION/bin} holding initdb and pg_ctl, if any. */
  public static java.util.Optional<Path> binaries() {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return java.util.Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")))
          .filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
          .max(Comparator.comparing(PostgresServer::majorVersion));
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  private static int majorVersion(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString().replaceAll("\\D.*", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * Starts a new server; skips the calling test when PostgreSQL is not installed.
   *
   * @throws IllegalStateException when the binaries are there but the server does not start
   */
  public static PostgresServer start() {
    java.util.Optional<Path> bin = binaries();
    Assumptions.assumeTrue(
        bin.isPresent(),
        "PostgreSQL is not installed (/usr/lib/postgresql/*/bin/initdb, pg_ctl): apt-get install"
            + " postgresql");
    boolean root = "root".equals(System.getProperty("user.name"));
    if (root) {
      Assumptions.assumeTrue(
          run(List.of("id", "-u", RUN_AS), null).exit == 0,
          "running as root and there is no '" + RUN_AS + "' user to run PostgreSQL as");
    }
    byte[] pw = new byte[16];
    new SecureRandom().nextBytes(pw);
    String password = HexFormat.of().formatHex(pw);
    IllegalStateException last = null;
    // A free port can be taken between choosing it and the server binding it: try again.
    for (int attempt = 0; attempt < 3; attempt++) {
      Path dir;
      try {
        dir = Files.createTempDirectory("itbs-pg");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      PostgresServer s = new PostgresServer(bin.get(), dir, root, password, freePort());
      Runtime.getRuntime().addShutdownHook(s.hook);
      try {
        s.init();
        s.startServer();
        return s;
      } catch (IllegalStateException e) {
        last = e;
        s.close();
      }
    }
    throw last;
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void init() {
    try {
      Path pwfile = dir.resolve("pwfile");
      Files.writeString(pwfile, password + "\n", UTF_8);
      if (asRoot) {
        check(run(List.of("chown", "-R", RUN_AS + ":", dir.toString()), null), "chown");
      }
      check(
          command(
              bin.resolve("initdb").toString(),
              "-D",
              data.toString(),
              "-U",
              USER,
              "--pwfile=" + pwfile,
              "--auth-local=trust",
              "--auth-host=scram-sha-256",
              "-E",
              "UTF8",
              "--locale=C",
              "--no-sync"),
          "initdb");
      Files.deleteIfExists(pwfile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void startServer() {
    String options =
        String.join(
            " ",
            "-h 127.0.0.1",
            "-p " + port,
            "-k " + dir,
            // A test server: no durability across a crash, fewer background processes.
            "-c fsync=off",
            "-c synchronous_commit=off",
            "-c full_page_writes=off",
            "-c max_connections=200",
            "-c max_wal_senders=0",
            "-c wal_level=minimal");
    check(
        command(
            bin.resolve("pg_ctl").toString(),
            "-D",
            data.toString(),
            "-l",
            dir.resolve("server.log").toString(),
            "-w",
            "-t",
            "120",
            "-o",
            options,
            "start"),
        "pg_ctl start");
  }

  /** The port the server listens on, on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** The password of {@link #USER}. */
  public String password() {
    return password;
  }

  /**
   * The JDBC URL of a database, with the user and password as URL parameters (the form {@code
   * --catalog} takes).
   */
  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:"
        + port
        + "/"
        + database
        + "?user="
        + USER
        + "&password="
        + password;
  }

  /**
   * Creates a new, empty database.
   *
   * @return its JDBC URL ({@link #url})
   */
  public String createDatabase(String name) {
    if (!name.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("database name " + name);
    }
    try (Connection c = DriverManager.getConnection(url("postgres"));
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
    }
    return url(name);
  }

  /** Stops the server and deletes its folder. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs or ran
    }
    deleteTree(dir);
  }

  private void stopQuietly() {
    if (Files.exists(data.resolve("postmaster.pid"))) {
      command(
          bin.resolve("pg_ctl").toString(),
          "-D",
          data.toString(),
          "-m",
          "immediate",
          "-w",
          "-t",
          "60",
          "stop");
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a file the server still wrote while stopping: leave the temporary folder
    }
  }

  private Result command(String... args) {
    List<String> cmd = new ArrayList<>();
    if (asRoot) {
      cmd.addAll(List.of("runuser", "-u", RUN_AS, "--"));
    }
    cmd.addAll(List.of(args));
    return run(cmd, dir);
  }

  private void check(Result r, String what) {
    if (r.exit != 0) {
      String log = "";
      try {
        Path l = dir.resolve("server.log");
        if (Files.exists(l)) {
          log = "; server.log: " + Files.readString(l, UTF_8).strip();
        }
      } catch (IOException e) {
        // no log
      }
      throw new IllegalStateException(
          what + " failed (exit " + r.exit + "): " + r.output.strip() + log);
    }
  }

  private record Result(int exit, String output) {}

  private static Result run(List<String> cmd, Path workDir) {
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      if (workDir != null) {
        pb.directory(workDir.toFile());
      }
      pb.environment().put("LC_ALL", "C");
      pb.environment().put("TZ", "UTC");
      Process p = pb.start();
      // pg_ctl start leaves the server running with its output going to the log file, so the
      // pipe closes when pg_ctl exits.
      String out = new String(p.getInputStream().readAllBytes(), UTF_8);
      if (!p.waitFor(180, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, String.join(" ", cmd).toLowerCase(Locale.ROOT) + ": timed out");
      }
      return new Result(p.exitValue(), out);
    } catch (IOException e) {
      return new Result(-1, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }
}
