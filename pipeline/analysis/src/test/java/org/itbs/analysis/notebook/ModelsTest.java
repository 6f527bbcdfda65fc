package org.itbs.analysis.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.itbs.analysis.plan.Effect;
import org.itbs.analysis.plan.PlanResult;
import org.itbs.analysis.plan.PlanV1;
import org.itbs.analysis.report.SyntheticAnalysis;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** Formula-driven models from a notebook reproduce the planned models where they coincide. */
class ModelsTest {
  @TempDir static Path dir;
  static PlanResult plan;
  static Table runners;

  @BeforeAll
  static void fixture() {
    plan = SyntheticAnalysis.write(dir.resolve("a"), 7L);
    runners = Cohort.runnersOf(org.itbs.analysis.report.SyntheticAnalysis.set(dir.resolve("a")));
  }

  private static String p1Formula() {
    return "Surv(time, event) ~ "
        + PlanV1.ONSET_TERMS.stream()
            .map(t -> PlanV1.BINARY_TERMS.contains(t) ? PlanV1.column(t) : "scale(" + t + ")")
            .collect(Collectors.joining(" + "));
  }

  @Test
  void coxFormulaWithScaledTermsGivesThePlansP1() {
    ModelFit fit = Models.cox(runners, p1Formula());
    List<Effect> want = plan.effects("P1");
    assertThat(fit.effects()).hasSameSizeAs(want);
    for (int j = 0; j < want.size(); j++) {
      assertThat(fit.effects().get(j).estimate())
          .as(want.get(j).term())
          .isCloseTo(want.get(j).estimate(), within(1e-9));
      assertThat(fit.effects().get(j).stdError()).isCloseTo(want.get(j).stdError(), within(1e-9));
    }
    assertThat(fit.n()).isEqualTo(want.get(0).n());
    assertThat(fit.events()).isEqualTo(want.get(0).events());
    assertThat(fit.leftOut()).containsEntry("missing km_week", 3);
    assertThat(fit.extra().get("concordance")).isBetween(0.5, 1.0);
    assertThat(fit.forestPlot()).startsWith("<?xml").contains("<svg");
    assertThat(fit.table().rowCount()).isEqualTo(want.size());
  }

  @Test
  void clusterTermSwitchesToRobustVarianceAndKeepsEstimates() {
    ModelFit model = Models.cox(runners, "Surv(time, event) ~ scale(hip_abd) + prior_itbs");
    ModelFit robust =
        Models.cox(runners, "Surv(time, event) ~ scale(hip_abd) + prior_itbs + cluster(site)");
    assertThat(robust.effect("hip_abd").estimate())
        .isCloseTo(model.effect("hip_abd").estimate(), within(1e-12));
    assertThat(robust.effect("hip_abd").stdError())
        .isNotCloseTo(model.effect("hip_abd").stdError(), within(1e-6));
  }

  @Test
  void strataFormulaOnTheOnsetPopulationGivesPlanV2sStratifiedP1() {
    java.nio.file.Path v2 = dir.resolve("v2");
    PlanResult r =
        SyntheticAnalysis.write(
            v2, 7L, org.itbs.analysis.plan.Plan.V2, 604, List.of("SITEA", "SITEB"));
    Table all = Cohort.runnersOf(SyntheticAnalysis.set(v2));
    Table onset = all.where(all.numberColumn("prior_itbs").isEqualTo(0));
    String formula =
        "Surv(time, event) ~ "
            + org.itbs.analysis.plan.PlanV2.ONSET_TERMS.stream()
                .map(t -> t.equals("sex") ? "sexF" : "scale(" + t + ")")
                .collect(Collectors.joining(" + "))
            + " + strata(site)";
    ModelFit fit = Models.cox(onset, formula);
    List<Effect> want = r.effects("P1");
    assertThat(want).hasSize(9);
    for (int j = 0; j < want.size(); j++) {
      assertThat(fit.effects().get(j).estimate())
          .as(want.get(j).term())
          .isCloseTo(want.get(j).estimate(), within(1e-9));
      assertThat(fit.effects().get(j).stdError()).isCloseTo(want.get(j).stdError(), within(1e-9));
    }
    assertThat(fit.n()).isEqualTo(want.get(0).n());
    // Unstratified, the estimates move: the strata are in the fit.
    ModelFit pooled = Models.cox(onset, formula.replace(" + strata(site)", ""));
    assertThat(pooled.effect("peak_hip_add").estimate())
        .isNotCloseTo(fit.effect("peak_hip_add").estimate(), within(1e-6));
    assertThatThrownBy(() -> Models.logistic(onset, "event ~ scale(hip_abd) + strata(site)"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("strata(...)");
  }

  @Test
  void logisticFormulaGivesOddsRatiosAndAuc() {
    ModelFit fit = Models.logistic(runners, "event ~ scale(hip_abd) + scale(peak_hip_add)");
    assertThat(fit.measure()).isEqualTo("OR");
    assertThat(fit.effect("hip_abd").ratio()).isLessThan(1);
    assertThat(fit.effect("peak_hip_add").ratio()).isGreaterThan(1);
    assertThat(fit.extra().get("auc")).isBetween(0.5, 1.0);
  }

  @Test
  void badFormulasAreRefusedNamingThePart() {
    assertThatThrownBy(() -> Models.cox(runners, "time ~ hip_abd"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Surv(time, event)");
    assertThatThrownBy(() -> Models.cox(runners, "Surv(time, event) ~ hip_abdd"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no column hip_abdd");
    assertThatThrownBy(() -> Models.logistic(runners, "event ~ log(hip_abd)"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown function log");
    assertThatThrownBy(() -> Models.logistic(runners, "event hip_abd"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exactly one `~`");
  }
}
