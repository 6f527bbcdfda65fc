package org.itbs.analysis.notebook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.itbs.analysis.plan.Effect;
import org.itbs.stats.Auc;
import org.itbs.stats.Cox;
import org.itbs.stats.CoxModel;
import org.itbs.stats.GlmModel;
import org.itbs.stats.Logistic;
import org.itbs.stats.Standardisation;
import org.itbs.stats.SurvivalData;
import org.itbs.stats.Ties;
import org.itbs.stats.Variance;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Custom models on any Tablesaw table with an R-like {@link Formula}, fitted with the pipeline's
 * own statistics (the same code as the planned models, tested against R): complete cases over the
 * formula's columns, {@code scale(x)} standardised over the rows in the model.
 *
 * <pre>{@code
 * ModelFit p1 = Models.cox(runners, "Surv(time, event) ~ scale(peak_hip_add) + scale(hip_abd) + sexF");
 * ModelFit p1 = Models.cox(onsetPopulation, "Surv(time, event) ~ scale(hip_abd) + sexF + strata(site)");
 * ModelFit ag = Models.cox(intervals, "Surv(start, stop, event) ~ maintenance + acwr + cluster(participant_id)");
 * ModelFit lr = Models.logistic(runners, "event ~ scale(hip_abd) + prior_itbs");
 * }</pre>
 */
public final class Models {
  private Models() {}

  /**
   * A Cox proportional hazards model (Efron ties) of {@code Surv(time, event)} or {@code
   * Surv(start, stop, event)}; with {@code cluster(col)} the CI and p-values come from the robust
   * variance clustered by that column; with {@code strata(col)} each value of the column has its
   * own baseline hazard (risk sets and Harrell's C within strata, as R's {@code + strata(col)}).
   * Reports Harrell's C as {@code concordance}.
   *
   * @throws IllegalArgumentException when the formula does not parse or is not a survival formula,
   *     a column is missing or not numeric, an event is not 0 or 1, or no row is complete
   */
  public static ModelFit cox(Table data, String formula) {
    Formula f = Formula.parse(formula);
    if (!f.survival()) {
      throw new IllegalArgumentException(
          "a Cox model needs Surv(time, event) or Surv(start, stop, event) on the left of `"
              + formula
              + "`");
    }
    Design d = Design.of(data, f, formula);
    int k = f.outcome().size();
    int[] event = d.events(f.outcome().get(k - 1));
    SurvivalData s =
        k == 2
            ? SurvivalData.rightCensored(d.outcome(0), event)
            : SurvivalData.countingProcess(d.outcome(0), d.outcome(1), event);
    for (int j = 0; j < f.terms().size(); j++) {
      s = s.withCovariate(f.terms().get(j).column(), d.x[j]);
    }
    Cox.Builder b = Cox.builder().ties(Ties.EFRON);
    if (d.cluster != null) {
      b.cluster(d.cluster);
    }
    if (d.strata != null) {
      b.strata(d.strata);
    }
    CoxModel m = b.fit(s);
    Variance v = d.cluster != null ? Variance.ROBUST : Variance.MODEL;
    List<Effect> effects = new ArrayList<>();
    for (int j = 0; j < f.terms().size(); j++) {
      effects.add(Effect.ofCox(formula, m, j, v, d.rows, m.events()));
    }
    Map<String, Double> extra = new LinkedHashMap<>();
    extra.put("concordance", m.concordance());
    return new ModelFit(formula, "HR", effects, d.rows, m.events(), d.leftOut, extra);
  }

  /**
   * A logistic regression of a 0/1 outcome column (Smile's GLM, R's starting values), Wald CIs of
   * the odds ratios; reports the area under the ROC curve as {@code auc}.
   *
   * @throws IllegalArgumentException when the formula does not parse, is a survival formula or has
   *     {@code cluster(...)}, a column is missing or not numeric, an outcome is not 0 or 1, or no
   *     row is complete
   */
  public static ModelFit logistic(Table data, String formula) {
    Formula f = Formula.parse(formula);
    if (f.survival() || f.cluster() != null || f.strata() != null) {
      throw new IllegalArgumentException(
          "a logistic model takes `outcome ~ terms` without Surv(...), cluster(...) or"
              + " strata(...): "
              + formula);
    }
    Design d = Design.of(data, f, formula);
    int[] y = d.events(f.outcome().get(0));
    double[][] x = new double[d.rows][f.terms().size()];
    List<String> names = new ArrayList<>();
    for (int j = 0; j < f.terms().size(); j++) {
      names.add(f.terms().get(j).column());
      for (int i = 0; i < d.rows; i++) {
        x[i][j] = d.x[j][i];
      }
    }
    GlmModel m = Logistic.fit(names, x, y);
    List<Effect> effects = new ArrayList<>();
    for (int j = 0; j < names.size(); j++) {
      effects.add(Effect.ofGlm(formula, m, j));
    }
    Map<String, Double> extra = new LinkedHashMap<>();
    extra.put("auc", Auc.of(m.fittedValues(), y));
    return new ModelFit(formula, "OR", effects, m.n(), m.events(), d.leftOut, extra);
  }

