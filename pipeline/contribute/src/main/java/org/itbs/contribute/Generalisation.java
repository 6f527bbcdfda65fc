package org.itbs.contribute;

import java.util.List;

/**
 * How far the released quasi-identifiers are coarsened: a level on each of the fixed hierarchies of
 * age_years, bmi and running_years. A band of width w starts at a multiple of w; it is released as
 * its midpoint, rounded down to a whole year for the two ages ({@code 30–34 → 32}, {@code 30–39 →
 * 35}), unrounded for BMI ({@code [22, 24) → 23}). Top-coded ages (90 and older) stay 90.
 *
 * @param ageLevel 0 whole years, 1 five-year bands, 2 ten-year bands
 * @param bmiLevel 0 one decimal (measured in whole units), 1 one-unit, 2 two-unit, 3 five-unit
 *     bands
 * @param runningLevel 0 whole years, 1 five-year bands, 2 ten-year bands
 */
record Generalisation(int ageLevel, int bmiLevel, int runningLevel) {
  private static final int[] YEAR_BANDS = {1, 5, 10};
  private static final int[] BMI_BANDS = {1, 1, 2, 5};

  /** As released without {@code --k-anonymity}: whole years, BMI to one decimal. */
  static final Generalisation RELEASED = new Generalisation(0, 0, 0);

  /**
   * The fixed hierarchy {@code --k-anonymity} climbs, from the least to the most coarsened: BMI in
   * one-unit bands (so the released BMI is what is measured), then age in 5-year bands, BMI in
   * 2-unit bands, running years in 5-year bands, age in 10-year bands, BMI in 5-unit bands, running
   * years in 10-year bands.
   */
  static final List<Generalisation> HIERARCHY =
      List.of(
          new Generalisation(0, 1, 0),
          new Generalisation(1, 1, 0),
          new Generalisation(1, 2, 0),
          new Generalisation(1, 2, 1),
          new Generalisation(2, 2, 1),
          new Generalisation(2, 3, 1),
          new Generalisation(2, 3, 2));

  /** Checks the levels. */
  Generalisation {
    if (ageLevel < 0 || ageLevel > 2 || bmiLevel < 0 || bmiLevel > 3) {
      throw new IllegalArgumentException("no such level: " + ageLevel + ", " + bmiLevel);
    }
    if (runningLevel < 0 || runningLevel > 2) {
      throw new IllegalArgumentException("no such level of running_years: " + runningLevel);
    }
  }

  /** The released age_years of a (top-coded) age. */
  int age(int ageYears) {
    if (ageYears >= ReleasedValues.AGE_TOP) {
      return ReleasedValues.AGE_TOP;
    }
    return midpoint(ageYears, YEAR_BANDS[ageLevel]);
  }

  /** The released running_years of whole years. */
  int runningYears(int years) {
    return midpoint(years, YEAR_BANDS[runningLevel]);
  }

  /** The released BMI of a BMI already rounded to one decimal. */
  double bmi(double bmi) {
    if (bmiLevel == 0) {
      return bmi;
    }
    int w = BMI_BANDS[bmiLevel];
    return Math.floor(bmi / w) * w + w / 2.0;
  }

  /** The BMI class a runner is measured in: the whole unit or the band. */
  long bmiClass(double bmi) {
    return (long) Math.floor(bmi / BMI_BANDS[bmiLevel]);
  }

  private static int midpoint(int v, int w) {
    return w == 1 ? v : Math.floorDiv(v, w) * w + w / 2;
  }

  /** How age_years is released, for the manifest's policy. */
  String describeAge() {
    return (ageLevel == 0
            ? "whole years"
            : YEAR_BANDS[ageLevel] + "-year bands, midpoint rounded down")
        + ", top-coded at "
        + ReleasedValues.AGE_TOP;
  }

  /** How bmi is released, for the manifest's policy. */
  String describeBmi() {
    return bmiLevel == 0
        ? "kg/m² half up to one decimal (measured in whole units)"
        : BMI_BANDS[bmiLevel] + "-unit bands, midpoint";
  }

  /** How running_years is released, for the manifest's policy. */
  String describeRunningYears() {
    return runningLevel == 0
        ? "whole years, rounded down"
        : YEAR_BANDS[runningLevel] + "-year bands, midpoint rounded down";
  }
}
