package org.itbs.analysis.notebook;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An R-like model formula, parsed: {@code outcome ~ term + term + ...}.
 *
 * <p>The outcome is a column name, or for a Cox model {@code Surv(time, event)} (right-censored) or
 * {@code Surv(start, stop, event)} (counting process). A term is a column name (per unit of the
 * column), {@code scale(column)} (per SD: standardised to mean 0 and sample SD 1 over the rows in
 * the model, as the analysis plan does), {@code cluster(column)} (not a term: the robust sandwich
 * variance clustered by that column's values, as R's {@code coxph(... + cluster(id))}) or, for a
 * Cox model, {@code strata(column)} (not a term: each value of the column its own baseline hazard,
 * as R's {@code + strata(site)}; P1 of analysis-plan v2 is stratified by site).
 *
 * @param outcome the outcome columns: one name, or the two or three names inside {@code Surv(...)}
 * @param survival whether the outcome was written as {@code Surv(...)}
 * @param terms the terms, in formula order
 * @param cluster the cluster column, or {@code null}
 * @param strata the strata column, or {@code null}
 */
public record Formula(
    List<String> outcome, boolean survival, List<Term> terms, String cluster, String strata) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern CALL = Pattern.compile("([A-Za-z]+)\\((.*)\\)");

  /**
   * A term of a formula.
   *
   * @param column the column
   * @param perSd whether it is standardised ({@code scale(column)})
   */
  public record Term(String column, boolean perSd) {}

  /**
   * Parses a formula.
   *
   * @throws IllegalArgumentException naming the part that does not parse, such as a missing {@code
   *     ~}, an unknown function or a term that is not a column name
   */
  public static Formula parse(String formula) {
    if (formula == null) {
      throw new IllegalArgumentException("formula is null");
    }
    String[] sides = formula.split("~", -1);
    if (sides.length != 2) {
      throw new IllegalArgumentException(
          "formula `" + formula + "` needs exactly one `~` between outcome and terms");
    }
    String lhs = sides[0].trim();
    List<String> outcome = new ArrayList<>();
    boolean survival = false;
    Matcher call = CALL.matcher(lhs);
    if (call.matches()) {
      if (!call.group(1).equals("Surv")) {
        throw new IllegalArgumentException(
            "formula `" + formula + "`: outcome " + lhs + " is neither a column nor Surv(...)");
      }
      survival = true;
      for (String part : call.group(2).split(",")) {
        outcome.add(name(part.trim(), formula));
      }
      if (outcome.size() < 2 || outcome.size() > 3) {
        throw new IllegalArgumentException(
            "formula `"
                + formula
                + "`: Surv takes (time, event) or (start, stop, event), got "
                + outcome.size()
                + " columns");
      }
    } else {
      outcome.add(name(lhs, formula));
    }
    List<Term> terms = new ArrayList<>();
    String cluster = null;
    String strata = null;
    for (String raw : sides[1].split("\\+")) {
      String t = raw.trim();
      Matcher m = CALL.matcher(t);
      if (m.matches()) {
        String column = name(m.group(2).trim(), formula);
        switch (m.group(1)) {
          case "scale" -> terms.add(new Term(column, true));
          case "cluster" -> {
            if (cluster != null) {
              throw new IllegalArgumentException(
                  "formula `" + formula + "` has more than one cluster(...)");
            }
            cluster = column;
          }
          case "strata" -> {
            if (strata != null) {
              throw new IllegalArgumentException(
                  "formula `" + formula + "` has more than one strata(...)");
            }
            strata = column;
          }
          default ->
              throw new IllegalArgumentException(
                  "formula `"
                      + formula
                      + "`: unknown function "
                      + m.group(1)
                      + "(...); use scale(column), cluster(column) or strata(column)");
        }
      } else {
        terms.add(new Term(name(t, formula), false));
      }
    }
    if (terms.isEmpty()) {
      throw new IllegalArgumentException("formula `" + formula + "` has no term");
    }
    return new Formula(List.copyOf(outcome), survival, List.copyOf(terms), cluster, strata);
  }

  private static String name(String s, String formula) {
    if (!NAME.matcher(s).matches()) {
      throw new IllegalArgumentException(
          "formula `" + formula + "`: `" + s + "` is not a column name");
    }
    return s;
  }
}
