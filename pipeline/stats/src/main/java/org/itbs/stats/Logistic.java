package org.itbs.stats;

import java.util.List;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.data.vector.BaseVector;
import smile.data.vector.DoubleVector;
import smile.glm.GLM;
import smile.glm.model.Bernoulli;
import smile.glm.model.Model;

/**
 * Fits logistic regression (Bernoulli outcome, logit link, with an intercept) by maximum
 * likelihood, as the plan's onset model P2:
 *
 * <pre>{@code
 * GlmModel fit = Logistic.fit(List.of("hip_abd", "sex"), x, onsetWithin365);
 * double or = fit.ratio(fit.termIndex("hip_abd"));
 * double auc = Auc.of(fit.fittedValues(), onsetWithin365);
 * }</pre>
 *
 * <p>The iteratively reweighted least squares are Smile's ({@code smile.glm.GLM.fit}: QR of the
 * weighted design, as R's {@code glm.fit}); no Smile type appears in this API. Smile's {@code
 * Bernoulli.logit()} is handed over with R's starting values ({@code μ = (y + 0.5) / 2} instead of
 * Smile's 0.1 and 0.9) and a stopping threshold scaled as R's, so that Smile takes R's path to the
 * estimate. That matters for the standard errors: both take them from the weighted QR of the last
 * step, whose weights are those of the iterate before the estimate, which at convergence differ
 * from the estimate's by about the square root of the tolerance; along another path the SEs differ
 * from R's by some 1e-7 relative, enough to move the p-value of a strong effect ({@code |z|} near
 * 5) by more than 1e-6. Estimates and standard errors are Smile's ({@code ztest()}); z, p-values
 * and intervals are computed here (to full precision in the tails, which Smile's {@code 2 -
 * erfc(-|z| /√2)} does not keep). The fit reproduces R's {@code glm(family = binomial())} with
 * {@code glm.control(epsilon = 1e-14)} to round-off; the tests pin it against numbers written by R.
 */
public final class Logistic {
  /** The column names handed to Smile: fixed, so that no term name is parsed as formula syntax. */
  private static final String RESPONSE = "y";

  private Logistic() {}

  /** A builder with tolerance 1e-14 and at most 100 iterations. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Fits the model with the default options of {@link #builder()}.
   *
   * @see Builder#fit(List, double[][], int[])
   */
  public static GlmModel fit(List<String> names, double[][] x, int[] y) {
    return builder().fit(names, x, y);
  }

  /** The options of a fit. Not thread-safe; a built fit does not depend on it afterwards. */
  public static final class Builder {
    private double tolerance = 1e-14;
    private int maxIterations = 100;

    private Builder() {}

    /**
     * The convergence tolerance, relative as R's {@code glm.control(epsilon)}; 1e-14 unless set
     * (the plan's reference value; R's default is 1e-8). Smile stops when the deviance decreases by
     * less than {@code tolerance × (null deviance + 0.1)} in one step (R: less than {@code
     * tolerance × (|deviance| + 0.1)}); the fit counts as converged when one more Fisher-scoring
     * step would change the deviance by at most {@code tolerance × (|deviance| + 0.1)}.
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
     * The most iterations; 100 unless set.
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
     * @param y the outcome of each row: 1 for an event (a case), 0 otherwise
     * @return the fit; check {@link GlmModel#converged()} before reporting it
     * @throws IllegalArgumentException when an argument is null, the lengths disagree, a name is
     *     blank or repeated, a value is not finite, an outcome is neither 0 nor 1, every outcome is
     *     the same, there are not more rows than coefficients, a covariate is constant or collinear
     *     with the intercept and the covariates before it, or the iterations break down because
     *     fitted probabilities reach exactly 0 or 1 (covariates that separate the cases from the
     *     non-cases)
     */
    public GlmModel fit(List<String> names, double[][] x, int[] y) {
      Design d = Design.of(names, x, "a logistic model");
      if (y == null) {
        throw new IllegalArgumentException("outcome y is null");
      }
      if (y.length != d.n) {
        throw new IllegalArgumentException("y has " + y.length + " values for " + d.n + " rows");
      }
      int events = 0;
      double[] yd = new double[d.n];
      for (int i = 0; i < d.n; i++) {
        if (y[i] != 0 && y[i] != 1) {
          throw new IllegalArgumentException(
              "y row " + i + " is " + y[i] + "; a logistic outcome is 1 (event) or 0");
        }
        events += y[i];
        yd[i] = y[i];
      }
      if (events == 0 || events == d.n) {
        throw new IllegalArgumentException(
            "every one of the "
                + d.n
                + " outcomes is "
                + (events == 0 ? 0 : 1)
                + ": the odds cannot be estimated");
      }

      double m = (double) events / d.n;
      double nullDeviance = -2 * (events * Math.log(m) + (d.n - events) * Math.log1p(-m));
      SmileFit engine = smileFit(d, x, yd, tolerance * (nullDeviance + 0.1));
      double[] beta = engine.beta();
      double[] se = engine.se();

      double[] eta = d.linearPredictorOfOriginal(beta, null);
      double[] mu = new double[d.n];
      double[] w = new double[d.n];
      double[] r = new double[d.n];
      double logLik = 0;
      for (int i = 0; i < d.n; i++) {
        mu[i] = 1 / (1 + Math.exp(-eta[i]));
        w[i] = mu[i] * (1 - mu[i]);
        r[i] = y[i] - mu[i];
        logLik += y[i] * eta[i] - softplus(eta[i]);
      }
      checkLayout(mu, engine.fitted());
      double deviance = -2 * logLik;

      // converged when one more Fisher-scoring step would change the deviance by at most
      // tolerance * (|dev| + 0.1): that change is the Newton decrement s' I^-1 s
      Cholesky info = Cholesky.ofPacked(d.packedInformation(w), d.q);
      boolean converged = false;
      if (info.fullRank() && Double.isFinite(deviance)) {
        double[] s = d.crossProduct(r);
        double[] step = info.solve(s);
        double decrement = 0;
        for (int j = 0; j < d.q; j++) {
          decrement += s[j] * step[j];
        }
        converged = decrement <= tolerance * (Math.abs(deviance) + 0.1) && finite(beta, se);
      }
      return new GlmFit(
          GlmModel.Family.LOGISTIC,
          d.names,
          beta,
          se,
          mu,
          deviance,
          nullDeviance,
          logLik,
          converged,
          events);
    }

