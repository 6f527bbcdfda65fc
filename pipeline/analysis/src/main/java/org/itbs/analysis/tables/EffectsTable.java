package org.itbs.analysis.tables;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.itbs.analysis.plan.Effect;
import org.itbs.analysis.plan.PlanResult;
import org.itbs.analysis.plan.PlanV1;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The released effects table of one planned model (P1, P2, P3 or R1), as text cells.
 *
 * <p>Columns: {@code term}, {@code scale} (what one step of the term is, as the plan says: binary
 * onset terms {@code sex} (F vs M) and {@code prior_itbs} 0/1; every other onset term and R1's
 * {@code hip_abd} and {@code df_lunge} per SD; R1's {@code maintenance} per session a week and
 * {@code acwr} per unit), {@code measure} (HR, OR or IRR), {@code ratio (95% CI)} as {@code "1.23
 * (1.05–1.44)"} to two decimals, {@code p} to three decimals or {@code "<0.001"}, {@code n} and
 * {@code events}. n and events are the model counts; in this released table a count under 5 shows
 * {@code <5} ({@link SmallCells}). Numbers use {@link Locale#ROOT}; {@code –} where a figure is not
 * a number.
 */
public final class EffectsTable {
  /** Column names of the table. */
  public static final List<String> COLUMNS =
      List.of("term", "scale", "measure", "ratio (95% CI)", "p", "n", "events");

  private static final Map<String, String> MEASURE =
      Map.of("P1", "HR", "P2", "OR", "P3", "IRR", "R1", "HR");

  private EffectsTable() {}

  /**
   * The effects table of one model of a plan result, in the plan's term order.
   *
   * @throws IllegalArgumentException when the model is not P1, P2, P3 or R1, or the result holds no
   *     coefficient of it (for example because it could not be fitted)
   */
  public static Table of(PlanResult result, String model) {
    return of(result.effects(), model);
  }

  /**
   * The effects table of one model from a list of coefficients (such as {@code effects.csv} read
   * back), keeping the list's order.
   *
   * @throws IllegalArgumentException when the model is not P1, P2, P3 or R1, or the list holds no
   *     coefficient of it
   */
  public static Table of(List<Effect> all, String model) {
    String measure = measure(model);
    List<Effect> effects = all.stream().filter(e -> e.model().equals(model)).toList();
    if (effects.isEmpty()) {
      throw new IllegalArgumentException("the effects hold no coefficient of model " + model);
    }
    StringColumn term = StringColumn.create(COLUMNS.get(0));
    StringColumn scale = StringColumn.create(COLUMNS.get(1));
    StringColumn meas = StringColumn.create(COLUMNS.get(2));
    StringColumn ratio = StringColumn.create(COLUMNS.get(3));
    StringColumn p = StringColumn.create(COLUMNS.get(4));
    StringColumn n = StringColumn.create(COLUMNS.get(5));
    StringColumn events = StringColumn.create(COLUMNS.get(6));
    for (Effect e : effects) {
      term.append(e.term());
      scale.append(scale(model, e.term()));
      meas.append(measure);
      ratio.append(ratioCi(e.ratio(), e.ciLower(), e.ciUpper()));
      p.append(pValue(e.pValue()));
      n.append(SmallCells.count(e.n()));
      events.append(SmallCells.count(e.events()));
    }
    return Table.create(
        model + " effects (" + PlanV1.VERSION + ")", term, scale, meas, ratio, p, n, events);
  }

  /**
   * The ratio a planned model reports: HR (P1, R1), OR (P2) or IRR (P3).
   *
   * @throws IllegalArgumentException when the model is not P1, P2, P3 or R1
   */
  public static String measure(String model) {
    String measure = MEASURE.get(model);
    if (measure == null) {
      throw new IllegalArgumentException("unknown model " + model + ", expected P1, P2, P3 or R1");
    }
    return measure;
  }

  /**
   * What one step of a term is in a model, as the plan says.
   *
   * @throws IllegalArgumentException when the term is not one of the model's
   */
  public static String scale(String model, String term) {
    List<String> terms = model.equals("R1") ? PlanV1.RECURRENCE_TERMS : PlanV1.ONSET_TERMS;
    if (!terms.contains(term)) {
      throw new IllegalArgumentException("term " + term + " is not a covariate of model " + model);
    }
    return switch (term) {
      case "sex" -> "F vs M";
      case "prior_itbs" -> "yes vs no";
      case "maintenance" -> "per session a week";
      case "acwr" -> "per unit";
      default -> "per SD";
    };
  }

  /** A ratio and its CI as {@code "1.23 (1.05–1.44)"}, two decimals, {@link Locale#ROOT}. */
  public static String ratioCi(double ratio, double lower, double upper) {
    return Table1.fixed(ratio, 2)
        + " ("
        + Table1.fixed(lower, 2)
        + "–"
        + Table1.fixed(upper, 2)
        + ")";
  }

  /** A p-value to three decimals, {@code "<0.001"} below 0.001, {@code –} when not a number. */
  public static String pValue(double p) {
    if (Double.isNaN(p)) {
      return Table1.UNDEFINED;
    }
    if (p < 0.001) {
      return "<0.001";
    }
    return String.format(Locale.ROOT, "%.3f", p);
  }
}
