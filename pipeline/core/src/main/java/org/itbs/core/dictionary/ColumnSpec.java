package org.itbs.core.dictionary;

import java.time.DayOfWeek;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One column of a dictionary table with every rule that applies to its values.
 *
 * @param name canonical (lowercase) column name
 * @param type value type
 * @param unit unit of the values, or {@code null} when unitless
 * @param required whether a missing value is an error
 * @param identifier whether the column is a direct identifier that must never leave the clinic
 * @param description what the column holds
 * @param min lower limit or {@code null}
 * @param minExclusive whether the lower limit itself is invalid
 * @param max upper limit or {@code null}
 * @param maxExclusive whether the upper limit itself is invalid
 * @param values allowed codes (for {@link ColumnType#CODE}), canonical spelling
 * @param aliases other accepted spellings of a code, mapped to the canonical one
 * @param ignoreCase whether codes and aliases match in any case
 * @param minLength least number of characters of a text, or {@code null}
 * @param maxLength most characters of a text, or {@code null}
 * @param pattern regular expression the whole text must match, or {@code null}
 * @param weekday day of the week every date must fall on, or {@code null}
 */
public record ColumnSpec(
    String name,
    ColumnType type,
    String unit,
    boolean required,
    boolean identifier,
    String description,
    Bound min,
    boolean minExclusive,
    Bound max,
    boolean maxExclusive,
    List<String> values,
    Map<String, String> aliases,
    boolean ignoreCase,
    Integer minLength,
    Integer maxLength,
    Pattern pattern,
    DayOfWeek weekday)
    implements java.io.Serializable {

  /**
   * Checks the record's invariants: every rule given applies to the column's type (limits are
   * numbers on integer and number columns, dates or date references on date columns; codes only on
   * code columns; lengths and patterns only on text; a weekday only on dates).
   *
   * @throws IllegalArgumentException when a rule does not fit the type
   */
  public ColumnSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    values = values == null ? List.of() : List.copyOf(values);
    aliases = aliases == null ? Map.of() : Map.copyOf(aliases);
    if (type == ColumnType.CODE && values.isEmpty()) {
      throw new IllegalArgumentException("Column " + name + " of type code lists no values");
    }
    for (Bound b : new Bound[] {min, max}) {
      if (b == null) {
        continue;
      }
      boolean fits =
          switch (type) {
            case INTEGER, NUMBER -> b.isNumber();
            case DATE -> !b.isNumber();
            default -> false;
          };
      if (!fits) {
        throw new IllegalArgumentException(
            "Column " + name + " of type " + typeName(type) + " cannot have the limit " + b);
      }
    }
    if (type != ColumnType.CODE && (!values.isEmpty() || !aliases.isEmpty() || ignoreCase)) {
      throw new IllegalArgumentException(
          "Column " + name + " of type " + typeName(type) + " cannot have values or aliases");
    }
    for (String canonical : aliases.values()) {
      if (!values.contains(canonical)) {
        throw new IllegalArgumentException(
            "Column " + name + " has an alias for " + canonical + ", which is not in " + values);
      }
    }
    if (type != ColumnType.TEXT && (minLength != null || maxLength != null || pattern != null)) {
      throw new IllegalArgumentException(
          "Column " + name + " of type " + typeName(type) + " cannot have a length or pattern");
    }
    if ((minLength != null && minLength < 0)
        || (minLength != null && maxLength != null && minLength > maxLength)) {
      throw new IllegalArgumentException(
          "Column " + name + " has invalid lengths " + minLength + ".." + maxLength);
    }
    if (type != ColumnType.DATE && weekday != null) {
      throw new IllegalArgumentException(
          "Column " + name + " of type " + typeName(type) + " cannot have a weekday");
    }
  }

  private static String typeName(ColumnType t) {
    return t.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** A copy of this column with another name, type, unit, limits and description. */
  ColumnSpec renamed(String newName, String newDescription) {
    return new ColumnSpec(
        newName,
        type,
        unit,
        required,
        identifier,
        newDescription,
        min,
        minExclusive,
        max,
        maxExclusive,
        values,
        aliases,
        ignoreCase,
        minLength,
        maxLength,
        pattern,
        weekday);
  }

  /** A copy of this text column that must match {@code regex} and has exactly that length. */
  ColumnSpec withPattern(Pattern regex, int length, String newDescription) {
    return new ColumnSpec(
        name,
        type,
        unit,
        required,
        identifier,
        newDescription,
        min,
        minExclusive,
        max,
        maxExclusive,
        values,
        aliases,
        ignoreCase,
        length,
        length,
        regex,
        weekday);
  }

  /** A human-readable statement of the valid values, for messages and documentation. */
  public String validText() {
    StringBuilder sb = new StringBuilder();
    if (type == ColumnType.CODE) {
      sb.append(String.join(", ", values));
      if (!aliases.isEmpty()) {
        sb.append(" (also ").append(String.join(", ", aliases.keySet().stream().sorted().toList()));
        sb.append(')');
      }
      if (ignoreCase) {
        sb.append(", any case");
      }
      return sb.toString();
    }
    if (min != null && max != null) {
      sb.append(minExclusive ? "> " : "").append(min);
      sb.append(" .. ");
      sb.append(maxExclusive ? "< " : "").append(max);
    } else if (min != null) {
      sb.append(minExclusive ? "> " : "≥ ").append(min);
    } else if (max != null) {
      sb.append(maxExclusive ? "< " : "≤ ").append(max);
    }
    if (minLength != null && minLength.equals(maxLength)) {
      append(sb, "exactly " + minLength + " chars");
    } else if (maxLength == null && minLength != null) {
      append(sb, "at least " + minLength + " chars");
    } else if (maxLength != null) {
      append(sb, (minLength == null ? 0 : minLength) + "–" + maxLength + " chars");
    }
    if (pattern != null) {
      append(sb, "matches " + pattern.pattern());
    }
    if (weekday != null) {
      append(
          sb,
          "a "
              + weekday.name().charAt(0)
              + weekday.name().substring(1).toLowerCase(java.util.Locale.ROOT));
    }
    return sb.toString();
  }

  private static void append(StringBuilder sb, String s) {
    if (sb.length() > 0) {
      sb.append("; ");
    }
    sb.append(s);
  }
}
