package org.itbs.synth;

import java.time.DayOfWeek;
import java.time.LocalDate;
import org.itbs.core.csv.CsvWriter;

/**
 * One runner's training as it would go without ITBS: weekly distance, running pace, maintenance
 * (hip/ankle strength or mobility) sessions, and which weeks the runner logged. Week index 0 is
 * four weeks before the Monday on or before enrolment, so the acute:chronic ratio and the mean
 * maintenance of the four previous weeks exist from day 0; those four weeks are never written.
 * Drawn from the runner's own training stream, so pass one (baseline volume) and pass two
 * (outcomes) see the same plan. {@link Outcomes} then changes the weeks after an ITBS onset.
 *
 * <p>Volume: a base of about 33 km a week (log-normal, SD of the log 0.45, men 15 % more, a
 * per-site factor), week-to-week noise (SD of the log 0.15), build-up blocks of 6–14 weeks that
 * climb 20–60 % before a taper (the volume climbs the analysis plan's recurrence question is
 * about), and short breaks. Pace 5.6 ± 0.5 min/km (women 0.35 slower), as in cohort-a. Maintenance:
 * a habit of 1.5 sessions a week on average (gamma), Poisson week to week; a quarter of the runners
 * stop at some point. About 3 % of weeks, and a few short gaps, are not logged.
 */
final class TrainingPlan {
  /** Weeks before the first logged week that exist only to give early weeks a history. */
  static final int PRE_WEEKS = 4;

  final long firstMonday;
  final int weeks;
  final double[] distance;
  final int[] maintenance;
  final boolean[] logged;
  final double[] paceNoise;
  final double pace;
  final double baseVolume;
  final double maintenanceHabit;

  TrainingPlan(long seed, Site site, Runner runner) {
    Rng r = Rng.stream(seed, Streams.TRAINING, site.index, runner.index);
    LocalDate enrol = LocalDate.ofEpochDay(runner.enrol);
    this.firstMonday =
        runner.enrol - (enrol.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue());
    this.weeks = PRE_WEEKS + (int) ((runner.end - firstMonday) / 7) + 1;
    this.distance = new double[weeks];
    this.maintenance = new int[weeks];
    this.logged = new boolean[weeks];
    this.paceNoise = new double[weeks];
    this.baseVolume =
        BaselineWriter.clamp(
            site.volumeFactor * r.logNormal(runner.female ? 30 : 36, 0.45), 8, 140);
    this.pace = r.truncatedNormal(5.6 + (runner.female ? 0.35 : 0), 0.5, 4.0, 7.5);
    this.maintenanceHabit = r.gamma(1.3, 1.15);
    int stopAt = r.chance(0.25) ? r.between(8, Math.max(8, weeks)) : Integer.MAX_VALUE;
    double level = 1;
    int blockLeft = 0;
    double blockStep = 0;
    int taperLeft = 0;
    int breakLeft = 0;
    int gapLeft = 0;
    int nextBlock = r.between(2, 30);
    for (int i = 0; i < weeks; i++) {
      double factor;
      if (breakLeft > 0) {
        breakLeft--;
        factor = r.uniform(0.2, 0.5);
      } else if (blockLeft > 0) {
        blockLeft--;
        level += blockStep;
        factor = level;
        if (blockLeft == 0) {
          taperLeft = 2;
        }
      } else if (taperLeft > 0) {
        taperLeft--;
        level = 1;
        factor = taperLeft == 1 ? 0.75 : 0.9;
      } else {
        factor = 1;
        if (i >= nextBlock) {
          blockLeft = r.between(6, 14);
          blockStep = r.uniform(0.2, 0.6) / blockLeft;
          nextBlock = i + blockLeft + r.between(12, 40);
        } else if (r.chance(0.02)) {
          breakLeft = r.between(1, 2);
        }
      }
      double km = baseVolume * factor * r.logNormal(1, 0.15);
      distance[i] = CsvWriter.printed(BaselineWriter.clamp(km, 0, 380), 1);
      double habit = i >= stopAt ? maintenanceHabit * 0.1 : maintenanceHabit;
      maintenance[i] = Math.min(14, r.poisson(habit));
      paceNoise[i] = r.logNormal(1, 0.03);
      if (i < PRE_WEEKS) {
        logged[i] = false;
      } else if (gapLeft > 0) {
        gapLeft--;
        logged[i] = false;
      } else if (r.chance(0.006)) {
        gapLeft = r.between(1, 4);
        logged[i] = false;
      } else {
        logged[i] = !r.chance(0.03);
      }
    }
  }

  /** The Monday that starts week {@code i} (epoch day). */
  long weekStart(int i) {
    return firstMonday + 7L * (i - PRE_WEEKS);
  }

  /** The week whose interval (w, w + 7] holds day {@code day}, i.e. the Monday before it. */
  int weekOfDay(long day) {
    return (int) Math.floorDiv(day - 1 - firstMonday, 7) + PRE_WEEKS;
  }

  /** Running time of week {@code i} in hours (2 decimals), consistent with the runner's pace. */
  double duration(int i) {
    return CsvWriter.printed(
        BaselineWriter.clamp(distance[i] * pace / 60 * paceNoise[i], 0, 39.99), 2);
  }

  /** Mean maintenance sessions over the four weeks before week {@code i}. */
  double maintenanceBefore(int i) {
    return (maintenance[i - 1] + maintenance[i - 2] + maintenance[i - 3] + maintenance[i - 4])
        / 4.0;
  }

  /** Acute:chronic workload ratio of week {@code i}; 1 when the four weeks before ran nothing. */
  double acwr(int i) {
    double chronic = (distance[i - 1] + distance[i - 2] + distance[i - 3] + distance[i - 4]) / 4;
    return chronic == 0 ? 1 : distance[i] / chronic;
  }

  /** Mean logged distance over the weeks starting on days 0–27 (the plan's km_week), or NaN. */
  double baselineKmWeek(long enrol) {
    double sum = 0;
    int n = 0;
    for (int i = PRE_WEEKS; i < weeks; i++) {
      long off = weekStart(i) - enrol;
      if (off > 27) {
        break;
      }
      if (off >= 0 && logged[i]) {
        sum += distance[i];
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }
}
