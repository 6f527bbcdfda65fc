package org.itbs.spark.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
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

/**
 * The schema of one analysis table, read from {@code data-schemas/analysis/<table>.json} (packaged
 * as the classpath resource {@code /data-schemas/analysis/<table>.json}): the one place where the
 * table's columns, types, units and meanings are named. The features job computes its columns and
 * {@linkplain #conform hands them through this schema}, so a column the JSON does not name, a
 * column it names that the job does not compute, or a type that differs fails the job instead of
 * reaching the lake.
 *
 * <p>The JSON holds {@code plan}, {@code table}, {@code file}, {@code description}, an optional
 * {@code key} (column names) and {@code columns}, each with {@code name}, {@code type} ({@code
 * text}, {@code integer} or {@code number}: Spark string, 64-bit integer, double), an optional
 * {@code unit}, {@code nullable} and {@code description}. Any other field is refused.
 */
public final class AnalysisSchema {
  /** Name of the analysis set table: one row per runner. */
  public static final String RUNNERS = "runners";

  /** Name of the table of recurrence (R1) counting-process intervals. */
  public static final String RECURRENCE_INTERVALS = "recurrence_intervals";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> TOP_FIELDS =
      Set.of("plan", "table", "file", "description", "key", "columns");
  private static final Set<String> COLUMN_FIELDS =
      Set.of("name", "type", "unit", "nullable", "description");

  /** The value type of an analysis column. */
  public enum Type {
    /** Text: Spark {@code string}. */
    TEXT(DataTypes.StringType),
    /** A whole number: Spark {@code bigint} (64-bit). */
    INTEGER(DataTypes.LongType),
    /** A real number: Spark {@code double}. */
    NUMBER(DataTypes.DoubleType);

    private final DataType spark;

    Type(DataType spark) {
      this.spark = spark;
    }

    /** The Spark (and Parquet) type of the values. */
    public DataType sparkType() {
      return spark;
    }
  }

  /**
   * One column of an analysis table.
   *
   * @param name column name
   * @param type value type
   * @param unit unit of the values, or {@code null} when unitless
   * @param nullable whether a row may lack a value
   * @param description what the column holds and how it is derived
   */
  public record Field(String name, Type type, String unit, boolean nullable, String description) {
    /** Checks that name, type and description are given. */
    public Field {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(description, "description");
    }
  }

  private final String plan;
  private final String table;
  private final String file;
  private final String description;
  private final List<String> key;
  private final List<Field> columns;

  private AnalysisSchema(
      String plan,
      String table,
      String file,
      String description,
      List<String> key,
      List<Field> columns) {
    this.plan = plan;
    this.table = table;
    this.file = file;
    this.description = description;
    this.key = List.copyOf(key);
    this.columns = List.copyOf(columns);
  }

  /** The schema of {@value #RUNNERS}. */
  public static AnalysisSchema runners() {
    return load(RUNNERS);
  }

  /** The schema of {@value #RECURRENCE_INTERVALS}. */
  public static AnalysisSchema recurrenceIntervals() {
    return load(RECURRENCE_INTERVALS);
  }

