package org.itbs.spark.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.itbs.core.dictionary.ColumnSpec;
import org.itbs.core.dictionary.ColumnType;
import org.itbs.core.dictionary.Dictionary;
import org.itbs.core.dictionary.TableSpec;
import org.itbs.core.lake.FileCounts;
import org.itbs.core.lake.Lake;
import org.itbs.core.lake.LakeState;
import org.itbs.core.lake.SubmissionRecord;
import org.itbs.core.submission.FilePlan;
import org.itbs.core.submission.FileScan;
import org.itbs.core.submission.InspectedSubmission;
import org.itbs.core.submission.SubmissionInspector;
import org.itbs.core.submission.SubmissionSource;
import org.itbs.core.validate.ParticipantIndex;
import org.itbs.core.validate.Rule;

/**
 * The ingest job: validates every row of anonymised submissions against the data dictionary and
 * lands them in the lake, accepted rows in curated, refused rows in quarantine with file, line,
 * column, value and rule. A submission that cannot be read at all is refused before anything is
 * written. Each submission is staged and then committed atomically (see {@link Lake}); ingesting
 * the same submission again changes nothing.
 */
public final class IngestJob {
  private static final String VALID = "_valid";
  private static final String RAW = "_raw";
  private static final String FOUND = "_findings";

  private final SparkSession spark;
  private final Dictionary dictionary;
  private final PrintStream out;

  /** A job running on {@code spark}, printing its per-file summary to {@code out}. */
  public IngestJob(SparkSession spark, PrintStream out) {
    this(spark, Dictionary.submission(), out);
  }

  /** A job validating against {@code dictionary} (a submission dictionary). */
  public IngestJob(SparkSession spark, Dictionary dictionary, PrintStream out) {
    this.spark = spark;
    this.dictionary = dictionary;
    this.out = out;
  }

  /** What one call of {@link #ingest} did. */
  public enum Outcome {
    /** The submission was committed and is now its site's current one. */
    COMMITTED,
    /** The submission was already in the lake; nothing changed. */
    ALREADY_INGESTED
  }

  /**
   * Ingests one submission (a folder or a zip) into the lake.
   *
   * @return what happened
   * @throws org.itbs.core.submission.SubmissionRejectedException when the submission as a whole is
   *     refused; then nothing was written
   */
  public Outcome ingest(Path submission, Path lakeRoot) {
    try (SubmissionSource src = SubmissionSource.open(submission)) {
      long t0 = System.nanoTime();
      InspectedSubmission sub =
          new SubmissionInspector(dictionary).inspect(submission.toString(), src.folder());
      timing("inspect (checksums, UTF-8, headers)", t0);
      Lake lake = Lake.at(lakeRoot);
      LakeState before = lake.state();
      if (before.submission(sub.id()).isPresent()) {
        out.printf(
            "%s: submission %s of site %s is already in the lake (version %d); nothing changed%n",
            submission, sub.id(), sub.site(), before.version());
        return Outcome.ALREADY_INGESTED;
      }
      lake.removeUncommitted();
      Path staging = lake.newStaging();
      Map<String, FileCounts> counts = new LinkedHashMap<>();
      List<Path[]> moves = new ArrayList<>();
      ParticipantIndex index = null;
      for (FilePlan plan : sub.files()) {
        TableSpec t = plan.table();
        Path cur = staging.resolve("curated").resolve(t.name());
        Path qua = staging.resolve("quarantine").resolve(t.name());
        long tf = System.nanoTime();
        Dataset<Row> checked = check(plan, index).persist(StorageLevel.MEMORY_AND_DISK());
        try {
          checked
              .filter(col(VALID))
              .select(curatedColumns(t))
              .write()
              .parquet(cur.toUri().toString());
          checked
              .filter(not(col(VALID)))
              .select(quarantineColumns(t, plan.fileName()))
              .coalesce(1)
              .write()
              .parquet(qua.toUri().toString());
          FileCounts fc = countRows(t, checked);
          if (fc.read() != plan.scan().records() || !fc.conserved()) {
            throw new IllegalStateException(
                plan.fileName()
                    + ": rows do not add up (scanned "
                    + plan.scan().records()
                    + ", read "
                    + fc.read()
                    + ", accepted "
                    + fc.accepted()
                    + ", quarantined "
                    + fc.quarantined()
                    + ")");
          }
          counts.put(plan.fileName(), fc);
          timing(plan.fileName() + " (" + fc.read() + " rows)", tf);
          if (t.isParticipants()) {
            index = participantIndex(t, checked);
          }
        } finally {
          checked.unpersist();
        }
        moves.add(new Path[] {cur, lake.curated(t.name(), sub.site(), sub.id())});
        moves.add(new Path[] {qua, lake.quarantine(t.name(), sub.site(), sub.id())});
      }
      SubmissionRecord record =
          new SubmissionRecord(
              sub.id(),
              sub.site(),
              sub.created(),
              submission.toAbsolutePath().toString(),
              Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
              before.version() + 1,
              counts);
      LakeState next = before.with(record);
      lake.commit(moves, record, next);
      lake.removeUncommitted();
      printSummary(submission, record, next, before);
      return Outcome.COMMITTED;
    }
  }

