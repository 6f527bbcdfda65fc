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
    Agreement agree = new Agreement();
    String[] fixture = EXPECTED.texts("fixture");
    assertThat(fits.keySet())
        .containsExactly("bcg", "bcg_first3", "bcg_first2", "normand", "hackshaw", "hackshaw_4");
    for (int i = 0; i < fixture.length; i++) {
      MetaAnalysis m = fits.get(fixture[i]);
      String f = fixture[i] + " ";
      assertThat(m.k()).as(f + "k").isEqualTo((int) EXPECTED.numbers("k")[i]);
      agree.check(fixture[i], "tau2", m.tau2(), expected("tau2", i));
      agree.check(fixture[i], "i2", m.i2(), expected("i2", i));
      agree.check(fixture[i], "q", m.q(), expected("q", i));
      agree.check(fixture[i], "q_p", m.qPValue(), expected("q_p", i));
      agree.check(fixture[i], "estimate", m.estimate(), expected("estimate", i));
      agree.check(fixture[i], "se_z", m.randomEffectsStandardError(), expected("se_z", i));
      agree.check(fixture[i], "se_knha", m.knhaStandardError(), expected("se_knha", i));
      // metafor's own knha interval, p and predict() use the SE before the ad hoc correction
      double crit = StudentT.quantile(0.975, m.k() - 1);
      double knha = m.knhaStandardError();
      agree.check(fixture[i], "ci_lb_knha", m.estimate() - crit * knha, expected("ci_lb_knha", i));
      agree.check(fixture[i], "ci_ub_knha", m.estimate() + crit * knha, expected("ci_ub_knha", i));
      agree.check(
          fixture[i],
          "p_knha",
          StudentT.twoSidedP(m.estimate() / knha, m.k() - 1),
          expected("p_knha", i));
      double halfPi = crit * Math.sqrt(m.tau2() + knha * knha);
      agree.check(fixture[i], "pi_lb_knha", m.estimate() - halfPi, expected("pi_lb_knha", i));
      agree.check(fixture[i], "pi_ub_knha", m.estimate() + halfPi, expected("pi_ub_knha", i));
      // the plan's: ad hoc correction, as reference-v2.R
      agree.check(fixture[i], "se", m.standardError(), expected("se", i));
      agree.check(fixture[i], "ci_lb", m.confidenceInterval().lower(), expected("ci_lb", i));
      agree.check(fixture[i], "ci_ub", m.confidenceInterval().upper(), expected("ci_ub", i));
      agree.check(fixture[i], "p", m.pValue(), expected("p", i));
      agree.check(fixture[i], "pi_lb", m.predictionInterval().lower(), expected("pi_lb", i));
      agree.check(fixture[i], "pi_ub", m.predictionInterval().upper(), expected("pi_ub", i));
    }
    System.out.println(agree.summary("metafor 3.8 on dat.bcg, dat.normand1999, dat.hackshaw1998"));
    // far inside the tolerance: the fixtures carry 17 significant digits
    assertThat(agree.worst().values()).allSatisfy(e -> assertThat(e).isLessThan(1e-12));
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

  private static double expected(String column, int row) {
    return EXPECTED.numbers(column)[row];
  }
}
