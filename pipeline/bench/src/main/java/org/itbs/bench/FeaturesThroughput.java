package org.itbs.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.itbs.core.dictionary.Dictionary;
import org.itbs.core.lake.Lake;
import org.itbs.core.lake.LakeState;
import org.itbs.core.lake.SubmissionRecord;
import org.itbs.lake.IcebergLake;
import org.itbs.lake.LakeTables;
import org.itbs.spark.SparkSessions;
import org.itbs.spark.features.FeaturesJob;

/**
 * Prints the time of the whole features job on a lake beside a bare Spark pass over the same
 * curated gait frames (read the Parquet, group by participant, session, trial and side, take the
 * maximum of the four angles the job peaks, and run it to the end through Spark's {@code noop}
 * sink), measured in the same run, and their ratio. Not a test: run it with the Spark jars on the
 * class path, e.g.
 *
 * <pre>
 * mvn -B -q dependency:build-classpath -pl pipeline/spark -Dmdep.outputFile=/tmp/cp.txt
 * java -Xmx4g -cp pipeline/spark/target/classes:$(cat /tmp/cp.txt) \
 *     org.itbs.bench.FeaturesThroughput LAKE [ROUNDS]
 * </pre>
 *
 * <p>Each round runs the bare pass and then the features job (which replaces the lake version's
 * analysis tables); the first round warms the JVM up and is not counted; the best of the other
 * rounds is reported. The Spark master is {@code local[*]} unless {@code -Dspark.master} says
 * otherwise.
 */
public final class FeaturesThroughput {
  /** The four angles whose peaks the features job takes, in the curated gait frames. */
  public static final List<String> ANGLE_COLUMNS =
      List.of(
          "hip_adduction_deg",
          "pelvic_drop_deg",
          "knee_internal_rotation_deg",
          "ankle_dorsiflexion_deg");

  private static final String[] ANGLES = ANGLE_COLUMNS.toArray(String[]::new);

  private FeaturesThroughput() {}

  /** The lake's state at its latest version, from its Iceberg catalog. */
  public static LakeState state(Path lakeRoot) {
    try (IcebergLake c = IcebergLake.openLake(lakeRoot, null, new Configuration(), false)) {
      return c.state();
    }
  }

  /**
   * The curated gait-frame files of the lake's current submissions at its latest version, as
   * Iceberg plans them (locations, which Spark reads as they are).
   */
  public static String[] gaitFrameFolders(Lake lake) {
    try (IcebergLake c = IcebergLake.openLake(lake.root(), null, new Configuration(), false)) {
      Optional<IcebergLake.Version> v = c.latest();
      if (v.isEmpty()) {
        return new String[0];
      }
      TableIdentifier id = LakeTables.curatedId(Dictionary.submission().table("gait_frames"));
      return c.files(v.get(), id).stream().map(f -> f.location()).sorted().toArray(String[]::new);
    }
  }

  /** The number of accepted gait frames of the lake's current submissions. */
  public static long frames(Lake lake) {
    long frames = 0;
    for (SubmissionRecord s : state(lake.root()).currentSubmissions()) {
      if (s.files().containsKey("gait_frames.csv")) {
        frames += s.files().get("gait_frames.csv").accepted();
      }
    }
    return frames;
  }

  /**
   * One bare pass: reads the gait-frame Parquet under {@code folders}, groups by participant,
   * session, trial and side, takes the maximum of the four angles and runs it to the end through
   * the {@code noop} sink.
   *
   * @return its wall-clock seconds
   */
  public static double bare(SparkSession spark, String... folders) {
    long t0 = System.nanoTime();
    Dataset<Row> f = spark.read().parquet(folders);
    f.groupBy(col("participant_id"), col("session_date"), col("trial"), col("side"))
        .agg(max(col(ANGLES[0])), max(col(ANGLES[1])), max(col(ANGLES[2])), max(col(ANGLES[3])))
        .write()
        .format("noop")
        .mode("overwrite")
        .save();
    return (System.nanoTime() - t0) / 1e9;
  }

  /** Runs the measurement. */
  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println("usage: FeaturesThroughput LAKE [ROUNDS]");
      System.exit(2);
    }
    Path lakeRoot = Path.of(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Lake lake = Lake.at(lakeRoot);
    SparkSession spark = SparkSessions.get("itbs-features-throughput", null);
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    long frames = frames(lake);
    String[] paths = gaitFrameFolders(lake);
    if (paths.length == 0) {
      System.err.println("lake " + lakeRoot + " has no current gait frames");
      System.exit(2);
    }
    double bestBare = Double.MAX_VALUE;
    double bestJob = Double.MAX_VALUE;
    FeaturesJob.Result result = null;
    for (int r = 0; r <= rounds; r++) {
      double bare = bare(spark, paths);
      long t1 = System.nanoTime();
      result = new FeaturesJob(spark, quiet).run(lakeRoot);
      double job = (System.nanoTime() - t1) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "round %d%s: bare read + group-by-max %.2f s, features job %.2f s%n",
          r,
          r == 0 ? " (warm-up)" : "",
          bare,
          job);
      if (r > 0) {
        bestBare = Math.min(bestBare, bare);
        bestJob = Math.min(bestJob, job);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "gait frames (curated):         %,d in %d submission(s); %d runners, %d intervals%n",
        frames,
        paths.length,
        result.runners(),
        result.intervals());
    System.out.printf(
        Locale.ROOT,
        "bare read + group-by-max:      %.2f s  %,.0f frames/s%n",
        bestBare,
        frames / bestBare);
    System.out.printf(
        Locale.ROOT,
        "features job (both tables):    %.2f s  %,.0f frames/s%n",
        bestJob,
        frames / bestJob);
    System.out.printf(Locale.ROOT, "ratio features/bare time:      %.2f%n", bestJob / bestBare);
    spark.stop();
  }
}
