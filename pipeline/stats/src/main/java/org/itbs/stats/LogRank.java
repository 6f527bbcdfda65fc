package org.itbs.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;

/**
 * The k-group log-rank test of right-censored {@code (time, event)} data, exactly as R's {@code
 * survdiff(Surv(time, event) ~ group)} (rho = 0).
 *
 * <p>At every distinct event time {@code t} with {@code d} events among {@code n} runners at risk,
 * of whom {@code n_j} are in group {@code j}, group {@code j} expects {@code d n_j / n} events and
 * the variance matrix of the observed minus expected counts grows by {@code d (n - d) / (n - 1) ·
 * (n_j / n) (δ_jk - n_k / n)}. As R does, the groups with a positive expected count are kept, the
 * first of them dropped, and {@code χ² = (O - E)' V⁻¹ (O - E)} is computed over the rest, with
 * {@code k - 1} degrees of freedom for the {@code k} groups kept; a singular block is inverted as
 * R's {@code survival} inverts information matrices ({@code cholesky2}: a generalised inverse).
 *
 * <p>Times are in days (any unit works) and are compared exactly. Immutable. O(n log n + D k²) for
 * n rows, D distinct event times and k groups.
 */
public final class LogRank {
  private static final double ONE_THIRD = 1.0 / 3;
  private static final double TWO_THIRDS = 2.0 / 3;

  private final List<String> groups;
  private final int[] sizes;
  private final int[] observed;
  private final double[] expected;
  private final double chiSquare;
  private final int degreesOfFreedom;
  private final double pValue;

  private LogRank(
      List<String> groups,
      int[] sizes,
      int[] observed,
      double[] expected,
      double chiSquare,
      int degreesOfFreedom,
      double pValue) {
    this.groups = groups;
    this.sizes = sizes;
    this.observed = observed;
    this.expected = expected;
    this.chiSquare = chiSquare;
    this.degreesOfFreedom = degreesOfFreedom;
    this.pValue = pValue;
  }

  /**
   * Tests whether the groups share one survival function.
   *
   * @param data right-censored data ({@link SurvivalData#rightCensored}); covariates are ignored
   * @param group the group label of each row (non-null); groups are ordered as {@link #groups()}
   * @return the observed and expected events per group, the statistic and its p-value
   * @throws IllegalArgumentException when {@code data} is null or counting-process data; {@code
   *     group} is null, has a null label or not one label per row; the labels name fewer than two
   *     groups; there is no event; or fewer than two groups have a runner at risk at an event time
   *     (a positive expected count)
   */
  public static LogRank test(SurvivalData data, String[] group) {
    KaplanMeier.checkRightCensored(data);
    SortedMap<String, int[]> rowsByLabel = Groups.rowsByLabel(group, data.rows());
    List<String> labels = List.copyOf(rowsByLabel.keySet());
    int k = labels.size();
    if (k < 2) {
      throw new IllegalArgumentException(
          "a log-rank test needs at least two groups; all "
              + data.rows()
              + " rows are in group "
              + labels);
    }
    if (data.events() == 0) {
      throw new IllegalArgumentException(
          "no events in " + data.rows() + " rows; a log-rank test compares events between groups");
    }
    int n = data.rows();
    int[] code = new int[n];
    int[] risk = new int[k];
    for (int g = 0; g < k; g++) {
      int[] rows = rowsByLabel.get(labels.get(g));
      risk[g] = rows.length;
      for (int i : rows) {
        code[i] = g;
      }
    }
    int[] sizes = risk.clone();
    double[] time = data.stopTimes();
    boolean[] event = data.eventFlags();
    int[] order = IndexSort.descending(time); // walked from the end: ascending time

    int[] observed = new int[k];
    double[] expected = new double[k];
    double[][] v = new double[k][k];
    int[] deaths = new int[k];
    int[] leaving = new int[k];
    int nrisk = n;
    for (int a = n - 1; a >= 0; ) {
      double now = time[order[a]];
      int d = 0;
      int b = a;
      while (b >= 0 && time[order[b]] == now) {
        int i = order[b];
        leaving[code[i]]++;
        if (event[i]) {
          deaths[code[i]]++;
          d++;
        }
        b--;
      }
      if (d > 0) {
        for (int j = 0; j < k; j++) {
          observed[j] += deaths[j];
          expected[j] += (double) d * risk[j] / nrisk;
        }
        if (nrisk > 1) {
          double kt = (double) d * (nrisk - d) / ((double) nrisk * (nrisk - 1));
          for (int j = 0; j < k; j++) {
            if (risk[j] == 0) {
              continue;
            }
            double pj = kt * risk[j];
            for (int m = 0; m < k; m++) {
              v[j][m] += pj * ((j == m ? 1 : 0) - (double) risk[m] / nrisk);
            }
          }
        }
      }
      for (int j = 0; j < k; j++) {
        risk[j] -= leaving[j];
        nrisk -= leaving[j];
        leaving[j] = 0;
        deaths[j] = 0;
      }
      a = b;
    }

    List<Integer> kept = new ArrayList<>();
    for (int j = 0; j < k; j++) {
      if (expected[j] > 0) {
        kept.add(j);
      }
    }
    if (kept.size() < 2) {
      throw new IllegalArgumentException(
          "only "
              + kept.size()
              + " of the groups "
              + labels
              + " has runners at risk at an event time; a log-rank test needs two");
    }
    int p = kept.size() - 1;
    double[] diff = new double[p];
    double[] packed = new double[p * (p + 1) / 2];
    for (int r = 0, o = 0; r < p; r++) {
      int j = kept.get(r + 1);
      diff[r] = observed[j] - expected[j];
      for (int c = 0; c <= r; c++) {
        packed[o++] = v[j][kept.get(c + 1)];
      }
    }
    double[] solved = Cholesky.ofPacked(packed, p).solve(diff);
    double chi = 0;
    for (int r = 0; r < p; r++) {
      chi += solved[r] * diff[r];
    }
    double pValue = ChiSquare.upperRegularized(p / 2.0, chi / 2);
    return new LogRank(labels, sizes, observed, expected, chi, p, pValue);
  }

