package org.itbs.spark.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.itbs.core.lake.Lake;
import org.itbs.core.lake.LakeState;
import org.itbs.spark.LakeReads;
import org.itbs.spark.TestSubmission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed with SIGKILL in the middle of an ingest leaves the committed lake as it was, and the
 * next run completes. The ingest runs in a child JVM so that it can really be killed.
 */
class KillAndRerunTest {
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
  private static TestSubmission big() throws IOException {
    StringBuilder sb =
        new StringBuilder(
            "participant_id,week_start,distance_km,duration_h,maintenance_sessions\n");
    java.time.LocalDate monday = java.time.LocalDate.of(2024, 3, 4);
    for (int i = 0; i < 60_000; i++) {
      // The same 50 weeks over and over: duplicate keys, so the duplicate check has work.
      sb.append(TestSubmission.P1)
          .append(',')
          .append(monday.plusWeeks(i % 50))
          .append(",30.5,2.9,2\n");
    }
    return TestSubmission.valid().put("training_weeks.csv", sb.toString());
  }

  @Test
  void runKilledMidwayLeavesCommittedLakeAsItWasAndNextRunCompletes() throws Exception {
    Path lake = tmp.resolve("lake");
    Path log = tmp.resolve("child.log");
    Path first = TestSubmission.valid().writeTo(tmp.resolve("first"));
    Process p0 = ingestInChild(lake, first, log);
    assertThat(p0.waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(p0.exitValue()).as(Files.readString(log)).isZero();
    LakeState committed = LakeReads.state(lake);
    Map<String, String> committedFiles = TestSubmission.treeHashes(lake);

    Path second = big().created("2026-05-01T00:00:00Z").writeTo(tmp.resolve("second"));
    Process p = ingestInChild(lake, second, log);
    Path staging = Lake.at(lake).staging();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!containsParquet(staging) && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(p.isAlive())
        .as("the child must still be running when killed: " + Files.readString(log))
        .isTrue();
    p.destroyForcibly(); // SIGKILL
    p.waitFor(30, TimeUnit.SECONDS);

    assertThat(LakeReads.state(lake)).isEqualTo(committed);
    for (Map.Entry<String, String> e : committedFiles.entrySet()) {
      if (e.getKey().contains("catalog.db")) {
        continue; // the catalog's database: its committed rows are compared through the state
      }
      assertThat(TestSubmission.treeHashes(lake)).containsEntry(e.getKey(), e.getValue());
    }

    Process rerun = ingestInChild(lake, second, log);
    assertThat(rerun.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(rerun.exitValue()).as(Files.readString(log)).isZero();
    LakeState after = LakeReads.state(lake);
    assertThat(after.version()).isEqualTo(committed.version() + 1);
    assertThat(after.currentSubmissions().get(0).files().get("training_weeks.csv").read())
        .isEqualTo(60_000);
    assertThat(staging).doesNotExist();
  }

  private static boolean containsParquet(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (var w = Files.walk(dir)) {
      return w.anyMatch(f -> f.getFileName().toString().endsWith(".parquet"));
    } catch (java.io.UncheckedIOException e) {
      return false; // a file vanished while walking: the job is moving things
    }
  }
}
