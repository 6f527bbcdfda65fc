package org.itbs.contribute;

import java.util.List;

/**
 * One runner's quasi-identifiers as the clinic releases them without {@code --k-anonymity}: sex and
 * prior_itbs as written, age_years top-coded, bmi to one decimal, running_years in whole years. A
 * missing value, or one that is not a number where a number is expected, is null (measured as a
 * value of its own).
 *
 * @param participantId the clinic's own participant_id (never leaves the clinic)
 * @param sex sex as written, trimmed
 * @param ageYears released age_years, or null
 * @param bmi released bmi, kg/m², or null
 * @param runningYears released running_years, or null
 * @param priorItbs prior_itbs as written, trimmed
 */
record QuasiIdentifiers(
    String participantId,
    String sex,
    Integer ageYears,
    Double bmi,
    Integer runningYears,
    String priorItbs) {

  /** The names of the quasi-identifiers, in the order {@link #key} gives them. */
  static final List<String> NAMES =
      List.of("sex", "age_years", "bmi (whole units)", "running_years", "prior_itbs");

  private static final String WITHHELD = "*";

  /**
   * The runner's equivalence-class key under a generalisation; {@code *} for the values of a
   * withheld runner, an empty string for a missing one.
   */
  List<String> key(Generalisation g, boolean withheld) {
    if (withheld) {
      return List.of(sex, WITHHELD, WITHHELD, WITHHELD, priorItbs);
    }
    return List.of(
        sex,
        ageYears == null ? "" : Integer.toString(g.age(ageYears)),
        bmi == null ? "" : Long.toString(g.bmiClass(bmi)),
        runningYears == null ? "" : Integer.toString(g.runningYears(runningYears)),
        priorItbs);
  }
}
