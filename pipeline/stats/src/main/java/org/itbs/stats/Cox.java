package org.itbs.stats;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fits Cox proportional hazards models by maximum partial likelihood, so that an analysis reads as
 * a sentence:
 *
 * <pre>{@code
 * SurvivalData data = SurvivalData.countingProcess(start, stop, event)
 *     .withCovariate("maintenance", maintenance)
 *     .withCovariate("acwr", acwr);
 * CoxModel fit = Cox.builder().ties(Ties.EFRON).cluster(runnerIds).strata(sites).fit(data);
 * double hr = fit.hazardRatio(fit.termIndex("acwr"));
 * }</pre>
 *
 * <p>The fit reproduces R's {@code survival::coxph} (same Newton–Raphson from zero with step
 * halving, same convergence rule, same Efron and Breslow likelihoods, same robust variance for
 * {@code cluster(id)}, same risk sets and concordance within {@code strata()}) to the precision of
 * convergence; the tests pin it against numbers written by R.
 *
 * <p>Whether a covariate is constant or collinear with others is decided on covariates centred and
 * brought to a comparable scale inside the fit, so the decision does not depend on the units: a
 * covariate in units a million times smaller than another's is fitted as R fits it. Estimates,
 * variances and everything reported are per unit of each covariate as given.
 */
public final class Cox {
  private Cox() {}

  /**
   * A builder with Efron ties, no clusters, no strata, at most 100 iterations and tolerance 1e-12.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The options of a fit. Not thread-safe; a built fit does not depend on it afterwards. */
  public static final class Builder {
    private Ties ties = Ties.EFRON;
    private int[] cluster;
    private int clusterCount;
    private int[] strata;
    private int strataCount;
    private int maxIterations = 100;
    private double tolerance = 1e-12;

    private Builder() {}

    /**
     * How tied event times are handled; {@link Ties#EFRON} unless set.
     *
     * @throws IllegalArgumentException when {@code ties} is null
     */
    public Builder ties(Ties ties) {
      if (ties == null) {
        throw new IllegalArgumentException("ties is null; use Ties.EFRON or Ties.BRESLOW");
      }
      this.ties = ties;
      return this;
    }

    /**
     * Clusters the rows by an integer id (one per row of the data, e.g. a runner's index) for the
     * robust variance, as R's {@code cluster(id)}.
     *
     * @throws IllegalArgumentException when {@code ids} is null
     */
    public Builder cluster(int[] ids) {
      if (ids == null) {
        throw new IllegalArgumentException("cluster ids are null");
      }
      Map<Integer, Integer> codes = new HashMap<>();
      int[] c = new int[ids.length];
      for (int i = 0; i < ids.length; i++) {
        c[i] = codes.computeIfAbsent(ids[i], k -> codes.size());
      }
      this.cluster = c;
      this.clusterCount = codes.size();
      return this;
    }

    /**
     * Clusters the rows by a text id (one per row of the data, e.g. a runner's pseudonym or a site)
     * for the robust variance, as R's {@code cluster(id)}.
     *
     * @throws IllegalArgumentException when {@code ids} or one of them is null
     */
    public Builder cluster(String[] ids) {
      if (ids == null) {
        throw new IllegalArgumentException("cluster ids are null");
      }
      Map<String, Integer> codes = new HashMap<>();
      int[] c = new int[ids.length];
      for (int i = 0; i < ids.length; i++) {
        if (ids[i] == null) {
          throw new IllegalArgumentException("cluster id of row " + i + " is null");
        }
        c[i] = codes.computeIfAbsent(ids[i], k -> codes.size());
      }
      this.cluster = c;
      this.clusterCount = codes.size();
      return this;
    }

