package org.itbs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks values against R's to the reference README's tolerance (1e-6 relative; a reference value
 * of exactly 0 to 1e-12 absolute) and keeps, per quantity, the largest relative error seen, so a
 * test can print and pin how far inside the tolerance the agreement is.
 */
final class Agreement {
  static final double RELATIVE = 1e-6;

  private final Map<String, Double> worst = new TreeMap<>();

  /** Asserts {@code actual} is within tolerance of {@code expected} and records the error. */
  void check(String what, String quantity, double actual, double expected) {
    double tol = expected == 0 ? 1e-12 : RELATIVE * Math.abs(expected);
    assertThat(actual).as(what + " " + quantity).isCloseTo(expected, within(tol));
    double err =
        expected == 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
    worst.merge(quantity, err, Math::max);
  }

  /** The largest relative error per quantity (absolute where R's value is 0). */
  Map<String, Double> worst() {
    return worst;
  }

  /** One line per quantity, for the test log. */
  String summary(String title) {
    StringBuilder s = new StringBuilder(title).append(": max relative error vs R");
    worst.forEach((q, e) -> s.append(String.format(Locale.ROOT, "%n  %-12s %.2e", q, e)));
    return s.toString();
  }
}
