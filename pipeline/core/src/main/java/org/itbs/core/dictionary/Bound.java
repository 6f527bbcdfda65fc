package org.itbs.core.dictionary;

import java.time.LocalDate;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lower or upper limit of a column's valid values, as written in the dictionary: a number ({@code
 * 120}), a date ({@code "1920-01-01"}), or a date of the same row or of the runner's participant
 * row, optionally offset by whole days ({@code "participant.enrolment_date - 30"}).
 */
public final class Bound implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** Where a referenced date is looked up. */
  public enum Scope {
    /** Another column of the same row. */
    ROW,
    /** A column of the runner's row in participants.csv. */
    PARTICIPANT
  }

  private static final Pattern REFERENCE =
      Pattern.compile("\\s*(row|participant)\\.([a-z_]+)\\s*(?:([+-])\\s*(\\d+))?\\s*");

  private final Double number;
  private final LocalDate date;
  private final Scope scope;
  private final String column;
  private final int offsetDays;
  private final String text;

  private Bound(
      Double number, LocalDate date, Scope scope, String column, int offsetDays, String text) {
    this.number = number;
    this.date = date;
    this.scope = scope;
    this.column = column;
    this.offsetDays = offsetDays;
    this.text = text;
  }

  /** A numeric limit. */
  public static Bound ofNumber(double value) {
    return new Bound(value, null, null, null, 0, formatNumber(value));
  }

  /**
   * Parses a textual limit: an ISO date, or {@code row.<column> [± days]}, or {@code
   * participant.<column> [± days]}.
   *
   * @throws IllegalArgumentException when the text is neither
   */
  public static Bound parse(String text) {
    Matcher m = REFERENCE.matcher(text);
    if (m.matches()) {
      Scope scope = Scope.valueOf(m.group(1).toUpperCase(Locale.ROOT));
      int offset = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
      if ("-".equals(m.group(3))) {
        offset = -offset;
      }
      return new Bound(null, null, scope, m.group(2), offset, text.trim());
    }
    try {
      return new Bound(null, LocalDate.parse(text.trim()), null, null, 0, text.trim());
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(
          "Bound must be a number, an ISO date or row./participant.<column> [± days]: " + text, e);
    }
  }

  /** Whether this limit is a number. */
  public boolean isNumber() {
    return number != null;
  }

  /** Whether this limit is a fixed date. */
  public boolean isDate() {
    return date != null;
  }

  /** Whether this limit refers to another date column. */
  public boolean isReference() {
    return scope != null;
  }

  /** The numeric limit; only when {@link #isNumber()}. */
  public double number() {
    return number;
  }

  /** The fixed date; only when {@link #isDate()}. */
  public LocalDate date() {
    return date;
  }

  /** Where the referenced column is; only when {@link #isReference()}. */
  public Scope scope() {
    return scope;
  }

  /** The referenced column; only when {@link #isReference()}. */
  public String column() {
    return column;
  }

  /** Days added to the referenced date (negative: earlier). */
  public int offsetDays() {
    return offsetDays;
  }

  /** A copy of this reference limit with another scope (used when a table refers to itself). */
  Bound withScope(Scope newScope) {
    return new Bound(number, date, newScope, column, offsetDays, text);
  }

  /** The limit as written in the dictionary. */
  @Override
  public String toString() {
    return text;
  }

  static String formatNumber(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }
}
