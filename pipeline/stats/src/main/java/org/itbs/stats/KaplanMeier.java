package org.itbs.stats;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The Kaplan–Meier (product-limit) estimate of the survival function {@code S(t)} from
 * right-censored {@code (time, event)} data, as R's {@code summary(survfit(Surv(time, event) ~
 * 1))}: one row per distinct event time with the number at risk, the number of events, {@code S(t)}
 * and its Greenwood standard error.
 *
 * <p>Times are in days (any unit works; every time a method returns is in the unit of the data) and
 * are compared exactly: two times are tied only when they are equal doubles. A runner whose time
 * equals an event time is at risk at that time, whether the runner has the event or is censored
 * then (censorings on an event day count after the events, as in R).
 *
 * <p>Immutable. Fitting sorts the rows once: O(n log n) for n rows; {@link #atRisk(double)} and
 * {@link #survivalAt(double)} are O(log n).
 */
public final class KaplanMeier {
  private final int n;
  private final double[] sortedTimes; // every follow-up time of the curve, ascending
  private final double[] times;
  private final int[] atRisk;
  private final int[] events;
  private final double[] survival;
  private final double[] standardErrors;

  private KaplanMeier(
      double[] sortedTimes,
      double[] times,
      int[] atRisk,
      int[] events,
      double[] survival,
      double[] standardErrors) {
    this.n = sortedTimes.length;
    this.sortedTimes = sortedTimes;
    this.times = times;
    this.atRisk = atRisk;
    this.events = events;
    this.survival = survival;
    this.standardErrors = standardErrors;
  }

  /**
   * The Kaplan–Meier curve of all rows, as R's {@code survfit(Surv(time, event) ~ 1)}.
   *
   * @param data right-censored data ({@link SurvivalData#rightCensored}); covariates are ignored
   * @return the curve
   * @throws IllegalArgumentException when {@code data} is null or counting-process data
   */
  public static KaplanMeier fit(SurvivalData data) {
    checkRightCensored(data);
    int[] all = new int[data.rows()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    return estimate(data.stopTimes(), data.eventFlags(), all);
  }

  /**
   * One Kaplan–Meier curve per group, as R's {@code survfit(Surv(time, event) ~ group)}.
   *
   * @param data right-censored data ({@link SurvivalData#rightCensored}); covariates are ignored
   * @param group the group label of each row (non-null)
   * @return the curve of each group, keyed by label in {@link String} order (R's order of factor
   *     levels for labels such as {@code A, B, C} or {@code T1, T2, T3}); unmodifiable
   * @throws IllegalArgumentException when {@code data} is null or counting-process data, or {@code
   *     group} is null, has a null label or not one label per row
   */
  public static SortedMap<String, KaplanMeier> fitByGroup(SurvivalData data, String[] group) {
    checkRightCensored(data);
    SortedMap<String, int[]> rows = Groups.rowsByLabel(group, data.rows());
    SortedMap<String, KaplanMeier> curves = new TreeMap<>();
    for (var e : rows.entrySet()) {
      curves.put(e.getKey(), estimate(data.stopTimes(), data.eventFlags(), e.getValue()));
    }
    return Collections.unmodifiableSortedMap(curves);
  }

  private static KaplanMeier estimate(double[] time, boolean[] event, int[] rows) {
    int m = rows.length;
    double[] t = new double[m];
    for (int i = 0; i < m; i++) {
      t[i] = time[rows[i]];
    }
    int[] order = IndexSort.descending(t); // walked from the end: ascending time
    double[] sorted = new double[m];
    int distinctEvents = 0;
    double previousEvent = Double.NaN;
    for (int k = 0; k < m; k++) {
      int i = order[m - 1 - k];
      sorted[k] = t[i];
      if (event[rows[i]] && !(t[i] == previousEvent)) {
        distinctEvents++;
        previousEvent = t[i];
      }
    }
    double[] times = new double[distinctEvents];
    int[] atRisk = new int[distinctEvents];
    int[] events = new int[distinctEvents];
    double[] surv = new double[distinctEvents];
    double[] se = new double[distinctEvents];
    double s = 1;
    double greenwood = 0; // Σ d / (n (n - d)): the variance of log S(t)
    int risk = m;
    int row = 0;
    for (int k = 0; k < m; ) {
      double now = sorted[k];
      int d = 0;
      int j = k;
      while (j < m && sorted[j] == now) {
        if (event[rows[order[m - 1 - j]]]) {
          d++;
        }
        j++;
      }
      if (d > 0) {
        s *= (double) (risk - d) / risk;
        greenwood +=
            (double) d / ((double) risk * (risk - d)); // +∞ when all at risk have the event
        times[row] = now;
        atRisk[row] = risk;
        events[row] = d;
        surv[row] = s;
        se[row] = s * Math.sqrt(greenwood); // 0 · ∞ = NaN once S(t) reaches 0, as R reports
        row++;
      }
      risk -= j - k;
      k = j;
    }
    return new KaplanMeier(sorted, times, atRisk, events, surv, se);
  }

  /** The number of rows (runners) behind the curve. */
  public int n() {
    return n;
  }

  /**
   * The distinct event times, ascending (R's {@code summary(fit)$time}).
   *
   * @return a copy; days
   */
  public double[] times() {
    return times.clone();
  }

  /**
   * The number at risk at each of {@link #times()}: runners whose time is on or after it (R's
   * {@code n.risk}).
   *
   * @return a copy
   */
  public int[] atRisk() {
    return atRisk.clone();
  }

  /**
   * The number of events at each of {@link #times()} (R's {@code n.event}).
   *
   * @return a copy
   */
  public int[] events() {
    return events.clone();
  }

  /**
   * The product-limit estimate {@code S(t)} just after each of {@link #times()}: {@code Π (1 - d /
   * n)} over event times up to {@code t} (R's {@code surv}).
   *
   * @return a copy; probabilities in [0, 1]
   */
  public double[] survival() {
    return survival.clone();
  }

  /**
   * Greenwood's standard error of {@code S(t)} at each of {@link #times()}: {@code S(t) √(Σ d / (n
   * (n - d)))} (R's {@code summary(fit)$std.err}); {@code NaN} where {@code S(t)} is 0, as in R.
   *
   * @return a copy
   */
  public double[] standardErrors() {
    return standardErrors.clone();
  }

  /**
   * The cumulative incidence {@code 1 - S(t)} at each of {@link #times()}.
   *
   * @return a new array; probabilities in [0, 1]
   */
  public double[] cumulativeIncidence() {
    double[] ci = new double[survival.length];
    for (int i = 0; i < ci.length; i++) {
      ci[i] = 1 - survival[i];
    }
    return ci;
  }

  /**
   * The number at risk at an arbitrary time: runners whose time is {@code >= t} (the "numbers at
   * risk" row under a plot; R's {@code summary(fit, times = t)$n.risk}).
   *
   * @param t a time in days
   * @return the number of runners still followed at {@code t}; {@link #n()} for {@code t} at or
   *     before the first time, 0 after the last
   * @throws IllegalArgumentException when {@code t} is NaN
   */
  public int atRisk(double t) {
    checkTime(t);
    return n - firstAtOrAfter(sortedTimes, t);
  }

  /**
   * The step function {@code S(t)} at an arbitrary time: its value at the last event time on or
   * before {@code t}, 1 before the first event, and the last value beyond the end of follow-up (R's
   * {@code summary(fit, times = t, extend = TRUE)$surv}).
   *
   * @param t a time in days
   * @return a probability in [0, 1]
   * @throws IllegalArgumentException when {@code t} is NaN
   */
  public double survivalAt(double t) {
    checkTime(t);
    int k = firstAtOrAfter(times, Math.nextUp(t)) - 1; // last event time <= t
    return k < 0 ? 1 : survival[k];
  }

  /** The first index whose value is {@code >= t} in an ascending array, its length when none. */
  private static int firstAtOrAfter(double[] ascending, double t) {
    int lo = 0;
    int hi = ascending.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ascending[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static void checkTime(double t) {
    if (Double.isNaN(t)) {
      throw new IllegalArgumentException("time is NaN; give a time in days");
    }
  }

  static void checkRightCensored(SurvivalData data) {
    if (data == null) {
      throw new IllegalArgumentException("survival data is null");
    }
    if (data.isCountingProcess()) {
      throw new IllegalArgumentException(
          "counting-process (start, stop] data given; Kaplan–Meier and log-rank need"
              + " right-censored (time, event) data");
    }
  }

  @Override
  public String toString() {
    return "KaplanMeier[n="
        + n
        + ", event times="
        + times.length
        + ", last S(t)="
        + (survival.length == 0 ? 1.0 : survival[survival.length - 1])
        + "]";
  }
}
