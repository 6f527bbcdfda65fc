package org.itbs.analysis.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The report's tables/*.csv show a formula in a text cell as text, and leave numbers alone. */
class ReportCsvCellsTest {
  @Test
  void neutralisesFormulaCellsOfTextColumnsOnly() {
    Table t =
        Table.create(
            "t",
            StringColumn.create("site", "=HYPERLINK(\"http://x\")", "CLINA", "-0.5", "@cmd"),
            DoubleColumn.create("hr", -1.5, 2.0, 0.5, 1.0));
    Table c = Report.forSpreadsheet(t);
    assertThat(c.stringColumn("site").asList())
        .containsExactly("'=HYPERLINK(\"http://x\")", "CLINA", "-0.5", "'@cmd");
    assertThat(c.doubleColumn("hr").get(0)).isEqualTo(-1.5);
    assertThat(t.stringColumn("site").get(0)).isEqualTo("=HYPERLINK(\"http://x\")");
  }
}
