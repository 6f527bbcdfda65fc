package org.itbs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompleteCasesTest {
  private static final double NA = Double.NaN;
  private static final List<String> NAMES = List.of("hip_add", "drop", "km");
  private static final double[][] X = {
    {1, 2, 3}, // kept
    {NA, NA, 3}, // no gait
    {1, 2, NA}, // no training log
    {4, 5, 6}, // kept
    {NA, NA, 3}, // no gait
    {NA, NA, NA}, // nothing
  };

  @Test
  void keepsTheCompleteRowsInOrderAndListsWhatEachLeftOutRowLacks() {
    CompleteCases cc = CompleteCases.of(NAMES, X);
    assertThat(cc.rows()).isEqualTo(6);
    assertThat(cc.keptCount()).isEqualTo(2);
    assertThat(cc.keptRows()).containsExactly(0, 3);
    assertThat(cc.leftOut())
        .containsExactly(
            new CompleteCases.LeftOut(1, List.of("hip_add", "drop")),
            new CompleteCases.LeftOut(2, List.of("km")),
            new CompleteCases.LeftOut(4, List.of("hip_add", "drop")),
            new CompleteCases.LeftOut(5, List.of("hip_add", "drop", "km")));
  }

  @Test
  void countsMissingValuesPerColumnAndPerPattern() {
    CompleteCases cc = CompleteCases.of(NAMES, X);
    assertThat(cc.missingCounts())
        .containsExactly(Map.entry("hip_add", 3), Map.entry("drop", 3), Map.entry("km", 2));
    assertThat(cc.missingPatterns())
        .containsExactly(
            Map.entry(List.of("hip_add", "drop"), 2),
            Map.entry(List.of("km"), 1),
            Map.entry(List.of("hip_add", "drop", "km"), 1));
    assertThat(CompleteCases.of(NAMES, new double[][] {{1, 2, 3}}).missingCounts())
        .containsExactly(Map.entry("hip_add", 0), Map.entry("drop", 0), Map.entry("km", 0));
  }

  @Test
  void selectsTheKeptRowsOfOtherColumnsOfTheSameRows() {
    CompleteCases cc = CompleteCases.of(NAMES, X);
    assertThat(cc.select(X)).isDeepEqualTo(new double[][] {{1, 2, 3}, {4, 5, 6}});
    assertThat(cc.select(new int[] {0, 1, 2, 3, 4, 5})).containsExactly(0, 3);
    assertThat(cc.select(new double[] {.5, 1, 2, 3.5, 4, 5})).containsExactly(.5, 3.5);
    assertThat(cc.select(List.of("a", "b", "c", "d", "e", "f"))).containsExactly("a", "d");
    double[][] copy = cc.select(X);
    copy[0][0] = 99;
    assertThat(X[0][0]).isEqualTo(1);
    assertThat(cc.keptRows()).isNotSameAs(cc.keptRows());
  }

  @Test
  void rejectsInfinityRowsOfTheWrongLengthAndSelectionsOfOtherRows() {
    assertThatThrownBy(
            () -> CompleteCases.of(NAMES, new double[][] {{1, Double.POSITIVE_INFINITY, 3}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column drop row 0 is Infinity; NaN marks a missing value");
    assertThatThrownBy(() -> CompleteCases.of(NAMES, new double[][] {{1, 2}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 0 has 2 values for the 3 columns");
    CompleteCases cc = CompleteCases.of(NAMES, X);
    assertThatThrownBy(() -> cc.select(new int[5]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("5 values given for the 6 rows");
  }
}
