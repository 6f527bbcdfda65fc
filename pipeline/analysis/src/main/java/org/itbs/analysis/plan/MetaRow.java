package org.itbs.analysis.plan;

/**
 * One covariate's random-effects pooling of the sites' P1 estimates in M1 (analysis-plan v2): REML
 * τ², Hartung–Knapp–Sidik–Jonkman with the ad hoc correction, t with {@code k - 1} degrees of
 * freedom. Estimate, CI and prediction interval are on the log scale; a value that is not defined
 * (the prediction interval when {@code k < 3}) is {@code NaN}.
 *
 * @param term the plan's name of the covariate
 * @param k the sites pooled
 * @param estimate the pooled log hazard ratio
 * @param stdError its HKSJ standard error after the ad hoc correction
 * @param ciLower lower end of its 95% CI (t, k - 1 df), log scale
 * @param ciUpper upper end of its 95% CI, log scale
 * @param pValue two-sided p (t, k - 1 df)
 * @param tau2 between-site variance, REML
 * @param i2 I² in percent
 * @param q Cochran's Q
 * @param qP the p-value of Q (χ², k - 1 df)
 * @param piLower lower end of the 95% prediction interval, log scale; NaN when k < 3
 * @param piUpper upper end of the 95% prediction interval, log scale; NaN when k < 3
 */
public record MetaRow(
    String term,
    int k,
    double estimate,
    double stdError,
    double ciLower,
    double ciUpper,
    double pValue,
    double tau2,
    double i2,
    double q,
    double qP,
    double piLower,
    double piUpper) {

  /**
   * The header of {@code meta_analysis.csv}, as {@code reference-v2.R} writes it (the prediction
   * interval on the ratio scale; the pooled estimate itself is M1's row of {@code effects.csv}).
   */
  public static final String[] CSV_HEADER = {
    "term", "k", "tau2", "i2", "q", "q_p", "pi_lower", "pi_upper"
  };
}
