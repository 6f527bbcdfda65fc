package org.itbs.core.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lake's lock: one writer at a time, named when busy, stale locks taken over, released. */
class LakeLockTest {
  @TempDir Path tmp;

  private final List<String> notices = new CopyOnWriteArrayList<>();

  @Test
  void lockFileHoldsUserHostPidAndIsRemovedOnClose() throws Exception {
    Lake lake = Lake.at(tmp.resolve("lake"));
    try (LakeLock lock = lake.lock("ingest", notices::add)) {
      assertThat(lake.lockFile()).exists();
      var json = new ObjectMapper().readTree(lake.lockFile().toFile());
      assertThat(json.get("user").asText()).isEqualTo(System.getProperty("user.name"));
      assertThat(json.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
      assertThat(json.get("host").asText()).isNotBlank();
      assertThat(json.get("command").asText()).isEqualTo("ingest");
      assertThat(json.get("since").asText()).isNotBlank();
      assertThat(json.get("heartbeat").asText()).isNotBlank();
      assertThat(lock.holder().token()).isEqualTo(json.get("token").asText());
    }
    assertThat(lake.lockFile()).doesNotExist();
    assertThat(notices).isEmpty();
  }

  @Test
  void aHeartbeatUnderWayWhenTheLockIsReleasedDoesNotWriteTheLockFileBack() throws Exception {
    // A beat that read the lock just before close() deleted it used to move its refreshed copy back
    // into place: the next run (features right after ingest) then found the lake busy, held by a
    // run that had ended. With a beat every millisecond the race comes up within a few hundred
    // releases.
    long before = LakeLock.heartbeatMillis;
    LakeLock.heartbeatMillis = 1;
    try {
      Lake lake = Lake.at(tmp.resolve("lake"));
      Files.createDirectories(lake.root());
      for (int i = 0; i < 300; i++) {
        try (LakeLock lock = lake.lock("ingest", notices::add)) {
          Thread.sleep(i % 3);
        }
        Thread.sleep(2);
        assertThat(lake.lockFile()).as("after release %d", i).doesNotExist();
      }
    } finally {
      LakeLock.heartbeatMillis = before;
    }
  }

  @Test
  void secondRunOnAnotherThreadIsRefusedNamingTheHolder() throws Exception {
    Lake lake = Lake.at(tmp.resolve("lake"));
    ExecutorService other = Executors.newSingleThreadExecutor();
    try (LakeLock first = lake.lock("ingest", notices::add)) {
      Future<?> second = other.submit(() -> lake.lock("features", notices::add).close());
      assertThatThrownBy(second::get)
          .hasCauseInstanceOf(LakeBusyException.class)
          .cause()
          .hasMessageContaining("is busy: ingest by " + System.getProperty("user.name"))
          .hasMessageContaining("(pid " + ProcessHandle.current().pid() + ") since ")
          .hasMessageContaining("--wait");
      assertThat(lake.lockFile()).exists();
      first.checkHeld();
    } finally {
      other.shutdownNow();
    }
  }

  @Test
  void sameThreadGetsANestedHandleThatLeavesTheLockToTheOuterOne() {
    Lake lake = Lake.at(tmp.resolve("lake"));
    try (LakeLock outer = lake.lock("ingest", notices::add)) {
      lake.lock("ingest", notices::add).close();
      assertThat(lake.lockFile()).exists();
      outer.checkHeld();
    }
    assertThat(lake.lockFile()).doesNotExist();
  }

  @Test
  void waitingRunTakesTheLockOnceTheHolderReleasesIt() throws Exception {
    Lake lake = Lake.at(tmp.resolve("lake"));
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      LakeLock first = lake.lock("ingest", notices::add);
      Future<String> second =
          other.submit(
              () -> {
                try (LakeLock l = lake.lockWaiting("features", notices::add)) {
                  return l.holder().command();
                }
              });
      Thread.sleep(2_500);
      assertThat(second.isDone()).isFalse();
      first.close();
      assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo("features");
      assertThat(notices)
          .singleElement()
          .asString()
          .contains("is busy: ingest by")
          .contains("waiting for it to end (--wait)");
      assertThat(lake.lockFile()).doesNotExist();
    } finally {
      other.shutdownNow();
    }
  }

