package org.itbs.synth;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.itbs.core.csv.CsvWriter;
import org.itbs.core.dictionary.Dictionary;

/**
 * Simulates each runner's injuries over follow-up and writes training_weeks.csv and injuries.csv of
 * one site.
 *
 * <p>ITBS: onsets and recurrences from {@link Hazards}, simulated forward in time so that every
 * value a hazard uses is written before the hazard acts. After an onset the runner cuts running to
 * 10–40 % and does 3–5 maintenance sessions a week until the return to running, 14–180 days later
 * (log-normal, median 6 weeks; 8 % do not return, and a return after follow-up end stays empty);
 * then volume ramps back over 3–8 weeks to 100–125 % of plan, and 55 % of runners stop their
 * maintenance work 2–16 weeks after the return: the pattern behind recurrence. Weeks starting in
 * days 0–27 keep their distance, so the baseline volume the hazard used stays what the file shows.
 *
 * <p>Other injuries (the noise around ITBS): a Poisson process at {@code otherInjuriesPerYear} per
 * runner-year, diagnoses in the proportions of Taunton 2002 (PFPS most common, then plantar
 * fasciitis, MTSS, Achilles, stress fractures, other), 3–150 days to return. With the defaults ITBS
 * is about 10 % of all injuries (van der Worp 2012: 5–14 %; Taunton 2002: 8.4 %).
 */
final class Outcomes {
  static final String[] WEEK_FIELDS = {
    "participant_id", "week_start", "distance_km", "duration_h", "maintenance_sessions"
  };
  static final String[] INJURY_FIELDS = {
    "participant_id", "onset_date", "side", "diagnosis", "return_to_run_date"
  };
  private static final int W_ID = 0;
  private static final int W_START = 1;
  private static final int W_DIST = 2;
  private static final int W_DUR = 3;
  private static final int W_MAINT = 4;
  private static final int I_ID = 0;
  private static final int I_ONSET = 1;
  private static final int I_SIDE = 2;
  private static final int I_DIAGNOSIS = 3;
  private static final int I_RETURN = 4;

  static final String ITBS = "ITBS";
  static final String[] OTHER_DIAGNOSES = {
    "PFPS", "PLANTAR_FASCIA", "MTSS", "ACHILLES", "STRESS_FRACTURE", "OTHER"
  };
  private static final double[] OTHER_WEIGHTS = {0.33, 0.14, 0.13, 0.13, 0.05, 0.22};

  private final Site site;
  private final long seed;
  private final Hazards hazards;
  private final double otherRate;
  private final FaultPlan faults;
  private final FaultLog log;
  private final Columns wcols;
  private final Columns icols;
  private final CsvWriter weeks;
  private final CsvWriter injuries;
  final Counts counts = new Counts();

  /** What the simulation produced, for truth.json. */
  static final class Counts {
    long itbsOnsets;
    long itbsEpisodes;
    long recurrences;
    long itbsReturns;
    long priorItbs;
    final long[] other = new long[OTHER_DIAGNOSES.length];
    final List<Runner> recurrenceRunners = new ArrayList<>();

    long otherTotal() {
      long s = 0;
      for (long o : other) {
        s += o;
      }
      return s;
    }

    void add(Counts c) {
      itbsOnsets += c.itbsOnsets;
      itbsEpisodes += c.itbsEpisodes;
      recurrences += c.recurrences;
      itbsReturns += c.itbsReturns;
      priorItbs += c.priorItbs;
      for (int i = 0; i < other.length; i++) {
        other[i] += c.other[i];
      }
      recurrenceRunners.addAll(c.recurrenceRunners);
    }
  }

  private record Injury(long onset, String side, String diagnosis, long back) {}

