package org.itbs.synth;

import org.itbs.core.validate.Rule;

/**
 * The row faults {@code --messy} injects, one or more of each per site, each with the rule the
 * central ingest must quarantine the row with. Participant faults go into extra rows of runners who
 * withdrew before any data was taken, so a refused participant row never drags a real runner's
 * other rows along; injury and most assessment faults are extra rows too, so the generated outcomes
 * stay intact. Birth dates are never faulted: the clinic-side contribute step turns them into ages,
 * which would change the rule.
 */
enum FaultKind {
  P_HEIGHT_IN_METRES(Table.PARTICIPANTS, "height_cm", Rule.RANGE),
  P_MASS_DECIMAL_COMMA(Table.PARTICIPANTS, "mass_kg", Rule.TYPE),
  P_SEX_MISSING(Table.PARTICIPANTS, "sex", Rule.REQUIRED),
  P_FOLLOWUP_BEFORE_ENROLMENT(Table.PARTICIPANTS, "followup_end_date", Rule.WINDOW),
  P_PRIOR_ITBS_OUT_OF_RANGE(Table.PARTICIPANTS, "prior_itbs", Rule.RANGE),
  P_RUNNING_YEARS_WITH_UNIT(Table.PARTICIPANTS, "running_years", Rule.TYPE),

  A_TORQUE_NOT_PER_KG(Table.ASSESSMENTS, "hip_abduction_torque_nm_kg", Rule.RANGE),
  A_LUNGE_OUT_OF_RANGE(Table.ASSESSMENTS, "dorsiflexion_lunge_cm", Rule.RANGE),
  A_SIDE_BOTH(Table.ASSESSMENTS, "side", Rule.VALUES),
  A_DATE_BEFORE_WINDOW(Table.ASSESSMENTS, "assessment_date", Rule.WINDOW),
  A_TORQUE_MISSING(Table.ASSESSMENTS, "hip_abduction_torque_nm_kg", Rule.REQUIRED),
  A_ER_DECIMAL_COMMA(Table.ASSESSMENTS, "hip_external_rotation_torque_nm_kg", Rule.TYPE),
  A_UNKNOWN_PARTICIPANT(Table.ASSESSMENTS, "participant_id", Rule.UNKNOWN_PARTICIPANT),

  G_HIP_ADDUCTION_SPIKE(Table.GAIT, "hip_adduction_deg", Rule.RANGE),
  G_KNEE_FLEXION_MISSING(Table.GAIT, "knee_flexion_deg", Rule.REQUIRED),
  G_PELVIC_DROP_SPREADSHEET_ERROR(Table.GAIT, "pelvic_drop_deg", Rule.TYPE),
  G_SIDE_CODE(Table.GAIT, "side", Rule.VALUES),
  G_DUPLICATE_FRAME(Table.GAIT, "frame", Rule.DUPLICATE_KEY),
  G_SESSION_BEFORE_WINDOW(Table.GAIT, "session_date", Rule.WINDOW),
  G_UNKNOWN_PARTICIPANT(Table.GAIT, "participant_id", Rule.UNKNOWN_PARTICIPANT),
  G_NEGATIVE_FRAME(Table.GAIT, "frame", Rule.RANGE),

  W_NOT_A_MONDAY(Table.WEEKS, "week_start", Rule.WEEKDAY),
  W_DUPLICATE_WEEK(Table.WEEKS, "week_start", Rule.DUPLICATE_KEY),
  W_DISTANCE_IN_METRES(Table.WEEKS, "distance_km", Rule.RANGE),
  W_DURATION_AS_CLOCK(Table.WEEKS, "duration_h", Rule.TYPE),
  W_MAINTENANCE_OUT_OF_RANGE(Table.WEEKS, "maintenance_sessions", Rule.RANGE),
  W_DISTANCE_MISSING(Table.WEEKS, "distance_km", Rule.REQUIRED),
  W_WEEK_BEFORE_WINDOW(Table.WEEKS, "week_start", Rule.WINDOW),
  W_UNKNOWN_PARTICIPANT(Table.WEEKS, "participant_id", Rule.UNKNOWN_PARTICIPANT),

  I_DIAGNOSIS_FREE_TEXT(Table.INJURIES, "diagnosis", Rule.VALUES),
  I_SIDE_WORD(Table.INJURIES, "side", Rule.VALUES),
  I_ONSET_BEFORE_ENROLMENT(Table.INJURIES, "onset_date", Rule.WINDOW),
  I_RETURN_BEFORE_ONSET(Table.INJURIES, "return_to_run_date", Rule.WINDOW),
  I_ONSET_DAY_FIRST(Table.INJURIES, "onset_date", Rule.TYPE),
  I_DIAGNOSIS_MISSING(Table.INJURIES, "diagnosis", Rule.REQUIRED),
  I_UNKNOWN_PARTICIPANT(Table.INJURIES, "participant_id", Rule.UNKNOWN_PARTICIPANT);

  /** The export files, in writing order. */
  enum Table {
    PARTICIPANTS("participants"),
    ASSESSMENTS("assessments"),
    GAIT("gait_frames"),
    WEEKS("training_weeks"),
    INJURIES("injuries");

    final String table;

    Table(String table) {
      this.table = table;
    }

    String file() {
      return table + ".csv";
    }
  }

  final Table table;
  final String column;
  final Rule rule;

  FaultKind(Table table, String column, Rule rule) {
    this.table = table;
    this.column = column;
    this.rule = rule;
  }
}
