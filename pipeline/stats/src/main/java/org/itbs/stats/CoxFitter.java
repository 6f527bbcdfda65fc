package org.itbs.stats;

import java.util.Arrays;

/**
 * The Cox partial-likelihood engine: data sorted once by stratum and, within it, by descending stop
 * time (and, for counting process data, a second order by stratum and descending start time), then
 * each evaluation of the log partial likelihood, score and information is one backward sweep that
 * keeps the risk-set sums {@code Σ r}, {@code Σ r x} and {@code Σ r x x'} up to date: rows enter at
 * their stop time and, for {@code (start, stop]} data, leave at their start time; the sums restart
 * from zero at the first event time of each stratum, so a risk set holds only rows of the event's
 * own stratum (R's {@code strata()}: each stratum its own baseline hazard). O(n p²) per evaluation
 * after the O(n log n) sort; never a loop over pairs. Without strata (or with one) the sweep is the
 * unstratified one, operation for operation.
 *
 * <p>Covariates are centred on their means and multiplied by a power of two near the reciprocal of
 * their mean absolute deviation ({@link #scaleFactors()}), as R's {@code coxph} scales them: the
 * singularity test of the information matrix ({@link Cholesky}, relative to its largest diagonal
 * element) then means the same whatever the units of each covariate. A power of two changes no bit
 * of any sum, product or quotient, so the estimates, variances and likelihoods, once multiplied
 * back ({@link Cox}), are exactly those of the unscaled computation; only the singularity test is
 * scale-free.
 *
 * <p>Numerics follow R's {@code survival} ({@code coxfit6}, {@code agfit4}): covariates are centred
 * on their means (the likelihood does not change) and risk-set sums are kept relative to a
 * reference linear predictor that follows the risk set (see {@link #evaluate}), so no exponential
 * overflows or underflows a whole risk set. When every row leaves the risk set the sums restart
 * from exactly zero, so that round-off of removals cannot accumulate across gaps. Rows whose
 * interval holds no event time never join. As in R, a row that leaves is subtracted: when rows with
 * a far higher risk leave, the remaining sums keep only the absolute precision of the larger ones
 * (harmless unless the linear predictors at risk together span tens of units).
 */
final class CoxFitter {
  /** How far (on the log scale) a joining row may exceed the reference before sums are rescaled. */
  static final double RESCALE = 30;

  private final int n;
  private final int p;
  private final int pp;
  private final Ties ties;
  private final int[] rowAt; // original row of each sorted position
  private final double[] scale; // per covariate: the power of two x is multiplied by
  private final double[] x; // centred, scaled covariates, row-major, in sorted order
  private final boolean[] event; // sorted
  private final int deathTimes;
  private final int[] deaths; // per death time (by stratum, descending): number of events
  private final boolean[] firstOfStratum; // per death time: the first of its stratum
  private final int[] addStart; // per death time: sorted positions [addStart[k], addEnd[k]) join
  private final int[] addEnd;
  private final int[] removeStart; // per death time: removal order [removeStart[k], removeEnd[k])
  private final int[] removeEnd;
  private final int[] removal; // sorted positions by stratum, descending start (counting process)
  private final int[] addedAt; // per sorted position: death-time index at which it joins, or end
  private final int[] removedAt; // per sorted position: death-time index at which it leaves, or end
  private final int[] stratumEnd; // per sorted position: one past its stratum's last death time
  private final int strata;

  // scratch for one evaluation
  private final double[] eta;
  private final double[] risk;
  private final double[] a;
  private final double[] a2;
  private final double[] c;
  private final double[] c2;
  private final double[] xbar;

  /** The result of one evaluation at a coefficient vector. */
  static final class Evaluation {
    final double logLik;
    final double[] score;
    final double[] information; // packed lower triangle

    Evaluation(double logLik, double[] score, double[] information) {
      this.logLik = logLik;
      this.score = score;
      this.information = information;
    }
  }

