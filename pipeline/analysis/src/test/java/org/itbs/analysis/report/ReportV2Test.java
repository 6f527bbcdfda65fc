package org.itbs.analysis.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.itbs.analysis.plan.Effect;
import org.itbs.analysis.plan.Plan;
import org.itbs.analysis.plan.PlanResult;
import org.itbs.analysis.plan.SiteEffect;
import org.itbs.analysis.tables.EffectsTable;
import org.itbs.analysis.tables.FlowTable;
import org.itbs.analysis.tables.Release;
import org.itbs.analysis.tables.SitesTable;
import org.itbs.analysis.tables.Table1;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a plan v2 analysis: the M1 section of a multi-site cohort (three sites pooled, one
 * too small), the same section when M1 was not fitted, Table 1's prior-ITBS column and the warning
 * on models under 10 events per covariate; the exact figures in the internal report, the figures of
 * the rounded counts in the release report (the default).
 */
class ReportV2Test {
  static final List<String> BIG_SITES = List.of("SITEA", "SITEB", "SITED");

  @TempDir static Path dir;
  static Path multi;
  static String html;
  static Path internal;
  static String internalHtml;
  static PlanResult result;
  static Path small;
  static String smallHtml;

  @BeforeAll
  static void writeReports() throws IOException {
    result = SyntheticAnalysis.write(dir.resolve("multi"), 20261206L, Plan.V2, 1000, BIG_SITES);
    multi = dir.resolve("multi-report");
    html = Files.readString(Report.write(dir.resolve("multi"), multi), StandardCharsets.UTF_8);
    internal = dir.resolve("multi-internal");
    internalHtml =
        Files.readString(
            Report.write(dir.resolve("multi"), internal, Release.Profile.INTERNAL),
            StandardCharsets.UTF_8);
    // 300 runners: no site has the 45 onsets M1 needs, and every model is under 10 per covariate.
    SyntheticAnalysis.write(dir.resolve("small"), 20261206L, Plan.V2, 300, BIG_SITES);
    small = dir.resolve("small-report");
    smallHtml = Files.readString(Report.write(dir.resolve("small"), small), StandardCharsets.UTF_8);
  }

  @Test
  void statesPlanV2InTheProvenanceOfThePageTheTablesAndProvenanceJson() throws IOException {
    assertThat(result.plan()).isEqualTo("analysis-plan v2");
    assertThat(html).contains("Analysis plan</dt><dd>analysis-plan v2<");
    assertThat(html).doesNotContain("analysis-plan v1");
    assertThat(Files.readString(multi.resolve("tables/m1_pooled.md"))).contains("analysis-plan v2");
    assertThat(Files.readString(multi.resolve("tables/effects_p1.md")))
        .contains("P1 effects (analysis-plan v2)");
    JsonNode prov = new ObjectMapper().readTree(multi.resolve("provenance.json").toFile());
    assertThat(prov.path("plan").asText()).isEqualTo("analysis-plan v2");
  }

  @Test
  void m1SectionHasTheSitesAndPooledTablesAndAForestPlotPerCovariate() {
    assertThat(result.m1Sites()).containsExactlyElementsOf(BIG_SITES);
    assertThat(result.metaAnalysis()).hasSize(9);
    for (String t : List.of("m1_sites", "m1_pooled")) {
      assertThat(multi.resolve("tables").resolve(t + ".csv")).isNotEmptyFile();
      assertThat(multi.resolve("tables").resolve(t + ".md")).isNotEmptyFile();
      assertThat(html).contains("data-table=\"" + t + "\"");
    }
    for (var m : result.metaAnalysis()) {
      String fig = "forest_m1_" + m.term();
      assertThat(multi.resolve("figures").resolve(fig + ".svg")).isNotEmptyFile();
      assertThat(html).contains("data-figure=\"" + fig + "\"");
    }
    // The section sits after the effects and before the incidence curves.
    assertThat(html.indexOf("id=\"m1\""))
        .isBetween(html.indexOf("id=\"effects\""), html.indexOf("id=\"incidence\""));
  }

