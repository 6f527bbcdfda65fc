package org.itbs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Indicator coding of a factor as R's {@code glm} codes it: sorted levels, the first the reference.
 */
class FactorTest {
  private static final String[] SITES = {"PRG03", "AMS01", "MAD02", "PRG03", "AMS01"};

  @Test
  void levelsAreSortedWithTheAlphabeticallyFirstAsReference() {
    Factor site = Factor.of("site", SITES);
    assertThat(site.levels()).containsExactly("AMS01", "MAD02", "PRG03");
    assertThat(site.reference()).isEqualTo("AMS01");
    assertThat(site.termNames()).containsExactly("siteMAD02", "sitePRG03");
    assertThat(site.withTermNames(List.of("age"))).containsExactly("age", "siteMAD02", "sitePRG03");
    assertThat(site.rows()).isEqualTo(5);
  }

  @Test
  void eachRowGetsOneIndicatorPerNonReferenceLevelAfterItsCovariates() {
    double[][] x = {{1}, {2}, {3}, {4}, {5}};
    double[][] out = Factor.of("site", SITES).withIndicators(x);
    assertThat(out)
        .isDeepEqualTo(new double[][] {{1, 0, 1}, {2, 0, 0}, {3, 1, 0}, {4, 0, 1}, {5, 0, 0}});
    assertThat(x[0]).containsExactly(1); // unchanged
  }

  @Test
  void oneLevelAddsNoColumn() {
    Factor one = Factor.of("site", new String[] {"CHI02", "CHI02", "CHI02"});
    assertThat(one.termNames()).isEmpty();
    assertThat(one.withIndicators(new double[][] {{1, 2}, {3, 4}, {5, 6}}))
        .isDeepEqualTo(new double[][] {{1, 2}, {3, 4}, {5, 6}});
  }

  @Test
  void refusesMissingValuesAndMismatchedRows() {
    assertThatThrownBy(() -> Factor.of("site", new String[] {"A", null}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("factor site row 1 is null");
    assertThatThrownBy(() -> Factor.of(" ", new String[] {"A"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-blank name");
    assertThatThrownBy(() -> Factor.of("site", SITES).withIndicators(new double[2][1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x has 2 rows for the 5 values of factor site");
  }
}
