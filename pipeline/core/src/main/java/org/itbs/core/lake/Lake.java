package org.itbs.core.lake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A lake: a folder of any java.nio file system, the local disk or, through the jobs' Hadoop-backed
 * provider ({@code org.itbs.spark.fs}), HDFS, S3 and the other Hadoop file systems. The lake is
 * reached from its root {@link Path} only ({@code root.resolve(...)}), never through {@code
 * Path.of} or {@code toFile()}, so every path of a lake is of its root's file system.
 *
 * <p>The lake's data are Apache Iceberg tables in a JDBC catalog (issue 17): {@code
 * org.itbs.lake.IcebergLake} owns them, their data folders under {@code LAKE/warehouse/}, the
 * catalog ({@code LAKE/catalog.db} by default), the lake versions and the audit record of every
 * submission. This class owns the rest of the layout:
 *
 * <pre>
 * LAKE/_locks/&lt;SITE&gt;.json                                the lock of the ingest of a site ({@link #lockSite})
 * LAKE/_locks/run.&lt;UUID&gt;.json                            a running job ({@link #lockRun}): its token spares its work
 * LAKE/_staging/&lt;TOKEN&gt;.&lt;ID&gt;/                           work in progress of a running ingest or features job
 * </pre>
 *
 * <p>The features job's outputs are Iceberg tables too ({@code analysis.runners}, {@code
 * analysis.recurrence_intervals}, recorded per lake version in the catalog). A lake written before
 * them may still hold plain Parquet folders {@code LAKE/analysis/v<N>/} ({@value #ANALYSIS}); no
 * reader uses them, and an erasure removes the runner's rows from them too.
 *
 * <p>The layout before the catalog ({@code _lake.json}, {@code curated/<table>/site=<SITE>/
 * submission=<ID>/}, {@code quarantine/...}, {@code audit/<ID>.json}, one lake lock {@code
 * _lock.json}) is still read by {@link #state()}, {@link #curated}, {@link #quarantine} and {@link
 * #audit}, for {@code itbs lake migrate}; nothing writes it any more.
 *
 * <p>Commits are serialised by the catalog, not by a lock: ingests of different sites run at once,
 * and a site's lock keeps two ingests of the same site one after the other. A staging folder is
 * named after the token of its run's lock ({@code _staging/<token>.<id>}), and {@link
 * #removeDeadStaging()} spares the staging of live runs. What an object store does not give is an
 * atomic create, so there a site's lock keeps honest users apart but is no mutual exclusion (the
 * catalog still serialises the commits).
 */
public final class Lake {
  /** Name of the state file of a lake of the layout before the catalog (read for migration). */
  public static final String STATE_FILE = "_lake.json";

  /** Name of the lock file of the run that writes the lake ({@link LakeLock}). */
  public static final String LOCK_FILE = "_lock.json";

  /**
   * Name of the folder of the plain Parquet analysis versions of a lake written before the analysis
   * tables, under the root (an erasure still cleans it).
   */
  public static final String ANALYSIS = "analysis";

  private static final String STAGING = "_staging";
  private static final String CURATED = "curated";
  private static final String QUARANTINE = "quarantine";
  private static final String AUDIT = "audit";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path root;

  private Lake(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** The lake at {@code root}, which need not exist yet. */
  public static Lake at(Path root) {
    return new Lake(root);
  }

  /** The lake's root folder. */
  public Path root() {
    return root;
  }

  /** The state file ({@value #STATE_FILE}); it exists once something was committed. */
  public Path stateFile() {
    return root.resolve(STATE_FILE);
  }

  /** Whether the root holds a lake of the layout before the catalog (a {@code _lake.json}). */
  public boolean exists() {
    return Files.isRegularFile(stateFile());
  }

  /**
   * The committed state of a lake of the layout before the catalog ({@code _lake.json}, read by
   * {@code itbs lake migrate}); {@link LakeState#empty()} when there is none. The lake's state
   * today comes from its catalog ({@code org.itbs.lake.IcebergLake#state()}).
   */
  public LakeState state() {
    Path f = stateFile();
    if (!Files.exists(f)) {
      return LakeState.empty();
    }
    try (InputStream in = Files.newInputStream(f)) {
      return JSON.readValue(in, LakeState.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read lake state " + f, e);
    }
  }

  /** The lock file ({@value #LOCK_FILE}); it exists while a run writes the lake. */
  public Path lockFile() {
    return root.resolve(LOCK_FILE);
  }

  /**
   * Takes the lake's lock for a run that writes it, or fails at once when another run holds it; a
   * stale lock (see {@link LakeLock}) is taken over. The root folder is created if need be (and
   * removed with the lock when the run left nothing in it). A thread that holds the lock already
   * gets a nested handle.
   *
   * @param command what the run does ({@code ingest}, {@code features}), for the lock's record
   * @param notices where to say that a stale lock was taken over (one line)
   * @return the lock; close it at the end of the run
   * @throws LakeBusyException when a live run holds the lock
   * @throws UncheckedIOException when the lock cannot be written (a read-only lake, a full disk)
   */
  public LakeLock lock(String command, Consumer<String> notices) {
    return LakeLock.take(lockFile(), command, notices);
  }

  /**
   * Takes the lake's lock as {@link #lock}, waiting while another run holds it ({@code --wait});
   * says once through {@code notices} whom it waits for.
   *
   * @throws UncheckedIOException when the lock cannot be written
   */
  public LakeLock lockWaiting(String command, Consumer<String> notices) {
    return LakeLock.await(lockFile(), command, notices);
  }

  /** Folder of one submission's accepted rows of a table. */
  public Path curated(String table, String site, String submissionId) {
    return root.resolve(CURATED)
        .resolve(table)
        .resolve("site=" + site)
        .resolve("submission=" + submissionId);
  }

  /** Folder of one submission's refused rows of a table. */
  public Path quarantine(String table, String site, String submissionId) {
    return root.resolve(QUARANTINE)
        .resolve(table)
        .resolve("site=" + site)
        .resolve("submission=" + submissionId);
  }

  /** The audit record file of a submission. */
  public Path audit(String submissionId) {
    return root.resolve(AUDIT).resolve(submissionId + ".json");
  }

  /**
   * The staging area: the runs' work in progress, which no committed state names ({@link
   * #removeDeadStaging()} clears it).
   */
  public Path staging() {
    return root.resolve(STAGING);
  }

  /**
   * A new, empty staging folder for one run: {@code _staging/<token>.<id>}, the token that of the
   * lake's lock when this thread holds it (so that {@link #removeDeadStaging()} spares it while the
   * run is alive).
   *
   * @throws UncheckedIOException when it cannot be created
   */
  public Path newStaging() {
    Path p = staging().resolve(newStagingName());
    try {
      Files.createDirectories(p);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create a staging folder in " + staging() + ": " + LakeLock.reason(e), e);
    }
    return p;
  }

  /**
   * A new, empty staging folder for the run whose lock has {@code token} ({@code
   * _staging/<token>.<id>}; a site's lock, {@link #lockSite}), spared by {@link #removeDeadStaging}
   * while that lock is live.
   *
   * @throws UncheckedIOException when it cannot be created
   */
  public Path newStaging(String token) {
    Path p = staging().resolve(token + "." + UUID.randomUUID());
    try {
      Files.createDirectories(p);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create a staging folder in " + staging() + ": " + LakeLock.reason(e), e);
    }
    return p;
  }

  /**
   * Removes a run's staging folder ({@link #newStaging()}), and the staging area when nothing else
   * is left in it.
   *
   * @throws IOException when something cannot be removed
   */
  public void removeStaging(Path runStaging) throws IOException {
    deleteTree(runStaging);
    try (Stream<Path> w = Files.list(staging())) {
      if (w.findAny().isEmpty()) {
        Files.deleteIfExists(staging());
      }
    } catch (java.nio.file.NoSuchFileException | java.nio.file.DirectoryNotEmptyException e) {
      // Gone already, or another run's staging appeared meanwhile.
    }
  }

  private String newStagingName() {
    return LakeLock.heldByThisThread(lockFile()).map(l -> l.holder().token()).orElse("unlocked")
        + "."
        + UUID.randomUUID();
  }

  /**
   * Removes the staging area when it is empty (a run that staged nothing, or cleaned up after
   * itself, leaves no {@code _staging} folder behind); does nothing when it holds anything.
   */
  public void removeStagingIfEmpty() {
    try {
      Files.deleteIfExists(staging());
    } catch (DirectoryNotEmptyException e) {
      // another run's work in progress, or leftovers that removeDeadStaging() clears
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the empty staging area " + staging(), e);
    }
  }

  /** Name of the folder of the per-site ingest locks ({@link #siteLockFile}). */
  public static final String LOCKS = "_locks";

  /**
   * The lock file of the ingest runs of one site, {@code LAKE/_locks/<SITE>.json}: two ingests of
   * different sites run together (the catalog serialises their commits), two of the same site one
   * after the other.
   */
  public Path siteLockFile(String site) {
    return root.resolve(LOCKS).resolve(site + ".json");
  }

  /**
   * Takes the ingest lock of one site as {@link #lock} takes the lake's ({@link LakeLock}, same
   * protocol: heartbeat, stale take-over).
   *
   * @throws LakeBusyException when a live run holds it
   */
  public LakeLock lockSite(String site, String command, Consumer<String> notices) {
    return LakeLock.take(siteLockFile(site), command, notices);
  }

  /**
   * Takes a site's lock as {@link #lockSite}, waiting while another run holds it ({@code --wait}).
   */
  public LakeLock lockSiteWaiting(String site, String command, Consumer<String> notices) {
    return LakeLock.await(siteLockFile(site), command, notices);
  }

  /**
   * A lock of this run alone ({@code LAKE/_locks/run.<uuid>.json}, never contended): its heartbeat
   * tells other runs that the run lives, and its token names the run's staging folders ({@link
   * #newStaging(String)}) and staged snapshots, which their clean-ups then spare.
   */
  public LakeLock lockRun(String command, Consumer<String> notices) {
    return LakeLock.take(
        root.resolve(LOCKS).resolve("run." + UUID.randomUUID() + ".json"), command, notices);
  }

  /** Deletes the run locks ({@link #lockRun}) of runs that were killed (their lock is stale). */
  private void removeDeadRunLocks() {
    Path locks = root.resolve(LOCKS);
    if (!Files.isDirectory(locks)) {
      return;
    }
    try (Stream<Path> w = Files.list(locks)) {
      for (Path p : w.toList()) {
        String n = p.getFileName().toString();
        if (n.startsWith("run.") && n.endsWith(".json")) {
          java.util.Optional<LakeLock.Holder> h = LakeLock.holderOf(p);
          if (h.isPresent() && LakeLock.isStale(h.get(), java.time.Instant.now())) {
            Files.deleteIfExists(p);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear the lake's locks " + locks, e);
    }
  }

  /**
   * The tokens of the runs that hold a live lock of this lake: its lock ({@value #LOCK_FILE}) and
   * every site's ({@link #siteLockFile}). Their work in progress (staging folders, staged
   * snapshots) is spared by clean-ups.
   */
  public Set<String> liveTokens() {
    Set<String> live = new HashSet<>();
    LakeLock.liveToken(lockFile()).ifPresent(live::add);
    Path locks = root.resolve(LOCKS);
    if (Files.isDirectory(locks)) {
      try (Stream<Path> w = Files.list(locks)) {
        for (Path p : w.toList()) {
          if (p.getFileName().toString().endsWith(".json")) {
            LakeLock.liveToken(p).ifPresent(live::add);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list the lake's locks " + locks, e);
      }
    }
    return live;
  }

  /**
   * Removes the staging folders ({@code _staging/<token>.<id>}) of runs that hold no live lock of
   * the lake ({@link #liveTokens}), and the staging area when it is left empty.
   *
   * @return number of folders removed
   * @throws UncheckedIOException when something cannot be removed
   */
  public int removeDeadStaging() {
    removeDeadRunLocks();
    if (!Files.exists(staging())) {
      return 0;
    }
    Set<String> live = liveTokens();
    int removed = 0;
    try {
      if (!Files.isDirectory(staging())) {
        deleteTree(staging());
        return 1;
      }
      try (Stream<Path> w = Files.list(staging())) {
        for (Path p : w.toList()) {
          String n = p.getFileName().toString();
          int dot = n.indexOf('.');
          if (dot < 0 || !live.contains(n.substring(0, dot))) {
            deleteTree(p);
            removed++;
          }
        }
      }
      removeStagingIfEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return removed;
  }

  /** Deletes a file or folder tree if it exists. */
  public static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(x);
      }
    }
  }
}
