package org.itbs.analysis.plots;

import java.util.ArrayList;
import java.util.List;
import org.itbs.analysis.tables.Release;

/**
 * The released cumulative incidence of one group: an actuarial life table over intervals of {@link
 * #WIDTH} days whose event and censoring counts are rounded, so that a curve drawn from it gives no
 * count of 1 to 4 runners back (the release rules, {@link Release}).
 *
 * <p>The group's runners, its events by the end of each interval and its censorings by then are
 * counted cumulatively and each cumulative count is rounded to the nearest multiple of {@link
 * Release#BASE}; the interval's events {@code d} and censorings {@code c} are the differences of
 * the rounded cumulative counts (multiples of 5, never negative), its runners at risk {@code n} the
 * rounded runners minus the rounded events and censorings before it, and the curve {@code 1 − S}
 * with {@code S} the product of {@code 1 − d / (n − c / 2)} (the actuarial estimate). The curve
 * steps at interval ends only, and ends at the last interval that still has a rounded runner at
 * risk. No figure of it is a single runner's time.
 */
public final class LifeTable {
  /** The interval width in days. */
  public static final double WIDTH = 30;

  private LifeTable() {}

  /**
   * The curve of one group, with its numbers at risk at {@code riskTimes} as released cells.
   *
   * @param time each runner's follow-up in days (onset or censoring)
   * @param event 1 for an onset at {@code time}, 0 for censoring
   * @param riskTimes the times of the numbers-at-risk columns
   * @param release the release whose rules the numbers at risk follow
   * @throws IllegalArgumentException when the arrays differ in length or a time is not finite
   */
  public static IncidencePlot.Curve curve(
      double[] time, int[] event, double[] riskTimes, Release release) {
    if (time.length != event.length) {
      throw new IllegalArgumentException(
          time.length + " times but " + event.length + " event indicators");
    }
    double last = 0;
    for (double t : time) {
      if (!Double.isFinite(t) || t < 0) {
        throw new IllegalArgumentException("follow-up time " + t + " is not a time >= 0 days");
      }
      last = Math.max(last, t);
    }
    int intervals = (int) Math.floor(last / WIDTH) + 1;
    long[] events = new long[intervals];
    long[] censored = new long[intervals];
    for (int i = 0; i < time.length; i++) {
      int k = Math.min(intervals - 1, (int) Math.floor(time[i] / WIDTH));
      if (event[i] == 1) {
        events[k]++;
      } else {
        censored[k]++;
      }
    }
    long runners = Release.round(time.length);
    List<Double> times = new ArrayList<>();
    List<Double> incidence = new ArrayList<>();
    double survival = 1;
    long cumEvents = 0;
    long cumCensored = 0;
    long eventsBefore = 0;
    long censoredBefore = 0;
    double end = 0;
    for (int k = 0; k < intervals; k++) {
      cumEvents += events[k];
      cumCensored += censored[k];
      long eventsBy = Release.round(cumEvents);
      long censoredBy = Release.round(cumCensored);
      long d = eventsBy - eventsBefore;
      long c = censoredBy - censoredBefore;
      long atRisk = runners - eventsBefore - censoredBefore;
      eventsBefore = eventsBy;
      censoredBefore = censoredBy;
      if (atRisk <= 0) {
        break;
      }
      end = (k + 1) * WIDTH;
      double effective = atRisk - c / 2.0;
      if (d > 0 && effective > 0) {
        survival *= Math.max(0, 1 - d / effective);
        times.add((k + 1) * WIDTH);
        incidence.add(1 - survival);
      }
    }
    String[] cells = new String[riskTimes.length];
    for (int i = 0; i < riskTimes.length; i++) {
      long n = 0;
      for (double t : time) {
        if (t >= riskTimes[i]) {
          n++;
        }
      }
      cells[i] = release.count(n);
    }
    return new IncidencePlot.Curve(
        times.stream().mapToDouble(Double::doubleValue).toArray(),
        incidence.stream().mapToDouble(Double::doubleValue).toArray(),
        end,
        cells);
  }
}
