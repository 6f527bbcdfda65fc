package org.itbs.spark.features;

import static org.itbs.spark.features.LakeInput.PID;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runner-level tables of the current submissions (participants, training weeks, injuries,
 * assessments), each read once on the driver ({@link LakeInput#rows}) and grouped by runner: what
 * the runners table, apart from its gait peaks, and the recurrence intervals are derived from, in
 * plain Java. These tables hold one row per runner or a few per runner and week (some MB for a
 * large cohort, nothing beside the gait frames, which stay distributed: {@link Stances}); deriving
 * from them on the driver costs less than planning the Spark queries that did it.
 *
 * <p>Rows of a runner who is not among the participants are left out (the joins with the
 * participants left them out). Each runner's rows keep the order {@link LakeInput#rows} gives,
 * which is the order the Spark scans met them in.
 */
final class RunnerTables {
  /** A runner's key: site and pseudonym. */
  record Key(String site, String id) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** One participants row; a field is {@code null} where the curated value is empty. */
  record Participant(
      Key key,
      String sex,
      Long ageYears,
      LocalDate enrolment,
      LocalDate followupEnd,
      Double bmi,
      Long priorItbs) {}

  /** One training week of a runner. */
  record Week(LocalDate start, Double distanceKm, Double durationH, Long maintenanceSessions) {}

  /** One injury of a runner. */
  record Injury(LocalDate onset, String diagnosis, LocalDate returnToRun) {}

  /** One assessment of a runner's side: the {@link Runners#ASSESSED} values, in that order. */
  record Assessment(LocalDate date, String side, List<Double> values) {}

  /** A participant with the rows of the other tables that name them. */
  record Runner(
      Participant participant, List<Week> weeks, List<Injury> injuries, List<Assessment> assessed) {
    Key key() {
      return participant.key();
    }
  }

  private final Map<Key, Runner> runners;

  private RunnerTables(Map<Key, Runner> runners) {
    this.runners = runners;
  }

  /**
   * Reads the four tables of every current submission.
   *
   * @throws IllegalStateException when a site names a participant twice (the dictionary's unique
   *     key forbids it)
   */
  static RunnerTables read(LakeInput in) {
    Map<Key, Runner> runners = new LinkedHashMap<>();
    for (Object[] r :
        in.rows(
            "participants",
            PID,
            "sex",
            "age_years",
            Runners.ENROL,
            Runners.FOLLOWUP_END,
            "bmi",
            "prior_itbs")) {
      Key key = key(r);
      Participant p =
          new Participant(
              key,
              (String) r[2],
              (Long) r[3],
              (LocalDate) r[4],
              (LocalDate) r[5],
              (Double) r[6],
              (Long) r[7]);
      Runner before =
          runners.put(key, new Runner(p, new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
      if (before != null) {
        throw new IllegalStateException(
            "site " + key.site() + " lists participant " + key.id() + " twice");
      }
    }
    for (Object[] r :
        in.rows(
            "training_weeks",
            PID,
            "week_start",
            "distance_km",
            "duration_h",
            "maintenance_sessions")) {
      Runner runner = runners.get(key(r));
      if (runner != null) {
        runner.weeks().add(new Week((LocalDate) r[2], (Double) r[3], (Double) r[4], (Long) r[5]));
      }
    }
    for (Object[] r : in.rows("injuries", PID, "onset_date", "diagnosis", "return_to_run_date")) {
      Runner runner = runners.get(key(r));
      if (runner != null) {
        runner.injuries().add(new Injury((LocalDate) r[2], (String) r[3], (LocalDate) r[4]));
      }
    }
    String[] assessed = new String[3 + Runners.ASSESSED.length];
    assessed[0] = PID;
    assessed[1] = "assessment_date";
    assessed[2] = "side";
    for (int a = 0; a < Runners.ASSESSED.length; a++) {
      assessed[3 + a] = Runners.ASSESSED[a][0];
    }
    for (Object[] r : in.rows("assessments", assessed)) {
      Runner runner = runners.get(key(r));
      if (runner != null) {
        List<Double> values = new ArrayList<>();
        for (int a = 0; a < Runners.ASSESSED.length; a++) {
          values.add((Double) r[4 + a]);
        }
        runner.assessed().add(new Assessment((LocalDate) r[2], (String) r[3], values));
      }
    }
    return new RunnerTables(runners);
  }

  private static Key key(Object[] row) {
    return new Key((String) row[0], (String) row[1]);
  }

  /** The runners, in the order of the participants tables (sites in site order). */
  Iterable<Runner> runners() {
    return runners.values();
  }

  /** Every runner's day 0 (enrolment_date, days since 1970-01-01) that has one. */
  HashMap<Key, Integer> dayZero() {
    HashMap<Key, Integer> day0 = new HashMap<>();
    for (Runner r : runners.values()) {
      LocalDate enrolment = r.participant().enrolment();
      if (enrolment != null) {
        day0.put(r.key(), (int) enrolment.toEpochDay());
      }
    }
    return day0;
  }

  /**
   * Spark's {@code datediff(to, from)}: whole days from {@code from} to {@code to}, {@code null}
   * when either is.
   */
  static Integer days(LocalDate from, LocalDate to) {
    return from == null || to == null ? null : (int) (to.toEpochDay() - from.toEpochDay());
  }
}
