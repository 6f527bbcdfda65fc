package org.itbs.synth;

/**
 * The true ITBS hazard of the generated cohort, in days since enrolment.
 *
 * <p><b>Onset</b> (first ITBS episode of a runner without ITBS history): a proportional-hazards
 * model with a constant baseline, {@code h(t) = h0 · exp(η)}, {@code η = Σ β_k z_k + β_sex·sex},
 * where {@code z_k = (x_k − mean_k) / sd_k} and {@code x_k} is covariate k derived from the export
 * exactly as analysis plan v1 derives it, with mean and sample SD over all generated runners.
 *
 * <p><b>Recurrence</b> (any time a runner is in a risk period: from day 0 for {@code prior_itbs =
 * 1}, and from the {@code return_to_run_date} of every ITBS episode): {@code h(t) = h0 · exp(η +
 * β_prior) · exp(β_m·maintenance + β_a·acwr − c)}, piecewise constant over the plan's weekly
 * intervals {@code (w, w + 7]}, where maintenance is the mean {@code maintenance_sessions} of the
 * weeks {@code w − 7 .. w − 28} and acwr the week's distance over their mean distance. So a
 * runner's recurrence risk is their onset risk profile times the history factor {@code
 * exp(β_prior)} (the same factor that makes {@code prior_itbs} a risk factor for onset) times a
 * training factor that rises with the acute:chronic workload ratio and falls with maintenance work.
 * The constant {@code c} is the log of the mean of {@code exp(β_m·m + β_a·a)} over all runner-weeks
 * of follow-up as planned, so the training factor averages about 1 and {@code prior_itbs} keeps a
 * hazard ratio near {@code exp(β_prior)} in the onset model.
 *
 * <p>The recurrence effects: no ITBS-specific recurrence figure is in print (literature.md); the
 * clinical observation behind the project is that episodes come back 6–12 months later when
 * training volume climbs and maintenance strength work has stopped, so both act here.
 *
 * @param h0 baseline hazard per day
 * @param c log mean training factor (see above)
 * @param mean mean of each covariate over all runners, in {@link Covariate} order (NaN for binary)
 * @param sd sample SD of each covariate over all runners (NaN for binary)
 */
record Hazards(double h0, double c, double[] mean, double[] sd) {
  /** Log hazard ratio per mean maintenance session a week over the four previous weeks. */
  static final double MAINTENANCE_LOG_HR = -0.25;

  /** Log hazard ratio per unit of acute:chronic workload ratio. */
  static final double ACWR_LOG_HR = 0.90;

  /** The runner's linear predictor without the history factor. */
  double eta(Runner r) {
    double eta = 0;
    for (Covariate c : Covariate.values()) {
      if (c == Covariate.PRIOR_ITBS || c.logHazardRatio() == 0) {
        continue;
      }
      double x = r.x(c);
      if (Double.isNaN(x)) {
        continue; // a runner the plan leaves out of the model: acts as average
      }
      eta += c.logHazardRatio() * (c.continuous() ? (x - mean[c.ordinal()]) / sd[c.ordinal()] : x);
    }
    return eta;
  }

  /** The training factor's log for week {@code i} of a plan, before centering. */
  static double trainingLog(TrainingPlan p, int i) {
    return MAINTENANCE_LOG_HR * p.maintenanceBefore(i) + ACWR_LOG_HR * p.acwr(i);
  }
}
