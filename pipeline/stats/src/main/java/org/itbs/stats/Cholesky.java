package org.itbs.stats;

/**
 * The {@code LDL'} decomposition of a symmetric positive (semi-)definite matrix, as R's {@code
 * survival} package computes it ({@code cholesky2}): a pivot below {@code tolerance} times the
 * largest diagonal element marks its column as singular.
 */
final class Cholesky {
  /** R's {@code coxph.control()$toler.chol}: {@code .Machine$double.eps^0.75}. */
  static final double TOLERANCE = Math.pow(Math.ulp(1.0), 0.75);

  private final int p;
  private final double[][] m; // lower triangle: L below the diagonal, D on it
  private final int firstSingular;

  private Cholesky(int p, double[][] m, int firstSingular) {
    this.p = p;
    this.m = m;
    this.firstSingular = firstSingular;
  }

  /**
   * Decomposes a symmetric matrix given by its packed lower triangle (row {@code i} holds columns
   * {@code 0 … i} at offset {@code i(i+1)/2}).
   */
  static Cholesky ofPacked(double[] packed, int p) {
    double[][] m = new double[p][p];
    for (int i = 0, o = 0; i < p; i++) {
      for (int j = 0; j <= i; j++) {
        m[i][j] = packed[o++];
      }
    }
    double eps = 0;
    for (int i = 0; i < p; i++) {
      if (m[i][i] > eps) {
        eps = m[i][i];
      }
    }
    eps = eps == 0 ? TOLERANCE : eps * TOLERANCE;
    int firstSingular = -1;
    for (int i = 0; i < p; i++) {
      double pivot = m[i][i];
      if (!Double.isFinite(pivot) || pivot < eps) {
        m[i][i] = 0;
        if (firstSingular < 0) {
          firstSingular = i;
        }
        continue;
      }
      for (int j = i + 1; j < p; j++) {
        double t = m[j][i] / pivot;
        m[j][i] = t;
        m[j][j] -= t * t * pivot;
        for (int k = j + 1; k < p; k++) {
          m[k][j] -= t * m[k][i];
        }
      }
    }
    return new Cholesky(p, m, firstSingular);
  }

  /** Whether every pivot passed the tolerance. */
  boolean fullRank() {
    return firstSingular < 0;
  }

  /** The first column whose pivot failed, or -1 when none did. */
  int firstSingular() {
    return firstSingular;
  }

  /** The solution {@code x} of {@code A x = b}; singular columns get 0. */
  double[] solve(double[] b) {
    double[] y = b.clone();
    for (int i = 0; i < p; i++) {
      double s = y[i];
      for (int j = 0; j < i; j++) {
        s -= m[i][j] * y[j];
      }
      y[i] = s;
    }
    for (int i = 0; i < p; i++) {
      y[i] = m[i][i] == 0 ? 0 : y[i] / m[i][i];
    }
    for (int i = p - 1; i >= 0; i--) {
      double s = y[i];
      for (int j = i + 1; j < p; j++) {
        s -= m[j][i] * y[j];
      }
      y[i] = s;
    }
    return y;
  }

  /** The inverse of the matrix (a generalised inverse with zero rows and columns when singular). */
  double[][] inverse() {
    double[][] inv = new double[p][p];
    double[] e = new double[p];
    for (int k = 0; k < p; k++) {
      e[k] = 1;
      double[] col = solve(e);
      e[k] = 0;
      for (int i = 0; i < p; i++) {
        inv[i][k] = col[i];
      }
    }
    // symmetrise the round-off
    for (int i = 0; i < p; i++) {
      for (int j = 0; j < i; j++) {
        double s = 0.5 * (inv[i][j] + inv[j][i]);
        inv[i][j] = s;
        inv[j][i] = s;
      }
    }
    return inv;
  }
}
