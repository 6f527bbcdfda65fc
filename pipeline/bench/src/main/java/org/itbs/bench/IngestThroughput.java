package org.itbs.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.itbs.core.dictionary.ColumnSpec;
import org.itbs.core.dictionary.Dictionary;
import org.itbs.core.dictionary.TableSpec;
import org.itbs.core.lake.Lake;
import org.itbs.spark.SparkSessions;
import org.itbs.spark.ingest.IngestJob;
import org.itbs.spark.parquet.SparkSchemas;

/**
 * Prints the ingest throughput on one submission's gait frames beside a bare Spark CSV→Parquet
 * conversion of the same file (typed schema from the dictionary, no validation), measured in the
 * same run, and their ratio (ingest rows/s ÷ bare rows/s). Not a test: run it through {@code
 * pipeline/bench/scripts/ingest-vs-bare.sh}.
 *
 * <p>Arguments: {@code SUBMISSION WORKDIR [ROUNDS]}. Each round runs the bare conversion and then
 * the whole ingest of the submission into a fresh lake; the first round warms the JVM up and is not
 * counted; the best of the other rounds is reported.
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
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    for (int r = 0; r <= rounds; r++) {
      Path bareOut = work.resolve("bare-" + r);
      long c0 = cpuNanos();
      long t0 = System.nanoTime();
      spark
          .read()
          .option("header", "true")
          .schema(typed)
          .csv(csv.toUri().toString())
          .write()
          .parquet(bareOut.toUri().toString());
      double bare = (System.nanoTime() - t0) / 1e9;
      double bareCpu = (cpuNanos() - c0) / 1e9;

      Path lake = work.resolve("lake-" + r);
      long c1 = cpuNanos();
      long t1 = System.nanoTime();
      new IngestJob(spark, quiet).ingest(submission, lake);
      double ingest = (System.nanoTime() - t1) / 1e9;
      double ingestCpu = (cpuNanos() - c1) / 1e9;
      rows =
          FeaturesThroughput.state(lake)
              .currentSubmissions()
              .get(0)
              .files()
              .get("gait_frames.csv")
              .read();
      System.out.printf(
          Locale.ROOT,
          "round %d%s: bare %.2f s (CPU %.2f s), ingest %.2f s (CPU %.2f s)%n",
          r,
          r == 0 ? " (warm-up)" : "",
          bare,
          bareCpu,
          ingest,
          ingestCpu);
      if (r > 0) {
        bestBare = Math.min(bestBare, bare);
        bestIngest = Math.min(bestIngest, ingest);
      }
      delete(bareOut);
      delete(lake);
    }
    double bareRate = rows / bestBare;
    double ingestRate = rows / bestIngest;
    System.out.printf(Locale.ROOT, "gait frame rows:            %,d (%s)%n", rows, csv);
    System.out.printf(
        Locale.ROOT, "bare CSV->Parquet:          %.2f s  %,.0f rows/s%n", bestBare, bareRate);
    System.out.printf(
        Locale.ROOT,
        "ingest (validate, land):    %.2f s  %,.0f rows/s (whole submission)%n",
        bestIngest,
        ingestRate);
    System.out.printf(
        Locale.ROOT,
        "ratio ingest/bare throughput: %.2f (issue 17: at least 1.2)%n",
        ingestRate / bareRate);
    spark.stop();
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
