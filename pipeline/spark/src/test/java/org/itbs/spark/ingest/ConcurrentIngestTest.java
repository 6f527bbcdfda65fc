package org.itbs.spark.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.itbs.core.lake.Lake;
import org.itbs.core.lake.LakeState;
import org.itbs.spark.LakeReads;
import org.itbs.spark.TestSubmission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two ingests into one lake at the same time: the first runs in a child JVM and holds its site's
 * lock; a second of the same site, in this JVM, exits with status 4 naming the first, or with
 * {@code --wait} waits and then commits on top; one of another site runs alongside, and both land.
 * The first is never harmed.
 */
class ConcurrentIngestTest {
  @TempDir Path tmp;

  private static Process ingestInChild(Path lake, Path submission, Path log) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("-Dspark.ui.enabled=false");
    cmd.add(IngestMain.class.getName());
    cmd.add("--lake");
    cmd.add(lake.toString());
    cmd.add("--master");
    cmd.add("local[2]");
    cmd.add(submission.toString());
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return pb.start();
  }

  /** A submission with enough training weeks that its ingest takes a few seconds. */
  private static TestSubmission big() {
    StringBuilder sb =
        new StringBuilder(
            "participant_id,week_start,distance_km,duration_h,maintenance_sessions\n");
    LocalDate monday = LocalDate.of(2024, 3, 4);
    for (int i = 0; i < 60_000; i++) {
      sb.append(TestSubmission.P1)
          .append(',')
          .append(monday.plusWeeks(i % 50))
          .append(",30.5,2.9,2\n");
    }
    return TestSubmission.valid().put("training_weeks.csv", sb.toString());
  }

  /**
   * Starts the first ingest (of site CLINA) in a child JVM and returns once it holds the site's
   * lock.
   */
  private static Process firstHoldingTheLock(Path lake, Path submission, Path log)
      throws Exception {
    Process p = ingestInChild(lake, submission, log);
    Path lock = Lake.at(lake).siteLockFile("CLINA");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.exists(lock) && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(lock).as(Files.readString(log)).exists();
    return p;
  }

  /** No lock, staging or run lock left once the runs ended. */
  private static void nothingLeft(Path lake) {
    assertThat(Lake.at(lake).lockFile()).doesNotExist();
    if (Files.exists(lake.resolve(Lake.LOCKS))) {
      assertThat(lake.resolve(Lake.LOCKS)).isEmptyDirectory();
    }
    assertThat(Lake.at(lake).staging()).doesNotExist();
  }

  /** Runs {@code run} with standard error captured; returns {status, stderr}. */
  private static Object[] withStderr(IntSupplier run) {
    PrintStream err = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      int status = run.getAsInt();
      return new Object[] {status, buf.toString(StandardCharsets.UTF_8)};
    } finally {
      System.setErr(err);
    }
  }

  @Test
  void secondIngestOfTheSameSiteWithoutWaitExits4NamingTheFirstWhichCompletesUnharmed()
      throws Exception {
    Path lake = tmp.resolve("lake");
    Path log = tmp.resolve("first.log");
    Path first = big().writeTo(tmp.resolve("first"));
    Path second =
        TestSubmission.valid().created("2026-07-01T00:00:00Z").writeTo(tmp.resolve("second"));
    Process p = firstHoldingTheLock(lake, first, log);

    Object[] r =
        withStderr(
            () -> IngestMain.run(new String[] {"--lake", lake.toString(), second.toString()}));

    assertThat(r[0]).as((String) r[1]).isEqualTo(4);
    String err = (String) r[1];
    assertThat(err.lines())
        .singleElement()
        .asString()
        .startsWith("itbs ingest: lake " + lake.toAbsolutePath() + " (site CLINA)")
        .contains("is busy: ingest by " + System.getProperty("user.name"))
        .contains("(pid " + p.pid() + ") since ")
        .contains("--wait");

    assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(log)).isZero();
    LakeState s = LakeReads.state(lake);
    assertThat(s.version()).isEqualTo(1);
    assertThat(s.currentSubmissions().get(0).files().get("training_weeks.csv").read())
        .isEqualTo(60_000);
    nothingLeft(lake);
  }

  @Test
  void secondIngestOfTheSameSiteWithWaitWaitsForTheFirstAndCommitsOnTop() throws Exception {
    Path lake = tmp.resolve("lake");
    Path log = tmp.resolve("first.log");
    Path first = big().writeTo(tmp.resolve("first"));
    Path second =
        TestSubmission.valid().created("2026-07-01T00:00:00Z").writeTo(tmp.resolve("second"));
    Process p = firstHoldingTheLock(lake, first, log);

    Object[] r =
        withStderr(
            () ->
                IngestMain.run(
                    new String[] {
                      "--lake", lake.toString(), "--master", "local[2]", "--wait", second.toString()
                    }));

    assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(log)).isZero();
    assertThat(r[0]).as((String) r[1]).isEqualTo(0);
    assertThat(((String) r[1]).lines().filter(l -> l.contains("waiting for it to end")))
        .singleElement()
        .asString()
        .contains("(pid " + p.pid() + ")");
    LakeState s = LakeReads.state(lake);
    assertThat(s.version()).isEqualTo(2);
    assertThat(s.submissions()).hasSize(2);
    // The waiting run committed on top: its submission is the site's current one.
    assertThat(s.currentSubmissions().get(0).files().get("training_weeks.csv").read())
        .isNotEqualTo(60_000);
    nothingLeft(lake);
  }

  @Test
  void ingestsOfTwoSitesRunTogetherAndBothLand() throws Exception {
    Path lake = tmp.resolve("lake");
    Path log = tmp.resolve("first.log");
    Path first = big().writeTo(tmp.resolve("first"));
    Path second = TestSubmission.valid().site("CLINB").writeTo(tmp.resolve("second"));
    Process p = firstHoldingTheLock(lake, first, log);

    Object[] r =
        withStderr(
            () ->
                IngestMain.run(
                    new String[] {
                      "--lake", lake.toString(), "--master", "local[2]", second.toString()
                    }));

    assertThat(r[0]).as((String) r[1]).isEqualTo(0);
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(log)).isZero();
    LakeState s = LakeReads.state(lake);
    assertThat(s.version()).isEqualTo(2);
    assertThat(s.current()).containsOnlyKeys("CLINA", "CLINB");
    assertThat(
            s.submission(s.current().get("CLINA"))
                .orElseThrow()
                .files()
                .get("training_weeks.csv")
                .read())
        .isEqualTo(60_000);
    nothingLeft(lake);
  }

  @Test
  void unreachableMasterFailsInSecondsWithOneLine() throws Exception {
    Path lake = tmp.resolve("lake");
    Path sub = TestSubmission.valid().writeTo(tmp.resolve("sub"));
    long t0 = System.nanoTime();
    Object[] r =
        withStderr(
            () ->
                IngestMain.run(
                    new String[] {
                      "--lake", lake.toString(), "--master", "spark://127.0.0.1:1", sub.toString()
                    }));
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertThat(seconds).isLessThan(30);
    assertThat(r[0]).isEqualTo(5);
    assertThat(((String) r[1]).lines())
        .singleElement()
        .asString()
        .startsWith("itbs ingest: cannot reach the Spark master spark://127.0.0.1:1 (")
        .contains("itbs cluster start");
    assertThat(Lake.at(lake).lockFile()).doesNotExist();
  }

  @Test
  void lakeThatCannotBeWrittenFailsWithOneLineAndLeavesNothing() throws Exception {
    Path file = Files.writeString(tmp.resolve("a-file"), "not a folder");
    Path lake = file.resolve("lake");
    Path sub = TestSubmission.valid().writeTo(tmp.resolve("sub"));
    Object[] r =
        withStderr(() -> IngestMain.run(new String[] {"--lake", lake.toString(), sub.toString()}));
    assertThat(r[0]).isEqualTo(1);
    assertThat(((String) r[1]).lines())
        .singleElement()
        .asString()
        .startsWith("itbs ingest: not a folder: " + lake.toAbsolutePath())
        .contains("nothing was committed");
    assertThat(Files.readString(file)).isEqualTo("not a folder");
  }

  @Test
  void lakeWithoutWritePermissionFailsWithOneLine() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeFalse(
        "root".equals(System.getProperty("user.name")), "root may write anywhere");
    Path lake = Files.createDirectories(tmp.resolve("lake"));
    Path sub = TestSubmission.valid().writeTo(tmp.resolve("sub"));
    Files.setPosixFilePermissions(
        lake, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      Object[] r =
          withStderr(
              () -> IngestMain.run(new String[] {"--lake", lake.toString(), sub.toString()}));
      assertThat(r[0]).isEqualTo(1);
      assertThat(((String) r[1]).lines())
          .singleElement()
          .asString()
          .startsWith("itbs ingest: permission denied: " + lake.toAbsolutePath())
          .contains("write access");
    } finally {
      Files.setPosixFilePermissions(
          lake, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }
}
