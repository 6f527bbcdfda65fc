package org.itbs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class PoissonRateTest {
  @Test
  void garwoodIntervalOfSixtyOneOnsetsMatchesRsQchisq() {
    // the limits of cohort-a.summary.json, as reference.R printed them with R's qchisq
    PoissonRate r = PoissonRate.exact(61, 126362.29, 1000);
    assertThat(r.rate()).isCloseTo(61 / 126362.29 * 1000, within(1e-15));
    assertThat(r.interval().lower()).isCloseTo(0.369257050983981, within(1e-14));
    assertThat(r.interval().upper()).isCloseTo(0.620098384690845, within(1e-14));
    assertThat(r.events()).isEqualTo(61);
    assertThat(r.exposure()).isEqualTo(126362.29);
    assertThat(r.per()).isEqualTo(1000);
  }

  @Test
  void noEventsGivesALowerLimitOfZeroAndTheUpperLimitMinusLogOf0025() {
    PoissonRate r = PoissonRate.exact(0, 500, 1000);
    assertThat(r.rate()).isZero();
    assertThat(r.interval().lower()).isZero();
    // qchisq(0.975, 2) / 2 = -log(0.025)
    assertThat(r.interval().upper()).isCloseTo(-Math.log(0.025) / 500 * 1000, within(1e-13));
  }

  @Test
  void oneEventHasTheClosedFormLowerLimit() {
    // qchisq(0.025, 2) / 2 = -log(0.975)
    PoissonRate r = PoissonRate.exact(1, 1, 1);
    assertThat(r.interval().lower()).isCloseTo(-Math.log(0.975), within(1e-15));
    assertThat(r.interval().upper()).isCloseTo(5.5716433909388989, within(1e-13));
  }

  @Test
  void printsWithPointDecimalsUnderAnyLocale() {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      assertThat(PoissonRate.exact(61, 126362.29, 1000).toString())
          .isEqualTo("61 events / 126362.29 = 0.482739 per 1000 (95% CI 0.369257 to 0.620098)");
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void rejectsNegativeEventsAndNoExposure() {
    assertThatThrownBy(() -> PoissonRate.exact(-1, 10, 1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("events -1 is negative");
    assertThatThrownBy(() -> PoissonRate.exact(3, 0, 1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exposure 0.0 is not positive and finite");
    assertThatThrownBy(() -> PoissonRate.exact(3, 10, Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("per Infinity is not positive and finite");
  }
}
