package org.itbs.core.csv;

import java.util.regex.Pattern;

/**
 * Cells of the CSV files the project writes for people to open in a spreadsheet (the quarantine
 * export, the report's tables, the clinic report). A cell that starts with {@code =}, {@code +},
 * {@code -}, {@code @}, a tab or a carriage return would be taken for a formula by a spreadsheet
 * (CSV injection, OWASP): it is written with a single quote in front, so that it shows as text. A
 * number ({@code -1.5}, {@code +2}, {@code -3e-4}) is left as it is.
 */
public final class CsvCells {
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?|[+-]?(Infinity|NaN)");

  private CsvCells() {}

  /**
   * The cell as a spreadsheet should show it: {@code s} with a single quote in front when it starts
   * like a formula and is not a number, else {@code s} itself.
   *
   * @param s the cell's text, or {@code null} (returned as is)
   * @return the text to write (then quoted as CSV needs)
   */
  public static String neutralise(String s) {
    if (s == null || s.isEmpty()) {
      return s;
    }
    char c = s.charAt(0);
    boolean risky = c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    if (!risky || NUMBER.matcher(s).matches()) {
      return s;
    }
    return "'" + s;
  }
}
