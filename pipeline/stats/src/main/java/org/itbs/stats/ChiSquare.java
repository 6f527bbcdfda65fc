package org.itbs.stats;

/**
 * The chi-square distribution through the regularized incomplete gamma function, to near double
 * precision (the exact Poisson interval of a rate is two chi-square quantiles): {@code pchisq(x,
 * df) = P(df/2, x/2)} and {@code qchisq(p, df) = 2 P⁻¹(df/2, p)}.
 *
 * <p>{@code P(a, x)} is summed as its power series below {@code x = a + 1} and its complement
 * {@code Q(a, x)} as its continued fraction (modified Lentz) above, each scaled by {@code x^a e^-x
 * / Γ(a)}, which for {@code a ≥ 10} is computed from Stirling's series as {@code exp(-a (u - 1 -
 * log u)) √(a / 2π) / exp(stirlerr(a))}, {@code u = x / a}, so that it keeps its relative precision
 * for large degrees of freedom. The quantile is found by Newton's method on the log of the smaller
 * tail against {@code log x}, kept inside a bracket that bisects whenever a step would leave it.
 */
final class ChiSquare {
  private static final double LOG_SQRT_2PI = 0.91893853320467274178;
  private static final double TWO_PI = 2 * Math.PI;
  private static final int MAX_TERMS = 1_000_000;

  private ChiSquare() {}

  /**
   * {@code P(X ≤ x)} for {@code X} chi-square with {@code df} degrees of freedom, as R's {@code
   * pchisq(x, df)}.
   *
   * @throws IllegalArgumentException when {@code df} is negative or not finite, or {@code x} is NaN
   */
  static double cdf(double x, double df) {
    checkDf(df);
    if (Double.isNaN(x)) {
      throw new IllegalArgumentException("x is NaN");
    }
    if (x <= 0) {
      return 0;
    }
    if (df == 0) {
      return 1; // all mass at 0
    }
    return lowerRegularized(df / 2, x / 2);
  }

