package org.itbs.spark.features;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.itbs.spark.features.LakeInput.PID;
import static org.itbs.spark.features.LakeInput.SITE;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.itbs.core.lake.Lake;
import org.itbs.core.lake.LakeState;
import org.itbs.core.lake.SubmissionRecord;
import org.itbs.spark.JobPaths;

/**
 * The features job: from the curated tables of the current submission of every site, the analysis
 * set of analysis-plan v1 (one row per runner, {@code data-schemas/analysis/runners.json}) and the
 * counting-process intervals of the recurrence model R1 ({@code
 * data-schemas/analysis/recurrence_intervals.json}).
 *
 * <p>Output layout, for the lake version {@code N} the job read:
 *
 * <pre>
 * LAKE/analysis/vN/runners.parquet/                 one Parquet file, rows by site and participant_id
 * LAKE/analysis/vN/recurrence_intervals.parquet/    one Parquet file, rows by site, participant_id, start, stop
 * LAKE/analysis/vN/manifest.json                    plan, lake version, submissions read, row counts
 * LAKE/analysis/current.json                        {"version": N, "folder": "vN"}: the newest analysis version
 * </pre>
 *
 * <p>All or nothing: the tables and the manifest are written into a staging folder under {@code
 * LAKE/_staging} and renamed into place only when complete, then {@code current.json} is replaced
 * by an atomic rename; a run that fails or is killed leaves the committed analysis versions as they
 * were (what it left in {@code _staging} is removed by the next ingest). Running again on an
 * unchanged lake version rewrites {@code vN} with the same rows (the old folder is moved aside, the
 * new one renamed into place, then the old one deleted). The lake must not be ingested into while
 * the job runs (an ingest clears {@code _staging}).
 *
 * <p>Three parts run at the same time, each on its own driver thread: the Spark job over the gait
 * frames, which computes their baseline peaks (one row per runner) into memory; the runners table,
 * planned while the frames are scanned, whose job shares that one's stages and puts the peaks
 * beside the other runner-level tables in one partition; and the recurrence intervals, which read
 * only the small runner-level tables. Each table's row and event counts are observed while it is
 * written.
 *
 * <p>Diagnostics: with the system property {@code itbs.timing=true} the job prints the time of each
 * table's write to standard error, with {@code itbs.explain=true} the physical plans of both
 * tables.
 */
public final class FeaturesJob {
  /** Folder of the analysis versions, under the lake root. */
  public static final String ANALYSIS = "analysis";

  /** Name of the manifest file in an analysis version folder. */
  public static final String MANIFEST = "manifest.json";

  /** Name of the file naming the newest analysis version, in {@value #ANALYSIS}. */
  public static final String CURRENT = "current.json";

  private static final AtomicInteger THREADS = new AtomicInteger();

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final SparkSession spark;
  private final PrintStream out;

  /** A job running on {@code spark}, printing its summary to {@code out}. */
  public FeaturesJob(SparkSession spark, PrintStream out) {
    this.spark = spark;
    this.out = out;
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
      long lakeVersion, Path folder, long runners, long onsets, long intervals, long recurrences) {}

