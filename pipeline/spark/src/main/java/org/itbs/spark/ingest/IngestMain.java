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
 * arguments {@code --lake LAKE [--master URL] SUBMISSION...}, each path a local path or a {@code
 * file:} URI (see {@link JobPaths}). Exit status 0 when every submission was committed or already
 * in the lake, 3 when one was refused, 2 on bad arguments.
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
    Path lake = null;
    String master = null;
    List<Path> subs = new ArrayList<>();
    try {
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if ((a.equals("--lake") || a.equals("--master")) && i + 1 >= args.length) {
          System.err.println("itbs ingest: " + a + " needs a value; " + USAGE);
          return 2;
        }
        switch (a) {
          case "--lake" -> lake = JobPaths.of("--lake", args[++i]);
          case "--master" -> master = args[++i];
          default -> subs.add(JobPaths.of("SUBMISSION", a));
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
    SparkSession spark = SparkSessions.get("itbs-ingest", master);
    try {
      IngestJob job = new IngestJob(spark, System.out);
      int refused = 0;
      for (Path s : subs) {
        try {
          job.ingest(s, lake);
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
