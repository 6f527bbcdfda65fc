package org.itbs.analysis.tables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.itbs.analysis.plan.Effect;
import org.itbs.analysis.plan.PlanResult;
import org.itbs.stats.PoissonRate;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class EffectsTableTest {

  private static Effect effect(
      String model, String term, double ratio, double lo, double hi, double p, int n, int ev) {
    return new Effect(model, term, Math.log(ratio), 0.1, ratio, lo, hi, p, n, ev);
  }

  private static PlanResult result(List<Effect> effects) {
    return new PlanResult(
        effects, List.of(), 0.7, 0.7, PoissonRate.exact(10, 1000, 1000), Map.of(), 0, Map.of());
  }

  @Test
  void rowsFormatRatioCiAndPValueInRootLocale() {
    PlanResult r =
        result(
            List.of(
                effect("P1", "peak_hip_add", 1.2345, 1.0512, 1.4449, 0.0123, 120, 30),
                effect("P1", "sex", 0.8, 0.61, 1.05, 0.00042, 120, 30),
                effect("P2", "sex", 2.0, 1.0, 4.0, 0.5, 80, 3)));

    Table t = EffectsTable.of(r, "P1");

    assertThat(t.columnNames()).containsExactlyElementsOf(EffectsTable.COLUMNS);
    assertThat(t.rowCount()).isEqualTo(2);
    assertThat(t.stringColumn("term").asList()).containsExactly("peak_hip_add", "sex");
    assertThat(t.stringColumn("scale").asList()).containsExactly("per SD", "F vs M");
    assertThat(t.stringColumn("measure").asList()).containsExactly("HR", "HR");
    assertThat(t.stringColumn("ratio (95% CI)").asList())
        .containsExactly("1.23 (1.05–1.44)", "0.80 (0.61–1.05)");
    assertThat(t.stringColumn("p").asList()).containsExactly("0.012", "<0.001");
    assertThat(t.stringColumn("n").asList()).containsExactly("120", "120");
    assertThat(t.stringColumn("events").asList()).containsExactly("30", "30");
  }

  @Test
  void eventsUnderFiveAreSuppressedInTheReleasedTable() {
    PlanResult r = result(List.of(effect("P2", "sex", 2.0, 1.0, 4.0, 0.5, 80, 3)));
    Table t = EffectsTable.of(r, "P2");
    assertThat(t.stringColumn("events").get(0)).isEqualTo("<5");
    assertThat(t.stringColumn("measure").get(0)).isEqualTo("OR");
    assertThat(t.stringColumn("p").get(0)).isEqualTo("0.500");
  }

  @Test
  void recurrenceTermsTakeThePlansUnits() {
    assertThat(EffectsTable.scale("R1", "maintenance")).isEqualTo("per session a week");
    assertThat(EffectsTable.scale("R1", "acwr")).isEqualTo("per unit");
    assertThat(EffectsTable.scale("R1", "hip_abd")).isEqualTo("per SD");
    assertThat(EffectsTable.scale("R1", "df_lunge")).isEqualTo("per SD");
    assertThat(EffectsTable.scale("P1", "prior_itbs")).isEqualTo("yes vs no");
    assertThat(EffectsTable.scale("P3", "km_week")).isEqualTo("per SD");
    assertThatThrownBy(() -> EffectsTable.scale("P1", "acwr"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("term acwr is not a covariate of model P1");
  }

  @Test
  void pValueBoundaryAndUndefinedFigures() {
    assertThat(EffectsTable.pValue(0.001)).isEqualTo("0.001");
    assertThat(EffectsTable.pValue(0.000999)).isEqualTo("<0.001");
    assertThat(EffectsTable.pValue(Double.NaN)).isEqualTo("–");
    assertThat(EffectsTable.ratioCi(1.0, Double.NaN, Double.POSITIVE_INFINITY))
        .isEqualTo("1.00 (–––)");
  }

  @Test
  void modelWithoutCoefficientsIsRejected() {
    PlanResult r = result(List.of(effect("P1", "sex", 0.8, 0.61, 1.05, 0.2, 120, 30)));
    assertThatThrownBy(() -> EffectsTable.of(r, "R1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no coefficient of model R1");
    assertThatThrownBy(() -> EffectsTable.of(r, "P9"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown model P9");
  }
}
