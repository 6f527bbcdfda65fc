package org.itbs.spark.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.itbs.core.Settings;
import org.itbs.core.lake.Lake;
import org.itbs.spark.TestSubmission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code --master spark://HOST:PORT} whose port accepts connections but is no Spark master (a
 * socket that says nothing, one that answers garbage), or is a real standalone master without a
 * worker: the ingest, run in a JVM of its own as {@code itbs ingest} runs, fails with exit status 5
 * and one line saying what failed and what to do, instead of waiting for Spark's minute of
 * registration retries (or, without a worker, forever). The lake stays byte for byte as it was,
 * with no staging and no lock left.
 */
class UnresponsiveMasterTest {
  @TempDir static Path dir;
  private static Path lake;
  private static Path submission;
  private static Path emptyJar;

  private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void aLakeWithData() throws IOException {
    lake = dir.resolve("lake");
    Path good = TestSubmission.valid().site("GOODS").writeTo(dir.resolve("good"));
    assertThat(IngestMain.run(lake.toString(), "local[2]", List.of(good.toString()))).isZero();
    submission = TestSubmission.valid().writeTo(dir.resolve("sub"));
    // The job jar a cluster's driver serves to its executors; no executor ever asks for it here.
    emptyJar = dir.resolve("empty.jar");
    try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(emptyJar), new Manifest())) {
      j.flush();
    }
  }

  @AfterEach
  void closeServers() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  /** A server on 127.0.0.1 that accepts every connection and hands it to {@code talk}. */
  private int server(SocketTalk talk) throws IOException {
    ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    open.add(ss);
    Thread t =
        new Thread(
            () -> {
              while (!ss.isClosed()) {
                try {
                  Socket s = ss.accept();
                  open.add(s);
                  Thread h =
                      new Thread(
                          () -> {
                            try {
                              talk.talk(s);
                            } catch (IOException e) {
                              // the client went away
                            }
                          });
                  h.setDaemon(true);
                  h.start();
                } catch (IOException e) {
                  return;
                }
              }
            });
    t.setDaemon(true);
    t.start();
    return ss.getLocalPort();
  }

  private interface SocketTalk {
    void talk(Socket s) throws IOException;
  }

  /** Reads what the client sends and never answers. */
  private static void silent(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    byte[] buf = new byte[4096];
    while (in.read(buf) >= 0) {
      // say nothing
    }
  }

  /** Answers every connection with random bytes, then an HTTP error, and keeps it open. */
  private static void garbage(Socket s) throws IOException {
    byte[] junk = new byte[4096];
    new Random(13).nextBytes(junk);
    OutputStream out = s.getOutputStream();
    out.write(junk);
    out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(UTF_8));
    out.flush();
    silent(s);
  }

  /** Runs {@code IngestMain} in a JVM of its own; returns {exit status, stderr}. */
  private static Object[] ingestInChild(String master, String... jvmOptions) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("-Dspark.ui.enabled=false");
    cmd.add("-Dspark.driver.host=127.0.0.1");
    cmd.add("-D" + Settings.JOBS_JAR.property() + "=" + emptyJar);
    cmd.addAll(List.of(jvmOptions));
    cmd.add(IngestMain.class.getName());
    cmd.addAll(List.of("--lake", lake.toString(), "--master", master, submission.toString()));
    Path err = Files.createTempFile(dir, "err", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(err.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().remove(Settings.MASTER_TIMEOUT.env());
    pb.environment().remove(Settings.EXECUTOR_TIMEOUT.env());
    Process p = pb.start();
    try {
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(Files.readString(err)).isTrue();
    } finally {
      p.destroyForcibly();
    }
    return new Object[] {p.exitValue(), Files.readString(err)};
  }

  private static void assertLakeAsItWas(Map<String, String> before) {
    assertThat(TestSubmission.treeHashes(lake)).isEqualTo(before);
    assertThat(Lake.at(lake).staging()).doesNotExist();
    assertThat(Lake.at(lake).lockFile()).doesNotExist();
  }

  @Test
  void aPortThatSaysNothingFailsWithStatus5AfterTheDefaultTimeout() throws Exception {
    Map<String, String> before = TestSubmission.treeHashes(lake);
    String master = "spark://127.0.0.1:" + server(UnresponsiveMasterTest::silent);
    Object[] r = ingestInChild(master);
    assertThat(r[0]).as((String) r[1]).isEqualTo(5);
    assertThat(((String) r[1]).lines())
        .singleElement()
        .asString()
        .startsWith(
            "itbs ingest: the Spark master "
                + master
                + " did not take the application within "
                + Settings.DEFAULT_MASTER_TIMEOUT_SECONDS
                + " s (its port answers, but not as a Spark master")
        .contains("check --master")
        .contains("--master-timeout SECONDS (ITBS_MASTER_TIMEOUT)");
    assertLakeAsItWas(before);
  }

  @Test
  void aPortThatAnswersGarbageFailsWithStatus5() throws Exception {
    Map<String, String> before = TestSubmission.treeHashes(lake);
    String master = "spark://127.0.0.1:" + server(UnresponsiveMasterTest::garbage);
    Object[] r = ingestInChild(master, "-D" + Settings.MASTER_TIMEOUT.property() + "=3");
    assertThat(r[0]).as((String) r[1]).isEqualTo(5);
    assertThat(((String) r[1]).lines())
        .singleElement()
        .asString()
        .startsWith(
            "itbs ingest: the Spark master " + master + " did not take the application within 3 s")
        .doesNotContain("Exception");
    assertLakeAsItWas(before);
  }

  @Test
  void aMasterWithoutWorkersFailsWithStatus5NamingTheWorkers() throws Exception {
    Map<String, String> before = TestSubmission.treeHashes(lake);
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    Path log = dir.resolve("master.log");
    // The tests' log4j2-test.properties shows warnings only; the master's INFO line tells when it
    // leads.
    Path logConfig =
        Files.writeString(
            dir.resolve("master-log4j2.properties"),
            "rootLogger.level = info\nrootLogger.appenderRef.out.ref = out\n"
                + "appender.out.type = Console\nappender.out.name = out\n"
                + "appender.out.layout.type = PatternLayout\nappender.out.layout.pattern = %m%n\n");
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                "-Dspark.master.rest.enabled=false",
                "-Dlog4j2.configurationFile=" + logConfig,
                "org.apache.spark.deploy.master.Master",
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--webui-port",
                "0")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("SPARK_PUBLIC_DNS", "127.0.0.1");
    Process masterProcess = pb.start();
    open.add(
        () -> {
          masterProcess.destroy();
          if (!masterProcess.waitFor(20, TimeUnit.SECONDS)) {
            masterProcess.destroyForcibly();
          }
        });
    awaitLeader(masterProcess, log);

    String master = "spark://127.0.0.1:" + port;
    Object[] r = ingestInChild(master, "-D" + Settings.EXECUTOR_TIMEOUT.property() + "=3");
    assertThat(r[0]).as((String) r[1]).isEqualTo(5);
    assertThat(((String) r[1]).lines())
        .singleElement()
        .asString()
        .startsWith(
            "itbs ingest: the Spark master "
                + master
                + " gave the application no executor within 3 s of taking it (no worker alive")
        .contains("itbs cluster status")
        .endsWith("or wait longer with ITBS_EXECUTOR_TIMEOUT=SECONDS");
    assertLakeAsItWas(before);
  }

  /** Waits until the master has taken the lead (before that it would not answer an app). */
  private static void awaitLeader(Process p, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && p.isAlive()) {
      if (Files.exists(log) && Files.readString(log).contains("elected leader")) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the master did not start: " + Files.readString(log));
  }
}
