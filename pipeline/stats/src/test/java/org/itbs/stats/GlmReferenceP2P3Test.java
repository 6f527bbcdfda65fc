package org.itbs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plan's onset models P2 (logistic) and P3 (Poisson with log running hours as offset) and the
 * P3 onset rate on the reference analysis set reproduce the independent R implementation ({@code
 * reference/reference.R}): coefficients, standard errors, ratios, intervals and p-values to 1e-6
 * relative, n and events exactly, the AUC and the rate with its exact interval to 1e-6. The
 * fixtures are copies of {@code reference/cohort-a.analysis_set.csv}, {@code cohort-a.effects.csv}
 * and {@code cohort-a.summary.json}.
 */
class GlmReferenceP2P3Test {
  private static StatsFixtures.Table set;
  private static StatsFixtures.Table effects;
  private static JsonNode summary;
  private static GlmFixtures.ModelData p2;
  private static GlmFixtures.ModelData p3;
  private static GlmModel p2Fit;
  private static GlmModel p3Fit;

  @BeforeAll
  static void fit() throws IOException {
    set = StatsFixtures.resource("cohort-a.analysis_set.csv");
    effects = StatsFixtures.resource("cohort-a.effects.csv");
    try (InputStream in =
        GlmReferenceP2P3Test.class.getResourceAsStream("/stats/cohort-a.summary.json")) {
      summary = new ObjectMapper().readTree(in);
    }
    p2 = GlmFixtures.p2(set);
    p2Fit =
        Logistic.builder()
            .tolerance(1e-14)
            .maxIterations(100)
            .fit(GlmFixtures.TERMS, p2.x(), p2.y());
    p3 = GlmFixtures.p3(set);
    p3Fit =
        Poisson.builder()
            .tolerance(1e-14)
            .maxIterations(100)
            .fit(GlmFixtures.TERMS, p3.x(), p3.y(), p3.exposure());
  }

  @Test
  void reproducesEveryP2RowOfTheReferenceEffectsTable() {
    assertThat(p2Fit.converged()).isTrue();
    assertThat(checkRows("P2", p2Fit)).isEqualTo(GlmFixtures.TERMS.size());
  }

  @Test
  void reproducesEveryP3RowOfTheReferenceEffectsTable() {
    assertThat(p3Fit.converged()).isTrue();
    assertThat(checkRows("P3", p3Fit)).isEqualTo(GlmFixtures.TERMS.size());
  }

  @Test
  void reproducesTheReferenceAucOfP2() {
    double expected = summary.get("p2_auc").asDouble();
    assertThat(expected).isEqualTo(0.784561143069215);
    assertThat(Auc.of(p2Fit.fittedValues(), p2.y())).isCloseTo(expected, within(1e-6));
  }

  @Test
  void reproducesTheReferenceOnsetRatePer1000HoursWithItsExactInterval() {
    // reference.R: every runner with exposure, whatever their covariates
    double[] exposure = GlmFixtures.numbersOrNaN(set, "exposure_h");
    double[] event = GlmFixtures.numbersOrNaN(set, "event");
    int events = 0;
    double hours = 0;
    for (int i = 0; i < exposure.length; i++) {
      if (exposure[i] > 0) {
        events += (int) event[i];
        hours += exposure[i];
      }
    }
    assertThat(events).isEqualTo(summary.get("p3_events").asInt());
    StatsFixtures.assertRelative("hours", hours, summary.get("p3_hours").asDouble());
    PoissonRate rate = PoissonRate.exact(events, hours, 1000);
    JsonNode expected = summary.get("p3_rate_per_1000h");
    assertThat(expected.get(0).asDouble()).isEqualTo(0.482738956376938);
    assertThat(rate.rate()).isCloseTo(expected.get(0).asDouble(), within(1e-6));
    assertThat(rate.interval().lower()).isCloseTo(0.369257050983981, within(1e-6));
    assertThat(rate.interval().upper()).isCloseTo(0.620098384690845, within(1e-6));
    StatsFixtures.assertRelative("lower", rate.interval().lower(), expected.get(1).asDouble());
    StatsFixtures.assertRelative("upper", rate.interval().upper(), expected.get(2).asDouble());
  }

  @Test
  void p2KeepsOnsetsByDay365AndRunnersFollowedAYearAndCohortALacksNoCovariate() {
    double[] time = GlmFixtures.numbersOrNaN(set, "time");
    double[] event = GlmFixtures.numbersOrNaN(set, "event");
    int censoredEarly = 0;
    int lateOnsets = 0;
    for (int i = 0; i < time.length; i++) {
      if (event[i] == 0 && time[i] < 365) {
        censoredEarly++;
      }
      if (event[i] == 1 && time[i] > 365) {
        lateOnsets++; // kept, as non-cases: followed for more than a year
      }
    }
    CompleteCases cc = p2.selection();
    assertThat(cc.rows()).isEqualTo(time.length - censoredEarly).isEqualTo(351);
    assertThat(lateOnsets).isPositive();
    assertThat(cc.keptCount()).isEqualTo(351);
    assertThat(cc.leftOut()).isEmpty();
    assertThat(cc.missingCounts().keySet()).containsExactlyElementsOf(GlmFixtures.TERMS);
    assertThat(cc.missingCounts().values()).containsOnly(0);
    assertThat(Arrays.stream(p2.y()).sum()).isEqualTo(34);
  }

  @Test
  void standardisedCovariatesHaveMeanZeroAndSampleSdOneOverTheModelRows() {
    for (GlmFixtures.ModelData m : List.of(p2, p3)) {
      for (int j : GlmFixtures.CONTINUOUS) {
        Standardisation s = Standardisation.ofColumn(m.x(), j);
        assertThat(s.mean()).isCloseTo(0, within(1e-12));
        assertThat(s.sd()).isCloseTo(1, within(1e-12));
      }
    }
  }

  private static int checkRows(String model, GlmModel fit) {
    int rows = 0;
    for (String[] row : effects.rows()) {
      if (!row[effects.index("model")].equals(model)) {
        continue;
      }
      rows++;
      String term = row[effects.index("term")];
      int i = fit.termIndex(term);
      ConfidenceInterval ci = fit.ratioInterval(i);
      check(model + " " + term + " estimate", fit.coefficients()[i], row, "estimate");
      check(model + " " + term + " std_error", fit.standardErrors()[i], row, "std_error");
      check(model + " " + term + " ratio", fit.ratio(i), row, "ratio");
      check(model + " " + term + " ci_lower", ci.lower(), row, "ci_lower");
      check(model + " " + term + " ci_upper", ci.upper(), row, "ci_upper");
      check(model + " " + term + " p_value", fit.pValue(i), row, "p_value");
      assertThat(fit.n()).isEqualTo(Integer.parseInt(row[effects.index("n")]));
      assertThat(fit.events()).isEqualTo(Integer.parseInt(row[effects.index("events")]));
    }
    return rows;
  }

  private static void check(String what, double actual, String[] row, String column) {
    StatsFixtures.assertRelative(what, actual, Double.parseDouble(row[effects.index(column)]));
  }
}
