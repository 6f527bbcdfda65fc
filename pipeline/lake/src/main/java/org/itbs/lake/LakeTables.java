package org.itbs.lake;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.itbs.core.dictionary.AnalysisDictionary;
import org.itbs.core.dictionary.ColumnSpec;
import org.itbs.core.dictionary.TableSpec;

/**
 * The Iceberg schemas of the lake's tables (issue 17), derived from the data dictionary: the one
 * owner of their field ids. The Parquet part writers ({@code org.itbs.spark.parquet.LakeParquet})
 * take every field id from here, so the files they write carry the ids of the table they are
 * committed to.
 *
 * <p>Field ids are assigned in the order Iceberg itself assigns fresh ids (every field of a struct
 * first, then the fields nested in them), so that a table created from these schemas keeps them:
 *
 * <ul>
 *   <li>{@code curated.<table>}: the dictionary's columns, typed (1..n), {@value #SOURCE_LINE}
 *       (n+1), {@value #SITE} (n+2);
 *   <li>{@code quarantine.<table>}: {@value #SOURCE_FILE} (1), {@value #SOURCE_LINE} (2), the
 *       dictionary's columns as text (3..n+2), {@value #FINDINGS} (n+3), {@value #SITE} (n+4), the
 *       list's element (n+5) and the finding's column, value, rule and message (n+6..n+9);
 *   <li>{@code analysis.<table>} (the features job's outputs, {@code data-schemas/analysis/}): the
 *       analysis dictionary's columns in its order (1..n), {@value #SITE} among them.
 * </ul>
 *
 * <p>{@value #SITE} is the identity partition of every table. The part files hold it too, as their
 * last column, the same on every row of a file (as Iceberg's own writers do): many outside readers
 * (PyIceberg before 0.9, Polars, older ClickHouse, StarRocks) read {@code NULL} for a partition
 * column a file lacks. Files of a lake migrated from the layout before Iceberg do not hold it;
 * Iceberg's readers fill it from the data file's partition (Iceberg spec, "column projection"). A
 * new dictionary column is appended to the end of a table's fields by schema evolution (next
 * session), never renumbered.
 */
public final class LakeTables {
  /** Column holding the 1-based line of the input file, in curated and quarantine tables. */
  public static final String SOURCE_LINE = "source_line";

  /** Column holding the input file's name, in quarantine tables. */
  public static final String SOURCE_FILE = "source_file";

  /** Column holding the reasons a row was refused, in quarantine tables. */
  public static final String FINDINGS = "findings";

  /** The partition column: the site code. */
  public static final String SITE = "site";

  /** Namespace of the accepted rows. */
  public static final Namespace CURATED = Namespace.of("curated");

  /** Namespace of the refused rows. */
  public static final Namespace QUARANTINE = Namespace.of("quarantine");

  /** Namespace of the analysis outputs of the features job (issue 17, step 6). */
  public static final Namespace ANALYSIS = Namespace.of("analysis");

  private LakeTables() {}

  /** {@code curated.<table>}. */
  public static TableIdentifier curatedId(TableSpec t) {
    return TableIdentifier.of(CURATED, t.name());
  }

  /** {@code quarantine.<table>}. */
  public static TableIdentifier quarantineId(TableSpec t) {
    return TableIdentifier.of(QUARANTINE, t.name());
  }

  /** The table name a version row records: {@code curated.participants}. */
  public static String name(TableIdentifier id) {
    return id.toString().toLowerCase(Locale.ROOT);
  }

  /** The Iceberg type of a dictionary column, as {@code SparkSchemas.typeOf} maps it for Spark. */
  public static Type typeOf(ColumnSpec c) {
    return switch (c.type()) {
      case TEXT, CODE -> Types.StringType.get();
      case INTEGER -> Types.LongType.get();
      case NUMBER -> Types.DoubleType.get();
      case DATE -> Types.DateType.get();
    };
  }

