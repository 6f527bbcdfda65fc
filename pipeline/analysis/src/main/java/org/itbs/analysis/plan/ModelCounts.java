package org.itbs.analysis.plan;

import java.util.Map;
import java.util.TreeMap;

/**
 * Who is in a model and who was left out, and why.
 *
 * @param model P1, P2, P3 or R1
 * @param candidates runners the model's selection started from
 * @param n runners in the model
 * @param events events in the model
 * @param leftOut per reason (e.g. {@code "missing km_week"}, {@code "censored before day 365"}),
 *     the number of runners left out for it; a runner lacking several covariates counts once under
 *     each
 * @param leftOutRunners runners left out, each once
 * @param notFitted why the model could not be fitted (for example no ITBS onset among its runners),
 *     or {@code null} when it was
 * @param covariates the model's covariates as the plan names them (its reported terms; P2's and
 *     P3's site indicators are nuisance terms and not counted), for {@link #eventsPerCovariate()};
 *     0 when not stated (plan v1)
 */
public record ModelCounts(
    String model,
    int candidates,
    int n,
    int events,
    Map<String, Integer> leftOut,
    int leftOutRunners,
    String notFitted,
    int covariates) {
  /** Copies the map, ordered by reason. */
  public ModelCounts {
    leftOut = new TreeMap<>(leftOut);
  }

  /** Counts without the number of covariates (plan v1, and what a v1 summary holds). */
  public ModelCounts(
      String model,
      int candidates,
      int n,
      int events,
      Map<String, Integer> leftOut,
      int leftOutRunners,
      String notFitted) {
    this(model, candidates, n, events, leftOut, leftOutRunners, notFitted, 0);
  }

  /**
   * Events per covariate ({@code events / covariates}), the figure behind the plan's warning on a
   * model with fewer than 10; {@code NaN} when the number of covariates is not stated.
   */
  public double eventsPerCovariate() {
    return covariates > 0 ? events / (double) covariates : Double.NaN;
  }

  /** Whether the model was fitted. */
  public boolean fitted() {
    return notFitted == null;
  }

  /**
   * Counts of a model that could not even select its runners, for the given reason: no runner in
   * it, hence no event (a table never shows more events than runners).
   */
  static ModelCounts notFitted(String model, int candidates, String why) {
    return new ModelCounts(model, candidates, 0, 0, Map.of(), 0, why);
  }
}
