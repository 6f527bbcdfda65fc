package org.itbs.spark;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.jar.JarFile;
import org.apache.spark.SparkEnv;
import org.apache.spark.sql.SparkSession;
import org.itbs.core.Settings;

/**
 * Builds the Spark session of a job: the one place for the jobs' Spark settings. Everything stays
 * on loopback: the driver binds and advertises 127.0.0.1 unless the cluster's own configuration
 * says otherwise.
 *
 * <p>Which setting wins:
 *
 * <ul>
 *   <li>master: a {@code --master} given on the command line, then {@code spark.master} from
 *       spark-submit, then {@code local[*]} (the embedded default);
 *   <li>the jar sent to the executors of a cluster (not local mode): {@code spark.jars} from
 *       spark-submit (it names the application jar, itbs-jobs.jar), then the setting {@code
 *       itbs.jobs.jar} or {@code ITBS_JOBS_JAR} ({@code ./itbs} sets it to {@code
 *       pipeline/app/target/itbs-jobs.jar}), then the jar this class was loaded from when it holds
 *       the core classes too (the driver runs from itbs-jobs.jar). Without one, the executors could
 *       not load the jobs' classes, so {@link #get} refuses to start.
 * </ul>
 *
 * <p>On a standalone master ({@code spark://}), {@link #get} returns once the master took the
 * application and gave it a first executor, and fails with exit status 5 when the master does not
 * take it within {@link Settings#MASTER_TIMEOUT} ({@code --master-timeout}, default {@value
 * Settings#DEFAULT_MASTER_TIMEOUT_SECONDS} s) or gives no executor within {@link
 * Settings#EXECUTOR_TIMEOUT} (default {@value Settings#DEFAULT_EXECUTOR_TIMEOUT_SECONDS} s) after
 * that; see {@link #startOnStandalone}.
 */
public final class SparkSessions {
  /**
   * System property naming the job jar (itbs-jobs.jar) sent to a cluster's executors, {@code
   * itbs.jobs.jar} ({@link Settings#JOBS_JAR}; the environment variable {@code ITBS_JOBS_JAR} too).
   */
  public static final String JOBS_JAR = Settings.JOBS_JAR.property();

  private SparkSessions() {}

