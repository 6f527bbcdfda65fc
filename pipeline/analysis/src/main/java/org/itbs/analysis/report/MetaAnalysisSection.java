package org.itbs.analysis.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.itbs.analysis.plan.MetaRow;
import org.itbs.analysis.plan.SiteEffect;
import org.itbs.analysis.plots.ForestPlot;
import org.itbs.analysis.tables.EventsPerCovariate;
import org.itbs.analysis.tables.MetaAnalysisTable;
import org.itbs.analysis.tables.Release;
import tech.tablesaw.api.Table;

/**
 * The report's section on M1, the two-stage meta-analysis of P1 across sites (analysis-plan v2): do
 * the contributors act alike at every site?
 *
 * <p>It shows the sites table (each site's runners and onsets in its own P1 fit, its events per
 * covariate, and whether it is pooled or why not), then, when M1 was fitted, the pooled table
 * (pooled hazard ratio with its HKSJ CI, τ², I², Q, the prediction interval) and per covariate a
 * forest plot of the sites' hazard ratios with the pooled diamond and the prediction band; when M1
 * was not fitted, why. Reads the summary's {@code m1_sites} (the sites pooled), {@code m1_left_out}
 * (site → why its fit was left out) and {@code m1_not_fitted} (why M1 was not fitted).
 *
 * <p>Every count, and every figure resting on one, passes through the report's {@link Release}: the
 * sites' runners and onsets (table and forest plots) rounded in a release report, the events per
 * covariate and the sparse-site warning from the rounded onsets, the reasons' counts released
 * ({@link Release#text}); a site's own fit with fewer than {@link Release#MIN_RESIDUAL_DF} residual
 * degrees of freedom is not drawn ({@link Release#modelReleased}). Each table and figure is a
 * logged output of the release.
 */
final class MetaAnalysisSection {
  /** Why a site that is neither pooled nor left out by name is not in M1 (the plan's rule). */
  static final String TOO_FEW_ONSETS = "fewer than 5 onsets per covariate among its P1 runners";

  private MetaAnalysisSection() {}

