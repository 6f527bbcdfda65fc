package org.itbs.analysis.tables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.itbs.analysis.plan.AnalysisSet;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

class Table1Test {
  private static final double NA = Double.NaN;

  /** 20 runners: the first 10 with an ITBS onset, the last 10 without. */
  private static AnalysisSet set() {
    int n = 20;
    Map<String, double[]> c = new HashMap<>();
    for (String v : AnalysisSet.VARIABLES) {
      double[] x = new double[n];
      Arrays.fill(x, 1);
      c.put(v, x);
    }
    double[] event = new double[n];
    double[] hipAdd = new double[n];
    double[] hipAbd = new double[n];
    double[] km = new double[n];
    double[] sex = new double[n];
    double[] prior = new double[n];
    for (int i = 0; i < 10; i++) {
      event[i] = 1;
      hipAdd[i] = i + 1; // 1..10
      hipAdd[10 + i] = i + 3; // 3..12
      hipAbd[i] = i < 5 ? NA : 1.0 + 0.2 * (i - 5); // 5 missing, then 1.0..1.8
      hipAbd[10 + i] = 1.5;
      km[i] = i < 6 ? NA : 30; // 6 missing of 10: 4 observed
      km[10 + i] = 20 + i;
      sex[i] = i < 5 ? 1 : 0; // 5 of 10
      sex[10 + i] = i < 6 ? 1 : 0; // 6 of 10: 4 men
      prior[i] = i % 2;
      prior[10 + i] = i % 2;
    }
    c.put("event", event);
    c.put("peak_hip_add", hipAdd);
    c.put("hip_abd", hipAbd);
    c.put("km_week", km);
    c.put("sexF", sex);
    c.put("prior_itbs", prior);
    String[] site = new String[n];
    String[] id = new String[n];
    for (int i = 0; i < n; i++) {
      site[i] = "s";
      id[i] = String.format(Locale.ROOT, "%020x", i);
    }
    return AnalysisSet.of(site, id, c);
  }

  private static String[] row(Table t, String variable, String statistic) {
    for (int i = 0; i < t.rowCount(); i++) {
      if (t.stringColumn("variable").get(i).equals(variable)
          && t.stringColumn("statistic").get(i).equals(statistic)) {
        return new String[] {
          t.stringColumn("ITBS").get(i),
          t.stringColumn("no ITBS").get(i),
          t.stringColumn("SMD").get(i)
        };
      }
    }
    throw new AssertionError("no row " + variable + " / " + statistic);
  }

