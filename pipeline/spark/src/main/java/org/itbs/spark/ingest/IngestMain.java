package org.itbs.spark.ingest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.itbs.core.submission.SubmissionRejectedException;
import org.itbs.spark.JobPaths;
import org.itbs.spark.SparkSessions;

/**
 * Entry point of the ingest job for {@code spark-submit --class org.itbs.spark.ingest.IngestMain}:
 * arguments {@code --lake LAKE [--master URL] SUBMISSION...}, each path a local path, a {@code
 * file:} URI or a Hadoop file system URI such as {@code hdfs://nn:8020/lake} (see {@link
 * JobPaths}). Exit status 0 when every submission was committed or already in the lake, 3 when one
 * was refused, 2 on bad arguments.
 */
public final class IngestMain {
  private static final String USAGE = "usage: IngestMain --lake LAKE [--master URL] SUBMISSION...";

  private IngestMain() {}

  /** Runs the job. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the job and returns its exit status. */
  public static int run(String[] args) {
    String lake = null;
    String master = null;
    List<String> subs = new ArrayList<>();
    try {
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if ((a.equals("--lake") || a.equals("--master")) && i + 1 >= args.length) {
          System.err.println("itbs ingest: " + a + " needs a value; " + USAGE);
          return 2;
        }
        switch (a) {
          case "--lake" -> {
            lake = args[++i];
            JobPaths.check("--lake", lake);
          }
          case "--master" -> master = args[++i];
          default -> {
            JobPaths.check("SUBMISSION", a);
            subs.add(a);
          }
        }
      }
    } catch (IllegalArgumentException e) {
      System.err.println("itbs ingest: " + e.getMessage());
      return 2;
    }
    if (lake == null || subs.isEmpty()) {
      System.err.println(USAGE);
      return 2;
    }
    return run(lake, master, subs);
  }

  /**
   * Runs the job on arguments already parsed (by {@code itbs ingest}), with the same messages and
   * exit status as {@link #run(String[])}: each submission is committed or refused in turn, its
   * summary on standard output, a refusal or a bad path on standard error as {@code itbs ingest:
   * MESSAGE}.
   *
   * @param lake the lake: a local path, a {@code file:} URI or a Hadoop file system URI
   * @param master Spark master URL, or {@code null} for spark-submit's or the embedded default
   * @param submissions submission folders or zips, in the order to ingest them (at least one)
   * @return 0 when every submission was committed or already in the lake, 3 when one was refused, 2
   *     when a path is not usable
   */
  public static int run(String lake, String master, List<String> submissions) {
    try {
      JobPaths.check("--lake", lake);
      for (String s : submissions) {
        JobPaths.check("SUBMISSION", s);
      }
    } catch (IllegalArgumentException e) {
      System.err.println("itbs ingest: " + e.getMessage());
      return 2;
    }
    // The session first: Hadoop paths take its Hadoop configuration (see JobPaths).
    SparkSession spark = SparkSessions.get("itbs-ingest", master);
    try {
      Path lakeRoot;
      List<Path> paths = new ArrayList<>();
      try {
        lakeRoot = JobPaths.of("--lake", lake);
        for (String s : submissions) {
          paths.add(JobPaths.of("SUBMISSION", s));
        }
      } catch (IllegalArgumentException e) {
        System.err.println("itbs ingest: " + e.getMessage());
        return 2;
      }
      IngestJob job = new IngestJob(spark, System.out);
      int refused = 0;
      for (Path s : paths) {
        try {
          job.ingest(s, lakeRoot);
        } catch (SubmissionRejectedException e) {
          System.err.println("itbs ingest: " + e.getMessage());
          refused++;
        }
      }
      return refused == 0 ? 0 : 3;
    } finally {
      spark.stop();
    }
  }
}
