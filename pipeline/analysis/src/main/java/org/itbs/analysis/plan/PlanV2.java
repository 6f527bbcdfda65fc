package org.itbs.analysis.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.itbs.stats.Auc;
import org.itbs.stats.ConfidenceInterval;
import org.itbs.stats.Cox;
import org.itbs.stats.CoxModel;
import org.itbs.stats.Factor;
import org.itbs.stats.GlmModel;
import org.itbs.stats.Logistic;
import org.itbs.stats.MetaAnalysis;
import org.itbs.stats.Poisson;
import org.itbs.stats.PoissonRate;
import org.itbs.stats.Ties;
import org.itbs.stats.Variance;

/**
 * The primary analyses of the statistical analysis plan, version 2 ({@code analysis-plan.md}; R's
 * {@code reference-v2.R} computes the same numbers):
 *
 * <ul>
 *   <li>the onset models P1–P3 take the <b>onset population</b>, runners without ITBS before
 *       enrolment ({@code prior_itbs} = 0), and {@code prior_itbs} is no covariate of theirs;
 *   <li>P1 (Cox, Efron ties) is stratified by site when more than one site contributes, Harrell's C
 *       within sites;
 *   <li>P2 (logistic, onset within 365 days) and P3 (Poisson, log running hours as offset) carry
 *       site as a fixed effect (the alphabetically first site of the model's runners the
 *       reference), a nuisance term that is not reported;
 *   <li>R1 (Andersen–Gill, robust variance clustered by runner) is stratified by site;
 *   <li>M1 pools the P1 estimates of every site with at least 5 onsets per P1 covariate among P1's
 *       runners (unstratified Cox per site, covariates standardised by P1's pooled means and SDs)
 *       by a random-effects meta-analysis ({@link MetaAnalysis}: REML, HKSJ with the ad hoc
 *       correction), when at least two such sites have an estimable fit.
 * </ul>
 *
 * <p>Every model is fitted on its own: one that cannot be fitted, or whose fit is not estimable
 * ({@link Estimability}), publishes no coefficients, its {@link ModelCounts#notFitted()} says why,
 * and the others go on. No site-clustered sandwich variance is computed.
 */
