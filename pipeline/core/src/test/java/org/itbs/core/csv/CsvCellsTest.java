package org.itbs.core.csv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CsvCellsTest {
  @Test
  void prefixesCellsThatASpreadsheetWouldRunAsFormulas() {
    assertThat(CsvCells.neutralise("=HYPERLINK(\"http://x\",\"y\")"))
        .isEqualTo("'=HYPERLINK(\"http://x\",\"y\")");
    assertThat(CsvCells.neutralise("+cmd")).isEqualTo("'+cmd");
    assertThat(CsvCells.neutralise("-2+3")).isEqualTo("'-2+3");
    assertThat(CsvCells.neutralise("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    assertThat(CsvCells.neutralise("\t=1")).isEqualTo("'\t=1");
    assertThat(CsvCells.neutralise("\r=1")).isEqualTo("'\r=1");
  }

  @Test
  void leavesNumbersAndOrdinaryTextAlone() {
    assertThat(CsvCells.neutralise("-1.5")).isEqualTo("-1.5");
    assertThat(CsvCells.neutralise("+2")).isEqualTo("+2");
    assertThat(CsvCells.neutralise("-3e-4")).isEqualTo("-3e-4");
    assertThat(CsvCells.neutralise("ITBS")).isEqualTo("ITBS");
    assertThat(CsvCells.neutralise("a=b")).isEqualTo("a=b");
    assertThat(CsvCells.neutralise("")).isEmpty();
    assertThat(CsvCells.neutralise(null)).isNull();
  }
}
