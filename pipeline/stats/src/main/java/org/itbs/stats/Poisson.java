package org.itbs.stats;

import java.util.List;

/**
 * Fits Poisson regression with the log of each row's exposure as offset (log link, with an
 * intercept) by maximum likelihood, as the plan's onset-rate model P3:
 *
 * <pre>{@code
 * GlmModel fit = Poisson.fit(List.of("hip_abd", "sex"), x, onsets, runningHours);
 * double irr = fit.ratio(fit.termIndex("hip_abd"));
 * }</pre>
 *
 * <p>The model is {@code log E[events] = log(exposure) + intercept + Σ coefficient × covariate}, so
 * {@code exp(coefficient)} is an incidence-rate ratio and {@code exp(intercept)} the event rate per
 * unit of exposure of a row whose covariates are all 0. Smile's GLM (3.1) takes no offset, so the
 * fit is done here: Fisher scoring (iteratively reweighted least squares; for the canonical log
 * link the same as Newton–Raphson) started as R's {@code glm.fit} starts it ({@code μ = y + 0.1}),
 * halving a step whose deviance is not finite or increases (by more than round-off; R halves only
 * the former, so on data where no step overshoots the path is R's), and stopping when {@code |dev -
 * dev_old| / (|dev| + 0.1)} falls below the tolerance, as R does. Standard errors are model-based:
 * the square roots of the diagonal of the inverse information {@code (X' diag(μ) X)⁻¹}, with {@code
 * μ} of the last scoring step as R's {@code summary.glm} takes it (the iterate before the estimate:
 * at convergence the same to about the square root of the tolerance, and what makes the p-values of
 * strong effects agree with R's to 1e-6). The fit reproduces R's {@code glm(events ~ ... +
 * offset(log(exposure)), family = poisson())} with {@code glm.control(epsilon = 1e-14)} to the
 * precision of convergence; the tests pin it against numbers written by R.
 */
public final class Poisson {
  /** The most times one step is halved before the fit gives up improving it. */
  private static final int MAX_HALVINGS = 60;

  /**
   * The relative increase of the deviance, on R's scale {@code |dev| + 0.1}, from which a step
   * counts as overshooting and is halved: R's default convergence tolerance, a change R calls none.
   */
  private static final double INCREASE = 1e-8;

  private Poisson() {}

  /** A builder with tolerance 1e-14 and at most 100 iterations. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Fits the model with the default options of {@link #builder()}.
   *
   * @see Builder#fit(List, double[][], int[], double[])
   */
  public static GlmModel fit(List<String> names, double[][] x, int[] events, double[] exposure) {
    return builder().fit(names, x, events, exposure);
  }

  /** The options of a fit. Not thread-safe; a built fit does not depend on it afterwards. */
  public static final class Builder {
    private double tolerance = 1e-14;
    private int maxIterations = 100;

    private Builder() {}