  @Test
  void pooledTableEqualsEffectsCsvAndMetaAnalysisCsv() throws IOException {
    List<String> meta = Files.readAllLines(dir.resolve("multi/meta_analysis.csv"));
    assertThat(meta).hasSize(10);
    for (String line : meta.subList(1, meta.size())) {
      String[] f = line.split(",", -1);
      Effect pooled =
          result.effects("M1").stream()
              .filter(e -> e.term().equals(f[0]))
              .findFirst()
              .orElseThrow();
      List<String> row = row(html, "m1_pooled", f[0]);
      assertThat(row.get(2)).isEqualTo(f[1]);
      assertThat(row.get(3))
          .isEqualTo(EffectsTable.ratioCi(pooled.ratio(), pooled.ciLower(), pooled.ciUpper()));
      assertThat(row.get(4)).isEqualTo(EffectsTable.pValue(pooled.pValue()));
      assertThat(row.get(5)).isEqualTo(Table1.fixed(Double.parseDouble(f[2]), 4));
      assertThat(row.get(6)).isEqualTo(Table1.fixed(Double.parseDouble(f[3]), 1));
      assertThat(row.get(7)).isEqualTo(Table1.fixed(Double.parseDouble(f[4]), 2));
      assertThat(row.get(9))
          .isEqualTo(
              Table1.fixed(Double.parseDouble(f[6]), 2)
                  + "–"
                  + Table1.fixed(Double.parseDouble(f[7]), 2));
    }
  }

  @Test
  void eachForestPlotDrawsThePooledSitesTheirCountsTheDiamondAndThePredictionBand()
      throws IOException {
    for (var m : result.metaAnalysis()) {
      String svg = Files.readString(internal.resolve("figures/forest_m1_" + m.term() + ".svg"));
      String released = Files.readString(multi.resolve("figures/forest_m1_" + m.term() + ".svg"));
      assertThat(texts(svg, "term")).as(m.term()).containsExactlyElementsOf(BIG_SITES);
      assertThat(texts(released, "term")).as(m.term()).containsExactlyElementsOf(BIG_SITES);
      assertThat(texts(released, "estimate-text")).isEqualTo(texts(svg, "estimate-text"));
      assertThat(count(svg, "class=\"diamond\"")).isEqualTo(1);
      assertThat(count(svg, "class=\"prediction-band\"")).isEqualTo(1);
      Effect pooled =
          result.effects("M1").stream()
              .filter(e -> e.term().equals(m.term()))
              .findFirst()
              .orElseThrow();
      assertThat(texts(svg, "pooled-text"))
          .containsExactly(
              String.format(
                  Locale.ROOT,
                  "%.2f (%.2f–%.2f)",
                  pooled.ratio(),
                  pooled.ciLower(),
                  pooled.ciUpper()));
      List<String> n = texts(svg, "n");
      List<String> events = texts(svg, "events");
      List<String> estimates = texts(svg, "estimate-text");
      for (int i = 0; i < BIG_SITES.size(); i++) {
        SiteEffect s = result.siteEffects(m.term()).get(i);
        assertThat(s.site()).isEqualTo(BIG_SITES.get(i));
        assertThat(n.get(i)).isEqualTo(Integer.toString(s.n()));
        assertThat(events.get(i)).isEqualTo(Integer.toString(s.events()));
        assertThat(texts(released, "n").get(i)).isEqualTo(Long.toString(Release.round(s.n())));
        assertThat(texts(released, "events").get(i))
            .isEqualTo(Long.toString(Release.round(s.events())));
        double lo = Math.exp(s.estimate() - 1.959963984540054 * s.stdError());
        double hi = Math.exp(s.estimate() + 1.959963984540054 * s.stdError());
        assertThat(estimates.get(i))
            .isEqualTo(
                String.format(Locale.ROOT, "%.2f (%.2f–%.2f)", Math.exp(s.estimate()), lo, hi));
      }
    }
  }

