package org.itbs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/**
 * Pins {@link KaplanMeier} to R's {@code summary(survfit(Surv(time, status) ~ group))} on the
 * committed fixtures ({@code src/test/resources/stats/make-km-fixtures.R} says how to regenerate
 * them) and to hand-computed edge cases.
 */
class KaplanMeierTest {
  /** Relative agreement with R. */
  static final double RELATIVE = 1e-10;

  static final StatsFixtures.Table DATA = StatsFixtures.resource("km-data.csv");
  private static final StatsFixtures.Table EXPECTED = StatsFixtures.resource("km-expected.csv");
  private static final StatsFixtures.Table AT_TIMES = StatsFixtures.resource("km-at-times.csv");

  static SurvivalData data() {
    return SurvivalData.rightCensored(DATA.numbers("time"), DATA.integers("status"));
  }

  @Test
  void curvesByGroupMatchSurvfitAtEveryEventTime() {
    SortedMap<String, KaplanMeier> curves = KaplanMeier.fitByGroup(data(), DATA.texts("group"));
    assertThat(curves.keySet()).containsExactly("A", "B", "C");
    for (var e : curves.entrySet()) {
      checkAgainstR("by-group", e.getKey(), e.getValue());
    }
  }

  @Test
  void curveOfAllRowsMatchesSurvfit() {
    KaplanMeier all = KaplanMeier.fit(data());
    assertThat(all.n()).isEqualTo(DATA.rows().size());
    checkAgainstR("overall", "all", all);
  }

  @Test
  void greenwoodErrorIsNaNWhereEveryoneAtRiskHasTheEventAsInR() {
    KaplanMeier c = KaplanMeier.fitByGroup(data(), DATA.texts("group")).get("C");
    int last = c.times().length - 1;
    assertThat(c.atRisk()[last]).isEqualTo(2);
    assertThat(c.events()[last]).isEqualTo(2);
    assertThat(c.survival()[last]).isZero();
    assertThat(c.standardErrors()[last]).isNaN();
    assertThat(c.cumulativeIncidence()[last]).isEqualTo(1.0);
  }

  @Test
  void numbersAtRiskAndSurvivalAtArbitraryTimesMatchSummaryWithTimes() {
    SortedMap<String, KaplanMeier> curves = KaplanMeier.fitByGroup(data(), DATA.texts("group"));
    KaplanMeier all = KaplanMeier.fit(data());
    String[] fixture = AT_TIMES.texts("fixture");
    String[] group = AT_TIMES.texts("group");
    double[] time = AT_TIMES.numbers("time");
    double[] risk = AT_TIMES.numbers("n.risk");
    double[] surv = AT_TIMES.numbers("surv");
    for (int i = 0; i < time.length; i++) {
      KaplanMeier km = fixture[i].equals("overall") ? all : curves.get(group[i]);
      String what = fixture[i] + " " + group[i] + " t=" + time[i];
      assertThat(km.atRisk(time[i])).as(what + " n.risk").isEqualTo((int) risk[i]);
      assertRelative(what + " surv", km.survivalAt(time[i]), surv[i]);
    }
    assertThat(time.length).isEqualTo(4 * 14);
  }

  @Test
  void handComputedProductLimitWithTiedEventAndCensoring() {
    // times 1, 2, 2+, 3, 3: S = 4/5, then 4/5 · 3/4 = 3/5, then 0 (both at risk at 3 fail)
    KaplanMeier km =
        KaplanMeier.fit(
            SurvivalData.rightCensored(new double[] {3, 2, 1, 3, 2}, new int[] {1, 0, 1, 1, 1}));
    assertThat(km.times()).containsExactly(1, 2, 3);
    assertThat(km.atRisk()).containsExactly(5, 4, 2);
    assertThat(km.events()).containsExactly(1, 1, 2);
    assertThat(km.survival()).containsExactly(new double[] {0.8, 0.6, 0.0}, within(1e-15));
    assertThat(km.cumulativeIncidence())
        .containsExactly(new double[] {0.2, 0.4, 1.0}, within(1e-15));
    double[] se = km.standardErrors();
    assertThat(se[0]).isCloseTo(0.8 * Math.sqrt(1.0 / (5 * 4)), within(1e-15));
    assertThat(se[1]).isCloseTo(0.6 * Math.sqrt(1.0 / 20 + 1.0 / 12), within(1e-15));
    assertThat(se[2]).isNaN();
    assertThat(km.atRisk(0)).isEqualTo(5);
    assertThat(km.atRisk(2)).isEqualTo(4);
    assertThat(km.atRisk(2.5)).isEqualTo(2);
    assertThat(km.atRisk(3.5)).isZero();
    assertThat(km.survivalAt(0.99)).isEqualTo(1.0);
    assertThat(km.survivalAt(1)).isEqualTo(0.8);
    assertThat(km.survivalAt(2.99)).isEqualTo(km.survival()[1]);
  }

