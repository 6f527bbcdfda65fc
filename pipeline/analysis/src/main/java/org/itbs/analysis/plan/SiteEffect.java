package org.itbs.analysis.plan;

/**
 * One site's coefficient of P1's covariates in the meta-analysis M1 (analysis-plan v2): the
 * unstratified Cox model on that site's P1 runners, covariates standardised by P1's pooled means
 * and SDs. A row of {@code site_effects.csv}.
 *
 * @param site the site
 * @param term the plan's name of the covariate
 * @param estimate the log hazard ratio per SD (per unit for sex)
 * @param stdError its model-based standard error
 * @param n the site's runners in the fit
 * @param events their onsets
 */
public record SiteEffect(
    String site, String term, double estimate, double stdError, int n, int events) {

  /** The header of {@code site_effects.csv}, as {@code reference-v2.R} writes it. */
  public static final String[] CSV_HEADER = {
    "site", "term", "estimate", "std_error", "n", "events"
  };
}
