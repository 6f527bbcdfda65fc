package org.itbs.core.dictionary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A data dictionary: the tables of an export format, their columns and rules, and the direct
 * identifiers the format names. Loaded from the JSON files under {@code data-schemas/}, the single
 * source of truth for validation, the Spark and Parquet schemas and the documentation.
 *
 * <p>{@link #cef1()} is the clinic export format; {@link #submission()} is the anonymised
 * submission, derived from {@code cef-1} by {@code data-schemas/cef-1-submission/derivation.json}.
 */
public final class Dictionary {
  /** The file names of the cef-1 tables, in the order they are processed. */
  public static final List<String> CEF1_TABLES =
      List.of("participants", "assessments", "gait_frames", "training_weeks", "injuries");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String format;
  private final Map<String, TableSpec> tables;
  private final Set<String> identifierColumns;
  private final Derivation derivation;
  private final int maxFieldChars;

  /** The longest field when identifiers.json does not say ({@code maxFieldChars}). */
  public static final int DEFAULT_MAX_FIELD_CHARS = 4096;

  private Dictionary(
      String format,
      Map<String, TableSpec> tables,
      Set<String> identifierColumns,
      Derivation derivation,
      int maxFieldChars) {
    this.maxFieldChars = maxFieldChars;
    this.format = format;
    this.tables = Map.copyOf(tables);
    this.identifierColumns = Set.copyOf(identifierColumns);
    this.derivation = derivation;
    this.order = List.copyOf(tables.keySet());
  }

  private final List<String> order;

  /** The cef-1 clinic export dictionary packaged with the application. */
  public static Dictionary cef1() {
    return load(name -> Dictionary.class.getResourceAsStream("/data-schemas/cef-1/" + name));
  }

  /** The anonymised submission dictionary packaged with the application. */
  public static Dictionary submission() {
    Dictionary base = cef1();
    JsonNode d =
        readTree(
            Dictionary.class.getResourceAsStream("/data-schemas/cef-1-submission/derivation.json"),
            "derivation.json");
    return inFile("derivation.json", () -> derive(base, d));
  }

  /**
   * Loads a cef-1 style dictionary from a folder holding one JSON file per table and {@code
   * identifiers.json}.
   *
   * @throws UncheckedIOException when a file cannot be read
   * @throws IllegalArgumentException when a file is not a valid dictionary file
   */
  public static Dictionary load(Path folder) {
    return load(
        name -> {
          Path p = folder.resolve(name);
          try {
            return Files.exists(p) ? Files.newInputStream(p) : null;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /**
   * Loads the submission dictionary derived from a cef-1 dictionary folder and a derivation file.
   *
   * @throws UncheckedIOException when a file cannot be read
   * @throws IllegalArgumentException when a file is not a valid dictionary or derivation file
   */
  public static Dictionary loadSubmission(Path cef1Folder, Path derivationFile) {
    Dictionary base = load(cef1Folder);
    try (InputStream in = Files.newInputStream(derivationFile)) {
      JsonNode d = readTree(in, "derivation.json");
      return inFile("derivation.json", () -> derive(base, d));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private interface Source {
    InputStream open(String name);
  }

  private static Dictionary load(Source source) {
    Map<String, TableSpec> tables = new LinkedHashMap<>();
    for (String t : CEF1_TABLES) {
      String file = t + ".json";
      InputStream in = source.open(file);
      if (in == null) {
        throw new IllegalArgumentException("Dictionary file missing: " + file);
      }
      JsonNode tree = readTree(in, file);
      TableSpec spec = inFile(file, () -> parseTable(tree, file));
      if (!spec.name().equals(t)) {
        throw new IllegalArgumentException(file + ": table is " + spec.name() + ", expected " + t);
      }
      tables.put(t, spec);
    }
    checkParticipantReferences(tables);
    JsonNode ids = readTree(source.open("identifiers.json"), "identifiers.json");
    if (!ids.path("columns").isArray()) {
      throw new IllegalArgumentException("identifiers.json: missing field columns (a list)");
    }
    Set<String> identifiers = new LinkedHashSet<>();
    ids.path("columns").forEach(n -> identifiers.add(n.asText().toLowerCase(Locale.ROOT)));
    String format = tables.get("participants").format();
    int maxField = ids.path("maxFieldChars").asInt(DEFAULT_MAX_FIELD_CHARS);
    if (maxField < 1) {
      throw new IllegalArgumentException(
          "identifiers.json: maxFieldChars must be a whole number ≥ 1, not " + maxField);
    }
    return new Dictionary(format, tables, identifiers, null, maxField);
  }

  /** Runs a parse step and names the file in any {@link IllegalArgumentException} it throws. */
  private static <T> T inFile(String file, java.util.function.Supplier<T> step) {
    try {
      return step.get();
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(file + ":")) {
        throw e;
      }
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks that every {@code participant.<column>} limit names a date column of participants, so a
   * typo fails at load time, not in the middle of a validation run.
   */
  private static void checkParticipantReferences(Map<String, TableSpec> tables) {
    TableSpec participants = tables.get("participants");
    for (TableSpec t : tables.values()) {
      for (ColumnSpec c : t.columns()) {
        for (Bound b : new Bound[] {c.min(), c.max()}) {
          if (b != null && b.isReference() && b.scope() == Bound.Scope.PARTICIPANT) {
            Optional<ColumnSpec> ref = participants.column(b.column());
            if (ref.isEmpty() || ref.get().type() != ColumnType.DATE) {
              throw new IllegalArgumentException(
                  t.name()
                      + ".json: "
                      + c.name()
                      + " refers to "
                      + b
                      + ", but participants has no date column "
                      + b.column());
            }
          }
        }
      }
    }
  }

  private static JsonNode readTree(InputStream in, String name) {
    if (in == null) {
      throw new IllegalArgumentException("Dictionary file missing: " + name);
    }
    try (in) {
      JsonNode tree = JSON.readTree(in);
      if (tree == null || !tree.isObject()) {
        throw new IllegalArgumentException(name + ": not a JSON object");
      }
      return tree;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(name + ": not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read dictionary file " + name, e);
    }
  }

  private static TableSpec parseTable(JsonNode n, String source) {
    checkFields(n, TABLE_FIELDS, "table", source);
    List<ColumnSpec> columns = new ArrayList<>();
    for (JsonNode c : n.path("columns")) {
      columns.add(parseColumn(c, source));
    }
    List<List<String>> unique = new ArrayList<>();
    for (JsonNode key : n.path("unique")) {
      List<String> cols = new ArrayList<>();
      key.forEach(k -> cols.add(k.asText()));
      unique.add(cols);
    }
    String participantColumn =
        n.hasNonNull("participantColumn") ? n.get("participantColumn").asText() : null;
    TableSpec spec =
        new TableSpec(
            text(n, "format", source),
            text(n, "table", source),
            text(n, "file", source),
            n.path("required").asBoolean(false),
            n.path("description").asText(""),
            participantColumn,
            unique,
            columns);
    // A table's references to itself are row-scoped; participant-scoped bounds need a participant
    // column.
    for (ColumnSpec c : spec.columns()) {
      for (Bound b : new Bound[] {c.min(), c.max()}) {
        if (b != null && b.isReference()) {
          if (spec.isParticipants() && b.scope() == Bound.Scope.PARTICIPANT) {
            throw new IllegalArgumentException(
                source + ": participants refers to its own row with row., not participant.");
          }
          if (b.scope() == Bound.Scope.ROW && spec.column(b.column()).isEmpty()) {
            throw new IllegalArgumentException(
                source + ": " + c.name() + " refers to unknown column " + b.column());
          }
          if (b.scope() == Bound.Scope.ROW
              && spec.column(b.column()).get().type() != ColumnType.DATE) {
            throw new IllegalArgumentException(
                source + ": " + c.name() + " refers to " + b.column() + ", which is not a date");
          }
        }
      }
    }
    return spec;
  }

  private static ColumnSpec parseColumn(JsonNode c, String source) {
    String name = text(c, "name", source).toLowerCase(Locale.ROOT);
    try {
      checkFields(c, COLUMN_FIELDS, "column " + name, source);
      ColumnType type = ColumnType.parse(text(c, "type", source));
      List<String> values = new ArrayList<>();
      c.path("values").forEach(v -> values.add(v.asText()));
      Map<String, String> aliases = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : c.path("aliases").properties()) {
        aliases.put(e.getKey(), e.getValue().asText());
      }
      return new ColumnSpec(
          name,
          type,
          c.hasNonNull("unit") ? c.get("unit").asText() : null,
          bool(c, "required"),
          bool(c, "identifier"),
          c.path("description").asText(""),
          bound(c.get("min")),
          bool(c, "minExclusive"),
          bound(c.get("max")),
          bool(c, "maxExclusive"),
          values,
          aliases,
          bool(c, "ignoreCase"),
          integer(c, "minLength"),
          integer(c, "maxLength"),
          c.hasNonNull("pattern") ? Pattern.compile(c.get("pattern").asText()) : null,
          c.hasNonNull("weekday")
              ? DayOfWeek.valueOf(c.get("weekday").asText().toUpperCase(Locale.ROOT))
              : null);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(source + ":")) {
        throw e;
      }
      throw new IllegalArgumentException(source + ": column " + name + ": " + e.getMessage(), e);
    }
  }

  private static final Set<String> TABLE_FIELDS =
      Set.of(
          "format",
          "table",
          "file",
          "required",
          "description",
          "participantColumn",
          "unique",
          "columns");

  private static final Set<String> COLUMN_FIELDS =
      Set.of(
          "name",
          "type",
          "unit",
          "required",
          "identifier",
          "description",
          "min",
          "minExclusive",
          "max",
          "maxExclusive",
          "values",
          "aliases",
          "ignoreCase",
          "minLength",
          "maxLength",
          "pattern",
          "weekday");

  /** Refuses a field the loader does not know, so a misspelt rule is not silently ignored. */
  private static void checkFields(JsonNode n, Set<String> known, String what, String source) {
    Iterator<String> names = n.fieldNames();
    while (names.hasNext()) {
      String f = names.next();
      if (!known.contains(f)) {
        throw new IllegalArgumentException(
            source
                + ": "
                + what
                + " has unknown field "
                + f
                + "; known: "
                + new java.util.TreeSet<>(known));
      }
    }
  }

  private static boolean bool(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return false;
    }
    if (!v.isBoolean()) {
      throw new IllegalArgumentException(field + " must be true or false, not " + v);
    }
    return v.booleanValue();
  }

  private static Integer integer(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new IllegalArgumentException(field + " must be a whole number, not " + v);
    }
    return v.intValue();
  }

  private static Bound bound(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    return n.isNumber() ? Bound.ofNumber(n.asDouble()) : Bound.parse(n.asText());
  }

  private static String text(JsonNode n, String field, String source) {
    if (!n.hasNonNull(field)) {
      throw new IllegalArgumentException(source + ": missing field " + field);
    }
    return n.get(field).asText();
  }

  private static Dictionary derive(Dictionary base, JsonNode d) {
    String format = text(d, "format", "derivation.json");
    JsonNode pseudo = d.path("pseudonym");
    String idColumn = text(pseudo, "column", "derivation.json");
    Pattern pattern = Pattern.compile(text(pseudo, "pattern", "derivation.json"));
    int length = pseudonymLength(pattern.pattern());
    List<Replacement> replacements = new ArrayList<>();
    for (JsonNode r : d.path("replace")) {
      String table = text(r, "table", "derivation.json");
      String column = text(r, "column", "derivation.json");
      if (base.table(table).column(column).isEmpty()) {
        throw new IllegalArgumentException(
            "derivation.json: replace names unknown column " + table + "." + column);
      }
      replacements.add(
          new Replacement(table, column, text(r.path("with"), "name", "derivation.json")));
    }
    List<Dropped> dropped = new ArrayList<>();
    for (JsonNode r : d.path("drop")) {
      String table = text(r, "table", "derivation.json");
      String column = text(r, "column", "derivation.json");
      if (base.table(table).column(column).isEmpty()) {
        throw new IllegalArgumentException(
            "derivation.json: drop names unknown column " + table + "." + column);
      }
      dropped.add(new Dropped(table, column, text(r, "why", "derivation.json")));
    }
    Map<String, TableSpec> tables = new LinkedHashMap<>();
    Map<String, String> needed = new LinkedHashMap<>();
    for (TableSpec t : base.tables()) {
      List<ColumnSpec> cols = new ArrayList<>();
      for (ColumnSpec c : t.columns()) {
        if (dropped.stream()
            .anyMatch(x -> x.table().equals(t.name()) && x.column().equals(c.name()))) {
          continue;
        }
        ColumnSpec out = c;
        if (c.name().equals(idColumn)) {
          out = c.withPattern(pattern, length, pseudo.path("description").asText(c.description()));
        }
        for (JsonNode r : d.path("replace")) {
          if (r.path("table").asText().equals(t.name())
              && r.path("column").asText().equals(c.name())) {
            out = parseColumn(r.path("with"), "derivation.json");
          }
        }
        if (out.identifier()) {
          throw new IllegalArgumentException(
              "derivation.json: leaves direct identifier " + t.name() + "." + c.name() + " in");
        }
        JsonNode why = d.path("needed").path(t.name()).path(out.name());
        if (!why.isTextual() || why.asText().isBlank()) {
          throw new IllegalArgumentException(
              "derivation.json: needed does not say why "
                  + t.name()
                  + "."
                  + out.name()
                  + " is released; add it to needed or drop the column");
        }
        needed.put(t.name() + "." + out.name(), why.asText());
        cols.add(out);
      }
      for (Map.Entry<String, JsonNode> e : d.path("needed").path(t.name()).properties()) {
        if (!needed.containsKey(t.name() + "." + e.getKey())) {
          throw new IllegalArgumentException(
              "derivation.json: needed names "
                  + t.name()
                  + "."
                  + e.getKey()
                  + ", which is not released");
        }
      }
      tables.put(
          t.name(),
          new TableSpec(
              format,
              t.name(),
              t.file(),
              t.required(),
              t.description(),
              t.participantColumn(),
              t.uniqueKeys(),
              cols));
    }
    Set<String> identifiers = new LinkedHashSet<>(base.identifierColumns());
    for (TableSpec t : base.tables()) {
      for (ColumnSpec c : t.columns()) {
        if (c.identifier()) {
          identifiers.add(c.name());
        }
      }
    }
    JsonNode shift = d.path("dateShift");
    Derivation derivation =
        new Derivation(
            base.format(),
            idColumn,
            shift.path("min").asInt(),
            shift.path("max").asInt(),
            d.path("manifest").asText("manifest.json"),
            d.path("description").asText(""),
            pseudo.path("description").asText(""),
            shift.path("description").asText(""),
            replacements,
            dropped,
            needed);
    return new Dictionary(format, tables, identifiers, derivation, base.maxFieldChars());
  }

  private static int pseudonymLength(String regex) {
    java.util.regex.Matcher m = Pattern.compile(".*\\{(\\d+)\\}$").matcher(regex);
    if (!m.matches()) {
      throw new IllegalArgumentException("pseudonym pattern must end in {length}: " + regex);
    }
    return Integer.parseInt(m.group(1));
  }

  /**
   * What turns a clinic export into a submission: only present on a derived dictionary.
   *
   * @param baseFormat the export format the submission derives from
   * @param pseudonymColumn column whose values are replaced by keyed pseudonyms
   * @param minShiftWeeks least date shift, in weeks
   * @param maxShiftWeeks greatest date shift, in weeks
   * @param manifestFile name of the manifest inside a submission
   * @param description what the derivation does, as a sentence
   * @param pseudonymDescription how the pseudonym is computed
   * @param dateShiftDescription how the date shift is chosen
   * @param replacements columns of the base format replaced by another column
   * @param dropped columns of the base format that stay at the clinic
   * @param needed per released column ({@code table.column}), why the plans need it
   */
  public record Derivation(
      String baseFormat,
      String pseudonymColumn,
      int minShiftWeeks,
      int maxShiftWeeks,
      String manifestFile,
      String description,
      String pseudonymDescription,
      String dateShiftDescription,
      List<Replacement> replacements,
      List<Dropped> dropped,
      Map<String, String> needed) {

    /** Checks the record's invariants. */
    public Derivation {
      replacements = List.copyOf(replacements);
      dropped = List.copyOf(dropped);
      needed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(needed));
    }

    /**
     * The submission's column that carries a base-format column: the column itself, its
     * replacement, or empty when the column stays at the clinic (dropped). Direct identifiers are
     * not asked about here.
     */
    public Optional<String> releasedAs(String table, String column) {
      for (Dropped x : dropped) {
        if (x.table().equals(table) && x.column().equals(column)) {
          return Optional.empty();
        }
      }
      for (Replacement r : replacements) {
        if (r.table().equals(table) && r.column().equals(column)) {
          return Optional.of(r.replacement());
        }
      }
      return Optional.of(column);
    }

    /** Why the plans need a released column, or empty when it is not released. */
    public Optional<String> whyNeeded(String table, String column) {
      return Optional.ofNullable(needed.get(table + "." + column));
    }
  }

  /**
   * A column of the base format that stays at the clinic.
   *
   * @param table the table holding the column
   * @param column the base format's column, e.g. {@code mass_kg}
   * @param why why it is not released
   */
  public record Dropped(String table, String column, String why) {}

  /**
   * A column of the base format that the submission replaces by another.
   *
   * @param table the table holding the column
   * @param column the base format's column, e.g. {@code birth_date}
   * @param replacement the submission's column in its place, e.g. {@code age_years}
   */
  public record Replacement(String table, String column, String replacement) {}

  /** The format name, e.g. {@code cef-1} or {@code cef-1-submission}. */
  public String format() {
    return format;
  }

  /** The tables, participants first. */
  public List<TableSpec> tables() {
    return order.stream().map(tables::get).toList();
  }

  /**
   * The table of that name.
   *
   * @throws IllegalArgumentException when the dictionary has no such table
   */
  public TableSpec table(String name) {
    TableSpec t = tables.get(name);
    if (t == null) {
      throw new IllegalArgumentException("No table " + name + " in " + format);
    }
    return t;
  }

  /** The table stored in that file name (case-insensitive), if any. */
  public Optional<TableSpec> tableForFile(String fileName) {
    return tables().stream().filter(t -> t.file().equalsIgnoreCase(fileName)).findFirst();
  }

  /**
   * Lowercase names of direct identifier columns: the format's list and, on a derived dictionary,
   * the base format's columns marked as identifiers (such as {@code birth_date}).
   */
  public Set<String> identifierColumns() {
    return identifierColumns;
  }

  /** Whether a header name (any case, surrounding spaces) is a direct identifier. */
  public boolean isIdentifier(String headerName) {
    return identifierColumns.contains(headerName.trim().toLowerCase(Locale.ROOT));
  }

  /**
   * The longest field, in characters, that any column of a file may hold (direct identifier columns
   * included): {@code maxFieldChars} of {@code identifiers.json}. A clinic export line with a
   * longer field does not parse as one record and is withheld whole by the clinic tool.
   */
  public int maxFieldChars() {
    return maxFieldChars;
  }

  /** How this dictionary derives from its base format, when it is a submission dictionary. */
  public Optional<Derivation> derivation() {
    return Optional.ofNullable(derivation);
  }
}
