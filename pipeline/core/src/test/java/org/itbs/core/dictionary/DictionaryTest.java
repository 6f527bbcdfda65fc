package org.itbs.core.dictionary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Pins the packaged dictionaries to clinic-export-format.md and the loader's error handling. */
class DictionaryTest {
  private static final Dictionary CEF1 = Dictionary.cef1();
  private static final Dictionary SUBMISSION = Dictionary.submission();

  private static ColumnSpec column(Dictionary d, String table, String column) {
    return d.table(table)
        .column(column)
        .orElseThrow(() -> new AssertionError(table + " has no column " + column));
  }

  private static List<String> names(TableSpec t) {
    return t.columns().stream().map(ColumnSpec::name).toList();
  }

  private static List<String> required(TableSpec t) {
    return t.columns().stream().filter(ColumnSpec::required).map(ColumnSpec::name).toList();
  }

  @Test
  void cef1HasTheFiveTablesOfTheExportFormatInProcessingOrder() {
    assertThat(CEF1.format()).isEqualTo("cef-1");
    assertThat(CEF1.tables())
        .extracting(TableSpec::name)
        .containsExactly(
            "participants", "assessments", "gait_frames", "training_weeks", "injuries");
    assertThat(CEF1.tables())
        .extracting(TableSpec::file)
        .containsExactly(
            "participants.csv",
            "assessments.csv",
            "gait_frames.csv",
            "training_weeks.csv",
            "injuries.csv");
    assertThat(CEF1.tables().stream().filter(t -> !t.required()).map(TableSpec::name))
        .containsExactly("gait_frames");
    assertThat(CEF1.tableForFile("GAIT_FRAMES.CSV")).map(TableSpec::name).hasValue("gait_frames");
    assertThat(CEF1.tableForFile("notes.csv")).isEmpty();
  }

  @Test
  void participantsHasEveryColumnWithItsTypeRangeAndRequiredFlag() {
    TableSpec t = CEF1.table("participants");
    assertThat(names(t))
        .containsExactly(
            "participant_id",
            "sex",
            "birth_date",
            "enrolment_date",
            "followup_end_date",
            "height_cm",
            "mass_kg",
            "running_years",
            "prior_itbs");
    assertThat(t.columns())
        .extracting(ColumnSpec::type)
        .containsExactly(
            ColumnType.TEXT,
            ColumnType.CODE,
            ColumnType.DATE,
            ColumnType.DATE,
            ColumnType.DATE,
            ColumnType.NUMBER,
            ColumnType.NUMBER,
            ColumnType.NUMBER,
            ColumnType.INTEGER);
    assertThat(required(t)).doesNotContain("running_years").hasSize(8);
    assertThat(t.isParticipants()).isTrue();
    assertThat(t.uniqueKeys()).containsExactly(List.of("participant_id"));

    ColumnSpec id = column(CEF1, "participants", "participant_id");
    assertThat(id.minLength()).isEqualTo(1);
    assertThat(id.maxLength()).isEqualTo(64);
    assertThat(column(CEF1, "participants", "sex").values()).containsExactly("F", "M");
    ColumnSpec birth = column(CEF1, "participants", "birth_date");
    assertThat(birth.identifier()).isTrue();
    assertThat(birth.min().date()).isEqualTo(LocalDate.of(1920, 1, 1));
    assertThat(birth.max().scope()).isEqualTo(Bound.Scope.ROW);
    assertThat(birth.max().column()).isEqualTo("enrolment_date");
    ColumnSpec end = column(CEF1, "participants", "followup_end_date");
    assertThat(end.min().column()).isEqualTo("enrolment_date");
    assertThat(end.minExclusive()).isFalse();
    assertThat(column(CEF1, "participants", "height_cm").validText()).isEqualTo("120 .. 220");
    assertThat(column(CEF1, "participants", "height_cm").unit()).isEqualTo("cm");
    assertThat(column(CEF1, "participants", "mass_kg").validText()).isEqualTo("30 .. 200");
    assertThat(column(CEF1, "participants", "running_years").validText()).isEqualTo("0 .. 70");
    assertThat(column(CEF1, "participants", "prior_itbs").validText()).isEqualTo("0 .. 1");
  }