  Outcomes(
      Site site,
      long seed,
      Hazards hazards,
      double otherRate,
      Dictionary dict,
      FaultPlan faults,
      FaultLog log,
      Path dir) {
    this.site = site;
    this.seed = seed;
    this.hazards = hazards;
    this.otherRate = otherRate;
    this.faults = faults;
    this.log = log;
    this.wcols = new Columns(dict.table("training_weeks"), WEEK_FIELDS);
    this.icols = new Columns(dict.table("injuries"), INJURY_FIELDS);
    this.weeks =
        CsvWriter.create(
            dir.resolve(FaultKind.Table.WEEKS.file()),
            faults.encoding(FaultKind.Table.WEEKS, site, log),
            wcols.header());
    this.injuries =
        CsvWriter.create(
            dir.resolve(FaultKind.Table.INJURIES.file()),
            faults.encoding(FaultKind.Table.INJURIES, site, log),
            icols.header());
  }

  long weekRows() {
    return weeks.rows();
  }

  long injuryRows() {
    return injuries.rows();
  }

  void close() {
    try {
      weeks.close();
    } finally {
      injuries.close();
    }
  }

  /** Simulates and writes one runner. */
  void write(Runner runner) {
    TrainingPlan plan = new TrainingPlan(seed, site, runner);
    List<Injury> list = new ArrayList<>();
    simulateItbs(runner, plan, list);
    simulateOther(runner, list);
    list.sort(
        Comparator.comparingLong(Injury::onset)
            .thenComparing(Injury::diagnosis)
            .thenComparing(Injury::side));
    writeWeeks(runner, plan);
    for (Injury in : list) {
      injury(runner.id, in.onset(), in.side(), in.diagnosis(), in.back(), -1, null);
    }
    faultyInjuries(runner);
    if (runner.prior) {
      counts.priorItbs++;
    }
  }

  private void simulateItbs(Runner runner, TrainingPlan plan, List<Injury> out) {
    if (hazards.h0() <= 0) {
      return;
    }
    Rng r = Rng.stream(seed, Streams.ITBS, site.index, runner.index);
    double[] planned = plan.distance.clone();
    double eta = hazards.eta(runner);
    double onsetRate = hazards.h0() * StrictMath.exp(eta);
    double historyRate =
        hazards.h0() * StrictMath.exp(eta + Covariate.PRIOR_ITBS.logHazardRatio() - hazards.c());
    boolean history = runner.prior;
    boolean contributes = runner.prior;
    long from = runner.enrol;
    boolean first = true;
    while (true) {
      long onset =
          history
              ? weeklyEvent(plan, historyRate, from, runner.end, r)
              : constantEvent(onsetRate, from, runner.end, r);
      if (onset < 0) {
        break;
      }
      counts.itbsEpisodes++;
      if (first) {
        counts.itbsOnsets++;
        first = false;
      }
      if (history) {
        counts.recurrences++;
      }
      double u = r.nextDouble();
      String side = u < 0.45 ? "L" : (u < 0.9 ? "R" : "B");
      long back = onset + Math.round(BaselineWriter.clamp(r.logNormal(42, 0.4), 14, 180));
      if (r.chance(0.08) || back > runner.end) {
        back = -1;
      }
      out.add(new Injury(onset, side, ITBS, back));
      afterOnset(runner, plan, planned, onset, back, r);
      if (back < 0) {
        break;
      }
      counts.itbsReturns++;
      contributes = true;
      history = true;
      from = back;
    }
    if (contributes) {
      counts.recurrenceRunners.add(runner);
    }
  }

  /** Event day after {@code from} under a constant hazard per day, or -1 by {@code end}. */
  private static long constantEvent(double rate, long from, long end, Rng r) {
    double t = r.exponential(1) / rate;
    if (t > end - from) {
      return -1;
    }
    return from + Math.max(1, (long) Math.ceil(t));
  }