  /**
   * Splits a covariate into tertiles labelled {@code T1}, {@code T2}, {@code T3}, as R's {@code
   * cut(x, quantile(x, c(0, 1/3, 2/3, 1), type = 7), include.lowest = TRUE)}: {@code T1} is {@code
   * [min, q⅓]}, {@code T2} is {@code (q⅓, q⅔]} and {@code T3} is {@code (q⅔, max]}, so values tied
   * at a cut point fall in the lower tertile.
   *
   * @param values the covariate, one finite value per runner, in its own units
   * @return the tertile label of each value, in the same order
   * @throws IllegalArgumentException when {@code values} is null or empty, a value is not finite,
   *     or two cut points coincide (too many tied values for three groups; R's cut stops with
   *     "'breaks' are not unique")
   */
  public static String[] tertiles(double[] values) {
    double[] breaks = tertileBreaks(values);
    String[] labels = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      double x = values[i];
      labels[i] = x <= breaks[1] ? "T1" : x <= breaks[2] ? "T2" : "T3";
    }
    return labels;
  }

  /**
   * The four breaks {@link #tertiles} cuts at: the minimum, R's type-7 quantiles at ⅓ and ⅔, and
   * the maximum ({@code T1} is up to and at the second, {@code T2} up to and at the third).
   *
   * @throws IllegalArgumentException as {@link #tertiles}
   */
  public static double[] tertileBreaks(double[] values) {
    if (values == null) {
      throw new IllegalArgumentException("values are null");
    }
    if (values.length == 0) {
      throw new IllegalArgumentException("values are empty; tertiles need at least one value");
    }
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(
            "value "
                + i
                + " is "
                + values[i]
                + "; leave incomplete rows out before splitting into tertiles");
      }
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double[] breaks = {
      sorted[0],
      quantile7(sorted, ONE_THIRD),
      quantile7(sorted, TWO_THIRDS),
      sorted[sorted.length - 1]
    };
    for (int b = 1; b < breaks.length; b++) {
      if (!(breaks[b] > breaks[b - 1])) {
        throw new IllegalArgumentException(
            "tertile cut points "
                + Arrays.toString(breaks)
                + " are not distinct; too many tied values to split "
                + values.length
                + " values into three groups");
      }
    }
    return breaks;
  }

  /** R's {@code quantile(x, prob, type = 7)} of ascending values, computed as R computes it. */
  private static double quantile7(double[] sorted, double prob) {
    double index = (sorted.length - 1) * prob; // 0-based: R's 1 + (n - 1) p, minus one
    int lo = (int) Math.floor(index);
    int hi = (int) Math.ceil(index);
    double q = sorted[lo];
    if (index > lo && sorted[hi] != q) {
      double h = index - lo;
      q = (1 - h) * q + h * sorted[hi];
    }
    return q;
  }

  /** The group labels, in {@link String} order (R's order of factor levels for such labels). */
  public List<String> groups() {
    return groups;
  }

  /**
   * The number of runners in each group, in the order of {@link #groups()} (R's {@code n}).
   *
   * @return a copy
   */
  public int[] sizes() {
    return sizes.clone();
  }

  /**
   * The observed number of events in each group, in the order of {@link #groups()} (R's {@code
   * obs}).
   *
   * @return a copy
   */
  public int[] observed() {
    return observed.clone();
  }

  /**
   * The expected number of events in each group under a common survival function, in the order of
   * {@link #groups()} (R's {@code exp}).
   *
   * @return a copy
   */
  public double[] expected() {
    return expected.clone();
  }

  /** The log-rank statistic (R's {@code chisq}). */
  public double chiSquare() {
    return chiSquare;
  }

  /**
   * The degrees of freedom of {@link #chiSquare()}: the groups with a positive expected count − 1.
   */
  public int degreesOfFreedom() {
    return degreesOfFreedom;
  }

  /** The p-value {@code P(χ² > chiSquare())} on {@link #degreesOfFreedom()} degrees of freedom. */
  public double pValue() {
    return pValue;
  }

  @Override
  public String toString() {
    return "LogRank[groups="
        + groups
        + ", chisq="
        + chiSquare
        + ", df="
        + degreesOfFreedom
        + ", p="
        + pValue
        + "]";
  }
}
