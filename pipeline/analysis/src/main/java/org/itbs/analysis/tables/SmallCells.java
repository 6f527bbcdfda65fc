package org.itbs.analysis.tables;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The small-cell suppression rule of the analysis plan's reporting rules, for released tables.
 *
 * <p>A count of fewer than {@link #THRESHOLD} runners (zero included: the plan says "fewer than 5")
 * is shown as {@link #SUPPRESSED}. Any figure from which a suppressed count could be recomputed is
 * suppressed too: a percentage (or other figure) derived from a suppressed count, and a count whose
 * complement within a shown total ({@code total − count}) counts 1 to 4 runners. A complement of
 * zero does not suppress its count: the zero cell itself shows {@code <5}, and that its true value
 * is 0 identifies no one (otherwise every file without a quarantined row would hide its accepted
 * rows). Counts that stay inside the research environment (machine-readable outputs) are never
 * passed through this class.
 *
 * <p>The cells it makes ({@link #count(long)}, {@link #count(long, long)}, {@link #countPercent})
 * come from the {@link Release} in force ({@link Release#current()}): in a release report they are
 * rounded to the nearest 5 by the release rules; outside a report, or in an internal one, they
 * follow this class's rule. Call these, never {@code Long.toString} of a count, in a released
 * output.
 */
public final class SmallCells {
  /** The smallest count shown as it is. */
  public static final int THRESHOLD = 5;

  /** What a suppressed cell shows. */
  public static final String SUPPRESSED = "<5";

  private SmallCells() {}

  /** Whether a count must be suppressed: it is under {@link #THRESHOLD}. */
  public static boolean suppressed(long count) {
    return count < THRESHOLD;
  }

  /**
   * Whether a count must be suppressed when the total it is part of is shown: the count is under
   * {@link #THRESHOLD}, or its complement {@code total − count} counts 1 to {@code THRESHOLD − 1}
   * runners.
   *
   * @throws IllegalArgumentException when {@code count} is negative or exceeds {@code total}
   */
  public static boolean suppressed(long count, long total) {
    if (count < 0 || count > total) {
      throw new IllegalArgumentException(
          "count " + count + " is not between 0 and its total " + total);
    }
    long complement = total - count;
    return suppressed(count) || (complement > 0 && suppressed(complement));
  }

  /**
   * A count as a released cell: {@code "<5"} under the threshold, else the number (rounded to the
   * nearest 5 under a release report's rules, {@link Release#count(long)}).
   */
  public static String count(long count) {
    return Release.current().count(count);
  }

  /**
   * A count of a shown total as a released cell: {@code "<5"} when it or its complement is under
   * the threshold, else the number (rounded under a release report's rules, {@link
   * Release#count(long, long)}).
   */
  public static String count(long count, long total) {
    return Release.current().count(count, total);
  }

  /**
   * A count of a shown total as a released {@code "n (p%)"} cell, the percentage to one decimal;
   * {@code "<5"} (with no percentage) when the count or its complement is under the threshold.
   *
   * @throws IllegalArgumentException when {@code count} is negative or exceeds {@code total}
   */
  public static String countPercent(long count, long total) {
    suppressed(count, total);
    return Release.current().countPercent(count, total);
  }

  /**
   * Applies the rule to a table: every count column becomes a text column of released cells; where
   * a count has a total column, a count whose complement is under the threshold is suppressed too;
   * every derived column becomes text, its cell suppressed wherever the count it derives from is.
   *
   * @param table the table, left unchanged
   * @param countColumns numeric columns holding counts of runners (whole, non-negative numbers)
   * @param totals count column → the numeric column holding the total it is part of, for counts
   *     whose total is shown in the released table
   * @param derivedFrom derived column (such as a percentage) → the count column it derives from; a
   *     numeric derived column is shown to one decimal, a text one as it is
   * @return a copy of the table with those columns replaced, in their places
   * @throws IllegalArgumentException when a named column is missing, a count or total column is not
   *     numeric, a count is missing, negative, fractional or above its total, or a derived column
   *     derives from a column not listed as a count
   */
  public static Table apply(
      Table table,
      List<String> countColumns,
      Map<String, String> totals,
      Map<String, String> derivedFrom) {
    int rows = table.rowCount();
    Map<String, boolean[]> hidden = new java.util.HashMap<>();
    for (String name : countColumns) {
      NumericColumn<?> c = numeric(table, name);
      NumericColumn<?> total = totals.containsKey(name) ? numeric(table, totals.get(name)) : null;
      boolean[] h = new boolean[rows];
      for (int i = 0; i < rows; i++) {
        long n = whole(c, i);
        h[i] = total == null ? suppressed(n) : suppressed(n, whole(total, i));
      }
      hidden.put(name, h);
    }
    for (Map.Entry<String, String> e : derivedFrom.entrySet()) {
      if (!hidden.containsKey(e.getValue())) {
        throw new IllegalArgumentException(
            "derived column "
                + e.getKey()
                + " derives from "
                + e.getValue()
                + ", not a count column");
      }
      column(table, e.getKey());
    }
    Table out = table.copy();
    for (String name : countColumns) {
      NumericColumn<?> c = numeric(table, name);
      boolean[] h = hidden.get(name);
      StringColumn s = StringColumn.create(name);
      for (int i = 0; i < rows; i++) {
        s.append(h[i] ? SUPPRESSED : Long.toString(whole(c, i)));
      }
      out.replaceColumn(name, s);
    }
    for (Map.Entry<String, String> e : derivedFrom.entrySet()) {
      Column<?> d = column(table, e.getKey());
      boolean[] h = hidden.get(e.getValue());
      StringColumn s = StringColumn.create(e.getKey());
      for (int i = 0; i < rows; i++) {
        if (h[i]) {
          s.append(SUPPRESSED);
        } else if (d.isMissing(i)) {
          s.appendMissing();
        } else if (d instanceof NumericColumn<?> num) {
          s.append(String.format(Locale.ROOT, "%.1f", num.getDouble(i)));
        } else {
          s.append(String.valueOf(d.get(i)));
        }
      }
      out.replaceColumn(e.getKey(), s);
    }
    return out;
  }

  private static Column<?> column(Table table, String name) {
    if (!table.containsColumn(name)) {
      throw new IllegalArgumentException("table " + table.name() + " has no column " + name);
    }
    return table.column(name);
  }

  private static NumericColumn<?> numeric(Table table, String name) {
    if (column(table, name) instanceof NumericColumn<?> c) {
      return c;
    }
    throw new IllegalArgumentException("column " + name + " is not numeric");
  }

  private static long whole(NumericColumn<?> c, int row) {
    if (c.isMissing(row)) {
      throw new IllegalArgumentException("column " + c.name() + " has no count in row " + row);
    }
    double v = c.getDouble(row);
    if (v < 0 || v != Math.rint(v)) {
      throw new IllegalArgumentException(
          "column " + c.name() + " holds " + v + " in row " + row + ", not a count");
    }
    return (long) v;
  }
}