  /**
   * Sorts the data once.
   *
   * @param strata per row, a stratum code in {@code 0 … count-1}, or null for no strata
   * @param count the number of stratum codes (ignored without strata)
   */
  CoxFitter(SurvivalData data, Ties ties, int[] strata, int count) {
    this.n = data.rows();
    this.p = data.covariateNames().size();
    this.pp = p * (p + 1) / 2;
    this.ties = ties;
    double[] stop = data.stopTimes();
    boolean[] ev = data.eventFlags();
    int groups = strata == null ? 1 : count;
    this.strata = groups;
    int[] byStop = IndexSort.descending(stop);
    this.rowAt = strata == null ? byStop : byStratum(byStop, strata, groups);
    int[] stratumOf = new int[n]; // per sorted position
    int[] posStart = new int[groups + 1]; // sorted positions of stratum g: [posStart[g], [g+1])
    for (int s = 0; s < n; s++) {
      stratumOf[s] = strata == null ? 0 : strata[rowAt[s]];
      posStart[stratumOf[s] + 1]++;
    }
    for (int g = 0; g < groups; g++) {
      posStart[g + 1] += posStart[g];
    }

    this.scale = new double[p];
    this.x = new double[n * p];
    for (int j = 0; j < p; j++) {
      double[] col = data.column(j);
      double mean = 0;
      for (double v : col) {
        mean += v;
      }
      mean /= n;
      double mad = 0;
      for (double v : col) {
        mad += Math.abs(v - mean);
      }
      mad /= n;
      // a power of two: multiplying by it is exact, so only the singularity test sees it
      double f = mad > 0 && Double.isFinite(mad) ? Math.scalb(1.0, -Math.getExponent(mad)) : 1;
      scale[j] = f;
      for (int s = 0; s < n; s++) {
        x[s * p + j] = (col[rowAt[s]] - mean) * f;
      }
    }
    this.event = new boolean[n];
    double[] sortedStop = new double[n];
    for (int s = 0; s < n; s++) {
      event[s] = ev[rowAt[s]];
      sortedStop[s] = stop[rowAt[s]];
    }

    // distinct event times per stratum, descending within it, strata one after another
    double[] times = new double[n];
    int[] timeStratum = new int[n];
    int[] dcount = new int[n];
    int k = -1;
    for (int s = 0; s < n; s++) {
      if (event[s]) {
        if (k < 0 || timeStratum[k] != stratumOf[s] || sortedStop[s] != times[k]) {
          times[++k] = sortedStop[s];
          timeStratum[k] = stratumOf[s];
        }
        dcount[k]++;
      }
    }
    this.deathTimes = k + 1;
    this.deaths = Arrays.copyOf(dcount, deathTimes);
    int[] kEnd = new int[groups]; // one past the last death time of stratum g
    int[] kFirst = new int[groups];
    Arrays.fill(kFirst, -1);
    for (int t = 0, g = 0; g < groups; g++) {
      while (t < deathTimes && timeStratum[t] == g) {
        if (kFirst[g] < 0) {
          kFirst[g] = t;
        }
        t++;
      }
      kEnd[g] = t;
    }
    this.firstOfStratum = new boolean[deathTimes];
    this.stratumEnd = new int[n];
    for (int s = 0; s < n; s++) {
      stratumEnd[s] = kEnd[stratumOf[s]];
    }
    this.addStart = new int[deathTimes];
    this.addEnd = new int[deathTimes];
    this.addedAt = stratumEnd.clone();
    int pos = 0;
    for (int t = 0; t < deathTimes; t++) {
      int g = timeStratum[t];
      if (t == kFirst[g]) {
        firstOfStratum[t] = true;
        pos = posStart[g];
      }
      addStart[t] = pos;
      while (pos < posStart[g + 1] && sortedStop[pos] >= times[t]) {
        addedAt[pos++] = t;
      }
      addEnd[t] = pos;
    }
    this.removedAt = stratumEnd.clone();
    this.removeStart = new int[deathTimes];
    this.removeEnd = new int[deathTimes];
    if (data.isCountingProcess()) {
      double[] start = data.startTimes();
      double[] sortedStart = new double[n];
      for (int s = 0; s < n; s++) {
        sortedStart[s] = start[rowAt[s]];
      }
      int[] byStart = IndexSort.descending(sortedStart);
      this.removal = strata == null ? byStart : byStratum(byStart, stratumOf, groups);
      int r = 0;
      for (int t = 0; t < deathTimes; t++) {
        int g = timeStratum[t];
        if (t == kFirst[g]) {
          r = posStart[g]; // the removal order holds each stratum's positions in the same range
        }
        removeStart[t] = r;
        while (r < posStart[g + 1] && sortedStart[removal[r]] >= times[t]) {
          removedAt[removal[r++]] = t;
        }
        removeEnd[t] = r;
      }
    } else {
      this.removal = new int[0];
    }

    this.eta = new double[n];
    this.risk = new double[n];
    this.a = new double[p];
    this.a2 = new double[p];
    this.c = new double[pp];
    this.c2 = new double[pp];
    this.xbar = new double[p];
  }

