package org.itbs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Pins {@link MetaAnalysis}'s refusals and hand-computable cases, and {@link StudentT} to R's
 * {@code qt} and {@code pt} (to 1e-13 relative).
 */
class MetaAnalysisTest {
  @Test
  void refusesASingleEstimate() {
    assertThatThrownBy(() -> MetaAnalysis.randomEffects(new double[] {0.3}, new double[] {0.1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 2 estimates; got 1");
  }

  @Test
  void refusesNoEstimates() {
    assertThatThrownBy(() -> MetaAnalysis.randomEffects(new double[0], new double[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 0");
  }

  @Test
  void refusesAZeroStandardErrorNamingIt() {
    assertThatThrownBy(
            () -> MetaAnalysis.randomEffects(new double[] {0.3, 0.2}, new double[] {0.1, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("standard error 1 is 0.0");
  }

  @Test
  void refusesANegativeOrNaNStandardError() {
    assertThatThrownBy(
            () -> MetaAnalysis.randomEffects(new double[] {0.3, 0.2}, new double[] {-0.1, 0.2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("standard error 0 is -0.1");
    assertThatThrownBy(
            () ->
                MetaAnalysis.randomEffects(new double[] {0.3, 0.2}, new double[] {0.1, Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("standard error 1 is NaN");
  }

  @Test
  void refusesAnInfiniteEstimate() {
    assertThatThrownBy(
            () ->
                MetaAnalysis.randomEffects(
                    new double[] {0.3, Double.POSITIVE_INFINITY}, new double[] {0.1, 0.1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("estimate 1 is Infinity");
  }

  @Test
  void refusesArraysOfDifferentLengths() {
    assertThatThrownBy(
            () -> MetaAnalysis.randomEffects(new double[] {0.3, 0.2}, new double[] {0.1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 estimates but 1 standard errors");
  }

  @Test
  void identicalEstimatesGiveNoHeterogeneityAndTheCommonValue() {
    MetaAnalysis m =
        MetaAnalysis.randomEffects(new double[] {0.4, 0.4, 0.4}, new double[] {0.1, 0.2, 0.3});
    assertThat(m.tau2()).isZero();
    assertThat(m.i2()).isZero();
    assertThat(m.q()).isCloseTo(0, within(1e-25)); // round-off of the fixed-effect mean
    assertThat(m.qPValue()).isCloseTo(1.0, within(1e-15));
    assertThat(m.estimate()).isCloseTo(0.4, within(1e-15));
    // HKSJ is 0 (no residual spread): the ad hoc correction falls back on the model SE
    assertThat(m.knhaStandardError()).isCloseTo(0, within(1e-15));
    double sumW = 1 / 0.01 + 1 / 0.04 + 1 / 0.09;
    assertThat(m.standardError()).isCloseTo(Math.sqrt(1 / sumW), within(1e-15));
  }

  @Test
  void twoEqualPrecisionStudiesFarApartMatchTheClosedForm() {
    // k = 2, v = 0.01 each, y = 0 and 1: REML tau2 = (y1 - y2)^2 / 2 - v = 0.49
    MetaAnalysis m = MetaAnalysis.randomEffects(new double[] {0, 1}, new double[] {0.1, 0.1});
    assertThat(m.tau2()).isCloseTo(0.49, within(1e-12));
    assertThat(m.estimate()).isCloseTo(0.5, within(1e-15));
    assertThat(m.q()).isCloseTo(50, within(1e-12));
    // s2 = v for equal variances: I2 = 100 * 0.49 / 0.5
    assertThat(m.i2()).isCloseTo(98, within(1e-9));
    // RE SE^2 = (v + tau2) / 2 = 0.25; HKSJ: sum w (y - mu)^2 / ((k-1) sum w) = 0.25 too
    assertThat(m.standardError()).isCloseTo(0.5, within(1e-12));
    // qt(0.975, 1) = 12.706204736174694
    assertThat(m.confidenceInterval().upper())
        .isCloseTo(0.5 + 12.706204736174694 * 0.5, within(1e-7));
    assertThat(m.degreesOfFreedom()).isEqualTo(1);
  }

  @Test
  void studentTMatchesRsQtAndPt() {
    // R: qt(0.975, df) and 2 * pt(-2.5, df)
    double[] df = {1, 2, 3, 4, 10, 30};
    double[] q = {
      12.706204736174694,
      4.3026527297494619,
      3.1824463052837078,
      2.7764451051977934,
      2.2281388519862739,
      2.0422724563012378
    };
    double[] p = {
      0.12111894159084335,
      0.064805860110755398,
      0.043853323504032753,
      0.033383272405994063,
      0.015723422118304388,
      0.009057824534033353
    };
    for (int i = 0; i < df.length; i++) {
      assertThat(StudentT.quantile(0.975, df[i]))
          .as("qt df " + df[i])
          .isCloseTo(q[i], within(1e-13 * q[i]));
      assertThat(StudentT.twoSidedP(-2.5, df[i]))
          .as("pt df " + df[i])
          .isCloseTo(2 * p[i], within(1e-13 * p[i]));
    }
  }

  @Test
  void studentTKeepsItsPrecisionFarInTheTail() {
    // R: pt(-40, 30) and pt(-40, 1); qt(1e-10, 3)
    assertThat(StudentT.twoSidedP(40, 30))
        .isCloseTo(2 * 6.8630225972031808e-28, within(1e-12 * 2 * 6.8630225972031808e-28));
    assertThat(StudentT.twoSidedP(40, 1))
        .isCloseTo(2 * 0.007956089912025812, within(1e-13 * 2 * 0.007956089912025812));
    assertThat(StudentT.quantile(1e-10, 3))
        .isCloseTo(-2225.7692846830946, within(1e-12 * 2225.7692846830946));
    assertThat(StudentT.twoSidedP(0, 5)).isEqualTo(1.0);
  }

  @Test
  void studentTRefusesFractionalDegreesOfFreedom() {
    assertThatThrownBy(() -> StudentT.quantile(0.975, 2.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2.5 are not a whole number");
  }
}