  /** Schema of {@code curated.<table>}. */
  public static Schema curated(TableSpec t) {
    List<Types.NestedField> f = new ArrayList<>();
    int id = 1;
    for (ColumnSpec c : t.columns()) {
      f.add(
          c.required()
              ? Types.NestedField.required(id++, c.name(), typeOf(c), c.description())
              : Types.NestedField.optional(id++, c.name(), typeOf(c), c.description()));
    }
    f.add(
        Types.NestedField.required(
            id++, SOURCE_LINE, Types.LongType.get(), "1-based line of the file"));
    f.add(Types.NestedField.required(id, SITE, Types.StringType.get(), "site code"));
    return new Schema(f);
  }

  /** Schema of {@code quarantine.<table>}. */
  public static Schema quarantine(TableSpec t) {
    int n = t.columns().size();
    List<Types.NestedField> f = new ArrayList<>();
    f.add(Types.NestedField.required(1, SOURCE_FILE, Types.StringType.get()));
    f.add(Types.NestedField.required(2, SOURCE_LINE, Types.LongType.get()));
    int id = 3;
    for (ColumnSpec c : t.columns()) {
      f.add(Types.NestedField.optional(id++, c.name(), Types.StringType.get(), c.description()));
    }
    Types.StructType finding =
        Types.StructType.of(
            Types.NestedField.optional(n + 6, "column", Types.StringType.get()),
            Types.NestedField.optional(n + 7, "value", Types.StringType.get()),
            Types.NestedField.required(n + 8, "rule", Types.StringType.get()),
            Types.NestedField.required(n + 9, "message", Types.StringType.get()));
    f.add(Types.NestedField.required(n + 3, FINDINGS, Types.ListType.ofRequired(n + 5, finding)));
    f.add(Types.NestedField.required(n + 4, SITE, Types.StringType.get(), "site code"));
    return new Schema(f);
  }

  /** The partitioning of every lake table: identity on {@value #SITE}. */
  public static PartitionSpec partitioning(Schema s) {
    return PartitionSpec.builderFor(s).identity(SITE).build();
  }

  /** The field id of a top-level column of a schema. */
  public static int id(Schema s, String column) {
    Types.NestedField f = s.findField(column);
    if (f == null) {
      throw new IllegalArgumentException("no column " + column + " in " + s);
    }
    return f.fieldId();
  }

  /** {@code analysis.<table>}: {@code analysis.runners}, {@code analysis.recurrence_intervals}. */
  public static TableIdentifier analysisId(AnalysisDictionary t) {
    return TableIdentifier.of(ANALYSIS, t.table());
  }

  /** The analysis tables, in the order the features job writes them: runners, intervals. */
  public static List<AnalysisDictionary> analysisTables() {
    return List.of(AnalysisDictionary.runners(), AnalysisDictionary.recurrenceIntervals());
  }

  /** The Iceberg type of an analysis column ({@code AnalysisSchema.sparkType} for Spark). */
  public static Type typeOf(AnalysisDictionary.Type t) {
    return switch (t) {
      case TEXT -> Types.StringType.get();
      case INTEGER -> Types.LongType.get();
      case NUMBER -> Types.DoubleType.get();
    };
  }

  /**
   * Schema of {@code analysis.<table>}: the dictionary's columns in its order (ids 1..n), each with
   * its description and, where it has one, its unit ({@code "description (unit)"}).
   *
   * @throws IllegalArgumentException when the dictionary has no {@value #SITE} column (every lake
   *     table is partitioned by it)
   */
  public static Schema analysis(AnalysisDictionary t) {
    List<Types.NestedField> f = new ArrayList<>();
    int id = 1;
    for (AnalysisDictionary.Column c : t.columns()) {
      String doc = c.unit() == null ? c.description() : c.description() + " (" + c.unit() + ")";
      f.add(
          c.nullable()
              ? Types.NestedField.optional(id++, c.name(), typeOf(c.type()), doc)
              : Types.NestedField.required(id++, c.name(), typeOf(c.type()), doc));
    }
    Schema s = new Schema(f);
    if (s.findField(SITE) == null) {
      throw new IllegalArgumentException(t.source() + ": an analysis table needs a " + SITE);
    }
    return s;
  }
}