  /**
   * {@code order} regrouped by stratum (stratum 0 first), keeping the order within each: a stable
   * counting sort, O(n).
   */
  private static int[] byStratum(int[] order, int[] stratumOfIndex, int groups) {
    int[] start = new int[groups + 1];
    for (int i : order) {
      start[stratumOfIndex[i] + 1]++;
    }
    for (int g = 0; g < groups; g++) {
      start[g + 1] += start[g];
    }
    int[] out = new int[order.length];
    for (int i : order) {
      out[start[stratumOfIndex[i]]++] = i;
    }
    return out;
  }

  /**
   * Per covariate, the power of two its centred values were multiplied by: a coefficient of the
   * engine times this is the coefficient per unit of the covariate as given.
   */
  double[] scaleFactors() {
    return scale.clone();
  }

  /** The number of strata (1 without strata). */
  int strata() {
    return strata;
  }

  int covariates() {
    return p;
  }

  /** Fills {@link #eta} with the centred linear predictor; returns its maximum. */
  private double linearPredictor(double[] beta) {
    double max = Double.NEGATIVE_INFINITY;
    for (int s = 0, o = 0; s < n; s++, o += p) {
      double e = 0;
      for (int j = 0; j < p; j++) {
        e += x[o + j] * beta[j];
      }
      eta[s] = e;
      if (e > max) {
        max = e;
      }
    }
    return max;
  }

