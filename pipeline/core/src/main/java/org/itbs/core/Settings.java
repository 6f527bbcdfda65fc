package org.itbs.core;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Every setting the project reads from the JVM's system properties or the environment, and the only
 * class that reads them ({@code SettingsTest} fails when other main code calls {@code
 * System.getProperty} or {@code System.getenv} for an {@code itbs}/{@code ITBS} name). Options on
 * the command line ({@code itbs ... --lake}) are not settings: they are the way to tell a command
 * what to do, and they win over everything here.
 *
 * <p>Each setting has a system property ({@code -Ditbs.timing=true}), an environment variable
 * ({@code ITBS_TIMING=true}) or both. <b>When both are set, the system property wins</b>; a blank
 * value counts as unset. With {@code ./itbs}, system properties go in {@code ITBS_JAVA_OPTS} (which
 * replaces the launcher's default {@code -Xmx4g}), so the environment variable is usually the
 * handier form: {@code ITBS_SPARK_LOG=WARN ./itbs demo}.
 *
 * <table>
 *   <caption>The settings</caption>
 *   <tr><th>property</th><th>environment</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code itbs.debug}</td><td>{@code ITBS_DEBUG}</td><td>off</td>
 *       <td>{@link #DEBUG}: a failing command prints its stack trace; Spark logs warnings.</td></tr>
 *   <tr><td>{@code itbs.spark.log}</td><td>{@code ITBS_SPARK_LOG}</td><td>{@code OFF} ({@code
 *       WARN} with {@link #DEBUG})</td>
 *       <td>{@link #SPARK_LOG}: the log level of Spark (and Hadoop, Parquet) in a job.</td></tr>
 *   <tr><td>{@code itbs.timing}</td><td>{@code ITBS_TIMING}</td><td>off</td>
 *       <td>{@link #TIMING}: the ingest and features jobs print the time of their steps to
 *       standard error.</td></tr>
 *   <tr><td>{@code itbs.explain}</td><td>{@code ITBS_EXPLAIN}</td><td>off</td>
 *       <td>{@link #EXPLAIN}: the features job prints the physical plans of its Spark jobs.</td></tr>
 *   <tr><td>{@code itbs.jobs.jar}</td><td>{@code ITBS_JOBS_JAR}</td><td>none ({@code ./itbs} sets
 *       it)</td>
 *       <td>{@link #JOBS_JAR}: the job jar (itbs-jobs.jar) sent to a cluster's executors.</td></tr>
 *   <tr><td>{@code itbs.lake}</td><td>{@code ITBS_LAKE}</td><td>none ({@code itbs notebook} sets
 *       the variable)</td>
 *       <td>{@link #LAKE}: the lake a notebook opens ({@code Cohort.fromEnvironment()}).</td></tr>
 *   <tr><td>{@code itbs.catalog}</td><td>{@code ITBS_CATALOG}</td><td>none ({@code
 *       LAKE/catalog.db})</td>
 *       <td>{@link #CATALOG}: the JDBC URL of the lake's Iceberg catalog, needed for a lake that is
 *       not on the local disk (HDFS, S3).</td></tr>
 *   <tr><td>{@code itbs.max.unpacked.bytes}</td><td>{@code ITBS_MAX_UNPACKED_BYTES}</td><td>{@code
 *       17179869184} (16 GiB)</td>
 *       <td>{@link #MAX_UNPACKED_BYTES}: ingest refuses a zip whose entries unpack to more bytes
 *       (declared sizes checked first, bytes counted while inflating).</td></tr>
 *   <tr><td>{@code itbs.max.unpack.ratio}</td><td>{@code ITBS_MAX_UNPACK_RATIO}</td><td>{@code
 *       200}</td>
 *       <td>{@link #MAX_UNPACK_RATIO}: ingest refuses a zip that unpacks to more than this many
 *       times its own size (a zip bomb).</td></tr>
 *   <tr><td>{@code itbs.max.entries}</td><td>{@code ITBS_MAX_ENTRIES}</td><td>{@code 1000}</td>
 *       <td>{@link #MAX_ENTRIES}: ingest refuses a zip or folder with more entries.</td></tr>
 *   <tr><td>{@code itbs.max.line.bytes}</td><td>{@code ITBS_MAX_LINE_BYTES}</td><td>{@code
 *       1048576} (1 MiB)</td>
 *       <td>{@link #MAX_LINE_BYTES}: ingest refuses a CSV file with a longer line. The longest
 *       field is the dictionary's {@code maxFieldChars} (identifiers.json).</td></tr>
 *   <tr><td>{@code itbs.master.timeout}</td><td>{@code ITBS_MASTER_TIMEOUT}</td><td>{@code 10}
 *       (seconds)</td>
 *       <td>{@link #MASTER_TIMEOUT}: how long a job waits for a {@code spark://} master to take
 *       its application (from the moment the driver's own services are up) before it fails with
 *       exit status 5 ({@code --master-timeout} on the command line).</td></tr>
 *   <tr><td>{@code itbs.executor.timeout}</td><td>{@code ITBS_EXECUTOR_TIMEOUT}</td><td>{@code
 *       120} (seconds)</td>
 *       <td>{@link #EXECUTOR_TIMEOUT}: how long a job waits, once a {@code spark://} master took
 *       it, for its first executor (a master without a free worker) before it fails with exit
 *       status 5.</td></tr>
 *   <tr><td></td><td>{@code JUPYTER_DATA_DIR}</td><td>{@code ~/.local/share/jupyter}</td>
 *       <td>{@link #JUPYTER_DATA_DIR}: Jupyter's own data folder, where {@code itbs notebook}
 *       installs the kernelspec (under {@code kernels/}).</td></tr>
 * </table>
 *
 * <p>Flags ({@link #DEBUG}, {@link #TIMING}, {@link #EXPLAIN}) are on when set to anything but
 * {@code false}, {@code 0}, {@code no} or {@code off} (any case): {@code ITBS_DEBUG=1} and {@code
 * -Ditbs.timing=true} both turn theirs on.
 *
 * <p>Read elsewhere, and not listed above:
 *
 * <ul>
 *   <li>{@code ITBS_JAVA_OPTS}: read by the {@code ./itbs} launcher only, the JVM options of the
 *       application (default {@code -Xmx4g});
 *   <li>Spark's own settings, which spark-submit passes as system properties: {@code spark.master},
 *       {@code spark.jars}, {@code spark.driver.host}, {@code spark.ui.enabled} and {@code
 *       spark.hadoop.*}, read by {@code org.itbs.spark.SparkSessions} and {@code
 *       org.itbs.spark.JobPaths};
 *   <li>the JVM's standard properties ({@code java.home}, {@code java.class.path}, {@code
 *       user.home}, {@code user.name}...);
 *   <li>tests and benchmarks: {@code itbs.build.dir} (the build folder, set by Maven for {@code
 *       StandaloneClusterIT}), {@code itbs.bench.lake} ({@code FeaturesJobBench}'s lake), and the
 *       benchmark scripts' {@code ITBS_BENCH_DIR} and {@code ITBS_MASTER} (pipeline/bench/scripts).
 * </ul>
 */
public final class Settings {
  /** Stack traces of failing commands, and Spark's warnings (unless {@link #SPARK_LOG} is set). */
  public static final Setting DEBUG = new Setting("itbs.debug", "ITBS_DEBUG");

  /**
   * The log level of Spark in a job: {@code OFF} by default, {@code WARN} with {@link #DEBUG};
   * {@code WARN}, {@code INFO}, {@code DEBUG}... show more (see {@link #sparkLogLevel()}).
   */
  public static final Setting SPARK_LOG = new Setting("itbs.spark.log", "ITBS_SPARK_LOG");

  /** The ingest and features jobs print the time of their steps to standard error. */
  public static final Setting TIMING = new Setting("itbs.timing", "ITBS_TIMING");

  /** The features job prints the physical plans of its Spark jobs ({@code explain}). */
  public static final Setting EXPLAIN = new Setting("itbs.explain", "ITBS_EXPLAIN");

  /**
   * The job jar (itbs-jobs.jar) sent to the executors of a cluster; {@code ./itbs} sets it to
   * {@code pipeline/app/target/itbs-jobs.jar}. spark-submit's {@code spark.jars} wins over it (see
   * {@code org.itbs.spark.SparkSessions}).
   */
  public static final Setting JOBS_JAR = new Setting("itbs.jobs.jar", "ITBS_JOBS_JAR");

  /** The lake a notebook opens; {@code itbs notebook --lake LAKE} sets the variable for Jupyter. */
  public static final Setting LAKE = new Setting("itbs.lake", "ITBS_LAKE");

  /**
   * The JDBC URL of the lake's Iceberg catalog ({@code jdbc:sqlite:FILE}, {@code
   * jdbc:postgresql://...}); unset: {@code LAKE/catalog.db}, which needs a lake on the local disk.
   */
  public static final Setting CATALOG = new Setting("itbs.catalog", "ITBS_CATALOG");

  /** The most bytes a zip submission may unpack to; see {@link #limit(Setting, long)}. */
  public static final Setting MAX_UNPACKED_BYTES =
      new Setting("itbs.max.unpacked.bytes", "ITBS_MAX_UNPACKED_BYTES");

  /** The most a zip submission may unpack to per byte of the zip itself. */
  public static final Setting MAX_UNPACK_RATIO =
      new Setting("itbs.max.unpack.ratio", "ITBS_MAX_UNPACK_RATIO");

  /** The most entries (files and folders) a submission may hold. */
  public static final Setting MAX_ENTRIES = new Setting("itbs.max.entries", "ITBS_MAX_ENTRIES");

  /** The longest line of a submitted CSV file, in bytes. */
  public static final Setting MAX_LINE_BYTES =
      new Setting("itbs.max.line.bytes", "ITBS_MAX_LINE_BYTES");

  /** Default of {@link #MAX_UNPACKED_BYTES}: 16 GiB. */
  public static final long DEFAULT_MAX_UNPACKED_BYTES = 16L << 30;

  /** Default of {@link #MAX_UNPACK_RATIO}. */
  public static final long DEFAULT_MAX_UNPACK_RATIO = 200;

  /** Default of {@link #MAX_ENTRIES}. */
  public static final long DEFAULT_MAX_ENTRIES = 1000;

  /** Default of {@link #MAX_LINE_BYTES}: 1 MiB. */
  public static final long DEFAULT_MAX_LINE_BYTES = 1L << 20;

  /**
   * Seconds a job waits for a {@code spark://} master to take its application (a port that answers
   * but is no Spark master), counted from the moment the driver's own services are up; {@code
   * --master-timeout} on the command line sets it. See {@code org.itbs.spark.SparkSessions}.
   */
  public static final Setting MASTER_TIMEOUT =
      new Setting("itbs.master.timeout", "ITBS_MASTER_TIMEOUT");

  /**
   * Seconds a job waits, once a {@code spark://} master took it, for its first executor (a master
   * without a free worker). Generous: an executor's JVM may take tens of seconds to start on a
   * loaded worker.
   */
  public static final Setting EXECUTOR_TIMEOUT =
      new Setting("itbs.executor.timeout", "ITBS_EXECUTOR_TIMEOUT");

  /** Default of {@link #EXECUTOR_TIMEOUT}, in seconds. */
  public static final long DEFAULT_EXECUTOR_TIMEOUT_SECONDS = 120;

  /** Default of {@link #MASTER_TIMEOUT}, in seconds. */
  public static final long DEFAULT_MASTER_TIMEOUT_SECONDS = 10;

  /** Jupyter's data folder (Jupyter's own variable); default {@code ~/.local/share/jupyter}. */
  public static final Setting JUPYTER_DATA_DIR = new Setting(null, "JUPYTER_DATA_DIR");

  /** Every setting above, in the order of the class comment. */
  public static final List<Setting> ALL =
      List.of(
          DEBUG,
          SPARK_LOG,
          TIMING,
          EXPLAIN,
          JOBS_JAR,
          LAKE,
          CATALOG,
          MAX_UNPACKED_BYTES,
          MAX_UNPACK_RATIO,
          MAX_ENTRIES,
          MAX_LINE_BYTES,
          MASTER_TIMEOUT,
          EXECUTOR_TIMEOUT,
          JUPYTER_DATA_DIR);

  private Settings() {}

  /**
   * The log level for Spark: {@link #SPARK_LOG} when set, else {@code WARN} when {@link #DEBUG} is
   * on, else {@code OFF}: Spark's warnings (a task's size) are for developers, and a failed task is
   * told by the job's own one-line message, not by Spark's log of its stack trace.
   */
  public static String sparkLogLevel() {
    return SPARK_LOG.value().orElse(DEBUG.isOn() ? "WARN" : "OFF").toUpperCase(Locale.ROOT);
  }

  /**
   * A limit: the setting's value as a whole number when set, else {@code defaultValue}.
   *
   * @return the limit, at least 1
   * @throws IllegalArgumentException when the value set is not a whole number of at least 1 (the
   *     message names the setting and the value)
   */
  public static long limit(Setting setting, long defaultValue) {
    Optional<String> v = setting.value();
    if (v.isEmpty()) {
      return defaultValue;
    }
    long n;
    try {
      n = Long.parseLong(v.get());
    } catch (NumberFormatException e) {
      n = 0;
    }
    if (n < 1) {
      throw new IllegalArgumentException(
          setting + "=" + v.get() + " is not a whole number of at least 1");
    }
    return n;
  }

  /**
   * One setting: a system property, an environment variable or both (either name may be null).
   *
   * @param property the system property's name, or null
   * @param env the environment variable's name, or null
   */
  public record Setting(String property, String env) {
    public Setting {
      if (property == null && env == null) {
        throw new IllegalArgumentException("a setting needs a property or a variable");
      }
    }

    /** The value: the system property's when set, else the environment variable's. */
    public Optional<String> value() {
      return value(System::getProperty, System::getenv);
    }

    /** As {@link #value()}, from the given property and environment lookups (for tests). */
    Optional<String> value(UnaryOperator<String> properties, UnaryOperator<String> environment) {
      String v = property == null ? null : properties.apply(property);
      if (v == null || v.isBlank()) {
        v = env == null ? null : environment.apply(env);
      }
      return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    /**
     * For a flag: on when set to anything but {@code false}, {@code 0}, {@code no}, {@code off}.
     */
    public boolean isOn() {
      return isOn(value());
    }

    static boolean isOn(Optional<String> value) {
      return value
          .map(v -> !List.of("false", "0", "no", "off").contains(v.toLowerCase(Locale.ROOT)))
          .orElse(false);
    }

    /**
     * Sets the system property of this setting for the rest of this JVM (a command-line option such
     * as {@code --debug} that stands for a setting).
     *
     * @throws IllegalStateException for a setting that has no system property
     */
    public void set(String value) {
      if (property == null) {
        throw new IllegalStateException(env + " is an environment variable only");
      }
      System.setProperty(property, value);
    }

    /**
     * Runs {@code work} with this setting's system property set to {@code value}, then puts the
     * property back as it was (a command-line option that stands for a setting during one run of a
     * command, as {@code --catalog} does for {@link Settings#CATALOG}).
     *
     * @throws IllegalStateException for a setting that has no system property
     */
    public <T> T during(String value, java.util.function.Supplier<T> work) {
      if (property == null) {
        throw new IllegalStateException(env + " is an environment variable only");
      }
      String before = System.getProperty(property);
      System.setProperty(property, value);
      try {
        return work.get();
      } finally {
        if (before == null) {
          System.clearProperty(property);
        } else {
          System.setProperty(property, before);
        }
      }
    }

    /** How to set it, for messages: {@code -Ditbs.jobs.jar=...} or {@code JUPYTER_DATA_DIR=...}. */
    @Override
    public String toString() {
      return property != null ? "-D" + property : env;
    }
  }
}
