package org.itbs.spark.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.itbs.core.dictionary.Dictionary;
import org.itbs.core.dictionary.TableSpec;
import org.itbs.core.lake.FileCounts;
import org.itbs.core.lake.Lake;
import org.itbs.core.lake.LakeState;
import org.itbs.core.lake.SubmissionRecord;
import org.itbs.spark.JobPaths;
import org.itbs.spark.ingest.SparkSchemas;

/**
 * The curated tables of a lake's current submissions, one site after another, each row with its
 * {@value #SITE}. Which submissions are current comes from the committed {@link LakeState}, never
 * from listing folders; a submission whose audit record lists no file of a table adds no rows.
 */
final class LakeInput {
  /** Column naming the contributing site. */
  static final String SITE = "site";

  /** Column holding the runner's pseudonym. */
  static final String PID = "participant_id";

  /** The key of a runner: site and pseudonym. */
  static final String[] KEYS = {SITE, PID};

  private final SparkSession spark;
  private final Lake lake;
  private final List<SubmissionRecord> submissions;
  private final Dictionary dictionary = Dictionary.submission();

  LakeInput(SparkSession spark, Lake lake, LakeState state) {
    this(spark, lake, state.currentSubmissions());
  }

  private LakeInput(SparkSession spark, Lake lake, List<SubmissionRecord> submissions) {
    this.spark = spark;
    this.lake = lake;
    this.submissions = submissions;
  }

  /** The session the tables are read in. */
  SparkSession spark() {
    return spark;
  }

  /** The same submissions, read in another session (of the same Spark application). */
  LakeInput in(SparkSession other) {
    return new LakeInput(other, lake, submissions);
  }

  /** The current submissions read, one per site, in site order. */
  List<SubmissionRecord> submissions() {
    return submissions;
  }

  /**
   * The accepted rows of a table over every current submission: {@value #SITE} and then the named
   * columns, typed as curated.
   *
   * @throws IllegalStateException when the data dictionary has no such table or column (the job and
   *     the dictionary disagree)
   */
  Dataset<Row> table(String name, String... columns) {
    TableSpec t = spec(name, columns);
    List<Column> select = new ArrayList<>();
    select.add(col(SITE));
    for (String c : columns) {
      select.add(col(c));
    }
    Dataset<Row> all = null;
    for (Map.Entry<String, Dataset<Row>> site : read(t).entrySet()) {
      Dataset<Row> one = site.getValue().withColumn(SITE, lit(site.getKey()));
      all = all == null ? one : all.unionByName(one);
    }
    if (all == null) {
      StructType curated = SparkSchemas.curated(t);
      all = spark.createDataFrame(List.of(), curated.add(SITE, DataTypes.StringType, false));
    }
    return all.select(select.toArray(Column[]::new));
  }

  /**
   * The accepted rows of a table per current submission that has it, by site in site order: the
   * named columns, typed as curated, without a site column (what {@link #table} unions). For a pass
   * that reads each site's Parquet scan as it is.
   *
   * @throws IllegalStateException when the data dictionary has no such table or column
   */
  Map<String, Dataset<Row>> tableBySite(String name, String... columns) {
    TableSpec t = spec(name, columns);
    Map<String, Dataset<Row>> bySite = new LinkedHashMap<>();
    for (Map.Entry<String, Dataset<Row>> site : read(t).entrySet()) {
      bySite.put(
          site.getKey(),
          site.getValue().select(Stream.of(columns).map(c -> col(c)).toArray(Column[]::new)));
    }
    return bySite;
  }

  private TableSpec spec(String name, String... columns) {
    TableSpec t =
        dictionary.tables().stream()
            .filter(x -> x.name().equals(name))
            .findFirst()
            .orElseThrow(
                () -> new IllegalStateException("the submission dictionary has no table " + name));
    for (String c : columns) {
      if (t.column(c).isEmpty()) {
        throw new IllegalStateException(
            "the submission dictionary's " + name + " has no column " + c);
      }
    }
    return t;
  }

  /** Every current submission's curated Parquet of a table, all columns, by site. */
  private Map<String, Dataset<Row>> read(TableSpec t) {
    StructType curated = SparkSchemas.curated(t);
    Map<String, Dataset<Row>> bySite = new LinkedHashMap<>();
    for (SubmissionRecord r : submissions) {
      boolean hasTable =
          r.files().values().stream().map(FileCounts::table).anyMatch(t.name()::equals);
      if (hasTable) {
        bySite.put(
            r.site(),
            spark
                .read()
                .schema(curated)
                .parquet(JobPaths.forSpark(lake.curated(t.name(), r.site(), r.id()))));
      }
    }
    return bySite;
  }

  /**
   * {@link #table} read by one task, in one partition, for the tables of a few rows per runner
   * (participants, assessments, injuries, training weeks): aggregations and windows over such a
   * table need no exchange (one partition is partitioned by any key), and {@link #localJoin} joins
   * two of them where they are, so their whole derivation runs in one stage instead of a small
   * Spark job per aggregation, shuffle or broadcast.
   */
  Dataset<Row> tableInOnePartition(String name, String... columns) {
    return table(name, columns).coalesce(1);
  }

  /**
   * Joins a table of many rows per runner with a runner-level table, both in one partition, on
   * {@link #KEYS}, hashing the right side: no shuffle and no broadcast. Both sides are coalesced to
   * one partition (a no-op for a table derived from {@link #tableInOnePartition} alone): Spark
   * keeps a join's children where they are only when each reports exactly one partition and its
   * size estimate (which multiplies the sizes of the tables under every join below it) stays under
   * {@code spark.sql.maxSinglePartitionBytes} (see {@link org.itbs.spark.SparkSessions}), and it
   * would otherwise broadcast the smaller side (a job of its own) because it is small. So the sides
   * are kept to a table or two each; runner-level tables are put together by {@link #sideBySide}.
   *
   * @param joinType a Spark join type, e.g. {@code "inner"}
   */
  static Dataset<Row> localJoin(Dataset<Row> left, Dataset<Row> right, String joinType) {
    return left.coalesce(1).join(right.coalesce(1).hint("shuffle_hash"), KEYS, joinType);
  }

  /**
   * The runners of {@code runners}, one row each, with their columns and then every part's other
   * columns, empty where a part has no row for the runner: what left joins on {@link #KEYS} would
   * give, for parts that hold at most one row per runner (and column names of their own). Computed
   * as one aggregation by runner over the union of the tables, in one partition: no join, so no
   * exchange whatever Spark estimates their sizes to be, and no broadcast.
   */
  @SafeVarargs
  static Dataset<Row> sideBySide(Dataset<Row> runners, Dataset<Row>... parts) {
    String marker = "_runner";
    List<Column> values = new ArrayList<>();
    Dataset<Row> all = runners.withColumn(marker, lit(true));
    for (Dataset<Row> part : parts) {
      all = all.unionByName(part, true);
    }
    for (String c : all.columns()) {
      if (!c.equals(SITE) && !c.equals(PID) && !c.equals(marker)) {
        values.add(first(col(c), true).as(c));
      }
    }
    return all.coalesce(1)
        .groupBy(SITE, PID)
        .agg(first(col(marker), true).as(marker), values.toArray(Column[]::new))
        .filter(col(marker))
        .drop(marker);
  }
}
