package org.itbs.stats;

import java.util.List;

/**
 * A fitted generalised linear model with an intercept (from {@link Logistic} or {@link Poisson}):
 * coefficients on the link scale per unit of each covariate as given (per SD when the caller
 * standardised it), their model-based standard errors, Wald tests and ratios, numbered in the order
 * of {@link #termNames()}. The intercept is not a term: it has its own accessors.
 *
 * <p>Arrays returned are copies. Every {@code term} argument is an index into {@link #termNames()};
 * an index outside it throws {@link IllegalArgumentException}. Intervals are Wald 95% intervals
 * ({@code estimate ± 1.959963984540054 × SE} on the link scale, then exponentiated); p-values are
 * two-sided from the standard normal, as R's {@code summary.glm} reports them for these families.
 */
public interface GlmModel {
  /** The distribution and link of a model, and what its exponentiated coefficients are. */
  enum Family {
    /** Bernoulli outcome, logit link: {@code exp(coefficient)} is an odds ratio. */
    LOGISTIC("odds ratio"),
    /**
     * Poisson counts, log link, log exposure as offset: {@code exp(coefficient)} is an
     * incidence-rate ratio.
     */
    POISSON("incidence-rate ratio");

    private final String ratioName;

    Family(String ratioName) {
      this.ratioName = ratioName;
    }

    /** What {@link GlmModel#ratio} is for this family, e.g. "odds ratio". */
    public String ratioName() {
      return ratioName;
    }
  }

  /** The family of the fit. */
  Family family();

  /** The term names, one per coefficient, in the order of the covariate columns given. */
  List<String> termNames();

  /**
   * The index of a term.
   *
   * @throws IllegalArgumentException when no term has that name
   */
  int termIndex(String name);

  /** The coefficients: log odds ratios or log rate ratios per unit of each covariate. */
  double[] coefficients();

  /** The model-based standard errors of {@link #coefficients()}. */
  double[] standardErrors();

  /**
   * The intercept on the link scale: the log odds of a row whose covariates are all 0, or its log
   * event rate per one unit of exposure.
   */
  double intercept();

  /** The model-based standard error of {@link #intercept()}. */
  double interceptStandardError();

  /** The standard error of a term. */
  double standardError(int term);

  /**
   * The exponentiated coefficient of a term ({@link Family#ratioName()}) per unit of the covariate.
   */
  double ratio(int term);

  /** The Wald 95% confidence interval of a term's {@link #ratio}. */
  ConfidenceInterval ratioInterval(int term);

  /** The Wald statistic {@code coefficient / SE} of a term. */
  double zValue(int term);

  /** The two-sided Wald p-value of a term. */
  double pValue(int term);

  /**
   * The fitted mean of each row, in the order given: the probability of the outcome (logistic) or
   * the expected number of events over the row's exposure (Poisson).
   */
  double[] fittedValues();

  /** The residual deviance: twice the log-likelihood of the saturated model minus this one's. */
  double deviance();

  /**
   * The deviance of the intercept-only model (with the same offset for {@link Family#POISSON}), as
   * R's {@code glm} reports {@code null.deviance}.
   */
  double nullDeviance();

  /** The log-likelihood at the estimate (for Poisson with the {@code -log(y!)} terms, as R). */
  double logLikelihood();

  /**
   * Whether the fit converged within the iteration limit: the relative change of the deviance,
   * {@code |dev - dev_old| / (|dev| + 0.1)} as R's {@code glm.fit} measures it, fell below the
   * tolerance ({@link Poisson.Builder#tolerance}), or for a logistic fit one more scoring step
   * would change it by less ({@link Logistic.Builder#tolerance}). When not (for instance when a
   * covariate all but separates the outcomes), the estimate is the last one reached and should not
   * be reported as a result.
   */
  boolean converged();

  /** The number of rows used. */
  int n();

  /**
   * The number of events: the sum of the outcomes (cases for logistic, event counts for Poisson).
   */
  int events();
}
