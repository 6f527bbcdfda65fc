package org.itbs.core.validate;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.itbs.core.dictionary.Bound;
import org.itbs.core.dictionary.ColumnSpec;
import org.itbs.core.dictionary.ColumnType;
import org.itbs.core.dictionary.TableSpec;

/**
 * Checks one row of a table against every single-row rule of the dictionary (required, type, range,
 * allowed values, length, pattern, weekday, date windows) and the reference to a participant. Rules
 * that span rows (duplicate keys) are left to the caller, which sees all rows.
 *
 * <p>Typed values: {@link ColumnType#TEXT} and {@link ColumnType#CODE} give {@link String} (codes
 * in canonical spelling), {@link ColumnType#INTEGER} gives {@link Long}, {@link ColumnType#NUMBER}
 * gives {@link Double}, {@link ColumnType#DATE} gives {@link LocalDate}; a missing value is {@code
 * null}. Instances are immutable apart from a per-column parse cache, so use one per thread.
 */
public final class RowValidator implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final List<Finding> NONE = List.of();

  private final TableSpec table;
  private final int participantIndex;
  private final int[] rowRefMin;
  private final int[] rowRefMax;
  private final Map<String, String>[] codeLookup;
  private transient String[] lastRaw;
  private transient Object[] lastValue;

  /** A validator for the rows of {@code table}. */
  @SuppressWarnings("unchecked")
  public RowValidator(TableSpec table) {
    this.table = table;
    this.participantIndex =
        table.participantColumn() == null ? -1 : table.indexOf(table.participantColumn());
    int n = table.columns().size();
    rowRefMin = new int[n];
    rowRefMax = new int[n];
    codeLookup = new Map[n];
    for (int i = 0; i < n; i++) {
      ColumnSpec c = table.columns().get(i);
      rowRefMin[i] = rowRef(c.min());
      rowRefMax[i] = rowRef(c.max());
      if (c.type() == ColumnType.CODE) {
        Map<String, String> lookup = new HashMap<>();
        for (String v : c.values()) {
          lookup.put(key(v, c.ignoreCase()), v);
        }
        c.aliases()
            .forEach((alias, canonical) -> lookup.put(key(alias, c.ignoreCase()), canonical));
        codeLookup[i] = lookup;
      }
    }
  }

  private int rowRef(Bound b) {
    return b != null && b.isReference() && b.scope() == Bound.Scope.ROW
        ? table.indexOf(b.column())
        : -1;
  }

  private static String key(String v, boolean ignoreCase) {
    return ignoreCase ? v.toLowerCase(Locale.ROOT) : v;
  }

  /** The table this validator checks. */
  public TableSpec table() {
    return table;
  }

  /** The outcome of checking one row. */
  public static final class Result {
    private final Object[] values;
    private final List<Finding> findings;

    Result(Object[] values, List<Finding> findings) {
      this.values = values;
      this.findings = findings;
    }

    /** The typed values in dictionary column order; {@code null} where missing or invalid. */
    public Object[] values() {
      return values;
    }

    /**
     * Every rule the row breaks: the columns' own rules in column order, then the participant
     * reference, then date windows; empty when the row is valid.
     */
    public List<Finding> findings() {
      return findings;
    }

    /** Whether the row passed every single-row rule. */
    public boolean valid() {
      return findings.isEmpty();
    }
  }

  /**
   * Checks one row.
   *
   * @param raw the values as written, in dictionary column order; {@code null} for a column the
   *     file does not have
   * @param participants the runners of the export, or {@code null} to skip reference and
   *     participant-window checks (only for the participants table itself)
   * @return typed values and findings
   */
  public Result validate(String[] raw, ParticipantIndex participants) {
    List<ColumnSpec> cols = table.columns();
    int n = cols.size();
    if (raw.length != n) {
      throw new IllegalArgumentException("expected " + n + " values, got " + raw.length);
    }
    if (lastRaw == null) {
      lastRaw = new String[n];
      lastValue = new Object[n];
    }
    Object[] values = new Object[n];
    List<Finding> findings = NONE;
    for (int i = 0; i < n; i++) {
      ColumnSpec c = cols.get(i);
      String s = raw[i];
      if (isMissing(s)) {
        if (c.required()) {
          findings =
              add(
                  findings,
                  new Finding(c.name(), s, Rule.REQUIRED, c.name() + " is missing (required)"));
        }
        continue;
      }
      if (s.equals(lastRaw[i]) && lastValue[i] != null) {
        values[i] = lastValue[i];
        continue;
      }
      Object v;
      Finding f;
      try {
        v = parse(i, c, s);
        f = checkFixed(i, c, s, v);
      } catch (IllegalArgumentException | DateTimeParseException e) {
        v = null;
        f =
            new Finding(
                c.name(), s, Rule.TYPE, c.name() + " " + quote(s) + " is not " + article(c.type()));
      }
      if (f != null) {
        findings = add(findings, f);
        continue;
      }
      values[i] = v;
      lastRaw[i] = s;
      lastValue[i] = v;
    }
    String participant = null;
    if (participantIndex >= 0 && participants != null && values[participantIndex] != null) {
      participant = (String) values[participantIndex];
      ParticipantIndex.Status status = participants.status(participant);
      if (status != ParticipantIndex.Status.ACCEPTED) {
        String col = table.participantColumn();
        findings =
            add(
                findings,
                status == ParticipantIndex.Status.UNKNOWN
                    ? new Finding(
                        col,
                        participant,
                        Rule.UNKNOWN_PARTICIPANT,
                        col + " " + quote(participant) + " is not in participants.csv")
                    : new Finding(
                        col,
                        participant,
                        Rule.PARTICIPANT_REFUSED,
                        col
                            + " "
                            + quote(participant)
                            + " refers to a participants.csv row that was refused"));
        participant = null;
      }
    }
    for (int i = 0; i < n; i++) {
      ColumnSpec c = cols.get(i);
      if (values[i] instanceof LocalDate d) {
        Finding f =
            window(c, raw[i], d, values, rowRefMin[i], c.min(), true, participants, participant);
        if (f == null) {
          f = window(c, raw[i], d, values, rowRefMax[i], c.max(), false, participants, participant);
        }
        if (f != null) {
          findings = add(findings, f);
        }
      }
    }
    return new Result(values, findings);
  }

  private static List<Finding> add(List<Finding> findings, Finding f) {
    List<Finding> out = findings == NONE ? new ArrayList<>(2) : findings;
    out.add(f);
    return out;
  }

  /** Whether a cell is a missing value: empty, {@code NA} or {@code NaN}. */
  public static boolean isMissing(String s) {
    return s == null || s.isEmpty() || s.equals("NA") || s.equals("NaN") || s.isBlank();
  }

  private Object parse(int i, ColumnSpec c, String s) {
    switch (c.type()) {
      case TEXT:
        return s;
      case INTEGER:
        return parseLong(s.strip());
      case NUMBER:
        return parseNumber(s.strip());
      case DATE:
        return parseDate(s.strip());
      case CODE:
        String canonical = codeLookup[i].get(key(s.strip(), c.ignoreCase()));
        return canonical == null ? s : canonical;
      default:
        throw new IllegalStateException("unhandled type " + c.type());
    }
  }

  /**
   * Parses an ISO 8601 calendar date, {@code yyyy-MM-dd}, strictly.
   *
   * @throws DateTimeParseException when the text is not such a date
   */
  public static LocalDate parseDate(String s) {
    if (s.length() != 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
      throw new DateTimeParseException("not yyyy-MM-dd", s, 0);
    }
    return LocalDate.parse(s);
  }

  /**
   * Parses a decimal number with {@code .} as decimal point and an optional exponent ({@code 1e3},
   * as R and pandas write small and large numbers); rejects hexadecimal, infinities (also by
   * overflow, {@code 1e999}), grouping and type suffixes that {@link Double#parseDouble} accepts.
   *
   * @throws NumberFormatException when the text is not such a number
   */
  public static double parseNumber(String s) {
    if (s.isEmpty()) {
      throw new NumberFormatException("empty");
    }
    boolean digit = false;
    for (int k = 0; k < s.length(); k++) {
      char ch = s.charAt(k);
      if (ch >= '0' && ch <= '9') {
        digit = true;
      } else if (ch != '.' && ch != '-' && ch != '+' && ch != 'e' && ch != 'E') {
        throw new NumberFormatException(s);
      }
    }
    if (!digit) {
      throw new NumberFormatException(s);
    }
    double x = Double.parseDouble(s);
    if (Double.isInfinite(x)) {
      throw new NumberFormatException("out of range: " + s);
    }
    return x;
  }

  private static long parseLong(String s) {
    // Long.parseLong also accepts '+' and non-ASCII digits (Devanagari, Arabic-Indic, ...).
    for (int k = 0; k < s.length(); k++) {
      char ch = s.charAt(k);
      if ((ch < '0' || ch > '9') && !(ch == '-' && k == 0)) {
        throw new NumberFormatException(s);
      }
    }
    return Long.parseLong(s);
  }

  private Finding checkFixed(int i, ColumnSpec c, String raw, Object v) {
    String name = c.name();
    switch (c.type()) {
      case CODE -> {
        String canonical = codeLookup[i].get(key(raw.strip(), c.ignoreCase()));
        if (canonical == null) {
          return new Finding(
              name, raw, Rule.VALUES, name + " " + quote(raw) + " is not one of " + c.validText());
        }
        return null;
      }
      case INTEGER, NUMBER -> {
        double x = ((Number) v).doubleValue();
        boolean low =
            c.min() != null && (c.minExclusive() ? x <= c.min().number() : x < c.min().number());
        boolean high =
            c.max() != null && (c.maxExclusive() ? x >= c.max().number() : x > c.max().number());
        if (low || high) {
          return new Finding(
              name, raw, Rule.RANGE, name + " " + raw + " is outside " + c.validText() + unit(c));
        }
        return null;
      }
      case TEXT -> {
        int len = raw.codePointCount(0, raw.length());
        if ((c.minLength() != null && len < c.minLength())
            || (c.maxLength() != null && len > c.maxLength())) {
          return new Finding(
              name,
              raw,
              Rule.LENGTH,
              name + " " + quote(raw) + " has " + len + " characters, expected " + c.validText());
        }
        if (c.pattern() != null && !c.pattern().matcher(raw).matches()) {
          return new Finding(
              name,
              raw,
              Rule.PATTERN,
              name + " " + quote(raw) + " does not match " + c.pattern().pattern());
        }
        return null;
      }
      case DATE -> {
        LocalDate d = (LocalDate) v;
        if (c.weekday() != null && d.getDayOfWeek() != c.weekday()) {
          return new Finding(
              name,
              raw,
              Rule.WEEKDAY,
              name
                  + " "
                  + raw
                  + " is a "
                  + d.getDayOfWeek().name().toLowerCase(Locale.ROOT)
                  + ", expected a "
                  + c.weekday().name().toLowerCase(Locale.ROOT));
        }
        if (c.min() != null && c.min().isDate() && before(d, c.min().date(), c.minExclusive())) {
          return new Finding(name, raw, Rule.RANGE, name + " " + raw + " is before " + c.min());
        }
        if (c.max() != null && c.max().isDate() && after(d, c.max().date(), c.maxExclusive())) {
          return new Finding(name, raw, Rule.RANGE, name + " " + raw + " is after " + c.max());
        }
        return null;
      }
      default -> throw new IllegalStateException("unhandled type " + c.type());
    }
  }

  private Finding window(
      ColumnSpec c,
      String raw,
      LocalDate d,
      Object[] values,
      int rowRef,
      Bound b,
      boolean lower,
      ParticipantIndex participants,
      String participant) {
    if (b == null || !b.isReference()) {
      return null;
    }
    LocalDate ref;
    if (b.scope() == Bound.Scope.ROW) {
      ref = rowRef >= 0 && values[rowRef] instanceof LocalDate r ? r : null;
    } else {
      ref = participant == null ? null : participants.date(participant, b.column());
    }
    if (ref == null) {
      return null;
    }
    LocalDate limit = ref.plusDays(b.offsetDays());
    boolean bad = lower ? before(d, limit, c.minExclusive()) : after(d, limit, c.maxExclusive());
    if (!bad) {
      return null;
    }
    String relation =
        lower
            ? (c.minExclusive() ? "on or before " : "before ")
            : (c.maxExclusive() ? "on or after " : "after ");
    return new Finding(
        c.name(),
        raw,
        Rule.WINDOW,
        c.name() + " " + raw + " is " + relation + b + " (" + limit + ")");
  }

  private static boolean before(LocalDate d, LocalDate limit, boolean exclusive) {
    return exclusive ? !d.isAfter(limit) : d.isBefore(limit);
  }

  private static boolean after(LocalDate d, LocalDate limit, boolean exclusive) {
    return exclusive ? !d.isBefore(limit) : d.isAfter(limit);
  }

  private static String unit(ColumnSpec c) {
    return c.unit() == null ? "" : " (" + c.unit() + ")";
  }

  private static String article(ColumnType t) {
    return switch (t) {
      case INTEGER -> "a whole number";
      case NUMBER -> "a number";
      case DATE -> "a date (yyyy-MM-dd)";
      default -> "valid text";
    };
  }

  private static String quote(String s) {
    return "'" + s + "'";
  }
}
