package org.itbs.stats;

import java.util.List;

/**
 * A fitted Cox proportional hazards model (from {@link Cox#builder()}): coefficients on the log
 * hazard scale per unit of each covariate as given (per SD when the caller standardised it), their
 * variances, Wald tests and Harrell's C, numbered in the order of {@link #termNames()}.
 *
 * <p>Arrays returned are copies. Every {@code term} argument is an index into {@link #termNames()};
 * an index outside it throws {@link IllegalArgumentException}. Intervals are Wald 95% intervals
 * ({@code estimate ± 1.959963984540054 × SE} on the log scale); p-values are two-sided from the
 * standard normal.
 */
public interface CoxModel {
  /** The term names, one per coefficient, in the order the covariates were added to the data. */
  List<String> termNames();

  /**
   * The index of a term.
   *
   * @throws IllegalArgumentException when no term has that name
   */
  int termIndex(String name);

  /** The coefficients: log hazard ratios per unit of each covariate. */
  double[] coefficients();

  /** The model-based standard errors: square roots of the diagonal of {@link #variance()}. */
  double[] standardErrors();

  /** Whether the fit was given cluster ids and so has a robust variance. */
  boolean hasRobustVariance();

  /**
   * The robust standard errors: square roots of the diagonal of {@link #robustVariance()}.
   *
   * @throws IllegalStateException when the fit was not given cluster ids
   */
  double[] robustStandardErrors();

  /** The model-based variance matrix: the inverse of the information matrix at the estimate. */
  double[][] variance();

  /**
   * The robust (sandwich) variance clustered by the ids given to the fit: {@code D'D}, where row
   * {@code g} of {@code D} is the sum over cluster {@code g}'s rows of the score residuals times
   * {@link #variance()} (R's {@code dfbeta} residuals collapsed by cluster).
   *
   * @throws IllegalStateException when the fit was not given cluster ids
   */
  double[][] robustVariance();

  /** The standard error of a term from the chosen variance. */
  double standardError(int term, Variance variance);

  /** The hazard ratio of a term: {@code exp(coefficient)}, per unit of the covariate. */
  double hazardRatio(int term);

  /** The Wald 95% confidence interval of a term's hazard ratio from the chosen variance. */
  ConfidenceInterval hazardRatioInterval(int term, Variance variance);

  /** The Wald statistic {@code coefficient / SE} of a term from the chosen variance. */
  double zValue(int term, Variance variance);

  /** The two-sided Wald p-value of a term from the chosen variance. */
  double pValue(int term, Variance variance);

  /** The log partial likelihood at all coefficients zero. */
  double logLikelihoodNull();

  /** The log partial likelihood at the estimate. */
  double logLikelihood();

  /**
   * The number of Newton–Raphson iterations taken (step-halving iterations included), as R's {@code
   * coxph} reports {@code iter}.
   */
  int iterations();

  /**
   * Whether the relative change of the log partial likelihood fell below the tolerance within the
   * iteration limit. When not, the estimate is the best one reached and should not be reported as a
   * result.
   */
  boolean converged();

  /**
   * Harrell's C of the fitted linear predictor, as R's {@code survival::concordance} reports it for
   * the fitted model: over the comparable pairs (the shorter time is an event; the other row is at
   * risk then, a censoring at the same time counting as longer; two events at the same time are not
   * comparable), {@code (concordant + tied/2) / (concordant + discordant + tied)}, where a pair is
   * concordant when the earlier event has the higher linear predictor and tied when the two
   * predictors are equal. For counting-process data the comparison is made at each event time
   * against the rows at risk then. In a stratified fit only pairs within a stratum are compared
   * (what R's {@code coxph} reports for {@code + strata()}). {@code NaN} when no pair is
   * comparable.
   */
  double concordance();

  /** The number of rows used (observations, or intervals for counting-process data). */
  int n();

  /** The number of events. */
  int events();

  /** The number of distinct cluster ids, or 0 when the fit was not given any. */
  int clusters();

  /**
   * The number of distinct strata ids given ({@link Cox.Builder#strata(String[])}), or 0 when the
   * fit was not stratified.
   */
  int strata();

  /** The tie handling of the fit. */
  Ties ties();
}
