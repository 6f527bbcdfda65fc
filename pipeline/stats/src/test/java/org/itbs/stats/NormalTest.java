package org.itbs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NormalTest {
  /** {@code 2 * pnorm(-|z|)} as R 4.2 prints it with 17 significant digits. */
  private static final double[][] R_TWO_SIDED = {
    {0, 1},
    {0.5, 0.61707507745197387},
    {1.959963984540054, 0.050000000000000024},
    {2.5, 0.01241933065155227},
    {3.5355, 0.00040700424519014302},
    {5, 5.7330314375838782e-07},
    {10, 1.5239706048321054e-23},
    {20, 5.5072482372124675e-89},
    {37, 1.1451142445049154e-299},
  };

  @Test
  void twoSidedPValuesMatchRsPnormFromTheCentreToTheFarTail() {
    for (double[] c : R_TWO_SIDED) {
      assertThat(Normal.twoSidedP(c[0])).as("z=%s", c[0]).isCloseTo(c[1], within(1e-12 * c[1]));
      assertThat(Normal.twoSidedP(-c[0])).as("z=-%s", c[0]).isCloseTo(c[1], within(1e-12 * c[1]));
    }
  }

  @Test
  void upperTailIsHalfTheTwoSidedPAboveZeroAndItsComplementBelow() {
    assertThat(Normal.upperTail(1.959963984540054)).isCloseTo(0.025, within(1e-15));
    assertThat(Normal.upperTail(-1.959963984540054)).isCloseTo(0.975, within(1e-15));
    assertThat(Normal.upperTail(Double.NaN)).isNaN();
  }

  @Test
  void theTailBeyondDoubleRangeIsZero() {
    assertThat(Normal.twoSidedP(40)).isZero();
    assertThat(Normal.twoSidedP(Double.POSITIVE_INFINITY)).isZero();
  }
}
