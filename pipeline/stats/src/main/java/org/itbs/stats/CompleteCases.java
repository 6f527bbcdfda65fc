package org.itbs.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plan's complete-case rule for one model: a row lacking any of the model's columns is left
 * out, and the report says how many were left out and why. Missing values are {@code NaN}.
 *
 * <pre>{@code
 * CompleteCases cc = CompleteCases.of(List.of("hip_abd", "km_week"), x);
 * double[][] kept = cc.select(x);          // the rows the model uses
 * cc.missingCounts();                      // {hip_abd=3, km_week=12}
 * cc.leftOut().get(0);                     // LeftOut[row=17, missing=[km_week]]
 * }</pre>
 *
 * <p>Immutable; rows keep their order.
 */
public final class CompleteCases {
  /**
   * One row left out.
   *
   * @param row the row's index in the data given
   * @param missing the names of the columns it lacks, in column order
   */
  public record LeftOut(int row, List<String> missing) {
    /** Copies the list. */
    public LeftOut {
      missing = List.copyOf(missing);
    }
  }

  private final int rows;
  private final List<String> names;
  private final int[] kept;
  private final List<LeftOut> leftOut;

  private CompleteCases(List<String> names, int rows, int[] kept, List<LeftOut> leftOut) {
    this.names = names;
    this.rows = rows;
    this.kept = kept;
    this.leftOut = leftOut;
  }

  /**
   * Selects the complete rows of row-major data.
   *
   * @param names the column names (covariates, and outcome columns when they can be missing)
   * @param x {@code x[i][j]} is the value of {@code names.get(j)} in row {@code i}; {@code NaN}
   *     marks a missing value
   * @throws IllegalArgumentException when an argument or a name is null, a row's length is not the
   *     number of names, or a value is infinite (infinity is an error, not a missing value)
   */
  public static CompleteCases of(List<String> names, double[][] x) {
    if (names == null) {
      throw new IllegalArgumentException("column names are null");
    }
    if (x == null) {
      throw new IllegalArgumentException("rows x are null");
    }
    for (String name : names) {
      if (name == null) {
        throw new IllegalArgumentException("a column name is null: " + names);
      }
    }
    List<String> n = List.copyOf(names);
    int p = n.size();
    int[] keep = new int[x.length];
    int k = 0;
    List<LeftOut> out = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      double[] row = x[i];
      if (row == null || row.length != p) {
        throw new IllegalArgumentException(
            "row "
                + i
                + " has "
                + (row == null ? "no" : String.valueOf(row.length))
                + " values for the "
                + p
                + " columns "
                + n);
      }
      List<String> missing = null;
      for (int j = 0; j < p; j++) {
        if (Double.isNaN(row[j])) {
          if (missing == null) {
            missing = new ArrayList<>();
          }
          missing.add(n.get(j));
        } else if (Double.isInfinite(row[j])) {
          throw new IllegalArgumentException(
              "column " + n.get(j) + " row " + i + " is " + row[j] + "; NaN marks a missing value");
        }
      }
      if (missing == null) {
        keep[k++] = i;
      } else {
        out.add(new LeftOut(i, missing));
      }
    }
    return new CompleteCases(
        n, x.length, Arrays.copyOf(keep, k), Collections.unmodifiableList(out));
  }

  /** The number of rows given. */
  public int rows() {
    return rows;
  }

  /** The indices of the complete rows, ascending; a copy. */
  public int[] keptRows() {
    return kept.clone();
  }

  /** The number of complete rows. */
  public int keptCount() {
    return kept.length;
  }

  /** The rows left out, in row order, each with the columns it lacks. */
  public List<LeftOut> leftOut() {
    return leftOut;
  }

  /**
   * Per column, in column order, how many rows lack it (every column listed, 0 included). A row
   * lacking two columns counts under both, so the counts can add up to more than {@code
   * leftOut().size()}.
   */
  public Map<String, Integer> missingCounts() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String name : names) {
      counts.put(name, 0);
    }
    for (LeftOut r : leftOut) {
      for (String m : r.missing()) {
        counts.merge(m, 1, Integer::sum);
      }
    }
    return Collections.unmodifiableMap(counts);
  }

  /**
   * How many rows were left out for each combination of missing columns (e.g. {@code [peak_hip_add,
   * peak_pelvic_drop]} for runners without a gait session), most frequent first, ties in order of
   * first appearance. The counts add up to {@code leftOut().size()}.
   */
  public Map<List<String>, Integer> missingPatterns() {
    Map<List<String>, Integer> counts = new LinkedHashMap<>();
    for (LeftOut r : leftOut) {
      counts.merge(r.missing(), 1, Integer::sum);
    }
    List<Map.Entry<List<String>, Integer>> entries = new ArrayList<>(counts.entrySet());
    entries.sort((a, b) -> Integer.compare(b.getValue(), a.getValue())); // stable
    Map<List<String>, Integer> sorted = new LinkedHashMap<>();
    for (Map.Entry<List<String>, Integer> e : entries) {
      sorted.put(e.getKey(), e.getValue());
    }
    return Collections.unmodifiableMap(sorted);
  }

  /**
   * The complete rows of row-major data of the same rows (copies of the row arrays).
   *
   * @throws IllegalArgumentException when {@code x} does not have {@link #rows()} rows
   */
  public double[][] select(double[][] x) {
    checkRows(x == null ? -1 : x.length);
    double[][] out = new double[kept.length][];
    for (int k = 0; k < kept.length; k++) {
      out[k] = x[kept[k]].clone();
    }
    return out;
  }

  /**
   * The values of the complete rows.
   *
   * @throws IllegalArgumentException when {@code v} does not have {@link #rows()} values
   */
  public double[] select(double[] v) {
    checkRows(v == null ? -1 : v.length);
    double[] out = new double[kept.length];
    for (int k = 0; k < kept.length; k++) {
      out[k] = v[kept[k]];
    }
    return out;
  }

  /**
   * The values of the complete rows.
   *
   * @throws IllegalArgumentException when {@code v} does not have {@link #rows()} values
   */
  public int[] select(int[] v) {
    checkRows(v == null ? -1 : v.length);
    int[] out = new int[kept.length];
    for (int k = 0; k < kept.length; k++) {
      out[k] = v[kept[k]];
    }
    return out;
  }

  /**
   * The values of the complete rows (e.g. runner ids).
   *
   * @throws IllegalArgumentException when {@code v} does not have {@link #rows()} values
   */
  public <T> List<T> select(List<T> v) {
    checkRows(v == null ? -1 : v.size());
    List<T> out = new ArrayList<>(kept.length);
    for (int i : kept) {
      out.add(v.get(i));
    }
    return Collections.unmodifiableList(out);
  }

  private void checkRows(int length) {
    if (length != rows) {
      throw new IllegalArgumentException(
          (length < 0 ? "no" : String.valueOf(length))
              + " values given for the "
              + rows
              + " rows the selection was made over");
    }
  }
}