  /**
   * The log partial likelihood, score and information at {@code beta}.
   *
   * <p>Risk-set sums are kept as sums of {@code exp(η - ref)}, where {@code ref} follows the
   * largest {@code η} that joined the risk set (moved, and the sums rescaled, when a row exceeds it
   * by more than {@link #RESCALE}), and restarts when the risk set empties. So no exponential
   * overflows and no risk set underflows to zero however wide the range of {@code η}: a single
   * global shift would lose the late, low-risk risk sets when that range exceeds about 745.
   */
  Evaluation evaluate(double[] beta) {
    linearPredictor(beta);
    double[] u = new double[p];
    double[] imat = new double[pp];
    Arrays.fill(a, 0);
    Arrays.fill(c, 0);
    double denom = 0;
    double ref = 0;
    boolean refSet = false;
    double loglik = 0;
    int atRisk = 0;
    int pos = 0;
    int rem = 0;
    for (int k = 0; k < deathTimes; k++) {
      if (firstOfStratum[k]) {
        // a new stratum: its risk sets hold none of the rows before
        denom = 0;
        Arrays.fill(a, 0);
        Arrays.fill(c, 0);
        refSet = false;
        atRisk = 0;
        pos = addStart[k];
        rem = removeStart[k];
      }
      // leave: rows whose start is at or after this time (counting process only)
      for (int end = removeEnd[k]; rem < end; rem++) {
        int q = removal[rem];
        if (addedAt[q] == removedAt[q]) {
          continue; // never at risk at an event time: never joined
        }
        if (--atRisk == 0) {
          denom = 0;
          Arrays.fill(a, 0);
          Arrays.fill(c, 0);
          refSet = false;
        } else {
          double r = Math.exp(eta[q] - ref);
          denom -= r;
          accumulate(a, c, -r, q * p);
        }
      }
      // join: rows whose stop is at or after this time; the events at this time kept apart
      double denom2 = 0;
      Arrays.fill(a2, 0);
      Arrays.fill(c2, 0);
      for (int end = addEnd[k]; pos < end; pos++) {
        if (removedAt[pos] == k) {
          continue; // starts at or after this time and stops before the next: never at risk
        }
        double e = eta[pos];
        if (!refSet) {
          ref = e;
          refSet = true;
        } else if (e > ref + RESCALE) {
          double f = Math.exp(ref - e);
          denom *= f;
          denom2 *= f;
          scale(a, f);
          scale(c, f);
          scale(a2, f);
          scale(c2, f);
          ref = e;
        }
        double r = Math.exp(e - ref);
        int o = pos * p;
        if (event[pos]) {
          loglik += e;
          denom2 += r;
          for (int i = 0; i < p; i++) {
            u[i] += x[o + i];
          }
          accumulate(a2, c2, r, o);
        } else {
          atRisk++;
          denom += r;
          accumulate(a, c, r, o);
        }
      }
      int d = deaths[k];
      if (d == 1 || ties == Ties.BRESLOW) {
        denom += denom2;
        add(a, a2, 1);
        add(c, c2, 1);
        loglik -= d * (Math.log(denom) + ref);
        eventTerm(u, imat, d, denom, 0);
      } else {
        for (int m = 0; m < d; m++) {
          double f = (m + 1) / (double) d;
          double dk = denom + f * denom2;
          loglik -= Math.log(dk) + ref;
          eventTerm(u, imat, 1, dk, f);
        }
        denom += denom2;
        add(a, a2, 1);
        add(c, c2, 1);
      }
      atRisk += d;
    }
    return new Evaluation(loglik, u, imat);
  }

  private static void scale(double[] v, double f) {
    for (int i = 0; i < v.length; i++) {
      v[i] *= f;
    }
  }

  /**
   * Adds one event term to the score and information: with the risk-set mean {@code x̄ = (a + f a2)
   * / dk} and second moment {@code (c + f c2) / dk}, {@code u -= weight x̄} and {@code imat +=
   * weight (second moment - x̄ x̄')}. {@code f} is the share of the tied events' sums not yet in
   * {@code a} and {@code c}.
   */
  private void eventTerm(double[] u, double[] imat, double weight, double dk, double f) {
    for (int i = 0; i < p; i++) {
      xbar[i] = (a[i] + f * a2[i]) / dk;
      u[i] -= weight * xbar[i];
    }
    for (int i = 0, o = 0; i < p; i++) {
      double xi = xbar[i];
      for (int j = 0; j <= i; j++, o++) {
        imat[o] += weight * ((c[o] + f * c2[o]) / dk - xi * xbar[j]);
      }
    }
  }

  private void accumulate(double[] sum, double[] sq, double r, int o) {
    for (int i = 0, t = 0; i < p; i++) {
      double rx = r * x[o + i];
      sum[i] += rx;
      for (int j = 0; j <= i; j++, t++) {
        sq[t] += rx * x[o + j];
      }
    }
  }

  private static void add(double[] to, double[] from, double f) {
    for (int i = 0; i < to.length; i++) {
      to[i] += f * from[i];
    }
  }