  @Test
  void sitesTableNamesTheSiteLeftOutAndWhy() {
    List<String> c = row(html, "m1_sites", "SITEC");
    assertThat(c.get(1)).isEqualTo("–");
    assertThat(c.get(4)).startsWith("no: ").contains("45");
    assertThat(row(internalHtml, "m1_sites", "SITEC")).isEqualTo(c);
    for (String site : BIG_SITES) {
      List<String> r = row(internalHtml, "m1_sites", site);
      SiteEffect s =
          result.siteEffects().stream()
              .filter(e -> e.site().equals(site))
              .findFirst()
              .orElseThrow();
      assertThat(r.get(1)).isEqualTo(Integer.toString(s.n()));
      assertThat(r.get(2)).isEqualTo(Integer.toString(s.events()));
      assertThat(r.get(3)).isEqualTo(String.format(Locale.ROOT, "%.1f", s.events() / 9.0));
      assertThat(r.get(4)).isEqualTo("yes");
      // Released: the counts rounded, the events per covariate of the rounded onsets.
      List<String> released = row(html, "m1_sites", site);
      long onsets = Release.round(s.events());
      assertThat(released.get(1)).isEqualTo(Long.toString(Release.round(s.n())));
      assertThat(released.get(2)).isEqualTo(Long.toString(onsets));
      assertThat(released.get(3)).isEqualTo(String.format(Locale.ROOT, "%.1f", onsets / 9.0));
      assertThat(released.get(4)).isEqualTo("yes");
    }
  }

  @Test
  void m1NotFittedSaysWhyAndNamesEverySiteLeftOut() {
    assertThat(smallHtml).contains("id=\"m1\"");
    assertThat(smallHtml)
        .contains("M1 not fitted: 0 sites with at least 45 ITBS onsets")
        .doesNotContain("not fitted: not fitted");
    assertThat(smallHtml).doesNotContain("data-figure=\"forest_m1_", "data-table=\"m1_pooled\"");
    for (String site : List.of("SITEA", "SITEB", "SITEC", "SITED")) {
      assertThat(row(smallHtml, "m1_sites", site).get(4)).startsWith("no: ");
    }
    assertThat(small.resolve("tables/m1_pooled.csv")).doesNotExist();
  }

  @Test
  void table1HasTheOnsetGroupsAndThePriorItbsRunnersSetAside() {
    assertThat(headers(html, "table1")).containsExactlyElementsOf(Table1.ONSET_POPULATION_COLUMNS);
    List<String> n = row(internalHtml, "table1", "runners");
    assertThat(n).hasSize(6);
    var set = SyntheticAnalysis.set(dir.resolve("multi"));
    int noOnset = 0;
    for (int i = 0; i < set.size(); i++) {
      if (set.column("prior_itbs")[i] == 0 && set.column("event")[i] == 0) {
        noOnset++;
      }
    }
    assertThat(Integer.parseInt(n.get(2)) + Integer.parseInt(n.get(3)))
        .isEqualTo(result.onsetPopulation());
    assertThat(n.get(2)).isEqualTo(Integer.toString(noOnset));
    assertThat(n.get(5)).isEqualTo(Integer.toString(result.priorItbsSetAside()));
    assertThat(html).contains("set aside");
    // Released: each column's n rounded.
    List<String> released = row(html, "table1", "runners");
    for (int k : new int[] {2, 3, 5}) {
      assertThat(released.get(k)).isEqualTo(Long.toString(Release.round(Long.parseLong(n.get(k)))));
    }
  }

