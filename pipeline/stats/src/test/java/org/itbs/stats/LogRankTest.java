package org.itbs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins {@link LogRank} to R's {@code survdiff(Surv(time, status) ~ group)} and the tertile split to
 * R's {@code cut(x, quantile(x, c(0, 1/3, 2/3, 1)), include.lowest = TRUE)} on the committed
 * fixtures ({@code src/test/resources/stats/make-km-fixtures.R}), the reference analysis set of
 * cohort A included, and checks the edge cases R would not reject.
 */
class LogRankTest {
  private static final StatsFixtures.Table DATA = KaplanMeierTest.DATA;
  private static final StatsFixtures.Table EXPECTED =
      StatsFixtures.resource("logrank-expected.csv");
  private static final StatsFixtures.Table COHORT =
      StatsFixtures.resource("cohort-a.analysis_set.csv");
  private static final StatsFixtures.Table COHORT_TERTILES =
      StatsFixtures.resource("cohort-a-tertiles.csv");

  @Test
  void threeGroupsWithTiesAndCensoringMatchSurvdiff() {
    LogRank lr = LogRank.test(KaplanMeierTest.data(), DATA.texts("group"));
    checkAgainstR("three-groups", lr);
    assertThat(lr.degreesOfFreedom()).isEqualTo(2);
  }

  @Test
  void twoGroupsMatchSurvdiff() {
    List<Integer> keep = new ArrayList<>();
    String[] group = DATA.texts("group");
    for (int i = 0; i < group.length; i++) {
      if (!group[i].equals("C")) {
        keep.add(i);
      }
    }
    double[] time = DATA.numbers("time");
    int[] status = DATA.integers("status");
    double[] t = new double[keep.size()];
    int[] s = new int[keep.size()];
    String[] g = new String[keep.size()];
    for (int k = 0; k < t.length; k++) {
      t[k] = time[keep.get(k)];
      s[k] = status[keep.get(k)];
      g[k] = group[keep.get(k)];
    }
    LogRank lr = LogRank.test(SurvivalData.rightCensored(t, s), g);
    checkAgainstR("two-groups", lr);
    assertThat(lr.degreesOfFreedom()).isEqualTo(1);
  }

  @Test
  void tertilesWithValuesTiedAtTheCutPointsMatchCut() {
    String[] tertiles = LogRank.tertiles(DATA.numbers("load"));
    assertThat(tertiles).containsExactly(DATA.texts("load_tertile"));
    checkAgainstR("load-tertiles", LogRank.test(KaplanMeierTest.data(), tertiles));
  }

  @Test
  void analysisSetByTertileOfPeakHipAdductionMatchesSurvdiff() {
    String[] tertiles = LogRank.tertiles(COHORT.numbers("peak_hip_add"));
    assertThat(COHORT.texts("participant_id"))
        .containsExactly(COHORT_TERTILES.texts("participant_id"));
    assertThat(tertiles).containsExactly(COHORT_TERTILES.texts("tertile"));
    LogRank lr =
        LogRank.test(
            SurvivalData.rightCensored(COHORT.numbers("time"), COHORT.integers("event")), tertiles);
    checkAgainstR("cohort-a-tertiles", lr);
    assertThat(lr.pValue()).isBetween(0.01, 0.05);
  }

  @Test
  void observedAndExpectedEventsHaveTheSameTotal() {
    LogRank lr = LogRank.test(KaplanMeierTest.data(), DATA.texts("group"));
    double o = 0;
    double e = 0;
    for (int g = 0; g < 3; g++) {
      o += lr.observed()[g];
      e += lr.expected()[g];
    }
    assertThat(e).isCloseTo(o, within(1e-9));
  }

  @Test
  void handComputedTwoGroupStatistic() {
    // t=1: 4 at risk (2 a, 2 b), 1 event in a: E_b = 1/2, V = 1·3/3 · 1/2 · 1/2 = 1/4
    // t=2: 3 at risk (1 a, 2 b), 1 event in b: E_b = 2/3, V = 1·2/2 · 1/3 · 2/3 = 2/9
    // R drops the first group: χ² = (O_b - E_b)² / V = (1 - 7/6)² / (17/36) = 1/17
    LogRank lr =
        LogRank.test(
            SurvivalData.rightCensored(new double[] {1, 4, 2, 3}, new int[] {1, 0, 1, 0}),
            new String[] {"a", "a", "b", "b"});
    assertThat(lr.groups()).containsExactly("a", "b");
    assertThat(lr.observed()).containsExactly(1, 1);
    assertThat(lr.expected()).containsExactly(new double[] {5.0 / 6, 7.0 / 6}, within(1e-15));
    double v = 1.0 / 4 + 2.0 / 9;
    double diff = 1 - 7.0 / 6;
    assertThat(lr.chiSquare()).isCloseTo(diff * diff / v, within(1e-14));
    assertThat(lr.pValue()).isCloseTo(Normal.twoSidedP(diff / Math.sqrt(v)), within(1e-14));
  }