  /**
   * Event day after {@code from} under the recurrence hazard, piecewise constant over the weekly
   * intervals (w, w + 7], or -1 by {@code end}.
   */
  private long weeklyEvent(TrainingPlan plan, double base, long from, long end, Rng r) {
    double threshold = r.exponential(1);
    double cum = 0;
    long segStart = from;
    while (segStart < end) {
      int i = plan.weekOfDay(segStart + 1);
      long segEnd = Math.min(plan.weekStart(i) + 7, end);
      double rate = base * StrictMath.exp(Hazards.trainingLog(plan, i));
      double len = segEnd - segStart;
      if (cum + rate * len >= threshold) {
        double t = segStart + (threshold - cum) / rate;
        long day = (long) Math.ceil(t);
        return Math.max(segStart + 1, Math.min(segEnd, day));
      }
      cum += rate * len;
      segStart = segEnd;
    }
    return -1;
  }

  /** Changes the plan for the weeks after an onset: rest, rehabilitation, return ramp. */
  private static void afterOnset(
      Runner runner, TrainingPlan plan, double[] planned, long onset, long back, Rng r) {
    double rest = r.uniform(0.1, 0.4);
    double rehab = r.uniform(3, 5);
    int rampWeeks = r.between(3, 8);
    double overshoot = r.uniform(1.0, 1.25);
    boolean keeps = r.chance(0.45);
    int stopAfter = r.between(2, 16);
    for (int i = TrainingPlan.PRE_WEEKS; i < plan.weeks; i++) {
      long w = plan.weekStart(i);
      if (w <= onset) {
        continue;
      }
      boolean resting = back < 0 || w < back;
      long since = resting ? -1 : (w - back) / 7;
      if (w >= runner.enrol + 28) {
        double factor;
        if (resting) {
          factor = rest;
        } else if (since < rampWeeks) {
          factor = rest + (overshoot - rest) * (since + 1) / rampWeeks;
        } else {
          factor = 1;
        }
        plan.distance[i] = CsvWriter.printed(BaselineWriter.clamp(planned[i] * factor, 0, 380), 1);
      }
      double m;
      if (resting) {
        m = rehab;
      } else if (keeps) {
        m = Math.max(plan.maintenanceHabit, 2);
      } else if (since < stopAfter) {
        m = rehab * 0.8;
      } else {
        m = plan.maintenanceHabit * 0.2;
      }
      plan.maintenance[i] = Math.min(14, r.poisson(m));
    }
  }

  private void simulateOther(Runner runner, List<Injury> out) {
    if (otherRate <= 0) {
      return;
    }
    Rng r = Rng.stream(seed, Streams.OTHER_INJURIES, site.index, runner.index);
    int n = r.poisson(otherRate * runner.followupDays() / 365.25);
    for (int k = 0; k < n; k++) {
      long onset = runner.enrol + r.between(0, (int) runner.followupDays());
      double u = r.nextDouble();
      int d = 0;
      double acc = OTHER_WEIGHTS[0];
      while (u > acc && d < OTHER_WEIGHTS.length - 1) {
        d++;
        acc += OTHER_WEIGHTS[d];
      }
      double s = r.nextDouble();
      String side = s < 0.42 ? "L" : (s < 0.84 ? "R" : "B");
      long back = onset + Math.round(BaselineWriter.clamp(r.logNormal(21, 0.6), 3, 150));
      if (r.chance(0.12) || back > runner.end) {
        back = -1;
      }
      counts.other[d]++;
      out.add(new Injury(onset, side, OTHER_DIAGNOSES[d], back));
    }
  }