public final class PlanV2 {
  /** The plan version every output states. */
  public static final String VERSION = "analysis-plan v2";

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
          "bmi");

  /** Terms that stay 0/1; every other onset term is standardised per model. */
  public static final Set<String> BINARY_TERMS = Set.of("sex");

  /** R1's terms, in the plan's order. */
  public static final List<String> RECURRENCE_TERMS = PlanV1.RECURRENCE_TERMS;

  /** Onsets per P1 covariate a site needs among P1's runners to take part in M1. */
  public static final int M1_EVENTS_PER_COVARIATE = 5;

  /** Onsets a site needs among P1's runners to take part in M1 (5 per covariate: 45). */
  public static final int M1_MIN_EVENTS = M1_EVENTS_PER_COVARIATE * ONSET_TERMS.size();

  /**
   * The name of P2's and P3's site factor: its indicators are {@code siteMAD02}, ... as R names
   * them, the alphabetically first site of the model's runners the reference.
   */
  static final String SITE_TERM = "site";

  private PlanV2() {}

  /**
   * Runs every primary analysis of plan v2.
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
    double[] prior = set.column("prior_itbs");
    String[] sites = set.sites();
    boolean multi = new TreeSet<>(List.of(sites)).size() > 1;
    int covariates = ONSET_TERMS.size();

    int[] onset = rows(n, i -> prior[i] == 0);
    int population = onset.length;

    // P1: Cox, stratified by site
    OnsetSelection p1 = select("P1", set, population, onset, Map.of());
    double concordance = Double.NaN;
    int ev1 = p1.sum(event);
    if (p1.failure != null) {
      counts.put("P1", p1.notFitted(ev1, "not fitted: " + p1.failure, covariates));
    } else if (ev1 == 0) {
      counts.put(
          "P1",
          p1.notFitted(
              ev1, "not fitted: no ITBS onset among the runners in the model", covariates));
    } else {
      try {
        Cox.Builder b = Cox.builder().ties(Ties.EFRON);
        if (multi) {
          b.strata(p1.pick(sites));
        }
        CoxModel m1 = b.fit(p1.survival(time, event, p1.all()));
        Optional<String> why = Fits.whyNot(m1, Variance.MODEL);
        if (why.isPresent()) {
          counts.put("P1", p1.notFitted(ev1, why.get(), covariates));
        } else {
          Fits.addCox(effects, "P1", m1, Variance.MODEL, p1.rows.length, m1.events());
          counts.put("P1", p1.counts(ev1, covariates));
          concordance = m1.concordance();
        }
      } catch (IllegalArgumentException | IllegalStateException | ArithmeticException e) {
        counts.put("P1", p1.notFitted(ev1, "not fitted: " + e.getMessage(), covariates));
      }
    }

    // P2: onset within 365 days, site as a fixed effect
    int[] followed = rows(onset, i -> event[i] == 1 || time[i] >= PlanV1.P2_HORIZON_DAYS);
    int censoredEarly = population - followed.length;
    OnsetSelection p2 =
        select(
            "P2",
            set,
            population,
            followed,
            censoredEarly > 0 ? Map.of("censored before day 365", censoredEarly) : Map.of());
    int[] y = new int[p2.rows.length];
    for (int k = 0; k < y.length; k++) {
      int i = p2.rows[k];
      y[k] = event[i] == 1 && time[i] <= PlanV1.P2_HORIZON_DAYS ? 1 : 0;
    }
    int ev2 = Arrays.stream(y).sum();
    double auc = Double.NaN;
    if (p2.failure != null) {
      counts.put("P2", p2.notFitted(ev2, "not fitted: " + p2.failure, covariates));
    } else if (ev2 == 0 || ev2 == y.length) {
      counts.put(
          "P2",
          p2.notFitted(
              ev2,
              ev2 == 0
                  ? "not fitted: no ITBS onset within 365 days among the runners in the model"
                  : "not fitted: every runner in the model had an ITBS onset within 365 days",
              covariates));
    } else {
      try {
        Factor site = Factor.of(SITE_TERM, p2.pick(sites));
        GlmModel m2 = Logistic.fit(site.withTermNames(ONSET_TERMS), site.withIndicators(p2.x), y);
        Optional<String> why = Fits.whyNot(m2);
        if (why.isPresent()) {
          counts.put("P2", p2.notFitted(ev2, why.get(), covariates));
        } else {
          Fits.addGlm(effects, "P2", m2, ONSET_TERMS);
          counts.put("P2", p2.counts(m2.events(), covariates));
          auc = Auc.of(m2.fittedValues(), y);
        }
      } catch (IllegalArgumentException | IllegalStateException | ArithmeticException e) {
        counts.put("P2", p2.notFitted(ev2, "not fitted: " + e.getMessage(), covariates));
      }
    }

    // P3: runners with running exposure, site as a fixed effect; the rates
    int[] exposed = rows(onset, i -> exposure[i] > 0);
    int noExposure = population - exposed.length;
    OnsetSelection p3 =
        select(
            "P3",
            set,
            population,
            exposed,
            noExposure > 0 ? Map.of("no running exposure", noExposure) : Map.of());
    int ev3 = p3.sum(event);
    if (p3.failure != null) {
      counts.put("P3", p3.notFitted(ev3, "not fitted: " + p3.failure, covariates));
    } else if (ev3 == 0) {
      counts.put(
          "P3",
          p3.notFitted(
              ev3, "not fitted: no ITBS onset among the runners in the model", covariates));
    } else {
      try {
        int[] e3 = new int[p3.rows.length];
        double[] hours = p3.pick(exposure);
        for (int k = 0; k < e3.length; k++) {
          e3[k] = (int) event[p3.rows[k]];
        }
        Factor site = Factor.of(SITE_TERM, p3.pick(sites));
        GlmModel m3 =
            Poisson.fit(site.withTermNames(ONSET_TERMS), site.withIndicators(p3.x), e3, hours);
        Optional<String> why = Fits.whyNot(m3);
        if (why.isPresent()) {
          counts.put("P3", p3.notFitted(ev3, why.get(), covariates));
        } else {
          Fits.addGlm(effects, "P3", m3, ONSET_TERMS);
          counts.put("P3", p3.counts(m3.events(), covariates));
        }
      } catch (IllegalArgumentException | IllegalStateException | ArithmeticException e) {
        counts.put("P3", p3.notFitted(ev3, "not fitted: " + e.getMessage(), covariates));
      }
    }
    double hoursInAll = 0;
    for (int i : exposed) {
      hoursInAll += exposure[i];
    }
    // no runner of the onset population ran: no rate to state (the summary says null)
    PoissonRate rate = hoursInAll > 0 ? Fits.rate(event, exposure, exposed) : null;
    Map<String, PoissonRate> rateBySite = new TreeMap<>();
    for (String s : new TreeSet<>(List.of(sites))) {
      int[] at = rows(exposed, i -> sites[i].equals(s));
      if (at.length > 0) {
        rateBySite.put(s, Fits.rate(event, exposure, at));
      }
    }

    // R1: Andersen-Gill, stratified by site
    PlanV1.Recurrence r1 = PlanV1.recurrence(set, intervals, multi, RECURRENCE_TERMS.size());
    effects.addAll(r1.effects());
    counts.put("R1", r1.counts());

    // M1: two-stage meta-analysis of P1 across sites
    Meta m1 = meta(p1, time, event, sites);
    effects.addAll(m1.effects);
    counts.put("M1", m1.counts);

    return new PlanResult(
        VERSION,
        effects,
        List.of(),
        concordance,
        auc,
        rate,
        rateBySite,
        r1.intervals(),
        counts,
        m1.siteEffects,
        m1.rows,
        m1.sites,
        m1.leftOut,
        m1.counts.notFitted(),
        population,
        n - population);
  }

  private static OnsetSelection select(
      String model, AnalysisSet set, int population, int[] rows, Map<String, Integer> before) {
    return OnsetSelection.of(model, set, ONSET_TERMS, BINARY_TERMS, population, rows, before);
  }

  /** M1's outputs. */
  private record Meta(
      List<Effect> effects,
      List<SiteEffect> siteEffects,
      List<MetaRow> rows,
      List<String> sites,
      Map<String, String> leftOut,
      ModelCounts counts) {}

  private static Meta meta(OnsetSelection p1, double[] time, double[] event, String[] sites) {
    int covariates = ONSET_TERMS.size();
    int candidates = p1.rows.length;
    if (p1.failure != null) {
      return notPooled(
          p1,
          Map.of(),
          List.of(),
          "not fitted: P1's runners could not be selected (" + p1.failure + ")");
    }
    // each site's P1 runners, as indices into P1's rows, sites alphabetically
    Map<String, List<Integer>> bySite = new TreeMap<>();
    for (int k = 0; k < p1.rows.length; k++) {
      bySite.computeIfAbsent(sites[p1.rows[k]], s -> new ArrayList<>()).add(k);
    }
    Map<String, String> leftOut = new LinkedHashMap<>();
    List<SiteEffect> siteEffects = new ArrayList<>();
    Map<String, CoxModel> fits = new LinkedHashMap<>();
    Map<String, int[]> siteRows = new LinkedHashMap<>();
    for (Map.Entry<String, List<Integer>> e : bySite.entrySet()) {
      int[] at = e.getValue().stream().mapToInt(Integer::intValue).toArray();
      int ev = 0;
      for (int k : at) {
        ev += (int) event[p1.rows[k]];
      }
      if (ev < M1_MIN_EVENTS) {
        leftOut.put(
            e.getKey(),
            "fewer than " + M1_MIN_EVENTS + " ITBS onsets among P1's runners of the site");
        continue;
      }
      String why;
      try {
        CoxModel m = Cox.builder().ties(Ties.EFRON).fit(p1.survival(time, event, at));
        Optional<String> notEstimable = Fits.whyNot(m, Variance.MODEL);
        if (notEstimable.isEmpty()) {
          fits.put(e.getKey(), m);
          siteRows.put(e.getKey(), at);
          for (int j = 0; j < covariates; j++) {
            siteEffects.add(
                new SiteEffect(
                    e.getKey(),
                    ONSET_TERMS.get(j),
                    m.coefficients()[j],
                    m.standardError(j, Variance.MODEL),
                    at.length,
                    m.events()));
          }
          continue;
        }
        why = notEstimable.get();
      } catch (IllegalArgumentException | IllegalStateException | ArithmeticException ex) {
        why = "not fitted: " + ex.getMessage();
      }
      leftOut.put(e.getKey(), why);
    }
    if (fits.size() < 2) {
      String why =
          String.format(
              Locale.ROOT,
              "not fitted: %d site%s with at least %d ITBS onsets among P1's runners (%d per"
                  + " covariate)%s; the meta-analysis needs at least 2",
              fits.size(),
              fits.size() == 1 ? "" : "s",
              M1_MIN_EVENTS,
              M1_EVENTS_PER_COVARIATE,
              leftOut.values().stream().anyMatch(v -> !v.startsWith("fewer than"))
                  ? " and an estimable fit"
                  : "");
      return notPooled(p1, leftOut, siteEffects, why);
    }
    int n = 0;
    int events = 0;
    for (Map.Entry<String, int[]> e : siteRows.entrySet()) {
      n += e.getValue().length;
      events += fits.get(e.getKey()).events();
    }
    List<Effect> effects = new ArrayList<>();
    List<MetaRow> rows = new ArrayList<>();
    try {
      for (int j = 0; j < covariates; j++) {
        double[] yi = new double[fits.size()];
        double[] si = new double[fits.size()];
        int i = 0;
        for (CoxModel m : fits.values()) {
          yi[i] = m.coefficients()[j];
          si[i] = m.standardError(j, Variance.MODEL);
          i++;
        }
        MetaAnalysis ma = MetaAnalysis.randomEffects(yi, si);
        ConfidenceInterval ci = ma.confidenceInterval();
        double b = ma.estimate();
        effects.add(
            new Effect(
                "M1",
                ONSET_TERMS.get(j),
                b,
                ma.standardError(),
                Math.exp(b),
                Math.exp(ci.lower()),
                Math.exp(ci.upper()),
                ma.pValue(),
                n,
                events));
        ConfidenceInterval pi = ma.k() >= 3 ? ma.predictionInterval() : null;
        rows.add(
            new MetaRow(
                ONSET_TERMS.get(j),
                ma.k(),
                b,
                ma.standardError(),
                ci.lower(),
                ci.upper(),
                ma.pValue(),
                ma.tau2(),
                ma.i2(),
                ma.q(),
                ma.qPValue(),
                pi == null ? Double.NaN : pi.lower(),
                pi == null ? Double.NaN : pi.upper()));
      }
    } catch (IllegalArgumentException | IllegalStateException | ArithmeticException ex) {
      return notPooled(p1, leftOut, siteEffects, "not fitted: " + ex.getMessage());
    }
    Map<String, Integer> reasons = new TreeMap<>();
    int outRunners = candidates - n;
    int outFew = 0;
    int outNotEstimable = 0;
    for (Map.Entry<String, List<Integer>> e : bySite.entrySet()) {
      if (!fits.containsKey(e.getKey())) {
        if (leftOut.get(e.getKey()).startsWith("fewer than")) {
          outFew += e.getValue().size();
        } else {
          outNotEstimable += e.getValue().size();
        }
      }
    }
    if (outFew > 0) {
      reasons.put("site with fewer than " + M1_MIN_EVENTS + " onsets", outFew);
    }
    if (outNotEstimable > 0) {
      reasons.put("site whose fit is not estimable", outNotEstimable);
    }
    ModelCounts counts =
        new ModelCounts("M1", candidates, n, events, reasons, outRunners, null, covariates);
    return new Meta(effects, siteEffects, rows, List.copyOf(fits.keySet()), leftOut, counts);
  }

  private static Meta notPooled(
      OnsetSelection p1, Map<String, String> leftOut, List<SiteEffect> siteEffects, String why) {
    ModelCounts counts =
        new ModelCounts("M1", p1.rows.length, 0, 0, Map.of(), 0, why, ONSET_TERMS.size());
    return new Meta(List.of(), siteEffects, List.of(), List.of(), leftOut, counts);
  }

  private static int[] rows(int n, java.util.function.IntPredicate keep) {
    return java.util.stream.IntStream.range(0, n).filter(keep).toArray();
  }

  private static int[] rows(int[] from, java.util.function.IntPredicate keep) {
    return Arrays.stream(from).filter(keep).toArray();
  }
}
