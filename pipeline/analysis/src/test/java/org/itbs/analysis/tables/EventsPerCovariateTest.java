package org.itbs.analysis.tables;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.itbs.analysis.plan.ModelCounts;
import org.junit.jupiter.api.Test;

class EventsPerCovariateTest {
  private static ModelCounts counts(int events, int covariates) {
    return new ModelCounts("P1", 500, 400, events, Map.of(), 0, null, covariates);
  }

  @Test
  void warnsBelowTenEventsPerCovariateAndNotAtTen() {
    assertThat(EventsPerCovariate.sparse(EventsPerCovariate.of(counts(90, 9), 0))).isFalse();
    assertThat(EventsPerCovariate.sparse(EventsPerCovariate.of(counts(89, 9), 0))).isTrue();
    assertThat(EventsPerCovariate.of(counts(89, 9), 0)).isEqualTo(89 / 9.0);
  }

  @Test
  void takesTheReportedTermsWhenTheCountsDoNotStateTheCovariates() {
    ModelCounts v1 = new ModelCounts("P1", 500, 400, 57, Map.of(), 0, null);
    assertThat(EventsPerCovariate.of(v1, 10)).isEqualTo(5.7);
    assertThat(EventsPerCovariate.of(v1, 0)).isNaN();
    assertThat(EventsPerCovariate.sparse(Double.NaN)).isFalse();
  }

  @Test
  void warningCarriesTheFigureAndHidesAnEventCountUnderFive() {
    assertThat(EventsPerCovariate.warning(57 / 9.0, 57, 9, "onsets"))
        .startsWith("Warning: 6.3 events per covariate (57 onsets, 9 covariates), fewer than 10");
    assertThat(EventsPerCovariate.warning(3 / 5.0, 3, 5, "recurrences"))
        .startsWith("Warning: <1.0 events per covariate (<5 recurrences, 5 covariates)")
        .doesNotContain("0.6");
  }
}