    /**
     * The convergence tolerance on {@code |dev - dev_old| / (|dev| + 0.1)}; 1e-14 unless set (the
     * plan's reference value; R's default is 1e-8).
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
     * The most Fisher-scoring iterations; 100 unless set.
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
     * Fits the model.
     *
     * @param names the term names, one per covariate column
     * @param x {@code x[i][j]} is the value of covariate {@code names.get(j)} for row {@code i};
     *     complete rows only (every value finite)
     * @param events the number of events of each row (0 or more)
     * @param exposure the exposure of each row (e.g. running hours), positive: rows without
     *     exposure are the caller's to leave out
     * @return the fit; check {@link GlmModel#converged()} before reporting it
     * @throws IllegalArgumentException when an argument is null, the lengths disagree, a name is
     *     blank or repeated, a value is not finite, an event count is negative, an exposure is not
     *     positive and finite, there is no event, there are not more rows than coefficients, or a
     *     covariate is constant or collinear with the intercept and the covariates before it
     */
    public GlmModel fit(List<String> names, double[][] x, int[] events, double[] exposure) {
      Design d = Design.of(names, x, "a Poisson model");
      if (events == null) {
        throw new IllegalArgumentException("events are null");
      }
      if (exposure == null) {
        throw new IllegalArgumentException("exposure is null");
      }
      if (events.length != d.n) {
        throw new IllegalArgumentException(
            "events has " + events.length + " values for " + d.n + " rows");
      }
      if (exposure.length != d.n) {
        throw new IllegalArgumentException(
            "exposure has " + exposure.length + " values for " + d.n + " rows");
      }
      int n = d.n;
      double[] y = new double[n];
      double[] offset = new double[n];
      long total = 0;
      double totalExposure = 0;
      for (int i = 0; i < n; i++) {
        if (events[i] < 0) {
          throw new IllegalArgumentException(
              "events row " + i + " is " + events[i] + "; an event count is 0 or more");
        }
        if (!(exposure[i] > 0) || !Double.isFinite(exposure[i])) {
          throw new IllegalArgumentException(
              "exposure row "
                  + i
                  + " is "
                  + exposure[i]
                  + "; it must be positive and finite (leave rows without exposure out)");
        }
        y[i] = events[i];
        offset[i] = Math.log(exposure[i]);
        total += events[i];
        totalExposure += exposure[i];
      }
      if (total == 0) {
        throw new IllegalArgumentException(
            "no events among the " + n + " rows: the rates cannot be estimated");
      }
      if (total > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(total + " events are more than an int can count");
      }

      // R's start: mu = y + 0.1, eta = log(mu) (the offset is not used for the start)
      double[] mu = new double[n];
      double[] eta = new double[n];
      for (int i = 0; i < n; i++) {
        mu[i] = y[i] + 0.1;
        eta[i] = Math.log(mu[i]);
      }
      double devOld = deviance(y, mu);
      double[] gamma = null;
      Cholesky lastSolve = null;
      double dev = devOld;
      boolean converged = false;
      for (int iter = 1; iter <= maxIterations; iter++) {
        // weighted least squares of the working response z = eta - offset + (y - mu) / mu with
        // weights mu: gamma = (Z' W Z)^-1 Z' W z
        double[] wz = new double[n];
        for (int i = 0; i < n; i++) {
          wz[i] = mu[i] * (eta[i] - offset[i]) + (y[i] - mu[i]);
        }
        Cholesky chol = Cholesky.ofPacked(d.packedInformation(mu), d.q);
        if (!chol.fullRank()) {
          break; // the fitted means have collapsed: not converged
        }
        double[] next = chol.solve(d.crossProduct(wz));
        Step s = evaluate(d, next, y, offset);
        for (int h = 0; gamma != null && h < MAX_HALVINGS && worse(s.dev, devOld); h++) {
          for (int j = 0; j < d.q; j++) {
            next[j] = 0.5 * (next[j] + gamma[j]);
          }
          s = evaluate(d, next, y, offset);
        }
        if (!Double.isFinite(s.dev)) {
          break; // no finite deviance along the step: not converged
        }
        gamma = next;
        lastSolve = chol;
        eta = s.eta;
        mu = s.mu;
        dev = s.dev;
        if (Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < tolerance) {
          converged = true;
          break;
        }
        devOld = dev;
      }
      if (gamma == null) {
        throw new IllegalStateException(
            "Poisson fit found no coefficients with a finite deviance from R's starting values");
      }

      // as R's summary.glm: the information of the last scoring step (weights at the iterate before
      // the estimate); at convergence it equals the information at the estimate to about the
      // square root of the tolerance, and reproduces R's standard errors to round-off
      double[][] v = d.varianceToOriginal(lastSolve.inverse());
      double[] se = new double[d.q];
      for (int j = 0; j < d.q; j++) {
        se[j] = Math.sqrt(v[j][j]);
      }
      double logLik = 0;
      for (int i = 0; i < n; i++) {
        logLik += y[i] * eta[i] - mu[i] - logFactorial(events[i]);
      }
      double rate = total / totalExposure;
      double[] mu0 = new double[n];
      for (int i = 0; i < n; i++) {
        mu0[i] = rate * exposure[i];
      }
      return new GlmFit(
          GlmModel.Family.POISSON,
          d.names,
          d.toOriginal(gamma),
          se,
          mu,
          dev,
          deviance(y, mu0),
          logLik,
          converged,
          (int) total);
    }
  }

  /**
   * Whether a step made the deviance worse: not finite, or up by more than {@link #INCREASE} of R's
   * scale. Smaller increases are round-off (the deviance of large counts is a sum of cancelling
   * terms) and the step is taken, as R takes it.
   */
  private static boolean worse(double dev, double devOld) {
    return !Double.isFinite(dev) || (dev - devOld) / (Math.abs(dev) + 0.1) > INCREASE;
  }

  /** Linear predictor, means and deviance at scaled coefficients {@code gamma}. */
  private record Step(double[] eta, double[] mu, double dev) {}

  private static Step evaluate(Design d, double[] gamma, double[] y, double[] offset) {
    double[] eta = d.linearPredictor(gamma, offset);
    double[] mu = new double[eta.length];
    for (int i = 0; i < eta.length; i++) {
      mu[i] = Math.exp(eta[i]);
    }
    return new Step(eta, mu, deviance(y, mu));
  }

  /** {@code 2 Σ (y log(y/μ) - (y - μ))}, the term {@code y log(y/μ)} being 0 when {@code y = 0}. */
  static double deviance(double[] y, double[] mu) {
    double s = 0;
    for (int i = 0; i < y.length; i++) {
      double t = y[i] > 0 ? y[i] * Math.log(y[i] / mu[i]) : 0;
      s += t - (y[i] - mu[i]);
    }
    return 2 * s;
  }

  /** {@code log(k!)}. */
  private static double logFactorial(int k) {
    if (k > 20) {
      return ChiSquare.logGamma(k + 1.0);
    }
    double s = 0;
    for (int j = 2; j <= k; j++) {
      s += Math.log(j);
    }
    return s;
  }
}
