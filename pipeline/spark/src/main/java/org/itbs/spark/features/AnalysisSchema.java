package org.itbs.spark.features;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.itbs.core.dictionary.AnalysisDictionary;
import org.itbs.core.dictionary.AnalysisDictionary.Type;
import org.itbs.lake.LakeTables;

/**
 * The Spark schema of one analysis table: its {@link AnalysisDictionary} (read by core from {@code
 * data-schemas/analysis/<table>.json}, the one place where the table's columns, types, units and
 * meanings are named) as a {@link StructType}. The features job computes its columns and
 * {@linkplain #conform hands them through this schema} into records of the Iceberg table {@code
 * analysis.<table>} ({@link LakeTables#analysis}), so a column the JSON does not name, a column it
 * names that the job does not compute, or a type that differs fails the job instead of reaching the
 * lake.
 *
 * <p>Types: {@code text} is Spark {@code string}, {@code integer} 64-bit {@code bigint}, {@code
 * number} {@code double} ({@link #sparkType}).
 */
public final class AnalysisSchema {
  private final AnalysisDictionary dictionary;
  private final String table;
  private final List<AnalysisDictionary.Column> columns;

  private AnalysisSchema(AnalysisDictionary dictionary) {
    this.dictionary = Objects.requireNonNull(dictionary, "dictionary");
    this.table = dictionary.table();
    this.columns = dictionary.columns();
  }

  /** The Spark schema of an analysis table's dictionary. */
  public static AnalysisSchema of(AnalysisDictionary dictionary) {
    return new AnalysisSchema(dictionary);
  }

  /** The schema of {@value AnalysisDictionary#RUNNERS}. */
  public static AnalysisSchema runners() {
    return of(AnalysisDictionary.runners());
  }

  /** The schema of {@value AnalysisDictionary#RECURRENCE_INTERVALS}. */
  public static AnalysisSchema recurrenceIntervals() {
    return of(AnalysisDictionary.recurrenceIntervals());
  }

  /**
   * The schema of a packaged analysis table ({@link AnalysisDictionary#load}).
   *
   * @throws IllegalArgumentException when no dictionary of that name is packaged, or it is invalid
   */
  public static AnalysisSchema load(String table) {
    return of(AnalysisDictionary.load(table));
  }

  /** The table's dictionary: plan, name, file, key, columns with units and descriptions. */
  public AnalysisDictionary dictionary() {
    return dictionary;
  }

  /** The Spark (and Parquet) type of a column type. */
  public static DataType sparkType(Type type) {
    return switch (type) {
      case TEXT -> DataTypes.StringType;
      case INTEGER -> DataTypes.LongType;
      case NUMBER -> DataTypes.DoubleType;
    };
  }

  /** The Spark schema: one field per column, its unit and description in the field's metadata. */
  public StructType sparkSchema() {
    List<StructField> f = new ArrayList<>();
    for (AnalysisDictionary.Column c : columns) {
      f.add(new StructField(c.name(), sparkType(c.type()), c.nullable(), metadata(c)));
    }
    return new StructType(f.toArray(StructField[]::new));
  }

  private static Metadata metadata(AnalysisDictionary.Column c) {
    MetadataBuilder m = new MetadataBuilder().putString("comment", c.description());
    if (c.unit() != null) {
      m.putString("unit", c.unit());
    }
    return m.build();
  }

  /**
   * Puts rows computed on the driver into this schema, as records of the table {@code
   * analysis.<table>} ({@link LakeTables#analysis}): each column in table order, 32-bit integers
   * widened to 64-bit, and a row where a column that is not nullable holds no value refused.
   *
   * @param computed the rows' Spark schema, holding exactly this table's columns
   * @param rows the rows
   * @return one record per row, in the rows' order
   * @throws IllegalStateException when {@code computed} lacks a column of the schema, holds one the
   *     schema does not name, or holds one of another type, or a row lacks a required value
   */
  public List<Record> conform(StructType computed, List<Row> rows) {
    Set<String> extra = new LinkedHashSet<>(List.of(computed.fieldNames()));
    int[] at = new int[columns.size()];
    for (int j = 0; j < columns.size(); j++) {
      AnalysisDictionary.Column c = columns.get(j);
      if (!extra.remove(c.name())) {
        throw new IllegalStateException(
            table
                + ": the job computed no column "
                + c.name()
                + ", which "
                + dictionary.source()
                + " names");
      }
      at[j] = computed.fieldIndex(c.name());
      DataType actual = computed.fields()[at[j]].dataType();
      if (!actual.equals(sparkType(c.type()))) {
        boolean widen =
            c.type() == Type.INTEGER
                && (actual.equals(DataTypes.IntegerType)
                    || actual.equals(DataTypes.ShortType)
                    || actual.equals(DataTypes.ByteType));
        if (!widen) {
          throw new IllegalStateException(
              table
                  + "."
                  + c.name()
                  + " was computed as "
                  + actual.simpleString()
                  + " but "
                  + dictionary.source()
                  + " declares "
                  + c.type().name().toLowerCase(Locale.ROOT)
                  + " ("
                  + sparkType(c.type()).simpleString()
                  + ")");
        }
      }
    }
    if (!extra.isEmpty()) {
      throw new IllegalStateException(
          table
              + ": the job computed columns "
              + extra
              + " that "
              + dictionary.source()
              + " does not name");
    }
    Schema schema = LakeTables.analysis(dictionary);
    List<Record> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      GenericRecord rec = GenericRecord.create(schema);
      for (int j = 0; j < columns.size(); j++) {
        AnalysisDictionary.Column c = columns.get(j);
        Object v = r.isNullAt(at[j]) ? null : r.get(at[j]);
        if (v == null && !c.nullable()) {
          throw new IllegalStateException(
              table
                  + "."
                  + c.name()
                  + " has no value in a row, but "
                  + dictionary.source()
                  + " says it always has one");
        }
        if (v instanceof Number n && c.type() == Type.INTEGER) {
          v = n.longValue();
        }
        rec.set(j, v);
      }
      out.add(rec);
    }
    return out;
  }
}
