package org.itbs.spark.features;

import static org.apache.spark.sql.functions.col;
import static org.itbs.spark.features.LakeInput.PID;
import static org.itbs.spark.features.LakeInput.SITE;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.itbs.core.Settings;
import org.itbs.core.dictionary.AnalysisDictionary;
import org.itbs.core.lake.AnalysisFolder;
import org.itbs.core.lake.Lake;
import org.itbs.core.lake.LakeLock;
import org.itbs.core.lake.LakeState;
import org.itbs.core.lake.SubmissionRecord;
import org.itbs.lake.IcebergLake;
import org.itbs.spark.JobPaths;

/**
 * The features job: from the curated tables of the current submission of every site, the analysis
 * set of analysis-plan v1 (one row per runner, {@code data-schemas/analysis/runners.json}) and the
 * counting-process intervals of the recurrence model R1 ({@code
 * data-schemas/analysis/recurrence_intervals.json}).
 *
 * <p>Output layout, for the lake version {@code N} the job read ({@link Lake#analysis(long)},
 * {@link AnalysisFolder}, {@link Lake#currentAnalysis()}):
 *
 * <pre>
 * LAKE/analysis/vN/runners.parquet/                 one Parquet file, rows by site and participant_id
 * LAKE/analysis/vN/recurrence_intervals.parquet/    one Parquet file, rows by site, participant_id, start, stop
 * LAKE/analysis/vN/manifest.json                    plan, lake version and its tables' snapshot ids, submissions read, row counts
 * LAKE/analysis/current.json                        {"version": N, "folder": "vN"}: the newest analysis version
 * </pre>
 *
 * <p>All or nothing: the tables and the manifest are written into a staging folder under {@code
 * LAKE/_staging} and renamed into place only when complete, then {@code current.json} is replaced
 * by an atomic rename ({@link Lake#commitAnalysis}); a run that fails or is killed leaves the
 * committed analysis versions as they were (what it left in {@code _staging} is removed by the next
 * ingest). Running again on an unchanged lake version rewrites {@code vN} with the same rows (the
 * old folder is moved aside, the new one renamed into place, then the old one deleted). The job
 * reads one lake version through the Iceberg catalog ({@link IcebergLake}; {@code --as-of} an
 * earlier one) and takes no lake lock: ingests commit meanwhile without changing what it reads.
 *
 * <p>One Spark job reads the gait frames ({@link Stances}): it computes their baseline peaks, one
 * row per runner, which come back to the driver. The runner-level tables (participants, training
 * weeks, injuries, assessments: a few rows per runner) are each read once, on the driver and
 * without Spark ({@link RunnerTables}); the rest of the runners table and the recurrence intervals
 * are derived from them there, in plain Java. Each table is then written by a small Spark job from
 * those rows (the intervals' on another driver thread while the frames are scanned).
 *
 * <p>Diagnostics: with the system property {@code itbs.timing=true} the job prints the time of the
 * gait frames' job and of each table's write to standard error, with {@code itbs.explain=true} the
 * physical plans of those jobs.
 */