  private static String f2(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  @Test
  void continuousRowsHoldMeanSdAndSmdComputedByHand() {
    Table t = Table1.of(set());

    assertThat(t.columnNames()).containsExactlyElementsOf(Table1.COLUMNS);
    assertThat(row(t, "runners", "n")).containsExactly("10", "10", "");

    // peak_hip_add: 1..10 vs 3..12, both SD sqrt(82.5 / 9).
    double sd = Math.sqrt(82.5 / 9);
    double smd = (5.5 - 7.5) / Math.sqrt((sd * sd + sd * sd) / 2);
    assertThat(row(t, "peak_hip_add", "mean ± SD"))
        .containsExactly("5.50 ± 3.03", "7.50 ± 3.03", f2(smd));
    assertThat(f2(smd)).isEqualTo("-0.66");

    // hip_abd: 1.0..1.8 (SD sqrt(0.4 / 4)) vs all 1.5 (SD 0).
    double s1 = Math.sqrt(0.4 / 4);
    double smdAbd = (1.4 - 1.5) / Math.sqrt((s1 * s1 + 0) / 2);
    assertThat(row(t, "hip_abd", "mean ± SD"))
        .containsExactly("1.40 ± 0.32", "1.50 ± 0.00", f2(smdAbd));
    assertThat(f2(smdAbd)).isEqualTo("-0.45");
  }

  @Test
  void missingCountsAreSuppressedWhenTheyOrTheObservedCountAreUnderFive() {
    Table t = Table1.of(set());
    // 5 of 10 missing is shown; 0 missing is a count under 5.
    assertThat(row(t, "hip_abd", "missing")).containsExactly("5", "<5", "");
    // 6 of 10 missing would give away the 4 observed.
    assertThat(row(t, "km_week", "missing")).containsExactly("<5", "<5", "");
  }

  @Test
  void binaryRowsShowCountPercentAndSuppressComplementAndSmd() {
    Table t = Table1.of(set());
    // 6 women of 10 would give away 4 men; the SMD would give the 6 back.
    assertThat(row(t, "sex F", "n (%)")).containsExactly("5 (50.0%)", "<5", "<5");
    double smd = Table1.smdProportions(0.5, 0.5);
    assertThat(row(t, "prior_itbs", "n (%)")).containsExactly("5 (50.0%)", "5 (50.0%)", f2(smd));
  }

  @Test
  void smdForProportionsFollowsItsFormula() {
    double p1 = 0.6;
    double p0 = 0.3;
    double expected = (p1 - p0) / Math.sqrt((p1 * (1 - p1) + p0 * (1 - p0)) / 2);
    assertThat(Table1.smdProportions(p1, p0)).isEqualTo(expected);
    assertThat(f2(expected)).isEqualTo("0.63");
  }

  @Test
  void smallGroupHasEveryCountSuppressed() {
    AnalysisSet s = set();
    Map<String, double[]> c = new HashMap<>();
    for (String v : s.columnNames()) {
      c.put(v, s.column(v));
    }
    double[] event = c.get("event");
    for (int i = 3; i < 10; i++) {
      event[i] = 0; // 3 onsets
    }
    Table t = Table1.of(AnalysisSet.of(s.sites(), s.participantIds(), c));
    assertThat(row(t, "runners", "n")).containsExactly("<5", "17", "");
    assertThat(row(t, "sex F", "n (%)")[0]).isEqualTo("<5");
    assertThat(row(t, "sex F", "n (%)")[2]).isEqualTo("<5");
  }

  @Test
  void nonBinaryEventIsRejected() {
    AnalysisSet s = set();
    Map<String, double[]> c = new HashMap<>();
    for (String v : s.columnNames()) {
      c.put(v, s.column(v));
    }
    c.get("event")[0] = 2;
    AnalysisSet bad = AnalysisSet.of(s.sites(), s.participantIds(), c);
    assertThatThrownBy(() -> Table1.of(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("event holds 2.0, expected 0 or 1");
  }

  @Test
  void csvRoundTripKeepsEveryCell() {
    Table t = Table1.of(set());
    StringWriter w = new StringWriter();
    t.write().csv(w);
    Table back =
        Table.read()
            .usingOptions(
                CsvReadOptions.builder(new StringReader(w.toString()))
                    .columnTypes(name -> ColumnType.STRING));
    assertThat(back.columnNames()).containsExactlyElementsOf(t.columnNames());
    assertThat(back.rowCount()).isEqualTo(t.rowCount());
    for (String name : t.columnNames()) {
      assertThat(back.stringColumn(name).asList())
          .as(name)
          .containsExactlyElementsOf(t.stringColumn(name).asList());
    }
  }

  private static String[] row3(Table t, String variable, String statistic) {
    for (int i = 0; i < t.rowCount(); i++) {
      if (t.stringColumn("variable").get(i).equals(variable)
          && t.stringColumn("statistic").get(i).equals(statistic)) {
        return new String[] {
          t.stringColumn("no ITBS onset").get(i),
          t.stringColumn("ITBS onset").get(i),
          t.stringColumn("SMD").get(i),
          t.stringColumn(Table1.PRIOR_ITBS_COLUMN).get(i)
        };
      }
    }
    throw new AssertionError("no row " + variable + " / " + statistic);
  }

  @Test
  void planV2TableSetsThePriorItbsRunnersAsideInAThirdColumn() {
    // prior_itbs = i % 2 in both halves: 5 onsets and 5 without in the onset population, 10 set
    // aside.
    Table t = Table1.ofOnsetPopulation(set());

    assertThat(t.columnNames()).containsExactlyElementsOf(Table1.ONSET_POPULATION_COLUMNS);
    assertThat(t.columnCount()).isEqualTo(6);
    assertThat(row3(t, "runners", "n")).containsExactly("5", "5", "", "10");
    // peak_hip_add: onsets 1,3,5,7,9; without 3,5,7,9,11; set aside 2..10 and 4..12 (SD sqrt(10)).
    double sd = Math.sqrt(10);
    assertThat(row3(t, "peak_hip_add", "mean ± SD"))
        .containsExactly("7.00 ± 3.16", "5.00 ± 3.16", f2((5.0 - 7.0) / sd), "7.00 ± 3.16");
    // 3 women of 5 in each onset group: suppressed with the SMD; 5 of 10 set aside shown.
    assertThat(row3(t, "sex F", "n (%)")).containsExactly("<5", "<5", "<5", "5 (50.0%)");
    // The column sets them apart: no prior_itbs row.
    assertThat(t.stringColumn("variable").asList()).doesNotContain("prior_itbs");
    assertThat(t.rowCount()).isEqualTo(Table1.of(set()).rowCount() - 1);
  }

  @Test
  void planV2TableReadsNoEventOfTheRunnersSetAsideButChecksPriorItbs() {
    AnalysisSet s = set();
    Map<String, double[]> c = new HashMap<>();
    for (String v : s.columnNames()) {
      c.put(v, s.column(v).clone());
    }
    c.get("event")[1] = 2; // runner 1 has prior_itbs = 1
    Table t = Table1.ofOnsetPopulation(AnalysisSet.of(s.sites(), s.participantIds(), c));
    assertThat(row3(t, "runners", "n")).containsExactly("5", "5", "", "10");

    c.get("prior_itbs")[0] = 0.5;
    AnalysisSet bad = AnalysisSet.of(s.sites(), s.participantIds(), c);
    assertThatThrownBy(() -> Table1.ofOnsetPopulation(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prior_itbs holds 0.5, expected 0 or 1");
  }
}
