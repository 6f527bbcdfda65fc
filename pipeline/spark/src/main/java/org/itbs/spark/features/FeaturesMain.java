package org.itbs.spark.features;

import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.itbs.spark.JobFailures;
import org.itbs.spark.JobPaths;
import org.itbs.spark.SparkSessions;
import org.itbs.spark.WhenBusy;

/**
 * Entry point of the features job for {@code spark-submit --class
 * org.itbs.spark.features.FeaturesMain}: arguments {@code --lake LAKE [--master URL] [--wait]},
 * LAKE a local path, a {@code file:} URI or a Hadoop file system URI such as {@code
 * hdfs://nn:8020/lake} (see {@link JobPaths}). The run holds the lake's lock ({@link
 * org.itbs.core.lake.LakeLock}); with {@code --wait} it waits while another run holds it, else it
 * exits with status 4 at once. Exit statuses as {@link JobFailures}: 0 when the analysis tables
 * were written, 1 when the run failed, 2 on bad arguments or when LAKE is not a lake with a current
 * submission (a local lake is checked before Spark starts, another once the session gives the
 * Hadoop configuration), 4 when the lake is busy, 5 when the Spark master cannot be reached.
 */
public final class FeaturesMain {
  private static final String USAGE =
      "usage: FeaturesMain --lake LAKE [--master URL] [--wait] [--as-of VERSION]";

  private static final String TOOL = "itbs features";

  private FeaturesMain() {}

  /** Runs the job. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the job and returns its exit status. */
  public static int run(String[] args) {
    String lake = null;
    String master = null;
    WhenBusy whenBusy = WhenBusy.FAIL;
    String asOf = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if ((a.equals("--lake") || a.equals("--master") || a.equals("--as-of"))
          && i + 1 >= args.length) {
        System.err.println(TOOL + ": " + a + " needs a value; " + USAGE);
        return JobFailures.BAD_ARGUMENT;
      }
      switch (a) {
        case "--lake" -> lake = args[++i];
        case "--master" -> master = args[++i];
        case "--wait" -> whenBusy = WhenBusy.WAIT;
        case "--as-of" -> asOf = args[++i];
        default -> {
          System.err.println(TOOL + ": unknown argument '" + a + "'; " + USAGE);
          return JobFailures.BAD_ARGUMENT;
        }
      }
    }
    if (lake == null) {
      System.err.println(TOOL + ": --lake is required; " + USAGE);
      return JobFailures.BAD_ARGUMENT;
    }
    return run(lake, master, whenBusy, asOf);
  }

  /**
   * Runs the job on arguments already parsed (by {@code itbs features}), with the same messages and
   * exit status as {@link #run(String[])}, failing at once when the lake is busy.
   *
   * @param lake the lake: a local path, a {@code file:} URI or a Hadoop file system URI
   * @param master Spark master URL, or {@code null} for spark-submit's or the embedded default
   * @return the exit status (see the class comment)
   */
  public static int run(String lake, String master) {
    return run(lake, master, WhenBusy.FAIL);
  }

  /**
   * Runs the job as {@link #run(String, String)}, waiting for the lake's lock when {@code whenBusy}
   * says so ({@code --wait}): the summary on standard output, a failure on standard error in one
   * line, {@code itbs features: MESSAGE}.
   *
   * @return the exit status (see the class comment)
   */
  public static int run(String lake, String master, WhenBusy whenBusy) {
    return run(lake, master, whenBusy, null);
  }

  /**
   * Runs the job as {@link #run(String, String, WhenBusy)} on lake version {@code asOf} ({@code
   * --as-of}: a number, or an ISO-8601 time meaning the latest version committed at or before it;
   * {@code null} for the latest).
   *
   * @return the exit status (see the class comment)
   */
  public static int run(String lake, String master, WhenBusy whenBusy, String asOf) {
    try {
      JobPaths.check("--lake", lake);
      // A local lake is checked before Spark starts; another once the session gives the Hadoop
      // configuration.
      if (JobPaths.isLocal(lake)) {
        FeaturesJob.checkLake(JobPaths.of("--lake", lake), asOf, new Configuration());
      }
    } catch (IllegalArgumentException e) {
      System.err.println(TOOL + ": " + e.getMessage());
      return JobFailures.BAD_ARGUMENT;
    }
    SparkSession spark = null;
    try {
      JobFailures.checkMasterReachable(SparkSessions.effectiveMaster(master));
      spark = SparkSessions.get("itbs-features", master);
      Path root = JobPaths.of("--lake", lake);
      new FeaturesJob(spark, System.out).run(root, asOf);
      return JobFailures.OK;
    } catch (Exception | Error e) {
      // Spark's SparkException is a checked exception that Scala code throws unchecked.
      return JobFailures.report(TOOL, lake, e, System.err);
    } finally {
      if (spark != null) {
        spark.stop();
      }
    }
  }

  private static void notice(String message) {
    System.err.println(TOOL + ": " + message);
  }
}
