package org.itbs.analysis.plan;

import java.util.List;
import java.util.Map;
import org.itbs.stats.PoissonRate;

/**
 * Everything the primary analyses of the plan produce.
 *
 * @param plan the plan followed, as every output states it ({@code "analysis-plan v2"} or {@code
 *     "analysis-plan v1"})
 * @param effects every coefficient of P1, P2, P3, R1 and (v2, when fitted) M1, in the plan's term
 *     order; M1's standard error is the HKSJ one, its CI t-based
 * @param p1SiteRobust P1's coefficients with the robust variance clustered by site (v1, when more
 *     than one site contributes), else empty
 * @param p1Concordance Harrell's C of P1 (v2: within sites)
 * @param p2Auc area under the ROC curve of P2
 * @param rate ITBS onsets per 1000 h over the runners with running exposure (v2: of the onset
 *     population), exact 95% CI; v2: {@code null} when none of them ran
 * @param rateBySite the same per site
 * @param r1Intervals counting-process intervals in R1
 * @param counts per model (P1, P2, P3, R1; v2 also M1): n, events, events per covariate, left out
 *     with reasons, or why it was not fitted
 * @param siteEffects v2: each site's P1 coefficients in M1, site by site in the plan's term order;
 *     empty under v1 or when no site was fitted
 * @param metaAnalysis v2: per covariate the pooling of M1, in the plan's term order; empty under v1
 *     or when M1 was not fitted
 * @param m1Sites v2: the sites pooled in M1, alphabetically; empty under v1 or when not fitted
 * @param m1LeftOut v2: every site of P1's runners not in M1, each with why (fewer than 45 onsets,
 *     or its own fit not estimable: which term ran away, or why it could not be fitted)
 * @param m1NotFitted v2: why M1 was not fitted (fewer than two sites with an estimable fit), or
 *     {@code null} when it was; {@code null} under v1, which has no M1
 * @param onsetPopulation v2: runners in the onset population ({@code prior_itbs} = 0); 0 under v1
 * @param priorItbsSetAside v2: runners set aside from P1–P3 for ITBS before enrolment; 0 under v1
 */
public record PlanResult(
    String plan,
    List<Effect> effects,
    List<Effect> p1SiteRobust,
    double p1Concordance,
    double p2Auc,
    PoissonRate rate,
    Map<String, PoissonRate> rateBySite,
    int r1Intervals,
    Map<String, ModelCounts> counts,
    List<SiteEffect> siteEffects,
    List<MetaRow> metaAnalysis,
    List<String> m1Sites,
    Map<String, String> m1LeftOut,
    String m1NotFitted,
    int onsetPopulation,
    int priorItbsSetAside) {

  /** Copies the collections. */
  public PlanResult {
    effects = List.copyOf(effects);
    p1SiteRobust = List.copyOf(p1SiteRobust);
    rateBySite = Map.copyOf(rateBySite);
    counts = Map.copyOf(counts);
    siteEffects = List.copyOf(siteEffects);
    metaAnalysis = List.copyOf(metaAnalysis);
    m1Sites = List.copyOf(m1Sites);
    m1LeftOut = Map.copyOf(m1LeftOut);
  }

  /** A result of plan v1: the fields of v2 (M1, onset population) empty. */
  public PlanResult(
      List<Effect> effects,
      List<Effect> p1SiteRobust,
      double p1Concordance,
      double p2Auc,
      PoissonRate rate,
      Map<String, PoissonRate> rateBySite,
      int r1Intervals,
      Map<String, ModelCounts> counts) {
    this(
        PlanV1.VERSION,
        effects,
        p1SiteRobust,
        p1Concordance,
        p2Auc,
        rate,
        rateBySite,
        r1Intervals,
        counts,
        List.of(),
        List.of(),
        List.of(),
        Map.of(),
        null,
        0,
        0);
  }

  /** The coefficients of one model. */
  public List<Effect> effects(String model) {
    return effects.stream().filter(e -> e.model().equals(model)).toList();
  }

  /** The site estimates of one covariate in M1, site by site. */
  public List<SiteEffect> siteEffects(String term) {
    return siteEffects.stream().filter(e -> e.term().equals(term)).toList();
  }
}
