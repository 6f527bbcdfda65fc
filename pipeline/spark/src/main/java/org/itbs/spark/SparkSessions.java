package org.itbs.spark;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;
import java.util.jar.JarFile;
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
          .config("spark.buffer.pageSize", "1m");
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
    SparkSession s = b.getOrCreate();
    s.sparkContext().setLogLevel(logLevel);
    s.conf().set("spark.sql.datetime.java8API.enabled", "true");
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
