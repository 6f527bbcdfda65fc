package org.itbs.spark.features;

import static org.itbs.spark.features.LakeInput.PID;
import static org.itbs.spark.features.LakeInput.SITE;
import static org.itbs.spark.features.RunnerTables.days;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.StructType;
import org.itbs.spark.features.RunnerTables.Assessment;
import org.itbs.spark.features.RunnerTables.Injury;
import org.itbs.spark.features.RunnerTables.Participant;
import org.itbs.spark.features.RunnerTables.Runner;
import org.itbs.spark.features.RunnerTables.Week;

/**
 * The analysis set: one row per runner of the current submissions, with the derived variables of
 * analysis-plan v1 ("Analysis set and derived variables"), computed as the reference implementation
 * ({@code reference.R}) does. Day offsets are whole days from enrolment_date (day 0); dates in a
 * submission are shifted per runner by whole weeks, so offsets are those of the clinic's data.
 *
 * <p>Everything but the gait peaks ({@link Stances}, computed by Spark over the frames) is derived
 * on the driver from the runner-level tables ({@link RunnerTables}), one runner at a time, with the
 * arithmetic of the Spark SQL expressions that derived it before (SQL nulls, doubles summed in the
 * order the scan met the rows, exact decimal sums).
 */
final class Runners {
  static final String ENROL = "enrolment_date";
  static final String FOLLOWUP_END = "followup_end_date";

  /** Assessment columns and the runner variables they give. */
  static final String[][] ASSESSED = {
    {"hip_abduction_torque_nm_kg", "hip_abd"},
    {"hip_external_rotation_torque_nm_kg", "hip_er"},
    {"dorsiflexion_lunge_cm", "df_lunge"},
  };

  /** Assessments this many days or fewer from day 0 can be the baseline assessment of a side. */
  static final int ASSESSMENT_WINDOW_DAYS = 30;

  /** Weeks starting on these days (from day 0, both included) make up the baseline volume. */
  static final int VOLUME_FIRST_DAY = 0;

  static final int VOLUME_LAST_DAY = 27;

  /** Diagnosis of the injury the plan is about. */
  static final String ITBS = "ITBS";

  /** Exposure hours are summed in this decimal type (as Spark's {@code decimal(38,18)}). */
  private static final int EXPOSURE_PRECISION = 38;

  private static final int EXPOSURE_SCALE = 18;

  private Runners() {}

  /** The columns {@link #rows} gives, in that order. */
  static StructType columns() {
    StructType t =
        new StructType()
            .add(SITE, DataTypes.StringType, false)
            .add(PID, DataTypes.StringType, false);
    for (String[] p : Stances.PEAKS) {
      t = t.add(p[1], DataTypes.DoubleType, true);
    }
    for (String[] a : ASSESSED) {
      t = t.add(a[1], DataTypes.DoubleType, true);
    }
    return t.add("km_week", DataTypes.DoubleType, true)
        .add("sexF", DataTypes.LongType, false)
        .add("age", DataTypes.LongType, true)
        .add("bmi", DataTypes.DoubleType, true)
        .add("prior_itbs", DataTypes.LongType, true)
        .add("time", DataTypes.LongType, true)
        .add("event", DataTypes.LongType, false)
        .add("exposure_h", DataTypes.DoubleType, false);
  }

  /**
   * The runners' rows ({@link #columns}), in the cohort's order.
   *
   * @param peaks per runner whose baseline gait session has a complete stance, the row of {@link
   *     Stances#peaks}: site, participant_id and the {@link Stances#PEAKS} outputs
   */
  static List<Row> rows(RunnerTables cohort, Map<RunnerTables.Key, Row> peaks) {
    List<Row> out = new ArrayList<>();
    for (Runner r : cohort.runners()) {
      Participant p = r.participant();
      List<Object> v = new ArrayList<>(List.of(r.key().site(), r.key().id()));
      Row peak = peaks.get(r.key());
      for (int i = 0; i < Stances.PEAKS.length; i++) {
        v.add(peak == null || peak.isNullAt(2 + i) ? null : peak.getDouble(2 + i));
      }
      v.addAll(baselineAssessment(p.enrolment(), r.assessed()));
      LocalDate onset = firstOnset(p.enrolment(), r.injuries());
      LocalDate end = onset != null ? onset : p.followupEnd();
      v.add(kmWeek(p.enrolment(), r.weeks()));
      v.add("F".equals(p.sex()) ? 1L : 0L);
      v.add(p.ageYears());
      v.add(p.bmi()); // as the clinic released it (cef-1-submission)
      v.add(p.priorItbs());
      Integer time = days(p.enrolment(), end);
      v.add(time == null ? null : time.longValue());
      v.add(onset != null ? 1L : 0L);
      v.add(exposure(p.enrolment(), end, r.weeks()));
      out.add(RowFactory.create(v.toArray()));
    }
    return out;
  }

