package org.itbs.spark.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.itbs.core.dictionary.AnalysisDictionary;
import org.itbs.core.dictionary.AnalysisDictionary.Type;

/**
 * The Spark schema of one analysis table: its {@link AnalysisDictionary} (read by core from {@code
 * data-schemas/analysis/<table>.json}, the one place where the table's columns, types, units and
 * meanings are named) as a {@link StructType}. The features job computes its columns and
 * {@linkplain #conform hands them through this schema}, so a column the JSON does not name, a
 * column it names that the job does not compute, or a type that differs fails the job instead of
 * reaching the lake.
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
   * Puts computed columns into this schema: selects them in table order with each column's
   * description and unit as metadata, widens 32-bit integers to 64-bit, and makes the query fail
   * (Spark {@code raise_error}) when a column that is not nullable holds no value in some row.
   *
   * @param computed the job's result, holding exactly this table's columns
   * @return the same rows in this schema
   * @throws IllegalStateException when {@code computed} lacks a column of the schema, holds one the
   *     schema does not name, or holds one of another type
   */
  public Dataset<Row> conform(Dataset<Row> computed) {
    StructType have = computed.schema();
    Set<String> extra = new LinkedHashSet<>(List.of(have.fieldNames()));
    List<Column> out = new ArrayList<>();
    for (AnalysisDictionary.Column c : columns) {
      if (!extra.remove(c.name())) {
        throw new IllegalStateException(
            table
                + ": the job computed no column "
                + c.name()
                + ", which "
                + dictionary.source()
                + " names");
      }
      DataType actual = have.apply(c.name()).dataType();
      Column v = col(c.name());
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
        v = v.cast(sparkType(c.type()));
      }
      if (!c.nullable()) {
        v =
            when(
                    v.isNull(),
                    raise_error(
                        lit(
                            table
                                + "."
                                + c.name()
                                + " has no value in a row, but "
                                + dictionary.source()
                                + " says it always has one")))
                .otherwise(v);
      }
      out.add(v.as(c.name(), metadata(c)));
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
    return computed.select(out.toArray(Column[]::new));
  }
}
