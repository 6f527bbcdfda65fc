package org.itbs.analysis.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.itbs.stats.Auc;
import org.itbs.stats.Cox;
import org.itbs.stats.CoxModel;
import org.itbs.stats.GlmModel;
import org.itbs.stats.Logistic;
import org.itbs.stats.Poisson;
import org.itbs.stats.PoissonRate;
import org.itbs.stats.Standardisation;
import org.itbs.stats.SurvivalData;
import org.itbs.stats.Ties;
import org.itbs.stats.Variance;

/**
 * The primary analyses of the statistical analysis plan, version 1: P1 (Cox, Efron ties), P2
 * (logistic, onset within 365 days), P3 (Poisson with log exposure as offset, and the onset rate
 * per 1000 h) and R1 (Andersen–Gill Cox with time-varying covariates, robust variance clustered by
 * runner). Selection, complete cases and standardisation are exactly as the plan states, so any
 * correct implementation given the same analysis set gets the same numbers.
 */
public final class PlanV1 {
  /** The plan version every output states. */
  public static final String VERSION = "analysis-plan v1";

  /** The onset models' covariates, as the plan names them, in its order. */
  public static final List<String> ONSET_TERMS =
      List.of(
          "peak_hip_add",
          "peak_pelvic_drop",
          "hip_abd",
          "hip_er",
          "df_lunge",
          "km_week",
          "sex",
          "age",
          "bmi",
          "prior_itbs");

  /** Terms that stay 0/1; every other onset term is standardised per model. */
  public static final Set<String> BINARY_TERMS = Set.of("sex", "prior_itbs");

  /** R1's terms, in the plan's order. */
  public static final List<String> RECURRENCE_TERMS =
      List.of("maintenance", "acwr", "hip_abd", "df_lunge", "sex");

  /** Days within which P2 counts an onset. */
  public static final double P2_HORIZON_DAYS = 365;

  private PlanV1() {}

  /** The analysis-set column that holds a term ({@code sex} is stored as {@code sexF}). */
  public static String column(String term) {
    return term.equals("sex") ? "sexF" : term;
  }