  @Test
  void assessmentsHasEveryColumnAndItsWindowAroundEnrolment() {
    TableSpec t = CEF1.table("assessments");
    assertThat(names(t))
        .containsExactly(
            "participant_id",
            "assessment_date",
            "side",
            "hip_abduction_torque_nm_kg",
            "hip_external_rotation_torque_nm_kg",
            "dorsiflexion_lunge_cm");
    assertThat(required(t)).doesNotContain("hip_external_rotation_torque_nm_kg").hasSize(5);
    assertThat(t.participantColumn()).isEqualTo("participant_id");
    assertThat(t.uniqueKeys())
        .containsExactly(List.of("participant_id", "assessment_date", "side"));

    ColumnSpec date = column(CEF1, "assessments", "assessment_date");
    assertThat(date.min().scope()).isEqualTo(Bound.Scope.PARTICIPANT);
    assertThat(date.min().column()).isEqualTo("enrolment_date");
    assertThat(date.min().offsetDays()).isEqualTo(-30);
    assertThat(date.max().column()).isEqualTo("followup_end_date");
    assertThat(date.max().offsetDays()).isZero();

    ColumnSpec side = column(CEF1, "assessments", "side");
    assertThat(side.values()).containsExactly("L", "R");
    assertThat(side.aliases()).isEqualTo(Map.of("left", "L", "right", "R"));
    assertThat(side.ignoreCase()).isTrue();
    assertThat(column(CEF1, "assessments", "hip_abduction_torque_nm_kg").validText())
        .isEqualTo("0.2 .. 4");
    assertThat(column(CEF1, "assessments", "hip_external_rotation_torque_nm_kg").validText())
        .isEqualTo("0.05 .. 2");
    assertThat(column(CEF1, "assessments", "dorsiflexion_lunge_cm").validText())
        .isEqualTo("0 .. 25");
  }

  @Test
  void gaitFramesHasEveryColumnWithFrameAndTrialLowerLimits() {
    TableSpec t = CEF1.table("gait_frames");
    assertThat(names(t))
        .containsExactly(
            "participant_id",
            "session_date",
            "trial",
            "side",
            "frame",
            "frame_rate_hz",
            "event",
            "hip_adduction_deg",
            "pelvic_drop_deg",
            "knee_flexion_deg",
            "knee_internal_rotation_deg",
            "ankle_dorsiflexion_deg");
    assertThat(required(t)).doesNotContain("event", "frame_rate_hz").hasSize(10);
    assertThat(t.uniqueKeys())
        .containsExactly(List.of("participant_id", "session_date", "trial", "side", "frame"));
    assertThat(column(CEF1, "gait_frames", "trial").type()).isEqualTo(ColumnType.INTEGER);
    assertThat(column(CEF1, "gait_frames", "trial").validText()).isEqualTo("≥ 1");
    assertThat(column(CEF1, "gait_frames", "frame").validText()).isEqualTo("≥ 0");
    ColumnSpec event = column(CEF1, "gait_frames", "event");
    assertThat(event.values()).containsExactly("FS", "TO");
    assertThat(event.ignoreCase()).isFalse();
    assertThat(column(CEF1, "gait_frames", "session_date").min().offsetDays()).isEqualTo(-30);
    assertThat(column(CEF1, "gait_frames", "hip_adduction_deg").validText()).isEqualTo("-30 .. 40");
    assertThat(column(CEF1, "gait_frames", "pelvic_drop_deg").validText()).isEqualTo("-20 .. 25");
    assertThat(column(CEF1, "gait_frames", "knee_flexion_deg").validText()).isEqualTo("-10 .. 120");
    assertThat(column(CEF1, "gait_frames", "knee_internal_rotation_deg").validText())
        .isEqualTo("-40 .. 40");
    assertThat(column(CEF1, "gait_frames", "ankle_dorsiflexion_deg").validText())
        .isEqualTo("-50 .. 50");
  }

