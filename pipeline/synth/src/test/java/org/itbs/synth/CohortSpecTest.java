package org.itbs.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CohortSpecTest {
  @Test
  void defaultsMatchTheReferenceCohort() {
    CohortSpec s = CohortSpec.builder().build();
    assertThat(s.trials()).isEqualTo(1);
    assertThat(Math.round(s.trialSeconds() * GaitWriter.HZ) * 2).isEqualTo(820);
    assertThat(s.itbsIncidence()).isEqualTo(0.15);
    assertThat(s.faults()).isEqualTo(CohortSpec.Faults.NONE);
  }

  @Test
  void rejectsFewerRunnersThanSites() {
    assertThatThrownBy(() -> CohortSpec.builder().sites(5).runners(4).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("runners (4) must be at least the number of sites (5)");
  }

  @Test
  void rejectsSiteCountOutsideItsRange() {
    assertThatThrownBy(() -> CohortSpec.builder().sites(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sites must be between 1 and 500, got 0");
  }

  @Test
  void rejectsTrialsTooShortForACompleteStance() {
    assertThatThrownBy(() -> CohortSpec.builder().trialSeconds(0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trial seconds must be between 1 and 120 (s), got 0.5");
    assertThatThrownBy(() -> CohortSpec.builder().trialSeconds(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got NaN");
  }

  @Test
  void rejectsIncidenceAndInjuryRatesOutsideTheirRanges() {
    assertThatThrownBy(() -> CohortSpec.builder().itbsIncidence(1.2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ITBS incidence must be between 0 and 0.9, got 1.2");
    assertThatThrownBy(() -> CohortSpec.builder().otherInjuriesPerYear(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("other injuries per year must be between 0 and 5, got -1.0");
  }
}
