package org.itbs.core.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.itbs.core.dictionary.Dictionary;
import org.itbs.core.dictionary.TableSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per single-row rule of {@link RowValidator}, against the packaged cef-1 dictionary. */
class RowValidatorTest {
  private static final Dictionary CEF1 = Dictionary.cef1();
  private static final LocalDate ENROLMENT = LocalDate.of(2024, 3, 4);
  private static final LocalDate END = LocalDate.of(2024, 12, 31);

  private static final Map<String, Map<String, String>> VALID =
      Map.of(
          "participants",
          Map.of(
              "participant_id", "P1",
              "sex", "F",
              "birth_date", "1990-05-01",
              "enrolment_date", "2024-03-04",
              "followup_end_date", "2024-12-31",
              "height_cm", "171.5",
              "mass_kg", "62",
              "running_years", "7.5",
              "prior_itbs", "1"),
          "assessments",
          Map.of(
              "participant_id", "P1",
              "assessment_date", "2024-03-04",
              "side", "L",
              "hip_abduction_torque_nm_kg", "1.62",
              "hip_external_rotation_torque_nm_kg", "0.41",
              "dorsiflexion_lunge_cm", "9.5"),
          "gait_frames",
          Map.ofEntries(
              Map.entry("participant_id", "P1"),
              Map.entry("session_date", "2024-03-05"),
              Map.entry("trial", "2"),
              Map.entry("side", "R"),
              Map.entry("frame", "117"),
              Map.entry("frame_rate_hz", "150"),
              Map.entry("event", "FS"),
              Map.entry("hip_adduction_deg", "8.25"),
              Map.entry("pelvic_drop_deg", "-3.1"),
              Map.entry("knee_flexion_deg", "41.7"),
              Map.entry("knee_internal_rotation_deg", "2.0"),
              Map.entry("ankle_dorsiflexion_deg", "-12.4")),
          "training_weeks",
          Map.of(
              "participant_id", "P1",
              "week_start", "2024-03-04",
              "distance_km", "42.2",
              "duration_h", "3.5",
              "maintenance_sessions", "2"),
          "injuries",
          Map.of(
              "participant_id", "P1",
              "onset_date", "2024-06-10",
              "side", "B",
              "diagnosis", "ITBS",
              "return_to_run_date", "2024-07-01"));

  private static ParticipantIndex runners() {
    ParticipantIndex index = new ParticipantIndex(List.of("enrolment_date", "followup_end_date"));
    index.accept("P1", new LocalDate[] {ENROLMENT, END});
    index.refuse("P9");
    return index;
  }

  /** Validates the valid row of {@code table} with some cells replaced ({@code null}: absent). */
  private static RowValidator.Result check(String table, String... columnValuePairs) {
    TableSpec t = CEF1.table(table);
    return new RowValidator(t).validate(row(t, columnValuePairs), index(t));
  }

  private static ParticipantIndex index(TableSpec t) {
    return t.isParticipants() ? null : runners();
  }

  private static String[] row(TableSpec t, String... columnValuePairs) {
    Map<String, String> values = new LinkedHashMap<>(VALID.get(t.name()));
    for (int i = 0; i < columnValuePairs.length; i += 2) {
      if (t.indexOf(columnValuePairs[i]) < 0) {
        throw new IllegalArgumentException(t.name() + " has no column " + columnValuePairs[i]);
      }
      values.put(columnValuePairs[i], columnValuePairs[i + 1]);
    }
    return t.columns().stream().map(c -> values.get(c.name())).toArray(String[]::new);
  }

  private static Object value(RowValidator.Result r, String table, String column) {
    return r.values()[CEF1.table(table).indexOf(column)];
  }

  /** The row's only finding, after checking it breaks exactly {@code rule} in {@code column}. */
  private static Finding only(RowValidator.Result r, Rule rule, String column) {
    assertThat(r.findings()).extracting(Finding::rule).containsExactly(rule);
    Finding f = r.findings().get(0);
    assertThat(f.column()).isEqualTo(column);
    return f;
  }

