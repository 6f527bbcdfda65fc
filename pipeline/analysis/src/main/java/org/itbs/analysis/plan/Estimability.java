package org.itbs.analysis.plan;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The plan's rule for a fit that may publish numbers ("Estimable fits", analysis-plan v2): the
 * iterations converged, and every coefficient and standard error is finite with no coefficient
 * beyond 15 in absolute value on its own scale (a ratio beyond e¹⁵ per unit or per SD means
 * separation or a monotone likelihood, not an estimate). One place, so that every model of every
 * plan applies the same rule.
 */
final class Estimability {
  /** The largest absolute coefficient an estimable fit may have (log scale, per unit or SD). */
  static final double MAX_ABS_COEFFICIENT = 15;

  private Estimability() {}

  /**
   * Why a fit is not estimable, or empty when it is; a runaway names the coefficient furthest out.
   *
   * @param converged whether the fitter reported convergence
   * @param terms the term names, one per coefficient
   * @param coefficients the coefficients, log scale
   * @param standardErrors the standard errors that would be published
   * @return the reason, such as {@code "not estimable: the coefficient of hip_abd ran away (52.3; a
   *     ratio of 5.2e+22), as it does under separation or a monotone likelihood"}
   */
  static Optional<String> whyNot(
      boolean converged, List<String> terms, double[] coefficients, double[] standardErrors) {
    // name the coefficient furthest out (a NaN one first)
    int worst = -1;
    for (int j = 0; j < coefficients.length; j++) {
      double b = coefficients[j];
      if (Double.isNaN(b)) {
        worst = j;
        break;
      }
      if (Math.abs(b) > MAX_ABS_COEFFICIENT
          && (worst < 0 || Math.abs(b) > Math.abs(coefficients[worst]))) {
        worst = j;
      }
    }
    if (worst >= 0) {
      double b = coefficients[worst];
      return Optional.of(
          String.format(
              Locale.ROOT,
              "not estimable: the coefficient of %s ran away (%.3g; a ratio of %.3g, beyond"
                  + " e^%.0f), as it does under separation or a monotone likelihood",
              terms.get(worst),
              b,
              Math.exp(b),
              MAX_ABS_COEFFICIENT));
    }
    for (int j = 0; j < standardErrors.length; j++) {
      double se = standardErrors[j];
      if (!Double.isFinite(se) || !(se > 0)) {
        return Optional.of(
            String.format(
                Locale.ROOT,
                "not estimable: the standard error of %s is %s",
                terms.get(j),
                Double.toString(se)));
      }
    }
    if (!converged) {
      return Optional.of("not estimable: the fit did not converge");
    }
    return Optional.empty();
  }
}
