package org.itbs.stats;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Logistic and Poisson fits, the AUC and chi-square quantiles reproduce what R wrote into the
 * committed fixtures ({@code make-glm-fixtures.R}): every coefficient, SE, z and p-value of the
 * intercept and the terms to 1e-6 relative, deviances, log likelihoods and fitted values, the AUC
 * of tied scores exactly, and {@code qchisq}/{@code pchisq} over a grid to 1e-12 relative.
 */
class GlmMatchesRTest {
  private static Map<String, Map<String, Map<String, Double>>> expected;

  @BeforeAll
  static void read() {
    expected = StatsFixtures.expected(StatsFixtures.resource("glm-expected.csv"));
  }

  @Test
  void logisticFitMatchesRsGlmBinomialOnDataInLargeAndSmallUnits() {
    GlmFixtures.checkLogistic(expected, StatsFixtures.resource("glm-logistic.csv"));
  }

  @Test
  void poissonFitWithExposureOffsetMatchesRsGlmPoissonOnCountsAboveOne() {
    GlmFixtures.checkPoisson(expected, StatsFixtures.resource("glm-poisson.csv"));
  }

  @Test
  void planModelsP2AndP3MatchRsInterceptDevianceAndFittedValuesToo() {
    GlmFixtures.checkPlan(expected, StatsFixtures.resource("cohort-a.analysis_set.csv"));
  }

  @Test
  void aucOfTiedScoresEqualsThePairwiseDefinitionExactly() {
    GlmFixtures.checkAucTies(expected, StatsFixtures.resource("auc-ties.csv"));
  }

  @Test
  void chiSquareQuantilesAndProbabilitiesMatchRFromTinyToHugeDegreesOfFreedom() {
    GlmFixtures.checkChiSquare(StatsFixtures.resource("chisq-expected.csv"));
  }
}
