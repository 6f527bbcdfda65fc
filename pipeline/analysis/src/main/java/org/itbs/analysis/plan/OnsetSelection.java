package org.itbs.analysis.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.itbs.stats.CompleteCases;
import org.itbs.stats.Standardisation;
import org.itbs.stats.SurvivalData;

/**
 * The runners of one onset model, the one place both plans select them: the candidates given, the
 * complete cases over the model's covariates, and the continuous covariates standardised to mean 0
 * and sample SD 1 over the runners in the model. The runners left out are counted by reason
 * <em>before</em> anything is standardised, so a model that cannot be standardised (no runner with
 * gait data, a constant covariate) still says who was left out and why.
 */
final class OnsetSelection {
  final String model;
  final List<String> terms;
  final int candidates;

  /** The analysis-set rows in the model, ascending. */
  final int[] rows;

  /**
   * The design, one row per runner in the model, standardised; null when {@link #failure} is set.
   */
  final double[][] x;

  /** Each standardised term's mean and SD over the model's runners (null for a 0/1 term). */
  final Standardisation[] scale;

  /** Runners left out per reason. */
  final Map<String, Integer> reasons;

  /** Runners left out, each once. */
  final int leftOutRunners;

  /** Why the design could not be standardised, or null. */
  final String failure;

  private OnsetSelection(
      String model,
      List<String> terms,
      int candidates,
      int[] rows,
      double[][] x,
      Standardisation[] scale,
      Map<String, Integer> reasons,
      int leftOutRunners,
      String failure) {
    this.model = model;
    this.terms = terms;
    this.candidates = candidates;
    this.rows = rows;
    this.x = x;
    this.scale = scale;
    this.reasons = reasons;
    this.leftOutRunners = leftOutRunners;
    this.failure = failure;
  }

  /**
   * Selects a model's runners.
   *
   * @param model the model's name
   * @param set the analysis set
   * @param terms the model's covariates, as the plan names them
   * @param binary the terms that stay 0/1
   * @param population how many runners the model's selection started from (its {@code candidates})
   * @param rows the analysis-set rows still in after the model's own rule (e.g. followed for a
   *     year), ascending
   * @param before the runners the model's own rule left out, per reason
   */
  static OnsetSelection of(
      String model,
      AnalysisSet set,
      List<String> terms,
      Set<String> binary,
      int population,
      int[] rows,
      Map<String, Integer> before) {
    double[][] cols = new double[terms.size()][];
    for (int j = 0; j < cols.length; j++) {
      cols[j] = set.column(PlanV1.column(terms.get(j)));
    }
    double[][] raw = new double[rows.length][cols.length];
    for (int k = 0; k < rows.length; k++) {
      for (int j = 0; j < cols.length; j++) {
        raw[k][j] = cols[j][rows[k]];
      }
    }
    CompleteCases cc = CompleteCases.of(terms, raw);
    double[][] kept = cc.select(raw);
    int[] keptIdx = cc.keptRows();
    int[] in = new int[keptIdx.length];
    for (int k = 0; k < in.length; k++) {
      in[k] = rows[keptIdx[k]];
    }
    Map<String, Integer> reasons = new LinkedHashMap<>(before);
    cc.missingCounts()
        .forEach(
            (name, c) -> {
              if (c > 0) {
                reasons.put("missing " + name, c);
              }
            });
    int leftOut = before.values().stream().mapToInt(Integer::intValue).sum() + cc.leftOut().size();
    Standardisation[] scale = new Standardisation[terms.size()];
    String failure = null;
    if (kept.length < 2) {
      failure =
          String.format(
              Locale.ROOT,
              "%s runner%s with every covariate of the model, too few to standardise%s",
              kept.length == 0 ? "no" : "only " + kept.length,
              kept.length == 1 ? "" : "s",
              reasons.isEmpty()
                  ? ""
                  : " ("
                      + reasons.entrySet().stream()
                          .map(e -> e.getKey() + ": " + e.getValue())
                          .collect(Collectors.joining(", "))
                      + ")");
    } else {
      for (int j = 0; j < terms.size() && failure == null; j++) {
        if (binary.contains(terms.get(j))) {
          continue;
        }
        try {
          scale[j] = Standardisation.ofColumn(kept, j);
        } catch (IllegalArgumentException e) {
          failure =
              String.format(
                  Locale.ROOT,
                  "%s has the same value (%s) for all %d runners in the model: a constant cannot"
                      + " be standardised",
                  terms.get(j),
                  Double.toString(kept[0][j]),
                  kept.length);
        }
      }
      if (failure == null) {
        for (double[] r : kept) {
          for (int j = 0; j < r.length; j++) {
            if (scale[j] != null) {
              r[j] = scale[j].apply(r[j]);
            }
          }
        }
      }
    }
    return new OnsetSelection(
        model,
        terms,
        population,
        in,
        failure == null ? kept : null,
        scale,
        reasons,
        leftOut,
        failure);
  }

  /** The counts of a fitted model. */
  ModelCounts counts(int events, int covariates) {
    return new ModelCounts(
        model, candidates, rows.length, events, reasons, leftOutRunners, null, covariates);
  }

  /** The counts of a model that was not fitted, or not estimable, for the reason given. */
  ModelCounts notFitted(int events, String why, int covariates) {
    return new ModelCounts(
        model, candidates, rows.length, events, reasons, leftOutRunners, why, covariates);
  }

  /** The values of a per-runner column at the model's rows. */
  double[] pick(double[] column) {
    double[] out = new double[rows.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = column[rows[k]];
    }
    return out;
  }

  /** The values of a per-runner column at the model's rows. */
  String[] pick(String[] column) {
    String[] out = new String[rows.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = column[rows[k]];
    }
    return out;
  }

  /** The sum of a 0/1 column at the model's rows. */
  int sum(double[] column) {
    int s = 0;
    for (int i : rows) {
      s += (int) column[i];
    }
    return s;
  }

  /** Right-censored survival data of the rows {@code at} (indices into {@link #rows}). */
  SurvivalData survival(double[] time, double[] event, int[] at) {
    double[] t = new double[at.length];
    int[] e = new int[at.length];
    for (int k = 0; k < at.length; k++) {
      t[k] = time[rows[at[k]]];
      e[k] = (int) event[rows[at[k]]];
    }
    SurvivalData d = SurvivalData.rightCensored(t, e);
    for (int j = 0; j < terms.size(); j++) {
      double[] c = new double[at.length];
      for (int k = 0; k < at.length; k++) {
        c[k] = x[at[k]][j];
      }
      d = d.withCovariate(terms.get(j), c);
    }
    return d;
  }

  /** Every row of the model, as indices into {@link #rows}. */
  int[] all() {
    int[] a = new int[rows.length];
    for (int k = 0; k < a.length; k++) {
      a[k] = k;
    }
    return a;
  }
}
