package org.itbs.contribute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.IntSummaryStatistics;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PseudonymiserTest {
  @Test
  void pseudonymIsHexOfFirstTenBytesOfHmacSha256OfSiteZeroByteAndId() {
    Pseudonymiser p = Pseudonymiser.of(ClinicKey.of(ContributeFixtures.keyBytes()), "CLINA");
    Pseudonym ps = p.pseudonymise("CH-102024");
    assertThat(ps.id())
        .isEqualTo(ContributeFixtures.pseudonym(ContributeFixtures.keyBytes(), "CH-102024"))
        .matches("[0-9a-f]{20}");
    assertThat(ps.shiftWeeks())
        .isEqualTo(ContributeFixtures.shiftWeeks(ContributeFixtures.keyBytes(), "CH-102024"));
  }

  @Test
  void hashesTheIdExactlyAsWrittenInUtf8() {
    Pseudonymiser p = Pseudonymiser.of(ClinicKey.of(ContributeFixtures.keyBytes()), "CLINA");
    assertThat(p.pseudonymise("Zoë-7").id())
        .isEqualTo(ContributeFixtures.pseudonym(ContributeFixtures.keyBytes(), "Zoë-7"));
    assertThat(p.pseudonymise(" P1").id()).isNotEqualTo(p.pseudonymise("P1").id());
    assertThat(p.pseudonymise("p1").id()).isNotEqualTo(p.pseudonymise("P1").id());
  }

  @Test
  void differentKeysGiveDifferentPseudonyms() {
    Pseudonymiser a = Pseudonymiser.of(ClinicKey.of(ContributeFixtures.keyBytes()), "CLINA");
    Pseudonymiser b = Pseudonymiser.of(ClinicKey.of(ContributeFixtures.otherKeyBytes()), "CLINA");
    assertThat(a.pseudonymise("P001").id()).isNotEqualTo(b.pseudonymise("P001").id());
    assertThat(a.pseudonymise("P001")).isEqualTo(a.pseudonymise("P001"));
  }

  @Test
  void sameKeyAtTwoSitesGivesDisjointPseudonymsAndUnrelatedShifts() {
    ClinicKey key = ClinicKey.of(ContributeFixtures.keyBytes());
    Pseudonymiser a = Pseudonymiser.of(key, "CLINA");
    Pseudonymiser b = Pseudonymiser.of(key, "CLINB");
    Set<String> atA = new HashSet<>();
    Set<String> atB = new HashSet<>();
    int sameShift = 0;
    for (int i = 0; i < 2_000; i++) {
      Pseudonym pa = a.pseudonymise("P" + i);
      Pseudonym pb = b.pseudonymise("P" + i);
      atA.add(pa.id());
      atB.add(pb.id());
      sameShift += pa.shiftWeeks() == pb.shiftWeeks() ? 1 : 0;
    }
    assertThat(atA).hasSize(2_000).doesNotContainAnyElementsOf(atB);
    assertThat(b.pseudonymise("P7").id())
        .isEqualTo(ContributeFixtures.pseudonym(ContributeFixtures.keyBytes(), "CLINB", "P7"));
    // 1 in 105 by chance: about 19 of 2,000; equal shifts everywhere would mean no site binding
    assertThat(sameShift).isLessThan(60);
  }

  @Test
  void siteAndIdAreSeparatedSoMovingACharacterAcrossTheBoundaryChangesThePseudonym() {
    ClinicKey key = ClinicKey.of(ContributeFixtures.keyBytes());
    assertThat(Pseudonymiser.of(key, "AB1").pseudonymise("2X").id())
        .isNotEqualTo(Pseudonymiser.of(key, "AB12").pseudonymise("X").id());
  }

  @Test
  void refusesASiteThatIsNotASiteCode() {
    ClinicKey key = ClinicKey.of(ContributeFixtures.keyBytes());
    assertThatThrownBy(() -> Pseudonymiser.of(key, "clin-a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("site 'clin-a'");
  }

  @Test
  void shiftsSpanWholeWeeksFromMinus52To52() {
    Pseudonymiser p = Pseudonymiser.of(ClinicKey.of(ContributeFixtures.keyBytes()), "CLINA");
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
