package org.itbs.contribute;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import org.itbs.core.dictionary.ColumnSpec;
import org.itbs.core.dictionary.Dictionary;
import org.itbs.core.dictionary.TableSpec;
import org.itbs.core.validate.RowValidator;

/**
 * The participant values a clinic releases in place of the full-precision ones of its export, as
 * the submission dictionary ({@code data-schemas/cef-1-submission/derivation.json}) describes them:
 *
 * <ul>
 *   <li>{@code bmi} = mass_kg / (height_cm / 100)², rounded half up to one decimal ({@code
 *       floor(bmi × 10 + 0.5) / 10}, the same double arithmetic as the R reference), computed only
 *       when height_cm and mass_kg are both numbers inside their cef-1 ranges; otherwise empty
 *       (withheld): height and mass themselves never leave the clinic;
 *   <li>{@code age_years} top-coded at {@value #AGE_TOP} (90 means 90 or older); an age above
 *       {@value #AGE_MAX_PLAUSIBLE} is not top-coded but withheld ({@value #WITHHELD_AGE_OVER}), so
 *       that a wrong birth date is not turned into a valid 90 and ingest quarantines the row;
 *   <li>{@code running_years} in completed whole years, rounded down ({@code 7.9 → 7}).
 * </ul>
 *
 * A value that is not a number (a {@code [withheld: rule]} marker of the clinic's checks) is passed
 * on as it is, so ingest quarantines the row under that rule.
 */
public final class ReleasedValues {
  /** The top code of age_years: older runners are released as this age. */
  public static final int AGE_TOP = 90;

  /** Ages above this are errors of the export, not old runners. */
  public static final int AGE_MAX_PLAUSIBLE = 110;

  /**
   * Sent as age_years when the computed age exceeds {@value #AGE_MAX_PLAUSIBLE}: the marker of the
   * rule it breaks (age_years' range 0 .. 110), as every value withheld at the clinic is marked.
   */
  public static final String WITHHELD_AGE_OVER = "[withheld: range]";

  private static final ColumnSpec HEIGHT = participants().column("height_cm").orElseThrow();
  private static final ColumnSpec MASS = participants().column("mass_kg").orElseThrow();

  private ReleasedValues() {}

  private static TableSpec participants() {
    return Dictionary.cef1().table("participants");
  }

  /**
   * The released BMI of a runner.
   *
   * @param heightCm height_cm as written in the export
   * @param massKg mass_kg as written in the export
   * @return kg/m² rounded half up to one decimal, in its shortest decimal form (e.g. {@code 22.5});
   *     empty when either value is missing, not a number, or outside its cef-1 range
   */
  public static String bmi(String heightCm, String massKg) {
    Double h = inRange(heightCm, HEIGHT);
    Double m = inRange(massKg, MASS);
    if (h == null || m == null) {
      return "";
    }
    return decimal(roundHalfUp1(bmiOf(h, m)));
  }

  /** mass / (height / 100)², in kg/m², as R computes {@code mass / (height / 100)^2}. */
  static double bmiOf(double heightCm, double massKg) {
    double metres = heightCm / 100;
    return massKg / (metres * metres);
  }

  /** Half up to one decimal: {@code floor(x × 10 + 0.5) / 10} (22.45 → 22.5, 22.44 → 22.4). */
  public static double roundHalfUp1(double x) {
    return Math.floor(x * 10 + 0.5) / 10;
  }

  /** The shortest decimal form of a double, without exponent (22.5, 23, 137.9). */
  static String decimal(double x) {
    return BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
  }

  private static Double inRange(String raw, ColumnSpec c) {
    if (raw == null || RowValidator.isMissing(raw)) {
      return null;
    }
    double v;
    try {
      v = RowValidator.parseNumber(raw.strip());
    } catch (NumberFormatException e) {
      return null;
    }
    if (c.min() != null && v < c.min().number() || c.max() != null && v > c.max().number()) {
      return null;
    }
    return v;
  }

  /**
   * The released age_years of a computed age.
   *
   * @param age whole years from birth to enrolment, as the clinic computed them (or a marker)
   * @return the age top-coded at {@value #AGE_TOP}; {@value #WITHHELD_AGE_OVER} above {@value
   *     #AGE_MAX_PLAUSIBLE}; anything that is not a whole number as given
   */
  public static String ageYears(String age) {
    Integer a = wholeNumber(age);
    if (a == null) {
      return age;
    }
    if (a > AGE_MAX_PLAUSIBLE) {
      return WITHHELD_AGE_OVER;
    }
    return Integer.toString(Math.min(a, AGE_TOP));
  }

  /**
   * The released running_years.
   *
   * @return completed whole years (rounded down); a missing value or one that is not a number as
   *     given
   */
  public static String runningYears(String raw) {
    if (raw == null || RowValidator.isMissing(raw)) {
      return raw;
    }
    try {
      double v = RowValidator.parseNumber(raw.strip());
      return Long.toString((long) Math.floor(v));
    } catch (NumberFormatException e) {
      return raw;
    }
  }

  /**
   * Whole years from birth_date to enrolment_date, or null when either is missing or not a date.
   */
  static Integer age(String birth, String enrolment) {
    if (birth == null || enrolment == null) {
      return null;
    }
    if (RowValidator.isMissing(birth) || RowValidator.isMissing(enrolment)) {
      return null;
    }
    try {
      LocalDate b = RowValidator.parseDate(birth.strip());
      LocalDate e = RowValidator.parseDate(enrolment.strip());
      return Period.between(b, e).getYears();
    } catch (DateTimeParseException x) {
      return null;
    }
  }

  static Integer wholeNumber(String s) {
    if (s == null || RowValidator.isMissing(s)) {
      return null;
    }
    try {
      return Integer.valueOf(s.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static Double number(String s) {
    if (s == null || RowValidator.isMissing(s)) {
      return null;
    }
    try {
      return RowValidator.parseNumber(s.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
