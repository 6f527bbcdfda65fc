package org.itbs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The chi-square distribution against closed forms; {@link GlmMatchesRTest} checks it against R.
 */
class ChiSquareTest {
  @Test
  void twoDegreesOfFreedomIsTheExponentialWithMeanTwo() {
    for (double p : new double[] {1e-10, 0.025, 0.3, 0.5, 0.975, 1 - 1e-12}) {
      double q = -2 * Math.log1p(-p);
      assertThat(ChiSquare.quantile(p, 2)).as("p=%s", p).isCloseTo(q, within(1e-13 * q));
      assertThat(ChiSquare.cdf(q, 2)).as("p=%s", p).isCloseTo(p, within(1e-13 * p));
    }
  }

  @Test
  void oneDegreeOfFreedomIsTheSquareOfAStandardNormal() {
    // P(Z² ≤ z²) = 1 - P(|Z| > z)
    for (double z : new double[] {0.1, 1, 1.959963984540054, 4, 7}) {
      double p = 1 - Normal.twoSidedP(z);
      assertThat(ChiSquare.cdf(z * z, 1)).as("z=%s", z).isCloseTo(p, within(1e-14));
      assertThat(Normal.twoSidedP(z))
          .as("upper tail z=%s", z)
          .isCloseTo(
              ChiSquare.upperRegularized(0.5, z * z / 2), within(1e-13 * Normal.twoSidedP(z)));
    }
    assertThat(ChiSquare.quantile(0.95, 1))
        .isCloseTo(1.959963984540054 * 1.959963984540054, within(1e-12));
  }

  @Test
  void quantileInvertsTheDistributionFunctionInBothTails() {
    for (double df : new double[] {0.3, 1, 5, 61, 122, 124, 5000}) {
      for (double p : new double[] {1e-8, 0.025, 0.5, 0.975, 1 - 1e-8}) {
        double q = ChiSquare.quantile(p, df);
        double back = p <= 0.5 ? ChiSquare.cdf(q, df) : 1 - ChiSquare.cdf(q, df);
        double want = p <= 0.5 ? p : 1 - p;
        assertThat(back).as("df=%s p=%s", df, p).isCloseTo(want, within(1e-11 * want));
      }
    }
  }

  @Test
  void logGammaMatchesFactorialsAndTheHalfIntegerValue() {
    double logFact = 0;
    for (int k = 1; k <= 30; k++) {
      logFact += Math.log(k);
      assertThat(ChiSquare.logGamma(k + 1))
          .as("log %d!", k)
          .isCloseTo(logFact, within(1e-13 * Math.max(1, logFact)));
    }
    assertThat(ChiSquare.logGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-14));
  }

  @Test
  void degenerateCasesFollowR() {
    assertThat(ChiSquare.quantile(0.025, 0)).isZero(); // qchisq(p, 0) = 0: no events, lower limit 0
    assertThat(ChiSquare.quantile(0, 3)).isZero();
    assertThat(ChiSquare.quantile(1, 3)).isInfinite();
    assertThat(ChiSquare.cdf(0, 3)).isZero();
    assertThat(ChiSquare.cdf(-1, 3)).isZero();
    assertThat(ChiSquare.cdf(Double.POSITIVE_INFINITY, 3)).isEqualTo(1);
    assertThat(ChiSquare.cdf(2, 0)).isEqualTo(1);
  }

  @Test
  void rejectsProbabilitiesOutsideZeroOneAndNegativeDegreesOfFreedom() {
    assertThatThrownBy(() -> ChiSquare.quantile(1.5, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("probability 1.5 is outside [0, 1]");
    assertThatThrownBy(() -> ChiSquare.quantile(0.5, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("degrees of freedom -1.0 are not a non-negative finite number");
    assertThatThrownBy(() -> ChiSquare.cdf(Double.NaN, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x is NaN");
  }
}
