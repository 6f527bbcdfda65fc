package org.itbs.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.itbs.core.lake.Lake;
import org.itbs.spark.SparkSessions;
import org.itbs.spark.features.FeaturesJob;

/**
 * The features job beside two bare passes over the same curated gait-frame Parquet, all in one JVM
 * run: Spark's (as {@link FeaturesThroughput}: read, group by participant, session, trial and side,
 * maximum of the four angles, {@code noop} sink) and DuckDB's (the same query through its
 * in-process JDBC driver, every result row fetched). Prints the best time of each over the rounds
 * after a warm-up round, and the ratios. Not a test:
 *
 * <pre>
 * java -Xmx4g -cp pipeline/bench/target/benchmarks.jar org.itbs.bench.FeaturesVsDuckDb LAKE [ROUNDS]
 * </pre>
 *
 * <p>DuckDB runs in memory with as many threads as Spark's {@code local[*]} has cores, and with
 * extension autoloading and autoinstalling off, so it never goes to the network (Parquet is built
 * into the driver). The DuckDB query does less than the features job (no stance detection, no
 * runner-level tables, no Parquet written): its ratio says how far the job is from an engine made
 * for one machine doing the scan alone, not that the two compute the same thing.
 */
public final class FeaturesVsDuckDb {
  private FeaturesVsDuckDb() {}

  /** Runs the measurement. */
  public static void main(String[] args) throws SQLException {
    if (args.length < 1) {
      System.err.println("usage: FeaturesVsDuckDb LAKE [ROUNDS]");
      System.exit(2);
    }
    Path lakeRoot = Path.of(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    Lake lake = Lake.at(lakeRoot);
    String[] folders = FeaturesThroughput.gaitFrameFolders(lake);
    if (folders.length == 0) {
      System.err.println("lake " + lakeRoot + " has no current gait frames");
      System.exit(2);
    }
    long frames = FeaturesThroughput.frames(lake);
    int threads = Runtime.getRuntime().availableProcessors();
    SparkSession spark = SparkSessions.get("itbs-features-vs-duckdb", null);
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    double bestBare = Double.MAX_VALUE;
    double bestJob = Double.MAX_VALUE;
    double bestDuck = Double.MAX_VALUE;
    long groups = 0;
    try (Connection duck = duckDb(threads)) {
      String sql = query(folders);
      for (int r = 0; r <= rounds; r++) {
        double bare = FeaturesThroughput.bare(spark, folders);
        long t1 = System.nanoTime();
        new FeaturesJob(spark, quiet).run(lakeRoot);
        double job = (System.nanoTime() - t1) / 1e9;
        long t2 = System.nanoTime();
        groups = runToEnd(duck, sql);
        double dd = (System.nanoTime() - t2) / 1e9;
        System.out.printf(
            Locale.ROOT,
            "round %d%s: Spark bare %.2f s, features job %.2f s, DuckDB bare %.2f s%n",
            r,
            r == 0 ? " (warm-up)" : "",
            bare,
            job,
            dd);
        if (r > 0) {
          bestBare = Math.min(bestBare, bare);
          bestJob = Math.min(bestJob, job);
          bestDuck = Math.min(bestDuck, dd);
        }
      }
    } finally {
      spark.stop();
    }
    System.out.printf(
        Locale.ROOT,
        "gait frames (curated): %,d in %d folder(s); %,d (participant, session, trial, side)"
            + " groups; %d threads%n",
        frames,
        folders.length,
        groups,
        threads);
    System.out.printf(Locale.ROOT, "Spark bare read + group-by-max:   %.2f s%n", bestBare);
    System.out.printf(Locale.ROOT, "DuckDB bare read + group-by-max:  %.2f s%n", bestDuck);
    System.out.printf(Locale.ROOT, "features job (both tables):       %.2f s%n", bestJob);
    System.out.printf(Locale.ROOT, "ratio features / Spark bare:      %.2f%n", bestJob / bestBare);
    System.out.printf(Locale.ROOT, "ratio features / DuckDB bare:     %.2f%n", bestJob / bestDuck);
    System.out.printf(Locale.ROOT, "ratio Spark bare / DuckDB bare:   %.2f%n", bestBare / bestDuck);
  }

  private static Connection duckDb(int threads) throws SQLException {
    Properties p = new Properties();
    p.setProperty("threads", Integer.toString(threads));
    p.setProperty("autoinstall_known_extensions", "false");
    p.setProperty("autoload_known_extensions", "false");
    return DriverManager.getConnection("jdbc:duckdb:", p);
  }

  /** The bare query over the given Parquet files (the lake's current gait-frame files). */
  static String query(String... folders) {
    String files =
        Arrays.stream(folders)
            .map(f -> "'" + Path.of(URI.create(f)).toString().replace("'", "''") + "'")
            .collect(Collectors.joining(", ", "[", "]"));
    String maxima =
        FeaturesThroughput.ANGLE_COLUMNS.stream()
            .map(c -> "max(" + c + ") AS max_" + c)
            .collect(Collectors.joining(", "));
    return "SELECT participant_id, session_date, trial, side, "
        + maxima
        + " FROM read_parquet("
        + files
        + ") GROUP BY participant_id, session_date, trial, side";
  }

  private static long runToEnd(Connection c, String sql) throws SQLException {
    long n = 0;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int cols = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int i = 1; i <= cols; i++) {
          rs.getObject(i);
        }
        n++;
      }
    }
    return n;
  }
}
