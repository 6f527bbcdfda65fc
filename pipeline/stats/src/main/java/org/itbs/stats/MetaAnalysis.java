package org.itbs.stats;

import java.util.Locale;

/**
 * A random-effects meta-analysis of {@code k} independent estimates (each on the log scale, with
 * its standard error), as the plan's M1 pools each site's P1 coefficients, and as R's {@code
 * metafor} computes it with {@code rma(yi, sei = sei, method = "REML", test = "knha")}:
 *
 * <pre>{@code
 * MetaAnalysis m = MetaAnalysis.randomEffects(siteLogHr, siteSe);
 * double pooledHr = Math.exp(m.estimate());
 * ConfidenceInterval ci = m.confidenceInterval(); // log scale, t with k - 1 df
 * }</pre>
 *
 * <ul>
 *   <li><b>τ²</b> by restricted maximum likelihood, Fisher scoring as {@code metafor} does it: from
 *       the Hedges estimator (truncated at 0), step {@code (Y'PPY - tr P) / tr PP} with {@code P =
 *       W - W 1 (1'W1)⁻¹ 1'W}, {@code W = diag(1 / (vᵢ + τ²))}; a step that would make τ² negative
 *       is halved until it does not; iterated until τ² changes by at most 1e-12 (at most 1000
 *       steps); a converged τ² whose restricted likelihood is beaten by τ² = 0 (a local maximum) is
 *       set to 0, as metafor's {@code ll0check} does.
 *   <li><b>Pooled estimate</b> {@code μ = Σwᵢyᵢ / Σwᵢ}, {@code wᵢ = 1 / (vᵢ + τ²)}; its
 *       random-effects model SE {@code √(1 / Σwᵢ)}.
 *   <li><b>Hartung–Knapp–Sidik–Jonkman SE</b> {@code √(Σwᵢ(yᵢ - μ)² / ((k - 1) Σwᵢ))} with the ad
 *       hoc correction: never below the random-effects model SE ({@link #standardError()}); the CI
 *       and p-value use t with {@code k - 1} degrees of freedom.
 *   <li><b>Cochran's Q</b> {@code Σ(yᵢ - μ_FE)² / vᵢ} about the fixed-effect (inverse-variance)
 *       estimate, and its {@code χ²(k - 1)} upper-tail p-value.
 *   <li><b>I²</b> {@code 100 τ² / (τ² + s²)}, {@code s² = (k - 1) Σuᵢ / ((Σuᵢ)² - Σuᵢ²)}, {@code uᵢ
 *       = 1 / vᵢ}: what {@code metafor} reports for a REML fit (not the Q-based {@code (Q - (k -
 *       1)) / Q}).
 *   <li><b>95% prediction interval</b> {@code μ ± t(0.975, k - 1) √(τ² + SE²)} with the HKSJ SE
 *       after the ad hoc correction (the plan's, and R's {@code predict()} when the correction does
 *       not bite).
 * </ul>
 */
public final class MetaAnalysis {
  /** τ² stops when one Fisher-scoring step changes it by less than this (metafor: threshold). */
  static final double THRESHOLD = 1e-12;

  /**
   * How much higher the restricted log-likelihood at τ² = 0 must be than at the converged value for
   * τ² to be set to 0 instead (metafor's {@code tol}, {@code .Machine$double.eps^0.25}).
   */
  static final double LL_TOL = 1.220703125e-4;

  /** The most Fisher-scoring steps (metafor: maxiter). */
  static final int MAX_ITERATIONS = 1000;

  private final int k;
  private final double tau2;
  private final int iterations;
  private final double estimate;
  private final double seRandomEffects;
  private final double seKnha;
  private final double q;
  private final double i2;

  private MetaAnalysis(
      int k,
      double tau2,
      int iterations,
      double estimate,
      double seRandomEffects,
      double seKnha,
      double q,
      double i2) {
    this.k = k;
    this.tau2 = tau2;
    this.iterations = iterations;
    this.estimate = estimate;
    this.seRandomEffects = seRandomEffects;
    this.seKnha = seKnha;
    this.q = q;
    this.i2 = i2;
  }