  @Test
  void allCensoredGivesNoEventTimesAndSurvivalOne() {
    KaplanMeier km =
        KaplanMeier.fit(
            SurvivalData.rightCensored(new double[] {10, 20, 20, 30}, new int[] {0, 0, 0, 0}));
    assertThat(km.times()).isEmpty();
    assertThat(km.survival()).isEmpty();
    assertThat(km.standardErrors()).isEmpty();
    assertThat(km.cumulativeIncidence()).isEmpty();
    assertThat(km.survivalAt(1000)).isEqualTo(1.0);
    assertThat(km.atRisk(20)).isEqualTo(3);
    assertThat(km.n()).isEqualTo(4);
  }

  @Test
  void groupWithoutEventsHasAnEmptyCurveBesideOthers() {
    SortedMap<String, KaplanMeier> curves =
        KaplanMeier.fitByGroup(
            SurvivalData.rightCensored(new double[] {5, 6, 7, 8}, new int[] {0, 1, 0, 1}),
            new String[] {"x", "y", "x", "y"});
    assertThat(curves.get("x").times()).isEmpty();
    assertThat(curves.get("x").atRisk(6)).isEqualTo(1);
    assertThat(curves.get("y").survival()).containsExactly(0.5, 0.0);
  }

  @Test
  void arraysReturnedAreCopies() {
    KaplanMeier km = KaplanMeier.fit(data());
    double first = km.survival()[0];
    km.survival()[0] = -1;
    km.times()[0] = -1;
    km.atRisk()[0] = -1;
    assertThat(km.survival()[0]).isEqualTo(first);
    assertThat(km.times()[0]).isPositive();
    assertThat(km.atRisk()[0]).isEqualTo(DATA.rows().size());
  }

  @Test
  void rejectsCountingProcessData() {
    SurvivalData cp =
        SurvivalData.countingProcess(new double[] {0, 5}, new double[] {5, 9}, new int[] {0, 1});
    assertThatThrownBy(() -> KaplanMeier.fit(cp))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("need right-censored (time, event) data");
  }

  @Test
  void rejectsGroupLabelsNotOnePerRow() {
    assertThatThrownBy(() -> KaplanMeier.fitByGroup(data(), new String[] {"A", "B"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("group has 2 labels for " + DATA.rows().size() + " rows");
  }

  @Test
  void rejectsNullGroupLabelNamingTheRow() {
    SurvivalData d = SurvivalData.rightCensored(new double[] {1, 2}, new int[] {1, 1});
    assertThatThrownBy(() -> KaplanMeier.fitByGroup(d, new String[] {"A", null}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("group label of row 1 is null");
  }

  @Test
  void rejectsNaNTimeForNumbersAtRisk() {
    KaplanMeier km = KaplanMeier.fit(data());
    assertThatThrownBy(() -> km.atRisk(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("time is NaN");
  }

  private static void checkAgainstR(String fixture, String group, KaplanMeier km) {
    List<Integer> rows = new ArrayList<>();
    String[] f = EXPECTED.texts("fixture");
    String[] g = EXPECTED.texts("group");
    for (int i = 0; i < f.length; i++) {
      if (f[i].equals(fixture) && g[i].equals(group)) {
        rows.add(i);
      }
    }
    assertThat(rows).as("%s %s rows in km-expected.csv", fixture, group).isNotEmpty();
    double[] time = EXPECTED.numbers("time");
    double[] risk = EXPECTED.numbers("n.risk");
    double[] events = EXPECTED.numbers("n.event");
    double[] surv = EXPECTED.numbers("surv");
    double[] se = EXPECTED.numbers("std.err");
    assertThat(km.times()).as(fixture + " " + group + " event times").hasSize(rows.size());
    for (int k = 0; k < rows.size(); k++) {
      int i = rows.get(k);
      String what = fixture + " " + group + " t=" + time[i];
      assertThat(km.times()[k]).as(what + " time").isEqualTo(time[i]);
      assertThat(km.atRisk()[k]).as(what + " n.risk").isEqualTo((int) risk[i]);
      assertThat(km.events()[k]).as(what + " n.event").isEqualTo((int) events[i]);
      assertRelative(what + " surv", km.survival()[k], surv[i]);
      assertRelative(what + " 1 - surv", km.cumulativeIncidence()[k], 1 - surv[i]);
      assertRelative(what + " std.err", km.standardErrors()[k], se[i]);
    }
  }

  static void assertRelative(String what, double actual, double expected) {
    if (Double.isNaN(expected)) {
      assertThat(actual).as(what).isNaN();
    } else {
      assertThat(actual).as(what).isCloseTo(expected, within(RELATIVE * Math.abs(expected)));
    }
  }
}
