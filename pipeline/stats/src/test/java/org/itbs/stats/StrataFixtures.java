package org.itbs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;

/**
 * Reads the fixtures written by {@code src/test/resources/stats/make-strata-fixtures.R} (stratified
 * Cox, GLMs with site indicators, covariates on scales 1e12 apart, plan v2's P1 on cohort B) and
 * checks the fits against what R reported, from the classpath or from a directory the live-R test
 * wrote.
 */
final class StrataFixtures {
  /** Cox estimates, SEs, robust SEs, z, p, log likelihoods: relative error. */
  static final double COX_RELATIVE = 1e-9;

  /** Harrell's C: absolute error (R prints 17 digits; C is a ratio of pair counts). */
  static final Offset<Double> C_TOLERANCE = within(1e-12);

  static final String[] RC_TERMS = {"age", "km_year", "treated"};
  static final String[] CP_TERMS = {"load", "sessions", "female"};
  static final List<String> GLM_TERMS = List.of("age", "km_year", "female");

  /** Plan v2's P1 covariates as columns of the analysis set, in the plan's order. */
  static final String[] P1_COLUMNS = {
    "peak_hip_add",
    "peak_pelvic_drop",
    "hip_abd",
    "hip_er",
    "df_lunge",
    "km_week",
    "sexF",
    "age",
    "bmi"
  };

  /** Their term names ({@code sexF} is the term {@code sex}). */
  static final String[] P1_TERMS = {
    "peak_hip_add",
    "peak_pelvic_drop",
    "hip_abd",
    "hip_er",
    "df_lunge",
    "km_week",
    "sex",
    "age",
    "bmi"
  };

  private StrataFixtures() {}

  /** Plan v2's P1 data with each row's site, the stratum. */
  record P1(SurvivalData data, String[] site) {}

  /**
   * Plan v2's P1 from an analysis set: the onset population ({@code prior_itbs == 0}), complete
   * cases, continuous covariates standardised with the sample SD over those rows, {@code sex} 0/1.
   */
  static P1 p1(StatsFixtures.Table set) {
    List<String[]> kept = new ArrayList<>();
    for (String[] row : set.rows()) {
      boolean ok = row[set.index("prior_itbs")].equals("0");
      for (String c : List.of("time", "event")) {
        ok &= !row[set.index(c)].isEmpty() && !row[set.index(c)].equals("NA");
      }
      for (String c : P1_COLUMNS) {
        String v = row[set.index(c)];
        ok &= !v.isEmpty() && !v.equals("NA");
      }
      if (ok) {
        kept.add(row);
      }
    }
    StatsFixtures.Table cc = new StatsFixtures.Table(set.header(), kept);
    SurvivalData data = SurvivalData.rightCensored(cc.numbers("time"), cc.integers("event"));
    for (int j = 0; j < P1_COLUMNS.length; j++) {
      double[] v = cc.numbers(P1_COLUMNS[j]);
      data =
          data.withCovariate(
              P1_TERMS[j], P1_COLUMNS[j].equals("sexF") ? v : StatsFixtures.standardised(v));
    }
    return new P1(data, cc.texts("site"));
  }

  /** Right-censored data with a covariate's column multiplied by a factor. */
  static SurvivalData rightCensoredScaled(StatsFixtures.Table t) {
    double[] age = t.numbers("age");
    double[] km = t.numbers("km_year");
    for (int i = 0; i < age.length; i++) {
      age[i] = age[i] / 1e5;
      km[i] = km[i] * 1e7;
    }
    return SurvivalData.rightCensored(t.numbers("time"), t.integers("status"))
        .withCovariate("age_e5", age)
        .withCovariate("km_e7", km)
        .withCovariate("treated", t.numbers("treated"));
  }

  /** The rows of a table whose {@code column} is one of {@code values}. */
  static StatsFixtures.Table only(StatsFixtures.Table t, String column, String... values) {
    int j = t.index(column);
    List<String[]> rows = new ArrayList<>();
    for (String[] row : t.rows()) {
      if (Arrays.asList(values).contains(row[j])) {
        rows.add(row);
      }
    }
    return new StatsFixtures.Table(t.header(), rows);
  }