  /**
   * The session for a job: an existing active session (spark-submit), else a new one.
   *
   * @param appName name shown in the cluster's UI
   * @param master master URL, or {@code null} for spark-submit's or the embedded default
   * @throws IllegalStateException when the master is a cluster and no job jar can be sent to its
   *     executors (see the class comment), or {@code itbs.jobs.jar} names no file
   */
  public static SparkSession get(String appName, String master) {
    SparkSession.Builder b = SparkSession.builder().appName(appName);
    String configured = System.getProperty("spark.master");
    if (master != null) {
      b.master(master);
    } else if (configured == null) {
      b.master("local[*]");
    }
    boolean local =
        master == null
            ? configured == null || configured.startsWith("local")
            : master.startsWith("local");
    if (local) {
      b.config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.ui.enabled", System.getProperty("spark.ui.enabled", "false"))
          .config("spark.sql.shuffle.partitions", "8")
          // Spark sizes its memory pages from the heap (64 MB with a few GB): every sort, hash
          // aggregation or hash join then takes a 64 MB array, however few its rows, and in the
          // driver's heap each is a humongous object that starts a concurrent GC cycle.
          .config("spark.buffer.pageSize", "1m")
          // In local mode the executor is this JVM: on an OutOfMemoryError in a task Spark would
          // end it at once (exit 52, no message, the lake's lock and staging left to shutdown
          // hooks). With depth 0 the task fails as any other and the job ends through
          // JobFailures: exit 1, one line saying to give it more memory.
          .config("spark.executor.killOnFatalError.depth", "0");
    } else {
      b.config("spark.driver.host", System.getProperty("spark.driver.host", "127.0.0.1"));
      if (System.getProperty("spark.jars") == null) {
        b.config("spark.jars", jobsJar(master == null ? configured : master).toString());
      }
    }
    b.config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.datetime.java8API.enabled", "true")
        .config("spark.sql.sources.partitionOverwriteMode", "static")
        // A join whose every side is already in one partition stays there: by default Spark
        // shuffles both sides into spark.sql.shuffle.partitions once its size estimate, which
        // multiplies the sizes of the sides of every join below, passes 128 MB, whatever the real
        // size.
        .config("spark.sql.maxSinglePartitionBytes", Long.toString(Long.MAX_VALUE))
        // Room for the generated code of a whole features run (some 120 classes, with ingest's):
        // with the default 100 entries (a segmented LRU that evicts early) a session running a job
        // again (notebooks, benchmarks, the demo) recompiles most of it, some 1-2 s each time.
        // Static: it takes effect when this builder creates the session.
        .config("spark.sql.codegen.cache.maxEntries", "1000")
        // No _SUCCESS markers and no .crc side files in the lake: commits are ours (see Lake).
        .config("spark.hadoop.mapreduce.fileoutputcommitter.marksuccessfuljobs", "false")
        .config("spark.hadoop.fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem")
        .config("spark.hadoop.fs.file.impl.disable.cache", "true");
    String logLevel = Settings.sparkLogLevel();
    // Spark's warnings (a task's size, a missing native library...) are for developers, and a
    // failed task is told in the job's one line (JobFailures): OFF unless itbs.spark.log /
    // ITBS_SPARK_LOG or ITBS_DEBUG say otherwise. spark.log.level takes
    // effect as the context starts; setLogLevel covers a session that already exists.
    b.config("spark.log.level", logLevel);
    String effective = effectiveMaster(master);
    SparkSession s =
        effective != null && effective.startsWith("spark://")
            ? startOnStandalone(
                b,
                effective,
                Settings.limit(Settings.MASTER_TIMEOUT, Settings.DEFAULT_MASTER_TIMEOUT_SECONDS),
                Settings.limit(
                    Settings.EXECUTOR_TIMEOUT, Settings.DEFAULT_EXECUTOR_TIMEOUT_SECONDS))
            : b.getOrCreate();
    s.sparkContext().setLogLevel(logLevel);
    // Iceberg (the lake's catalog) logs its commit retries at WARN, normal when runs commit at
    // once: it follows Spark's level (OFF by default), so that a failure stays one line.
    org.apache.logging.log4j.core.config.Configurator.setLevel(
        "org.apache.iceberg", org.apache.logging.log4j.Level.toLevel(logLevel));
    s.conf().set("spark.sql.datetime.java8API.enabled", "true");
    return s;
  }

  /**
   * The master a job runs on: {@code master} when given, else spark-submit's {@code spark.master},
   * else {@code null} (the embedded {@code local[*]}).
   */
  public static String effectiveMaster(String master) {
    return master != null ? master : System.getProperty("spark.master");
  }

