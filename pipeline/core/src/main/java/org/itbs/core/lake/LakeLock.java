package org.itbs.core.lake;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The lock of one run that writes a lake (an ingest, a features run): the file {@code
 * LAKE/_lock.json} ({@link Lake#lockFile()}), created atomically ({@code CREATE_NEW}: an open with
 * {@code O_EXCL} on a local disk, a create without overwrite on HDFS), holding who runs what
 * ({@link Holder}: user, host, process id, command, start time) and a heartbeat that a daemon
 * thread refreshes every {@link #HEARTBEAT} while the run goes on. {@link #close()} stops the
 * heartbeat and deletes the file, on every exit path (a JVM shutdown, Ctrl-C, also releases it).
 *
 * <p>A lock is <b>stale</b>, and a new run takes it over (and says so), when its heartbeat is older
 * than {@link #STALE_AFTER} (its holder was killed, or its machine is gone), or when its holder ran
 * on this host and its process no longer exists (killed with SIGKILL). Taking over is guarded by a
 * second file, {@code _lock.json.takeover}, created the same way, so two runs never both take over.
 *
 * <p>On an object store (S3) a create without overwrite is not atomic: there the lock keeps honest
 * users apart but is no mutual exclusion. A run stopped for longer than {@link #STALE_AFTER} (a
 * suspended laptop) may lose its lock to another run; it then refuses to commit ({@link
 * #checkHeld()}).
 *
 * <p>Within one JVM the lock is re-entrant per thread: a thread that holds the lock of a lake and
 * asks again gets a handle whose {@link #close()} leaves the lock to the outer holder ({@code
 * IngestMain} holds it for its whole run, {@code IngestJob} for each submission).
 */
public final class LakeLock implements AutoCloseable {
  /** How often a holder refreshes its heartbeat. */
  public static final Duration HEARTBEAT = Duration.ofSeconds(10);

  /** How old a heartbeat must be before the lock counts as stale and may be taken over. */
  public static final Duration STALE_AFTER = Duration.ofMinutes(2);

  /** How often a run that waits for the lock ({@code --wait}) looks again. */
  static final Duration POLL = Duration.ofSeconds(1);

  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** Locks held in this JVM, by lock file URI. */
  private static final Map<String, LakeLock> HELD = new ConcurrentHashMap<>();

  /**
   * Who holds a lake's lock.
   *
   * @param user the user name of the holder's process
   * @param host the host it runs on
   * @param pid its process id
   * @param command what it runs ({@code ingest}, {@code features})
   * @param since when it took the lock (ISO-8601 instant, UTC)
   * @param heartbeat when it last showed it was alive (ISO-8601 instant, UTC)
   * @param token a random id of this holding, unique per run
   */
  public record Holder(
      @JsonProperty("user") String user,
      @JsonProperty("host") String host,
      @JsonProperty("pid") long pid,
      @JsonProperty("command") String command,
      @JsonProperty("since") String since,
      @JsonProperty("heartbeat") String heartbeat,
      @JsonProperty("token") String token) {

    /** The holder for a heartbeat at {@code now}. */
    Holder beat(Instant now) {
      return new Holder(user, host, pid, command, since, now.toString(), token);
    }

    /** The heartbeat as an instant, or null when it is missing or malformed. */
    Instant heartbeatInstant() {
      try {
        return heartbeat == null ? null : Instant.parse(heartbeat);
      } catch (java.time.format.DateTimeParseException e) {
        return null;
      }
    }

    /** For messages: {@code ingest by alice on host1 (pid 1234) since 2026-...Z}. */
    public String describe() {
      return command + " by " + user + " on " + host + " (pid " + pid + ") since " + since;
    }
  }

  private final Path file;
  private final Holder holder;
  private final ScheduledExecutorService heartbeat;
  private final Thread shutdownHook;
  private final Thread owner;
  private final LakeLock outer;
  private final boolean newRoot;
  private volatile boolean lost;
  private boolean closed;

  private LakeLock(Path file, Holder holder, boolean newRoot) {
    this.file = file;
    this.holder = holder;
    this.newRoot = newRoot;
    this.owner = Thread.currentThread();
    this.outer = null;
    this.heartbeat =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "itbs-lake-lock-heartbeat");
              t.setDaemon(true);
              return t;
            });
    this.shutdownHook = new Thread(this::releaseQuietly, "itbs-lake-lock-release");
  }

  private LakeLock(LakeLock outer) {
    this.file = outer.file;
    this.holder = outer.holder;
    this.newRoot = false;
    this.owner = outer.owner;
    this.outer = outer;
    this.heartbeat = null;
    this.shutdownHook = null;
  }

  /**
   * Takes the lock of the lake whose lock file is {@code file}, or fails at once when another run
   * holds it.
   *
   * @param command what the run does, for the holder's record ({@code ingest}, {@code features})
   * @param notices where to say that a stale lock is taken over (one line each)
   * @throws LakeBusyException when a live run holds the lock
   * @throws UncheckedIOException when the lock file cannot be written or read
   */
  static LakeLock take(Path file, String command, Consumer<String> notices) {
    LakeLock nested = nestedIfHeld(file);
    if (nested != null) {
      return nested;
    }
    LakeBusyException busy = attempt(file, command, notices);
    if (busy != null) {
      throw busy;
    }
    return HELD.get(key(file));
  }

  /**
   * Takes the lock as {@link #take}, waiting while another run holds it: looks again every {@link
   * #POLL}, and says once, through {@code notices}, whom it waits for.
   *
   * @throws UncheckedIOException when the lock file cannot be written or read
   * @throws IllegalStateException when the thread is interrupted while waiting
   */
  static LakeLock await(Path file, String command, Consumer<String> notices) {
    LakeLock nested = nestedIfHeld(file);
    if (nested != null) {
      return nested;
    }
    boolean told = false;
    while (true) {
      LakeBusyException busy = attempt(file, command, notices);
      if (busy == null) {
        return HELD.get(key(file));
      }
      if (!told) {
        notices.accept(
            "lake "
                + busy.lake()
                + " is busy: "
                + busy.holder().describe()
                + "; waiting for it to end (--wait)");
        told = true;
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the lock " + file, e);
      }
    }
  }

  /**
   * The holder of the lock in {@code file}, if the file exists and can be read.
   *
   * @throws UncheckedIOException when it exists but cannot be read
   */
  static Optional<Holder> holderOf(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] b = in.readAllBytes();
      if (b.length == 0) {
        return Optional.empty();
      }
      return Optional.of(JSON.readValue(b, Holder.class));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return Optional.empty(); // being written; the caller looks at its age
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the lake's lock " + file, e);
    }
  }

  /**
   * Whether the holder's run is over: its heartbeat too old, or its process gone from this host.
   */
  static boolean isStale(Holder h, Instant now) {
    Instant beat = h.heartbeatInstant();
    if (beat == null || beat.plus(STALE_AFTER).isBefore(now)) {
      return true;
    }
    return h.host().equals(HOST) && ProcessHandle.of(h.pid()).isEmpty();
  }

  /**
   * The token of the live holder of {@code file}'s lock, if there is one (to spare its staging).
   */
  static Optional<String> liveToken(Path file) {
    return holderOf(file).filter(h -> !isStale(h, Instant.now())).map(Holder::token);
  }

  /** The lock this thread holds on the lake of {@code file}, if any. */
  static Optional<LakeLock> heldByThisThread(Path file) {
    LakeLock l = HELD.get(key(file));
    return l != null && l.owner == Thread.currentThread() ? Optional.of(l) : Optional.empty();
  }

  private static LakeLock nestedIfHeld(Path file) {
    LakeLock l = HELD.get(key(file));
    if (l != null && l.owner == Thread.currentThread() && !l.closed) {
      return new LakeLock(l);
    }
    return null;
  }

  /**
   * One try: takes the lock (registering it in {@link #HELD}) and returns null, or says who has it.
   */
  private static LakeBusyException attempt(Path file, String command, Consumer<String> notices) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Holder me =
        new Holder(
            USER,
            HOST,
            ProcessHandle.current().pid(),
            command,
            now.toString(),
            now.toString(),
            UUID.randomUUID().toString());
    try {
      boolean newRoot = !Files.isDirectory(file.getParent());
      Files.createDirectories(file.getParent());
      if (create(file, me)) {
        return started(file, me, newRoot);
      }
      Optional<Holder> other = holderOf(file);
      // A lock file just created is empty until its holder has written it: read it again.
      for (int i = 0; i < 40 && other.isEmpty() && Files.exists(file); i++) {
        sleep(Duration.ofMillis(50));
        other = holderOf(file);
      }
      if (other.isEmpty()) {
        // Being written right now, or left empty by a run killed as it wrote it.
        Instant modified = Files.getLastModifiedTime(file).toInstant();
        if (modified.plus(STALE_AFTER).isAfter(Instant.now())) {
          return new LakeBusyException(
              lakeOf(file),
              new Holder("?", "?", 0, "a run", modified.toString(), modified.toString(), ""));
        }
      } else if (!isStale(other.get(), Instant.now())) {
        return new LakeBusyException(lakeOf(file), other.get());
      }
      if (takeOver(file, other.orElse(null), me, notices)) {
        return started(file, me, false);
      }
      Optional<Holder> now2 = holderOf(file);
      return new LakeBusyException(
          lakeOf(file),
          now2.orElse(new Holder("?", "?", 0, "a run", now.toString(), now.toString(), "")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot take the lake's lock " + file + ": " + reason(e), e);
    }
  }

  /**
   * Replaces a stale lock by ours, guarded by {@code _lock.json.takeover} (created atomically) so
   * that of two runs taking over the same stale lock only one does.
   *
   * @return whether the lock is now ours
   */
  private static boolean takeOver(Path file, Holder stale, Holder me, Consumer<String> notices)
      throws IOException {
    Path guard = file.resolveSibling(file.getFileName() + ".takeover");
    try (OutputStream out =
        Files.newOutputStream(guard, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      out.write(me.token().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (FileAlreadyExistsException e) {
      // Another run is taking over; a guard left by a run killed while taking over goes stale too.
      Instant modified;
      try {
        modified = Files.getLastModifiedTime(guard).toInstant();
      } catch (NoSuchFileException gone) {
        return false;
      }
      if (modified.plus(STALE_AFTER).isBefore(Instant.now())) {
        Files.deleteIfExists(guard);
      }
      return false;
    }
    try {
      Optional<Holder> still = holderOf(file);
      boolean same =
          stale == null
              ? still.isEmpty()
              : still.isPresent() && still.get().token().equals(stale.token());
      if (!same) {
        return false; // someone else released or took it meanwhile
      }
      Files.deleteIfExists(file);
      if (!create(file, me)) {
        return false;
      }
      notices.accept(
          "taking over the stale lock of lake "
              + file.getParent()
              + " ("
              + (stale == null ? "an empty lock file" : stale.describe())
              + (stale != null
                      && stale.host().equals(HOST)
                      && ProcessHandle.of(stale.pid()).isEmpty()
                  ? ", process gone"
                  : ", no heartbeat for " + STALE_AFTER.toMinutes() + " minutes")
              + ")");
      return true;
    } finally {
      Files.deleteIfExists(guard);
    }
  }

  /** Creates the lock file with {@code h}'s record; false when it exists already. */
  private static boolean create(Path file, Holder h) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(h);
    OutputStream out;
    try {
      out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (FileAlreadyExistsException e) {
      return false;
    }
    try (out) {
      out.write(bytes);
    } catch (IOException e) {
      // A full disk: leave no empty lock file behind.
      try {
        Files.deleteIfExists(file);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    return true;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while taking a lake's lock", e);
    }
  }

  private static LakeBusyException started(Path file, Holder me, boolean newRoot) {
    LakeLock l = new LakeLock(file, me, newRoot);
    HELD.put(key(file), l);
    l.start();
    return null;
  }

  /** The heartbeat's period in milliseconds; {@link #HEARTBEAT}, shorter only in tests. */
  static volatile long heartbeatMillis = HEARTBEAT.toMillis();

  private void start() {
    long every = heartbeatMillis;
    heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    try {
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down already.
    }
  }

  /** Refreshes the heartbeat, unless the lock was taken over meanwhile. */
  private void beat() {
    try {
      Optional<Holder> now = holderOf(file);
      if (now.isEmpty() || !now.get().token().equals(holder.token())) {
        lost = true;
        heartbeat.shutdown();
        return;
      }
      Path tmp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
      Files.write(
          tmp, JSON.writeValueAsBytes(holder.beat(Instant.now().truncatedTo(ChronoUnit.SECONDS))));
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      // Tried again at the next beat; a lock that cannot beat for STALE_AFTER goes stale.
    }
  }

  /** Who holds this lock (this run). */
  public Holder holder() {
    return holder;
  }

  /** The lock file. */
  public Path file() {
    return file;
  }

  /**
   * Checks that the lock is still this run's (not taken over after a pause longer than {@link
   * #STALE_AFTER}); a run checks before it commits.
   *
   * @throws IllegalStateException when another run took the lock over
   */
  public void checkHeld() {
    Optional<Holder> now = holderOf(file);
    if (lost || now.isEmpty() || !now.get().token().equals(holder.token())) {
      throw new IllegalStateException(
          "lost the lock of lake "
              + file.getParent()
              + " (another run took it over"
              + now.map(h -> ": " + h.describe()).orElse("")
              + "); nothing was committed, run again");
    }
  }

  /** Releases the lock: stops the heartbeat and deletes the lock file if it is still this run's. */
  @Override
  public void close() {
    if (outer != null || closed) {
      closed = true;
      return;
    }
    closed = true;
    HELD.remove(key(file), this);
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down: the hook runs or ran.
    }
    release();
  }

  private void releaseQuietly() {
    try {
      release();
    } catch (RuntimeException e) {
      // Shutting down: the lock goes stale instead.
    }
  }

  private void release() {
    // Let a beat under way finish before deleting the file: a beat that read the lock just before
    // the delete would otherwise move its refreshed copy back into place, and the lake would look
    // held by a run that has ended. shutdown() (not shutdownNow()) cancels the later beats without
    // interrupting this one mid-write.
    heartbeat.shutdown();
    try {
      if (!heartbeat.awaitTermination(30, TimeUnit.SECONDS)) {
        heartbeat.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      Optional<Holder> now = holderOf(file);
      if (now.isPresent() && now.get().token().equals(holder.token())) {
        Files.deleteIfExists(file);
      }
      if (newRoot) {
        // The lake folder this run created for its lock, when the run wrote nothing else there.
        try (java.util.stream.Stream<Path> left = Files.list(file.getParent())) {
          if (left.findAny().isEmpty()) {
            Files.deleteIfExists(file.getParent());
          }
        } catch (NoSuchFileException | java.nio.file.DirectoryNotEmptyException e) {
          // Gone already, or something appeared meanwhile.
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot release the lake's lock " + file + ": " + reason(e), e);
    }
  }

  /** The lake a lock file belongs to, for messages: its root, and the site of a site's lock. */
  private static String lakeOf(Path file) {
    Path dir = file.getParent();
    if (dir.getFileName() != null
        && dir.getFileName().toString().equals(Lake.LOCKS)
        && dir.getParent() != null) {
      String n = file.getFileName().toString();
      return dir.getParent() + " (site " + n.substring(0, n.length() - ".json".length()) + ")";
    }
    return dir.toString();
  }

  private static String key(Path file) {
    return file.toAbsolutePath().normalize().toUri().toString();
  }

  static String reason(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : " " + m);
  }

  private static final String USER = System.getProperty("user.name", "?");

  private static final String HOST = hostName();

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException | RuntimeException e) {
      return "localhost";
    }
  }
}
