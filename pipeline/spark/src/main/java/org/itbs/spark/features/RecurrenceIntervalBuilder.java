package org.itbs.spark.features;

import static org.itbs.spark.features.LakeInput.PID;
import static org.itbs.spark.features.LakeInput.SITE;
import static org.itbs.spark.features.RunnerTables.days;
import static org.itbs.spark.features.Runners.ITBS;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.itbs.spark.features.RunnerTables.Injury;
import org.itbs.spark.features.RunnerTables.Participant;
import org.itbs.spark.features.RunnerTables.Runner;
import org.itbs.spark.features.RunnerTables.Week;

/**
 * The counting-process intervals of the recurrence model R1 (analysis-plan v1), as the reference
 * implementation's loop makes them. Times are days since day 0.
 *
 * <ul>
 *   <li>Risk periods: one from day 0 when prior_itbs = 1, and one from every ITBS injury's
 *       return_to_run_date (the same start twice gives two periods, as in the reference). A period
 *       from {@code s} ends at the first ITBS onset after {@code s} (then it ends in an event) or
 *       at followup_end_date.
 *   <li>For each logged week {@code w} of the runner with {@code w + 7 > s} and {@code w <= end}:
 *       the interval {@code (max(s, w), min(end, w + 7)]}, dropped when of zero length; it carries
 *       the event when the period ends in one and {@code w <= end < w + 7}.
 *   <li>The weeks {@code w − 7}, {@code w − 14}, {@code w − 21}, {@code w − 28} must all be logged
 *       (else the interval is left out): {@code maintenance} is their mean maintenance_sessions,
 *       {@code acwr} the week's distance_km over their mean distance_km (left out when that mean is
 *       0).
 * </ul>
 *
 * <p>As in the reference, an onset on the first day of a logged week leaves no event interval: that
 * week's interval {@code (onset, onset]} has zero length, and the week before does not hold the
 * onset.
 *
 * <p>Derived on the driver from the runner-level tables ({@link RunnerTables}), one runner at a
 * time: its weeks in week order once (which of them have the four previous weeks logged, and their
 * means), then each of its periods against them. The arithmetic is that of the Spark SQL
 * expressions that derived it before: SQL nulls, the previous weeks' values summed oldest first
 * starting from 0.
 */
final class RecurrenceIntervalBuilder {
  /** How many previous weeks the time-varying covariates need. */
  static final int PREVIOUS_WEEKS = 4;

  private RecurrenceIntervalBuilder() {}

  /** The columns {@link #rows} gives, in that order. */
  static StructType columns() {
    return new StructType()
        .add(SITE, DataTypes.StringType, false)
        .add(PID, DataTypes.StringType, false)
        .add("start", DataTypes.LongType, false)
        .add("stop", DataTypes.LongType, false)
        .add("event", DataTypes.LongType, false)
        .add("maintenance", DataTypes.DoubleType, true)
        .add("acwr", DataTypes.DoubleType, true);
  }

  /**
   * A logged week of a runner, in days from day 0, with the means over the four weeks before it
   * when all four are logged ({@code null} otherwise, or where a value is empty).
   */
  private record WeekAt(Integer w, Double distanceKm, Double prevKm, Double prevMaintenance) {}

  /**
   * The intervals ({@link #columns}), runner after runner in the cohort's order; within a runner,
   * period after period, each in week order.
   */
  static List<Row> rows(RunnerTables cohort) {
    List<Row> out = new ArrayList<>();
    for (Runner r : cohort.runners()) {
      Participant p = r.participant();
      LocalDate day0 = p.enrolment();
      if (day0 == null) {
        continue; // no offset from day 0: every interval would be left out
      }
      List<LocalDate> onsets = new ArrayList<>();
      List<LocalDate> starts = new ArrayList<>();
      if (p.priorItbs() != null && p.priorItbs() == 1) {
        starts.add(day0);
      }
      for (Injury i : r.injuries()) {
        if (ITBS.equals(i.diagnosis())) {
          if (i.onset() != null) {
            onsets.add(i.onset());
          }
          if (i.returnToRun() != null) {
            starts.add(i.returnToRun());
          }
        }
      }
      if (starts.isEmpty()) {
        continue;
      }
      List<WeekAt> weeks = weeks(day0, r.weeks());
      for (LocalDate start : starts) {
        LocalDate endOnset = null;
        for (LocalDate o : onsets) {
          if (o.isAfter(start) && (endOnset == null || o.isBefore(endOnset))) {
            endOnset = o;
          }
        }
        Integer e = days(day0, endOnset != null ? endOnset : p.followupEnd());
        if (e == null) {
          continue; // no end of the time at risk: every interval would be left out
        }
        period(r, days(day0, start), e, endOnset != null, weeks, out);
      }
    }
    return out;
  }

  /**
   * The runner's weeks in week order (a week without a start first, as Spark's window ordered
   * them), each with the means of the {@value #PREVIOUS_WEEKS} weeks before it in that order when
   * those are exactly the weeks {@code w − 7}, …, {@code w − 28}. Sums start from 0 and add the
   * oldest week first (as the reference's mean over the weeks in date order); maintenance_sessions
   * are added as doubles.
   */
  private static List<WeekAt> weeks(LocalDate day0, List<Week> logged) {
    List<Week> sorted = new ArrayList<>(logged);
    sorted.sort(
        Comparator.comparing(Week::start, Comparator.nullsFirst(Comparator.naturalOrder())));
    List<WeekAt> out = new ArrayList<>();
    for (int i = 0; i < sorted.size(); i++) {
      Integer w = days(day0, sorted.get(i).start());
      boolean ok = w != null && i >= PREVIOUS_WEEKS;
      Double km = 0.0;
      Double maintenance = 0.0;
      for (int k = PREVIOUS_WEEKS; k >= 1 && ok; k--) {
        Week prev = sorted.get(i - k);
        Integer prevW = days(day0, prev.start());
        ok = prevW != null && prevW == w - 7 * k;
        km = km == null || prev.distanceKm() == null ? null : km + prev.distanceKm();
        maintenance =
            maintenance == null || prev.maintenanceSessions() == null
                ? null
                : maintenance + (double) prev.maintenanceSessions();
      }
      out.add(
          ok
              ? new WeekAt(
                  w,
                  sorted.get(i).distanceKm(),
                  km == null ? null : km / PREVIOUS_WEEKS,
                  maintenance == null ? null : maintenance / PREVIOUS_WEEKS)
              : new WeekAt(w, sorted.get(i).distanceKm(), null, null));
    }
    return out;
  }

  /**
   * The intervals of one risk period from day {@code s} to day {@code e}: per week {@code w} with
   * {@code w + 7 > s} and {@code w <= e}, {@code (max(s, w), min(e, w + 7)]} when of non-zero
   * length, its previous weeks logged and their mean distance not 0.
   */
  private static void period(
      Runner r, int s, int e, boolean endsInEvent, List<WeekAt> weeks, List<Row> out) {
    for (WeekAt week : weeks) {
      if (week.prevKm() == null) {
        continue; // previous weeks not all logged (or no start, or no distance): left out
      }
      int w = week.w();
      int start = Math.max(s, w);
      int stop = Math.min(e, w + 7);
      if (w + 7 > s && w <= e && stop > start && week.prevKm() != 0.0) {
        boolean event = endsInEvent && e >= w && e < w + 7;
        out.add(
            RowFactory.create(
                r.key().site(),
                r.key().id(),
                (long) start,
                (long) stop,
                event ? 1L : 0L,
                week.prevMaintenance(),
                week.distanceKm() == null ? null : week.distanceKm() / week.prevKm()));
      }
    }
  }
}
