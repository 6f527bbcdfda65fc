package org.itbs.spark.lake;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.itbs.core.csv.CsvCells;
import org.itbs.core.dictionary.Dictionary;
import org.itbs.core.dictionary.TableSpec;
import org.itbs.core.lake.LakeState;
import org.itbs.core.lake.SubmissionRecord;
import org.itbs.lake.IcebergLake;
import org.itbs.lake.LakeTables;
import org.itbs.spark.parquet.SparkSchemas;

/**
 * Writes the refused rows of a lake's current submissions as CSV, one line per finding: site,
 * submission, file, line, column, value, rule, message. What a clinic needs to fix its export.
 */
public final class QuarantineExport {
  /** Header of the CSV output. */
  public static final String HEADER = "site,submission,file,line,column,value,rule,message";

  private final SparkSession spark;

  /** An exporter reading with {@code spark}. */
  public QuarantineExport(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * Writes the findings of the current submissions.
   *
   * @param site only this site, or {@code null} for all
   * @param table only this table, or {@code null} for all
   * @return number of findings written
   * @throws IllegalArgumentException when the site is not in the lake or the table unknown
   */
  public long write(Path lakeRoot, String site, String table, PrintStream out) {
    try (IcebergLake catalog =
        IcebergLake.openLake(lakeRoot, null, spark.sparkContext().hadoopConfiguration(), false)) {
      return write(catalog, lakeRoot, site, table, out);
    }
  }

  private long write(
      IcebergLake catalog, Path lakeRoot, String site, String table, PrintStream out) {
    Optional<IcebergLake.Version> v = catalog.latest();
    LakeState state = v.isEmpty() ? LakeState.empty() : catalog.state(v.get().version());
    if (site != null && !state.current().containsKey(site)) {
      throw new IllegalArgumentException(
          "site "
              + site
              + " is not in lake "
              + lakeRoot
              + " (sites: "
              + state.current().keySet()
              + ")");
    }
    Dictionary d = Dictionary.submission();
    List<TableSpec> tables = table == null ? d.tables() : List.of(d.table(table));
    out.println(HEADER);
    long n = 0;
    for (SubmissionRecord r : state.currentSubmissions()) {
      if (site != null && !site.equals(r.site())) {
        continue;
      }
      for (TableSpec t : tables) {
        List<String> files =
            catalog.files(v.get(), LakeTables.quarantineId(t), r.site()).stream()
                .map(f -> f.location())
                .toList();
        if (files.isEmpty()) {
          continue;
        }
        Dataset<Row> rows =
            spark
                .read()
                .schema(SparkSchemas.quarantine(t))
                .parquet(files.toArray(String[]::new))
                .select(
                    lit(r.site()),
                    lit(r.id()),
                    col(SparkSchemas.SOURCE_FILE),
                    col(SparkSchemas.SOURCE_LINE),
                    explode(col(SparkSchemas.FINDINGS)).as("f"))
                .orderBy(col(SparkSchemas.SOURCE_LINE));
        for (Row row : rows.collectAsList()) {
          Row f = row.getStruct(4);
          List<String> cells = new ArrayList<>();
          cells.add(row.getString(0));
          cells.add(row.getString(1));
          cells.add(row.getString(2));
          cells.add(Long.toString(row.getLong(3)));
          cells.add(f.isNullAt(0) ? "" : f.getString(0));
          cells.add(f.isNullAt(1) ? "" : f.getString(1));
          cells.add(f.getString(2));
          cells.add(f.getString(3));
          out.println(String.join(",", cells.stream().map(QuarantineExport::csv).toList()));
          n++;
        }
      }
    }
    return n;
  }

  /**
   * A CSV cell: neutralised against formulas ({@link CsvCells#neutralise}), then quoted when RFC
   * 4180 requires it.
   */
  static String csv(String cell) {
    String s = CsvCells.neutralise(cell);
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
