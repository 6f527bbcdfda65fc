package org.itbs.synth;

import java.util.List;
import java.util.Set;
import org.itbs.core.dictionary.ColumnSpec;
import org.itbs.core.dictionary.TableSpec;

/**
 * Maps a table's columns, in the dictionary's order, to the fields a writer knows, so header and
 * row order always come from the data dictionary.
 */
final class Columns {
  private final List<ColumnSpec> cols;
  private final int[] fieldAt;
  private final String[] names;

  /**
   * @param fields the column names the writer fills, its field ids being their positions here
   * @throws IllegalStateException when the dictionary and the writer disagree on the columns
   */
  Columns(TableSpec table, String... fields) {
    this(table, Set.of(), fields);
  }

  /**
   * @param leftOut optional dictionary columns the writer does not write (no header field either),
   *     e.g. gait_frames.frame_rate_hz, whose empty value means 200 Hz
   * @param fields the column names the writer fills, its field ids being their positions here
   * @throws IllegalStateException when the dictionary and the writer disagree on the columns, or a
   *     column left out is required
   */
  Columns(TableSpec table, Set<String> leftOut, String... fields) {
    List<ColumnSpec> kept = new java.util.ArrayList<>();
    for (ColumnSpec c : table.columns()) {
      if (!leftOut.contains(c.name())) {
        kept.add(c);
      } else if (c.required()) {
        throw new IllegalStateException(
            "generator leaves out " + table.name() + "." + c.name() + ", which is required");
      }
    }
    this.cols = List.copyOf(kept);
    if (cols.size() != fields.length) {
      throw new IllegalStateException(
          "generator writes "
              + fields.length
              + " columns of "
              + table.name()
              + ", dictionary has "
              + cols.size()
              + (leftOut.isEmpty() ? "" : " besides " + leftOut));
    }
    fieldAt = new int[cols.size()];
    names = new String[cols.size()];
    for (int i = 0; i < cols.size(); i++) {
      String name = cols.get(i).name();
      names[i] = name;
      fieldAt[i] = -1;
      for (int f = 0; f < fields.length; f++) {
        if (fields[f].equals(name)) {
          fieldAt[i] = f;
        }
      }
      if (fieldAt[i] < 0) {
        throw new IllegalStateException(
            "dictionary column " + table.name() + "." + name + " is unknown to the generator");
      }
    }
  }

  /** Number of columns. */
  int size() {
    return fieldAt.length;
  }

  /** The writer's field id of the column at dictionary position {@code i}. */
  int field(int i) {
    return fieldAt[i];
  }

  /** The header, in dictionary order. */
  String[] header() {
    return names.clone();
  }

  /** The dictionary's spec of a field (by the writer's field id). */
  ColumnSpec spec(int field) {
    for (int i = 0; i < fieldAt.length; i++) {
      if (fieldAt[i] == field) {
        return cols.get(i);
      }
    }
    throw new IllegalArgumentException("no field " + field);
  }

  /** The column name of a field. */
  String name(int field) {
    return spec(field).name();
  }
}