  /**
   * The packaged schema of an analysis table.
   *
   * @throws IllegalArgumentException when no schema of that name is packaged, or it is invalid
   */
  public static AnalysisSchema load(String table) {
    String resource = "/data-schemas/analysis/" + table + ".json";
    InputStream in = AnalysisSchema.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalArgumentException(
          "no analysis schema " + resource + " on the classpath (is itbs-core up to date?)");
    }
    try (in) {
      return parse(in, table + ".json");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /**
   * Parses a schema file.
   *
   * @param in the JSON
   * @param fileName the file's name, for messages
   * @throws IllegalArgumentException naming the file when the JSON is invalid, has an unknown
   *     field, lacks a required one, names a column twice or a key column it does not list
   */
  public static AnalysisSchema parse(InputStream in, String fileName) {
    JsonNode root;
    try {
      root = JSON.readTree(in);
    } catch (IOException e) {
      throw new IllegalArgumentException(fileName + ": not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(fileName + ": expected a JSON object");
    }
    checkFields(root, TOP_FIELDS, fileName, "");
    JsonNode cols = root.get("columns");
    if (cols == null || !cols.isArray() || cols.isEmpty()) {
      throw new IllegalArgumentException(fileName + ": missing field columns (a non-empty list)");
    }
    List<Field> fields = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (JsonNode c : cols) {
      String where = " in column " + c.path("name").asText("#" + (fields.size() + 1));
      checkFields(c, COLUMN_FIELDS, fileName, where);
      String name = text(c, "name", fileName, where);
      if (!names.add(name)) {
        throw new IllegalArgumentException(fileName + ": column " + name + " is named twice");
      }
      String typeName = text(c, "type", fileName, where);
      Type type;
      try {
        type = Type.valueOf(typeName.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            fileName + ": type '" + typeName + "'" + where + " is not text, integer or number", e);
      }
      JsonNode nullable = c.get("nullable");
      if (nullable == null || !nullable.isBoolean()) {
        throw new IllegalArgumentException(
            fileName + ": missing field nullable (true or false)" + where);
      }
      String unit = c.hasNonNull("unit") ? c.get("unit").asText() : null;
      fields.add(
          new Field(
              name, type, unit, nullable.asBoolean(), text(c, "description", fileName, where)));
    }
    List<String> key = new ArrayList<>();
    if (root.has("key")) {
      for (JsonNode k : root.get("key")) {
        if (!names.contains(k.asText())) {
          throw new IllegalArgumentException(
              fileName + ": key column " + k.asText() + " is not among the columns " + names);
        }
        key.add(k.asText());
      }
    }
    return new AnalysisSchema(
        text(root, "plan", fileName, ""),
        text(root, "table", fileName, ""),
        text(root, "file", fileName, ""),
        text(root, "description", fileName, ""),
        key,
        fields);
  }

  private static void checkFields(JsonNode node, Set<String> allowed, String file, String where) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw new IllegalArgumentException(
            file + ": unknown field " + f + where + " (known: " + allowed + ")");
      }
    }
  }

  private static String text(JsonNode node, String field, String file, String where) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException(file + ": missing field " + field + where);
    }
    return v.asText();
  }

  /** The analysis plan the table implements, e.g. {@code analysis-plan v1}. */
  public String plan() {
    return plan;
  }

  /** The table's name. */
  public String table() {
    return table;
  }

  /** The name of the table's Parquet folder inside an analysis version folder. */
  public String file() {
    return file;
  }

  /** What the table holds. */
  public String description() {
    return description;
  }

  /** The columns that identify a row (empty when the table has no key). */
  public List<String> key() {
    return key;
  }

  /** The columns, in table order. */
  public List<Field> columns() {
    return columns;
  }

  /** The column of that name, if the table has one. */
  public Optional<Field> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** The Spark schema: one field per column, its unit and description in the field's metadata. */
  public StructType sparkSchema() {
    List<StructField> f = new ArrayList<>();
    for (Field c : columns) {
      f.add(new StructField(c.name(), c.type().sparkType(), c.nullable(), metadata(c)));
    }
    return new StructType(f.toArray(StructField[]::new));
  }

  private static Metadata metadata(Field c) {
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
    for (Field c : columns) {
      if (!extra.remove(c.name())) {
        throw new IllegalStateException(
            table
                + ": the job computed no column "
                + c.name()
                + ", which data-schemas/analysis/"
                + table
                + ".json names");
      }
      DataType actual = have.apply(c.name()).dataType();
      Column v = col(c.name());
      if (!actual.equals(c.type().sparkType())) {
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
                  + " but data-schemas/analysis/"
                  + table
                  + ".json declares "
                  + c.type().name().toLowerCase(Locale.ROOT)
                  + " ("
                  + c.type().sparkType().simpleString()
                  + ")");
        }
        v = v.cast(c.type().sparkType());
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
                                + " has no value in a row, but data-schemas/analysis/"
                                + table
                                + ".json says it always has one")))
                .otherwise(v);
      }
      out.add(v.as(c.name(), metadata(c)));
    }
    if (!extra.isEmpty()) {
      throw new IllegalStateException(
          table
              + ": the job computed columns "
              + extra
              + " that data-schemas/analysis/"
              + table
              + ".json does not name");
    }
    return computed.select(out.toArray(Column[]::new));
  }
}
