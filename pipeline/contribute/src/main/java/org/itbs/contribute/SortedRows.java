package org.itbs.contribute;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.itbs.core.csv.CsvWriter;
import org.itbs.core.dictionary.ColumnSpec;
import org.itbs.core.dictionary.ColumnType;
import org.itbs.core.dictionary.TableSpec;
import org.itbs.core.validate.RowValidator;

/**
 * The rows of one submission file, written in an order that depends on their values alone, so that
 * neither the export's row order nor its line numbers reach the centre: by pseudonym, then by the
 * columns of the table's first unique key (dictionary order; integers and numbers compared as
 * numbers, dates and codes as written, a value that does not parse after every one that does), then
 * by every other column as text. Rows equal in every column are identical, so the order is total.
 *
 * <p>Rows are held in memory until {@link #writeTo}: a clinic's file of a few hundred thousand rows
 * needs some hundred megabytes of heap.
 */
final class SortedRows {
  private record Row(String[] values, long exportLine) {}

  private final List<Row> rows = new ArrayList<>();
  private final Comparator<String[]> order;

  /**
   * @param table the submission table
   * @param names the submission file's columns, in file order
   */
  SortedRows(TableSpec table, String[] names) {
    List<Integer> first = new ArrayList<>();
    String id = table.participantColumn() != null ? table.participantColumn() : "participant_id";
    addColumn(first, names, id);
    if (!table.uniqueKeys().isEmpty()) {
      for (String k : table.uniqueKeys().get(0)) {
        addColumn(first, names, k);
      }
    }
    Comparator<String[]> c = (a, b) -> 0;
    for (int i : first) {
      ColumnType type = table.column(names[i]).map(ColumnSpec::type).orElse(ColumnType.TEXT);
      c = c.thenComparing(typed(i, type));
    }
    for (int i = 0; i < names.length; i++) {
      if (!first.contains(i)) {
        int k = i;
        c = c.thenComparing(v -> v[k], Comparator.nullsFirst(Comparator.naturalOrder()));
      }
    }
    this.order = c;
  }

  private static void addColumn(List<Integer> into, String[] names, String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name) && !into.contains(i)) {
        into.add(i);
      }
    }
  }

  private static Comparator<String[]> typed(int i, ColumnType type) {
    if (type != ColumnType.INTEGER && type != ColumnType.NUMBER) {
      return Comparator.comparing(v -> v[i], Comparator.nullsFirst(Comparator.naturalOrder()));
    }
    return (a, b) -> {
      double x = number(a[i]);
      double y = number(b[i]);
      if (Double.isNaN(x) || Double.isNaN(y)) {
        if (!Double.isNaN(x)) {
          return -1;
        }
        if (!Double.isNaN(y)) {
          return 1;
        }
        return Comparator.<String>nullsFirst(Comparator.naturalOrder()).compare(a[i], b[i]);
      }
      int r = Double.compare(x, y);
      return r != 0 ? r : a[i].compareTo(b[i]);
    };
  }

  private static double number(String s) {
    if (RowValidator.isMissing(s)) {
      return Double.NaN;
    }
    try {
      return RowValidator.parseNumber(s.strip());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** Keeps one row (the array is kept, not copied) and the export line it came from. */
  void add(String[] values, long exportLine) {
    rows.add(new Row(values, exportLine));
  }

  /**
   * Writes the rows in order and forgets them.
   *
   * @return per row written, in order: {@code [i][0]} its line in the submission file, {@code
   *     [i][1]} its line in the export
   */
  long[][] writeTo(CsvWriter sink) {
    rows.sort((a, b) -> order.compare(a.values(), b.values()));
    long[][] lines = new long[rows.size()][];
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      lines[i] = new long[] {sink.nextLine(), r.exportLine()};
      sink.row(r.values(), r.values().length);
      rows.set(i, null);
    }
    rows.clear();
    return lines;
  }
}
