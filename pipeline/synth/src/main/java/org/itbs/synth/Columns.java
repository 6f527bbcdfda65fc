package org.itbs.synth;

import java.util.List;
import org.itbs.core.dictionary.ColumnSpec;
import org.itbs.core.dictionary.TableSpec;

/**
 * Maps a table's columns, in the dictionary's order, to the fields a writer knows, so header and
 * row order always come from the data dictionary.
 */
final class Columns {
  private final TableSpec table;
  private final int[] fieldAt;
  private final String[] names;

  /**
   * @param fields the column names the writer fills, its field ids being their positions here
   * @throws IllegalStateException when the dictionary and the writer disagree on the columns
   */
  Columns(TableSpec table, String... fields) {
    this.table = table;
    List<ColumnSpec> cols = table.columns();
    if (cols.size() != fields.length) {
      throw new IllegalStateException(
          "generator writes "
              + fields.length
              + " columns of "
              + table.name()
              + ", dictionary has "
              + cols.size());
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
        return table.columns().get(i);
      }
    }
    throw new IllegalArgumentException("no field " + field);
  }

  /** The column name of a field. */
  String name(int field) {
    return spec(field).name();
  }
}