  /**
   * Starts the session on a standalone master ({@code spark://}): the master must take the
   * application within {@code timeoutSeconds} of the driver's own services being up ({@code
   * SparkEnv}; how long those take to start on this machine is not the master's doing), and give it
   * a first executor within {@code executorTimeoutSeconds} after that (an executor's JVM may take
   * tens of seconds to start on a loaded worker, hence a separate, longer wait). Spark itself would
   * wait some 60 s for a port that answers but is no Spark master (three registration attempts of
   * 20 s, fixed in its {@code StandaloneAppClient}), and forever for an executor from a master with
   * no free worker ({@code spark.scheduler.maxRegisteredResourcesWaitingTime} only delays the first
   * tasks). The session is built on a daemon thread of its own; when the time is up that thread is
   * left to Spark's own retries, which the job's JVM does not wait for (it ends with the failure),
   * and a session that still comes up is stopped. It is not interrupted: Spark and Hadoop log an
   * interrupted start with stack traces. With dynamic allocation, which starts no executor before
   * the first job, only the registration is waited for.
   *
   * @throws JobFailures.MasterUnreachableException when the time is up (exit status 5)
   */
  static SparkSession startOnStandalone(
      SparkSession.Builder b, String master, long timeoutSeconds, long executorTimeoutSeconds) {
    long timeout = TimeUnit.SECONDS.toNanos(timeoutSeconds);
    CompletableFuture<SparkSession> started = new CompletableFuture<>();
    Thread starter =
        new Thread(
            () -> {
              try {
                started.complete(b.getOrCreate());
              } catch (Throwable e) {
                started.completeExceptionally(e);
              }
            },
            "itbs-spark-start");
    starter.setDaemon(true);
    starter.start();
    long from = -1;
    SparkSession s = null;
    while (s == null) {
      try {
        s = started.get(50, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        if (from < 0 && SparkEnv.get() != null) {
          from = System.nanoTime();
        }
        if (from >= 0 && System.nanoTime() - from > timeout) {
          started.thenAccept(SparkSession::stop);
          throw new JobFailures.MasterUnreachableException(
              "the Spark master "
                  + master
                  + " did not take the application within "
                  + timeoutSeconds
                  + " s (its port answers, but not as a Spark master, or the master is"
                  + " overloaded); nothing was started: check --master (`itbs cluster status`"
                  + " prints the URL of the cluster it started), or wait longer with"
                  + " --master-timeout SECONDS ("
                  + Settings.MASTER_TIMEOUT.env()
                  + ")",
              null);
        }
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof RuntimeException r) {
          throw r;
        }
        if (c instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException(c.getMessage(), c);
      } catch (InterruptedException e) {
        started.thenAccept(SparkSession::stop);
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting Spark on " + master, e);
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(executorTimeoutSeconds);
    SparkSession.setActiveSession(s);
    if (s.sparkContext().conf().getBoolean("spark.dynamicAllocation.enabled", false)) {
      return s;
    }
    // The driver counts as one executor in the status tracker.
    while (s.sparkContext().statusTracker().getExecutorInfos().length < 2) {
      if (System.nanoTime() >= deadline) {
        s.stop();
        throw new JobFailures.MasterUnreachableException(
            "the Spark master "
                + master
                + " gave the application no executor within "
                + executorTimeoutSeconds
                + " s of taking it (no worker alive, or none with a free core and the memory of"
                + " spark.executor.memory); nothing was started: start a worker or free one"
                + " (`itbs cluster status` lists the workers alive), or wait longer with "
                + Settings.EXECUTOR_TIMEOUT.env()
                + "=SECONDS",
            null);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        s.stop();
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for an executor", e);
      }
    }
    return s;
  }

  /**
   * The job jar to send to the executors of {@code master}.
   *
   * @throws IllegalStateException when {@code itbs.jobs.jar} names no file, or it is unset and this
   *     class was not loaded from a jar that holds the core classes too
   */
  static Path jobsJar(String master) {
    String named = Settings.JOBS_JAR.value().orElse(null);
    if (named != null) {
      Path jar = Path.of(named).toAbsolutePath();
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(
            "-D"
                + JOBS_JAR
                + "="
                + named
                + " is not a file; build it with `mvn -B package -pl pipeline/app -am`");
      }
      return jar;
    }
    return ownJarWithCore()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "cannot send the job classes to the executors of "
                        + master
                        + ": run through ./itbs or spark-submit with itbs-jobs.jar, or set -D"
                        + JOBS_JAR
                        + "=PATH/itbs-jobs.jar"));
  }

  /** The jar this class was loaded from, when it holds the core classes too (itbs-jobs.jar). */
  private static Optional<Path> ownJarWithCore() {
    CodeSource src = SparkSessions.class.getProtectionDomain().getCodeSource();
    if (src == null || src.getLocation() == null) {
      return Optional.empty();
    }
    Path p;
    try {
      p = Path.of(src.getLocation().toURI());
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!Files.isRegularFile(p)) {
      return Optional.empty();
    }
    try (JarFile jar = new JarFile(p.toFile())) {
      return jar.getEntry("org/itbs/core/lake/Lake.class") == null
          ? Optional.empty()
          : Optional.of(p);
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