  @Test
  void trainingWeeksStartOnAMondayFromSixDaysBeforeEnrolment() {
    TableSpec t = CEF1.table("training_weeks");
    assertThat(names(t))
        .containsExactly(
            "participant_id", "week_start", "distance_km", "duration_h", "maintenance_sessions");
    assertThat(required(t)).hasSize(5);
    assertThat(t.uniqueKeys()).containsExactly(List.of("participant_id", "week_start"));
    ColumnSpec week = column(CEF1, "training_weeks", "week_start");
    assertThat(week.weekday()).isEqualTo(DayOfWeek.MONDAY);
    assertThat(week.min().offsetDays()).isEqualTo(-6);
    assertThat(week.max().column()).isEqualTo("followup_end_date");
    assertThat(column(CEF1, "training_weeks", "distance_km").validText()).isEqualTo("0 .. 400");
    assertThat(column(CEF1, "training_weeks", "duration_h").validText()).isEqualTo("0 .. 40");
    ColumnSpec sessions = column(CEF1, "training_weeks", "maintenance_sessions");
    assertThat(sessions.type()).isEqualTo(ColumnType.INTEGER);
    assertThat(sessions.validText()).isEqualTo("0 .. 14");
  }

  @Test
  void injuriesReturnToRunIsOptionalAndStrictlyAfterOnset() {
    TableSpec t = CEF1.table("injuries");
    assertThat(names(t))
        .containsExactly("participant_id", "onset_date", "side", "diagnosis", "return_to_run_date");
    assertThat(required(t)).doesNotContain("return_to_run_date").hasSize(4);
    assertThat(t.uniqueKeys()).isEmpty();
    assertThat(column(CEF1, "injuries", "side").values()).containsExactly("L", "R", "B");
    assertThat(column(CEF1, "injuries", "diagnosis").values())
        .containsExactly(
            "ITBS", "PFPS", "MTSS", "ACHILLES", "PLANTAR_FASCIA", "STRESS_FRACTURE", "OTHER");
    ColumnSpec onset = column(CEF1, "injuries", "onset_date");
    assertThat(onset.min().column()).isEqualTo("enrolment_date");
    assertThat(onset.min().offsetDays()).isZero();
    ColumnSpec back = column(CEF1, "injuries", "return_to_run_date");
    assertThat(back.min().scope()).isEqualTo(Bound.Scope.ROW);
    assertThat(back.min().column()).isEqualTo("onset_date");
    assertThat(back.minExclusive()).isTrue();
    assertThat(back.max().scope()).isEqualTo(Bound.Scope.PARTICIPANT);
    assertThat(back.validText()).isEqualTo("> row.onset_date .. participant.followup_end_date");
  }

  @Test
  void cef1ListsTheDirectIdentifiersOfTheFormat() {
    assertThat(CEF1.identifierColumns())
        .containsExactlyInAnyOrder(
            "name",
            "first_name",
            "last_name",
            "email",
            "phone",
            "address",
            "postcode",
            "zip",
            "mrn",
            "nhs_number",
            "ssn",
            "date_of_birth",
            "notes");
    assertThat(CEF1.isIdentifier(" E-Mail ")).isFalse();
    assertThat(CEF1.isIdentifier(" Email ")).isTrue();
    assertThat(CEF1.isIdentifier("NHS_Number")).isTrue();
    assertThat(CEF1.isIdentifier("participant_id")).isFalse();
    assertThat(CEF1.derivation()).isEmpty();
  }

  @Test
  void submissionReplacesParticipantIdByATwentyHexPseudonymInEveryTable() {
    assertThat(SUBMISSION.format()).isEqualTo("cef-1-submission");
    for (TableSpec t : SUBMISSION.tables()) {
      ColumnSpec id = t.column("participant_id").orElseThrow();
      assertThat(id.pattern().pattern()).as(t.name()).isEqualTo("[0-9a-f]{20}");
      assertThat(id.minLength()).as(t.name()).isEqualTo(20);
      assertThat(id.maxLength()).as(t.name()).isEqualTo(20);
      assertThat(t.format()).isEqualTo("cef-1-submission");
    }
  }