  private void writeWeeks(Runner runner, TrainingPlan plan) {
    FaultKind[] faultAt = null;
    List<FaultKind> extra = List.of();
    if (faults.active()) {
      List<Integer> eligible = new ArrayList<>();
      for (int i = TrainingPlan.PRE_WEEKS; i < plan.weeks; i++) {
        if (plan.logged[i] && plan.weekStart(i) >= runner.enrol + 28) {
          eligible.add(i);
        }
      }
      List<FaultKind> kinds =
          faults.take(
              FaultKind.Table.WEEKS,
              runner.index,
              k ->
                  k == FaultKind.W_WEEK_BEFORE_WINDOW
                      || k == FaultKind.W_UNKNOWN_PARTICIPANT
                      || eligible.size() >= 8);
      extra = new ArrayList<>();
      for (FaultKind k : kinds) {
        if (k == FaultKind.W_WEEK_BEFORE_WINDOW || k == FaultKind.W_UNKNOWN_PARTICIPANT) {
          extra.add(k);
          continue;
        }
        if (faultAt == null) {
          faultAt = new FaultKind[plan.weeks];
        }
        int i;
        do {
          i = eligible.get(faults.rng().nextInt(eligible.size()));
        } while (faultAt[i] != null);
        faultAt[i] = k;
      }
    }
    for (int i = TrainingPlan.PRE_WEEKS; i < plan.weeks; i++) {
      if (!plan.logged[i]) {
        continue;
      }
      if (faultAt != null && faultAt[i] != null) {
        faultyWeek(faultAt[i], runner, plan, i);
      } else {
        week(runner.id, plan.weekStart(i), plan, i, -1, null);
      }
    }
    for (FaultKind k : extra) {
      long line = weeks.nextLine();
      if (k == FaultKind.W_WEEK_BEFORE_WINDOW) {
        long w = plan.firstMonday - 7L * faults.rng().between(2, 10);
        String value = LocalDate.ofEpochDay(w).toString();
        week(runner.id, w, plan, TrainingPlan.PRE_WEEKS, -1, null);
        log.row(site, FaultKind.Table.WEEKS, line, wcols.name(W_START), value, k.rule);
      } else {
        String id = faults.unknownParticipant(site);
        week(id, plan.firstMonday, plan, TrainingPlan.PRE_WEEKS, -1, null);
        log.row(site, FaultKind.Table.WEEKS, line, wcols.name(W_ID), id, k.rule);
      }
    }
  }

  private void faultyWeek(FaultKind k, Runner runner, TrainingPlan plan, int i) {
    Rng fr = faults.rng();
    long line = weeks.nextLine();
    long w = plan.weekStart(i);
    int field;
    String value;
    switch (k) {
      case W_NOT_A_MONDAY -> {
        field = W_START;
        value = LocalDate.ofEpochDay(w + fr.between(1, 6)).toString();
      }
      case W_DISTANCE_IN_METRES -> {
        field = W_DIST;
        value =
            plan.distance[i] >= 0.5
                ? Long.toString(Math.round(plan.distance[i] * 1000))
                : Integer.toString(fr.between(500, 900));
      }
      case W_DURATION_AS_CLOCK -> {
        field = W_DUR;
        long minutes = Math.round(plan.duration(i) * 60);
        value = (minutes / 60) + ":" + (minutes % 60 < 10 ? "0" : "") + (minutes % 60);
      }
      case W_MAINTENANCE_OUT_OF_RANGE -> {
        field = W_MAINT;
        value = Integer.toString(fr.between(15, 30));
      }
      case W_DISTANCE_MISSING -> {
        field = W_DIST;
        value = "NA";
      }
      case W_DUPLICATE_WEEK -> {
        week(runner.id, w, plan, i, -1, null);
        long second = weeks.nextLine();
        double corrected = plan.distance[i] + fr.between(1, 9);
        week(
            runner.id,
            w,
            plan,
            i,
            W_DIST,
            BaselineWriter.decimal(CsvWriter.round(corrected, 1), 1));
        List<String> keyCols = List.of(wcols.name(W_ID), wcols.name(W_START));
        List<String> keyVals = List.of(runner.id, LocalDate.ofEpochDay(w).toString());
        log.duplicate(site, FaultKind.Table.WEEKS, line, keyCols, keyVals);
        log.duplicate(site, FaultKind.Table.WEEKS, second, keyCols, keyVals);
        return;
      }
      default -> throw new IllegalStateException("not a training_weeks fault: " + k);
    }
    week(runner.id, w, plan, i, field, value);
    log.row(site, FaultKind.Table.WEEKS, line, wcols.name(field), value, k.rule);
  }

