package org.itbs.spark.ingest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.itbs.core.submission.SubmissionInspector;
import org.itbs.core.submission.SubmissionLimits;
import org.itbs.core.submission.SubmissionRejectedException;
import org.itbs.lake.IcebergLake;
import org.itbs.spark.JobFailures;
import org.itbs.spark.JobPaths;
import org.itbs.spark.SparkSessions;
import org.itbs.spark.WhenBusy;

/**
 * Entry point of the ingest job for {@code spark-submit --class org.itbs.spark.ingest.IngestMain}:
 * arguments {@code --lake LAKE [--master URL] [--wait] [--rekey SITE]... SUBMISSION...}, each path
 * a local path, a {@code file:} URI or a Hadoop file system URI such as {@code hdfs://nn:8020/lake}
 * (see {@link JobPaths}); {@code --rekey SITE} (repeatable) lets a submission of SITE made with
 * another key than the site's current one in, binding the site to the new key (see {@link
 * IngestJob#ingest(Path, Path, Set)}). Each submission's run holds its site's lock ({@code
 * LAKE/_locks/SITE.json}, {@link org.itbs.core.lake.LakeLock}): ingests of different sites run
 * together; with {@code --wait} it waits while another run ingests the same site, else it exits
 * with status 4. Exit statuses as {@link JobFailures}: 0 when every submission was committed or
 * already in the lake, 1 when the run failed, 2 on bad arguments, 3 when a submission was refused,
 * 4 when the lake is busy, 5 when the Spark master cannot be reached; each failure is one line on
 * standard error.
 */
public final class IngestMain {
  private static final String USAGE =
      "usage: IngestMain --lake LAKE [--master URL] [--wait] [--rekey SITE]... SUBMISSION...";

  private static final String TOOL = "itbs ingest";

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
    Set<String> rekey = new LinkedHashSet<>();
    WhenBusy whenBusy = WhenBusy.FAIL;
    try {
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if ((a.equals("--lake") || a.equals("--master") || a.equals("--rekey"))
            && i + 1 >= args.length) {
          System.err.println("itbs ingest: " + a + " needs a value; " + USAGE);
          return 2;
        }
        switch (a) {
          case "--lake" -> {
            lake = args[++i];
            JobPaths.check("--lake", lake);
          }
          case "--master" -> master = args[++i];
          case "--rekey" -> rekey.add(args[++i]);
          case "--wait" -> whenBusy = WhenBusy.WAIT;
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
    return run(lake, master, subs, rekey, whenBusy);
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
   *     when a path is not usable or a limit of {@link SubmissionLimits#fromSettings()} is not a
   *     whole number
   */
  public static int run(String lake, String master, List<String> submissions) {
    return run(lake, master, submissions, Set.of());
  }

  /**
   * Runs the job as {@link #run(String, String, List)}, letting submissions of the {@code
   * rekeySites} in under a key other than their site's current one ({@code --rekey SITE}).
   *
   * @param rekeySites site codes whose key may change; each must match {@link
   *     SubmissionInspector#SITE}
   * @return as {@link #run(String, String, List)}; 2 also when a site to rekey is not a site code
   */
  public static int run(
      String lake, String master, List<String> submissions, Collection<String> rekeySites) {
    return run(lake, master, submissions, rekeySites, WhenBusy.FAIL);
  }

  /**
   * Runs the job as {@link #run(String, String, List, Collection)}, waiting for the lake's lock
   * when {@code whenBusy} says so ({@code --wait}).
   *
   * @return as {@link #run(String, String, List)}; 1 when the run failed, 4 when the lake is busy
   *     and {@code whenBusy} is {@link WhenBusy#FAIL}, 5 when the master cannot be reached
   */
  public static int run(
      String lake,
      String master,
      List<String> submissions,
      Collection<String> rekeySites,
      WhenBusy whenBusy) {
    for (String site : rekeySites) {
      if (!SubmissionInspector.SITE.matcher(site).matches()) {
        System.err.println(
            TOOL
                + ": --rekey '"
                + site
                + "' is not a site code ("
                + SubmissionInspector.SITE.pattern()
                + ")");
        return JobFailures.BAD_ARGUMENT;
      }
    }
    Set<String> rekey = Set.copyOf(rekeySites);
    try {
      SubmissionLimits.fromSettings(); // a limit set to something else than a number: exit 2
      JobPaths.check("--lake", lake);
      for (String s : submissions) {
        JobPaths.check("SUBMISSION", s);
      }
    } catch (IllegalArgumentException e) {
      System.err.println(TOOL + ": " + e.getMessage());
      return JobFailures.BAD_ARGUMENT;
    }
    SparkSession spark = null;
    try {
      JobFailures.checkMasterReachable(SparkSessions.effectiveMaster(master));
      // The locks are per site (LAKE/_locks/SITE.json), taken once a submission's site is known.
      spark = SparkSessions.get("itbs-ingest", master);
      Path lakeRoot;
      List<Path> paths = new ArrayList<>();
      try {
        lakeRoot = JobPaths.of("--lake", lake);
        for (String s : submissions) {
          paths.add(JobPaths.of("SUBMISSION", s));
        }
      } catch (IllegalArgumentException e) {
        System.err.println(TOOL + ": " + e.getMessage());
        return JobFailures.BAD_ARGUMENT;
      }
      IngestJob job = new IngestJob(spark, System.out);
      int refused = 0;
      // The catalog is opened once, when the first submission that passed inspection needs it.
      IcebergLake[] catalog = {null};
      Configuration conf = spark.sparkContext().hadoopConfiguration();
      Path root = lakeRoot;
      try {
        for (Path s : paths) {
          try {
            job.ingest(
                s,
                lakeRoot,
                () -> {
                  if (catalog[0] == null) {
                    catalog[0] = IcebergLake.openLake(root, null, conf, true);
                  }
                  return catalog[0];
                },
                rekey,
                whenBusy);
          } catch (SubmissionRejectedException e) {
            System.err.println(TOOL + ": " + e.getMessage());
            refused++;
          }
        }
      } finally {
        if (catalog[0] != null) {
          catalog[0].close();
        }
      }
      return refused == 0 ? JobFailures.OK : JobFailures.REFUSED;
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