  static void checkCox(
      Map<String, Map<String, Map<String, Double>>> all, String fixture, CoxModel fit) {
    StatsFixtures.check(all, fixture, fit, COX_RELATIVE, C_TOLERANCE);
  }

  /** Every stratified Cox fixture of the right-censored and counting-process data. */
  static void checkCoxFixtures(
      Map<String, Map<String, Map<String, Double>>> all,
      StatsFixtures.Table rc,
      StatsFixtures.Table cp) {
    String[] rcSite = rc.texts("site");
    SurvivalData rcData = StatsFixtures.rightCensored(rc, RC_TERMS);
    checkCox(all, "rc-strata-efron", Cox.builder().ties(Ties.EFRON).strata(rcSite).fit(rcData));
    checkCox(all, "rc-strata-breslow", Cox.builder().ties(Ties.BRESLOW).strata(rcSite).fit(rcData));
    checkCox(
        all,
        "rc-strata-efron-cluster",
        Cox.builder().ties(Ties.EFRON).strata(rcSite).cluster(rc.integers("cluster")).fit(rcData));
    checkCox(
        all,
        "rc-strata-breslow-cluster",
        Cox.builder()
            .ties(Ties.BRESLOW)
            .strata(rcSite)
            .cluster(rc.integers("cluster"))
            .fit(rcData));
    StatsFixtures.Table two = only(rc, "site", "AMS01", "MAD02");
    checkCox(
        all,
        "rc-two-strata-efron",
        Cox.builder().strata(two.texts("site")).fit(StatsFixtures.rightCensored(two, RC_TERMS)));
    checkCox(
        all, "rc-strata-scaled-efron", Cox.builder().strata(rcSite).fit(rightCensoredScaled(rc)));

    String[] cpSite = cp.texts("site");
    SurvivalData cpData = StatsFixtures.counting(cp, CP_TERMS);
    checkCox(
        all,
        "cp-strata-efron-cluster",
        Cox.builder().ties(Ties.EFRON).strata(cpSite).cluster(cp.integers("id")).fit(cpData));
    checkCox(
        all,
        "cp-strata-breslow-cluster",
        Cox.builder().ties(Ties.BRESLOW).strata(cpSite).cluster(cp.integers("id")).fit(cpData));
    checkCox(all, "cp-strata-efron", Cox.builder().strata(cpSite).fit(cpData));
  }

  /** The logistic and Poisson fixtures with site indicators, in natural and in extreme units. */
  static void checkGlmFixtures(
      Map<String, Map<String, Map<String, Double>>> all, StatsFixtures.Table gl) {
    Factor site = Factor.of("site", gl.texts("site"));
    assertThat(site.termNames()).containsExactly("siteMAD02", "sitePRG03");
    double[][] x = GlmFixtures.rows(gl, GLM_TERMS.toArray(new String[0]));
    int[] y = gl.integers("y");
    int[] events = gl.integers("events");
    double[] hours = gl.numbers("hours");
    GlmFixtures.check(
        all,
        "logistic-sites",
        Logistic.fit(site.withTermNames(GLM_TERMS), site.withIndicators(x), y),
        y);
    GlmFixtures.check(
        all,
        "poisson-sites",
        Poisson.fit(site.withTermNames(GLM_TERMS), site.withIndicators(x), events, hours),
        events);
    double[][] scaled = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      scaled[i] = new double[] {x[i][0] / 1e5, x[i][1] * 1e7, x[i][2]};
    }
    List<String> scaledTerms = site.withTermNames(List.of("age_e5", "km_e7", "female"));
    GlmFixtures.check(
        all, "logistic-sites-scaled", Logistic.fit(scaledTerms, site.withIndicators(scaled), y), y);
    GlmFixtures.check(
        all,
        "poisson-sites-scaled",
        Poisson.fit(scaledTerms, site.withIndicators(scaled), events, hours),
        events);
  }

  /** Plan v2's P1 on cohort B, stratified by site. */
  static void checkP1(Map<String, Map<String, Map<String, Double>>> all, StatsFixtures.Table set) {
    P1 p1 = p1(set);
    checkCox(all, "p1-cohort-b", Cox.builder().strata(p1.site()).fit(p1.data()));
  }
}