  /**
   * The score residuals at {@code beta}, one row of {@code p} per original row (row-major), as R's
   * {@code residuals(fit, type = "score")}: for row {@code i}, {@code δ_i (x_i - x̄(t_i)) - Σ_t r_i
   * (x_i - x̄(t)) dΛ(t)} over the event times {@code t} at which it is at risk, with Efron's
   * fractions for the row's own tied event time. O(n p) after one sweep.
   *
   * <p>Risks here are {@code exp(η - max η)} on one global scale (as R computes these residuals
   * from {@code exp(η)}): reliable while the range of the linear predictor stays below about 700,
   * far beyond any plausible fit.
   */
  double[] scoreResiduals(double[] beta) {
    double max = linearPredictor(beta);
    for (int s = 0; s < n; s++) {
      risk[s] = Math.exp(eta[s] - max);
    }
    int kk = deathTimes;
    double[] h = new double[kk + 1]; // Σ 1/D_m at each event time
    double[] hd = new double[kk + 1]; // Σ f_m/D_m: the events' own share
    double[] g = new double[(kk + 1) * p]; // Σ x̄_m/D_m
    double[] gd = new double[(kk + 1) * p]; // Σ f_m x̄_m/D_m
    double[] xm = new double[(kk + 1) * p]; // mean over m of x̄_m
    Arrays.fill(a, 0);
    double denom = 0;
    int atRisk = 0;
    int pos = 0;
    int rem = 0;
    for (int k = 0; k < kk; k++) {
      if (firstOfStratum[k]) {
        denom = 0;
        Arrays.fill(a, 0);
        atRisk = 0;
        pos = addStart[k];
        rem = removeStart[k];
      }
      for (int end = removeEnd[k]; rem < end; rem++) {
        int q = removal[rem];
        if (addedAt[q] == removedAt[q]) {
          continue;
        }
        if (--atRisk == 0) {
          denom = 0;
          Arrays.fill(a, 0);
        } else {
          denom -= risk[q];
          for (int i = 0, o = q * p; i < p; i++) {
            a[i] -= risk[q] * x[o + i];
          }
        }
      }
      double denom2 = 0;
      Arrays.fill(a2, 0);
      for (int end = addEnd[k]; pos < end; pos++) {
        if (removedAt[pos] == k) {
          continue;
        }
        double r = risk[pos];
        int o = pos * p;
        double[] target = event[pos] ? a2 : a;
        for (int i = 0; i < p; i++) {
          target[i] += r * x[o + i];
        }
        if (event[pos]) {
          denom2 += r;
        } else {
          denom += r;
          atRisk++;
        }
      }
      int d = deaths[k];
      int o = k * p;
      if (d == 1 || ties == Ties.BRESLOW) {
        denom += denom2;
        add(a, a2, 1);
        h[k] = d / denom;
        hd[k] = h[k];
        for (int i = 0; i < p; i++) {
          double xb = a[i] / denom;
          g[o + i] = h[k] * xb;
          gd[o + i] = g[o + i];
          xm[o + i] = xb;
        }
      } else {
        for (int m = 0; m < d; m++) {
          double f = (m + 1) / (double) d;
          double dk = denom + f * denom2;
          h[k] += 1 / dk;
          hd[k] += f / dk;
          for (int i = 0; i < p; i++) {
            double xb = (a[i] + f * a2[i]) / dk;
            g[o + i] += xb / dk;
            gd[o + i] += f * xb / dk;
            xm[o + i] += xb / d;
          }
        }
        denom += denom2;
        add(a, a2, 1);
      }
      atRisk += d;
    }
    // cumulative sums over the event times at or before each one (index k .. K-1), zero at K
    double[] hc = new double[kk + 1];
    double[] gc = new double[(kk + 1) * p];
    for (int k = kk - 1; k >= 0; k--) {
      hc[k] = hc[k + 1] + h[k];
      for (int i = 0; i < p; i++) {
        gc[k * p + i] = gc[(k + 1) * p + i] + g[k * p + i];
      }
    }
    double[] resid = new double[n * p];
    for (int s = 0; s < n; s++) {
      int ka = addedAt[s];
      int kr = removedAt[s];
      double dh = hc[ka] - hc[kr];
      double r = risk[s];
      int o = s * p;
      int out = rowAt[s] * p;
      if (event[s]) {
        dh += hd[ka] - h[ka];
        for (int i = 0; i < p; i++) {
          double dg = gc[ka * p + i] - gc[kr * p + i] + gd[ka * p + i] - g[ka * p + i];
          resid[out + i] = x[o + i] - xm[ka * p + i] - r * (x[o + i] * dh - dg);
        }
      } else {
        for (int i = 0; i < p; i++) {
          double dg = gc[ka * p + i] - gc[kr * p + i];
          resid[out + i] = -r * (x[o + i] * dh - dg);
        }
      }
    }
    return resid;
  }

