package org.itbs.stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plan's primary onset model P1 on the reference analysis set reproduces the independent R
 * implementation ({@code reference/reference.R}): coefficients, standard errors, hazard ratios,
 * intervals and p-values to 1e-6 relative, Harrell's C to 1e-6. The fixtures are copies of {@code
 * reference/cohort-a.analysis_set.csv}, {@code cohort-a.effects.csv} and {@code
 * cohort-a.summary.json}.
 */
class CoxReferenceP1Test {
  private static CoxModel fit;
  private static StatsFixtures.Table effects;

  @BeforeAll
  static void fitP1() {
    SurvivalData data = StatsFixtures.p1(StatsFixtures.resource("cohort-a.analysis_set.csv"));
    fit = Cox.builder().ties(Ties.EFRON).maxIterations(100).tolerance(1e-12).fit(data);
    effects = StatsFixtures.resource("cohort-a.effects.csv");
  }

  @Test
  void reproducesEveryP1RowOfTheReferenceEffectsTable() {
    int rows = 0;
    for (String[] row : effects.rows()) {
      if (!row[effects.index("model")].equals("P1")) {
        continue;
      }
      rows++;
      String term = row[effects.index("term")];
      int i = fit.termIndex(term);
      ConfidenceInterval ci = fit.hazardRatioInterval(i, Variance.MODEL);
      check(term + " estimate", fit.coefficients()[i], row, "estimate");
      check(term + " std_error", fit.standardErrors()[i], row, "std_error");
      check(term + " ratio", fit.hazardRatio(i), row, "ratio");
      check(term + " ci_lower", ci.lower(), row, "ci_lower");
      check(term + " ci_upper", ci.upper(), row, "ci_upper");
      check(term + " p_value", fit.pValue(i, Variance.MODEL), row, "p_value");
      assertThat(fit.n()).isEqualTo(Integer.parseInt(row[effects.index("n")]));
      assertThat(fit.events()).isEqualTo(Integer.parseInt(row[effects.index("events")]));
    }
    assertThat(rows).isEqualTo(StatsFixtures.P1_TERMS.length);
    assertThat(fit.converged()).isTrue();
  }

  @Test
  void reproducesTheReferenceConcordance() throws IOException {
    JsonNode summary;
    try (InputStream in = getClass().getResourceAsStream("/stats/cohort-a.summary.json")) {
      summary = new ObjectMapper().readTree(in);
    }
    double expected = summary.get("p1_concordance").asDouble();
    assertThat(expected).isEqualTo(0.725566968371809);
    assertThat(fit.concordance()).isCloseTo(expected, StatsFixtures.C_TOLERANCE);
  }

  @Test
  void reproducesTheLikelihoodAndIterationsCoxphReportedForP1() {
    StatsFixtures.check(
        StatsFixtures.expected(StatsFixtures.resource("cox-expected.csv")), "p1-efron", fit);
  }

  private static void check(String what, double actual, String[] row, String column) {
    StatsFixtures.assertRelative(what, actual, Double.parseDouble(row[effects.index(column)]));
  }
}