  /**
   * Writes the section into the page, adding its tables and figures to those the report writes
   * alongside (tables {@code m1_sites}, {@code m1_pooled}; figures {@code forest_m1_<term>}).
   *
   * @param warnings table name → the warning its Markdown file carries, added to
   */
  static void write(
      Html html,
      AnalysisOutputs a,
      Release rel,
      Map<String, Table> tables,
      Map<String, String> figures,
      Map<String, String> warnings) {
    JsonNode s = a.summary();
    html.section("m1", "M1: do the contributors act alike at every site?");
    html.note(
        "Two-stage meta-analysis of P1: each site with at least 5 onsets per covariate gets its own"
            + " Cox model of P1's covariates (unstratified, standardised by P1's pooled means and"
            + " SDs, so that \"per SD\" means the same at every site); each covariate's site"
            + " estimates are pooled by a random-effects model (τ² by REML;"
            + " Hartung–Knapp–Sidik–Jonkman CI and p with the ad hoc correction, t with k − 1"
            + " df). I²: the share of the variation between sites' estimates that is"
            + " heterogeneity rather than chance; the 95% prediction interval (k ≥ 3): where a"
            + " new site's hazard ratio would lie.");

    List<String> pooledSites = texts(s.path("m1_sites"));
    Map<String, String> leftOut = new TreeMap<>();
    s.path("m1_left_out")
        .fields()
        .forEachRemaining(e -> leftOut.put(e.getKey(), e.getValue().asText()));
    Map<String, SiteEffect> bySite = new LinkedHashMap<>();
    Set<String> terms = new LinkedHashSet<>();
    for (SiteEffect e : a.siteEffects()) {
      bySite.putIfAbsent(e.site(), e);
      terms.add(e.term());
    }
    int covariates = m1Covariates(a, terms.size());
    rel.output("tables/m1_sites.csv", "M1's sites (also tables/m1_sites.md and report.html)");
    // A site's own fit is released with at least 10 residual degrees of freedom (n − covariates).
    Set<String> withheld = new LinkedHashSet<>();
    for (SiteEffect e : bySite.values()) {
      if (pooledSites.contains(e.site())
          && !rel.modelReleased("M1's fit of " + e.site(), e.n(), covariates)) {
        withheld.add(e.site());
      }
    }
    String notFitted = s.path("m1_not_fitted").asText("").replaceFirst("^not fitted: ", "");
    List<MetaAnalysisTable.Site> rows = new ArrayList<>();
    for (String site : texts(s.path("sites"))) {
      SiteEffect e = bySite.get(site);
      String inM1 =
          pooledSites.contains(site)
              ? withheld.contains(site)
                  ? "yes (its own fit not released: fewer than "
                      + Release.MIN_RESIDUAL_DF
                      + " residual degrees of freedom)"
                  : "yes"
              : leftOut.containsKey(site)
                  ? "no: " + rel.text(leftOut.get(site))
                  : e != null && !notFitted.isEmpty()
                      // Eligible and fitted, but M1 itself was not (e.g. the only such site).
                      ? "no: " + rel.text(notFitted)
                      : "no: " + TOO_FEW_ONSETS;
      rows.add(
          new MetaAnalysisTable.Site(
              site, e == null ? -1 : e.n(), e == null ? -1 : e.events(), covariates, inM1));
    }
    Table sites = MetaAnalysisTable.sites(rows, a.plan());
    tables.put("m1_sites", sites);
    Map<String, String> sparse = MetaAnalysisTable.sparseSites(rows);
    if (!sparse.isEmpty()) {
      List<String> parts = new ArrayList<>();
      sparse.forEach((site, epv) -> parts.add(site + " " + epv));
      String w =
          "Warning: fewer than "
              + String.format(Locale.ROOT, "%.0f", EventsPerCovariate.THRESHOLD)
              + " events per covariate in the own fit of "
              + String.join(", ", parts)
              + ": those sites' estimates may be biased away from 1.";
      html.warning("m1_sites", w);
      warnings.put("m1_sites", w);
    }
    html.table(
        "m1_sites",
        sites,
        "n and onsets: the site's runners and onsets in its own P1 fit (complete cases, onset"
            + " population)"
            + (rel.rounds()
                ? ", rounded to the nearest 5; events per covariate from the rounded onsets"
                : "")
            + ". A site is left out of M1 when it has fewer than 5 onsets per covariate or its"
            + " own fit is not estimable.");

    if (a.metaAnalysis().isEmpty()) {
      String why = rel.text(s.path("m1_not_fitted").asText("").replaceFirst("^not fitted: ", ""));
      rel.note("M1 not fitted");
      html.warning(
          "m1",
          "M1 not fitted: "
              + (why.isEmpty() ? "no covariate was pooled (meta_analysis.csv has no row)" : why)
              + ".");
      return;
    }
    rel.output(
        "tables/m1_pooled.csv",
        "M1's pooled hazard ratios (also tables/m1_pooled.md and report.html)");
    Table pooled = MetaAnalysisTable.pooled(a.metaAnalysis(), a.plan());
    tables.put("m1_pooled", pooled);
    html.table(
        "m1_pooled",
        pooled,
        "k: sites pooled. Pooled HR per SD (sex: F vs M) with the HKSJ 95% CI and p; τ²: variance"
            + " of the log hazard ratios between sites (REML); I² = 100 τ² / (τ² + s²); Q:"
            + " Cochran's Q with its χ²(k − 1) p; prediction interval only with k ≥ 3 sites.");
    for (MetaRow m : a.metaAnalysis()) {
      List<SiteEffect> siteRows = new ArrayList<>();
      for (SiteEffect e : a.siteEffects()) {
        if (e.term().equals(m.term())
            && pooledSites.contains(e.site())
            && !withheld.contains(e.site())) {
          siteRows.add(e);
        }
      }
      if (siteRows.isEmpty()) {
        html.note("No forest plot of " + m.term() + ": site_effects.csv has no row of it.");
        continue;
      }
      String fig = "forest_m1_" + m.term();
      rel.output("figures/" + fig + ".svg", "M1's forest plot of " + m.term());
      String svg =
          ForestPlot.metaAnalysis("M1: " + m.term() + " by site", siteRows, m, "hazard ratio");
      figures.put(fig, svg);
      html.figure(
          fig,
          svg,
          "Hazard ratio of "
              + m.term()
              + " at each site (square, Wald 95% CI; n and onsets of the site's fit"
              + (rel.rounds() ? ", rounded to the nearest 5" : "")
              + "), pooled (diamond, HKSJ 95% CI)"
              + (Double.isNaN(m.piLower())
                  ? "; no prediction interval with fewer than 3 sites"
                  : " and the 95% prediction interval (band)")
              + ". I² = "
              + String.format(Locale.ROOT, "%.1f", m.i2())
              + "%, τ² = "
              + String.format(Locale.ROOT, "%.4f", m.tau2())
              + ".");
    }
  }

  /** P1's covariates: as P1's counts state them, else the terms of the site fits. */
  private static int m1Covariates(AnalysisOutputs a, int siteTerms) {
    JsonNode p1 = a.summary().path("models").path("P1");
    int stated = p1.path("covariates").asInt(0);
    if (stated > 0) {
      return stated;
    }
    return siteTerms > 0 ? siteTerms : a.effects("P1").size();
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
