package org.itbs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads the fixtures written by {@code src/test/resources/stats/make-glm-fixtures.R}, builds the
 * plan's P2 and P3 data from an analysis set exactly as {@code reference.R} does, and checks fits
 * against what R reported.
 */
final class GlmFixtures {
  /** The columns of the analysis set that are the plan's covariates, in the plan's order. */
  static final String[] COLUMNS = StatsFixtures.P1_COLUMNS;

  /** The plan's term names for them ({@code sexF} is the term {@code sex}). */
  static final List<String> TERMS = List.of(StatsFixtures.P1_TERMS);

  /** The continuous covariates, standardised over each model's rows: all but sex and prior_itbs. */
  static final int[] CONTINUOUS = {0, 1, 2, 3, 4, 5, 7, 8};

  /** Covariate terms of the synthetic logistic and Poisson fixtures. */
  static final List<String> LOGISTIC_TERMS = List.of("age", "km_year", "female", "strength");

  static final List<String> POISSON_TERMS = List.of("load", "female", "sessions");

  private GlmFixtures() {}

  /** The rows, outcome and (for P3) exposure of one model, and the complete-case selection. */
  record ModelData(double[][] x, int[] y, double[] exposure, CompleteCases selection) {}

  /** A column with {@code NA} (and empty) as {@code NaN}. */
  static double[] numbersOrNaN(StatsFixtures.Table t, String column) {
    int j = t.index(column);
    double[] v = new double[t.rows().size()];
    for (int i = 0; i < v.length; i++) {
      String s = t.rows().get(i)[j];
      v[i] = s.isEmpty() || s.equals("NA") ? Double.NaN : Double.parseDouble(s);
    }
    return v;
  }