  @Test
  void lockWhoseHeartbeatIsOlderThanTheTimeoutIsTakenOver() throws Exception {
    Lake lake = Lake.at(tmp.resolve("lake"));
    Instant old = Instant.now().minus(LakeLock.STALE_AFTER).minusSeconds(5);
    writeLock(lake, "far-away-host", 4242, old);
    try (LakeLock lock = lake.lock("ingest", notices::add)) {
      assertThat(lock.holder().host()).isNotEqualTo("far-away-host");
      lock.checkHeld();
    }
    assertThat(notices)
        .singleElement()
        .asString()
        .contains("taking over the stale lock")
        .contains("far-away-host (pid 4242)")
        .contains("no heartbeat for 2 minutes");
  }

  @Test
  void lockWithAFreshHeartbeatOnAnotherHostIsRespected() throws Exception {
    Lake lake = Lake.at(tmp.resolve("lake"));
    writeLock(lake, "far-away-host", 4242, Instant.now());
    assertThatThrownBy(() -> lake.lock("ingest", notices::add))
        .isInstanceOf(LakeBusyException.class)
        .hasMessageContaining("ingest by alice on far-away-host (pid 4242)");
  }

  @Test
  void lockOfAProcessGoneFromThisHostIsTakenOver() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor(10, TimeUnit.SECONDS);
    Lake lake = Lake.at(tmp.resolve("lake"));
    writeLock(lake, hostOfThisMachine(lake), p.pid(), Instant.now());
    try (LakeLock lock = lake.lock("ingest", notices::add)) {
      lock.checkHeld();
    }
    assertThat(notices).singleElement().asString().contains("process gone");
  }

  @Test
  void removeDeadStagingSparesTheStagingOfLiveRunsOnly() throws Exception {
    Lake lake = Lake.at(tmp.resolve("lake"));
    Path dead = lake.staging().resolve("0000-dead-run.1234");
    Files.createDirectories(dead);
    try (LakeLock site = lake.lockSite("CLINA", "ingest", notices::add);
        LakeLock run = lake.lockRun("ingest", notices::add)) {
      Path mine = lake.newStaging(run.holder().token());
      assertThat(lake.liveTokens()).contains(site.holder().token(), run.holder().token());
      assertThat(lake.removeDeadStaging()).isEqualTo(1);
      assertThat(mine).isDirectory();
      assertThat(dead).doesNotExist();
      // For another run (thread), the same site is busy; another site is not.
      ExecutorService other = Executors.newSingleThreadExecutor();
      try {
        Future<?> same = other.submit(() -> lake.lockSite("CLINA", "ingest", notices::add).close());
        assertThatThrownBy(same::get)
            .cause()
            .isInstanceOf(LakeBusyException.class)
            .hasMessageContaining("(site CLINA) is busy");
        other.submit(() -> lake.lockSite("CLINB", "ingest", notices::add).close()).get();
      } finally {
        other.shutdownNow();
      }
    }
    assertThat(lake.removeDeadStaging()).isEqualTo(1);
    assertThat(lake.staging()).doesNotExist();
  }

  @Test
  void lockIsReleasedWhenTheRunFails() {
    Lake lake = Lake.at(tmp.resolve("lake"));
    assertThatThrownBy(
            () -> {
              try (LakeLock l = lake.lock("ingest", notices::add)) {
                throw new IllegalStateException("boom");
              }
            })
        .hasMessage("boom");
    assertThat(lake.lockFile()).doesNotExist();
  }

  @Test
  void commitRefusesWhenTheLockWasTakenOverMeanwhile() throws Exception {
    Lake lake = Lake.at(tmp.resolve("lake"));
    try (LakeLock lock = lake.lock("ingest", notices::add)) {
      Files.delete(lake.lockFile());
      writeLock(lake, "far-away-host", 7, Instant.now());
      assertThatThrownBy(lock::checkHeld)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("lost the lock")
          .hasMessageContaining("far-away-host (pid 7)");
    }
    // Not ours any more: closing leaves the other run's lock alone.
    assertThat(lake.lockFile()).exists();
  }

  /** The host name this JVM writes into its locks. */
  private static String hostOfThisMachine(Lake lake) {
    try (LakeLock l = Lake.at(lake.root().resolveSibling("probe")).lock("probe", m -> {})) {
      return l.holder().host();
    }
  }

  private static void writeLock(Lake lake, String host, long pid, Instant heartbeat)
      throws Exception {
    ObjectNode n = new ObjectMapper().createObjectNode();
    n.put("user", "alice");
    n.put("host", host);
    n.put("pid", pid);
    n.put("command", "ingest");
    n.put("since", heartbeat.minusSeconds(60).toString());
    n.put("heartbeat", heartbeat.toString());
    n.put("token", "0000-other-run");
    Files.createDirectories(lake.root());
    Files.write(lake.lockFile(), new ObjectMapper().writeValueAsBytes(n));
  }
}