  /** The folder of one analysis version of a lake. */
  public static Path folder(Path lakeRoot, long lakeVersion) {
    return lakeRoot.toAbsolutePath().normalize().resolve(ANALYSIS).resolve("v" + lakeVersion);
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
    LakeState state = checkLake(lakeRoot);
    Lake lake = Lake.at(lakeRoot);
    LakeInput in = new LakeInput(spark, lake, state);
    AnalysisSchema runnersSchema = AnalysisSchema.runners();
    AnalysisSchema intervalsSchema = AnalysisSchema.recurrenceIntervals();
    Path staging = lake.newStaging();
    // Three threads: the job over the gait frames starts first, so the frames are scanned while
    // this thread plans the runners table, whose job then shares that job's stages; the intervals
    // table, small, is derived and written beside them.
    ExecutorService others =
        Executors.newFixedThreadPool(
            2,
            task -> {
              Thread t = new Thread(task, "itbs-features-" + THREADS.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    CompletableFuture<Runners.Peaks> planned = new CompletableFuture<>();
    try {
      Future<?> peaks =
          others.submit(
              () -> {
                try {
                  planned.complete(Runners.peaks(in));
                } catch (RuntimeException | Error e) {
                  planned.completeExceptionally(e);
                  throw e;
                }
                planned.join().compute();
                return null;
              });
      Future<long[]> intervals =
          others.submit(
              () ->
                  table(
                      intervalsSchema,
                      RecurrenceIntervals.build(in),
                      staging,
                      SITE,
                      PID,
                      "start",
                      "stop"));
      long[] r;
      try {
        Dataset<Row> runners =
            Runners.build(in, () -> await(planned, "the gait frames' peaks").table());
        r = table(runnersSchema, runners, staging, SITE, PID);
        await(peaks, "the gait frames' peaks");
      } catch (RuntimeException | Error e) {
        awaitQuietly(peaks);
        awaitQuietly(intervals);
        throw e;
      }
      long[] i = await(intervals, "the recurrence intervals");
      writeManifest(staging, state, in.submissions(), runnersSchema, r, intervalsSchema, i);
      Path target = folder(lake.root(), state.version());
      commit(lake, staging, target);
      writeCurrent(lake.root().resolve(ANALYSIS), state.version());
      Result result = new Result(state.version(), target, r[0], r[1], i[0], i[1]);
      printSummary(result, in.submissions());
      return result;
    } finally {
      others.shutdown();
      if (planned.isDone() && !planned.isCompletedExceptionally()) {
        planned.join().release();
      }
      deleteQuietly(staging);
    }
  }

  /** Conforms one computed table to its schema and writes it into staging; rows and events. */
  private static long[] table(
      AnalysisSchema schema, Dataset<Row> computed, Path staging, String... order) {
    Dataset<Row> table = schema.conform(computed);
    if (Boolean.getBoolean("itbs.explain")) {
      table.explain("formatted");
    }
    long t0 = System.nanoTime();
    long[] counts = write(table, staging.resolve(schema.file()), order);
    timing(schema.file(), t0);
    return counts;
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
  static LakeState checkLake(Path lakeRoot) {
    if (!Files.isRegularFile(lakeRoot.resolve(Lake.STATE_FILE))) {
      throw new IllegalArgumentException(
          "--lake "
              + lakeRoot
              + " is not a lake (no "
              + Lake.STATE_FILE
              + "); run `itbs ingest` first");
    }
    LakeState state = Lake.at(lakeRoot).state();
    if (state.currentSubmissions().isEmpty()) {
      throw new IllegalArgumentException(
          "lake " + lakeRoot + " has no current submission; run `itbs ingest` first");
    }
    return state;
  }

  /**
   * Writes one table as a single Parquet file, rows in key order; returns rows and events. The
   * counts are observed while the file is written (no second pass). The table must arrive in one
   * partition (the runner-level plans end in one), else the work before it would run in one task.
   */
  private static long[] write(Dataset<Row> table, Path folder, String... order) {
    Observation counts = new Observation("counts");
    table
        .observe(
            counts, count(lit(1)).as("rows"), coalesce(sum(col("event")), lit(0L)).as("events"))
        .coalesce(1)
        .sortWithinPartitions(Stream.of(order).map(c -> col(c)).toArray(Column[]::new))
        .write()
        .parquet(JobPaths.forSpark(folder));
    try {
      Map<String, Object> c = counts.getAsJava();
      return new long[] {(Long) c.get("rows"), (Long) c.get("events")};
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while counting the rows of " + folder, e);
    }
  }

  private static void writeManifest(
      Path staging,
      LakeState state,
      List<SubmissionRecord> submissions,
      AnalysisSchema runners,
      long[] r,
      AnalysisSchema intervals,
      long[] i) {
    ObjectNode m = JSON.createObjectNode();
    m.put("plan", runners.plan());
    m.put("lake_version", state.version());
    m.put("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    ArrayNode subs = m.putArray("submissions");
    for (SubmissionRecord s : submissions) {
      subs.addObject().put("site", s.site()).put("id", s.id());
    }
    ObjectNode tables = m.putObject("tables");
    for (Object[] t : new Object[][] {{runners, r}, {intervals, i}}) {
      AnalysisSchema schema = (AnalysisSchema) t[0];
      long[] counts = (long[]) t[1];
      tables
          .putObject(schema.table())
          .put("file", schema.file())
          .put("schema", "data-schemas/analysis/" + schema.table() + ".json")
          .put("rows", counts[0])
          .put("events", counts[1]);
    }
    try {
      Files.write(staging.resolve(MANIFEST), JSON.writeValueAsBytes(m));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + staging.resolve(MANIFEST), e);
    }
  }

  /** Moves the staged version into place; an earlier copy of the same version is replaced. */
  private static void commit(Lake lake, Path staging, Path target) {
    try {
      Files.createDirectories(target.getParent());
      if (Files.exists(target)) {
        Path old = lake.root().resolve("_staging").resolve("replaced-" + UUID.randomUUID());
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        Lake.deleteTree(old);
      } else {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit the analysis tables to " + target, e);
    }
  }

  /** Points {@value #CURRENT} at {@code version}, unless it names a newer one already. */
  private static void writeCurrent(Path analysis, long version) {
    Path f = analysis.resolve(CURRENT);
    try {
      if (Files.exists(f)) {
        try (InputStream in = Files.newInputStream(f)) {
          if (JSON.readTree(in).path("version").asLong(-1) > version) {
            return;
          }
        }
      }
      ObjectNode c = JSON.createObjectNode();
      c.put("version", version);
      c.put("folder", "v" + version);
      Path tmp = analysis.resolve("." + CURRENT + "." + UUID.randomUUID() + ".tmp");
      Files.write(tmp, JSON.writeValueAsBytes(c));
      Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + f, e);
    }
  }

  private static void timing(String what, long startNanos) {
    if (Boolean.getBoolean("itbs.timing")) {
      System.err.printf(
          Locale.ROOT, "  [timing] %-40s %7.2f s%n", what, (System.nanoTime() - startNanos) / 1e9);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Lake.deleteTree(p);
    } catch (IOException e) {
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