    /** Smile's estimate and standard errors, intercept first, in the units given. */
    private SmileFit smileFit(Design d, double[][] x, double[] y, double smileTolerance) {
      BaseVector<?, ?, ?>[] columns = new BaseVector<?, ?, ?>[d.p + 1];
      columns[0] = DoubleVector.of(RESPONSE, y);
      for (int j = 0; j < d.p; j++) {
        double[] c = new double[d.n];
        for (int i = 0; i < d.n; i++) {
          c[i] = x[i][j];
        }
        columns[j + 1] = DoubleVector.of("x" + j, c);
      }
      DataFrame frame = DataFrame.of(columns);
      // y ~ . : the intercept first, then the other columns in frame order (x0, x1, ...)
      GLM glm;
      try {
        glm =
            GLM.fit(Formula.lhs(RESPONSE), frame, new RStartLogit(), smileTolerance, maxIterations);
      } catch (ArithmeticException e) {
        // LAPACK refuses the weighted design once a fitted probability is exactly 0 or 1
        throw new IllegalArgumentException(
            "the logistic fit broke down ("
                + e.getMessage()
                + "): fitted probabilities reached 0 or 1, as they do when the covariates separate"
                + " the cases from the non-cases (an odds ratio running to infinity); drop or"
                + " merge the covariate that separates them",
            e);
      }
      // ztest(): one row per coefficient (estimate, SE, z, p); never parse toString(), which
      // drops the last row
      double[][] ztest = glm.ztest();
      double[] beta = new double[d.q];
      double[] se = new double[d.q];
      for (int j = 0; j < d.q; j++) {
        beta[j] = ztest[j][0];
        se[j] = ztest[j][1];
      }
      // predict(): Smile's means of its own coefficients on its own design (fittedValues() lags
      // one step behind the coefficients when the iterations run out)
      return new SmileFit(beta, se, glm.predict(frame));
    }
  }

  /**
   * Smile's {@code Bernoulli.logit()} started as R's {@code binomial()$initialize} starts it:
   * {@code μ = (y + 0.5) / 2}, i.e. 0.75 for a case and 0.25 otherwise.
   */
  private static final class RStartLogit implements Model {
    private static final long serialVersionUID = 1L;
    private final Model logit = Bernoulli.logit();

    @Override
    public double mustart(double y) {
      if (y != 0 && y != 1) {
        throw new IllegalArgumentException("a logistic outcome is 0 or 1, got " + y);
      }
      return (y + 0.5) / 2;
    }

    @Override
    public double link(double mu) {
      return logit.link(mu);
    }

    @Override
    public double invlink(double eta) {
      return logit.invlink(eta);
    }

    @Override
    public double dlink(double mu) {
      return logit.dlink(mu);
    }

    @Override
    public double variance(double mu) {
      return logit.variance(mu);
    }

    @Override
    public double deviance(double[] y, double[] mu, double[] residuals) {
      return logit.deviance(y, mu, residuals);
    }

    @Override
    public double nullDeviance(double[] y, double mu) {
      return logit.nullDeviance(y, mu);
    }

    @Override
    public double logLikelihood(double[] y, double[] mu) {
      return logit.logLikelihood(y, mu);
    }

    @Override
    public String toString() {
      return "Bernoulli(logit), R's start";
    }
  }

  /** What Smile returns that the fit uses: coefficients and SEs (intercept first), fitted means. */
  private record SmileFit(double[] beta, double[] se, double[] fitted) {}

  /**
   * Guards the mapping of Smile's coefficient rows to our terms: the fitted probabilities Smile
   * computed must be the ones our design gives for its coefficients.
   */
  private static void checkLayout(double[] mu, double[] smileMu) {
    for (int i = 0; i < mu.length; i++) {
      if (!(Math.abs(mu[i] - smileMu[i]) <= 1e-8)) {
        throw new IllegalStateException(
            "Smile's coefficients do not reproduce its fitted probability of row "
                + i
                + " ("
                + smileMu[i]
                + " against "
                + mu[i]
                + "): its ztest() layout is not (intercept, covariates in column order)");
      }
    }
  }

  /** {@code log(1 + exp(v))} without overflow. */
  private static double softplus(double v) {
    return Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
  }

  private static boolean finite(double[] a, double[] b) {
    for (int i = 0; i < a.length; i++) {
      if (!Double.isFinite(a[i]) || !Double.isFinite(b[i])) {
        return false;
      }
    }
    return true;
  }
}
