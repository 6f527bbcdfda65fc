package org.itbs.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.apache.hadoop.conf.Configuration;
import org.itbs.core.lake.Lake;
import org.itbs.core.lake.LakeLock;
import org.itbs.lake.IcebergLake;
import org.itbs.lake.LakeTables;
import org.itbs.spark.lake.LakeFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code itbs lake erase} on a lake whose files the lake's own part writers made ({@link
 * LakeFiles}): what it prints (no pseudonym), its exit statuses, and the latest version without the
 * runner. (Every byte of the lake is searched in itbs-lake, LakeErasureTest.)
 */
class LakeEraseCommandTest {
  /** Pseudonyms as itbs contribute makes them: 20 lowercase hex digits. */
  private static final String P = "3f9a0c27be41d5e8a9c2";

  private static final String A2 = "0b7e55d1c9a24f3e8d10";
  private static final String B1 = "c41d0e9f7a3b2265e8f1";

  @TempDir Path root;

  private void lakeOfThreeSubmissions() throws Exception {
    try (IcebergLake l = IcebergLake.open(root, null, new Configuration())) {
      l.commit(LakeFiles.submission(l, "BBB", "sub-b1", "run-1", List.of(B1), "zz"));
      l.commit(LakeFiles.submission(l, "AAA", "sub-a1", "run-2", List.of(P, A2), P));
      l.commit(LakeFiles.submission(l, "AAA", "sub-a2", "run-3", List.of(A2, P), "yy"));
    }
  }

  @Test
  void erasesTheRunnerAndPrintsWhatItDidWithoutThePseudonym() throws Exception {
    lakeOfThreeSubmissions();
    CliRun r =
        CliRun.of(
            "lake",
            "erase",
            "--lake",
            root.toString(),
            "--site",
            "AAA",
            "--participant",
            P,
            "--reason",
            "consent withdrawn");
    assertThat(r.err()).isEmpty();
    assertThat(r.status()).isZero();
    assertThat(r.out())
        .contains("erase-1: one runner of site AAA erased")
        .contains("lake version 4 written without the runner")
        .containsPattern("curated.participants +1 +1\n")
        .containsPattern("quarantine.participants +0 +1\n")
        .contains("lake versions that held the runner and can no longer be read as they were: 2, 3")
        .doesNotContain(P);
    try (IcebergLake l = IcebergLake.open(root, null, new Configuration())) {
      IcebergLake.Version v = l.latest().orElseThrow();
      assertThat(
              l.read(v, LakeTables.curatedId(LakeFiles.PARTICIPANTS)).stream()
                  .map(x -> x.getField("participant_id"))
                  .toList())
          .containsExactlyInAnyOrder(A2, B1);
      assertThat(l.erasures()).singleElement().asString().doesNotContain(P);
    }
    // Again: the runner is gone, so the pseudonym is unknown now.
    CliRun again =
        CliRun.of(
            "lake",
            "erase",
            "--lake",
            root.toString(),
            "--site",
            "AAA",
            "--participant",
            P,
            "--reason",
            "consent withdrawn");
    assertThat(again.status()).isEqualTo(2);
    assertThat(again.err())
        .startsWith("itbs lake erase: site AAA has no row of that participant")
        .doesNotContain(P)
        .hasLineCount(1);
  }

  @Test
  void anotherRunHoldingTheLockMakesItExitFourAndChangeNothing() throws Exception {
    lakeOfThreeSubmissions();
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    CompletableFuture<Void> other =
        CompletableFuture.runAsync(
            () -> {
              try (LakeLock lock = Lake.at(root).lock("ingest", m -> {})) {
                held.countDown();
                done.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    held.await();
    CliRun r;
    try {
      r =
          CliRun.of(
              "lake",
              "erase",
              "--lake",
              root.toString(),
              "--site",
              "AAA",
              "--participant",
              P,
              "--reason",
              "consent withdrawn");
    } finally {
      done.countDown();
      other.join();
    }
    assertThat(r.status()).isEqualTo(4);
    assertThat(r.err()).startsWith("itbs lake erase: ").hasLineCount(1);
    try (IcebergLake l = IcebergLake.open(root, null, new Configuration())) {
      assertThat(l.versions()).hasSize(3);
    }
  }

  @Test
  void aLakeWithoutCatalogIsRefusedInOneLine() {
    CliRun r =
        CliRun.of(
            "lake",
            "erase",
            "--lake",
            root.toString(),
            "--site",
            "AAA",
            "--participant",
            P,
            "--reason",
            "consent withdrawn");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("has no Iceberg catalog (catalog.db)").hasLineCount(1);
  }
}