  /** Row-major covariates of the given columns. */
  static double[][] rows(StatsFixtures.Table t, String... columns) {
    double[][] cols = new double[columns.length][];
    for (int j = 0; j < columns.length; j++) {
      cols[j] = numbersOrNaN(t, columns[j]);
    }
    double[][] x = new double[t.rows().size()][columns.length];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < columns.length; j++) {
        x[i][j] = cols[j][i];
      }
    }
    return x;
  }

  private static StatsFixtures.Table filter(StatsFixtures.Table t, boolean[] keep) {
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i < keep.length; i++) {
      if (keep[i]) {
        rows.add(t.rows().get(i));
      }
    }
    return new StatsFixtures.Table(t.header(), rows);
  }

  /**
   * The plan's P2 rows as reference.R selects them: runners with an onset at time ≤ 365, or
   * followed for at least 365 days; the outcome is an onset at time ≤ 365; complete cases over the
   * covariates; continuous covariates standardised over the rows kept.
   *
   * <p>reference.R tests the follow-up as {@code followup_end - enrolment >= 365}; the analysis set
   * has no follow-up end but {@code time}, which is the follow-up for a censored runner and, for a
   * runner with an onset, at most the follow-up (cef-1 requires {@code onset_date ≤
   * followup_end_date}): a runner with an onset after day 365 has {@code time ≥ 365} and so a
   * follow-up of at least 365 days. Hence {@code time ≥ 365} selects the same runners.
   */
  static ModelData p2(StatsFixtures.Table set) {
    double[] time = numbersOrNaN(set, "time");
    double[] event = numbersOrNaN(set, "event");
    boolean[] keep = new boolean[time.length];
    for (int i = 0; i < keep.length; i++) {
      keep[i] = (event[i] == 1 && time[i] <= 365) || time[i] >= 365;
    }
    StatsFixtures.Table eligible = filter(set, keep);
    double[] t = numbersOrNaN(eligible, "time");
    double[] e = numbersOrNaN(eligible, "event");
    int[] y = new int[t.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = e[i] == 1 && t[i] <= 365 ? 1 : 0;
    }
    double[][] x = rows(eligible, COLUMNS);
    CompleteCases cc = CompleteCases.of(TERMS, x);
    double[][] kept = Standardisation.standardiseColumns(cc.select(x), CONTINUOUS);
    return new ModelData(kept, cc.select(y), null, cc);
  }

  /**
   * The plan's P3 rows as reference.R selects them: runners with running exposure, complete cases
   * over the covariates, continuous covariates standardised over the rows kept; the outcome is the
   * onset indicator and the exposure the running hours.
   */
  static ModelData p3(StatsFixtures.Table set) {
    double[] exposure = numbersOrNaN(set, "exposure_h");
    boolean[] keep = new boolean[exposure.length];
    for (int i = 0; i < keep.length; i++) {
      keep[i] = exposure[i] > 0;
    }
    StatsFixtures.Table eligible = filter(set, keep);
    double[][] x = rows(eligible, COLUMNS);
    CompleteCases cc = CompleteCases.of(TERMS, x);
    double[][] kept = Standardisation.standardiseColumns(cc.select(x), CONTINUOUS);
    int[] y = Arrays.stream(numbersOrNaN(eligible, "event")).mapToInt(v -> (int) v).toArray();
    return new ModelData(kept, cc.select(y), cc.select(numbersOrNaN(eligible, "exposure_h")), cc);
  }

  /** Fits every synthetic fixture and the plan's P2 and P3, and checks every number R reported. */
  static void checkAll(
      StatsFixtures.Table logistic,
      StatsFixtures.Table poisson,
      StatsFixtures.Table aucTies,
      StatsFixtures.Table analysisSet,
      StatsFixtures.Table expected,
      StatsFixtures.Table chisq) {
    Map<String, Map<String, Map<String, Double>>> all = StatsFixtures.expected(expected);
    checkLogistic(all, logistic);
    checkPoisson(all, poisson);
    checkPlan(all, analysisSet);
    checkAucTies(all, aucTies);
    checkChiSquare(chisq);
  }

  /** The synthetic logistic fixture against what R's glm reported for it. */
  static void checkLogistic(
      Map<String, Map<String, Map<String, Double>>> all, StatsFixtures.Table t) {
    int[] y = t.integers("y");
    GlmModel fit = Logistic.fit(LOGISTIC_TERMS, rows(t, LOGISTIC_TERMS.toArray(new String[0])), y);
    check(all, "logistic", fit, y);
  }

  /** The synthetic Poisson fixture against what R's glm reported for it. */
  static void checkPoisson(
      Map<String, Map<String, Map<String, Double>>> all, StatsFixtures.Table t) {
    int[] events = t.integers("events");
    GlmModel fit =
        Poisson.fit(
            POISSON_TERMS,
            rows(t, POISSON_TERMS.toArray(new String[0])),
            events,
            t.numbers("hours"));
    check(all, "poisson", fit, events);
  }

  /** The plan's P2 and P3 on the analysis set against what R's glm reported for them. */
  static void checkPlan(
      Map<String, Map<String, Map<String, Double>>> all, StatsFixtures.Table set) {
    ModelData p2 = p2(set);
    check(all, "p2", Logistic.fit(TERMS, p2.x(), p2.y()), p2.y());
    ModelData p3 = p3(set);
    check(all, "p3", Poisson.fit(TERMS, p3.x(), p3.y(), p3.exposure()), p3.y());
  }

  /** The AUC of tied scores, and of the negated scores, against R's pairwise definition. */
  static void checkAucTies(
      Map<String, Map<String, Map<String, Double>>> all, StatsFixtures.Table t) {
    Map<String, Map<String, Double>> ties = all.get("auc-ties");
    double[] score = t.numbers("score");
    int[] y = t.integers("y");
    assertThat(y.length).isEqualTo(ties.get("n").get("").intValue());
    assertThat(Auc.of(score, y))
        .as("AUC with ties")
        .isCloseTo(ties.get("auc").get(""), within(1e-15));
    double[] negated = Arrays.stream(score).map(v -> -v).toArray();
    assertThat(Auc.of(negated, y))
        .as("AUC of the negated scores")
        .isCloseTo(ties.get("auc_reversed").get(""), within(1e-15));
  }

  /** {@code qchisq} and {@code pchisq} over R's grid, to {@link #CHISQ_RELATIVE}. */
  static void checkChiSquare(StatsFixtures.Table chisq) {
    double[] p = chisq.numbers("p");
    double[] df = chisq.numbers("df");
    double[] q = chisq.numbers("q");
    double[] x = chisq.numbers("x");
    double[] cdf = chisq.numbers("cdf");
    for (int i = 0; i < p.length; i++) {
      assertThat(ChiSquare.quantile(p[i], df[i]))
          .as("qchisq(%s, %s)", p[i], df[i])
          .isCloseTo(q[i], within(CHISQ_RELATIVE * q[i]));
      assertThat(ChiSquare.cdf(x[i], df[i]))
          .as("pchisq(%s, %s)", x[i], df[i])
          .isCloseTo(cdf[i], within(CHISQ_RELATIVE * cdf[i]));
    }
  }

  /** Chi-square quantiles and probabilities: relative error (measured: below 4e-13). */
  static final double CHISQ_RELATIVE = 1e-12;

  /** Checks a fit against every quantity R reported for the fixture. */
  static void check(
      Map<String, Map<String, Map<String, Double>>> all, String fixture, GlmModel fit, int[] y) {
    Map<String, Map<String, Double>> r = all.get(fixture);
    assertThat(r).as("fixture %s in glm-expected.csv", fixture).isNotNull();
    assertThat(fit.converged()).as(fixture + " converged").isTrue();
    List<String> rTerms = new ArrayList<>(r.get("coef").keySet());
    assertThat(rTerms.get(0)).isEqualTo("(Intercept)");
    List<String> expectedTerms = new ArrayList<>();
    for (String t : rTerms.subList(1, rTerms.size())) {
      expectedTerms.add(t.equals("sexF") ? "sex" : t);
    }
    assertThat(fit.termNames()).as(fixture + " terms").containsExactlyElementsOf(expectedTerms);
    String what = fixture + " (Intercept) ";
    StatsFixtures.assertRelative(what + "coef", fit.intercept(), r.get("coef").get("(Intercept)"));
    StatsFixtures.assertRelative(
        what + "se", fit.interceptStandardError(), r.get("se").get("(Intercept)"));
    for (int i = 0; i < fit.termNames().size(); i++) {
      String term = rTerms.get(i + 1);
      what = fixture + " " + term + " ";
      assertThat(fit.termIndex(fit.termNames().get(i))).isEqualTo(i);
      StatsFixtures.assertRelative(what + "coef", fit.coefficients()[i], r.get("coef").get(term));
      StatsFixtures.assertRelative(what + "se", fit.standardErrors()[i], r.get("se").get(term));
      StatsFixtures.assertRelative(what + "se(i)", fit.standardError(i), r.get("se").get(term));
      StatsFixtures.assertRelative(what + "z", fit.zValue(i), r.get("z").get(term));
      StatsFixtures.assertRelative(what + "p", fit.pValue(i), r.get("p").get(term));
      StatsFixtures.assertRelative(what + "ratio", fit.ratio(i), Math.exp(r.get("coef").get(term)));
    }
    StatsFixtures.assertRelative(fixture + " deviance", fit.deviance(), r.get("deviance").get(""));
    StatsFixtures.assertRelative(
        fixture + " null deviance", fit.nullDeviance(), r.get("null_deviance").get(""));
    StatsFixtures.assertRelative(fixture + " loglik", fit.logLikelihood(), r.get("loglik").get(""));
    assertThat(fit.n()).as(fixture + " n").isEqualTo(r.get("n").get("").intValue());
    assertThat(fit.events()).as(fixture + " events").isEqualTo(r.get("events").get("").intValue());
    double[] fitted = fit.fittedValues();
    StatsFixtures.assertRelative(
        fixture + " sum of fitted", Arrays.stream(fitted).sum(), r.get("fitted_sum").get(""));
    StatsFixtures.assertRelative(
        fixture + " first fitted", fitted[0], r.get("fitted_first").get(""));
    StatsFixtures.assertRelative(
        fixture + " last fitted", fitted[fitted.length - 1], r.get("fitted_last").get(""));
    if (r.containsKey("auc")) {
      assertThat(Auc.of(fitted, y))
          .as(fixture + " AUC")
          .isCloseTo(r.get("auc").get(""), within(1e-6));
    }
  }
}
