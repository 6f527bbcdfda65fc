package org.itbs.stats;

import java.util.Locale;

/**
 * An event rate with its exact (Garwood) Poisson 95% confidence interval, as the plan's P3 reports
 * ITBS onsets per 1000 h of running:
 *
 * <pre>{@code
 * PoissonRate r = PoissonRate.exact(61, 126362.29, 1000); // 0.483 per 1000 h (0.369 to 0.620)
 * }</pre>
 *
 * <p>For {@code k} events over exposure {@code T}, reported per {@code per} units of exposure: the
 * rate is {@code k / T × per} and the interval {@code [qchisq(0.025, 2k) / 2, qchisq(0.975, 2k + 2)
 * / 2] / T × per}, the lower limit being 0 when there is no event. Immutable.
 */
public final class PoissonRate {
  private final int events;
  private final double exposure;
  private final double per;
  private final double rate;
  private final ConfidenceInterval interval;

  private PoissonRate(
      int events, double exposure, double per, double rate, ConfidenceInterval interval) {
    this.events = events;
    this.exposure = exposure;
    this.per = per;
    this.rate = rate;
    this.interval = interval;
  }

  /**
   * The rate of {@code events} over {@code exposure}, per {@code per} units of exposure, with its
   * exact Poisson 95% interval.
   *
   * @param events the number of events, 0 or more
   * @param exposure the total exposure (e.g. running hours), positive and finite
   * @param per the units of exposure the rate is expressed per (e.g. 1000 for "per 1000 h"),
   *     positive and finite
   * @throws IllegalArgumentException when {@code events} is negative or {@code exposure} or {@code
   *     per} is not positive and finite
   */
  public static PoissonRate exact(int events, double exposure, double per) {
    if (events < 0) {
      throw new IllegalArgumentException("events " + events + " is negative");
    }
    if (!(exposure > 0) || !Double.isFinite(exposure)) {
      throw new IllegalArgumentException(
          "exposure " + exposure + " is not positive and finite; a rate needs some exposure");
    }
    if (!(per > 0) || !Double.isFinite(per)) {
      throw new IllegalArgumentException("per " + per + " is not positive and finite");
    }
    double scale = per / exposure;
    double lower = ChiSquare.quantile(0.025, 2.0 * events) / 2 * scale;
    double upper = ChiSquare.quantile(0.975, 2.0 * events + 2) / 2 * scale;
    return new PoissonRate(
        events, exposure, per, events * scale, new ConfidenceInterval(lower, upper));
  }

  /** The number of events. */
  public int events() {
    return events;
  }

  /** The total exposure, in the units given (e.g. hours). */
  public double exposure() {
    return exposure;
  }

  /** How many units of exposure the rate and its interval are expressed per. */
  public double per() {
    return per;
  }

  /** The rate: events per {@link #per()} units of exposure. */
  public double rate() {
    return rate;
  }

  /** The exact Poisson 95% interval of {@link #rate()}, in the same units. */
  public ConfidenceInterval interval() {
    return interval;
  }

  /** E.g. {@code "61 events / 126362.29 = 0.482739 per 1000 (95% CI 0.369257 to 0.620098)"}. */
  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%d events / %s = %.6g per %s (95%% CI %.6g to %.6g)",
        events,
        plain(exposure),
        rate,
        plain(per),
        interval.lower(),
        interval.upper());
  }

  private static String plain(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? String.format(Locale.ROOT, "%d", (long) v)
        : String.format(Locale.ROOT, "%s", v);
  }
}
