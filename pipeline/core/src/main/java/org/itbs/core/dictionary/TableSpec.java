package org.itbs.core.dictionary;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One file of an export: its columns and the rules that span rows.
 *
 * @param format the dictionary's format name, e.g. {@code cef-1}
 * @param name table name, e.g. {@code gait_frames}
 * @param file file name inside an export, e.g. {@code gait_frames.csv}
 * @param required whether an export must contain the file (with its header)
 * @param description what one row is
 * @param participantColumn column that refers to a row of participants, or {@code null} for the
 *     participants table itself
 * @param uniqueKeys sets of columns whose combined values must be unique in the file
 * @param columns the columns in dictionary order
 */
public record TableSpec(
    String format,
    String name,
    String file,
    boolean required,
    String description,
    String participantColumn,
    List<List<String>> uniqueKeys,
    List<ColumnSpec> columns)
    implements java.io.Serializable {

  /** Checks the record's invariants. */
  public TableSpec {
    uniqueKeys = uniqueKeys.stream().map(List::copyOf).toList();
    columns = List.copyOf(columns);
    Map<String, ColumnSpec> byName = new LinkedHashMap<>();
    for (ColumnSpec c : columns) {
      if (byName.put(c.name(), c) != null) {
        throw new IllegalArgumentException(
            "Table " + name + " names column " + c.name() + " twice");
      }
    }
    for (List<String> key : uniqueKeys) {
      for (String k : key) {
        if (!byName.containsKey(k)) {
          throw new IllegalArgumentException(
              "Unique key of " + name + " names unknown column " + k);
        }
      }
    }
    if (participantColumn != null && !byName.containsKey(participantColumn)) {
      throw new IllegalArgumentException(
          "participantColumn of " + name + " names unknown column " + participantColumn);
    }
  }

  /** The column of that (case-insensitive, trimmed) name, if the table has it. */
  public Optional<ColumnSpec> column(String columnName) {
    String key = columnName.trim().toLowerCase(Locale.ROOT);
    return columns.stream().filter(c -> c.name().equals(key)).findFirst();
  }

  /** The position of the named column in {@link #columns()}, or -1. */
  public int indexOf(String columnName) {
    String key = columnName.trim().toLowerCase(Locale.ROOT);
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(key)) {
        return i;
      }
    }
    return -1;
  }

  /** Whether this is the table every other table refers to. */
  public boolean isParticipants() {
    return participantColumn == null;
  }
}
