package org.itbs.stats;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The design matrix of a generalised linear model with an intercept: the covariates of {@code n}
 * rows, checked, and kept centred on their means and scaled by their root mean squares about them,
 * so that normal equations stay well conditioned whatever the units (a covariate in kilometres per
 * year beside a 0/1 one). Fits work on the scaled coefficients {@code γ} and report them in the
 * units given ({@link #toOriginal}, {@link #varianceToOriginal}); the fit, the likelihood and every
 * test are the same in either parametrisation.
 */
final class Design {
  final int n;
  final int p; // covariates, without the intercept
  final int q; // p + 1 columns: intercept first
  final List<String> names;
  private final double[] mean;
  private final double[] scale;
  private final double[] z; // row-major n × q: 1, then (x - mean) / scale

  private Design(List<String> names, int n, double[] mean, double[] scale, double[] z) {
    this.names = names;
    this.n = n;
    this.p = names.size();
    this.q = p + 1;
    this.mean = mean;
    this.scale = scale;
    this.z = z;
  }

  /**
   * Checks and scales covariates given row by row.
   *
   * @param names one term name per column, unique and not blank
   * @param x {@code x[i][j]} is the value of {@code names.get(j)} in row {@code i}; all finite
   * @param model what the message calls the model, e.g. "a logistic model"
   * @throws IllegalArgumentException when an argument is null, a name is blank or repeated, a row
   *     has the wrong length or a non-finite value, there are not more rows than coefficients, or a
   *     covariate is constant or collinear with the covariates before it (the intercept included)
   */
  static Design of(List<String> names, double[][] x, String model) {
    if (names == null) {
      throw new IllegalArgumentException("term names are null");
    }
    if (x == null) {
      throw new IllegalArgumentException("covariate rows x are null");
    }
    int p = names.size();
    if (p == 0) {
      throw new IllegalArgumentException(model + " needs at least one covariate; none given");
    }
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException(
            "a covariate needs a non-blank name, got '" + name + "'");
      }
      if (!seen.add(name)) {
        throw new IllegalArgumentException("covariate " + name + " is named twice");
      }
    }
    int n = x.length;
    if (n <= p + 1) {
      throw new IllegalArgumentException(
          model
              + " with "
              + (p + 1)
              + " coefficients (intercept included) needs more rows than that; got "
              + n);
    }
    double[] mean = new double[p];
    for (int i = 0; i < n; i++) {
      double[] row = x[i];
      if (row == null || row.length != p) {
        throw new IllegalArgumentException(
            "row "
                + i
                + " has "
                + (row == null ? "no" : String.valueOf(row.length))
                + " values for the "
                + p
                + " covariates "
                + names);
      }
      for (int j = 0; j < p; j++) {
        if (!Double.isFinite(row[j])) {
          throw new IllegalArgumentException(
              "covariate "
                  + names.get(j)
                  + " row "
                  + i
                  + " is "
                  + row[j]
                  + "; leave incomplete rows out before fitting (complete-case analysis)");
        }
        mean[j] += row[j];
      }
    }
    for (int j = 0; j < p; j++) {
      mean[j] /= n;
    }
    double[] scale = new double[p];
    for (double[] row : x) {
      for (int j = 0; j < p; j++) {
        double d = row[j] - mean[j];
        scale[j] += d * d;
      }
    }
    for (int j = 0; j < p; j++) {
      scale[j] = Math.sqrt(scale[j] / n);
      if (!(scale[j] > 0)) {
        throw new IllegalArgumentException(
            "covariate "
                + names.get(j)
                + " is constant ("
                + x[0][j]
                + ") over the "
                + n
                + " rows; it cannot be estimated beside the intercept");
      }
    }
    int q = p + 1;
    double[] z = new double[n * q];
    for (int i = 0; i < n; i++) {
      int o = i * q;
      z[o] = 1;
      for (int j = 0; j < p; j++) {
        z[o + 1 + j] = (x[i][j] - mean[j]) / scale[j];
      }
    }
    Design d = new Design(List.copyOf(names), n, mean, scale, z);
    // the scaled columns have unit mean square and are orthogonal to the intercept: their cross
    // products form a correlation matrix, so a relative pivot tolerance means the same for all
    double[] w = new double[n];
    Arrays.fill(w, 1);
    Cholesky chol = Cholesky.ofPacked(d.packedInformation(w), q);
    if (!chol.fullRank()) {
      throw new IllegalArgumentException(
          "covariate "
              + names.get(chol.firstSingular() - 1)
              + " is collinear with the intercept and the covariates before it over the "
              + n
              + " rows; the model cannot separate their effects");
    }
    return d;
  }

  /** {@code Zγ} (plus {@code offset} when it is not null), per row. */
  double[] linearPredictor(double[] gamma, double[] offset) {
    double[] eta = new double[n];
    for (int i = 0; i < n; i++) {
      int o = i * q;
      double s = offset == null ? 0 : offset[i];
      for (int j = 0; j < q; j++) {
        s += z[o + j] * gamma[j];
      }
      eta[i] = s;
    }
    return eta;
  }

  /** The linear predictor of coefficients in the units given (intercept first), per row. */
  double[] linearPredictorOfOriginal(double[] beta, double[] offset) {
    return linearPredictor(toScaled(beta), offset);
  }

  /** {@code Z' diag(w) Z} as a packed lower triangle (row {@code i} at offset {@code i(i+1)/2}). */
  double[] packedInformation(double[] w) {
    double[] info = new double[q * (q + 1) / 2];
    for (int r = 0; r < n; r++) {
      int o = r * q;
      double wr = w[r];
      for (int i = 0, k = 0; i < q; i++) {
        double zi = z[o + i] * wr;
        for (int j = 0; j <= i; j++) {
          info[k++] += zi * z[o + j];
        }
      }
    }
    return info;
  }

  /** {@code Z' v}. */
  double[] crossProduct(double[] v) {
    double[] s = new double[q];
    for (int r = 0; r < n; r++) {
      int o = r * q;
      for (int j = 0; j < q; j++) {
        s[j] += z[o + j] * v[r];
      }
    }
    return s;
  }

  /** Coefficients in the units given (intercept first) from scaled ones. */
  double[] toOriginal(double[] gamma) {
    double[] beta = new double[q];
    beta[0] = gamma[0];
    for (int j = 0; j < p; j++) {
      beta[j + 1] = gamma[j + 1] / scale[j];
      beta[0] -= beta[j + 1] * mean[j];
    }
    return beta;
  }

  /** Scaled coefficients from coefficients in the units given (intercept first). */
  double[] toScaled(double[] beta) {
    double[] gamma = new double[q];
    gamma[0] = beta[0];
    for (int j = 0; j < p; j++) {
      gamma[j + 1] = beta[j + 1] * scale[j];
      gamma[0] += beta[j + 1] * mean[j];
    }
    return gamma;
  }

  /** {@code A V A'}, where {@code β = A γ} ({@link #toOriginal}). */
  double[][] varianceToOriginal(double[][] v) {
    double[][] a = new double[q][q];
    a[0][0] = 1;
    for (int j = 0; j < p; j++) {
      a[j + 1][j + 1] = 1 / scale[j];
      a[0][j + 1] = -mean[j] / scale[j];
    }
    double[][] av = new double[q][q];
    for (int i = 0; i < q; i++) {
      for (int k = 0; k < q; k++) {
        double s = 0;
        for (int m = 0; m < q; m++) {
          s += a[i][m] * v[m][k];
        }
        av[i][k] = s;
      }
    }
    double[][] out = new double[q][q];
    for (int i = 0; i < q; i++) {
      for (int k = 0; k <= i; k++) {
        double s = 0;
        for (int m = 0; m < q; m++) {
          s += av[i][m] * a[k][m];
        }
        out[i][k] = s;
        out[k][i] = s;
      }
    }
    return out;
  }
}