  /**
   * Runs every primary analysis. Each model is fitted on its own: one that cannot be fitted, or
   * whose fit is not estimable (did not converge, or a coefficient ran away: see {@link
   * Estimability}), publishes no coefficients and its {@link ModelCounts#notFitted()} says why; the
   * other models go on.
   *
   * @throws IllegalArgumentException when a recurrence interval names a runner not in the set
   */
  public static PlanResult run(AnalysisSet set, RecurrenceIntervals intervals) {
    List<Effect> effects = new ArrayList<>();
    Map<String, ModelCounts> counts = new LinkedHashMap<>();
    int n = set.size();
    double[] time = set.column("time");
    double[] event = set.column("event");
    double[] exposure = set.column("exposure_h");
    String[] sites = set.sites();

    int[] everyone = range(n);
    // P1
    List<Effect> siteRobust = new ArrayList<>();
    double concordance = Double.NaN;
    try {
      OnsetSelection p1 = select("P1", set, n, everyone, Map.of());
      int ev1 = p1.sum(event);
      if (p1.failure != null) {
        counts.put("P1", p1.notFitted(ev1, p1.failure, 0));
      } else if (ev1 == 0) {
        counts.put("P1", p1.notFitted(ev1, "no ITBS onset among the runners in the model", 0));
      } else {
        CoxModel m1 = Cox.builder().ties(Ties.EFRON).fit(p1.survival(time, event, p1.all()));
        Optional<String> why = Fits.whyNot(m1, Variance.MODEL);
        if (why.isPresent()) {
          counts.put("P1", p1.notFitted(ev1, why.get(), 0));
        } else {
          Fits.addCox(effects, "P1", m1, Variance.MODEL, p1.rows.length, m1.events());
          counts.put("P1", p1.counts(ev1, 0));
          concordance = m1.concordance();
          String[] p1Sites = p1.pick(sites);
          if (new LinkedHashSet<>(List.of(p1Sites)).size() > 1) {
            CoxModel robust =
                Cox.builder()
                    .ties(Ties.EFRON)
                    .cluster(p1Sites)
                    .fit(p1.survival(time, event, p1.all()));
            if (Fits.whyNot(robust, Variance.ROBUST).isEmpty()) {
              Fits.addCox(
                  siteRobust, "P1", robust, Variance.ROBUST, p1.rows.length, robust.events());
            }
          }
        }
      }
    } catch (IllegalArgumentException | IllegalStateException | ArithmeticException e) {
      counts.put("P1", ModelCounts.notFitted("P1", n, e.getMessage()));
    }

    // P2: onset within 365 days; runners censored before day 365 are left out.
    List<Integer> p2Rows = new ArrayList<>();
    int censoredEarly = 0;
    for (int i = 0; i < n; i++) {
      if (event[i] == 1 || time[i] >= P2_HORIZON_DAYS) {
        p2Rows.add(i);
      } else {
        censoredEarly++;
      }
    }
    double auc = Double.NaN;
    try {
      OnsetSelection p2 =
          select(
              "P2",
              set,
              n,
              p2Rows.stream().mapToInt(Integer::intValue).toArray(),
              censoredEarly > 0 ? Map.of("censored before day 365", censoredEarly) : Map.of());
      int[] y = new int[p2.rows.length];
      for (int k = 0; k < y.length; k++) {
        int i = p2.rows[k];
        y[k] = event[i] == 1 && time[i] <= P2_HORIZON_DAYS ? 1 : 0;
      }
      int ev2 = java.util.Arrays.stream(y).sum();
      if (p2.failure != null) {
        counts.put("P2", p2.notFitted(ev2, p2.failure, 0));
      } else if (ev2 == 0 || ev2 == y.length) {
        counts.put(
            "P2",
            p2.notFitted(
                ev2,
                ev2 == 0
                    ? "no ITBS onset within 365 days among the runners in the model"
                    : "every runner in the model had an ITBS onset within 365 days",
                0));
      } else {
        GlmModel m2;
        Optional<String> why;
        try {
          m2 = Logistic.fit(ONSET_TERMS, p2.x, y);
          why = Fits.whyNot(m2);
        } catch (IllegalArgumentException | ArithmeticException e) {
          // the iterations broke down (separation): the model's runners are known, keep them
          m2 = null;
          why = Optional.of(e.getMessage());
        }
        if (why.isPresent()) {
          counts.put("P2", p2.notFitted(ev2, why.get(), 0));
        } else {
          Fits.addGlm(effects, "P2", m2, ONSET_TERMS);
          counts.put("P2", p2.counts(m2.events(), 0));
          auc = Auc.of(m2.fittedValues(), y);
        }
      }
    } catch (IllegalArgumentException | IllegalStateException | ArithmeticException e) {
      counts.put("P2", ModelCounts.notFitted("P2", p2Rows.size(), e.getMessage()));
    }

    // P3: runners with running exposure.
    List<Integer> p3Rows = new ArrayList<>();
    int noExposure = 0;
    for (int i = 0; i < n; i++) {
      if (exposure[i] > 0) {
        p3Rows.add(i);
      } else {
        noExposure++;
      }
    }
    int[] exposed = p3Rows.stream().mapToInt(Integer::intValue).toArray();
    try {
      OnsetSelection p3 =
          select(
              "P3",
              set,
              n,
              exposed,
              noExposure > 0 ? Map.of("no running exposure", noExposure) : Map.of());
      int[] ev3 = new int[p3.rows.length];
      double[] ex3 = new double[p3.rows.length];
      for (int k = 0; k < ev3.length; k++) {
        ev3[k] = (int) event[p3.rows[k]];
        ex3[k] = exposure[p3.rows[k]];
      }
      int ev3sum = java.util.Arrays.stream(ev3).sum();
      if (p3.failure != null) {
        counts.put("P3", p3.notFitted(ev3sum, p3.failure, 0));
      } else if (ev3sum == 0) {
        counts.put("P3", p3.notFitted(0, "no ITBS onset among the runners in the model", 0));
      } else {
        GlmModel m3 = Poisson.fit(ONSET_TERMS, p3.x, ev3, ex3);
        Optional<String> why = Fits.whyNot(m3);
        if (why.isPresent()) {
          counts.put("P3", p3.notFitted(ev3sum, why.get(), 0));
        } else {
          Fits.addGlm(effects, "P3", m3, ONSET_TERMS);
          counts.put("P3", p3.counts(m3.events(), 0));
        }
      }
    } catch (IllegalArgumentException | IllegalStateException | ArithmeticException e) {
      counts.put("P3", ModelCounts.notFitted("P3", exposed.length, e.getMessage()));
    }
    PoissonRate rate = Fits.rate(event, exposure, exposed);
    Map<String, List<Integer>> bySite = new TreeMap<>();
    for (int i : exposed) {
      bySite.computeIfAbsent(sites[i], s -> new ArrayList<>()).add(i);
    }
    Map<String, PoissonRate> rateBySite = new TreeMap<>();
    bySite.forEach(
        (s, rows) ->
            rateBySite.put(
                s,
                Fits.rate(event, exposure, rows.stream().mapToInt(Integer::intValue).toArray())));

    // R1
    Recurrence r1 = recurrence(set, intervals, false, 0);
    effects.addAll(r1.effects);
    counts.put("R1", r1.counts);

    return new PlanResult(
        effects, siteRobust, concordance, auc, rate, rateBySite, r1.intervals, counts);
  }

