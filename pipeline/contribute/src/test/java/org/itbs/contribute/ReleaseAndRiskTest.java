package org.itbs.contribute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.itbs.core.submission.DisclosureRisk;
import org.itbs.core.submission.SubmissionManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a submission releases of a runner's quasi-identifiers, and the risk measured on them. */
class ReleaseAndRiskTest {
  private static final String HEADER =
      "participant_id,sex,birth_date,enrolment_date,followup_end_date,height_cm,mass_kg,"
          + "running_years,prior_itbs\n";

  @TempDir Path dir;

  private ContributionResult contribute(String participants, Integer k) {
    Map<String, String> files = ContributeFixtures.export();
    files.put("participants.csv", participants);
    Path raw = ContributeFixtures.write(dir.resolve("raw"), files);
    Contributor.Builder b =
        Contributor.builder()
            .site("CLINA")
            .key(ClinicKey.of(ContributeFixtures.keyBytes()))
            .toolVersion("9.9.9-test");
    if (k != null) {
      b.kAnonymity(k);
    }
    return b.build().contribute(raw, dir.resolve("out"));
  }

  private static Map<String, String> row(List<String[]> csv, int i) {
    Map<String, String> m = new HashMap<>();
    for (int c = 0; c < csv.get(0).length; c++) {
      m.put(csv.get(0)[c], csv.get(i)[c]);
    }
    return m;
  }

  @Test
  void releasesBmiHalfUpInsteadOfHeightAndMassAgeTopCodedAndRunningYearsRoundedDown()
      throws IOException {
    ContributionResult r =
        contribute(
            HEADER
                + "P001,F,1925-01-01,2020-01-02,2021-01-01,200,89.8,7.9,0\n"
                + "P002,M,1990-06-15,2024-06-15,2025-06-15,119,70,0.4,1\n"
                + "P003,F,1985-02-28,2024-02-27,2025-02-27,170,NA,12,0\n"
                + "P004,F,1900-01-01,2024-02-27,2025-02-27,170.4,61.25,3,0\n",
            null);
    Path file = r.submission().resolve("participants.csv");
    List<String[]> p = ContributeFixtures.readInExportOrder(r, "participants.csv");
    assertThat(p.get(0)).doesNotContain("height_cm", "mass_kg").contains("bmi");
    assertThat(row(p, 1))
        .containsEntry("bmi", "22.5") // 89.8 / 2.0² = 22.45, half up
        .containsEntry("age_years", "90") // 95, top-coded
        .containsEntry("running_years", "7"); // 7.9, rounded down
    assertThat(row(p, 2))
        .containsEntry("bmi", "") // height 119 fails 120 .. 220: withheld
        .containsEntry("running_years", "0");
    assertThat(row(p, 3)).containsEntry("bmi", "").containsEntry("age_years", "38");
    assertThat(row(p, 4))
        .containsEntry("bmi", "21.1") // 61.25 / 1.704² = 21.094
        .containsEntry("age_years", ReleasedValues.WITHHELD_AGE_OVER);
    assertThat(Files.readString(file)).doesNotContain("89.8", "170.4", "61.25", "95");
  }

  @Test
  void roundsBmiHalfUpToOneDecimal() {
    assertThat(ReleasedValues.roundHalfUp1(22.45)).isEqualTo(22.5);
    assertThat(ReleasedValues.roundHalfUp1(22.44)).isEqualTo(22.4);
    assertThat(ReleasedValues.roundHalfUp1(22.05)).isEqualTo(22.1);
    assertThat(ReleasedValues.bmi("200", "89.8")).isEqualTo("22.5");
    assertThat(ReleasedValues.bmi("200", "88")).isEqualTo("22");
    assertThat(ReleasedValues.bmi("abc", "60")).isEmpty();
    assertThat(ReleasedValues.bmi("170", "201")).isEmpty();
    assertThat(ReleasedValues.ageYears("95")).isEqualTo("90");
    assertThat(ReleasedValues.ageYears("89")).isEqualTo("89");
    assertThat(ReleasedValues.runningYears("12.99")).isEqualTo("12");
    assertThat(ReleasedValues.runningYears("NA")).isEqualTo("NA");
  }

  private static QuasiIdentifiers qi(
      String id, String sex, int age, double bmi, int running, String prior) {
    return new QuasiIdentifiers(id, sex, age, bmi, running, prior);
  }

  @Test
  void measuresClassSizesOnAHandMadeCohortWithKnownClasses() {
    List<QuasiIdentifiers> rows = new ArrayList<>();
    for (int i = 0; i < 5; i++) { // one class of 5: BMI 22.0 .. 22.8 is whole unit 22
      rows.add(qi("A" + i, "F", 30, 22.0 + i * 0.2, 5, "0"));
    }
    rows.add(qi("B1", "M", 40, 25.1, 10, "0")); // one class of 2
    rows.add(qi("B2", "M", 40, 25.9, 10, "0"));
    rows.add(qi("C1", "F", 30, 22.4, 5, "1")); // alone: prior_itbs differs
    DisclosureRisk d = DisclosureControl.decide(rows, null).risk();
    assertThat(d.runners()).isEqualTo(8);
    assertThat(d.kMin()).isEqualTo(1);
    assertThat(d.runnersBelowK5()).isEqualTo(3);
    assertThat(d.shareBelowK5()).isEqualTo(0.375);
    assertThat(d.maxRisk()).isEqualTo(1.0);
    assertThat(d.quasiIdentifiers())
        .containsExactly("sex", "age_years", "bmi (whole units)", "running_years", "prior_itbs");
    assertThat(d.policy().kAnonymity()).isNull();
    assertThat(d.policy().withheldRunners()).isZero();
  }

