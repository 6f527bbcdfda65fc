package org.itbs.stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Plan v2's primary onset model P1 on reference cohort B (three sites), stratified by site,
 * reproduces the independent R implementation ({@code reference/reference-v2.R}): every P1 row of
 * {@code cohort-b.v2.effects.csv} (estimate, SE, ratio, interval, p, n, events) to 1e-6 relative
 * and Harrell's C within sites of {@code cohort-b.v2.summary.json} to 1e-6. The fixtures are copies
 * of {@code reference/cohort-b.v2.analysis_set.csv}, the P1 rows of {@code cohort-b.v2.effects.csv}
 * ({@code cohort-b.v2.p1_effects.csv}) and {@code cohort-b.v2.summary.json}.
 */
class CoxReferenceP1V2Test {
  private static CoxModel fit;
  private static StatsFixtures.Table effects;

  @BeforeAll
  static void fitP1() {
    StrataFixtures.P1 p1 =
        StrataFixtures.p1(StatsFixtures.resource("cohort-b.v2.analysis_set.csv"));
    fit = Cox.builder().ties(Ties.EFRON).strata(p1.site()).fit(p1.data());
    effects = StatsFixtures.resource("cohort-b.v2.p1_effects.csv");
  }

  @Test
  void reproducesEveryP1RowOfTheReferenceEffectsTable() {
    Agreement agree = new Agreement();
    int rows = 0;
    for (String[] row : effects.rows()) {
      assertThat(row[effects.index("model")]).isEqualTo("P1");
      rows++;
      String term = row[effects.index("term")];
      int i = fit.termIndex(term);
      ConfidenceInterval ci = fit.hazardRatioInterval(i, Variance.MODEL);
      agree.check(term, "estimate", fit.coefficients()[i], number(row, "estimate"));
      agree.check(term, "std_error", fit.standardErrors()[i], number(row, "std_error"));
      agree.check(term, "ratio", fit.hazardRatio(i), number(row, "ratio"));
      agree.check(term, "ci_lower", ci.lower(), number(row, "ci_lower"));
      agree.check(term, "ci_upper", ci.upper(), number(row, "ci_upper"));
      agree.check(term, "p_value", fit.pValue(i, Variance.MODEL), number(row, "p_value"));
      assertThat(fit.n()).isEqualTo(Integer.parseInt(row[effects.index("n")]));
      assertThat(fit.events()).isEqualTo(Integer.parseInt(row[effects.index("events")]));
    }
    assertThat(rows).isEqualTo(StrataFixtures.P1_TERMS.length);
    assertThat(fit.converged()).isTrue();
    assertThat(fit.strata()).isEqualTo(3);
    System.out.println(agree.summary("cohort B P1 (strata(site)) rows of effects.csv"));
  }

  @Test
  void reproducesTheReferenceConcordanceWithinSites() throws IOException {
    JsonNode summary;
    try (InputStream in = getClass().getResourceAsStream("/stats/cohort-b.v2.summary.json")) {
      summary = new ObjectMapper().readTree(in);
    }
    double expected = summary.get("p1_concordance").asDouble();
    assertThat(expected).isEqualTo(0.723701192545301);
    assertThat(fit.concordance()).isCloseTo(expected, StatsFixtures.C_TOLERANCE);
    assertThat(summary.get("onset_population").asInt()).isEqualTo(fit.n());
  }

  private static double number(String[] row, String column) {
    return Double.parseDouble(row[effects.index(column)]);
  }
}
