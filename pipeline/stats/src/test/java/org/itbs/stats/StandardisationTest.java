package org.itbs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StandardisationTest {
  @Test
  void usesTheSampleSdWithDivisorNMinusOne() {
    Standardisation s = Standardisation.of(new double[] {2, 4, 4, 4, 5, 5, 7, 9});
    assertThat(s.mean()).isEqualTo(5);
    assertThat(s.sd()).isCloseTo(Math.sqrt(32.0 / 7), within(1e-15)); // not sqrt(32 / 8) = 2
    assertThat(s.apply(9)).isCloseTo(4 / Math.sqrt(32.0 / 7), within(1e-15));
    assertThat(s.apply(new double[] {5, 5 + s.sd()})).containsExactly(0, 1);
  }

  @Test
  void standardisesOnlyTheChosenColumnsOfACopy() {
    double[][] x = {{1, 10, 0}, {2, 20, 1}, {3, 60, 1}};
    double[][] z = Standardisation.standardiseColumns(x, 0, 1);
    assertThat(z[0][0]).isCloseTo(-1, within(1e-15));
    assertThat(z[2][0]).isCloseTo(1, within(1e-15));
    Standardisation s1 = Standardisation.ofColumn(x, 1);
    assertThat(s1.mean()).isEqualTo(30);
    assertThat(z[2][1]).isCloseTo(30 / s1.sd(), within(1e-15));
    assertThat(new double[] {z[0][2], z[1][2], z[2][2]}).containsExactly(0, 1, 1);
    assertThat(x[0][0]).isEqualTo(1); // the input is unchanged
    Standardisation back = Standardisation.ofColumn(z, 1);
    assertThat(back.mean()).isCloseTo(0, within(1e-15));
    assertThat(back.sd()).isCloseTo(1, within(1e-15));
  }

  @Test
  void rejectsConstantMissingAndTooFewValues() {
    assertThatThrownBy(() -> Standardisation.of(new double[] {3, 3, 3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("all 3 values are 3.0; a constant cannot be standardised");
    assertThatThrownBy(() -> Standardisation.of(new double[] {3, Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("value 1 is NaN; standardise over complete rows only");
    assertThatThrownBy(() -> Standardisation.of(new double[] {3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 2 values; got 1");
    assertThatThrownBy(() -> Standardisation.ofColumn(new double[][] {{1}, {2}}, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column 1 is outside row 0");
    assertThatThrownBy(() -> new Standardisation(0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sd 0.0 is not positive and finite");
  }
}