  /** The complete rows of a formula's columns, with the terms standardised where asked. */
  private static final class Design {
    final int rows;
    final double[][] outcome;
    final double[][] x;
    final String[] cluster;
    final String[] strata;
    final Map<String, Integer> leftOut;
    final List<String> outcomeNames;

    private Design(
        int rows,
        double[][] outcome,
        double[][] x,
        String[] cluster,
        String[] strata,
        Map<String, Integer> leftOut,
        List<String> outcomeNames) {
      this.rows = rows;
      this.outcome = outcome;
      this.x = x;
      this.cluster = cluster;
      this.strata = strata;
      this.leftOut = leftOut;
      this.outcomeNames = outcomeNames;
    }

    double[] outcome(int i) {
      return outcome[i];
    }

    int[] events(String name) {
      double[] v = outcome[outcomeNames.indexOf(name)];
      int[] out = new int[v.length];
      for (int i = 0; i < v.length; i++) {
        if (v[i] != 0 && v[i] != 1) {
          throw new IllegalArgumentException(
              "outcome " + name + " holds " + v[i] + " in a complete row; expected 0 or 1");
        }
        out[i] = (int) v[i];
      }
      return out;
    }

    static Design of(Table data, Formula f, String formula) {
      List<NumericColumn<?>> outcomes = new ArrayList<>();
      for (String o : f.outcome()) {
        outcomes.add(numeric(data, o, formula));
      }
      List<NumericColumn<?>> terms = new ArrayList<>();
      for (Formula.Term t : f.terms()) {
        terms.add(numeric(data, t.column(), formula));
      }
      Column<?> cl = f.cluster() == null ? null : column(data, f.cluster(), formula);
      Column<?> st = f.strata() == null ? null : column(data, f.strata(), formula);
      int n = data.rowCount();
      boolean[] keep = new boolean[n];
      Map<String, Integer> leftOut = new TreeMap<>();
      int kept = 0;
      for (int i = 0; i < n; i++) {
        boolean ok = true;
        List<NumericColumn<?>> all = new ArrayList<>(outcomes);
        all.addAll(terms);
        for (NumericColumn<?> c : all) {
          if (c.isMissing(i) || !Double.isFinite(c.getDouble(i))) {
            ok = false;
            leftOut.merge("missing " + c.name(), 1, Integer::sum);
          }
        }
        if (cl != null && cl.isMissing(i)) {
          ok = false;
          leftOut.merge("missing " + cl.name(), 1, Integer::sum);
        }
        if (st != null && st.isMissing(i)) {
          ok = false;
          leftOut.merge("missing " + st.name(), 1, Integer::sum);
        }
        keep[i] = ok;
        kept += ok ? 1 : 0;
      }
      if (kept == 0) {
        throw new IllegalArgumentException(
            "no row of " + data.name() + " has every column of `" + formula + "`: " + leftOut);
      }
      double[][] out = new double[outcomes.size()][];
      for (int j = 0; j < outcomes.size(); j++) {
        out[j] = select(outcomes.get(j), keep, kept);
      }
      double[][] x = new double[terms.size()][];
      for (int j = 0; j < terms.size(); j++) {
        x[j] = select(terms.get(j), keep, kept);
        if (f.terms().get(j).perSd()) {
          x[j] = Standardisation.of(x[j]).apply(x[j]);
        }
      }
      return new Design(
          kept, out, x, strings(cl, keep, kept), strings(st, keep, kept), leftOut, f.outcome());
    }

    /** The kept rows of a column as text, or {@code null} when there is no column. */
    private static String[] strings(Column<?> c, boolean[] keep, int kept) {
      if (c == null) {
        return null;
      }
      String[] out = new String[kept];
      for (int i = 0, r = 0; i < keep.length; i++) {
        if (keep[i]) {
          out[r++] = c.getString(i);
        }
      }
      return out;
    }

    private static double[] select(NumericColumn<?> c, boolean[] keep, int kept) {
      double[] v = new double[kept];
      for (int i = 0, r = 0; i < keep.length; i++) {
        if (keep[i]) {
          v[r++] = c.getDouble(i);
        }
      }
      return v;
    }

    private static Column<?> column(Table data, String name, String formula) {
      if (!data.containsColumn(name)) {
        throw new IllegalArgumentException(
            "`"
                + formula
                + "`: "
                + data.name()
                + " has no column "
                + name
                + "; it has "
                + data.columnNames());
      }
      return data.column(name);
    }

    private static NumericColumn<?> numeric(Table data, String name, String formula) {
      if (column(data, name, formula) instanceof NumericColumn<?> c) {
        return c;
      }
      throw new IllegalArgumentException(
          "`" + formula + "`: column " + name + " of " + data.name() + " is not numeric");
    }
  }
}