  /** Harrell's C of the linear predictor at {@code beta}; see {@link CoxModel#concordance()}. */
  double concordance(double[] beta) {
    linearPredictor(beta);
    double[] sorted = eta.clone();
    Arrays.sort(sorted);
    int distinct = 0;
    for (int i = 0; i < n; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        sorted[distinct++] = sorted[i];
      }
    }
    int[] rank = new int[n];
    for (int s = 0; s < n; s++) {
      rank[s] = Arrays.binarySearch(sorted, 0, distinct, eta[s]);
    }
    FenwickTree tree = new FenwickTree(distinct);
    long concordant = 0;
    long discordant = 0;
    long tied = 0;
    int pos = 0;
    int rem = 0;
    int stratumFrom = 0;
    for (int k = 0; k < deathTimes; k++) {
      if (firstOfStratum[k]) {
        // pairs are compared within strata only: empty the tree of the stratum before
        for (int q = stratumFrom; q < addStart[k]; q++) {
          if (addedAt[q] < removedAt[q] && removedAt[q] == stratumEnd[q]) {
            tree.add(rank[q], -1); // joined and still at risk at the stratum's end
          }
        }
        stratumFrom = addStart[k];
        pos = addStart[k];
        rem = removeStart[k];
      }
      for (int e = removeEnd[k]; rem < e; rem++) {
        int q = removal[rem];
        if (addedAt[q] != removedAt[q]) {
          tree.add(rank[q], -1);
        }
      }
      int first = pos;
      int end = addEnd[k];
      for (int s = first; s < end; s++) {
        if (!event[s] && removedAt[s] != k) {
          tree.add(rank[s], 1);
        }
      }
      long total = tree.total();
      for (int s = first; s < end; s++) {
        if (event[s]) {
          long below = tree.prefix(rank[s] - 1);
          long same = tree.prefix(rank[s]) - below;
          concordant += below;
          tied += same;
          discordant += total - below - same;
        }
      }
      for (int s = first; s < end; s++) {
        if (event[s]) {
          tree.add(rank[s], 1);
        }
      }
      pos = end;
    }
    double comparable = (double) concordant + discordant + tied;
    return comparable == 0 ? Double.NaN : (concordant + tied / 2.0) / comparable;
  }

  /** Counts per rank with O(log n) prefix sums. */
  private static final class FenwickTree {
    private final long[] tree;
    private long total;

    FenwickTree(int size) {
      tree = new long[size + 1];
    }

    void add(int rank, long v) {
      total += v;
      for (int i = rank + 1; i < tree.length; i += i & -i) {
        tree[i] += v;
      }
    }

    /** The count at ranks {@code 0 … rank}; 0 when {@code rank < 0}. */
    long prefix(int rank) {
      long s = 0;
      for (int i = rank + 1; i > 0; i -= i & -i) {
        s += tree[i];
      }
      return s;
    }

    long total() {
      return total;
    }
  }
}