  @Test
  void submissionHasAgeYearsInPlaceOfBirthDateAndNoIdentifierColumn() {
    TableSpec p = SUBMISSION.table("participants");
    assertThat(names(p))
        .containsExactly(
            "participant_id",
            "sex",
            "age_years",
            "enrolment_date",
            "followup_end_date",
            "bmi",
            "running_years",
            "prior_itbs");
    ColumnSpec age = p.column("age_years").orElseThrow();
    assertThat(age.type()).isEqualTo(ColumnType.INTEGER);
    assertThat(age.unit()).isEqualTo("years");
    assertThat(age.required()).isFalse(); // withheld under --k-anonymity
    assertThat(age.validText()).isEqualTo("0 .. 90");
    assertThat(p.column("bmi").orElseThrow().type()).isEqualTo(ColumnType.NUMBER);
    assertThat(p.column("running_years").orElseThrow().type()).isEqualTo(ColumnType.INTEGER);
    assertThat(SUBMISSION.tables().stream().flatMap(t -> t.columns().stream()))
        .noneMatch(ColumnSpec::identifier);
    assertThat(SUBMISSION.isIdentifier("birth_date")).isTrue();
    assertThat(SUBMISSION.identifierColumns()).containsAll(CEF1.identifierColumns());
    Dictionary.Derivation d = SUBMISSION.derivation().orElseThrow();
    assertThat(d.baseFormat()).isEqualTo("cef-1");
    assertThat(d.pseudonymColumn()).isEqualTo("participant_id");
    assertThat(d.minShiftWeeks()).isEqualTo(-52);
    assertThat(d.maxShiftWeeks()).isEqualTo(52);
    assertThat(d.replacements())
        .containsExactly(
            new Dictionary.Replacement("participants", "birth_date", "age_years"),
            new Dictionary.Replacement("participants", "height_cm", "bmi"),
            new Dictionary.Replacement("participants", "running_years", "running_years"));
    assertThat(d.releasedAs("participants", "mass_kg")).isEmpty();
    assertThat(d.releasedAs("participants", "height_cm")).contains("bmi");
    assertThat(d.releasedAs("injuries", "side")).contains("side");
    for (TableSpec t : SUBMISSION.tables()) {
      for (ColumnSpec c : t.columns()) {
        assertThat(d.whyNeeded(t.name(), c.name()))
            .as("why %s.%s is released", t.name(), c.name())
            .isPresent();
      }
    }
  }

  @Test
  void loadingACopiedFolderGivesTheSameDictionaryAsThePackagedOne(@TempDir Path dir) {
    // Bound and Pattern have no value equality, so compare what the documentation shows.
    Dictionary copy = Dictionary.load(DictionaryFiles.copyCef1(dir));
    assertThat(DictionaryDocs.markdown(copy)).isEqualTo(DictionaryDocs.markdown(CEF1));
    assertThat(copy.identifierColumns()).isEqualTo(CEF1.identifierColumns());
    Dictionary sub = Dictionary.loadSubmission(dir, DictionaryFiles.copyDerivation(dir));
    assertThat(DictionaryDocs.markdown(sub)).isEqualTo(DictionaryDocs.markdown(SUBMISSION));
  }

