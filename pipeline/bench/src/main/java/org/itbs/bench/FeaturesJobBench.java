package org.itbs.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.itbs.contribute.ClinicKey;
import org.itbs.contribute.Contributor;
import org.itbs.core.lake.Lake;
import org.itbs.core.lake.SubmissionRecord;
import org.itbs.lake.IcebergLake;
import org.itbs.spark.SparkSessions;
import org.itbs.spark.features.FeaturesJob;
import org.itbs.spark.ingest.IngestJob;
import org.itbs.synth.CohortGenerator;
import org.itbs.synth.CohortSpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time of one whole features job ({@link FeaturesJob#run}: the analysis set and the R1 recurrence
 * intervals derived from the curated tables, written and committed as the analysis tables of the
 * lake version) on a lake whose gait_frames hold about 4 million rows, in a {@code local[2]} Spark
 * session (UI off, driver on 127.0.0.1). The score is seconds per job run (single-shot: each
 * iteration is one run, which replaces the same lake version's analysis).
 *
 * <p>The lake is built once per fork, before timing: a cohort from {@link CohortGenerator} (1 site,
 * 200 runners, 5 trials of 10 s per assessment, seed 7: about 4 million frame rows), contributed
 * with {@link Contributor} under a fixed {@link ClinicKey} and ingested with {@link IngestJob}, in
 * a temporary folder that is deleted afterwards. That takes about 40 s on 2 cores; with {@code
 * -Ditbs.bench.lake=DIR} a lake already at {@code DIR} is reused as it is, and when {@code DIR}
 * does not exist the lake is built there and kept for the next run.
 *
 * <p>Run from the repository root (Spark is inside the shaded jar):
 *
 * <pre>
 * mvn -B -q package -pl pipeline/bench -am -DskipTests
 * SPARK_LOCAL_IP=127.0.0.1 java -jar pipeline/bench/target/benchmarks.jar FeaturesJobBench \
 *     -jvmArgsAppend -Ditbs.bench.lake=/tmp/itbs-features-lake
 * </pre>
 *
 * The forked JVM does not see the launching JVM's {@code -D} options: pass them with {@code
 * -jvmArgsAppend} as above (or leave the option out for a throw-away lake). {@code -wi 0 -i 1}
 * gives one timed run for a quick check. The first runs in a fork are markedly slower (JIT and
 * Spark code generation); add {@code -wi 4} for steadier figures. {@code -Ditbs.timing=true} (also
 * through {@code -jvmArgsAppend}) makes the job print the time of each table.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx4g"})
public class FeaturesJobBench {
  /** System property naming a lake folder to reuse, or to build and keep. */
  public static final String LAKE_PROPERTY = "itbs.bench.lake";

  private static final byte[] KEY =
      "itbs-features-job-bench-key-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private SparkSession spark;
  private FeaturesJob job;
  private Path lake;
  private Path temp;

  /** Starts the session and builds (or finds) the lake, outside the timed region. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    System.setProperty("spark.ui.enabled", "false");
    spark = SparkSessions.get("itbs-features-job-bench", "local[2]");
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    String given = System.getProperty(LAKE_PROPERTY);
    temp = Files.createTempDirectory("itbs-features-bench");
    if (given != null && Files.exists(Path.of(given).resolve(IcebergLake.CATALOG_FILE))) {
      lake = Path.of(given);
      System.err.printf(Locale.ROOT, "reusing the lake at %s%n", lake);
    } else {
      lake = given != null ? Path.of(given) : temp.resolve("lake");
      build(temp, lake, quiet);
    }
    System.err.printf(
        Locale.ROOT, "lake %s: %,d curated gait frame rows%n", lake, gaitFrames(lake));
    job = new FeaturesJob(spark, quiet);
  }

  /** One features job on the lake. */
  @Benchmark
  public FeaturesJob.Result run() {
    return job.run(lake);
  }

  /** Stops the session and deletes the temporary folder (a lake given by the property stays). */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    if (spark != null) {
      spark.stop();
    }
    if (temp != null) {
      Lake.deleteTree(temp);
    }
  }

  /** Generates, contributes and ingests the cohort into {@code lakeRoot}; scratch under work. */
  private void build(Path work, Path lakeRoot, PrintStream quiet) throws IOException {
    long t0 = System.nanoTime();
    Path raw = work.resolve("raw");
    CohortGenerator.generate(
        CohortSpec.builder().sites(1).runners(200).trials(5).trialSeconds(10.0).seed(7).build(),
        raw);
    String site;
    try (Stream<Path> s = Files.list(raw)) {
      site =
          s.filter(Files::isDirectory)
              .map(p -> p.getFileName().toString())
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("generated cohort has no site folder"));
    }
    Path submission = work.resolve("submission");
    Contributor.builder()
        .site(site)
        .key(ClinicKey.of(KEY))
        .toolVersion("features-job-bench")
        .build()
        .contribute(raw.resolve(site), submission);
    Lake.deleteTree(raw);
    IngestJob.Outcome outcome = new IngestJob(spark, quiet).ingest(submission, lakeRoot);
    if (outcome != IngestJob.Outcome.COMMITTED) {
      throw new IllegalStateException(
          "ingest into " + lakeRoot + " did not commit the generated submission: " + outcome);
    }
    Lake.deleteTree(submission);
    System.err.printf(
        Locale.ROOT, "built the lake at %s in %.0f s%n", lakeRoot, (System.nanoTime() - t0) / 1e9);
  }

  /** Curated gait frame rows of the lake's current submissions. */
  private static long gaitFrames(Path lakeRoot) {
    long frames = 0;
    for (SubmissionRecord s : FeaturesThroughput.state(lakeRoot).currentSubmissions()) {
      if (s.files().containsKey("gait_frames.csv")) {
        frames += s.files().get("gait_frames.csv").accepted();
      }
    }
    if (frames == 0) {
      throw new IllegalStateException("lake " + lakeRoot + " has no current gait frames");
    }
    return frames;
  }
}