  /**
   * The outcome: the first ITBS onset after day 0 ({@code onset_date > enrolment_date}) is the
   * event, or {@code null} when there is none (the runner is then censored at followup_end_date).
   */
  static LocalDate firstOnset(LocalDate day0, List<Injury> injuries) {
    LocalDate first = null;
    for (Injury i : injuries) {
      if (ITBS.equals(i.diagnosis())
          && day0 != null
          && i.onset() != null
          && i.onset().isAfter(day0)
          && (first == null || i.onset().isBefore(first))) {
        first = i.onset();
      }
    }
    return first;
  }

  /**
   * Per side the assessment nearest day 0 within ±30 days (ties: the earlier; of two rows of the
   * same day, the first met), then per variable the mean of the two sides' values; where one side
   * lacks the row or the value, the other side's value (as R's {@code mean(na.rm = TRUE)} over the
   * sides). One value per {@link #ASSESSED} variable, {@code null} where neither side has one.
   */
  static List<Double> baselineAssessment(LocalDate day0, List<Assessment> assessed) {
    Assessment left = null;
    Assessment right = null;
    for (Assessment a : assessed) {
      Integer off = days(day0, a.date());
      if (off == null || Math.abs(off) > ASSESSMENT_WINDOW_DAYS) {
        continue;
      }
      if ("L".equals(a.side()) && nearer(a, left, day0)) {
        left = a;
      } else if ("R".equals(a.side()) && nearer(a, right, day0)) {
        right = a;
      }
    }
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < ASSESSED.length; i++) {
      Double l = left == null ? null : left.values().get(i);
      Double r = right == null ? null : right.values().get(i);
      if (l == null || r == null) {
        out.add(l == null ? r : l);
      } else {
        out.add((l + r) / 2);
      }
    }
    return out;
  }

  /**
   * Whether {@code a} is strictly nearer day 0 than {@code best}: smaller |offset|, then earlier.
   */
  private static boolean nearer(Assessment a, Assessment best, LocalDate day0) {
    if (best == null) {
      return true;
    }
    int off = days(day0, a.date());
    int bestOff = days(day0, best.date());
    return Math.abs(off) < Math.abs(bestOff)
        || (Math.abs(off) == Math.abs(bestOff) && off < bestOff);
  }

  /**
   * {@code km_week}: the mean distance_km of the logged weeks starting on days 0–27, summed in the
   * order the weeks were read; {@code null} without one.
   */
  static Double kmWeek(LocalDate day0, List<Week> weeks) {
    double sum = 0.0;
    long n = 0;
    for (Week w : weeks) {
      Integer off = days(day0, w.start());
      if (off != null
          && off >= VOLUME_FIRST_DAY
          && off <= VOLUME_LAST_DAY
          && w.distanceKm() != null) {
        sum += w.distanceKm();
        n++;
      }
    }
    return n == 0 ? null : sum / n;
  }

  /**
   * {@code exposure_h}: the sum of duration_h over the logged weeks whose days [week_start,
   * week_start + 6] overlap the time at risk [day 0, end], 0 without one. The sum is taken in
   * decimal(38,18), each value converted as Spark's {@code cast(duration_h as decimal(38,18))} does
   * (its shortest decimal form, as written in the submission), so it is exact and does not depend
   * on the order of the weeks; the result is the double nearest to it, as Spark's cast of the sum
   * back to double gives. Spark's own {@link Decimal} does both conversions.
   *
   * @throws ArithmeticException when a value does not fit decimal(38,18) (Spark's ANSI cast fails
   *     too; the dictionary's range of duration_h keeps it far inside)
   */
  static double exposure(LocalDate day0, LocalDate end, List<Week> weeks) {
    BigDecimal sum = null;
    for (Week w : weeks) {
      boolean atRisk =
          day0 != null
              && end != null
              && w.start() != null
              && !w.start().isAfter(end)
              && !w.start().plusDays(6).isBefore(day0);
      if (atRisk && w.durationH() != null) {
        Decimal h = Decimal.apply(w.durationH());
        if (!h.changePrecision(EXPOSURE_PRECISION, EXPOSURE_SCALE)) {
          throw new ArithmeticException(
              "duration_h " + w.durationH() + " does not fit decimal(38,18)");
        }
        sum = sum == null ? h.toJavaBigDecimal() : sum.add(h.toJavaBigDecimal());
      }
    }
    return sum == null ? 0.0 : Decimal.apply(sum, EXPOSURE_PRECISION, EXPOSURE_SCALE).toDouble();
  }
}
