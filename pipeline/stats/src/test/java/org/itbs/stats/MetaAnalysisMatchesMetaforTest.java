package org.itbs.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins {@link MetaAnalysis} to R's {@code metafor} 3.8 on published example data sets ({@code
 * dat.bcg}, {@code dat.normand1999}, {@code dat.hackshaw1998} and subsets of 2 to 4 studies): the
 * committed {@code meta-data.csv} and {@code meta-expected.csv} written by {@code
 * make-meta-fixtures.R} from {@code rma(yi, sei = sei, method = "REML", test = "knha")}, {@code
 * test = "z"} and {@code predict()}, to 1e-6 relative (the reference README's tolerance).
 */
class MetaAnalysisMatchesMetaforTest {
  private static final StatsFixtures.Table DATA = StatsFixtures.resource("meta-data.csv");
  private static final StatsFixtures.Table EXPECTED = StatsFixtures.resource("meta-expected.csv");

  private static Map<String, MetaAnalysis> fits() {
    String[] fixture = DATA.texts("fixture");
    double[] yi = DATA.numbers("yi");
    double[] sei = DATA.numbers("sei");
    Map<String, List<double[]>> by = new LinkedHashMap<>();
    for (int i = 0; i < fixture.length; i++) {
      by.computeIfAbsent(fixture[i], f -> new ArrayList<>()).add(new double[] {yi[i], sei[i]});
    }
    Map<String, MetaAnalysis> out = new LinkedHashMap<>();
    by.forEach(
        (f, rows) ->
            out.put(
                f,
                MetaAnalysis.randomEffects(
                    rows.stream().mapToDouble(r -> r[0]).toArray(),
                    rows.stream().mapToDouble(r -> r[1]).toArray())));
    return out;
  }

  @Test
  void everyQuantityOfEveryPublishedExampleMatchesMetafor() {
    Map<String, MetaAnalysis> fits = fits();
    String[] fixture = EXPECTED.texts("fixture");
    assertThat(fits.keySet())
        .containsExactly("bcg", "bcg_first3", "bcg_first2", "normand", "hackshaw", "hackshaw_4");
    for (int i = 0; i < fixture.length; i++) {
      MetaAnalysis m = fits.get(fixture[i]);
      String f = fixture[i] + " ";
      assertThat(m.k()).as(f + "k").isEqualTo((int) EXPECTED.numbers("k")[i]);
      check(f + "tau2", m.tau2(), "tau2", i);
      check(f + "i2", m.i2(), "i2", i);
      check(f + "q", m.q(), "q", i);
      check(f + "q_p", m.qPValue(), "q_p", i);
      check(f + "estimate", m.estimate(), "estimate", i);
      check(f + "se_z", m.randomEffectsStandardError(), "se_z", i);
      check(f + "se_knha", m.knhaStandardError(), "se_knha", i);
      // metafor's own knha interval, p and predict() use the SE before the ad hoc correction
      double crit = StudentT.quantile(0.975, m.k() - 1);
      double knha = m.knhaStandardError();
      check(f + "ci_lb_knha", m.estimate() - crit * knha, "ci_lb_knha", i);
      check(f + "ci_ub_knha", m.estimate() + crit * knha, "ci_ub_knha", i);
      check(f + "p_knha", StudentT.twoSidedP(m.estimate() / knha, m.k() - 1), "p_knha", i);
      double halfPi = crit * Math.sqrt(m.tau2() + knha * knha);
      check(f + "pi_lb_knha", m.estimate() - halfPi, "pi_lb_knha", i);
      check(f + "pi_ub_knha", m.estimate() + halfPi, "pi_ub_knha", i);
      // the plan's: ad hoc correction, as reference-v2.R
      check(f + "se", m.standardError(), "se", i);
      check(f + "ci_lb", m.confidenceInterval().lower(), "ci_lb", i);
      check(f + "ci_ub", m.confidenceInterval().upper(), "ci_ub", i);
      check(f + "p", m.pValue(), "p", i);
      check(f + "pi_lb", m.predictionInterval().lower(), "pi_lb", i);
      check(f + "pi_ub", m.predictionInterval().upper(), "pi_ub", i);
    }
  }

  @Test
  void fixturesCoverTheBoundaryTheAdHocCorrectionAndTwoStudies() {
    Map<String, MetaAnalysis> fits = fits();
    assertThat(fits.get("hackshaw_4").tau2()).isZero();
    assertThat(fits.get("hackshaw_4").knhaStandardError())
        .isLessThan(fits.get("hackshaw_4").randomEffectsStandardError());
    assertThat(fits.get("bcg").knhaStandardError())
        .isGreaterThan(fits.get("bcg").randomEffectsStandardError());
    assertThat(fits.get("bcg_first2").k()).isEqualTo(2);
    assertThat(fits.get("normand").tau2()).isGreaterThan(100);
  }

  private static void check(String what, double actual, String column, int row) {
    MetaAnalysisReferenceTest.close(what, actual, EXPECTED.numbers(column)[row]);
  }
}