  @Test
  void flowShowsTheRunnersSetAsideAndTheOnsetPopulationAndEveryModelsSource() throws IOException {
    assertThat(headers(internalHtml, "flow"))
        .containsExactlyElementsOf(FlowTable.ONSET_POPULATION_COLUMNS);
    JsonNode models =
        new ObjectMapper()
            .readTree(dir.resolve("multi/model_summary.json").toFile())
            .path("models");
    int set = result.onsetPopulation() + result.priorItbsSetAside();
    assertThat(result.priorItbsSetAside()).isPositive();
    assertThat(row(internalHtml, "flow", FlowTable.ANALYSIS_SET).get(2))
        .isEqualTo(Integer.toString(set));
    assertThat(row(internalHtml, "flow", FlowTable.SET_ASIDE).get(4))
        .isEqualTo(Integer.toString(result.priorItbsSetAside()));
    assertThat(row(internalHtml, "flow", FlowTable.ONSET_POPULATION).get(2))
        .isEqualTo(Integer.toString(result.onsetPopulation()));
    for (String m : List.of("P1", "P2", "P3")) {
      JsonNode c = models.path(m);
      List<String> r = rowStarting(internalHtml, "flow", m + " ");
      assertThat(r.get(1)).isEqualTo("Onset population");
      // runners + left out = the onset population
      assertThat(c.path("n").asInt() + c.path("left_out").asInt())
          .isEqualTo(result.onsetPopulation());
      // Internally exact, but 1 to 4 left out hides both (either gives the other back).
      int out = c.path("left_out").asInt();
      boolean hidden = out > 0 && out < 5;
      assertThat(r.get(2)).isEqualTo(hidden ? "<5" : c.path("n").asText());
      assertThat(r.get(4)).isEqualTo(hidden ? "<5" : c.path("left_out").asText());
      assertThat(rowStarting(html, "flow", m + " ").get(2))
          .isEqualTo(Long.toString(Release.round(c.path("n").asInt())));
    }
    JsonNode r1 = models.path("R1");
    assertThat(row(internalHtml, "flow", FlowTable.AT_RISK).get(2))
        .isEqualTo(r1.path("candidates").asText());
    List<String> r = rowStarting(internalHtml, "flow", "R1 ");
    assertThat(r.get(1)).isEqualTo("At risk of recurrence");
    assertThat(r.get(2)).isEqualTo(r1.path("n").asText());
    // Released: the same steps, each count rounded on its own.
    assertThat(row(html, "flow", FlowTable.SET_ASIDE).get(4))
        .isEqualTo(Long.toString(Release.round(result.priorItbsSetAside())));
    assertThat(row(html, "flow", FlowTable.ONSET_POPULATION).get(2))
        .isEqualTo(Long.toString(Release.round(result.onsetPopulation())));
    assertThat(html)
        .contains("the analysis set is the onset population plus the runners set aside");
  }

  @Test
  void sitesTableAndKeyFiguresNameTheOnsetPopulation() throws IOException {
    assertThat(headers(internalHtml, "sites"))
        .containsExactlyElementsOf(SitesTable.ONSET_POPULATION_COLUMNS);
    var set = SyntheticAnalysis.set(dir.resolve("multi"));
    JsonNode rates =
        new ObjectMapper()
            .readTree(dir.resolve("multi/model_summary.json").toFile())
            .path("p3_rate_per_1000h");
    for (String site : List.of("SITEA", "SITEB", "SITEC", "SITED")) {
      int runners = 0;
      int population = 0;
      double days = 0;
      for (int i = 0; i < set.size(); i++) {
        if (set.sites()[i].equals(site)) {
          runners++;
          if (set.column("prior_itbs")[i] == 0) {
            population++;
            days += set.column("time")[i];
          }
        }
      }
      List<String> r = row(internalHtml, "sites", site);
      JsonNode rate = rates.path("by_site").path(site);
      if (runners >= 5) {
        assertThat(r.get(1)).isEqualTo(Integer.toString(runners));
      }
      if (population >= 5 && runners - population >= 5) {
        assertThat(r.get(2)).isEqualTo(Integer.toString(population));
        assertThat(r.get(3)).isEqualTo(String.format(Locale.ROOT, "%.1f", days / 365.25));
      }
      if (rate.path("events").asInt() >= 5) {
        assertThat(r.get(4))
            .isEqualTo(String.format(Locale.ROOT, "%.0f", rate.path("hours").asDouble()));
        assertThat(r.get(5)).isEqualTo(rate.path("events").asText());
      }
    }
    List<String> all = row(internalHtml, "sites", "All sites");
    assertThat(all.get(1)).isEqualTo(Integer.toString(set.size()));
    assertThat(all.get(2)).isEqualTo(Integer.toString(result.onsetPopulation()));
    assertThat(all.get(5)).isEqualTo(rates.path("overall").path("events").asText());
    assertThat(html)
        .contains("follow-up, running hours, onsets and incidence are the onset population")
        .contains("Runners in the onset population (no ITBS before enrolment)")
        .contains("ITBS onsets in the onset population (runners with running exposure)")
        .contains("Onsets per 1000 h of running in the onset population (95% CI)")
        .doesNotContain("ITBS onsets (runners with running exposure)");
  }

