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
 */
public record ModelCounts(
    String model,
    int candidates,
    int n,
    int events,
    Map<String, Integer> leftOut,
    int leftOutRunners,
    String notFitted) {
  /** Copies the map, ordered by reason. */
  public ModelCounts {
    leftOut = new TreeMap<>(leftOut);
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