  private void week(
      String id,
      long weekStart,
      TrainingPlan plan,
      int i,
      int overrideField,
      String overrideValue) {
    for (int c = 0; c < wcols.size(); c++) {
      int f = wcols.field(c);
      if (f == overrideField) {
        weeks.text(overrideValue);
        continue;
      }
      switch (f) {
        case W_ID -> weeks.text(id);
        case W_START -> weeks.date(weekStart);
        case W_DIST -> weeks.fixed(plan.distance[i], 1);
        case W_DUR -> weeks.fixed(plan.duration(i), 2);
        case W_MAINT -> weeks.integer(plan.maintenance[i]);
        default -> throw new IllegalStateException("field " + f);
      }
    }
    weeks.endRow();
  }

  private void faultyInjuries(Runner runner) {
    if (!faults.active()) {
      return;
    }
    for (FaultKind k :
        faults.take(
            FaultKind.Table.INJURIES,
            runner.index,
            k -> k != FaultKind.I_RETURN_BEFORE_ONSET || runner.followupDays() >= 11)) {
      Rng fr = faults.rng();
      String id = runner.id;
      long onset = runner.enrol + fr.between(0, (int) runner.followupDays());
      String side = "L";
      String diagnosis = OTHER_DIAGNOSES[fr.nextInt(OTHER_DIAGNOSES.length)];
      long back = -1;
      int field;
      String value;
      switch (k) {
        case I_DIAGNOSIS_FREE_TEXT -> {
          field = I_DIAGNOSIS;
          value = "ITB syndrome";
        }
        case I_SIDE_WORD -> {
          field = I_SIDE;
          value = "both";
        }
        case I_ONSET_BEFORE_ENROLMENT -> {
          field = I_ONSET;
          onset = runner.enrol - fr.between(3, 60);
          value = LocalDate.ofEpochDay(onset).toString();
        }
        case I_RETURN_BEFORE_ONSET -> {
          field = I_RETURN;
          onset = runner.enrol + fr.between(10, (int) runner.followupDays());
          back = onset - fr.between(1, 10);
          value = LocalDate.ofEpochDay(back).toString();
        }
        case I_ONSET_DAY_FIRST -> {
          field = I_ONSET;
          LocalDate d = LocalDate.ofEpochDay(onset);
          value =
              (d.getDayOfMonth() < 10 ? "0" : "")
                  + d.getDayOfMonth()
                  + "/"
                  + (d.getMonthValue() < 10 ? "0" : "")
                  + d.getMonthValue()
                  + "/"
                  + d.getYear();
        }
        case I_DIAGNOSIS_MISSING -> {
          field = I_DIAGNOSIS;
          value = "";
        }
        case I_UNKNOWN_PARTICIPANT -> {
          field = I_ID;
          id = faults.unknownParticipant(site);
          value = id;
        }
        default -> throw new IllegalStateException("not an injuries fault: " + k);
      }
      long line = injuries.nextLine();
      injury(id, onset, side, diagnosis, back, field, value);
      log.row(site, FaultKind.Table.INJURIES, line, icols.name(field), value, k.rule);
    }
  }

  private void injury(
      String id,
      long onset,
      String side,
      String diagnosis,
      long back,
      int overrideField,
      String overrideValue) {
    for (int c = 0; c < icols.size(); c++) {
      int f = icols.field(c);
      if (f == overrideField) {
        injuries.text(overrideValue);
        continue;
      }
      switch (f) {
        case I_ID -> injuries.text(id);
        case I_ONSET -> injuries.date(onset);
        case I_SIDE -> injuries.text(side);
        case I_DIAGNOSIS -> injuries.text(diagnosis);
        case I_RETURN -> {
          if (back < 0) {
            injuries.empty();
          } else {
            injuries.date(back);
          }
        }
        default -> throw new IllegalStateException("field " + f);
      }
    }
    injuries.endRow();
  }
}