  @Test
  void warnsOnExactlyTheModelsUnderTenEventsPerCovariate() throws IOException {
    int warned = 0;
    for (String cohort : List.of("multi", "small")) {
      JsonNode models =
          new ObjectMapper()
              .readTree(dir.resolve(cohort).resolve("model_summary.json").toFile())
              .path("models");
      for (Release.Profile profile : Release.Profile.values()) {
        Path report = dir.resolve(cohort + "-" + profile.label());
        String page =
            Files.readString(
                Report.write(dir.resolve(cohort), report, profile), StandardCharsets.UTF_8);
        for (String m : List.of("P1", "P2", "P3", "R1")) {
          long events = models.path(m).path("events").asLong();
          int covariates = models.path(m).path("covariates").asInt();
          // Internally the exact figure; released, the figure of the rounded count.
          long shownEvents = profile == Release.Profile.RELEASE ? Release.round(events) : events;
          double epv = shownEvents / (double) covariates;
          String table = "effects_" + m.toLowerCase(Locale.ROOT);
          String md = Files.readString(report.resolve("tables").resolve(table + ".md"));
          String figure =
              String.format(Locale.ROOT, "%.1f events per covariate (%d ", epv, shownEvents);
          boolean shown = page.contains("data-warning=\"" + table + "\"");
          String as = cohort + " " + profile + " " + m + " epv " + epv;
          assertThat(shown).as(as).isEqualTo(epv < 10);
          assertThat(md.contains(figure)).as(as + " markdown").isEqualTo(epv < 10);
          if (epv < 10) {
            warned++;
            assertThat(page).contains(m + ": Warning: " + figure);
          }
        }
      }
    }
    // The small cohort's four models are all under 10 in both profiles, the multi-site cohort's
    // none.
    assertThat(warned).isEqualTo(8);
  }

  @Test
  void noReleasedTableOfTheM1SectionShowsACountUnderFive() throws IOException {
    for (Path report : List.of(multi, small)) {
      for (String t : List.of("m1_sites", "table1")) {
        List<String> lines = Files.readAllLines(report.resolve("tables").resolve(t + ".csv"));
        for (String line : lines.subList(1, lines.size())) {
          for (String cell : line.split(",", -1)) {
            assertThat(cell).as("%s %s", report, t).doesNotMatch("\"?[0-4]\"?");
            assertThat(cell).doesNotMatch("\"?[0-4] \\(.*");
          }
        }
      }
    }
  }

  static List<String> row(String page, String table, String first) {
    int start = page.indexOf("data-table=\"" + table + "\"");
    assertThat(start).as("table %s", table).isPositive();
    String body = page.substring(start, page.indexOf("</table>", start));
    Matcher rows = Pattern.compile("<tr>(.*?)</tr>").matcher(body);
    while (rows.find()) {
      List<String> cells = new ArrayList<>();
      Matcher c = Pattern.compile("<td[^>]*>(.*?)</td>").matcher(rows.group(1));
      while (c.find()) {
        cells.add(c.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
      }
      if (!cells.isEmpty() && cells.get(0).equals(first)) {
        return cells;
      }
    }
    throw new AssertionError("table " + table + " has no row " + first);
  }

  /** The first row of a table whose first cell starts with {@code prefix}. */
  static List<String> rowStarting(String page, String table, String prefix) {
    int start = page.indexOf("data-table=\"" + table + "\"");
    String body = page.substring(start, page.indexOf("</table>", start));
    Matcher rows = Pattern.compile("<tr>(.*?)</tr>").matcher(body);
    while (rows.find()) {
      List<String> cells = new ArrayList<>();
      Matcher c = Pattern.compile("<td[^>]*>(.*?)</td>").matcher(rows.group(1));
      while (c.find()) {
        cells.add(c.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
      }
      if (!cells.isEmpty() && cells.get(0).startsWith(prefix)) {
        return cells;
      }
    }
    throw new AssertionError("table " + table + " has no row starting " + prefix);
  }

  private static List<String> headers(String page, String table) {
    int start = page.indexOf("data-table=\"" + table + "\"");
    String head = page.substring(start, page.indexOf("</thead>", start));
    List<String> out = new ArrayList<>();
    Matcher c = Pattern.compile("<th scope=\"col\">(.*?)</th>").matcher(head);
    while (c.find()) {
      out.add(c.group(1));
    }
    return out;
  }

  private static List<String> texts(String svg, String cssClass) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("class=\"" + cssClass + "\"[^>]*>([^<]*)<").matcher(svg);
    while (m.find()) {
      out.add(m.group(1).replace("&lt;", "<").replace("&amp;", "&"));
    }
    return out;
  }

  private static int count(String s, String needle) {
    int n = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
