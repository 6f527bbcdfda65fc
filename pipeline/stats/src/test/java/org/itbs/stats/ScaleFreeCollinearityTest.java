package org.itbs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The collinearity test of the Cox, logistic and Poisson fits does not depend on the units of the
 * covariates: a covariate multiplied by 1e7 (beside one divided by 1e5) is fitted, with its
 * estimate and SE divided by the factor and the same z and p, while a column that really is a
 * linear combination of others is still refused, naming it.
 */
class ScaleFreeCollinearityTest {
  private static final StatsFixtures.Table RC = StatsFixtures.resource("cox-right-censored.csv");
  private static final StatsFixtures.Table CP = StatsFixtures.resource("cox-counting.csv");
  private static final StatsFixtures.Table LG = StatsFixtures.resource("glm-logistic.csv");
  private static final StatsFixtures.Table PS = StatsFixtures.resource("glm-poisson.csv");

  private static double[] times(double[] v, double f) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] * f;
    }
    return out;
  }

  private static void assertRelative(String what, double actual, double expected, double rel) {
    assertThat(actual).as(what).isCloseTo(expected, within(rel * Math.abs(expected)));
  }

  @Test
  void coxCovariateInUnitsTenMillionTimesLargerGivesTheSameTest() {
    SurvivalData plain = StatsFixtures.rightCensored(RC, "age", "km_year", "treated");
    SurvivalData scaled =
        SurvivalData.rightCensored(RC.numbers("time"), RC.integers("status"))
            .withCovariate("age", times(RC.numbers("age"), 1e-5))
            .withCovariate("km_year", times(RC.numbers("km_year"), 1e7))
            .withCovariate("treated", RC.numbers("treated"));
    for (Ties ties : Ties.values()) {
      CoxModel a = Cox.builder().ties(ties).cluster(RC.integers("cluster")).fit(plain);
      CoxModel b = Cox.builder().ties(ties).cluster(RC.integers("cluster")).fit(scaled);
      double[] f = {1e-5, 1e7, 1};
      for (int j = 0; j < 3; j++) {
        String what = ties + " " + a.termNames().get(j);
        assertRelative(what + " estimate", b.coefficients()[j] * f[j], a.coefficients()[j], 1e-9);
        assertRelative(what + " se", b.standardErrors()[j] * f[j], a.standardErrors()[j], 1e-9);
        assertRelative(
            what + " robust se",
            b.robustStandardErrors()[j] * f[j],
            a.robustStandardErrors()[j],
            1e-9);
        for (Variance v : Variance.values()) {
          assertRelative(what + " z " + v, b.zValue(j, v), a.zValue(j, v), 1e-9);
          assertRelative(what + " p " + v, b.pValue(j, v), a.pValue(j, v), 1e-9);
        }
      }
      assertThat(b.concordance()).isEqualTo(a.concordance());
      assertRelative(ties + " loglik", b.logLikelihood(), a.logLikelihood(), 1e-12);
    }
  }

  @Test
  void coxStillRefusesATrulyCollinearColumnNamingIt() {
    double[] km = times(RC.numbers("km_year"), 1e7);
    double[] age = RC.numbers("age");
    double[] combo = new double[km.length];
    for (int i = 0; i < km.length; i++) {
      combo[i] = 3e-9 * km[i] - 2 * age[i] + 5; // a combination of two columns on far scales
    }
    SurvivalData data =
        SurvivalData.rightCensored(RC.numbers("time"), RC.integers("status"))
            .withCovariate("km_year", km)
            .withCovariate("age", age)
            .withCovariate("load_index", combo);
    assertThatThrownBy(() -> Cox.builder().fit(data))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("covariate load_index is constant or collinear");
    String[] site = new String[km.length];
    for (int i = 0; i < site.length; i++) {
      site[i] = i % 2 == 0 ? "A" : "B";
    }
    assertThatThrownBy(() -> Cox.builder().strata(site).fit(data))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("covariate load_index is constant or collinear");
  }

  @Test
  void coxRefusesACovariateConstantWithinEveryStratum() {
    // a site-level covariate is absorbed by the strata' baseline hazards: R drops it as NA
    int[] id = CP.integers("id");
    String[] site = new String[id.length];
    double[] siteLevel = new double[id.length];
    for (int i = 0; i < id.length; i++) {
      site[i] = id[i] % 3 == 0 ? "AMS01" : "MAD02";
      siteLevel[i] = id[i] % 3 == 0 ? 1.5e8 : -2.5e8;
    }
    SurvivalData data = StatsFixtures.counting(CP, "load").withCovariate("site_km", siteLevel);
    assertThat(Cox.builder().fit(data).converged()).isTrue(); // unstratified: estimable
    assertThatThrownBy(() -> Cox.builder().strata(site).fit(data))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("covariate site_km is constant or collinear");
  }

  @Test
  void logisticAndPoissonCovariateInUnitsTenMillionTimesLargerGivesTheSameTest() {
    List<String> lt = GlmFixtures.LOGISTIC_TERMS;
    double[][] x = GlmFixtures.rows(LG, lt.toArray(new String[0]));
    double[][] xs = scaleColumns(x, new double[] {1e-5, 1e7, 1, 1});
    int[] y = LG.integers("y");
    check("logistic", Logistic.fit(lt, x, y), Logistic.fit(lt, xs, y), new double[] {1e-5, 1e7});

    List<String> pt = GlmFixtures.POISSON_TERMS;
    double[][] px = GlmFixtures.rows(PS, pt.toArray(new String[0]));
    double[][] pxs = scaleColumns(px, new double[] {1e7, 1, 1e-5});
    int[] ev = PS.integers("events");
    double[] h = PS.numbers("hours");
    check(
        "poisson",
        Poisson.fit(pt, px, ev, h),
        Poisson.fit(pt, pxs, ev, h),
        new double[] {1e7, 1, 1e-5});
  }

  @Test
  void logisticAndPoissonStillRefuseATrulyCollinearColumnNamingIt() {
    List<String> lt = List.of("age", "km_year", "female", "strength", "load_index");
    double[][] x = GlmFixtures.rows(LG, "age", "km_year", "female", "strength", "age");
    for (double[] row : x) {
      row[1] *= 1e7;
      row[4] = 4e-8 * row[1] - 0.5 * row[0] + 1;
    }
    assertThatThrownBy(() -> Logistic.fit(lt, x, LG.integers("y")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("covariate load_index is collinear");
    double[] hours = new double[x.length];
    java.util.Arrays.fill(hours, 100);
    assertThatThrownBy(() -> Poisson.fit(lt, x, LG.integers("y"), hours))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("covariate load_index is collinear");
  }

  private static double[][] scaleColumns(double[][] x, double[] f) {
    double[][] out = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i].clone();
      for (int j = 0; j < f.length; j++) {
        out[i][j] *= f[j];
      }
    }
    return out;
  }

  private static void check(String model, GlmModel a, GlmModel b, double[] f) {
    assertThat(b.converged()).as(model + " converged").isTrue();
    for (int j = 0; j < f.length; j++) {
      String what = model + " " + a.termNames().get(j);
      assertRelative(what + " estimate", b.coefficients()[j] * f[j], a.coefficients()[j], 1e-7);
      assertRelative(what + " se", b.standardErrors()[j] * f[j], a.standardErrors()[j], 1e-7);
      assertRelative(what + " z", b.zValue(j), a.zValue(j), 1e-7);
      assertRelative(what + " p", b.pValue(j), a.pValue(j), 1e-6);
    }
    assertRelative(model + " deviance", b.deviance(), a.deviance(), 1e-12);
  }
}
