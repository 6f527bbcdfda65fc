package org.itbs.analysis.plan;

import java.util.List;
import java.util.Optional;
import org.itbs.stats.CoxModel;
import org.itbs.stats.GlmModel;
import org.itbs.stats.PoissonRate;
import org.itbs.stats.Variance;

/** What both plans do with a fit: whether it may publish numbers, and its rows of effects. */
final class Fits {
  private Fits() {}

  /**
   * Why a Cox fit may not publish numbers (see {@link Estimability}), with the SEs it would use.
   */
  static Optional<String> whyNot(CoxModel m, Variance v) {
    double[] se = v == Variance.ROBUST ? m.robustStandardErrors() : m.standardErrors();
    return Estimability.whyNot(m.converged(), m.termNames(), m.coefficients(), se);
  }

  /** Why a GLM fit may not publish numbers (see {@link Estimability}). */
  static Optional<String> whyNot(GlmModel m) {
    return Estimability.whyNot(m.converged(), m.termNames(), m.coefficients(), m.standardErrors());
  }

  /** Every coefficient of a Cox fit as rows of effects. */
  static void addCox(List<Effect> out, String model, CoxModel m, Variance v, int n, int events) {
    for (int j = 0; j < m.termNames().size(); j++) {
      out.add(Effect.ofCox(model, m, j, v, n, events));
    }
  }

  /** The coefficients of the given terms of a GLM fit as rows of effects (others not reported). */
  static void addGlm(List<Effect> out, String model, GlmModel m, List<String> reported) {
    for (String term : reported) {
      out.add(Effect.ofGlm(model, m, m.termIndex(term)));
    }
  }

  /** Onsets per 1000 h over the given rows, exact 95% CI. */
  static PoissonRate rate(double[] event, double[] exposure, int[] rows) {
    int ev = 0;
    double hours = 0;
    for (int i : rows) {
      ev += (int) event[i];
      hours += exposure[i];
    }
    return PoissonRate.exact(ev, hours, 1000);
  }
}