  @Test
  void oneTypedRowFilledRowAfterRowHoldsWhatValidateBoxes() {
    // The ingest's hot path: one validator and one TypedRow for a whole split, values repeating
    // (the validator's cache), turning invalid, missing and valid again.
    TableSpec t = CEF1.table("gait_frames");
    List<String[]> rows =
        List.of(
            row(t),
            row(t, "frame", "118"),
            row(t, "frame", "x", "hip_adduction_deg", "91"),
            row(t, "frame", "119", "event", null, "side", "Q"),
            row(t, "session_date", "2024-02-30", "trial", "-1"),
            row(t, "participant_id", "P9"),
            row(t, "participant_id", "P2", "frame_rate_hz", ""),
            row(t, "session_date", "2024-03-01"),
            row(t));
    RowValidator hot = new RowValidator(t);
    TypedRow reused = new TypedRow(t);
    ParticipantIndex index = runners();
    for (String[] r : rows) {
      RowValidator.Result fresh = new RowValidator(t).validate(r, index);

      List<Finding> findings = hot.check(r, index, reused);

      assertThat(findings).isEqualTo(fresh.findings());
      assertThat(reused.values()).containsExactly(fresh.values());
      for (int i = 0; i < t.columns().size(); i++) {
        assertThat(reused.isPresent(i)).isEqualTo(fresh.values()[i] != null);
        if (fresh.values()[i] instanceof LocalDate d) {
          assertThat(reused.epochDay(i)).isEqualTo(d.toEpochDay());
        }
      }
    }
    assertThat(TypedRow.of(t, check("gait_frames").values()).values())
        .containsExactly(check("gait_frames").values());
    assertThatThrownBy(() -> hot.check(row(t), index, new TypedRow(CEF1.table("injuries"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void acceptsAValidRowOfEveryTableWithTypedValues() {
    for (String table : Dictionary.CEF1_TABLES) {
      assertThat(check(table).findings()).as(table).isEmpty();
    }
    RowValidator.Result gait = check("gait_frames");
    assertThat(gait.valid()).isTrue();
    assertThat(gait.values())
        .containsExactly(
            "P1",
            LocalDate.of(2024, 3, 5),
            2L,
            "R",
            117L,
            150.0,
            "FS",
            8.25,
            -3.1,
            41.7,
            2.0,
            -12.4);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "NA", "NaN", "   "})
  void requiredValueWrittenAsEmptyNaOrNanIsMissing(String missing) {
    RowValidator.Result r = check("participants", "mass_kg", missing);
    Finding f = only(r, Rule.REQUIRED, "mass_kg");
    assertThat(f.value()).isEqualTo(missing);
    assertThat(f.message()).isEqualTo("mass_kg is missing (required)");
    assertThat(value(r, "participants", "mass_kg")).isNull();
  }

  @Test
  void requiredColumnAbsentFromTheFileIsMissingInEveryRow() {
    Finding f = only(check("gait_frames", "frame", null), Rule.REQUIRED, "frame");
    assertThat(f.value()).isEmpty();
    assertThat(f.message()).contains("frame is missing");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "NA", "NaN"})
  void optionalValueMayBeMissing(String missing) {
    RowValidator.Result r = check("participants", "running_years", missing);
    assertThat(r.findings()).isEmpty();
    assertThat(value(r, "participants", "running_years")).isNull();
  }

  @Test
  void missingMarkersAreCaseSensitive() {
    Finding f = only(check("participants", "running_years", "na"), Rule.TYPE, "running_years");
    assertThat(f.message()).isEqualTo("running_years 'na' is not a number");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e3", "1.0", "0x10", "+1", "1,5", "12 frames", "\u0967\u0968"})
  void integerMustBePlainAsciiDigits(String raw) {
    Finding f = only(check("gait_frames", "frame", raw), Rule.TYPE, "frame");
    assertThat(f.value()).isEqualTo(raw);
    assertThat(f.message()).isEqualTo("frame '" + raw + "' is not a whole number");
  }

  @Test
  void integerAcceptsNegativeSignAndSurroundingSpaces() {
    assertThat(value(check("gait_frames", "frame", " 0 "), "gait_frames", "frame")).isEqualTo(0L);
    Finding f = only(check("gait_frames", "trial", "-1"), Rule.RANGE, "trial");
    assertThat(f.message()).isEqualTo("trial -1 is outside ≥ 1");
  }

  @Test
  void numberAcceptsDecimalPointAndExponent() {
    assertThat(
            value(
                check("gait_frames", "knee_flexion_deg", "1.5e1"),
                "gait_frames",
                "knee_flexion_deg"))
        .isEqualTo(15.0);
    assertThat(
            value(
                check("gait_frames", "knee_flexion_deg", "1e-4"),
                "gait_frames",
                "knee_flexion_deg"))
        .isEqualTo(1e-4);
    assertThat(
            value(
                check("gait_frames", "knee_flexion_deg", ".5"), "gait_frames", "knee_flexion_deg"))
        .isEqualTo(0.5);
    assertThat(
            value(
                check("gait_frames", "knee_flexion_deg", "-0"), "gait_frames", "knee_flexion_deg"))
        .isEqualTo(-0.0);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0x10",
        "1,5",
        "Infinity",
        "1e999",
        "12deg",
        "1.5d",
        "1.2.3",
        "--1",
        "e",
        "\u0967"
      })
  void numberRefusesHexGroupingInfinityAndSuffixes(String raw) {
    Finding f = only(check("gait_frames", "knee_flexion_deg", raw), Rule.TYPE, "knee_flexion_deg");
    assertThat(f.message()).isEqualTo("knee_flexion_deg '" + raw + "' is not a number");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2024-02-30", "14/03/2024", "2024-3-14", "20240314", "2024-03-14T10:00"})
  void dateMustBeAnExistingIsoCalendarDate(String raw) {
    Finding f = only(check("gait_frames", "session_date", raw), Rule.TYPE, "session_date");
    assertThat(f.message()).isEqualTo("session_date '" + raw + "' is not a date (yyyy-MM-dd)");
  }

  @Test
  void dateAcceptsALeapDay() {
    RowValidator.Result r = check("gait_frames", "session_date", "2024-02-29");
    assertThat(r.findings()).isEmpty();
    assertThat(value(r, "gait_frames", "session_date")).isEqualTo(LocalDate.of(2024, 2, 29));
  }

  @Test
  void rangeIncludesBothLimits() {
    assertThat(check("participants", "height_cm", "120").findings()).isEmpty();
    assertThat(check("participants", "height_cm", "220").findings()).isEmpty();
    assertThat(check("training_weeks", "maintenance_sessions", "14").findings()).isEmpty();
    assertThat(check("training_weeks", "maintenance_sessions", "0").findings()).isEmpty();
  }

  @Test
  void rangeRefusesValuesJustOutsideNamingValueLimitsAndUnit() {
    Finding low = only(check("participants", "height_cm", "119.99"), Rule.RANGE, "height_cm");
    assertThat(low.value()).isEqualTo("119.99");
    assertThat(low.message()).isEqualTo("height_cm 119.99 is outside 120 .. 220 (cm)");
    Finding high = only(check("participants", "height_cm", "220.01"), Rule.RANGE, "height_cm");
    assertThat(high.message()).contains("220.01").contains("120 .. 220");
    Finding sessions =
        only(
            check("training_weeks", "maintenance_sessions", "15"),
            Rule.RANGE,
            "maintenance_sessions");
    assertThat(sessions.message())
        .isEqualTo("maintenance_sessions 15 is outside 0 .. 14 (sessions)");
    assertThat(only(check("participants", "prior_itbs", "2"), Rule.RANGE, "prior_itbs").message())
        .isEqualTo("prior_itbs 2 is outside 0 .. 1");
  }

  @Test
  void sideAliasesInAnyCaseAreCanonicalised() {
    assertThat(value(check("assessments", "side", "left"), "assessments", "side")).isEqualTo("L");
    assertThat(value(check("assessments", "side", "RIGHT"), "assessments", "side")).isEqualTo("R");
    assertThat(value(check("assessments", "side", "r"), "assessments", "side")).isEqualTo("R");
    assertThat(value(check("assessments", "side", "Left"), "assessments", "side")).isEqualTo("L");
    assertThat(value(check("injuries", "side", "b"), "injuries", "side")).isEqualTo("B");
  }

  @Test
  void codeOutsideTheListIsRefusedNamingTheAllowedValues() {
    Finding side = only(check("assessments", "side", "B"), Rule.VALUES, "side");
    assertThat(side.value()).isEqualTo("B");
    assertThat(side.message())
        .isEqualTo("side 'B' is not one of L, R (also left, right), any case");
    Finding diagnosis = only(check("injuries", "diagnosis", "itbs"), Rule.VALUES, "diagnosis");
    assertThat(diagnosis.message()).startsWith("diagnosis 'itbs' is not one of ITBS, PFPS, MTSS");
  }

  @Test
  void codesWithoutIgnoreCaseMatchOnlyTheirExactSpelling() {
    assertThat(only(check("participants", "sex", "f"), Rule.VALUES, "sex").message())
        .isEqualTo("sex 'f' is not one of F, M");
    assertThat(only(check("gait_frames", "event", "fs"), Rule.VALUES, "event").message())
        .isEqualTo("event 'fs' is not one of FS, TO");
    assertThat(check("gait_frames", "event", "").findings()).isEmpty();
  }

  @Test
  void textLengthIsCountedInCharactersFromOneToSixtyFour() {
    String max = "P" + "x".repeat(63);
    assertThat(check("participants", "participant_id", max).findings()).isEmpty();
    Finding f =
        only(check("participants", "participant_id", max + "y"), Rule.LENGTH, "participant_id");
    assertThat(f.message())
        .isEqualTo("participant_id '" + max + "y' has 65 characters, expected 1–64 chars");
    // 64 characters outside the Basic Multilingual Plane are 128 UTF-16 units, still 64 characters.
    String emoji = "\uD83C\uDFC3".repeat(64);
    assertThat(check("participants", "participant_id", emoji).findings()).isEmpty();
  }

  @Test
  void submissionParticipantIdMustMatchThePseudonymPattern() {
    TableSpec t = Dictionary.submission().table("participants");
    String[] raw = row(t, "participant_id", "0123456789ABCDEF0123");
    raw[t.indexOf("age_years")] = "33";
    raw[t.indexOf("running_years")] = "7"; // whole years in a submission
    RowValidator.Result r = new RowValidator(t).validate(raw, null);
    Finding f = only(r, Rule.PATTERN, "participant_id");
    assertThat(f.message())
        .isEqualTo("participant_id '0123456789ABCDEF0123' does not match [0-9a-f]{20}");

    raw[t.indexOf("participant_id")] = "0123456789abcdef0123";
    assertThat(new RowValidator(t).validate(raw, null).findings()).isEmpty();
    raw[t.indexOf("participant_id")] = "0123456789abcdef012";
    assertThat(new RowValidator(t).validate(raw, null).findings())
        .extracting(Finding::rule)
        .containsExactly(Rule.LENGTH);
  }

  @Test
  void weekStartMustBeAMonday() {
    Finding f =
        only(check("training_weeks", "week_start", "2024-03-05"), Rule.WEEKDAY, "week_start");
    assertThat(f.message()).isEqualTo("week_start 2024-03-05 is a tuesday, expected a monday");
    assertThat(check("training_weeks", "week_start", "2024-03-11").findings()).isEmpty();
  }

  @Test
  void weekStartWindowOpensSixDaysBeforeEnrolment() {
    // Enrolment is Monday 2024-03-04: the Monday before is 7 days earlier, outside the window.
    Finding f =
        only(check("training_weeks", "week_start", "2024-02-26"), Rule.WINDOW, "week_start");
    assertThat(f.message())
        .isEqualTo("week_start 2024-02-26 is before participant.enrolment_date - 6 (2024-02-27)");
    assertThat(check("training_weeks", "week_start", "2024-12-30").findings()).isEmpty();
  }

  @Test
  void returnToRunMustBeStrictlyAfterOnsetOfTheSameRow() {
    Finding same =
        only(
            check("injuries", "return_to_run_date", "2024-06-10"),
            Rule.WINDOW,
            "return_to_run_date");
    assertThat(same.value()).isEqualTo("2024-06-10");
    assertThat(same.message())
        .isEqualTo("return_to_run_date 2024-06-10 is on or before row.onset_date (2024-06-10)");
    assertThat(check("injuries", "return_to_run_date", "2024-06-11").findings()).isEmpty();
    assertThat(check("injuries", "return_to_run_date", "").findings()).isEmpty();
  }

  @Test
  void returnToRunMustNotBeAfterFollowupEnd() {
    Finding f =
        only(
            check("injuries", "return_to_run_date", "2025-01-01"),
            Rule.WINDOW,
            "return_to_run_date");
    assertThat(f.message())
        .isEqualTo(
            "return_to_run_date 2025-01-01 is after participant.followup_end_date (2024-12-31)");
  }

  @Test
  void rowWindowIsSkippedWhenTheOtherDateIsItselfInvalid() {
    RowValidator.Result r = check("injuries", "onset_date", "2024-13-01");
    assertThat(r.findings()).extracting(Finding::rule).containsExactly(Rule.TYPE);
    assertThat(r.findings().get(0).column()).isEqualTo("onset_date");
  }

  @Test
  void assessmentWindowRunsFromThirtyDaysBeforeEnrolmentToFollowupEnd() {
    assertThat(check("assessments", "assessment_date", "2024-02-03").findings()).isEmpty();
    assertThat(check("assessments", "assessment_date", "2024-12-31").findings()).isEmpty();
    Finding early =
        only(check("assessments", "assessment_date", "2024-02-02"), Rule.WINDOW, "assessment_date");
    assertThat(early.message())
        .isEqualTo(
            "assessment_date 2024-02-02 is before participant.enrolment_date - 30 (2024-02-03)");
    Finding late =
        only(check("assessments", "assessment_date", "2025-01-01"), Rule.WINDOW, "assessment_date");
    assertThat(late.message())
        .isEqualTo(
            "assessment_date 2025-01-01 is after participant.followup_end_date (2024-12-31)");
  }

  @Test
  void participantRowWindowsUseTheSameRow() {
    Finding birth =
        only(check("participants", "birth_date", "2024-03-05"), Rule.WINDOW, "birth_date");
    assertThat(birth.message())
        .isEqualTo("birth_date 2024-03-05 is after row.enrolment_date (2024-03-04)");
    Finding old = only(check("participants", "birth_date", "1919-12-31"), Rule.RANGE, "birth_date");
    assertThat(old.message()).isEqualTo("birth_date 1919-12-31 is before 1920-01-01");
    Finding end =
        only(
            check("participants", "followup_end_date", "2024-03-03"),
            Rule.WINDOW,
            "followup_end_date");
    assertThat(end.message()).contains("is before row.enrolment_date (2024-03-04)");
    assertThat(check("participants", "followup_end_date", "2024-03-04").findings()).isEmpty();
  }

  @Test
  void unknownParticipantIsRefusedAndItsWindowsAreNotChecked() {
    RowValidator.Result r =
        check("assessments", "participant_id", "P404", "assessment_date", "1999-01-01");
    Finding f = only(r, Rule.UNKNOWN_PARTICIPANT, "participant_id");
    assertThat(f.value()).isEqualTo("P404");
    assertThat(f.message()).isEqualTo("participant_id 'P404' is not in participants.csv");
  }

  @Test
  void rowOfARefusedParticipantIsRefusedWithItsOwnRule() {
    Finding f =
        only(
            check("gait_frames", "participant_id", "P9"),
            Rule.PARTICIPANT_REFUSED,
            "participant_id");
    assertThat(f.message())
        .isEqualTo("participant_id 'P9' refers to a participants.csv row that was refused");
    assertThat(f.describe("gait_frames.csv", 42))
        .isEqualTo(
            "gait_frames.csv line 42: participant_id 'P9' refers to a participants.csv row that"
                + " was refused [participant_refused]");
  }

  @Test
  void withoutAParticipantIndexReferencesAreNotChecked() {
    TableSpec t = CEF1.table("assessments");
    String[] raw = row(t, "participant_id", "P404", "assessment_date", "1999-01-01");
    assertThat(new RowValidator(t).validate(raw, null).findings()).isEmpty();
  }

  @Test
  void reportsEveryBrokenRuleOfARowInColumnOrder() {
    RowValidator.Result r =
        check(
            "gait_frames",
            "participant_id",
            "P404",
            "trial",
            "0",
            "side",
            "X",
            "hip_adduction_deg",
            "",
            "ankle_dorsiflexion_deg",
            "1,5");
    assertThat(r.findings())
        .extracting(Finding::column)
        .containsExactly(
            "trial", "side", "hip_adduction_deg", "ankle_dorsiflexion_deg", "participant_id");
    assertThat(r.findings())
        .extracting(Finding::rule)
        .containsExactly(
            Rule.RANGE, Rule.VALUES, Rule.REQUIRED, Rule.TYPE, Rule.UNKNOWN_PARTICIPANT);
    assertThat(r.valid()).isFalse();
  }

  @Test
  void repeatedValuesAreCheckedAgainInEveryRow() {
    TableSpec t = CEF1.table("gait_frames");
    RowValidator v = new RowValidator(t);
    ParticipantIndex index = runners();
    for (int i = 0; i < 3; i++) {
      assertThat(v.validate(row(t), index).findings()).isEmpty();
      assertThat(v.validate(row(t, "knee_flexion_deg", "121"), index).findings())
          .extracting(Finding::rule)
          .containsExactly(Rule.RANGE);
      assertThat(v.validate(row(t, "session_date", "2025-01-01"), index).findings())
          .extracting(Finding::rule)
          .containsExactly(Rule.WINDOW);
      assertThat(v.validate(row(t, "participant_id", "P404"), index).findings())
          .extracting(Finding::rule)
          .containsExactly(Rule.UNKNOWN_PARTICIPANT);
    }
  }

  @Test
  void participantLookedUpBeforeIsLookedUpAgainWhenTheIndexChanges() {
    TableSpec t = CEF1.table("assessments");
    RowValidator v = new RowValidator(t);
    ParticipantIndex index = runners();
    String[] row = row(t, "participant_id", "P2", "assessment_date", "2024-05-01");
    assertThat(v.validate(row, index).findings())
        .extracting(Finding::rule)
        .containsExactly(Rule.UNKNOWN_PARTICIPANT);

    index.accept("P2", new LocalDate[] {LocalDate.of(2024, 6, 3), END});
    Finding early = only(v.validate(row, index), Rule.WINDOW, "assessment_date");
    assertThat(early.message()).contains("(2024-05-04)");

    ParticipantIndex other = new ParticipantIndex(List.of("enrolment_date", "followup_end_date"));
    other.accept("P2", new LocalDate[] {LocalDate.of(2024, 5, 1), END});
    assertThat(v.validate(row, other).findings()).isEmpty();
    other.refuse("P3");
    assertThat(v.validate(row(t, "participant_id", "P3"), other).findings())
        .extracting(Finding::rule)
        .containsExactly(Rule.PARTICIPANT_REFUSED);
  }

  @Test
  void rowOfTheWrongWidthIsAnIllegalArgument() {
    RowValidator v = new RowValidator(CEF1.table("injuries"));
    assertThatThrownBy(() -> v.validate(new String[] {"P1", "2024-06-10"}, runners()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected 5 values, got 2");
  }

  @Test
  void validatorAndIndexSurviveJavaSerialisationForSparkTasks() throws Exception {
    RowValidator v = roundTrip(new RowValidator(CEF1.table("injuries")));
    ParticipantIndex index = roundTrip(runners());
    TableSpec t = CEF1.table("injuries");
    assertThat(v.validate(row(t), index).findings()).isEmpty();
    assertThat(v.validate(row(t, "side", "left"), index).values()[2]).isEqualTo("L");
    assertThat(v.validate(row(t, "onset_date", "2024-03-03"), index).findings())
        .extracting(Finding::rule)
        .containsExactly(Rule.WINDOW);
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T object) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(object);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }

  @Test
  void parseNumberGivesExactlyWhatDoubleParseDoubleGives() {
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < 200_000; i++) {
      int intDigits = random.nextInt(10);
      int fracDigits = random.nextInt(10);
      StringBuilder sb = new StringBuilder();
      if (random.nextInt(4) == 0) {
        sb.append(random.nextBoolean() ? '-' : '+');
      }
      for (int k = 0; k < intDigits; k++) {
        sb.append((char) ('0' + random.nextInt(10)));
      }
      if (fracDigits > 0 || intDigits == 0) {
        sb.append('.');
        for (int k = 0; k < Math.max(fracDigits, 1); k++) {
          sb.append((char) ('0' + random.nextInt(10)));
        }
      }
      String text = sb.toString();
      assertThat(RowValidator.parseNumber(text)).as(text).isEqualTo(Double.parseDouble(text));
    }
    for (String text : List.of("0.1", "0.3", "123456789012345", "1234567890123456.7", "-0.0")) {
      assertThat(RowValidator.parseNumber(text)).as(text).isEqualTo(Double.parseDouble(text));
    }
  }

  @Test
  void parseDateAcceptsEveryCalendarDayAndNothingElse() {
    for (LocalDate d = LocalDate.of(1999, 1, 1); d.getYear() < 2030; d = d.plusDays(1)) {
      assertThat(RowValidator.parseDate(d.toString())).isEqualTo(d);
    }
    assertThat(RowValidator.parseDate("0001-01-01")).isEqualTo(LocalDate.of(1, 1, 1));
    for (String bad :
        List.of(
            "2023-02-29",
            "2024-04-31",
            "2024-00-10",
            "2024-13-01",
            "2024-01-00",
            "2024-01-32",
            "２０２４-01-01",
            "+024-01-01",
            "2024-01-1 ",
            " 2024-01-1",
            "2024/01/01")) {
      assertThatThrownBy(() -> RowValidator.parseDate(bad))
          .as(bad)
          .isInstanceOf(java.time.format.DateTimeParseException.class);
    }
  }

  @Test
  void ruleIdentifiersAreStable() {
    assertThat(Rule.ofId("date_window")).isEqualTo(Rule.WINDOW);
    assertThat(Rule.VALUES.id()).isEqualTo("allowed_values");
    assertThatThrownBy(() -> Rule.ofId("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unknown rule: nope");
  }
}