    /**
     * Stratifies the fit by a text id per row (e.g. each runner's site), as R's {@code +
     * strata(site)}: each stratum has its own baseline hazard, risk sets are formed within a
     * stratum only (for {@code (start, stop]} data too), and Harrell's C compares pairs within a
     * stratum only. One stratum gives exactly the unstratified fit. A stratum without events adds
     * nothing to the fit.
     *
     * @throws IllegalArgumentException when {@code ids} or one of them is null
     */
    public Builder strata(String[] ids) {
      if (ids == null) {
        throw new IllegalArgumentException("strata ids are null");
      }
      TreeMap<String, Integer> codes = new TreeMap<>();
      for (int i = 0; i < ids.length; i++) {
        if (ids[i] == null) {
          throw new IllegalArgumentException("stratum id of row " + i + " is null");
        }
        codes.put(ids[i], 0);
      }
      int next = 0;
      for (Map.Entry<String, Integer> e : codes.entrySet()) {
        e.setValue(next++);
      }
      int[] c = new int[ids.length];
      for (int i = 0; i < ids.length; i++) {
        c[i] = codes.get(ids[i]);
      }
      this.strata = c;
      this.strataCount = codes.size();
      return this;
    }

    /**
     * Stratifies the fit by an integer id per row; see {@link #strata(String[])}.
     *
     * @throws IllegalArgumentException when {@code ids} is null
     */
    public Builder strata(int[] ids) {
      if (ids == null) {
        throw new IllegalArgumentException("strata ids are null");
      }
      int[] levels = ids.clone();
      Arrays.sort(levels);
      int distinct = 0;
      for (int i = 0; i < levels.length; i++) {
        if (i == 0 || levels[i] != levels[i - 1]) {
          levels[distinct++] = levels[i];
        }
      }
      int[] c = new int[ids.length];
      for (int i = 0; i < ids.length; i++) {
        c[i] = Arrays.binarySearch(levels, 0, distinct, ids[i]);
      }
      this.strata = c;
      this.strataCount = distinct;
      return this;
    }

    /**
     * The most Newton–Raphson iterations; 100 unless set.
     *
     * @throws IllegalArgumentException when {@code max < 1}
     */
    public Builder maxIterations(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxIterations " + max + " is not at least 1");
      }
      this.maxIterations = max;
      return this;
    }

    /**
     * The convergence tolerance: iteration stops when {@code |1 - previous/new|} of the log partial
     * likelihood is at most this; 1e-12 unless set (the plan's value; R's default is 1e-9).
     *
     * @throws IllegalArgumentException when the tolerance is not positive and finite
     */
    public Builder tolerance(double tolerance) {
      if (!(tolerance > 0) || !Double.isFinite(tolerance)) {
        throw new IllegalArgumentException(
            "tolerance " + tolerance + " is not a positive finite number");
      }
      this.tolerance = tolerance;
      return this;
    }

    /**
     * Fits the model.
     *
     * @param data outcome and covariates, complete rows only
     * @return the fit; check {@link CoxModel#converged()} before reporting it
     * @throws IllegalArgumentException when the data has no covariate or no event, the cluster or
     *     strata ids do not match the rows, or a covariate is constant or collinear with others
     *     over the rows at risk (the information matrix is singular at zero), naming the covariate
     */
    public CoxModel fit(SurvivalData data) {
      if (data == null) {
        throw new IllegalArgumentException("data is null");
      }
      if (data.covariateNames().isEmpty()) {
        throw new IllegalArgumentException("a Cox model needs at least one covariate; none given");
      }
      if (data.events() == 0) {
        throw new IllegalArgumentException(
            "no events among the " + data.rows() + " rows: the partial likelihood is flat");
      }
      if (cluster != null && cluster.length != data.rows()) {
        throw new IllegalArgumentException(
            "cluster has " + cluster.length + " ids for " + data.rows() + " rows");
      }
      if (strata != null && strata.length != data.rows()) {
        throw new IllegalArgumentException(
            "strata has " + strata.length + " ids for " + data.rows() + " rows");
      }
      CoxFitter engine = new CoxFitter(data, ties, strata, strataCount);
      return fit(engine, data);
    }

