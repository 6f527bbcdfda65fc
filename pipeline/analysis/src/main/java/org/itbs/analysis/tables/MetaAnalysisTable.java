package org.itbs.analysis.tables;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.itbs.analysis.plan.MetaRow;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The released tables of M1, the two-stage meta-analysis of P1 across sites (analysis-plan v2), as
 * text cells: the pooled hazard ratios with the heterogeneity between sites ({@link #pooled}), and
 * the sites with their part in M1 ({@link #sites}). Numbers use {@link Locale#ROOT}; {@code –}
 * where a figure is not defined (the prediction interval with fewer than three sites).
 */
public final class MetaAnalysisTable {
  /** Column names of {@link #pooled}. */
  public static final List<String> POOLED_COLUMNS =
      List.of(
          "term",
          "scale",
          "k",
          "pooled HR (95% CI)",
          "p",
          "τ²",
          "I² (%)",
          "Q",
          "p (Q)",
          "HR 95% prediction interval");

  /** Column names of {@link #sites}. */
  public static final List<String> SITES_COLUMNS =
      List.of("site", "n", "onsets", "events per covariate", "in M1");

  private MetaAnalysisTable() {}

  /**
   * The pooled table: per covariate the sites pooled ({@code k}), the pooled hazard ratio with its
   * Hartung–Knapp–Sidik–Jonkman 95% CI (t, k − 1 df) and p, τ² (REML) to four decimals, I² to one
   * decimal, Cochran's Q to two and its p, and the 95% prediction interval as hazard ratios.
   *
   * @param rows the rows, log scale as {@link MetaRow} holds them, in the order shown
   * @param plan the plan version, named in the table's title
   * @throws IllegalArgumentException when {@code rows} is empty
   */
  public static Table pooled(List<MetaRow> rows, String plan) {
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("no covariate was pooled in M1");
    }
    StringColumn[] c = new StringColumn[POOLED_COLUMNS.size()];
    for (int j = 0; j < c.length; j++) {
      c[j] = StringColumn.create(POOLED_COLUMNS.get(j));
    }
    for (MetaRow r : rows) {
      c[0].append(r.term());
      c[1].append(EffectsTable.scale("P1", r.term()));
      c[2].append(Integer.toString(r.k()));
      c[3].append(
          EffectsTable.ratioCi(
              Math.exp(r.estimate()), Math.exp(r.ciLower()), Math.exp(r.ciUpper())));
      c[4].append(EffectsTable.pValue(r.pValue()));
      c[5].append(Table1.fixed(r.tau2(), 4));
      c[6].append(Table1.fixed(r.i2(), 1));
      c[7].append(Table1.fixed(r.q(), 2));
      c[8].append(EffectsTable.pValue(r.qP()));
      c[9].append(
          Double.isNaN(r.piLower()) || Double.isNaN(r.piUpper())
              ? Table1.UNDEFINED
              : Table1.fixed(Math.exp(r.piLower()), 2)
                  + "–"
                  + Table1.fixed(Math.exp(r.piUpper()), 2));
    }
    return Table.create("M1: P1's hazard ratios pooled across sites (" + plan + ")", c);
  }

  /**
   * One site of the cohort and its part in M1.
   *
   * @param site the site
   * @param n its runners in its own P1 fit, or -1 when it was not fitted
   * @param events their onsets, or -1 when it was not fitted
   * @param covariates P1's covariates (for the events per covariate)
   * @param inM1 {@code "yes"}, or why the site is not in M1
   */
  public record Site(String site, int n, int events, int covariates, String inM1) {}

  /**
   * The sites table: per site its runners and onsets in its own P1 fit, the events per covariate
   * (one decimal; a site under 10 is flagged in the table's warning by the caller, {@link
   * #sparseSites}) and whether it is pooled in M1 or why not. Counts pass through the {@link
   * Release} in force: in a release report rounded to the nearest 5 ({@code <5} under 5) and the
   * events per covariate computed from the rounded count of onsets ({@link
   * EventsPerCovariate#figure}); internally exact, a count under 5, or an onset count whose
   * complement within n is 1 to 4, shown {@code <5}, with the events per covariate it would give
   * back (only bounded under 5 onsets).
   */
  public static Table sites(List<Site> sites, String plan) {
    Release rel = Release.current();
    StringColumn[] c = new StringColumn[SITES_COLUMNS.size()];
    for (int j = 0; j < c.length; j++) {
      c[j] = StringColumn.create(SITES_COLUMNS.get(j));
    }
    for (Site s : sites) {
      c[0].append(s.site());
      boolean fitted = fitted(s);
      c[1].append(fitted ? rel.count(s.n()) : Table1.UNDEFINED);
      c[2].append(fitted ? rel.count(s.events(), s.n()) : Table1.UNDEFINED);
      c[3].append(
          !fitted || s.covariates() <= 0
              ? Table1.UNDEFINED
              : EventsPerCovariate.figure(s.events(), s.n(), s.covariates()));
      c[4].append(s.inM1());
    }
    return Table.create("M1: sites and their part in the meta-analysis (" + plan + ")", c);
  }

  /**
   * The sites of {@code sites} whose own fit has fewer than 10 events per covariate, by site, with
   * the figure as {@link #sites} shows it (decided and shown from the rounded count of onsets in a
   * release report, {@link EventsPerCovariate#sparse(long, long, int)}).
   */
  public static Map<String, String> sparseSites(List<Site> sites) {
    Map<String, String> out = new java.util.TreeMap<>();
    for (Site s : sites) {
      if (fitted(s) && EventsPerCovariate.sparse(s.events(), s.n(), s.covariates())) {
        out.put(s.site(), EventsPerCovariate.figure(s.events(), s.n(), s.covariates()));
      }
    }
    return out;
  }

  private static boolean fitted(Site s) {
    return s.n() >= 0 && s.events() >= 0 && s.events() <= s.n();
  }
}
