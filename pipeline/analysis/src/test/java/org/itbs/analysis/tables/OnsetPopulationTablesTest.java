package org.itbs.analysis.tables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.itbs.analysis.plan.ModelCounts;
import org.itbs.analysis.tables.Release.Profile;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * The flow of runners and the sites table under plan v2: the runners set aside for ITBS before
 * enrolment and the onset population as steps of the flow, P1–P3 taken from the onset population
 * and R1 from the runners at risk of recurrence, so that every row adds up; the sites table with
 * the population of each column named. Plan v1's tables are {@link ReleasedTablesTest}'s.
 */
class OnsetPopulationTablesTest {
  /** The demo cohort's counts (seed 42): 1500 runners, 214 with ITBS before enrolment. */
  static final List<ModelCounts> MODELS =
      List.of(
          new ModelCounts("P1", 1286, 1280, 155, Map.of("missing km_week", 6), 6, null, 9),
          new ModelCounts(
              "P2",
              1286,
              1142,
              137,
              Map.of("censored before day 365", 140, "missing km_week", 4),
              144,
              null,
              9),
          new ModelCounts("P3", 1286, 1280, 155, Map.of("missing km_week", 6), 6, null, 9),
          new ModelCounts("R1", 334, 330, 81, Map.of("missing hip_abd", 4), 4, null, 5));

  static Table demoFlow() {
    return FlowTable.ofOnsetPopulation(1503, 3, Map.of("range", 3L), 1500, 214, 1286, MODELS);
  }

  @Test
  void flowSplitsTheAnalysisSetIntoTheRunnersSetAsideAndTheOnsetPopulation() {
    Table t = demoFlow();

    assertThat(t.columnNames()).containsExactlyElementsOf(FlowTable.ONSET_POPULATION_COLUMNS);
    assertThat(t.stringColumn("step").asList())
        .containsExactly(
            FlowTable.CONTRIBUTED,
            FlowTable.REFUSED,
            FlowTable.ANALYSIS_SET,
            FlowTable.SET_ASIDE,
            FlowTable.ONSET_POPULATION,
            "P1 Cox model of onset",
            "P2 logistic model of onset within 365 days",
            "P3 Poisson model of the onset rate",
            FlowTable.AT_RISK,
            "R1 Andersen–Gill model of recurrence");
    // Each step named up to its parenthesis.
    assertThat(t.stringColumn("taken from").asList())
        .containsExactly(
            "",
            "Runners contributed",
            "Runners contributed",
            "In the analysis set",
            "In the analysis set",
            "Onset population",
            "Onset population",
            "Onset population",
            "In the analysis set",
            "At risk of recurrence");
    // Internally exact: 1500 = 214 set aside + 1286 in the onset population = P1's 1280 + 6.
    assertThat(t.row(3).getString("left out")).isEqualTo("214");
    assertThat(t.row(3).getString("runners")).isEmpty();
    assertThat(t.row(4).getString("runners")).isEqualTo("1286");
    assertThat(t.row(5).getString("runners")).isEqualTo("1280");
    assertThat(t.row(5).getString("events")).isEqualTo("155");
    assertThat(t.row(5).getString("left out")).isEqualTo("6");
    assertThat(t.row(6).getString("reasons"))
        .isEqualTo("censored before day 365: 140; missing km_week: <5");
    assertThat(t.row(8).getString("runners")).isEqualTo("334");
    // R1: 330 of 334 at risk, 4 left out: both hidden (either gives the other back).
    assertThat(t.row(9).getString("runners")).isEqualTo("<5");
    assertThat(t.row(9).getString("left out")).isEqualTo("<5");
    assertThat(t.row(9).getString("events")).isEqualTo("81");
    ReleasedTablesTest.assertNoSmallCount(t);
  }