  /**
   * Pools the estimates by a random-effects model (REML τ², HKSJ with the ad hoc correction).
   *
   * @param estimates one estimate per study (site), on the log scale
   * @param standardErrors the standard error of each estimate, same order
   * @return the pooled model
   * @throws IllegalArgumentException when an array is null, the lengths differ, there are fewer
   *     than 2 estimates, an estimate is not finite, or a standard error is not positive and finite
   * @throws IllegalStateException when Fisher scoring does not converge within 1000 steps
   */
  public static MetaAnalysis randomEffects(double[] estimates, double[] standardErrors) {
    if (estimates == null) {
      throw new IllegalArgumentException("estimates are null");
    }
    if (standardErrors == null) {
      throw new IllegalArgumentException("standard errors are null");
    }
    if (estimates.length != standardErrors.length) {
      throw new IllegalArgumentException(
          estimates.length
              + " estimates but "
              + standardErrors.length
              + " standard errors: one of each per study");
    }
    int k = estimates.length;
    if (k < 2) {
      throw new IllegalArgumentException(
          "a meta-analysis needs at least 2 estimates; got " + k + ": nothing to pool");
    }
    double[] y = estimates.clone();
    double[] v = new double[k];
    for (int i = 0; i < k; i++) {
      if (!Double.isFinite(y[i])) {
        throw new IllegalArgumentException("estimate " + i + " is " + y[i] + ", not finite");
      }
      double se = standardErrors[i];
      if (!(se > 0) || !Double.isFinite(se)) {
        throw new IllegalArgumentException(
            "standard error " + i + " is " + se + "; a standard error is positive and finite");
      }
      v[i] = se * se;
    }

    // Cochran's Q about the fixed-effect estimate, and s² of I²
    double sumU = 0;
    double sumU2 = 0;
    double sumUy = 0;
    for (int i = 0; i < k; i++) {
      double u = 1 / v[i];
      sumU += u;
      sumU2 += u * u;
      sumUy += u * y[i];
    }
    double fixed = sumUy / sumU;
    double q = 0;
    for (int i = 0; i < k; i++) {
      double r = y[i] - fixed;
      q += r * r / v[i];
    }
    double s2 = (k - 1) * sumU / (sumU * sumU - sumU2);

    double[] tau = reml(y, v);
    double t2 = tau[0];
    double sumW = 0;
    double sumWy = 0;
    for (int i = 0; i < k; i++) {
      double w = 1 / (v[i] + t2);
      sumW += w;
      sumWy += w * y[i];
    }
    double mu = sumWy / sumW;
    double rss = 0;
    for (int i = 0; i < k; i++) {
      double r = y[i] - mu;
      rss += r * r / (v[i] + t2);
    }
    double seRe = Math.sqrt(1 / sumW);
    double seKnha = Math.sqrt(rss / (k - 1) / sumW);
    double i2 = 100 * t2 / (t2 + s2);
    return new MetaAnalysis(k, t2, (int) tau[1], mu, seRe, seKnha, q, i2);
  }

  /**
   * REML τ² by Fisher scoring, as metafor's {@code rma.uni}: returns {τ², steps}.
   *
   * @throws IllegalStateException when it does not converge
   */
  private static double[] reml(double[] y, double[] v) {
    int k = y.length;
    double t2 = hedges(y, v);
    double[][] p = new double[k][k];
    for (int iter = 1; iter <= MAX_ITERATIONS; iter++) {
      // P = W - w w' / Σw
      double[] w = new double[k];
      double sumW = 0;
      for (int i = 0; i < k; i++) {
        w[i] = 1 / (v[i] + t2);
        sumW += w[i];
      }
      for (int i = 0; i < k; i++) {
        for (int j = 0; j < k; j++) {
          p[i][j] = (i == j ? w[i] : 0) - w[i] * w[j] / sumW;
        }
      }
      double[] py = new double[k];
      double trP = 0;
      for (int i = 0; i < k; i++) {
        for (int j = 0; j < k; j++) {
          py[i] += p[i][j] * y[j];
        }
        trP += p[i][i];
      }
      // Y'PPY = |PY|², tr(PP) = Σ p_ij² (P symmetric)
      double ypp = 0;
      double trPP = 0;
      for (int i = 0; i < k; i++) {
        ypp += py[i] * py[i];
        for (int j = 0; j < k; j++) {
          trPP += p[i][j] * p[i][j];
        }
      }
      double adj = (ypp - trP) / trPP;
      if (Double.isNaN(adj)) {
        adj = 0;
      }
      while (t2 + adj < 0) {
        adj /= 2;
      }
      double old = t2;
      t2 += adj;
      if (Math.abs(t2 - old) <= THRESHOLD) {
        // metafor's ll0check: a boundary value that beats the estimate means a local maximum
        if (t2 > THRESHOLD && remlLogLikelihood(y, v, 0) - remlLogLikelihood(y, v, t2) > LL_TOL) {
          return new double[] {0, iter};
        }
        return new double[] {Math.max(0, t2), iter};
      }
    }
    throw new IllegalStateException(
        "the REML estimate of tau2 did not converge in "
            + MAX_ITERATIONS
            + " Fisher-scoring steps (last value "
            + t2
            + ")");
  }

