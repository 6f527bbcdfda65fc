package org.itbs.analysis.plan;

import java.util.List;
import java.util.Map;
import org.itbs.stats.PoissonRate;

/**
 * Everything the primary analyses of the plan produce.
 *
 * @param effects every coefficient of P1, P2, P3 and R1, in the plan's term order
 * @param p1SiteRobust P1's coefficients with the robust variance clustered by site (when more than
 *     one site contributes), else empty
 * @param p1Concordance Harrell's C of P1
 * @param p2Auc area under the ROC curve of P2
 * @param rate ITBS onsets per 1000 h over every runner with running exposure, exact 95% CI
 * @param rateBySite the same per site
 * @param r1Intervals counting-process intervals in R1
 * @param counts per model: n, events, left out with reasons
 */
public record PlanResult(
    List<Effect> effects,
    List<Effect> p1SiteRobust,
    double p1Concordance,
    double p2Auc,
    PoissonRate rate,
    Map<String, PoissonRate> rateBySite,
    int r1Intervals,
    Map<String, ModelCounts> counts) {

  /** Copies the collections. */
  public PlanResult {
    effects = List.copyOf(effects);
    p1SiteRobust = List.copyOf(p1SiteRobust);
    rateBySite = Map.copyOf(rateBySite);
    counts = Map.copyOf(counts);
  }

  /** The coefficients of one model. */
  public List<Effect> effects(String model) {
    return effects.stream().filter(e -> e.model().equals(model)).toList();
  }
}
