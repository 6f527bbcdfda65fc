package org.itbs.stats;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins the stratified Cox fit, the GLMs with site indicators and fits of covariates whose scales
 * are 1e12 apart to the numbers R wrote for the committed fixtures ({@code
 * src/test/resources/stats/make-strata-fixtures.R} says how to regenerate them): Cox estimates,
 * SEs, robust SEs, z, p and log likelihoods to 1e-9 relative, Harrell's C to 1e-12, iterations, n
 * and events exactly; GLMs to the plan's 1e-6.
 */
class CoxStrataMatchesRTest {
  private static final Map<String, Map<String, Map<String, Double>>> R =
      StatsFixtures.expected(StatsFixtures.resource("strata-expected.csv"));

  @Test
  void stratifiedFitsOfRightCensoredAndCountingProcessDataMatchCoxph() {
    StrataFixtures.checkCoxFixtures(
        R,
        StatsFixtures.resource("strata-right-censored.csv"),
        StatsFixtures.resource("strata-counting.csv"));
  }

  @Test
  void logisticAndPoissonWithSiteIndicatorsMatchGlmInNaturalAndExtremeUnits() {
    StrataFixtures.checkGlmFixtures(R, StatsFixtures.resource("glm-sites.csv"));
  }

  @Test
  void planV2P1OnCohortBStratifiedBySiteMatchesCoxph() {
    StrataFixtures.checkP1(R, StatsFixtures.resource("cohort-b.v2.analysis_set.csv"));
  }
}
