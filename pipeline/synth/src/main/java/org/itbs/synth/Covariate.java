package org.itbs.synth;

/**
 * The covariates of the primary onset model (analysis plan v1, P1), in the plan's order, with the
 * true log hazard ratio the generator uses for each and the figure that drove the choice.
 *
 * <p>A continuous covariate acts on the hazard per one sample SD (n − 1) over all runners the
 * generator made (all sites pooled), where the covariate is derived from the written export exactly
 * as the plan derives it; {@code sex} (F = 1) and {@code prior_itbs} act per unit.
 */
enum Covariate {
  /** Mean over sides of the mean per-stance peak hip adduction in the baseline session (deg). */
  PEAK_HIP_ADD(
      "peak_hip_add",
      true,
      0.25,
      "mean of L and R of the mean over complete stances of the per-stance maximum of"
          + " hip_adduction_deg in the gait session nearest day 0 (within 30 days)",
      "Noehren 2007: future ITBS cases had greater peak hip adduction; Bramah 2018: ITBS 11.3 vs"
          + " controls 9.7 deg (modest per-SD effect)"),
  /** As {@link #PEAK_HIP_ADD} for pelvic_drop_deg (deg). */
  PEAK_PELVIC_DROP(
      "peak_pelvic_drop",
      true,
      0.35,
      "as peak_hip_add, of pelvic_drop_deg",
      "Bramah 2018: contralateral pelvic drop ITBS 6.5 vs controls 3.7 deg, OR 1.87 per degree"
          + " (case-control; a prospective per-SD effect is set smaller)"),
  /** Mean of L and R baseline hip abduction torque (N·m/kg). */
  HIP_ABD(
      "hip_abd",
      true,
      -0.30,
      "mean of L and R hip_abduction_torque_nm_kg of the assessment nearest day 0 per side"
          + " (within 30 days)",
      "Fredericson 2000: abductor deficit in ITBS (7.82 vs 10.19 %BW·h in women); protective"),
  /** Mean of L and R baseline hip external rotation torque (N·m/kg). */
  HIP_ER(
      "hip_er",
      true,
      -0.10,
      "as hip_abd, of hip_external_rotation_torque_nm_kg",
      "clinical reasoning in the analysis plan (weak external rotators); small protective effect"),
  /** Mean of L and R baseline weight-bearing lunge distance (cm). */
  DF_LUNGE(
      "df_lunge",
      true,
      -0.20,
      "as hip_abd, of dorsiflexion_lunge_cm",
      "analysis plan: restricted ankle dorsiflexion drives the knee inward; protective"),
  /** Mean weekly distance over weeks starting on days 0–27 (km). */
  KM_WEEK(
      "km_week",
      true,
      0.10,
      "mean distance_km over the logged weeks whose week_start is on days 0 to 27",
      "training volume as a weak baseline risk factor"),
  /** 1 for women. */
  SEX(
      "sex",
      false,
      0.20,
      "1 when sex is F, else 0 (per unit)",
      "Taunton 2002: ITBS 105 of 1,076 injuries in women vs 63 of 926 in men"),
  /** Whole years from birth_date to enrolment_date. */
  AGE(
      "age",
      true,
      0.0,
      "whole years from birth_date to enrolment_date",
      "no consistent age effect reported: 0"),
  /** Body mass index (kg/m²). */
  BMI("bmi", true, 0.0, "mass_kg / (height_cm / 100)^2", "no consistent BMI effect reported: 0"),
  /** 1 when the runner had ITBS before enrolment. */
  PRIOR_ITBS(
      "prior_itbs",
      false,
      1.10,
      "prior_itbs as exported (per unit); the same factor multiplies the hazard in every"
          + " recurrence risk period",
      "clinical observation behind the project: episodes come back; HR 3");

  private final String term;
  private final boolean continuous;
  private final double logHazardRatio;
  private final String definition;
  private final String source;

  Covariate(
      String term, boolean continuous, double logHazardRatio, String definition, String source) {
    this.term = term;
    this.continuous = continuous;
    this.logHazardRatio = logHazardRatio;
    this.definition = definition;
    this.source = source;
  }

  /** The term's name in the analysis plan and the reference results. */
  String term() {
    return term;
  }

  /** Whether the plan standardises it (per SD) rather than using it per unit. */
  boolean continuous() {
    return continuous;
  }

  /** True log hazard ratio: per SD for continuous covariates, per unit otherwise. */
  double logHazardRatio() {
    return logHazardRatio;
  }

  /** How the value is derived from the export. */
  String definition() {
    return definition;
  }

  /** The published figure or reasoning behind the effect. */
  String source() {
    return source;
  }
}
