package org.itbs.spark.features;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.itbs.spark.JobPaths;
import org.itbs.spark.SparkSessions;

/**
 * Entry point of the features job for {@code spark-submit --class
 * org.itbs.spark.features.FeaturesMain}: arguments {@code --lake LAKE [--master URL]}, LAKE a local
 * path, a {@code file:} URI or a Hadoop file system URI such as {@code hdfs://nn:8020/lake} (see
 * {@link JobPaths}). Exit status 0 when the analysis tables were written, 2 on bad arguments or
 * when LAKE is not a lake with a current submission (a local lake is checked before Spark starts,
 * another once the session gives the Hadoop configuration).
 */
public final class FeaturesMain {
  private static final String USAGE = "usage: FeaturesMain --lake LAKE [--master URL]";

  private FeaturesMain() {}

  /** Runs the job. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the job and returns its exit status. */
  public static int run(String[] args) {
    String lake = null;
    String master = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if ((a.equals("--lake") || a.equals("--master")) && i + 1 >= args.length) {
        System.err.println("itbs features: " + a + " needs a value; " + USAGE);
        return 2;
      }
      switch (a) {
        case "--lake" -> lake = args[++i];
        case "--master" -> master = args[++i];
        default -> {
          System.err.println("itbs features: unknown argument '" + a + "'; " + USAGE);
          return 2;
        }
      }
    }
    if (lake == null) {
      System.err.println("itbs features: --lake is required; " + USAGE);
      return 2;
    }
    return run(lake, master);
  }

  /**
   * Runs the job on arguments already parsed (by {@code itbs features}), with the same messages and
   * exit status as {@link #run(String[])}: the summary on standard output, a bad lake on standard
   * error as {@code itbs features: MESSAGE}.
   *
   * @param lake the lake: a local path, a {@code file:} URI or a Hadoop file system URI
   * @param master Spark master URL, or {@code null} for spark-submit's or the embedded default
   * @return 0 when the analysis tables were written, 2 when LAKE is not usable or not a lake with a
   *     current submission
   */
  public static int run(String lake, String master) {
    try {
      JobPaths.check("--lake", lake);
      // A local lake is checked before Spark starts; another once the session gives the Hadoop
      // configuration.
      if (JobPaths.isLocal(lake)) {
        FeaturesJob.checkLake(JobPaths.of("--lake", lake));
      }
    } catch (IllegalArgumentException e) {
      System.err.println("itbs features: " + e.getMessage());
      return 2;
    }
    SparkSession spark = SparkSessions.get("itbs-features", master);
    try {
      Path root = JobPaths.of("--lake", lake);
      FeaturesJob.checkLake(root);
      new FeaturesJob(spark, System.out).run(root);
      return 0;
    } catch (IllegalArgumentException e) {
      System.err.println("itbs features: " + e.getMessage());
      return 2;
    } finally {
      spark.stop();
    }
  }
}
