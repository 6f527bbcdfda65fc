package org.itbs.analysis.tables;

import tech.tablesaw.api.Table;

/** A released table as a GitHub-flavoured Markdown pipe table. */
public final class Markdown {
  private Markdown() {}

  /**
   * The table as Markdown: a pipe table with a header row, a missing cell empty, {@code |} and line
   * breaks in cells escaped so every row stays one line.
   *
   * @return the Markdown text, ending with a line break
   */
  public static String of(Table table) {
    StringBuilder sb = new StringBuilder("|");
    for (String name : table.columnNames()) {
      sb.append(' ').append(cell(name)).append(" |");
    }
    sb.append("\n|");
    for (int c = 0; c < table.columnCount(); c++) {
      sb.append(" --- |");
    }
    sb.append('\n');
    for (int r = 0; r < table.rowCount(); r++) {
      sb.append('|');
      for (int c = 0; c < table.columnCount(); c++) {
        sb.append(' ')
            .append(table.column(c).isMissing(r) ? "" : cell(table.getString(r, c)))
            .append(" |");
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static String cell(String s) {
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ");
  }
}
