package org.itbs.stats;

import smile.stat.distribution.TDistribution;

/**
 * Student's t distribution to near double precision (Smile's {@code TDistribution} agrees with R's
 * {@code pt} and {@code qt} only to some 1e-8): the tail {@code P(T < -|t|) = I_x(ν/2, 1/2) / 2},
 * {@code x = ν / (ν + t²)}, with the regularized incomplete beta function summed as its continued
 * fraction (modified Lentz; the symmetric form {@code 1 - I_(1-x)(1/2, ν/2)} where that converges
 * faster, {@code 1 - x = t² / (ν + t²)} computed without cancellation). The quantile starts from
 * Smile's and takes Newton steps on the tail. No Smile type leaves this class.
 */
final class StudentT {
  private static final double LOG_PI = 1.1447298858494002;

  private StudentT() {}

  /**
   * The two-sided p-value {@code P(|T| ≥ |t|)}, as R's {@code 2 * pt(-abs(t), df)}.
   *
   * @throws IllegalArgumentException when {@code df} is not positive and finite
   */
  static double twoSidedP(double t, double df) {
    checkDf(df);
    if (Double.isNaN(t)) {
      return Double.NaN;
    }
    return Math.min(1, 2 * lowerTail(-Math.abs(t), df));
  }

  /**
   * The {@code p} quantile, {@code 0 < p < 1}, as R's {@code qt(p, df)}.
   *
   * @throws IllegalArgumentException when {@code p} is outside (0, 1) or {@code df} is not a
   *     positive whole number
   */
  static double quantile(double p, double df) {
    checkDf(df);
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("probability " + p + " is outside (0, 1)");
    }
    int whole = (int) Math.round(df);
    if (whole != df) {
      throw new IllegalArgumentException("degrees of freedom " + df + " are not a whole number");
    }
    if (p == 0.5) {
      return 0;
    }
    // by symmetry work on the lower tail: q(p) = -q(1 - p)
    double tail = Math.min(p, 1 - p);
    double t = new TDistribution(whole).quantile(tail);
    if (!(t < 0) || !Double.isFinite(t)) {
      t = -1;
    }
    for (int i = 0; i < 20; i++) {
      double f = lowerTail(t, df) - tail;
      double step = f / density(t, df);
      if (!Double.isFinite(step)) {
        break;
      }
      double next = Math.min(t - step, t / 2); // stay below 0
      if (Math.abs(next - t) <= 1e-15 * Math.abs(t)) {
        t = next;
        break;
      }
      t = next;
    }
    return p < 0.5 ? t : -t;
  }

  /** {@code P(T ≤ t)} for {@code t ≤ 0}. */
  static double lowerTail(double t, double df) {
    if (t == Double.NEGATIVE_INFINITY) {
      return 0;
    }
    double t2 = t * t;
    double x = df / (df + t2);
    double oneMinusX = t2 / (df + t2);
    double half = 0.5 * regularizedBeta(df / 2, 0.5, x, oneMinusX);
    return t <= 0 ? half : 1 - half;
  }

  /** The density at {@code t}. */
  static double density(double t, double df) {
    double logC =
        ChiSquare.logGamma((df + 1) / 2)
            - ChiSquare.logGamma(df / 2)
            - 0.5 * (Math.log(df) + LOG_PI);
    return Math.exp(logC - (df + 1) / 2 * Math.log1p(t * t / df));
  }

  /** {@code I_x(a, b)}, given {@code x} and {@code 1 - x} (both in [0, 1]). */
  static double regularizedBeta(double a, double b, double x, double oneMinusX) {
    if (x <= 0) {
      return 0;
    }
    if (oneMinusX <= 0) {
      return 1;
    }
    if (x > (a + 1) / (a + b + 2)) {
      return 1 - regularizedBeta(b, a, oneMinusX, x);
    }
    double logFront = a * Math.log(x) + b * Math.log(oneMinusX) - logBeta(a, b);
    return Math.exp(logFront) / a * continuedFraction(a, b, x);
  }

  private static double logBeta(double a, double b) {
    return ChiSquare.logGamma(a) + ChiSquare.logGamma(b) - ChiSquare.logGamma(a + b);
  }

  /** The continued fraction of {@code I_x(a, b)} (modified Lentz). */
  private static double continuedFraction(double a, double b, double x) {
    double tiny = 1e-300;
    double qab = a + b;
    double qap = a + 1;
    double qam = a - 1;
    double c = 1;
    double d = 1 - qab * x / qap;
    if (Math.abs(d) < tiny) {
      d = tiny;
    }
    d = 1 / d;
    double h = d;
    for (int m = 1; m < 100_000; m++) {
      int m2 = 2 * m;
      double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
      d = 1 + aa * d;
      if (Math.abs(d) < tiny) {
        d = tiny;
      }
      c = 1 + aa / c;
      if (Math.abs(c) < tiny) {
        c = tiny;
      }
      d = 1 / d;
      h *= d * c;
      aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
      d = 1 + aa * d;
      if (Math.abs(d) < tiny) {
        d = tiny;
      }
      c = 1 + aa / c;
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
    return h;
  }

  private static void checkDf(double df) {
    if (!(df > 0) || !Double.isFinite(df)) {
      throw new IllegalArgumentException(
          "degrees of freedom " + df + " are not a positive finite number");
    }
  }
}
