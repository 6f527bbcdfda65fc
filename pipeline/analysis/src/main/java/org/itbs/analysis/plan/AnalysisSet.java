package org.itbs.analysis.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.itbs.core.dictionary.AnalysisDictionary;

/**
 * The analysis set in memory: one row per runner with the plan's derived variables (raw, before
 * standardisation), as the features job commits them to the lake's table {@code analysis.runners}.
 * Missing values are {@code NaN}.
 */
public final class AnalysisSet {
  private static final AnalysisDictionary RUNNERS = AnalysisDictionary.runners();

  /**
   * The derived variables every analysis set carries, in the order of {@code
   * data-schemas/analysis/runners.json} (the single source of the analysis set's columns, read by
   * {@link AnalysisDictionary}): every column but the key, {@code site} and {@code participant_id}.
   */
  public static final List<String> VARIABLES =
      RUNNERS.columns().stream()
          .map(AnalysisDictionary.Column::name)
          .filter(name -> !RUNNERS.key().contains(name))
          .toList();

  /**
   * The unit of a variable as {@code data-schemas/analysis/runners.json} gives it, such as {@code
   * deg} or {@code N·m/kg}; empty for a variable without one (a 0/1 flag).
   */
  public static String unit(String variable) {
    return RUNNERS.column(variable).map(AnalysisDictionary.Column::unit).orElse("");
  }

  /**
   * How a variable is derived, as {@code data-schemas/analysis/runners.json} describes it; empty
   * for an unknown name.
   */
  public static String description(String variable) {
    return RUNNERS.column(variable).map(AnalysisDictionary.Column::description).orElse("");
  }

  private final String[] site;
  private final String[] participantId;
  private final Map<String, double[]> columns;

  private AnalysisSet(String[] site, String[] participantId, Map<String, double[]> columns) {
    this.site = site;
    this.participantId = participantId;
    this.columns = columns;
  }

  /**
   * An analysis set from its columns.
   *
   * @param site the site of each runner
   * @param participantId the pseudonym of each runner
   * @param columns at least every name of {@link #VARIABLES}, each as long as {@code site}
   * @throws IllegalArgumentException when a column is missing or of another length, or time, event,
   *     sexF or prior_itbs is missing for a runner
   */
  public static AnalysisSet of(
      String[] site, String[] participantId, Map<String, double[]> columns) {
    int n = site.length;
    if (participantId.length != n) {
      throw new IllegalArgumentException("site and participant_id differ in length");
    }
    Map<String, double[]> copy = new LinkedHashMap<>();
    for (String v : VARIABLES) {
      double[] c = columns.get(v);
      if (c == null) {
        throw new IllegalArgumentException("the analysis set lacks column " + v);
      }
      if (c.length != n) {
        throw new IllegalArgumentException(
            "column " + v + " has " + c.length + " values, expected " + n);
      }
      copy.put(v, c.clone());
    }
    for (String v : List.of("time", "event", "sexF", "prior_itbs", "exposure_h")) {
      for (int i = 0; i < n; i++) {
        if (Double.isNaN(copy.get(v)[i])) {
          throw new IllegalArgumentException(
              v + " is missing for runner " + participantId[i] + " of site " + site[i]);
        }
      }
    }
    columns.forEach((k, c) -> copy.putIfAbsent(k, c.clone()));
    return new AnalysisSet(site.clone(), participantId.clone(), copy);
  }

  /** Number of runners. */
  public int size() {
    return site.length;
  }

  /** The site of each runner. */
  public String[] sites() {
    return site.clone();
  }

  /** The pseudonym of each runner. */
  public String[] participantIds() {
    return participantId.clone();
  }

  /**
   * A column's values ({@code NaN} where missing).
   *
   * @throws IllegalArgumentException when there is no such column
   */
  public double[] column(String name) {
    double[] c = columns.get(name);
    if (c == null) {
      throw new IllegalArgumentException("no column " + name + " in the analysis set");
    }
    return c.clone();
  }

  /** The names of every column, the plan's variables first. */
  public List<String> columnNames() {
    return List.copyOf(columns.keySet());
  }
}
