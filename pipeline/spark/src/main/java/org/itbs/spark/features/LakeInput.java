package org.itbs.spark.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
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
    this.spark = spark;
    this.lake = lake;
    this.submissions = state.currentSubmissions();
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
    TableSpec t =
        dictionary.tables().stream()
            .filter(x -> x.name().equals(name))
            .findFirst()
            .orElseThrow(
                () -> new IllegalStateException("the submission dictionary has no table " + name));
    List<Column> select = new ArrayList<>();
    select.add(col(SITE));
    for (String c : columns) {
      if (t.column(c).isEmpty()) {
        throw new IllegalStateException(
            "the submission dictionary's " + name + " has no column " + c);
      }
      select.add(col(c));
    }
    StructType curated = SparkSchemas.curated(t);
    Dataset<Row> all = null;
    for (SubmissionRecord r : submissions) {
      boolean hasTable = r.files().values().stream().map(FileCounts::table).anyMatch(name::equals);
      if (!hasTable) {
        continue;
      }
      Dataset<Row> one =
          spark
              .read()
              .schema(curated)
              .parquet(lake.curated(name, r.site(), r.id()).toUri().toString())
              .withColumn(SITE, lit(r.site()));
      all = all == null ? one : all.unionByName(one);
    }
    if (all == null) {
      all = spark.createDataFrame(List.of(), curated.add(SITE, DataTypes.StringType, false));
    }
    return all.select(select.toArray(Column[]::new));
  }
}
