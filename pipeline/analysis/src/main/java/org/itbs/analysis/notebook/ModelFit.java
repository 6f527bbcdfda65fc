package org.itbs.analysis.notebook;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.itbs.analysis.plan.Effect;
import org.itbs.analysis.plots.ForestPlot;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A model fitted from a notebook: its coefficients as {@link Effect}s (ratio per unit or per SD, as
 * the formula says, with Wald 95% CI and p-value), the rows used and left out, and what else the
 * model reports.
 *
 * @param name a label, such as the formula
 * @param measure HR, OR or IRR
 * @param effects one per term, in formula order; CI and p from the robust variance when the formula
 *     has {@code cluster(...)}
 * @param n rows in the model
 * @param events events among them
 * @param leftOut rows left out, by the columns they lacked (a row counts under each)
 * @param extra other figures of the fit, such as {@code concordance} or {@code auc}
 */
public record ModelFit(
    String name,
    String measure,
    List<Effect> effects,
    int n,
    int events,
    Map<String, Integer> leftOut,
    Map<String, Double> extra) {

  /** The coefficients as a table: term, estimate, std_error, ratio, ci_lower, ci_upper, p_value. */
  public Table table() {
    StringColumn term = StringColumn.create("term");
    DoubleColumn est = DoubleColumn.create("estimate");
    DoubleColumn se = DoubleColumn.create("std_error");
    DoubleColumn ratio = DoubleColumn.create(measure);
    DoubleColumn lo = DoubleColumn.create("ci_lower");
    DoubleColumn hi = DoubleColumn.create("ci_upper");
    DoubleColumn p = DoubleColumn.create("p_value");
    IntColumn nn = IntColumn.create("n");
    IntColumn ev = IntColumn.create("events");
    for (Effect e : effects) {
      term.append(e.term());
      est.append(e.estimate());
      se.append(e.stdError());
      ratio.append(e.ratio());
      lo.append(e.ciLower());
      hi.append(e.ciUpper());
      p.append(e.pValue());
      nn.append(e.n());
      ev.append(e.events());
    }
    return Table.create(name, term, est, se, ratio, lo, hi, p, nn, ev);
  }

  /** The forest plot of the coefficients (log scale, 95% CI whiskers, a line at 1), as SVG. */
  public String forestPlot() {
    return ForestPlot.svg(name, effects, measure);
  }

  /** The effect of one term. */
  public Effect effect(String term) {
    return effects.stream()
        .filter(e -> e.term().equals(term))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(name + " has no term " + term));
  }

  @Override
  public String toString() {
    StringBuilder sb =
        new StringBuilder(String.format(Locale.ROOT, "%s: n = %d, events = %d%n", name, n, events));
    for (Effect e : effects) {
      sb.append(
          String.format(
              Locale.ROOT,
              "  %-18s %s %.3f (%.3f–%.3f)  p = %.4g%n",
              e.term(),
              measure,
              e.ratio(),
              e.ciLower(),
              e.ciUpper(),
              e.pValue()));
    }
    extra.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %s = %.4f%n", k, v)));
    if (!leftOut.isEmpty()) {
      sb.append("  left out: ").append(leftOut).append('\n');
    }
    return sb.toString();
  }
}