  private void timing(String what, long startNanos) {
    if (Boolean.getBoolean("itbs.timing")) {
      System.err.printf(
          java.util.Locale.ROOT,
          "  [timing] %-40s %7.2f s%n",
          what,
          (System.nanoTime() - startNanos) / 1e9);
    }
  }

  private Dataset<Row> check(FilePlan plan, ParticipantIndex index) {
    TableSpec t = plan.table();
    if (!t.isParticipants() && index == null) {
      throw new IllegalStateException("participants must be ingested before " + t.name());
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<ParticipantIndex> b = t.isParticipants() ? null : jsc.broadcast(index);
    List<FileScan.Split> splits = plan.scan().splits();
    JavaRDD<Row> rows =
        jsc.parallelize(splits, Math.max(1, splits.size()))
            .mapPartitions(it -> new SplitReader(plan, it, b == null ? null : b.value()));
    Dataset<Row> df = spark.createDataFrame(rows, workSchema(t));
    for (List<String> key : t.uniqueKeys()) {
      df = markDuplicates(df, t, key);
    }
    return df;
  }

  private static StructType workSchema(TableSpec t) {
    StructType s = new StructType();
    for (ColumnSpec c : t.columns()) {
      s = s.add(c.name(), SparkSchemas.typeOf(c), true);
    }
    return s.add(SparkSchemas.SOURCE_LINE, DataTypes.LongType, false)
        .add(VALID, DataTypes.BooleanType, false)
        .add(RAW, DataTypes.createArrayType(DataTypes.StringType, true), true)
        .add(FOUND, DataTypes.createArrayType(SparkSchemas.FINDING, false), true);
  }

  /**
   * Refuses every otherwise valid row whose key another valid row of the file shares. Such rows
   * keep their parsed values (as text) in quarantine.
   */
  private static Dataset<Row> markDuplicates(Dataset<Row> df, TableSpec t, List<String> key) {
    Column[] keyCols = key.stream().map(k -> col(k)).toArray(Column[]::new);
    Column n = count(lit(1)).over(Window.partitionBy(keyCols));
    Column[] keyText = key.stream().map(k -> col(k).cast("string")).toArray(Column[]::new);
    String keyName = String.join("+", key);
    Column dup = col(VALID).and(col("_n").gt(1));
    Column finding =
        struct(
            lit(keyName).as("column"),
            concat_ws("|", keyText).as("value"),
            lit(Rule.DUPLICATE_KEY.id()).as("rule"),
            concat(
                    lit("key (" + keyName + ") = "),
                    concat_ws("|", keyText),
                    lit(" occurs "),
                    col("_n").cast("string"),
                    lit(" times in " + t.file()))
                .as("message"));
    Column[] asText =
        t.columns().stream()
            .map(
                c ->
                    c.type() == ColumnType.DATE
                        ? col(c.name()).cast("string")
                        : col(c.name()).cast("string"))
            .toArray(Column[]::new);
    Dataset<Row> valid = df.filter(col(VALID)).withColumn("_n", n);
    Dataset<Row> invalid = df.filter(not(col(VALID))).withColumn("_n", lit(1L));
    return valid
        .unionByName(invalid)
        .withColumn(RAW, when(dup, array(asText)).otherwise(col(RAW)))
        .withColumn(FOUND, when(dup, array(finding)).otherwise(col(FOUND)))
        .withColumn(VALID, col(VALID).and(not(dup)))
        .drop("_n");
  }

  private static Column[] curatedColumns(TableSpec t) {
    List<Column> c = new ArrayList<>();
    t.columns().forEach(x -> c.add(col(x.name())));
    c.add(col(SparkSchemas.SOURCE_LINE));
    return c.toArray(Column[]::new);
  }

  private static Column[] quarantineColumns(TableSpec t, String fileName) {
    List<Column> c = new ArrayList<>();
    c.add(lit(fileName).as(SparkSchemas.SOURCE_FILE));
    c.add(col(SparkSchemas.SOURCE_LINE));
    for (int i = 0; i < t.columns().size(); i++) {
      c.add(element_at(col(RAW), i + 1).as(t.columns().get(i).name()));
    }
    c.add(col(FOUND).as(SparkSchemas.FINDINGS));
    return c.toArray(Column[]::new);
  }

  private static FileCounts countRows(TableSpec t, Dataset<Row> checked) {
    long accepted = 0;
    long quarantined = 0;
    for (Row r : checked.groupBy(col(VALID)).count().collectAsList()) {
      if (r.getBoolean(0)) {
        accepted = r.getLong(1);
      } else {
        quarantined = r.getLong(1);
      }
    }
    Map<String, Long> byRule = new TreeMap<>();
    if (quarantined > 0) {
      for (Row r :
          checked
              .filter(not(col(VALID)))
              .select(explode(array_distinct(col(FOUND).getField("rule"))).as("rule"))
              .groupBy("rule")
              .count()
              .collectAsList()) {
        byRule.put(r.getString(0), r.getLong(1));
      }
    }
    return new FileCounts(t.name(), accepted + quarantined, accepted, quarantined, byRule);
  }

  private static ParticipantIndex participantIndex(TableSpec t, Dataset<Row> checked) {
    List<String> dates =
        t.columns().stream()
            .filter(c -> c.type() == ColumnType.DATE)
            .map(ColumnSpec::name)
            .toList();
    ParticipantIndex index = new ParticipantIndex(dates);
    String id = t.columns().get(0).name();
    List<Column> sel = new ArrayList<>();
    sel.add(col(id));
    dates.forEach(d -> sel.add(col(d)));
    for (Row r : checked.filter(col(VALID)).select(sel.toArray(Column[]::new)).collectAsList()) {
      LocalDate[] d = new LocalDate[dates.size()];
      for (int i = 0; i < d.length; i++) {
        d[i] = r.isNullAt(i + 1) ? null : r.getLocalDate(i + 1);
      }
      index.accept(r.getString(0), d);
    }
    for (Row r :
        checked
            .filter(not(col(VALID)))
            .select(element_at(col(RAW), 1))
            .distinct()
            .collectAsList()) {
      if (!r.isNullAt(0)) {
        index.refuse(r.getString(0));
      }
    }
    return index;
  }

  private void printSummary(Path submission, SubmissionRecord r, LakeState next, LakeState before) {
    out.printf(
        "%s: submission %s of site %s committed as lake version %d%s%n",
        submission,
        r.id(),
        r.site(),
        next.version(),
        before.current().containsKey(r.site())
            ? " (supersedes " + before.current().get(r.site()) + ")"
            : "");
    out.printf(
        "  %-20s %10s %10s %12s  %s%n", "file", "read", "accepted", "quarantined", "by rule");
    for (Map.Entry<String, FileCounts> e : r.files().entrySet()) {
      FileCounts c = e.getValue();
      out.printf(
          "  %-20s %10d %10d %12d  %s%n",
          e.getKey(),
          c.read(),
          c.accepted(),
          c.quarantined(),
          c.quarantinedByRule().isEmpty() ? "" : c.quarantinedByRule().toString());
    }
  }
}
