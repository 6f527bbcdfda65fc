package org.itbs.core.dictionary;

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

/**
 * The dictionary of one analysis table, read from {@code data-schemas/analysis/<table>.json}
 * (packaged as the class-path resource {@code /data-schemas/analysis/<table>.json}): the one reader
 * of those files. The features job checks its output against it ({@code
 * org.itbs.spark.features.AnalysisSchema}, the Spark schema made from it), and the analysis takes
 * the analysis set's variables, units and descriptions from it ({@code
 * org.itbs.analysis.plan.AnalysisSet}); the lake's table {@code analysis.<table>} takes its Iceberg
 * schema from it ({@code org.itbs.lake.LakeTables#analysis}).
 *
 * <p>The JSON holds {@code plan}, {@code table}, {@code file}, {@code description}, an optional
 * {@code key} (column names) and {@code columns}, each with {@code name}, {@code type} ({@code
 * text}, {@code integer} or {@code number}: string, 64-bit integer, double), an optional {@code
 * unit}, {@code nullable} and {@code description}. Any other field is refused. (The cef-1 {@link
 * Dictionary} reads another format: rules, codes and identifiers, no nullability.)
 */
public final class AnalysisDictionary {
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
    /** Text (Parquet string). */
    TEXT,
    /** A whole number (Parquet int64). */
    INTEGER,
    /** A real number (Parquet double). */
    NUMBER
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
  public record Column(String name, Type type, String unit, boolean nullable, String description) {
    /** Checks that name, type and description are given. */
    public Column {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(description, "description");
    }
  }

  /** The packaged tables, read once. */
  private static final class Packaged {
    static final AnalysisDictionary RUNNERS = load(AnalysisDictionary.RUNNERS);
    static final AnalysisDictionary RECURRENCE_INTERVALS =
        load(AnalysisDictionary.RECURRENCE_INTERVALS);
  }

  private final String plan;
  private final String table;
  private final String file;
  private final String description;
  private final List<String> key;
  private final List<Column> columns;

  private AnalysisDictionary(
      String plan,
      String table,
      String file,
      String description,
      List<String> key,
      List<Column> columns) {
    this.plan = plan;
    this.table = table;
    this.file = file;
    this.description = description;
    this.key = List.copyOf(key);
    this.columns = List.copyOf(columns);
  }

  /** The packaged dictionary of {@value #RUNNERS}. */
  public static AnalysisDictionary runners() {
    return Packaged.RUNNERS;
  }

  /** The packaged dictionary of {@value #RECURRENCE_INTERVALS}. */
  public static AnalysisDictionary recurrenceIntervals() {
    return Packaged.RECURRENCE_INTERVALS;
  }

  /**
   * The packaged dictionary of an analysis table.
   *
   * @throws IllegalArgumentException when no file of that name is packaged, or it is invalid
   */
  public static AnalysisDictionary load(String table) {
    String resource = "/data-schemas/analysis/" + table + ".json";
    InputStream in = AnalysisDictionary.class.getResourceAsStream(resource);
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
   * Parses a file of {@code data-schemas/analysis}.
   *
   * @param in the JSON
   * @param fileName the file's name, for messages
   * @throws IllegalArgumentException naming the file when the JSON is invalid, has an unknown
   *     field, lacks a required one, names a column twice or a key column it does not list
   */
  public static AnalysisDictionary parse(InputStream in, String fileName) {
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
    List<Column> fields = new ArrayList<>();
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
          new Column(
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
    return new AnalysisDictionary(
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

  /**
   * The JSON's {@code file}: the name the table's Parquet folder had in the plain analysis version
   * folders of lakes written before the analysis tables ({@code LAKE/analysis/v<N>/}); the table
   * itself is {@code analysis.<table>} in the lake's catalog ({@code org.itbs.lake.LakeTables}).
   */
  public String file() {
    return file;
  }

  /**
   * The file the table's dictionary is, as the repository names it: {@code
   * data-schemas/analysis/<table>.json}.
   */
  public String source() {
    return "data-schemas/analysis/" + table + ".json";
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
  public List<Column> columns() {
    return columns;
  }

  /** The column of that name, if the table has one. */
  public Optional<Column> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }
}
