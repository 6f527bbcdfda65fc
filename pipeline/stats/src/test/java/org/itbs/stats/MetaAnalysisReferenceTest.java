package org.itbs.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins {@link MetaAnalysis} to M1 of the reference cohort B (three sites), as {@code
 * reference-v2.R} computes it with {@code metafor}: each site's P1 coefficients ({@code
 * cohort-b.v2.site_effects.csv}) pooled per term must give that term's τ², I², Q, p of Q and
 * prediction interval ({@code cohort-b.v2.meta_analysis.csv}) and the M1 rows of {@code
 * cohort-b.v2.effects.csv} (estimate, HKSJ SE, ratio, t-based CI, p) to the reference README's
 * tolerance, 1e-6 relative.
 */
class MetaAnalysisReferenceTest {
  private static final StatsFixtures.Table SITES =
      StatsFixtures.resource("cohort-b.v2.site_effects.csv");
  private static final StatsFixtures.Table META =
      StatsFixtures.resource("cohort-b.v2.meta_analysis.csv");
  private static final StatsFixtures.Table M1 =
      StatsFixtures.resource("cohort-b.v2.m1_effects.csv");

  /** Each term's site estimates and SEs, in the order of the site file. */
  private static Map<String, MetaAnalysis> pooledByTerm() {
    String[] term = SITES.texts("term");
    double[] est = SITES.numbers("estimate");
    double[] se = SITES.numbers("std_error");
    Map<String, List<double[]>> byTerm = new LinkedHashMap<>();
    for (int i = 0; i < term.length; i++) {
      byTerm.computeIfAbsent(term[i], t -> new ArrayList<>()).add(new double[] {est[i], se[i]});
    }
    Map<String, MetaAnalysis> out = new LinkedHashMap<>();
    byTerm.forEach(
        (t, rows) ->
            out.put(
                t,
                MetaAnalysis.randomEffects(
                    rows.stream().mapToDouble(r -> r[0]).toArray(),
                    rows.stream().mapToDouble(r -> r[1]).toArray())));
    return out;
  }

  @Test
  void heterogeneityOfEveryTermMatchesMetaforOnCohortB() {
    Map<String, MetaAnalysis> pooled = pooledByTerm();
    Agreement agree = new Agreement();
    String[] term = META.texts("term");
    assertThat(pooled.keySet()).containsExactly(term);
    double[] k = META.numbers("k");
    double[] tau2 = META.numbers("tau2");
    double[] i2 = META.numbers("i2");
    double[] q = META.numbers("q");
    double[] qp = META.numbers("q_p");
    double[] piLow = META.numbers("pi_lower");
    double[] piUp = META.numbers("pi_upper");
    int zeroTau2 = 0;
    for (int i = 0; i < term.length; i++) {
      MetaAnalysis m = pooled.get(term[i]);
      assertThat(m.k()).as(term[i] + " k").isEqualTo((int) k[i]);
      agree.check(term[i], "tau2", m.tau2(), tau2[i]);
      agree.check(term[i], "i2", m.i2(), i2[i]);
      agree.check(term[i], "q", m.q(), q[i]);
      agree.check(term[i], "q_p", m.qPValue(), qp[i]);
      agree.check(term[i], "pi_lower", Math.exp(m.predictionInterval().lower()), piLow[i]);
      agree.check(term[i], "pi_upper", Math.exp(m.predictionInterval().upper()), piUp[i]);
      if (tau2[i] == 0) {
        zeroTau2++;
        assertThat(m.tau2()).as(term[i] + " tau2 truncated at 0 as in metafor").isZero();
      }
    }
    // two terms (peak_hip_add, hip_abd) have their REML maximum at the boundary
    assertThat(zeroTau2).isEqualTo(2);
    System.out.println(agree.summary("cohort B meta_analysis.csv"));
    // far inside the tolerance: R's file prints 15 significant digits
    assertThat(agree.worst().values()).allSatisfy(e -> assertThat(e).isLessThan(1e-12));
  }

  @Test
  void pooledEstimateHksjErrorTBasedIntervalAndPMatchM1Rows() {
    Map<String, MetaAnalysis> pooled = pooledByTerm();
    Agreement agree = new Agreement();
    String[] term = M1.texts("term");
    double[] est = M1.numbers("estimate");
    double[] se = M1.numbers("std_error");
    double[] ratio = M1.numbers("ratio");
    double[] low = M1.numbers("ci_lower");
    double[] up = M1.numbers("ci_upper");
    double[] p = M1.numbers("p_value");
    boolean adHocBites = false;
    for (int i = 0; i < term.length; i++) {
      MetaAnalysis m = pooled.get(term[i]);
      agree.check(term[i], "estimate", m.estimate(), est[i]);
      agree.check(term[i], "std_error", m.standardError(), se[i]);
      agree.check(term[i], "ratio", Math.exp(m.estimate()), ratio[i]);
      agree.check(term[i], "ci_lower", Math.exp(m.confidenceInterval().lower()), low[i]);
      agree.check(term[i], "ci_upper", Math.exp(m.confidenceInterval().upper()), up[i]);
      agree.check(term[i], "p_value", m.pValue(), p[i]);
      adHocBites |= m.knhaStandardError() < m.randomEffectsStandardError();
    }
    // the ad hoc correction changes at least one term's SE in this cohort, so it is tested
    assertThat(adHocBites).isTrue();
    System.out.println(agree.summary("cohort B M1 rows of effects.csv"));
    assertThat(agree.worst().values()).allSatisfy(e -> assertThat(e).isLessThan(1e-12));
  }
}
