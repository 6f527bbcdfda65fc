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
    assertThat(EventsPerCovariate.warning(57, 500, 9, "onsets"))
        .startsWith("Warning: 6.3 events per covariate (57 onsets, 9 covariates), fewer than 10");
    assertThat(EventsPerCovariate.warning(3, 40, 5, "recurrences"))
        .startsWith("Warning: <1.0 events per covariate (<5 recurrences, 5 covariates)")
        .doesNotContain("0.6");
    // 4 onsets over 9 covariates are 0.44: the bound is 5/9 rounded up, never below the figure.
    assertThat(EventsPerCovariate.warning(4, 40, 9, "onsets")).contains("<0.6 events");
    assertThat(Release.bound(7, 1)).isEqualTo("0.8");
  }

  @Test
  void aReleaseReportShowsAndDecidesTheFigureOfTheRoundedCount() {
    Release rel = Release.of(Release.Profile.RELEASE);
    try (Release.Scope scope = rel.activate()) {
      rel.output("tables/effects_p1.csv", "P1");
      // 57 onsets are released as 55: 55 / 9 = 6.1, not 57 / 9 = 6.3.
      assertThat(EventsPerCovariate.warning(57, 500, 9, "onsets"))
          .startsWith("Warning: 6.1 events per covariate (55 onsets, 9 covariates)");
      // 88 onsets show as 90, 10.0 per covariate: no warning that would tell 88 or 89 from 90.
      assertThat(EventsPerCovariate.sparse(88, 500, 9)).isFalse();
      assertThat(EventsPerCovariate.sparse(87, 500, 9)).isTrue();
      assertThat(EventsPerCovariate.sparse(2, 500, 9)).isTrue();
      assertThat(EventsPerCovariate.figure(2, 500, 9)).isEqualTo("<0.6");
      assertThat(EventsPerCovariate.figure(92, 500, 9)).isEqualTo("10.0");
    }
    assertThat(rel.log().toString()).contains("events per covariate", "from the rounded count");
    // Internally the exact figures decide.
    assertThat(EventsPerCovariate.sparse(88, 500, 9)).isTrue();
    assertThat(EventsPerCovariate.figure(92, 500, 9)).isEqualTo("10.2");
    // Internally an onset count whose complement is 1 to 4 is hidden, its figure too.
    assertThat(EventsPerCovariate.figure(97, 100, 9)).isEqualTo("<5");
  }
}
