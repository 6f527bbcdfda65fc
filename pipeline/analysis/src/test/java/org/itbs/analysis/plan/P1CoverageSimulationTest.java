package org.itbs.analysis.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Do P1's 95% confidence intervals cover the true log hazard ratios about 95% of the time? 40
 * seeded cohorts of 600 runners over three sites with different baseline hazards (so P1 is
 * stratified), known true effects ({@link GeneratedCohort#TRUE_LOG_HR}) and prior-ITBS runners of
 * tripled hazard that the onset population must leave out; 9 covariates each, 360 intervals.
 *
 * <p>P1 states each continuous effect per SD of the model's runners: {@code z = (x - mean) / sd} is
 * a reparametrisation, so the true coefficient of {@code z} in that sample is exactly {@code β ·
 * sd}; sex stays per unit. Tolerance: under independent intervals the number covered is
 * Binomial(360, 0.95), mean 342, SD 4.1; the test accepts 0.91 to 0.99 (about ±3.5 SD; intervals of
 * one cohort are mildly dependent). Seeded: the same cohorts every run, a few seconds.
 */
class P1CoverageSimulationTest {
  private static final int COHORTS = 40;

  @Test
  void p1ConfidenceIntervalsCoverTheTruthAboutNinetyFivePercentOfTheTime() {
    int covered = 0;
    int intervals = 0;
    double meanError = 0;
    for (int c = 0; c < COHORTS; c++) {
      AnalysisSet set =
          GeneratedCohort.of(
              20_261_206L + c, 600, List.of("SA", "SB", "SC"), new double[] {6e-4, 1e-3, 4e-4});
      PlanResult r = PlanV2.run(set, GeneratedCohort.NONE);
      assertThat(r.counts().get("P1").fitted()).as("cohort %d", c).isTrue();
      double[] prior = set.column("prior_itbs");
      int[] rows = onset(prior);
      assertThat(r.counts().get("P1").n()).isEqualTo(rows.length);
      for (Effect e : r.effects("P1")) {
        double beta = GeneratedCohort.TRUE_LOG_HR.get(e.term());
        double truth =
            e.term().equals("sex") ? beta : beta * sd(set.column(PlanV1.column(e.term())), rows);
        double lo = Math.log(e.ciLower());
        double hi = Math.log(e.ciUpper());
        if (lo <= truth && truth <= hi) {
          covered++;
        }
        intervals++;
        meanError += (e.estimate() - truth) / e.stdError();
      }
    }
    double coverage = covered / (double) intervals;
    assertThat(intervals).isEqualTo(COHORTS * PlanV2.ONSET_TERMS.size());
    assertThat(coverage).as("coverage of %d intervals", intervals).isBetween(0.91, 0.99);
    // no systematic bias: the mean standardised error is near 0 (its SD is about 1/√360 ≈ 0.05)
    assertThat(meanError / intervals).isBetween(-0.25, 0.25);
  }

  private static int[] onset(double[] prior) {
    return java.util.stream.IntStream.range(0, prior.length).filter(i -> prior[i] == 0).toArray();
  }

  private static double sd(double[] v, int[] rows) {
    double m = 0;
    for (int i : rows) {
      m += v[i];
    }
    m /= rows.length;
    double ss = 0;
    for (int i : rows) {
      ss += (v[i] - m) * (v[i] - m);
    }
    return Math.sqrt(ss / (rows.length - 1));
  }
}
