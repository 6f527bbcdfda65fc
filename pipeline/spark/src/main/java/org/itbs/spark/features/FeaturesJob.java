package org.itbs.spark.features;

import static org.itbs.spark.features.LakeInput.PID;
import static org.itbs.spark.features.LakeInput.SITE;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.itbs.core.Settings;
import org.itbs.core.dictionary.AnalysisDictionary;
import org.itbs.core.lake.Lake;
import org.itbs.core.lake.LakeLock;
import org.itbs.core.lake.LakeState;
import org.itbs.core.lake.SubmissionRecord;
import org.itbs.lake.IcebergLake;
import org.itbs.lake.LakeTables;

/**
 * The features job: from the curated tables of the current submission of every site, the analysis
 * set of analysis-plan v1 (one row per runner, {@code data-schemas/analysis/runners.json}) and the
 * counting-process intervals of the recurrence model R1 ({@code
 * data-schemas/analysis/recurrence_intervals.json}).
 *
 * <p>Output: the Iceberg tables {@code analysis.runners} (rows by site and participant_id) and
 * {@code analysis.recurrence_intervals} (by site, participant_id, start, stop) in the lake's
 * catalog, one Parquet file per site, committed for the lake version {@code N} the job read ({@link
 * IcebergLake#commitAnalysis}): each table's new content is staged ({@code stageOnly()}), then one
 * row per table is recorded in the catalog's {@code itbs_analysis_versions} with the run's manifest
 * (plan, lake version and its tables' snapshot ids, submissions read, row counts, the analysis
 * snapshot ids), then the staged snapshots are made current when {@code N} is the newest lake
 * version with an analysis. Readers ({@code org.itbs.analysis.Analyse}) resolve {@code N} to the
 * recorded snapshots, so a run that fails or is killed leaves them on the analysis they had;
 * running again on the same lake version replaces its analysis with the same rows. The job reads
 * one lake version through the Iceberg catalog ({@code --as-of} an earlier one) and takes no lake
 * lock: ingests commit meanwhile without changing what it reads.
 *
 * <p>One Spark job reads the gait frames ({@link Stances}): it computes their baseline peaks, one
 * row per runner, which come back to the driver. The runner-level tables (participants, training
 * weeks, injuries, assessments: a few rows per runner) are each read once, on the driver and
 * without Spark ({@link RunnerTables}); the rest of the runners table and the recurrence intervals
 * are derived from them there, in plain Java, and written there with Iceberg's own Parquet writer
 * ({@link IcebergLake#writeDataFile}).
 *
 * <p>Diagnostics: with the system property {@code itbs.timing=true} the job prints the time of the
 * gait frames' job and of each table's commit to standard error, with {@code itbs.explain=true} the
 * physical plan of the gait frames' job.
 */
public final class FeaturesJob {
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
   * @param analysis the analysis committed: its snapshot of each analysis table, its manifest
   * @param runners rows of {@code analysis.runners}
   * @param onsets runners whose time ends at an ITBS onset
   * @param intervals rows of {@code analysis.recurrence_intervals}
   * @param recurrences intervals that end in an ITBS onset
   */
  public record Result(
      long lakeVersion,
      IcebergLake.AnalysisVersion analysis,
      long runners,
      long onsets,
      long intervals,
      long recurrences) {}

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
   * them as the analysis of that version. Takes no lake lock: it reads a fixed version.
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
      return run(catalog, v, catalog.state(v.version()), run.holder().token());
    }
  }

  private Result run(IcebergLake catalog, IcebergLake.Version v, LakeState state, String token) {
    LakeInput in = new LakeInput(spark, catalog, v, state);
    AnalysisSchema runnersSchema = AnalysisSchema.runners();
    AnalysisSchema intervalsSchema = AnalysisSchema.recurrenceIntervals();
    long t0 = System.nanoTime();
    RunnerTables cohort = RunnerTables.read(in);
    timing("runner-level tables (read)", t0);
    List<Record> intervals =
        table(
            intervalsSchema,
            RecurrenceIntervalBuilder.columns(),
            RecurrenceIntervalBuilder.rows(cohort),
            SITE,
            PID,
            "start",
            "stop");
    List<Record> runners =
        table(runnersSchema, Runners.columns(), Runners.rows(cohort, peaks(in, cohort)), SITE, PID);
    long[] r = {runners.size(), events(runners)};
    long[] i = {intervals.size(), events(intervals)};
    Map<TableIdentifier, List<Record>> rows = new LinkedHashMap<>();
    rows.put(LakeTables.analysisId(runnersSchema.dictionary()), runners);
    rows.put(LakeTables.analysisId(intervalsSchema.dictionary()), intervals);
    long t1 = System.nanoTime();
    IcebergLake.AnalysisVersion a =
        catalog.commitAnalysis(
            v,
            runnersSchema.dictionary().plan(),
            rows,
            manifest(v, in.submissions(), runnersSchema, r, intervalsSchema, i),
            token);
    timing("analysis tables (write and commit)", t1);
    Result result = new Result(v.version(), a, r[0], r[1], i[0], i[1]);
    printSummary(result, in.submissions());
    return result;
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
   * Puts one table's rows, computed on the driver, through its schema ({@link
   * AnalysisSchema#conform}) and into key order.
   */
  private static List<Record> table(
      AnalysisSchema schema, StructType columns, List<Row> rows, String... order) {
    List<Record> out = new ArrayList<>(schema.conform(columns, rows));
    Comparator<Record> byKey = null;
    for (String c : order) {
      Comparator<Record> k =
          Comparator.comparing(rec -> (Comparable<Object>) rec.getField(c), nullsFirst());
      byKey = byKey == null ? k : byKey.thenComparing(k);
    }
    out.sort(byKey);
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Comparator<Comparable<Object>> nullsFirst() {
    return Comparator.nullsFirst(Comparator.naturalOrder());
  }

  private static long events(List<Record> rows) {
    return rows.stream().mapToLong(x -> ((Number) x.getField("event")).longValue()).sum();
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

  /** The run's manifest, recorded with the analysis in the catalog. */
  private static ObjectNode manifest(
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
    new TreeMap<>(v.snapshots()).forEach(snaps::put);
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
          .put("table", LakeTables.name(LakeTables.analysisId(table)))
          .put("schema", table.source())
          .put("rows", counts[0])
          .put("events", counts[1]);
    }
    return m;
  }

  private static void timing(String what, long startNanos) {
    if (Settings.TIMING.isOn()) {
      System.err.printf(
          Locale.ROOT, "  [timing] %-40s %7.2f s%n", what, (System.nanoTime() - startNanos) / 1e9);
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
    out.printf(
        Locale.ROOT,
        "  committed to the lake's catalog: %s%n",
        String.join(
            ", ",
            r.analysis().snapshots().entrySet().stream()
                .map(e -> e.getKey() + " snapshot " + e.getValue())
                .toList()));
  }
}