    /**
     * Newton–Raphson on the engine's scaled covariates ({@link CoxFitter#scaleFactors()}: powers of
     * two, so every number below is exactly the unscaled one times a power of two); the estimate,
     * variances and residuals are multiplied back at the end.
     */
    private CoxModel fit(CoxFitter engine, SurvivalData data) {
      int p = engine.covariates();
      double[] beta = new double[p];
      CoxFitter.Evaluation e = engine.evaluate(beta);
      double logLikNull = e.logLik;
      Cholesky chol = Cholesky.ofPacked(e.information, p);
      if (!chol.fullRank()) {
        throw new IllegalArgumentException(
            "covariate "
                + data.covariateNames().get(chol.firstSingular())
                + " is constant or collinear with the covariates before it over the rows at risk;"
                + " the information matrix is singular");
      }
      double[] newBeta = plus(beta, chol.solve(e.score));
      double best = logLikNull;
      int halving = 0;
      boolean converged = false;
      int iter;
      for (iter = 1; iter <= maxIterations; iter++) {
        e = engine.evaluate(newBeta);
        chol = Cholesky.ofPacked(e.information, p);
        boolean ok = chol.fullRank() && Double.isFinite(e.logLik) && finite(e.score);
        if (ok && Math.abs(1 - best / e.logLik) <= tolerance) {
          converged = true;
          break;
        }
        if (iter == maxIterations) {
          break;
        }
        if (!ok || e.logLik < best) {
          halving++; // the step overshot: move back towards the last good estimate
          for (int j = 0; j < p; j++) {
            newBeta[j] = (newBeta[j] + halving * beta[j]) / (halving + 1.0);
          }
        } else {
          halving = 0;
          best = e.logLik;
          double[] step = chol.solve(e.score);
          beta = newBeta;
          newBeta = plus(newBeta, step);
        }
      }
      if (converged) {
        beta = newBeta;
      } else {
        iter = maxIterations;
        if (!(Double.isFinite(e.logLik) && e.logLik >= best && chol.fullRank())) {
          e = engine.evaluate(beta); // the last good estimate, as R returns it
          chol = Cholesky.ofPacked(e.information, p);
        } else {
          beta = newBeta;
        }
      }
      double[][] variance = chol.inverse();
      double[][] robust = null;
      if (cluster != null) {
        robust = robustVariance(engine.scoreResiduals(beta), variance, p);
      }
      double concordance = engine.concordance(beta);
      double[] f = engine.scaleFactors();
      double[] estimate = new double[p];
      for (int j = 0; j < p; j++) {
        estimate[j] = beta[j] * f[j];
      }
      return new CoxFit(
          data.covariateNames(),
          estimate,
          unscale(variance, f),
          robust == null ? null : unscale(robust, f),
          logLikNull,
          e.logLik,
          iter,
          converged,
          concordance,
          data.rows(),
          data.events(),
          cluster == null ? 0 : clusterCount,
          strata == null ? 0 : strataCount,
          ties);
    }

    /** {@code v[i][j] f[i] f[j]}: a variance of scaled coefficients in the units given. */
    private static double[][] unscale(double[][] v, double[] f) {
      double[][] out = new double[v.length][v.length];
      for (int i = 0; i < v.length; i++) {
        for (int j = 0; j < v.length; j++) {
          out[i][j] = v[i][j] * f[i] * f[j];
        }
      }
      return out;
    }

    /** {@code V (S'S) V}, where row {@code g} of {@code S} sums cluster {@code g}'s residuals. */
    private double[][] robustVariance(double[] resid, double[][] v, int p) {
      double[] sums = new double[clusterCount * p];
      for (int i = 0; i < cluster.length; i++) {
        int o = cluster[i] * p;
        for (int j = 0; j < p; j++) {
          sums[o + j] += resid[i * p + j];
        }
      }
      // D = S V, robust = D'D: summing over clusters of the outer products of dfbeta sums
      double[][] out = new double[p][p];
      double[] dfb = new double[p];
      for (int g = 0; g < clusterCount; g++) {
        for (int j = 0; j < p; j++) {
          double s = 0;
          for (int k = 0; k < p; k++) {
            s += sums[g * p + k] * v[k][j];
          }
          dfb[j] = s;
        }
        for (int i = 0; i < p; i++) {
          for (int j = 0; j <= i; j++) {
            out[i][j] += dfb[i] * dfb[j];
          }
        }
      }
      for (int i = 0; i < p; i++) {
        for (int j = 0; j < i; j++) {
          out[j][i] = out[i][j];
        }
      }
      return out;
    }

    private static double[] plus(double[] a, double[] b) {
      double[] s = new double[a.length];
      for (int i = 0; i < a.length; i++) {
        s[i] = a[i] + b[i];
      }
      return s;
    }

    private static boolean finite(double[] v) {
      for (double d : v) {
        if (!Double.isFinite(d)) {
          return false;
        }
      }
      return true;
    }
  }
}
