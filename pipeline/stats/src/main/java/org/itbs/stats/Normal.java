package org.itbs.stats;

/**
 * The standard normal distribution, to near double precision in the tails (the p-values of strong
 * effects are small numbers that must still agree with R's {@code pnorm} to many digits).
 */
final class Normal {
  /** The 0.975 quantile, as R's {@code qnorm(0.975)}. */
  static final double Z_975 = 1.959963984540054;

  private static final double SQRT_PI = 1.7724538509055160273;
  private static final double SQRT_2 = 1.4142135623730950488;

  private Normal() {}

  /** The two-sided p-value {@code P(|Z| >= |z|)} of a standard normal statistic. */
  static double twoSidedP(double z) {
    if (Double.isNaN(z)) {
      return Double.NaN;
    }
    return erfc(Math.abs(z) / SQRT_2);
  }

  /** The upper tail {@code P(Z > z)}. */
  static double upperTail(double z) {
    if (Double.isNaN(z)) {
      return Double.NaN;
    }
    return z >= 0 ? 0.5 * erfc(z / SQRT_2) : 1 - 0.5 * erfc(-z / SQRT_2);
  }

  /**
   * The complementary error function ({@code 2 - erfc(-x)} below 0): the everywhere-positive series
   * of erf below 1 (no cancellation, and erfc > 0.15 there), the continued fraction of erfc
   * (modified Lentz, under 200 terms) from 1 on.
   */
  static double erfc(double x) {
    if (x < 0) {
      return 2 - erfc(-x);
    }
    if (x > 27) {
      return 0; // below the smallest double
    }
    if (x < 1) {
      // erf(x) = 2/sqrt(pi) exp(-x^2) sum_n 2^n x^(2n+1) / (1*3*...*(2n+1))
      double x2 = 2 * x * x;
      double term = x;
      double sum = x;
      for (int n = 1; n < 500; n++) {
        term *= x2 / (2 * n + 1);
        sum += term;
        if (term < 1e-17 * sum) {
          break;
        }
      }
      return 1 - 2 / SQRT_PI * Math.exp(-x * x) * sum;
    }
    // erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
    double tiny = 1e-300;
    double f = x;
    double c = x;
    double d = 0;
    for (int n = 1; n < 5000; n++) {
      double an = n / 2.0;
      d = x + an * d;
      d = Math.abs(d) < tiny ? 1 / tiny : 1 / d;
      c = x + an / c;
      if (Math.abs(c) < tiny) {
        c = tiny;
      }
      double delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) {
        break;
      }
    }
    return Math.exp(-x * x) / (SQRT_PI * f);
  }
}
