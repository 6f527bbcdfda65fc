package org.itbs.stats;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/** Rows split by a group label, shared by {@link KaplanMeier} and {@link LogRank}. */
final class Groups {
  private Groups() {}

  /**
   * The row indices of each label, ascending within a label, keyed by label in {@link String}
   * order.
   *
   * @throws IllegalArgumentException when {@code group} is null, has a null label or its length is
   *     not {@code rows}
   */
  static SortedMap<String, int[]> rowsByLabel(String[] group, int rows) {
    if (group == null) {
      throw new IllegalArgumentException("group labels are null");
    }
    if (group.length != rows) {
      throw new IllegalArgumentException(
          "group has " + group.length + " labels for " + rows + " rows");
    }
    TreeMap<String, Integer> counts = new TreeMap<>();
    for (int i = 0; i < rows; i++) {
      if (group[i] == null) {
        throw new IllegalArgumentException(
            "group label of row " + i + " is null; leave rows without a group out first");
      }
      counts.merge(group[i], 1, Integer::sum);
    }
    TreeMap<String, int[]> out = new TreeMap<>();
    TreeMap<String, Integer> filled = new TreeMap<>();
    for (var e : counts.entrySet()) {
      out.put(e.getKey(), new int[e.getValue()]);
      filled.put(e.getKey(), 0);
    }
    for (int i = 0; i < rows; i++) {
      int k = filled.merge(group[i], 1, Integer::sum) - 1;
      out.get(group[i])[k] = i;
    }
    return Collections.unmodifiableSortedMap(out);
  }
}
