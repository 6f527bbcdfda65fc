package org.itbs.stats;

/**
 * The mean and sample standard deviation ({@code n - 1}) of a covariate over the rows of one model,
 * and the standardisation {@code (v - mean) / sd} they define: the plan states every continuous
 * effect per one SD over the runners in <em>that</em> model. Keep it beside the fit to say what one
 * SD is in natural units.
 *
 * @param mean the mean over the rows, in the covariate's units
 * @param sd the sample standard deviation over the rows (divisor {@code n - 1}), in the covariate's
 *     units; positive
 */
public record Standardisation(double mean, double sd) {
  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException when the mean is not finite or the SD is not positive and
   *     finite
   */
  public Standardisation {
    if (!Double.isFinite(mean)) {
      throw new IllegalArgumentException("mean " + mean + " is not finite");
    }
    if (!(sd > 0) || !Double.isFinite(sd)) {
      throw new IllegalArgumentException("sd " + sd + " is not positive and finite");
    }
  }

  /**
   * The mean and sample SD of the values (two passes: the mean, then the squares about it).
   *
   * @throws IllegalArgumentException when the values are null, fewer than 2, not all finite, or all
   *     equal (no SD to divide by)
   */
  public static Standardisation of(double[] values) {
    if (values == null) {
      throw new IllegalArgumentException("values are null");
    }
    int n = values.length;
    if (n < 2) {
      throw new IllegalArgumentException(
          "a sample SD needs at least 2 values; got " + n + " (the model has too few rows)");
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(
            "value " + i + " is " + values[i] + "; standardise over complete rows only");
      }
      sum += values[i];
    }
    double mean = sum / n;
    double ss = 0;
    for (double v : values) {
      ss += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(ss / (n - 1));
    if (!(sd > 0)) {
      throw new IllegalArgumentException(
          "all " + n + " values are " + values[0] + "; a constant cannot be standardised");
    }
    return new Standardisation(mean, sd);
  }

  /**
   * The mean and sample SD of one column of row-major data.
   *
   * @param x {@code x[i][column]} is the value of row {@code i}
   * @throws IllegalArgumentException as {@link #of(double[])}, or when the column is outside a row
   */
  public static Standardisation ofColumn(double[][] x, int column) {
    return of(column(x, column));
  }

  /** {@code (value - mean) / sd}: the value in SDs from the mean. */
  public double apply(double value) {
    return (value - mean) / sd;
  }

  /** Every value standardised, in a new array. */
  public double[] apply(double[] values) {
    if (values == null) {
      throw new IllegalArgumentException("values are null");
    }
    double[] z = new double[values.length];
    for (int i = 0; i < z.length; i++) {
      z[i] = apply(values[i]);
    }
    return z;
  }

  /**
   * A copy of row-major data with the given columns standardised over its rows, each by its own
   * mean and sample SD; other columns (e.g. 0/1 covariates) are copied unchanged.
   *
   * @param x {@code x[i][j]} is the value of column {@code j} in row {@code i}
   * @param columns the indices of the columns to standardise
   * @throws IllegalArgumentException as {@link #ofColumn} for any of the columns
   */
  public static double[][] standardiseColumns(double[][] x, int... columns) {
    if (x == null) {
      throw new IllegalArgumentException("rows x are null");
    }
    double[][] out = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      if (x[i] == null) {
        throw new IllegalArgumentException("row " + i + " is null");
      }
      out[i] = x[i].clone();
    }
    for (int j : columns) {
      Standardisation s = ofColumn(x, j);
      for (double[] row : out) {
        row[j] = s.apply(row[j]);
      }
    }
    return out;
  }

  private static double[] column(double[][] x, int j) {
    if (x == null) {
      throw new IllegalArgumentException("rows x are null");
    }
    double[] c = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      if (x[i] == null || j < 0 || j >= x[i].length) {
        throw new IllegalArgumentException(
            "column " + j + " is outside row " + i + (x[i] == null ? " (null)" : ""));
      }
      c[i] = x[i][j];
    }
    return c;
  }
}