  private static OnsetSelection select(
      String model, AnalysisSet set, int population, int[] rows, Map<String, Integer> before) {
    return OnsetSelection.of(model, set, ONSET_TERMS, BINARY_TERMS, population, rows, before);
  }

  /** R1's rows of effects, its counts and its number of intervals. */
  record Recurrence(List<Effect> effects, ModelCounts counts, int intervals) {}

  /**
   * R1, the Andersen–Gill model of recurrence, as both plans fit it (robust variance clustered by
   * runner); never throws for a model that cannot be fitted, its counts say why.
   *
   * @param bySite stratified by site (plan v2, when more than one site contributes)
   * @param covariates the number of covariates its counts state (0: not stated, plan v1)
   * @throws IllegalArgumentException when an interval names a runner not in the set
   */
  static Recurrence recurrence(
      AnalysisSet set, RecurrenceIntervals iv, boolean bySite, int covariates) {
    Map<String, Integer> runnerIndex = new HashMap<>();
    String[] sites = set.sites();
    String[] ids = set.participantIds();
    for (int i = 0; i < set.size(); i++) {
      runnerIndex.put(sites[i] + "\u0000" + ids[i], i);
    }
    double[] hipAbd = set.column("hip_abd");
    double[] df = set.column("df_lunge");
    double[] sex = set.column("sexF");
    List<Integer> keep = new ArrayList<>();
    int[] runnerOf = new int[iv.size()];
    Map<String, Integer> reasons = new TreeMap<>();
    Set<Integer> candidates = new LinkedHashSet<>();
    Set<Integer> leftOutRunners = new LinkedHashSet<>();
    for (int k = 0; k < iv.size(); k++) {
      Integer r = runnerIndex.get(iv.site()[k] + "\u0000" + iv.participantId()[k]);
      if (r == null) {
        throw new IllegalArgumentException(
            "recurrence interval of unknown runner "
                + iv.participantId()[k]
                + " of site "
                + iv.site()[k]);
      }
      runnerOf[k] = r;
      candidates.add(r);
      boolean ok = true;
      for (Object[] c : new Object[][] {{"hip_abd", hipAbd}, {"df_lunge", df}}) {
        if (Double.isNaN(((double[]) c[1])[r])) {
          ok = false;
        }
      }
      if (Double.isNaN(iv.maintenance()[k]) || Double.isNaN(iv.acwr()[k])) {
        ok = false;
      }
      if (ok) {
        keep.add(k);
      } else {
        leftOutRunners.add(r);
      }
    }
    Set<Integer> runners = new LinkedHashSet<>();
    keep.forEach(k -> runners.add(runnerOf[k]));
    leftOutRunners.removeAll(runners);
    int recurrences = keep.stream().mapToInt(k -> iv.event()[k]).sum();
    for (int r : leftOutRunners) {
      if (Double.isNaN(hipAbd[r])) {
        reasons.merge("missing hip_abd", 1, Integer::sum);
      }
      if (Double.isNaN(df[r])) {
        reasons.merge("missing df_lunge", 1, Integer::sum);
      }
    }
    if (runners.size() < 2 || recurrences == 0) {
      String why =
          runners.size() < 2
              ? "fewer than 2 runners at risk of recurrence"
              : "no ITBS recurrence among the runners at risk";
      return new Recurrence(
          List.of(),
          new ModelCounts(
              "R1",
              candidates.size(),
              runners.size(),
              recurrences,
              reasons,
              leftOutRunners.size(),
              why,
              covariates),
          keep.size());
    }
    // one model failing never stops the others: a singular or runaway R1 is reported, not thrown
    String why;
    int m = keep.size();
    try {
      // Standardise the fixed covariates over the runners that contribute intervals.
      double[] abdR = runners.stream().mapToDouble(r -> hipAbd[r]).toArray();
      double[] dfR = runners.stream().mapToDouble(r -> df[r]).toArray();
      Standardisation sAbd = standardisation("hip_abd", abdR);
      Standardisation sDf = standardisation("df_lunge", dfR);
      double[] start = new double[m];
      double[] stop = new double[m];
      int[] ev = new int[m];
      double[] maint = new double[m];
      double[] acwr = new double[m];
      double[] abd = new double[m];
      double[] dfl = new double[m];
      double[] sx = new double[m];
      String[] cluster = new String[m];
      String[] stratum = new String[m];
      for (int j = 0; j < m; j++) {
        int k = keep.get(j);
        int r = runnerOf[k];
        start[j] = iv.start()[k];
        stop[j] = iv.stop()[k];
        ev[j] = iv.event()[k];
        maint[j] = iv.maintenance()[k];
        acwr[j] = iv.acwr()[k];
        abd[j] = sAbd.apply(hipAbd[r]);
        dfl[j] = sDf.apply(df[r]);
        sx[j] = sex[r];
        cluster[j] = sites[r] + "\u0000" + ids[r];
        stratum[j] = sites[r];
      }
      SurvivalData d =
          SurvivalData.countingProcess(start, stop, ev)
              .withCovariate("maintenance", maint)
              .withCovariate("acwr", acwr)
              .withCovariate("hip_abd", abd)
              .withCovariate("df_lunge", dfl)
              .withCovariate("sex", sx);
      Cox.Builder builder = Cox.builder().ties(Ties.EFRON).cluster(cluster);
      if (bySite && new HashSet<>(List.of(stratum)).size() > 1) {
        builder.strata(stratum);
      }
      CoxModel fit = builder.fit(d);
      Optional<String> notEstimable = Fits.whyNot(fit, Variance.ROBUST);
      if (notEstimable.isEmpty()) {
        List<Effect> effects = new ArrayList<>();
        Fits.addCox(effects, "R1", fit, Variance.ROBUST, runners.size(), fit.events());
        ModelCounts counts =
            new ModelCounts(
                "R1",
                candidates.size(),
                runners.size(),
                fit.events(),
                reasons,
                leftOutRunners.size(),
                null,
                covariates);
        return new Recurrence(effects, counts, m);
      }
      why = notEstimable.get();
    } catch (IllegalArgumentException | IllegalStateException | ArithmeticException e) {
      why = e.getMessage();
    }
    return new Recurrence(
        List.of(),
        new ModelCounts(
            "R1",
            candidates.size(),
            runners.size(),
            recurrences,
            reasons,
            leftOutRunners.size(),
            why,
            covariates),
        m);
  }

  /** The mean and SD of a fixed covariate of R1, a failure naming it. */
  private static Standardisation standardisation(String term, double[] values) {
    try {
      return Standardisation.of(values);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          term + " cannot be standardised over R1's runners: " + e.getMessage(), e);
    }
  }

  private static int[] range(int n) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) {
      r[i] = i;
    }
    return r;
  }
}
