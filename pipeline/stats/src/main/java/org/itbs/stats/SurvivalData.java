package org.itbs.stats;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The outcome and covariates of a Cox model, one row per observation: right-censored {@code (time,
 * event)} or counting-process {@code (start, stop, event)} rows, and named numeric covariates.
 *
 * <p>Immutable: every factory and {@link #withCovariate} copies the arrays it is given. Rows must
 * be complete (no {@code NaN} anywhere): leaving out incomplete rows is the caller's analysis
 * decision (the plan's complete-case rule), not something a fit should do silently.
 *
 * <p>Times are in any unit (the plan uses days since day 0) and are compared exactly: two times are
 * tied only when they are equal doubles. R's {@code coxph} also merges times that differ by
 * rounding error only ({@code timefix}); give times in exact units such as whole days and the two
 * agree.
 */
public final class SurvivalData {
  private final double[] start;
  private final double[] stop;
  private final boolean[] event;
  private final int events;
  private final List<String> names;
  private final List<double[]> columns;

  private SurvivalData(
      double[] start,
      double[] stop,
      boolean[] event,
      int events,
      List<String> names,
      List<double[]> columns) {
    this.start = start;
    this.stop = stop;
    this.event = event;
    this.events = events;
    this.names = names;
    this.columns = columns;
  }

  /**
   * Right-censored data: row {@code i} is followed from the time origin to {@code time[i]} and ends
   * with an event when {@code event[i] == 1}, censored when it is 0.
   *
   * @param time follow-up time of each row (finite)
   * @param event 1 for an event, 0 for censoring
   * @throws IllegalArgumentException when an array is null or empty, the lengths differ, a time is
   *     not finite or an event is neither 0 nor 1
   */
  public static SurvivalData rightCensored(double[] time, int[] event) {
    checkNotNull(time, "time");
    checkNotNull(event, "event");
    checkLength("event", event.length, time.length);
    checkFinite("time", time);
    boolean[] e = events(event);
    return new SurvivalData(null, time.clone(), e, count(e), List.of(), List.of());
  }

  /**
   * Counting-process data: row {@code i} is at risk over the interval {@code (start[i], stop[i]]}
   * and ends with an event at {@code stop[i]} when {@code event[i] == 1}. One subject may have many
   * rows (time-varying covariates, repeated events); give their ids to {@link Cox.Builder#cluster}
   * for a robust variance.
   *
   * @param start the open left end of each interval
   * @param stop the closed right end of each interval, after {@code start}
   * @param event 1 for an event at {@code stop}, 0 otherwise
   * @throws IllegalArgumentException when an array is null or empty, the lengths differ, a time is
   *     not finite, a start is not before its stop or an event is neither 0 nor 1
   */
  public static SurvivalData countingProcess(double[] start, double[] stop, int[] event) {
    checkNotNull(start, "start");
    checkNotNull(stop, "stop");
    checkNotNull(event, "event");
    checkLength("stop", stop.length, start.length);
    checkLength("event", event.length, start.length);
    checkFinite("start", start);
    checkFinite("stop", stop);
    for (int i = 0; i < start.length; i++) {
      if (!(start[i] < stop[i])) {
        throw new IllegalArgumentException(
            "row "
                + i
                + ": start "
                + start[i]
                + " is not before stop "
                + stop[i]
                + "; an interval (start, stop] must have start < stop");
      }
    }
    boolean[] e = events(event);
    return new SurvivalData(start.clone(), stop.clone(), e, count(e), List.of(), List.of());
  }

  /**
   * This data with one more covariate.
   *
   * @param name the term name the fit reports (unique within the data)
   * @param values one finite value per row, in the covariate's own units
   * @return a new {@code SurvivalData}; this one is unchanged
   * @throws IllegalArgumentException when the name is blank or already used, the number of values
   *     is not the number of rows, or a value is not finite
   */
  public SurvivalData withCovariate(String name, double[] values) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a covariate needs a non-blank name, got '" + name + "'");
    }
    if (names.contains(name)) {
      throw new IllegalArgumentException("covariate " + name + " is already in the data");
    }
    checkNotNull(values, "covariate " + name);
    if (values.length != stop.length) {
      throw new IllegalArgumentException(
          "covariate " + name + " has " + values.length + " values for " + stop.length + " rows");
    }
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(
            "covariate "
                + name
                + " row "
                + i
                + " is "
                + values[i]
                + "; leave incomplete rows out before fitting (complete-case analysis)");
      }
    }
    List<String> n = new ArrayList<>(names);
    n.add(name);
    List<double[]> c = new ArrayList<>(columns);
    c.add(values.clone());
    return new SurvivalData(
        start,
        stop,
        event,
        events,
        Collections.unmodifiableList(n),
        Collections.unmodifiableList(c));
  }

  /** The number of rows (observations, or intervals for counting-process data). */
  public int rows() {
    return stop.length;
  }

  /** The number of rows that end with an event. */
  public int events() {
    return events;
  }

  /** The covariate names, in the order they were added. */
  public List<String> covariateNames() {
    return names;
  }

  /** Whether the rows are {@code (start, stop]} intervals rather than times from the origin. */
  public boolean isCountingProcess() {
    return start != null;
  }

  /** The start times, or {@code null} for right-censored data; not a copy. */
  double[] startTimes() {
    return start;
  }

  /** The stop (event or censoring) times; not a copy. */
  double[] stopTimes() {
    return stop;
  }

  /** The event indicators; not a copy. */
  boolean[] eventFlags() {
    return event;
  }

  /** The covariate column {@code j}; not a copy. */
  double[] column(int j) {
    return columns.get(j);
  }

  private static void checkNotNull(Object array, String what) {
    if (array == null) {
      throw new IllegalArgumentException(what + " is null");
    }
  }

  private static void checkLength(String what, int length, int rows) {
    if (length != rows) {
      throw new IllegalArgumentException(what + " has " + length + " values for " + rows + " rows");
    }
  }

  private static void checkFinite(String what, double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException(what + " is empty: a Cox model needs at least one row");
    }
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(
            what + " row " + i + " is " + values[i] + "; times must be finite");
      }
    }
  }

  private static boolean[] events(int[] event) {
    boolean[] e = new boolean[event.length];
    for (int i = 0; i < event.length; i++) {
      if (event[i] != 0 && event[i] != 1) {
        throw new IllegalArgumentException(
            "event row " + i + " is " + event[i] + "; an event is 1 and a censoring 0");
      }
      e[i] = event[i] == 1;
    }
    return e;
  }

  private static int count(boolean[] e) {
    int c = 0;
    for (boolean b : e) {
      if (b) {
        c++;
      }
    }
    return c;
  }
}