  @Test
  void groupWithNobodyAtRiskAtAnEventTimeIsLeftOutOfTheDegreesOfFreedomAsInR() {
    double[] t = {1, 1, 5, 6, 7, 8};
    int[] e = {0, 0, 1, 1, 1, 0};
    LogRank three =
        LogRank.test(SurvivalData.rightCensored(t, e), new String[] {"c", "c", "a", "b", "a", "b"});
    LogRank two =
        LogRank.test(
            SurvivalData.rightCensored(new double[] {5, 6, 7, 8}, new int[] {1, 1, 1, 0}),
            new String[] {"a", "b", "a", "b"});
    assertThat(three.expected()[2]).isZero();
    assertThat(three.degreesOfFreedom()).isEqualTo(1);
    assertThat(three.chiSquare()).isCloseTo(two.chiSquare(), within(1e-15));
    assertThat(three.pValue()).isCloseTo(two.pValue(), within(1e-15));
  }

  @Test
  void rejectsASingleGroup() {
    SurvivalData d = SurvivalData.rightCensored(new double[] {1, 2, 3}, new int[] {1, 0, 1});
    assertThatThrownBy(() -> LogRank.test(d, new String[] {"T1", "T1", "T1"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs at least two groups")
        .hasMessageContaining("[T1]");
  }

  @Test
  void rejectsDataWithoutEvents() {
    SurvivalData d = SurvivalData.rightCensored(new double[] {1, 2, 3, 4}, new int[] {0, 0, 0, 0});
    assertThatThrownBy(() -> LogRank.test(d, new String[] {"a", "b", "a", "b"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no events in 4 rows");
  }

  @Test
  void rejectsWhenOnlyOneGroupHasRunnersAtRiskAtEventTimes() {
    SurvivalData d = SurvivalData.rightCensored(new double[] {1, 1, 5, 6}, new int[] {0, 0, 1, 1});
    assertThatThrownBy(() -> LogRank.test(d, new String[] {"a", "a", "b", "b"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only 1 of the groups [a, b]");
  }

  @Test
  void rejectsCountingProcessData() {
    SurvivalData cp =
        SurvivalData.countingProcess(new double[] {0, 5}, new double[] {5, 9}, new int[] {1, 1});
    assertThatThrownBy(() -> LogRank.test(cp, new String[] {"a", "b"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("counting-process");
  }

  @Test
  void tertilesPutValuesTiedAtACutPointInTheLowerTertile() {
    // quantiles of 1..6 (type 7): 1, 2.6667, 4.3333, 6; of 1,2,2,2,3,4: 1, 2, 2.333, 4
    assertThat(LogRank.tertiles(new double[] {6, 5, 4, 3, 2, 1}))
        .containsExactly("T3", "T3", "T2", "T2", "T1", "T1");
    assertThat(LogRank.tertiles(new double[] {1, 2, 2, 2, 3, 4}))
        .containsExactly("T1", "T1", "T1", "T1", "T3", "T3");
  }

  @Test
  void tertilesRejectCoincidingCutPoints() {
    assertThatThrownBy(() -> LogRank.tertiles(new double[] {1, 1, 1, 1, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("are not distinct");
  }

  @Test
  void tertilesRejectAMissingValueNamingItsIndex() {
    assertThatThrownBy(() -> LogRank.tertiles(new double[] {1, Double.NaN, 3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("value 1 is NaN");
  }

  private static void checkAgainstR(String fixture, LogRank lr) {
    String[] f = EXPECTED.texts("fixture");
    String[] group = EXPECTED.texts("group");
    int[] n = EXPECTED.integers("n");
    double[] obs = EXPECTED.numbers("obs");
    double[] exp = EXPECTED.numbers("exp");
    double[] chisq = EXPECTED.numbers("chisq");
    int[] df = EXPECTED.integers("df");
    double[] p = EXPECTED.numbers("p");
    int g = 0;
    for (int i = 0; i < f.length; i++) {
      if (!f[i].equals(fixture)) {
        continue;
      }
      String what = fixture + " " + group[i];
      assertThat(lr.groups().get(g)).as(what + " label").isEqualTo(group[i]);
      assertThat(lr.sizes()[g]).as(what + " n").isEqualTo(n[i]);
      assertThat(lr.observed()[g]).as(what + " obs").isEqualTo((int) obs[i]);
      KaplanMeierTest.assertRelative(what + " exp", lr.expected()[g], exp[i]);
      KaplanMeierTest.assertRelative(what + " chisq", lr.chiSquare(), chisq[i]);
      assertThat(lr.degreesOfFreedom()).as(what + " df").isEqualTo(df[i]);
      KaplanMeierTest.assertRelative(what + " p", lr.pValue(), p[i]);
      g++;
    }
    assertThat(g).as(fixture + " groups in logrank-expected.csv").isEqualTo(lr.groups().size());
  }
}
