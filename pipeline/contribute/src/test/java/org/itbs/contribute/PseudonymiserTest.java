package org.itbs.contribute;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.IntSummaryStatistics;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PseudonymiserTest {
  @Test
  void pseudonymIsHexOfFirstTenBytesOfHmacSha256() {
    Pseudonymiser p = Pseudonymiser.of(ClinicKey.of(ContributeFixtures.keyBytes()));
    Pseudonym ps = p.pseudonymise("CH-102024");
    assertThat(ps.id())
        .isEqualTo(ContributeFixtures.pseudonym(ContributeFixtures.keyBytes(), "CH-102024"))
        .matches("[0-9a-f]{20}");
    assertThat(ps.shiftWeeks())
        .isEqualTo(ContributeFixtures.shiftWeeks(ContributeFixtures.keyBytes(), "CH-102024"));
  }

  @Test
  void hashesTheIdExactlyAsWrittenInUtf8() {
    Pseudonymiser p = Pseudonymiser.of(ClinicKey.of(ContributeFixtures.keyBytes()));
    assertThat(p.pseudonymise("Zoë-7").id())
        .isEqualTo(ContributeFixtures.pseudonym(ContributeFixtures.keyBytes(), "Zoë-7"));
    assertThat(p.pseudonymise(" P1").id()).isNotEqualTo(p.pseudonymise("P1").id());
    assertThat(p.pseudonymise("p1").id()).isNotEqualTo(p.pseudonymise("P1").id());
  }

  @Test
  void differentKeysGiveDifferentPseudonyms() {
    Pseudonymiser a = Pseudonymiser.of(ClinicKey.of(ContributeFixtures.keyBytes()));
    Pseudonymiser b = Pseudonymiser.of(ClinicKey.of(ContributeFixtures.otherKeyBytes()));
    assertThat(a.pseudonymise("P001").id()).isNotEqualTo(b.pseudonymise("P001").id());
    assertThat(a.pseudonymise("P001")).isEqualTo(a.pseudonymise("P001"));
  }

  @Test
  void shiftsSpanWholeWeeksFromMinus52To52() {
    Pseudonymiser p = Pseudonymiser.of(ClinicKey.of(ContributeFixtures.keyBytes()));
    IntSummaryStatistics s = new IntSummaryStatistics();
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 20_000; i++) {
      Pseudonym ps = p.pseudonymise("R" + i);
      s.accept(ps.shiftWeeks());
      seen.add(ps.shiftWeeks());
      assertThat(ps.shiftDays()).isEqualTo(7 * ps.shiftWeeks());
    }
    assertThat(s.getMin()).isEqualTo(-52);
    assertThat(s.getMax()).isEqualTo(52);
    assertThat(seen).hasSize(105);
  }
}