public final class FeaturesJob {
  private static final AtomicInteger THREADS = new AtomicInteger();

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * Rows of a table written from the driver that go to one task at most; see {@link #table}.
   * Measured: 20,617 interval rows made a task of 2,285 KiB (about 110 bytes a row; a runner row,
   * wider, a few hundred), so a task stays at a few MB to about 20 MB, far under {@code
   * spark.rpc.message.maxSize} (128 MiB).
   */
  static final int ROWS_PER_TASK = 50_000;

  private final SparkSession spark;
  private final PrintStream out;
  private final int rowsPerTask;

  /** A job running on {@code spark}, printing its summary to {@code out}. */
  public FeaturesJob(SparkSession spark, PrintStream out) {
    this(spark, out, ROWS_PER_TASK);
  }

  /**
   * A job that sends a table's rows from the driver in tasks of at most {@code rowsPerTask} rows;
   * tests use a few rows to take the path of a large cohort.
   */
  public FeaturesJob(SparkSession spark, PrintStream out, int rowsPerTask) {
    if (rowsPerTask < 1) {
      throw new IllegalArgumentException("rowsPerTask must be positive: " + rowsPerTask);
    }
    this.spark = spark;
    this.out = out;
    this.rowsPerTask = rowsPerTask;
  }

  /**
   * What one run wrote.
   *
   * @param lakeVersion the lake version the tables were derived from
   * @param folder the analysis version folder ({@code LAKE/analysis/v<lakeVersion>})
   * @param runners rows of runners.parquet
   * @param onsets runners whose time ends at an ITBS onset
   * @param intervals rows of recurrence_intervals.parquet
   * @param recurrences intervals that end in an ITBS onset
   */
  public record Result(
      long lakeVersion, Path folder, long runners, long onsets, long intervals, long recurrences) {
    /** The analysis version folder, with its tables' paths. */
    public AnalysisFolder analysis() {
      return new AnalysisFolder(folder);
    }
  }

  /**
   * Derives the analysis tables of the lake's current version and commits them.
   *
   * @param lakeRoot the lake folder
   * @return what was written
   * @throws IllegalArgumentException when {@code lakeRoot} is not a lake or has no current
   *     submission
   * @throws UncheckedIOException when the output cannot be written (nothing is committed)
   */
  public Result run(Path lakeRoot) {
    return run(lakeRoot, null);
  }

  /**
   * Derives the analysis tables of a lake version ({@code --as-of}: a number, or an ISO-8601 time
   * meaning the latest version committed at or before it; {@code null} for the latest) and commits
   * them as {@code LAKE/analysis/v<version>/}. Takes no lake lock: it reads a fixed version.
   *
   * @throws IllegalArgumentException when {@code lakeRoot} is not a lake, {@code asOf} names no
   *     version, or the version has no current submission
   */
  public Result run(Path lakeRoot, String asOf) {
    Lake lake = Lake.at(lakeRoot);
    try (IcebergLake catalog =
            IcebergLake.openLake(
                lakeRoot, null, spark.sparkContext().hadoopConfiguration(), false);
        LakeLock run = lake.lockRun("features", m -> System.err.println("itbs features: " + m))) {
      IcebergLake.Version v = version(catalog, lakeRoot, asOf);
      return run(lake, catalog, v, catalog.state(v.version()), run.holder().token());
    }
  }

  private Result run(
      Lake lake, IcebergLake catalog, IcebergLake.Version v, LakeState state, String token) {
    LakeInput in = new LakeInput(spark, catalog, v, state);
    AnalysisSchema runnersSchema = AnalysisSchema.runners();
    AnalysisSchema intervalsSchema = AnalysisSchema.recurrenceIntervals();
    long t0 = System.nanoTime();
    RunnerTables cohort = RunnerTables.read(in);
    timing("runner-level tables (read)", t0);
    AnalysisFolder staging = new AnalysisFolder(lake.newStaging(token));
    // The intervals, small, are derived and written on another thread while this one runs the
    // Spark job over the gait frames.
    ExecutorService other =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread t = new Thread(task, "itbs-features-" + THREADS.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      Future<long[]> intervals =
          other.submit(
              () ->
                  table(
                      intervalsSchema,
                      RecurrenceIntervalBuilder.columns(),
                      RecurrenceIntervalBuilder.rows(cohort),
                      staging,
                      SITE,
                      PID,
                      "start",
                      "stop"));
      long[] r;
      try {
        r =
            table(
                runnersSchema,
                Runners.columns(),
                Runners.rows(cohort, peaks(in, cohort)),
                staging,
                SITE,
                PID);
      } catch (RuntimeException | Error e) {
        awaitQuietly(intervals);
        throw e;
      }
      long[] i = await(intervals, "the recurrence intervals");
      writeManifest(staging, v, in.submissions(), runnersSchema, r, intervalsSchema, i);
      Path target = lake.commitAnalysis(staging, v.version()).path();
      Result result = new Result(v.version(), target, r[0], r[1], i[0], i[1]);
      printSummary(result, in.submissions());
      return result;
    } finally {
      other.shutdown();
      deleteQuietly(lake, staging.path());
    }
  }

  /**
   * Runs the Spark job over the gait frames ({@link Stances#peaks}) and brings its result, one row
   * per runner, to the driver.
   */
  private static Map<RunnerTables.Key, Row> peaks(LakeInput in, RunnerTables cohort) {
    long t0 = System.nanoTime();
    Dataset<Row> peaks =
        Stances.peaks(
            in.spark(), cohort.dayZero(), in.tableBySite("gait_frames", Stances.frameColumns()));
    if (Settings.EXPLAIN.isOn()) {
      peaks.explain("formatted");
    }
    Map<RunnerTables.Key, Row> byRunner = new HashMap<>();
    for (Row p : peaks.collectAsList()) {
      byRunner.put(new RunnerTables.Key(p.getString(0), p.getString(1)), p);
    }
    timing("gait peaks (plan and job)", t0);
    return byRunner;
  }

  /**
   * Puts one table's rows, computed on the driver, through its schema and writes them into staging
   * as a single Parquet file, rows in key order; returns rows and events, counted on the rows
   * written.
   *
   * <p>Rows made on the driver travel to the executors inside the tasks that read them. Up to
   * {@link #ROWS_PER_TASK} rows (the intervals of about 5,000 runners) go as one local table to the
   * one task that writes the file. More rows are cut into slices of at most that many, each sent
   * with its own task, and gathered into the one writing task by a shuffle, so no task grows with
   * the cohort (in one task, the million intervals of about 100,000 runners would come close to
   * {@code spark.rpc.message.maxSize} on a cluster).
   */
  private long[] table(
      AnalysisSchema schema,
      StructType columns,
      List<Row> rows,
      AnalysisFolder staging,
      String... order) {
    Dataset<Row> local;
    if (rows.size() <= rowsPerTask) {
      local = spark.createDataFrame(rows, columns).coalesce(1);
    } else {
      int slices = (rows.size() + rowsPerTask - 1) / rowsPerTask;
      local =
          spark
              .createDataFrame(
                  JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, slices),
                  columns)
              .repartition(1);
    }
    Dataset<Row> table =
        schema
            .conform(local)
            .sortWithinPartitions(Stream.of(order).map(c -> col(c)).toArray(Column[]::new));
    if (Settings.EXPLAIN.isOn()) {
      table.explain("formatted");
    }
    long t0 = System.nanoTime();
    table.write().parquet(JobPaths.forSpark(staging.table(schema.dictionary())));
    timing(schema.dictionary().file(), t0);
    int event = columns.fieldIndex("event");
    return new long[] {rows.size(), rows.stream().mapToLong(r -> r.getLong(event)).sum()};
  }

