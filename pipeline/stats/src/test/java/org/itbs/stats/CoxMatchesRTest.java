package org.itbs.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins the fit to the numbers R's {@code survival::coxph} wrote for the committed fixtures ({@code
 * src/test/resources/stats/make-cox-fixtures.R} says how to regenerate them).
 */
class CoxMatchesRTest {
  private static final StatsFixtures.Table RC = StatsFixtures.resource("cox-right-censored.csv");
  private static final StatsFixtures.Table CP = StatsFixtures.resource("cox-counting.csv");
  private static final Map<String, Map<String, Map<String, Double>>> R =
      StatsFixtures.expected(StatsFixtures.resource("cox-expected.csv"));

  private static final String[] RC_TERMS = {"age", "km_year", "treated"};
  private static final String[] CP_TERMS = {"load", "sessions", "female"};

  @Test
  void rightCensoredWithTiedTimesMatchesCoxphEfron() {
    StatsFixtures.check(R, "rc-efron", Cox.builder().ties(Ties.EFRON).fit(rc(RC_TERMS)));
  }

  @Test
  void rightCensoredWithTiedTimesMatchesCoxphBreslow() {
    StatsFixtures.check(R, "rc-breslow", Cox.builder().ties(Ties.BRESLOW).fit(rc(RC_TERMS)));
  }

  @Test
  void efronAndBreslowDifferOnTiedData() {
    CoxModel efron = Cox.builder().ties(Ties.EFRON).fit(rc(RC_TERMS));
    CoxModel breslow = Cox.builder().ties(Ties.BRESLOW).fit(rc(RC_TERMS));
    assertThat(Math.abs(efron.coefficients()[2] - breslow.coefficients()[2])).isGreaterThan(1e-4);
  }

  @Test
  void robustVarianceClusteredOnRightCensoredDataMatchesCoxphEfron() {
    StatsFixtures.check(
        R,
        "rc-efron-cluster",
        Cox.builder().ties(Ties.EFRON).cluster(RC.integers("cluster")).fit(rc(RC_TERMS)));
  }

  @Test
  void robustVarianceClusteredOnRightCensoredDataMatchesCoxphBreslow() {
    StatsFixtures.check(
        R,
        "rc-breslow-cluster",
        Cox.builder().ties(Ties.BRESLOW).cluster(RC.integers("cluster")).fit(rc(RC_TERMS)));
  }

  @Test
  void textClusterIdsGiveTheSameRobustVarianceAsIntegerIds() {
    String[] names = new String[RC.rows().size()];
    int[] ids = RC.integers("cluster");
    for (int i = 0; i < names.length; i++) {
      names[i] = "site-" + ids[i];
    }
    CoxModel byText = Cox.builder().cluster(names).fit(rc(RC_TERMS));
    StatsFixtures.check(R, "rc-efron-cluster", byText);
    assertThat(byText.clusters()).isEqualTo(30);
  }

  @Test
  void concordanceCountsTiedLinearPredictorsAsOneHalfLikeR() {
    StatsFixtures.check(R, "rc-binary-efron", Cox.builder().fit(rc("treated")));
  }

  @Test
  void linearPredictorSpanningFarMoreThanExpCanHoldMatchesCoxph() {
    StatsFixtures.Table wide = StatsFixtures.resource("cox-wide-lp.csv");
    SurvivalData data =
        SurvivalData.rightCensored(wide.numbers("time"), wide.integers("event"))
            .withCovariate("x", wide.numbers("x"));
    CoxModel fit = Cox.builder().fit(data);
    assertThat(fit.coefficients()[0] * 399).as("range of the linear predictor").isGreaterThan(1000);
    StatsFixtures.check(R, "wide-lp-efron", fit);
  }

  @Test
  void countingProcessWithRepeatedEventsMatchesCoxphEfronClusteredById() {
    StatsFixtures.check(
        R,
        "cp-efron-cluster",
        Cox.builder().ties(Ties.EFRON).cluster(CP.integers("id")).fit(cp(CP_TERMS)));
  }

  @Test
  void countingProcessMatchesCoxphBreslow() {
    StatsFixtures.check(R, "cp-breslow", Cox.builder().ties(Ties.BRESLOW).fit(cp(CP_TERMS)));
  }

  @Test
  void countingProcessConcordanceWithTiedPredictorsMatchesR() {
    StatsFixtures.check(R, "cp-binary-efron", Cox.builder().fit(cp("female")));
  }

  private static SurvivalData rc(String... terms) {
    return StatsFixtures.rightCensored(RC, terms);
  }

  private static SurvivalData cp(String... terms) {
    return StatsFixtures.counting(CP, terms);
  }
}