  @Test
  void unknownTableIsAnIllegalArgumentNamingTheFormat() {
    assertThatThrownBy(() -> CEF1.table("notes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("No table notes in cef-1");
  }

  static Stream<Arguments> malformedDictionaryFiles() {
    return Stream.of(
        Arguments.of(
            "gait_frames.json", "text:\"columns\": [", "\"columns\": [[", "not valid JSON"),
        Arguments.of("injuries.json", "delete", "", "Dictionary file missing: injuries.json"),
        Arguments.of("identifiers.json", "delete", "", "Dictionary file missing: identifiers.json"),
        column("participants", "mass_kg", c -> c.put("type", "float"), "Unknown column type"),
        column("participants", "mass_kg", c -> c.put("maximum", 150), "unknown field maximum"),
        column(
            "participants",
            "running_years",
            c -> c.put("required", "yes"),
            "required must be true or false"),
        column(
            "participants",
            "mass_kg",
            c -> c.put("max", "2020-01-01"),
            "cannot have the limit 2020-01-01"),
        column("participants", "mass_kg", c -> c.put("weekday", "MONDAY"), "cannot have a weekday"),
        column("training_weeks", "week_start", c -> c.put("weekday", "MONTAG"), "MONTAG"),
        column(
            "assessments",
            "assessment_date",
            c -> c.put("min", "participant.enrolment_dat - 30"),
            "no date column enrolment_dat"),
        column(
            "injuries",
            "return_to_run_date",
            c -> c.put("min", "row.diagnosis"),
            "diagnosis, which is not a date"),
        column("injuries", "diagnosis", c -> c.remove("values"), "lists no values"),
        column(
            "injuries",
            "side",
            c -> ((ObjectNode) c.get("aliases")).put("both", "BOTH"),
            "alias for BOTH"),
        column("participants", "participant_id", c -> c.put("pattern", "P[0-9"), "P[0-9"),
        column("participants", "sex", c -> c.remove("type"), "missing field type"),
        column("participants", "height_cm", c -> c.put("name", "mass_kg"), "mass_kg twice"),
        edit(
            "gait_frames.json",
            root -> root.put("participantColumn", "runner"),
            "participantColumn of gait_frames names unknown column runner"));
  }

  private static Arguments column(
      String table, String column, Consumer<ObjectNode> edit, String fragment) {
    return Arguments.of(table + ".json", "column:" + column, edit, fragment);
  }

  private static Arguments edit(String file, Consumer<ObjectNode> edit, String fragment) {
    return Arguments.of(file, "root", edit, fragment);
  }

  @ParameterizedTest(name = "{0} {1} -> {3}")
  @MethodSource("malformedDictionaryFiles")
  @SuppressWarnings("unchecked")
  void malformedDictionaryFileIsAnIllegalArgumentNamingTheFile(
      String file, String where, Object edit, String fragment, @TempDir Path dir)
      throws IOException {
    DictionaryFiles.copyCef1(dir);
    Path path = dir.resolve(file);
    if (where.equals("delete")) {
      Files.delete(path);
    } else if (where.startsWith("text:")) {
      DictionaryFiles.replaceText(path, where.substring(5), (String) edit);
    } else if (where.equals("root")) {
      DictionaryFiles.editFile(path, (Consumer<ObjectNode>) edit);
    } else {
      String table = file.substring(0, file.length() - ".json".length());
      DictionaryFiles.editColumn(dir, table, where.substring(7), (Consumer<ObjectNode>) edit);
    }
    assertThatThrownBy(() -> Dictionary.load(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file)
        .hasMessageContaining(fragment);
  }

  @Test
  void columnNamesAndTypesMatchInAnyCase(@TempDir Path dir) {
    DictionaryFiles.copyCef1(dir);
    DictionaryFiles.editColumn(
        dir, "participants", "sex", c -> c.put("name", "Sex").put("type", "CODE"));
    ColumnSpec sex = Dictionary.load(dir).table("participants").column("SEX").orElseThrow();
    assertThat(sex.name()).isEqualTo("sex");
    assertThat(sex.type()).isEqualTo(ColumnType.CODE);
  }

  @Test
  void derivationReplacingAnUnknownColumnIsAnIllegalArgumentNamingTheFile(@TempDir Path dir) {
    DictionaryFiles.copyCef1(dir);
    Path derivation = DictionaryFiles.copyDerivation(dir);
    DictionaryFiles.replaceText(derivation, "\"column\": \"birth_date\"", "\"column\": \"dob\"");
    assertThatThrownBy(() -> Dictionary.loadSubmission(dir, derivation))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("derivation.json")
        .hasMessageContaining("unknown column participants.dob");
  }

  @Test
  void derivationThatLeavesAnIdentifierInIsRefused(@TempDir Path dir) {
    DictionaryFiles.copyCef1(dir);
    Path derivation = DictionaryFiles.copyDerivation(dir);
    DictionaryFiles.editFile(derivation, root -> root.remove("replace"));
    assertThatThrownBy(() -> Dictionary.loadSubmission(dir, derivation))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("derivation.json")
        .hasMessageContaining("leaves direct identifier participants.birth_date in");
  }

  @Test
  void derivationThatDoesNotSayWhyAColumnIsReleasedIsRefused(@TempDir Path dir) {
    DictionaryFiles.copyCef1(dir);
    Path derivation = DictionaryFiles.copyDerivation(dir);
    DictionaryFiles.editFile(
        derivation,
        root ->
            ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("needed").get("injuries"))
                .remove("side"));
    assertThatThrownBy(() -> Dictionary.loadSubmission(dir, derivation))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("derivation.json")
        .hasMessageContaining("does not say why injuries.side is released");
  }

  @Test
  void derivationThatDropsAnUnknownColumnIsRefused(@TempDir Path dir) {
    DictionaryFiles.copyCef1(dir);
    Path derivation = DictionaryFiles.copyDerivation(dir);
    DictionaryFiles.replaceText(derivation, "\"column\": \"mass_kg\"", "\"column\": \"weight\"");
    assertThatThrownBy(() -> Dictionary.loadSubmission(dir, derivation))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("drop names unknown column participants.weight");
  }
}