  /** The restricted log-likelihood of the intercept-only model at τ², as metafor's (up to 2π). */
  private static double remlLogLikelihood(double[] y, double[] v, double t2) {
    double sumW = 0;
    double sumWy = 0;
    double sumLog = 0;
    for (int i = 0; i < y.length; i++) {
      double w = 1 / (v[i] + t2);
      sumW += w;
      sumWy += w * y[i];
      sumLog += Math.log(v[i] + t2);
    }
    double mu = sumWy / sumW;
    double rss = 0;
    for (int i = 0; i < y.length; i++) {
      rss += (y[i] - mu) * (y[i] - mu) / (v[i] + t2);
    }
    return -0.5 * sumLog - 0.5 * Math.log(sumW) - 0.5 * rss;
  }

  /** The Hedges (unweighted method-of-moments) estimator of τ², truncated at 0. */
  private static double hedges(double[] y, double[] v) {
    int k = y.length;
    double mean = 0;
    double meanV = 0;
    for (int i = 0; i < k; i++) {
      mean += y[i] / k;
      meanV += v[i] / k;
    }
    double ss = 0;
    for (int i = 0; i < k; i++) {
      ss += (y[i] - mean) * (y[i] - mean);
    }
    return Math.max(0, ss / (k - 1) - meanV);
  }

  /** The number of estimates pooled. */
  public int k() {
    return k;
  }

  /** The between-study variance τ², REML, on the squared log scale; 0 when truncated. */
  public double tau2() {
    return tau2;
  }

  /** The Fisher-scoring steps REML took. */
  public int iterations() {
    return iterations;
  }

  /** The pooled estimate μ, on the log scale of the inputs. */
  public double estimate() {
    return estimate;
  }

  /**
   * The standard error of the pooled estimate: Hartung–Knapp–Sidik–Jonkman with the ad hoc
   * correction, i.e. the larger of {@link #knhaStandardError()} and {@link
   * #randomEffectsStandardError()}; log scale.
   */
  public double standardError() {
    return Math.max(seKnha, seRandomEffects);
  }

  /**
   * The Hartung–Knapp–Sidik–Jonkman standard error before the ad hoc correction (metafor's knha).
   */
  public double knhaStandardError() {
    return seKnha;
  }

  /** The random-effects model's standard error {@code √(1 / Σwᵢ)} (metafor's {@code test="z"}). */
  public double randomEffectsStandardError() {
    return seRandomEffects;
  }

  /** The degrees of freedom of the t-based CI, p-value and prediction interval: {@code k - 1}. */
  public int degreesOfFreedom() {
    return k - 1;
  }

  /** The 95% CI of the pooled estimate, {@code μ ± t(0.975, k - 1) SE}, on the log scale. */
  public ConfidenceInterval confidenceInterval() {
    double half = StudentT.quantile(0.975, k - 1) * standardError();
    return new ConfidenceInterval(estimate - half, estimate + half);
  }

  /** The two-sided p-value of the pooled estimate, {@code 2 P(T_(k-1) > |μ / SE|)}. */
  public double pValue() {
    return StudentT.twoSidedP(estimate / standardError(), k - 1);
  }

  /** Cochran's Q (inverse-variance weights {@code 1 / SEᵢ²}). */
  public double q() {
    return q;
  }

  /** The p-value of Q against χ² with {@code k - 1} degrees of freedom (upper tail). */
  public double qPValue() {
    return ChiSquare.upperRegularized((k - 1) / 2.0, q / 2);
  }

  /** I², in percent (0 to 100), from REML τ² as metafor reports it. */
  public double i2() {
    return i2;
  }

  /**
   * The 95% prediction interval of a new study's true effect, {@code μ ± t(0.975, k - 1) √(τ² +
   * SE²)} with the corrected HKSJ SE, on the log scale. The plan reports it only when {@code k ≥
   * 3}; with 2 studies it is computed the same way and is very wide.
   */
  public ConfidenceInterval predictionInterval() {
    double se = standardError();
    double half = StudentT.quantile(0.975, k - 1) * Math.sqrt(tau2 + se * se);
    return new ConfidenceInterval(estimate - half, estimate + half);
  }

  /** One line: k, the pooled ratio with its CI, τ², I², Q and its p. */
  @Override
  public String toString() {
    ConfidenceInterval ci = confidenceInterval();
    return String.format(
        Locale.ROOT,
        "random-effects meta-analysis (REML, HKSJ ad hoc): k=%d, estimate %.6g (SE %.6g, 95%% CI"
            + " %.6g to %.6g, p %.4g), tau2 %.6g, I2 %.4g%%, Q %.6g (p %.4g)",
        k,
        estimate,
        standardError(),
        ci.lower(),
        ci.upper(),
        pValue(),
        tau2,
        i2,
        q,
        qPValue());
  }
}