  @Test
  void everyRowOfTheReleasedFlowAddsUpToTheStepItIsTakenFromWithinTheRounding() {
    Release rel = Release.of(Profile.RELEASE);
    Table t;
    try (Release.Scope s = rel.activate()) {
      t = demoFlow();
    }
    assertThat(t.row(2).getString("runners")).isEqualTo("1500");
    assertThat(t.row(3).getString("left out")).isEqualTo("215");
    assertThat(t.row(4).getString("runners")).isEqualTo("1285");
    assertThat(t.row(5).getString("runners")).isEqualTo("1280");
    assertThat(t.row(5).getString("left out")).isEqualTo("5");
    assertThat(t.row(8).getString("runners")).isEqualTo("335");
    assertThat(t.row(9).getString("runners")).isEqualTo("330");
    assertThat(t.row(9).getString("left out")).isEqualTo("<5");
    // Each model's runners + left out, and set aside + onset population, equal the runners of the
    // step they are taken from to within the rounding (each count off by at most 2).
    assertAddsUp(t, List.of(t.row(3).getString("left out"), t.row(4).getString("runners")), 2);
    for (int r : new int[] {5, 6, 7, 9}) {
      String from = t.row(r).getString("taken from");
      int parent =
          t.stringColumn("step").asList().stream().map(FlowTable::takenFrom).toList().indexOf(from);
      assertThat(parent).as("the step %s", from).isNotNegative();
      assertAddsUp(
          t, List.of(t.row(r).getString("runners"), t.row(r).getString("left out")), parent);
    }
    ReleasedTablesTest.assertNoSmallCount(t);
  }

  @Test
  void setAsideAndOnsetPopulationAreHiddenTogetherInternallyWhenEitherIsUnderFive() {
    List<ModelCounts> models = new ArrayList<>();
    for (String m : List.of("P1", "P2", "P3")) {
      models.add(new ModelCounts(m, 97, 97, 10, Map.of(), 0, null, 9));
    }
    models.add(
        new ModelCounts("R1", 3, 3, 0, Map.of(), 0, "no ITBS recurrence among the runners", 5));
    Table t = FlowTable.ofOnsetPopulation(100, 0, Map.of(), 100, 3, 97, models);
    // 100 − 97 would give the 3 set aside back.
    assertThat(t.row(3).getString("left out")).isEqualTo("<5");
    assertThat(t.row(4).getString("runners")).isEqualTo("<5");
    assertThat(t.row(8).getString("runners")).isEqualTo("<5");
    assertThat(t.row(9).getString("reasons")).startsWith("not fitted: no ITBS recurrence");
    ReleasedTablesTest.assertNoSmallCount(t);
  }