  /**
   * The {@code p} quantile of the chi-square distribution with {@code df} degrees of freedom, as
   * R's {@code qchisq(p, df)}: 0 when {@code df} is 0 (all mass at 0) or {@code p} is 0, infinite
   * when {@code p} is 1.
   *
   * @throws IllegalArgumentException when {@code p} is outside [0, 1] or {@code df} is negative or
   *     not finite
   */
  static double quantile(double p, double df) {
    checkDf(df);
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("probability " + p + " is outside [0, 1]");
    }
    if (df == 0 || p == 0) {
      return 0;
    }
    if (p == 1) {
      return Double.POSITIVE_INFINITY;
    }
    return 2 * gammaQuantile(p, df / 2);
  }

  /** {@code x} with {@code P(a, x) = p}, for {@code 0 < p < 1}. */
  private static double gammaQuantile(double p, double a) {
    boolean lower = p <= 0.5;
    double target = lower ? p : 1 - p; // exact for p in [0.5, 1]
    double logTarget = Math.log(target);
    double t = Math.log(initialGuess(p, a));
    double lo = Double.NEGATIVE_INFINITY; // bracket of log x
    double hi = Double.POSITIVE_INFINITY;
    for (int iter = 0; iter < 200; iter++) {
      double x = Math.exp(t);
      double v = lower ? lowerRegularized(a, x) : upperRegularized(a, x);
      double f = Math.log(v) - logTarget;
      if (f == 0) {
        return x;
      }
      // the lower tail grows with x, the upper tail falls
      boolean tooSmall = lower ? f < 0 : f > 0;
      if (tooSmall) {
        lo = t;
      } else {
        hi = t;
      }
      // d log v / d log x = ± x density / v, density = x^(a-1) e^-x / Γ(a)
      double slope = Math.exp(logPrefactor(a, x)) / v;
      if (!lower) {
        slope = -slope;
      }
      double next = t - f / slope;
      if (!(next > lo && next < hi)) {
        if (Double.isInfinite(lo)) {
          next = hi - 2;
        } else if (Double.isInfinite(hi)) {
          next = lo + 2;
        } else {
          next = 0.5 * (lo + hi);
        }
      }
      double scale = Math.max(1, Math.abs(t));
      if (Math.abs(next - t) <= 2e-16 * scale || hi - lo <= 4e-16 * scale) {
        return Math.exp(next);
      }
      t = next;
    }
    return Math.exp(t);
  }

  /** A start for Newton: Wilson–Hilferty, or the small-x limit {@code (p Γ(a+1))^(1/a)}. */
  private static double initialGuess(double p, double a) {
    double df = 2 * a;
    double z = approximateNormalQuantile(p);
    double c = 2 / (9 * df);
    double wh = 1 - c + z * Math.sqrt(c);
    double guess = df * wh * wh * wh / 2;
    double small = Math.exp((Math.log(p) + logGamma(a + 1)) / a);
    if (!(guess > 0) || !Double.isFinite(guess) || (p < 0.5 && small < guess && small < 0.5 * a)) {
      guess = small;
    }
    if (!(guess > 0) || !Double.isFinite(guess)) {
      guess = a;
    }
    return Math.max(guess, Double.MIN_NORMAL);
  }

  /** Abramowitz and Stegun 26.2.23 (absolute error below 4.5e-4): only a start for Newton. */
  private static double approximateNormalQuantile(double p) {
    double q = p <= 0.5 ? p : 1 - p;
    double t = Math.sqrt(-2 * Math.log(q));
    double z =
        t
            - (2.515517 + 0.802853 * t + 0.010328 * t * t)
                / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
    return p <= 0.5 ? -z : z;
  }

  /** The regularized lower incomplete gamma function {@code P(a, x)}, {@code a > 0}. */
  static double lowerRegularized(double a, double x) {
    if (x <= 0) {
      return 0;
    }
    if (Double.isInfinite(x)) {
      return 1;
    }
    return x < a + 1 ? series(a, x) : 1 - continuedFraction(a, x);
  }

  /**
   * The regularized upper incomplete gamma function {@code Q(a, x) = 1 - P(a, x)}, {@code a > 0}.
   */
  static double upperRegularized(double a, double x) {
    if (x <= 0) {
      return 1;
    }
    if (Double.isInfinite(x)) {
      return 0;
    }
    return x < a + 1 ? 1 - series(a, x) : continuedFraction(a, x);
  }

  /** {@code P(a, x)} by its series {@code x^a e^-x / Γ(a+1) Σ x^n / ((a+1)…(a+n))}. */
  private static double series(double a, double x) {
    double term = 1 / a;
    double sum = term;
    for (int n = 1; n < MAX_TERMS; n++) {
      term *= x / (a + n);
      sum += term;
      if (term < sum * 1e-17) {
        break;
      }
    }
    return Math.exp(logPrefactor(a, x)) * sum;
  }

  /** {@code Q(a, x)} by its continued fraction (modified Lentz), for {@code x ≥ a + 1}. */
  private static double continuedFraction(double a, double x) {
    double tiny = 1e-300;
    double b = x + 1 - a;
    double c = 1 / tiny;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i < MAX_TERMS; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      if (Math.abs(d) < tiny) {
        d = tiny;
      }
      c = b + an / c;
      if (Math.abs(c) < tiny) {
        c = tiny;
      }
      d = 1 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < 1e-16) {
        break;
      }
    }
    return Math.exp(logPrefactor(a, x)) * h;
  }

  /** {@code log(x^a e^-x / Γ(a))}, to near relative precision of the exponential for large a. */
  static double logPrefactor(double a, double x) {
    if (a < 10) {
      return a * Math.log(x) - x - logGamma(a);
    }
    double d = (x - a) / a;
    return -a * uMinusOneMinusLogU(d) + 0.5 * Math.log(a / TWO_PI) - stirlingError(a);
  }

  /** {@code u - 1 - log(u)} for {@code u = 1 + d}, without cancellation near {@code d = 0}. */
  private static double uMinusOneMinusLogU(double d) {
    if (Math.abs(d) >= 0.1) {
      return d - Math.log1p(d);
    }
    // d - log1p(d) = d²/2 - d³/3 + d⁴/4 - ...
    double term = d * d;
    double sum = 0;
    for (int k = 2; k < 60; k++) {
      double t = term / k;
      sum += (k % 2 == 0) ? t : -t;
      if (Math.abs(t) < 1e-18 * Math.abs(sum)) {
        break;
      }
      term *= d;
    }
    return sum;
  }

  /** {@code log Γ(a)} for {@code a > 0}: Stirling's series from 10 on, the recurrence below. */
  static double logGamma(double a) {
    if (a >= 10) {
      return (a - 0.5) * Math.log(a) - a + LOG_SQRT_2PI + stirlingError(a);
    }
    // log Γ(a) = log Γ(a + k) - log(a (a+1) … (a+k-1)), with a + k >= 10
    double product = 1;
    double b = a;
    while (b < 10) {
      product *= b;
      b += 1;
    }
    return logGamma(b) - Math.log(product);
  }

  /** {@code log Γ(a) - ((a - ½) log a - a + log √(2π))} for {@code a ≥ 10}. */
  private static double stirlingError(double a) {
    double r = 1 / a;
    double r2 = r * r;
    return r
        * (1.0 / 12
            - r2
                * (1.0 / 360
                    - r2
                        * (1.0 / 1260
                            - r2
                                * (1.0 / 1680
                                    - r2 * (1.0 / 1188 - r2 * (691.0 / 360360 - r2 / 156))))));
  }

  private static void checkDf(double df) {
    if (!(df >= 0) || !Double.isFinite(df)) {
      throw new IllegalArgumentException(
          "degrees of freedom " + df + " are not a non-negative finite number");
    }
  }
}