  @Test
  void writesTheMeasuredRiskIntoTheManifest() {
    ContributionResult r = contribute(ContributeFixtures.export().get("participants.csv"), null);
    SubmissionManifest m = SubmissionManifest.read(r.submission().resolve("manifest.json"));
    DisclosureRisk d = m.disclosureRisk();
    assertThat(d).isEqualTo(r.manifest().disclosureRisk());
    assertThat(d.runners()).isEqualTo(3);
    assertThat(d.kMin()).isEqualTo(1);
    assertThat(d.runnersBelowK5()).isEqualTo(3);
    assertThat(d.shareBelowK5()).isEqualTo(1.0);
    assertThat(d.policy().ageYears()).isEqualTo("whole years, top-coded at 90");
  }

  private static String cohort(int n, long seed) {
    Random rnd = new Random(seed);
    StringBuilder s = new StringBuilder(HEADER);
    for (int i = 0; i < n; i++) {
      LocalDate enrol = LocalDate.of(2024, 1, 1).plusDays(rnd.nextInt(300));
      LocalDate birth = enrol.minusDays(365L * (18 + rnd.nextInt(50)) + rnd.nextInt(365));
      s.append(
          String.format(
              Locale.ROOT,
              "R%04d,%s,%s,%s,%s,%.1f,%.1f,%.1f,%d%n",
              i,
              rnd.nextBoolean() ? "F" : "M",
              birth,
              enrol,
              enrol.plusDays(365),
              150 + rnd.nextDouble() * 45,
              45 + rnd.nextDouble() * 45,
              rnd.nextDouble() * 25,
              rnd.nextInt(5) == 0 ? 1 : 0));
    }
    return s.toString();
  }

  @Test
  void kAnonymityGeneralisesAndWithholdsUntilEveryReleasedClassHasKRunners() {
    ContributionResult r = contribute(cohort(300, 7), 5);
    DisclosureRisk d = r.manifest().disclosureRisk();
    assertThat(d.kMin()).isGreaterThanOrEqualTo(5);
    assertThat(d.runnersBelowK5()).isZero();
    assertThat(d.maxRisk()).isLessThanOrEqualTo(0.2);
    assertThat(d.policy().kAnonymity()).isEqualTo(5);
    // Count the classes again from what the file releases: identical released tuples.
    List<String[]> p = ContributeFixtures.read(r.submission().resolve("participants.csv"));
    Map<String, Integer> sizes = new HashMap<>();
    long withheld = 0;
    for (int i = 1; i < p.size(); i++) {
      Map<String, String> m = row(p, i);
      if (m.get("age_years").isEmpty()) {
        withheld++;
        assertThat(m.get("bmi")).isEmpty();
        assertThat(m.get("running_years")).isEmpty();
      }
      String key =
          String.join(
              "|",
              m.get("sex"),
              m.get("age_years"),
              m.get("bmi"),
              m.get("running_years"),
              m.get("prior_itbs"));
      sizes.merge(key, 1, Integer::sum);
    }
    assertThat(sizes.values()).allMatch(n -> n >= 5);
    assertThat(withheld).isEqualTo(d.policy().withheldRunners());
    assertThat(withheld).isLessThan(300);
  }

  @Test
  void kAnonymitySaysSoWhenASexAndPriorItbsGroupIsTooSmallToReachK() {
    ContributionResult r = contribute(ContributeFixtures.export().get("participants.csv"), 2);
    DisclosureRisk d = r.manifest().disclosureRisk();
    assertThat(d.isKAnonymous(2)).isFalse(); // the one M runner with prior ITBS stays alone
    assertThat(d.kMin()).isEqualTo(1);
    // At the top of the hierarchy the two F runners share a class (ages 33 and 38 in 30-39, BMI
    // 21.4 and 22.5 in 20-25, running years missing): only the M runner is withheld.
    assertThat(d.policy().withheldRunners()).isEqualTo(1);
    assertThat(d.policy().ageYears()).startsWith("10-year bands");
  }

  @Test
  void generalisationReleasesBandMidpoints() {
    Generalisation g = new Generalisation(1, 2, 2);
    assertThat(g.age(33)).isEqualTo(32);
    assertThat(g.age(95)).isEqualTo(90);
    assertThat(new Generalisation(2, 3, 1).age(39)).isEqualTo(35);
    assertThat(g.bmi(23.9)).isEqualTo(23.0);
    assertThat(new Generalisation(0, 3, 0).bmi(24.9)).isEqualTo(22.5);
    assertThat(new Generalisation(0, 1, 0).bmi(22.0)).isEqualTo(22.5);
    assertThat(g.runningYears(9)).isEqualTo(5);
    assertThat(new Generalisation(0, 0, 1).runningYears(9)).isEqualTo(7);
    assertThat(Generalisation.RELEASED.bmi(22.45)).isCloseTo(22.45, within(0.0));
  }

  @Test
  void refusesAKBelowTwo() {
    assertThatThrownBy(() -> Contributor.builder().kAnonymity(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--k-anonymity must be at least 2, not 1");
  }
}
