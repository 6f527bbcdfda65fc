package org.itbs.stats;

/**
 * The Cox partial likelihood and Harrell's C written straight from their definitions, with a loop
 * over every pair: O(n²), slow and obviously right, to check the sweeps of {@link CoxFitter}.
 */
final class BruteForceCox {
  private BruteForceCox() {}

  /** Row {@code j} is at risk at time {@code t} when {@code start_j < t <= stop_j}. */
  private static boolean atRisk(double[] start, double[] stop, int j, double t) {
    return (start == null || start[j] < t) && t <= stop[j];
  }

  /** Rows {@code i} and {@code j} are in the same stratum (always, without strata). */
  private static boolean together(int[] strata, int i, int j) {
    return strata == null || strata[i] == strata[j];
  }

  /** The log partial likelihood at {@code beta}; {@code x[i]} is row {@code i}'s covariates. */
  static double logLikelihood(
      double[] start, double[] stop, int[] event, double[][] x, double[] beta, Ties ties) {
    return logLikelihood(start, stop, event, null, x, beta, ties);
  }

  /**
   * The stratified log partial likelihood: risk sets and tied events within the event's stratum
   * ({@code strata[i]} per row; null for none).
   */
  static double logLikelihood(
      double[] start,
      double[] stop,
      int[] event,
      int[] strata,
      double[][] x,
      double[] beta,
      Ties ties) {
    int n = stop.length;
    double[] eta = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < beta.length; j++) {
        eta[i] += x[i][j] * beta[j];
      }
    }
    double ll = 0;
    boolean[] done = new boolean[n];
    for (int i = 0; i < n; i++) {
      if (event[i] != 1 || done[i]) {
        continue;
      }
      double t = stop[i];
      double riskSum = 0;
      double tiedSum = 0;
      int d = 0;
      for (int j = 0; j < n; j++) {
        if (!together(strata, i, j)) {
          continue;
        }
        if (atRisk(start, stop, j, t)) {
          riskSum += Math.exp(eta[j]);
        }
        if (event[j] == 1 && stop[j] == t) {
          done[j] = true;
          d++;
          tiedSum += Math.exp(eta[j]);
          ll += eta[j];
        }
      }
      for (int k = 0; k < d; k++) {
        double frac = ties == Ties.EFRON ? k / (double) d : 0;
        ll -= Math.log(riskSum - frac * tiedSum);
      }
    }
    return ll;
  }

  /**
   * Harrell's C by its definition: each event row against every row at risk at its time that does
   * not have an event at the same time.
   */
  static double concordance(double[] start, double[] stop, int[] event, double[] lp) {
    return concordance(start, stop, event, null, lp);
  }

  /** Harrell's C with pairs within strata only ({@code strata[i]} per row; null for none). */
  static double concordance(double[] start, double[] stop, int[] event, int[] strata, double[] lp) {
    double concordant = 0;
    double discordant = 0;
    double tied = 0;
    for (int i = 0; i < stop.length; i++) {
      if (event[i] != 1) {
        continue;
      }
      for (int j = 0; j < stop.length; j++) {
        if (j == i || !together(strata, i, j) || !atRisk(start, stop, j, stop[i])) {
          continue;
        }
        if (event[j] == 1 && stop[j] == stop[i]) {
          continue; // tied event times are not comparable
        }
        if (lp[i] > lp[j]) {
          concordant++;
        } else if (lp[i] < lp[j]) {
          discordant++;
        } else {
          tied++;
        }
      }
    }
    return (concordant + tied / 2) / (concordant + discordant + tied);
  }
}
