package org.itbs.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.itbs.core.dictionary.ColumnSpec;
import org.itbs.core.dictionary.Dictionary;
import org.itbs.core.dictionary.TableSpec;
import org.itbs.core.lake.Lake;
import org.itbs.lake.IcebergLake;
import org.itbs.spark.SparkSessions;
import org.itbs.spark.ingest.IngestJob;
import org.itbs.spark.parquet.SparkSchemas;

/**
 * Prints the ingest throughput on one submission's gait frames beside a bare Spark CSV→Parquet
 * conversion of the same file (typed schema from the dictionary, no validation), measured in the
 * same run, and their ratio (ingest rows/s ÷ bare rows/s). Not a test: run it through {@code
 * pipeline/bench/scripts/ingest-vs-bare.sh}.
 *
 * <p>Arguments: {@code SUBMISSION WORKDIR [ROUNDS]}. Each round runs the bare conversion and the
 * whole ingest of the submission into a new lake (created, empty, before the clock starts: a lake
 * is made once and takes many submissions), in turns (bare first in even rounds, ingest first in
 * odd ones); the first round warms the JVM up and is not counted. Reported: the median of the
 * rounds' ratios (each round's two sides ran back to back, so a machine that others share slows
 * both alike), the best round of each side against each other, and the median ratio of CPU times.
 */
public final class IngestThroughput {
  private IngestThroughput() {}

  /** Runs the measurement. */
  public static void main(String[] args) throws Exception {
    Path submission = Path.of(args[0]);
    Path work = Path.of(args[1]);
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    SparkSession spark = SparkSessions.get("itbs-ingest-throughput", null);
    TableSpec gait = Dictionary.submission().table("gait_frames");
    Path csv = submission.resolve("gait_frames.csv");
    // The file's own columns, in its order (an optional column such as frame_rate_hz may be
    // absent).
    StructType typed = new StructType();
    String header;
    try (java.io.BufferedReader in = java.nio.file.Files.newBufferedReader(csv)) {
      header = in.readLine();
    }
    for (String name : header.split(",", -1)) {
      ColumnSpec c = gait.column(name.strip()).orElseThrow();
      typed = typed.add(c.name(), SparkSchemas.typeOf(c), true);
    }
    long rows = 0;
    double bestBare = Double.MAX_VALUE;
    double bestIngest = Double.MAX_VALUE;
    List<Double> ratios = new ArrayList<>();
    List<Double> cpuRatios = new ArrayList<>();
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    for (int r = 0; r <= rounds; r++) {
      // Odd rounds run the ingest first: whichever side runs second inherits the other's garbage
      // and warmed caches, and the machine's speed drifts; pairing the sides round by round and
      // alternating their order keeps both out of the ratio.
      boolean ingestFirst = r % 2 == 1;
      double[] ingest = ingestFirst ? ingest(spark, submission, work, r, quiet) : null;
      double[] bare = bare(spark, typed, csv, work, r);
      if (!ingestFirst) {
        ingest = ingest(spark, submission, work, r, quiet);
      }
      rows = (long) ingest[2];
      System.out.printf(
          Locale.ROOT,
          "round %d%s: bare %.2f s (CPU %.2f s), ingest %.2f s (CPU %.2f s), ratio %.2f%s;"
              + " the empty lake created beforehand in %.2f s%n",
          r,
          r == 0 ? " (warm-up)" : "",
          bare[0],
          bare[1],
          ingest[0],
          ingest[1],
          bare[0] / ingest[0],
          ingestFirst ? " (ingest ran first)" : "",
          ingest[3]);
      if (r > 0) {
        bestBare = Math.min(bestBare, bare[0]);
        bestIngest = Math.min(bestIngest, ingest[0]);
        ratios.add(bare[0] / ingest[0]);
        cpuRatios.add(bare[1] / ingest[1]);
      }
    }
    double bareRate = rows / bestBare;
    double ingestRate = rows / bestIngest;
    System.out.printf(Locale.ROOT, "gait frame rows:            %,d (%s)%n", rows, csv);
    System.out.printf(
        Locale.ROOT,
        "bare CSV->Parquet:          %.2f s  %,.0f rows/s (best round)%n",
        bestBare,
        bareRate);
    System.out.printf(
        Locale.ROOT,
        "ingest (validate, land):    %.2f s  %,.0f rows/s (best round, whole submission)%n",
        bestIngest,
        ingestRate);
    System.out.printf(
        Locale.ROOT,
        "ratio ingest/bare throughput: %.2f median of %d rounds' ratios (range %.2f-%.2f), %.2f"
            + " best against best, %.2f median CPU-time ratio (issue 17: at least 1.2)%n",
        median(ratios),
        ratios.size(),
        ratios.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
        ratios.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
        ingestRate / bareRate,
        median(cpuRatios));
    spark.stop();
  }

  /** The bare conversion: wall and CPU seconds. */
  private static double[] bare(SparkSession spark, StructType typed, Path csv, Path work, int r) {
    Path bareOut = work.resolve("bare-" + r);
    collectGarbage();
    long c0 = cpuNanos();
    long t0 = System.nanoTime();
    spark
        .read()
        .option("header", "true")
        .schema(typed)
        .csv(csv.toUri().toString())
        .write()
        .parquet(bareOut.toUri().toString());
    double wall = (System.nanoTime() - t0) / 1e9;
    double cpu = (cpuNanos() - c0) / 1e9;
    delete(bareOut);
    return new double[] {wall, cpu};
  }

  /**
   * The whole ingest of the submission into a new, empty lake: wall and CPU seconds, gait rows
   * read, and the seconds the lake's creation took before.
   */
  private static double[] ingest(
      SparkSession spark, Path submission, Path work, int r, PrintStream quiet) {
    Path lake = work.resolve("lake-" + r);
    // The lake exists before the timed ingest, as it does for every submission after a lake's
    // first: creating its catalog and twelve tables (0.4-0.5 s) is a one-off, printed apart.
    long tc = System.nanoTime();
    try (IcebergLake created =
        IcebergLake.openLake(lake, null, spark.sparkContext().hadoopConfiguration(), true)) {
      created.state();
    }
    double create = (System.nanoTime() - tc) / 1e9;
    collectGarbage();
    long c1 = cpuNanos();
    long t1 = System.nanoTime();
    new IngestJob(spark, quiet).ingest(submission, lake);
    double wall = (System.nanoTime() - t1) / 1e9;
    double cpu = (cpuNanos() - c1) / 1e9;
    long rows =
        FeaturesThroughput.state(lake)
            .currentSubmissions()
            .get(0)
            .files()
            .get("gait_frames.csv")
            .read();
    delete(lake);
    return new double[] {wall, cpu, rows, create};
  }

  /**
   * A full collection before each side, so that neither pays for the other's garbage: without it an
   * ingest that follows an ingest took up to 1.6 times the CPU of one that follows the bare side.
   */
  private static void collectGarbage() {
    System.gc();
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    int n = s.size();
    return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  /**
   * CPU time of the whole JVM so far (every thread: tasks, driver, JIT, GC): on a machine that
   * others share, the CPU a side took varies less than its wall time.
   */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void delete(Path p) {
    try {
      Lake.deleteTree(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
