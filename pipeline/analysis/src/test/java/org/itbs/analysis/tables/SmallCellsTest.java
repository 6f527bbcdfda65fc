package org.itbs.analysis.tables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class SmallCellsTest {

  @Test
  void countUnderFiveIsShownAsLessThanFiveAndFiveIsShown() {
    assertThat(SmallCells.count(3)).isEqualTo("<5");
    assertThat(SmallCells.count(0)).isEqualTo("<5");
    assertThat(SmallCells.count(4)).isEqualTo("<5");
    assertThat(SmallCells.count(5)).isEqualTo("5");
    assertThat(SmallCells.count(1234)).isEqualTo("1234");
  }

  @Test
  void percentageOfSuppressedCountIsSuppressedWithIt() {
    assertThat(SmallCells.countPercent(3, 40)).isEqualTo("<5");
    assertThat(SmallCells.countPercent(5, 40)).isEqualTo("5 (12.5%)");
  }

  @Test
  void countWhoseComplementInShownTotalIsUnderFiveIsSuppressed() {
    // 18 of 20 shown would give away the 2 others.
    assertThat(SmallCells.suppressed(18, 20)).isTrue();
    assertThat(SmallCells.countPercent(18, 20)).isEqualTo("<5");
    assertThat(SmallCells.countPercent(15, 20)).isEqualTo("15 (75.0%)");
    assertThat(SmallCells.suppressed(16, 20)).isTrue();
  }

  @Test
  void zeroComplementDoesNotSuppressItsCount() {
    // 20 of 20: the other cell is 0 and shows <5 itself; knowing it is 0 identifies no one.
    assertThat(SmallCells.suppressed(20, 20)).isFalse();
    assertThat(SmallCells.countPercent(20, 20)).isEqualTo("20 (100.0%)");
    assertThat(SmallCells.suppressed(0, 20)).isTrue();
  }

  @Test
  void countAboveItsTotalIsRejected() {
    assertThatThrownBy(() -> SmallCells.suppressed(21, 20))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("count 21 is not between 0 and its total 20");
  }

  @Test
  void applySuppressesCountsComplementsAndDerivedColumns() {
    Table t =
        Table.create(
            "t",
            StringColumn.create("group", "a", "b", "c", "d"),
            IntColumn.create("total", 40, 40, 20, 40),
            IntColumn.create("count", 3, 5, 18, 20),
            DoubleColumn.create("percent", 7.5, 12.5, 90.0, 50.0));

    Table out =
        SmallCells.apply(t, List.of("count"), Map.of("count", "total"), Map.of("percent", "count"));

    assertThat(out.columnNames()).containsExactly("group", "total", "count", "percent");
    assertThat(out.stringColumn("count").asList()).containsExactly("<5", "5", "<5", "20");
    assertThat(out.stringColumn("percent").asList()).containsExactly("<5", "12.5", "<5", "50.0");
    assertThat(out.intColumn("total").asList()).containsExactly(40, 40, 20, 40);
    assertThat(t.intColumn("count").get(0)).isEqualTo(3);
  }

  @Test
  void applyWithoutTotalSuppressesOnlySmallCounts() {
    Table t = Table.create("t", IntColumn.create("count", 2, 18));
    Table out = SmallCells.apply(t, List.of("count"), Map.of(), Map.of());
    assertThat(out.stringColumn("count").asList()).containsExactly("<5", "18");
  }

  @Test
  void applyRejectsFractionalCountsAndUnknownColumns() {
    Table t = Table.create("t", DoubleColumn.create("count", 2.5));
    assertThatThrownBy(() -> SmallCells.apply(t, List.of("count"), Map.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a count");
    assertThatThrownBy(() -> SmallCells.apply(t, List.of("n"), Map.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no column n");
  }
}
