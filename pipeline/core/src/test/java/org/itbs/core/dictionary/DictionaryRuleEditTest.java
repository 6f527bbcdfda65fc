package org.itbs.core.dictionary;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.itbs.core.validate.Finding;
import org.itbs.core.validate.ParticipantIndex;
import org.itbs.core.validate.RowValidator;
import org.itbs.core.validate.Rule;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule added to (or changed in) a dictionary file is enforced with no Java change: each test
 * copies the packaged cef-1 files, edits one rule in the JSON, loads the folder and shows that a
 * row the original dictionary accepts is now refused (or the reverse), with a message from the new
 * rule.
 */
class DictionaryRuleEditTest {
  @TempDir Path dir;

  private static final Map<String, String> PARTICIPANT =
      Map.of(
          "participant_id", "X-17",
          "sex", "F",
          "birth_date", "1990-05-01",
          "enrolment_date", "2024-03-04",
          "followup_end_date", "2024-12-31",
          "height_cm", "171.5",
          "mass_kg", "180",
          "running_years", "",
          "prior_itbs", "0");

  private static final Map<String, String> INJURY =
      Map.of(
          "participant_id", "X-17",
          "onset_date", "2024-06-10",
          "side", "left",
          "diagnosis", "BURSITIS",
          "return_to_run_date", "");

  private ParticipantIndex runners;

  @BeforeEach
  void copyDictionary() {
    DictionaryFiles.copyCef1(dir);
    runners = new ParticipantIndex(List.of("enrolment_date", "followup_end_date"));
    runners.accept("X-17", new LocalDate[] {LocalDate.of(2024, 3, 4), LocalDate.of(2024, 12, 31)});
  }

  private static String[] row(TableSpec t, Map<String, String> values) {
    return t.columns().stream().map(c -> values.get(c.name())).toArray(String[]::new);
  }

  private List<Finding> findings(Dictionary d, String table, Map<String, String> values) {
    TableSpec t = d.table(table);
    ParticipantIndex index = t.isParticipants() ? null : runners;
    return new RowValidator(t).validate(row(t, values), index).findings();
  }

  @Test
  void loweredMaximumRefusesAMassAcceptedBefore() {
    assertThat(findings(Dictionary.load(dir), "participants", PARTICIPANT)).isEmpty();

    DictionaryFiles.editColumn(dir, "participants", "mass_kg", c -> c.put("max", 150));

    List<Finding> after = findings(Dictionary.load(dir), "participants", PARTICIPANT);
    assertThat(after).extracting(Finding::rule).containsExactly(Rule.RANGE);
    assertThat(after.get(0).column()).isEqualTo("mass_kg");
    assertThat(after.get(0).message()).contains("mass_kg 180 is outside 30 .. 150 (kg)");
  }

  @Test
  void addedPatternRefusesAParticipantIdAcceptedBefore() {
    assertThat(findings(Dictionary.load(dir), "participants", PARTICIPANT)).isEmpty();

    DictionaryFiles.editColumn(
        dir, "participants", "participant_id", c -> c.put("pattern", "P[0-9]{4}"));

    List<Finding> after = findings(Dictionary.load(dir), "participants", PARTICIPANT);
    assertThat(after).extracting(Finding::rule).containsExactly(Rule.PATTERN);
    assertThat(after.get(0).message()).contains("participant_id 'X-17' does not match P[0-9]{4}");
  }

  @Test
  void runningYearsMadeRequiredRefusesARowWithoutIt() {
    assertThat(findings(Dictionary.load(dir), "participants", PARTICIPANT)).isEmpty();

    DictionaryFiles.editColumn(dir, "participants", "running_years", c -> c.put("required", true));

    List<Finding> after = findings(Dictionary.load(dir), "participants", PARTICIPANT);
    assertThat(after).extracting(Finding::rule).containsExactly(Rule.REQUIRED);
    assertThat(after.get(0).message()).isEqualTo("running_years is missing (required)");
  }

  @Test
  void addedWeekdayRefusesAnOnsetOnAnotherDay() {
    Map<String, String> itbs = new java.util.HashMap<>(INJURY);
    itbs.put("diagnosis", "ITBS");
    itbs.put("onset_date", "2024-06-12");
    assertThat(findings(Dictionary.load(dir), "injuries", itbs)).isEmpty();

    DictionaryFiles.editColumn(dir, "injuries", "onset_date", c -> c.put("weekday", "monday"));

    List<Finding> after = findings(Dictionary.load(dir), "injuries", itbs);
    assertThat(after).extracting(Finding::rule).containsExactly(Rule.WEEKDAY);
    assertThat(after.get(0).message()).contains("2024-06-12 is a wednesday, expected a monday");
  }

  @Test
  void addedDiagnosisCodeAcceptsARowRefusedBefore() {
    List<Finding> before = findings(Dictionary.load(dir), "injuries", INJURY);
    assertThat(before).extracting(Finding::rule).containsExactly(Rule.VALUES);
    assertThat(before.get(0).message()).contains("diagnosis 'BURSITIS' is not one of ITBS");

    DictionaryFiles.editColumn(
        dir, "injuries", "diagnosis", c -> c.withArray("values").add("BURSITIS"));

    assertThat(findings(Dictionary.load(dir), "injuries", INJURY)).isEmpty();
  }

  @Test
  void widenedWindowAcceptsAnAssessmentLongBeforeEnrolment() {
    Map<String, String> early =
        Map.of(
            "participant_id", "X-17",
            "assessment_date", "2023-12-01",
            "side", "R",
            "hip_abduction_torque_nm_kg", "1.6",
            "hip_external_rotation_torque_nm_kg", "NA",
            "dorsiflexion_lunge_cm", "9.5");
    List<Finding> before = findings(Dictionary.load(dir), "assessments", early);
    assertThat(before).extracting(Finding::rule).containsExactly(Rule.WINDOW);
    assertThat(before.get(0).message()).contains("(2024-02-03)");

    DictionaryFiles.editColumn(
        dir,
        "assessments",
        "assessment_date",
        c -> c.put("min", "participant.enrolment_date - 120"));

    assertThat(findings(Dictionary.load(dir), "assessments", early)).isEmpty();
  }
}