  @Test
  void flowRefusesASplitThatDoesNotMakeUpTheAnalysisSetOrModelsOutOfOrder() {
    assertThatThrownBy(
            () -> FlowTable.ofOnsetPopulation(1500, 0, Map.of(), 1500, 214, 1280, MODELS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("set aside (214) and the onset population (1280)")
        .hasMessageContaining("analysis set (1500)");
    assertThatThrownBy(
            () ->
                FlowTable.ofOnsetPopulation(
                    1500, 0, Map.of(), 1500, 214, 1286, List.of(MODELS.get(3), MODELS.get(0))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("P1, P2, P3, R1 in order, not [R1, P1]");
  }

  @Test
  void v1FlowKeepsItsColumnsAndTakesEveryModelFromTheAnalysisSet() {
    Table t = FlowTable.of(1503, 3, Map.of("range", 3L), 1500, MODELS);
    assertThat(t.columnNames()).containsExactlyElementsOf(FlowTable.COLUMNS);
    assertThat(t.stringColumn("step").asList())
        .containsExactly(
            FlowTable.CONTRIBUTED,
            FlowTable.REFUSED,
            FlowTable.ANALYSIS_SET,
            "P1 Cox model of onset",
            "P2 logistic model of onset within 365 days",
            "P3 Poisson model of the onset rate",
            "R1 Andersen–Gill model of recurrence (runners with a risk period)");
  }

  static List<SitesTable.Row> demoSites() {
    return List.of(
        new SitesTable.Row("CLINA", 357, 301, 440.5, 65000.4, 32, 0.4923, 0.3367, 0.6950),
        new SitesTable.Row("CLINB", 651, 649, 560.2, 100000.0, 12, 0.12, 0.062, 0.2096),
        new SitesTable.Row("CLINC", 492, 336, 300.0, 50000.0, 3, 0.06, 0.0124, 0.1753),
        new SitesTable.Row(
            SitesTable.ALL_SITES, 1500, 1286, 1300.7, 215000.4, 47, 0.2186, 0.1606, 0.2907));
  }

  @Test
  void sitesTableNamesThePopulationOfEachColumn() {
    Table t = SitesTable.ofOnsetPopulation(demoSites());

    assertThat(t.columnNames()).containsExactlyElementsOf(SitesTable.ONSET_POPULATION_COLUMNS);
    assertThat(t.columnNames())
        .contains(
            "runners in the analysis set",
            "of them in the onset population",
            "follow-up of the onset population (person-years)",
            "running hours of the onset population",
            "ITBS onsets in the onset population");
    assertThat(t.row(0).getString("runners in the analysis set")).isEqualTo("357");
    assertThat(t.row(0).getString("of them in the onset population")).isEqualTo("301");
    assertThat(t.row(0).getString("follow-up of the onset population (person-years)"))
        .isEqualTo("440.5");
    assertThat(t.row(0).getString("running hours of the onset population")).isEqualTo("65000");
    assertThat(t.row(0).getString("ITBS onsets in the onset population")).isEqualTo("32");
    assertThat(t.row(0).getString("incidence per 1000 h (95% CI)")).isEqualTo("0.49 (0.34–0.70)");
    // CLINB: 2 runners set aside, so 651 − 649 would give them back: the population is hidden.
    assertThat(t.row(1).getString("of them in the onset population")).isEqualTo("<5");
    // CLINC: 3 onsets in the onset population: hidden with their rate.
    assertThat(t.row(2).getString("ITBS onsets in the onset population")).isEqualTo("<5");
    assertThat(t.row(2).getString("incidence per 1000 h (95% CI)")).isEqualTo("<5");
    assertThat(t.row(3).getString("of them in the onset population")).isEqualTo("1286");
    ReleasedTablesTest.assertNoSmallCount(t);
  }

  @Test
  void releasedSitesTableRoundsEachPopulationAndRatesFromTheRoundedOnsets() {
    Release rel = Release.of(Profile.RELEASE);
    Table t;
    try (Release.Scope s = rel.activate()) {
      t = SitesTable.ofOnsetPopulation(demoSites());
    }
    assertThat(t.row(0).getString("runners in the analysis set")).isEqualTo("355");
    assertThat(t.row(0).getString("of them in the onset population")).isEqualTo("300");
    assertThat(t.row(0).getString("follow-up of the onset population (person-years)"))
        .isEqualTo("440");
    assertThat(t.row(0).getString("running hours of the onset population")).isEqualTo("65000");
    assertThat(t.row(0).getString("ITBS onsets in the onset population")).isEqualTo("30");
    // 30 onsets over 65000.4 h, exact Poisson CI.
    assertThat(t.row(0).getString("incidence per 1000 h (95% CI)")).startsWith("0.46 (");
    assertThat(t.row(1).getString("of them in the onset population")).isEqualTo("650");
    assertThat(t.row(3).getString("of them in the onset population")).isEqualTo("1285");
    ReleasedTablesTest.assertNoSmallCount(t);
  }

  @Test
  void sitesRowsRefuseCountsOutOfOrderAndV1RefusesARowOfAnotherPopulation() {
    assertThatThrownBy(() -> new SitesTable.Row("X", 10, 12, 1, 1, 0, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("X: counts must satisfy 0 ≤ onsets (0) ≤ population (12)");
    assertThatThrownBy(() -> new SitesTable.Row("X", 10, 5, 1, 1, 6, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("onsets (6) ≤ population (5)");
    assertThatThrownBy(() -> SitesTable.of(demoSites()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "CLINA: under plan v1 the figures are of all 357 runners, not of 301");
    // A v1 row is of all its runners.
    assertThat(new SitesTable.Row("X", 10, 1, 1, 2, 0, 0, 0).population()).isEqualTo(10);
  }

  /** The released parts may make up the runners of row {@code parent}: their intervals overlap. */
  private static void assertAddsUp(Table t, List<String> parts, int parent) {
    long[] total = interval(t.row(parent).getString("runners"));
    long lo = 0;
    long hi = 0;
    for (String p : parts) {
      long[] i = interval(p);
      lo += i[0];
      hi += i[1];
    }
    assertThat(lo).as("%s from row %d", parts, parent).isLessThanOrEqualTo(total[1]);
    assertThat(hi).as("%s from row %d", parts, parent).isGreaterThanOrEqualTo(total[0]);
  }

  private static long[] interval(String released) {
    if (released.equals("<5")) {
      return new long[] {0, 4};
    }
    long r = Long.parseLong(released);
    return r == 5 ? new long[] {5, 7} : new long[] {r - 2, r + 2};
  }
}
