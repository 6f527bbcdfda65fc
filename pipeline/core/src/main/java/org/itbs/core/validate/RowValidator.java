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

  /** Per number column: its fixed limits, -∞ and +∞ where it has none (checked once a value). */
  private final double[] low;

  private final double[] high;

  /** Per code column: spellings as written in the dictionary (values and aliases) to canonical. */
  private final Map<String, String>[] codeExact;

  /** Per code column: the same keyed in lower case when the column ignores case, else exact. */
  private final Map<String, String>[] codeLookup;

  // The last valid value seen in each column, as written and typed (rows repeat runner ids, dates
  // and codes from one row to the next).
  private transient String[] lastRaw;
  private transient TypedRow last;
  // The last participant looked up (rows come grouped by runner): its status and, per column, the
  // participant-scoped limits with their offsets applied. Valid for one index at one version.
  private transient ParticipantIndex lastIndex;
  private transient int lastIndexVersion;
  private transient String lastParticipant;
  private transient ParticipantIndex.Status lastStatus;
  private transient LocalDate[] lastMinLimit;
  private transient LocalDate[] lastMaxLimit;

  /** A validator for the rows of {@code table}. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public RowValidator(TableSpec table) {
    this.table = table;
    this.participantIndex =
        table.participantColumn() == null ? -1 : table.indexOf(table.participantColumn());
    int n = table.columns().size();
    rowRefMin = new int[n];
    rowRefMax = new int[n];
    low = new double[n];
    high = new double[n];
    codeLookup = new Map[n];
    codeExact = new Map[n];
    for (int i = 0; i < n; i++) {
      ColumnSpec c = table.columns().get(i);
      rowRefMin[i] = rowRef(c.min());
      rowRefMax[i] = rowRef(c.max());
      low[i] = c.min() != null && c.min().isNumber() ? c.min().number() : Double.NEGATIVE_INFINITY;
      high[i] = c.max() != null && c.max().isNumber() ? c.max().number() : Double.POSITIVE_INFINITY;
      if (c.type() == ColumnType.CODE) {
        Map<String, String> lookup = new HashMap<>();
        for (String v : c.values()) {
          lookup.put(key(v, c.ignoreCase()), v);
        }
        c.aliases()
            .forEach((alias, canonical) -> lookup.put(key(alias, c.ignoreCase()), canonical));
        codeLookup[i] = lookup;
        Map<String, String> exact = new HashMap<>(c.aliases());
        c.values().forEach(v -> exact.put(v, v));
        codeExact[i] = exact;
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
    TypedRow row = new TypedRow(table);
    List<Finding> findings = check(raw, participants, row);
    return new Result(row.values(), findings);
  }

  /**
   * Checks one row as {@link #validate} does, putting its typed values into {@code row} rather than
   * boxing them: the ingest's hot path fills one row again and again.
   *
   * @param row a row of this validator's table; every value is overwritten (present where valid)
   * @return every rule the row breaks, as {@link Result#findings()}; empty when the row is valid
   */
  public List<Finding> check(String[] raw, ParticipantIndex participants, TypedRow row) {
    List<ColumnSpec> cols = table.columns();
    int n = cols.size();
    if (raw.length != n) {
      throw new IllegalArgumentException("expected " + n + " values, got " + raw.length);
    }
    if (row.size() != n) {
      throw new IllegalArgumentException("expected a row of " + n + " columns, got " + row.size());
    }
    if (lastRaw == null) {
      lastRaw = new String[n];
      last = new TypedRow(table);
    }
    row.clear();
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
      if (last.present[i] && s.equals(lastRaw[i])) {
        row.copy(i, last);
        continue;
      }
      Finding f;
      try {
        parse(i, c, s, row);
        f = checkFixed(i, c, s, row);
      } catch (IllegalArgumentException | DateTimeParseException e) {
        f =
            new Finding(
                c.name(), s, Rule.TYPE, c.name() + " " + quote(s) + " is not " + article(c.type()));
      }
      if (f != null && s.startsWith(WITHHELD_PREFIX)) {
        f = withheld(c, s);
      }
      if (f != null) {
        findings = add(findings, f);
        continue;
      }
      row.present[i] = true;
      lastRaw[i] = s;
      last.copy(i, row);
    }
    String participant = null;
    if (participantIndex >= 0 && participants != null && row.present[participantIndex]) {
      participant = row.text(participantIndex);
      ParticipantIndex.Status status = lookUp(participants, participant);
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
      if (!row.present[i] || row.type(i) != ColumnType.DATE) {
        continue;
      }
      ColumnSpec c = cols.get(i);
      LocalDate d = row.date(i);
      Finding f =
          window(
              c,
              raw[i],
              d,
              row,
              rowRefMin[i],
              c.min(),
              true,
              participant == null ? null : lastMinLimit[i]);
      if (f == null) {
        f =
            window(
                c,
                raw[i],
                d,
                row,
                rowRefMax[i],
                c.max(),
                false,
                participant == null ? null : lastMaxLimit[i]);
      }
      if (f != null) {
        findings = add(findings, f);
      }
    }
    return findings;
  }

  /** The participant's status, from the cache when it is the same participant as last time. */
  private ParticipantIndex.Status lookUp(ParticipantIndex index, String id) {
    // The same String as last time when the row repeats the runner (the value cache hands it on).
    if (index == lastIndex
        && index.version() == lastIndexVersion
        && (id == lastParticipant || id.equals(lastParticipant))) {
      return lastStatus;
    }
    ParticipantIndex.Status status = index.status(id);
    List<ColumnSpec> cols = table.columns();
    LocalDate[] min = new LocalDate[cols.size()];
    LocalDate[] max = new LocalDate[cols.size()];
    if (status == ParticipantIndex.Status.ACCEPTED) {
      for (int i = 0; i < min.length; i++) {
        min[i] = participantLimit(index, id, cols.get(i).min());
        max[i] = participantLimit(index, id, cols.get(i).max());
      }
    }
    lastMinLimit = min;
    lastMaxLimit = max;
    lastIndex = index;
    lastIndexVersion = index.version();
    lastParticipant = id;
    lastStatus = status;
    return status;
  }

  private static LocalDate participantLimit(ParticipantIndex index, String id, Bound b) {
    if (b == null || !b.isReference() || b.scope() != Bound.Scope.PARTICIPANT) {
      return null;
    }
    LocalDate ref = index.date(id, b.column());
    return ref == null ? null : ref.plusDays(b.offsetDays());
  }

  private static List<Finding> add(List<Finding> findings, Finding f) {
    List<Finding> out = findings == NONE ? new ArrayList<>(2) : findings;
    out.add(f);
    return out;
  }

  /** How every marker the clinic tool sends in place of a value begins. */
  public static final String WITHHELD_PREFIX = "[withheld: ";

  /**
   * The marker the clinic tool sends in place of a value that breaks {@code rule}: {@code
   * [withheld: <rule id>]}.
   */
  public static String withheldMarker(Rule rule) {
    return WITHHELD_PREFIX + rule.id() + "]";
  }

  /**
   * The finding for a marker sent in place of a value: under the rule the marker names when it
   * names one ({@code [withheld: range]}), else under {@link Rule#TYPE} (such as {@code [withheld:
   * not a date]}).
   */
  private static Finding withheld(ColumnSpec c, String marker) {
    Rule rule = Rule.TYPE;
    if (marker.endsWith("]")) {
      String id = marker.substring(WITHHELD_PREFIX.length(), marker.length() - 1);
      for (Rule r : Rule.values()) {
        if (r.id().equals(id)) {
          rule = r;
        }
      }
    }
    return new Finding(
        c.name(),
        marker,
        rule,
        c.name() + " was withheld by the clinic (" + rule.id() + "): see the clinic's report");
  }

  /** Whether a cell is a missing value: empty, {@code NA} or {@code NaN}. */
  public static boolean isMissing(String s) {
    return s == null || s.isEmpty() || s.equals("NA") || s.equals("NaN") || s.isBlank();
  }

  /** Parses a value into {@code row}'s slot {@code i} (not yet marked present). */
  private void parse(int i, ColumnSpec c, String s, TypedRow row) {
    switch (c.type()) {
      case TEXT -> row.objects[i] = s;
      case INTEGER -> row.longs[i] = parseLong(s.strip());
      case NUMBER -> row.doubles[i] = parseNumber(s.strip());
      case DATE -> {
        LocalDate d = parseDate(s.strip());
        row.objects[i] = d;
        row.longs[i] = d.toEpochDay();
      }
      case CODE -> row.objects[i] = canonical(i, c, s.strip());
      default -> throw new IllegalStateException("unhandled type " + c.type());
    }
  }

  /** The canonical spelling of a code, or {@code null} when it is not an allowed value. */
  private String canonical(int i, ColumnSpec c, String s) {
    String hit = codeExact[i].get(s);
    if (hit == null && c.ignoreCase()) {
      hit = codeLookup[i].get(s.toLowerCase(Locale.ROOT));
    }
    return hit;
  }

  /**
   * Parses an ISO 8601 calendar date, {@code yyyy-MM-dd}, strictly: four-digit year, two-digit
   * month and day in ASCII digits, and a day that exists in that month (no {@code 2024-02-30}).
   *
   * @throws DateTimeParseException when the text is not such a date
   */
  public static LocalDate parseDate(String s) {
    if (s.length() != 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
      throw new DateTimeParseException("not yyyy-MM-dd", s, 0);
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 7);
    int day = digits(s, 8, 10);
    if (year < 0 || month < 0 || day < 0) {
      throw new DateTimeParseException("not yyyy-MM-dd", s, 0);
    }
    try {
      return LocalDate.of(year, month, day);
    } catch (java.time.DateTimeException e) {
      throw new DateTimeParseException("not a calendar date: " + e.getMessage(), s, 0, e);
    }
  }

  /** The ASCII digits from {@code from} to {@code to} as a number, or -1 if any is no digit. */
  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int k = from; k < to; k++) {
      char ch = s.charAt(k);
      if (ch < '0' || ch > '9') {
        return -1;
      }
      v = v * 10 + (ch - '0');
    }
    return v;
  }

  /** Powers of ten that a double holds exactly. */
  private static final double[] POWERS_OF_TEN = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15
  };

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
    double fast = parseShortDecimal(s);
    if (!Double.isNaN(fast)) {
      return fast;
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

  /**
   * The value of a plain decimal {@code [+-]digits[.digits]} of at most 15 digits, or NaN when the
   * text is anything else. Both the digits as a whole number and the power of ten are then exact
   * doubles, so one division gives the correctly rounded value, the same as {@link
   * Double#parseDouble}.
   */
  private static double parseShortDecimal(String s) {
    int n = s.length();
    int k = 0;
    char first = s.charAt(0);
    if (first == '-' || first == '+') {
      k = 1;
    }
    long mantissa = 0;
    int digitCount = 0;
    int scale = 0;
    boolean point = false;
    for (; k < n; k++) {
      char ch = s.charAt(k);
      if (ch >= '0' && ch <= '9') {
        if (++digitCount > 15) {
          return Double.NaN;
        }
        mantissa = mantissa * 10 + (ch - '0');
        if (point) {
          scale++;
        }
      } else if (ch == '.' && !point) {
        point = true;
      } else {
        return Double.NaN;
      }
    }
    if (digitCount == 0) {
      return Double.NaN;
    }
    double x = (double) mantissa / POWERS_OF_TEN[scale];
    return first == '-' ? -x : x;
  }

  private static long parseLong(String s) {
    // Long.parseLong also accepts '+' and non-ASCII digits (Devanagari, Arabic-Indic, ...).
    int n = s.length();
    int start = n > 1 && s.charAt(0) == '-' ? 1 : 0;
    long v = 0;
    for (int k = start; k < n; k++) {
      char ch = s.charAt(k);
      if (ch < '0' || ch > '9') {
        throw new NumberFormatException(s);
      }
      v = v * 10 + (ch - '0');
    }
    if (n - start > 18) {
      return Long.parseLong(s); // may overflow: let the JDK decide
    }
    return start == 1 ? -v : v;
  }

  private Finding checkFixed(int i, ColumnSpec c, String raw, TypedRow row) {
    String name = c.name();
    switch (c.type()) {
      case CODE -> {
        if (row.objects[i] == null) {
          return new Finding(
              name, raw, Rule.VALUES, name + " " + quote(raw) + " is not one of " + c.validText());
        }
        return null;
      }
      case INTEGER, NUMBER -> {
        double x = c.type() == ColumnType.INTEGER ? row.longs[i] : row.doubles[i];
        boolean tooLow = c.minExclusive() ? x <= low[i] : x < low[i];
        boolean tooHigh = c.maxExclusive() ? x >= high[i] : x > high[i];
        if (tooLow || tooHigh) {
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
        LocalDate d = row.date(i);
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
      TypedRow row,
      int rowRef,
      Bound b,
      boolean lower,
      LocalDate participantLimit) {
    if (b == null || !b.isReference()) {
      return null;
    }
    LocalDate limit;
    if (b.scope() == Bound.Scope.ROW) {
      LocalDate ref =
          rowRef >= 0 && row.present[rowRef] && row.objects[rowRef] instanceof LocalDate r
              ? r
              : null;
      limit = ref == null ? null : ref.plusDays(b.offsetDays());
    } else {
      limit = participantLimit;
    }
    if (limit == null) {
      return null;
    }
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
