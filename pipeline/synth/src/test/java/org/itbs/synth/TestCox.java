package org.itbs.synth;

import java.util.Arrays;

/**
 * Test helper: a small Cox proportional-hazards fit (Breslow ties, Newton–Raphson) for
 * counting-process data (start, stop], with model-based standard errors. Independent of the
 * project's statistics code, so a generator test does not depend on it.
 */
final class TestCox {
  private TestCox() {}

  record Fit(double[] beta, double[] se) {}

  static Fit fit(double[][] x, double[] start, double[] stop, int[] event) {
    int n = x.length;
    int p = x[0].length;
    double[] times =
        Arrays.stream(indices(n))
            .filter(i -> event[i] == 1)
            .mapToDouble(i -> stop[i])
            .distinct()
            .sorted()
            .toArray();
    double[] beta = new double[p];
    double[][] info = new double[p][p];
    for (int iter = 0; iter < 50; iter++) {
      double[] eta = new double[n];
      double[] w = new double[n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < p; j++) {
          eta[i] += x[i][j] * beta[j];
        }
        w[i] = Math.exp(eta[i]);
      }
      double[] u = new double[p];
      info = new double[p][p];
      for (double t : times) {
        double s0 = 0;
        double[] s1 = new double[p];
        double[][] s2 = new double[p][p];
        int d = 0;
        double[] xd = new double[p];
        for (int i = 0; i < n; i++) {
          if (start[i] < t && t <= stop[i]) {
            s0 += w[i];
            for (int j = 0; j < p; j++) {
              s1[j] += w[i] * x[i][j];
              for (int k = 0; k <= j; k++) {
                s2[j][k] += w[i] * x[i][j] * x[i][k];
              }
            }
            if (event[i] == 1 && stop[i] == t) {
              d++;
              for (int j = 0; j < p; j++) {
                xd[j] += x[i][j];
              }
            }
          }
        }
        for (int j = 0; j < p; j++) {
          u[j] += xd[j] - d * s1[j] / s0;
          for (int k = 0; k <= j; k++) {
            double v = d * (s2[j][k] / s0 - s1[j] * s1[k] / (s0 * s0));
            info[j][k] += v;
            if (k != j) {
              info[k][j] += v;
            }
          }
        }
      }
      double[] step = solve(info, u);
      double max = 0;
      for (int j = 0; j < p; j++) {
        beta[j] += step[j];
        max = Math.max(max, Math.abs(step[j]));
      }
      if (max < 1e-9) {
        break;
      }
    }
    double[] se = new double[p];
    for (int j = 0; j < p; j++) {
      double[] e = new double[p];
      e[j] = 1;
      se[j] = Math.sqrt(solve(info, e)[j]);
    }
    return new Fit(beta, se);
  }

  private static int[] indices(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }

  private static double[] solve(double[][] a0, double[] b0) {
    int p = b0.length;
    double[][] a = new double[p][];
    for (int i = 0; i < p; i++) {
      a[i] = Arrays.copyOf(a0[i], p + 1);
      a[i][p] = b0[i];
    }
    for (int c = 0; c < p; c++) {
      int piv = c;
      for (int r = c + 1; r < p; r++) {
        if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) {
          piv = r;
        }
      }
      double[] t = a[c];
      a[c] = a[piv];
      a[piv] = t;
      for (int r = 0; r < p; r++) {
        if (r != c) {
          double f = a[r][c] / a[c][c];
          for (int k = c; k <= p; k++) {
            a[r][k] -= f * a[c][k];
          }
        }
      }
    }
    double[] out = new double[p];
    for (int i = 0; i < p; i++) {
      out[i] = a[i][p] / a[i][i];
    }
    return out;
  }
}