  /** The result of a part computed on another thread; its failure rethrown as it was. */
  private static <T> T await(Future<T> part, String what) {
    try {
      return part.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + what, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(what + " failed", e.getCause());
    }
  }

  /** Waits for a part whose result no longer matters (the run fails anyway). */
  private static void awaitQuietly(Future<?> part) {
    try {
      part.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      // The run already fails with the first error.
    }
  }

  /**
   * The committed state of a lake that has a current submission.
   *
   * @throws IllegalArgumentException when {@code lakeRoot} is not a lake or has no current
   *     submission
   */
  static LakeState checkLake(Path lakeRoot, String asOf, Configuration conf) {
    try (IcebergLake catalog = IcebergLake.openLake(lakeRoot, null, conf, false)) {
      return catalog.state(version(catalog, lakeRoot, asOf).version());
    }
  }

  /**
   * The version to read ({@link IcebergLake#asOf}), which must have a current submission.
   *
   * @throws IllegalArgumentException when there is none
   */
  private static IcebergLake.Version version(IcebergLake catalog, Path lakeRoot, String asOf) {
    IcebergLake.Version v =
        catalog
            .asOf(asOf)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "lake "
                            + lakeRoot
                            + " has no current submission; run `itbs ingest` first"));
    if (catalog.state(v.version()).currentSubmissions().isEmpty()) {
      throw new IllegalArgumentException(
          "lake " + lakeRoot + " has no current submission; run `itbs ingest` first");
    }
    return v;
  }

  private static void writeManifest(
      AnalysisFolder staging,
      IcebergLake.Version v,
      List<SubmissionRecord> submissions,
      AnalysisSchema runners,
      long[] r,
      AnalysisSchema intervals,
      long[] i) {
    ObjectNode m = JSON.createObjectNode();
    m.put("plan", runners.dictionary().plan());
    m.put("lake_version", v.version());
    // The Iceberg snapshot of every table the version names: what was read, exactly.
    ObjectNode snaps = m.putObject("lake_snapshots");
    v.snapshots().forEach(snaps::put);
    m.put("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    ArrayNode subs = m.putArray("submissions");
    for (SubmissionRecord s : submissions) {
      subs.addObject().put("site", s.site()).put("id", s.id());
    }
    ObjectNode tables = m.putObject("tables");
    for (Object[] t : new Object[][] {{runners, r}, {intervals, i}}) {
      AnalysisDictionary table = ((AnalysisSchema) t[0]).dictionary();
      long[] counts = (long[]) t[1];
      tables
          .putObject(table.table())
          .put("file", table.file())
          .put("schema", table.source())
          .put("rows", counts[0])
          .put("events", counts[1]);
    }
    try {
      Files.write(staging.manifest(), JSON.writeValueAsBytes(m));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + staging.manifest(), e);
    }
  }

  private static void timing(String what, long startNanos) {
    if (Settings.TIMING.isOn()) {
      System.err.printf(
          Locale.ROOT, "  [timing] %-40s %7.2f s%n", what, (System.nanoTime() - startNanos) / 1e9);
    }
  }

  private static void deleteQuietly(Lake lake, Path p) {
    try {
      lake.removeStaging(p);
    } catch (IOException | UncheckedIOException e) {
      // Left in _staging; the next ingest removes it.
    }
  }

  private void printSummary(Result r, List<SubmissionRecord> subs) {
    out.printf(
        Locale.ROOT,
        "analysis set of lake version %d (%s): %d runners, %d with an ITBS onset; %d"
            + " recurrence intervals, %d ending in a recurrence%n",
        r.lakeVersion(),
        String.join(", ", subs.stream().map(s -> s.site() + " " + s.id()).toList()),
        r.runners(),
        r.onsets(),
        r.intervals(),
        r.recurrences());
    out.printf(Locale.ROOT, "  written to %s%n", r.folder());
  }
}
