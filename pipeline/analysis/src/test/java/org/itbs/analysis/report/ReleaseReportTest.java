package org.itbs.analysis.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.itbs.analysis.plan.Plan;
import org.itbs.analysis.plan.PlanResult;
import org.itbs.analysis.tables.Release;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release report (the default of {@code itbs report}): on the issue's cohort ({@code itbs
 * generate --sites 3 --runners 150 --seed 12 --itbs-incidence 0.12}, analysed: {@code
 * src/test/resources/analysis-g12/}) and on the synthetic analysis with its small cells, no count
 * from 1 to 4 can be recovered ({@link DisclosureChecker}), every count is a multiple of 5 or
 * {@code <5}, and every decision is in {@code sdc.json}. Likewise on plan v2 reports (issue 14):
 * one with M1 fitted at three sites, each under 10 events per covariate (the sparse-site warning),
 * and one of 300 runners whose four models all carry the warning on events per covariate.
 */
class ReleaseReportTest {
  @TempDir static Path dir;
  static Path g12;
  static Path synthetic;
  static Path v2;
  static PlanResult v2Result;
  static Path v2Small;
  static final List<String> V2_SITES = List.of("SITEA", "SITEB", "SITED");

  @BeforeAll
  static void writeReports() throws Exception {
    Path analysis = dir.resolve("analysis-g12");
    Files.createDirectories(analysis);
    for (String f : List.of("effects.csv", "model_summary.json", "analysis_set.csv")) {
      try (var in = ReleaseReportTest.class.getResourceAsStream("/analysis-g12/" + f)) {
        Files.copy(in, analysis.resolve(f));
      }
    }
    Clock clock = Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC);
    g12 = dir.resolve("g12");
    Report.write(analysis, g12, clock);
    SyntheticAnalysis.write(dir.resolve("synthetic-analysis"), 20261126L);
    synthetic = dir.resolve("synthetic");
    Report.write(dir.resolve("synthetic-analysis"), synthetic, clock);
    // Plan v2, 700 runners: SITEC's 4 and about 230 at each of three sites with 50 to 60 onsets,
    // so M1 pools three sites (at least 45 onsets each).
    v2Result =
        SyntheticAnalysis.write(dir.resolve("v2-analysis"), 20261207L, Plan.V2, 700, V2_SITES);
    v2 = dir.resolve("v2");
    Report.write(dir.resolve("v2-analysis"), v2, clock);
    SyntheticAnalysis.write(dir.resolve("v2-small-analysis"), 20261206L, Plan.V2, 300, V2_SITES);
    v2Small = dir.resolve("v2-small");
    Report.write(dir.resolve("v2-small-analysis"), v2Small, clock);
  }

  @Test
  void noCountFromOneToFourCanBeRecoveredFromTheIssuesCohort() {
    DisclosureChecker.Result r = DisclosureChecker.check(g12);
    assertThat(r.problems()).isEmpty();
    // The checker read the sites, flow, data quality, Table 1 and the numbers at risk.
    assertThat(r.counts()).hasSizeGreaterThan(150).contains("<5");
  }

  @Test
  void noCountFromOneToFourCanBeRecoveredFromTheSyntheticSmallCells() {
    DisclosureChecker.Result r = DisclosureChecker.check(synthetic);
    assertThat(r.problems()).isEmpty();
    assertThat(r.counts()).hasSizeGreaterThan(150);
  }

  @Test
  void noCountFromOneToFourCanBeRecoveredFromAPlanV2ReportWithM1() throws IOException {
    assertThat(v2Result.m1Sites()).containsExactlyElementsOf(V2_SITES);
    assertThat(v2.resolve("tables/m1_pooled.csv")).isNotEmptyFile();
    DisclosureChecker.Result r = DisclosureChecker.check(v2);
    assertThat(r.problems()).isEmpty();
    assertThat(r.counts()).hasSizeGreaterThan(150);
    // It read M1's sites table (events per covariate of each pooled site), the sparse-site
    // warning on the page and in m1_sites.md, and the forest plots' n and events.
    for (String site : V2_SITES) {
      assertThat(r.figures())
          .anySatisfy(f -> assertThat(f).startsWith("m1_sites.csv " + site + " events per"))
          .anySatisfy(f -> assertThat(f).startsWith("report.html sparse site " + site + ": "))
          .anySatisfy(f -> assertThat(f).startsWith("m1_sites.md sparse site " + site + ": "));
    }
    // It checked the additive relations of the v2 flow, sites and Table 1.
    assertThat(r.relations())
        .contains(
            "flow.csv analysis set",
            "flow.csv P1 Cox model of onset",
            "flow.csv P2 logistic model of onset within 365 days",
            "flow.csv P3 Poisson model of the onset rate",
            "flow.csv R1 Andersen–Gill model of recurrence",
            "sites.csv runners in the analysis set",
            "sites.csv of them in the onset population",
            "sites.csv ITBS onsets in the onset population",
            "table1.csv n",
            "table1.csv n of the onset population");
    String svg = Files.readString(v2.resolve("figures/forest_m1_hip_abd.svg"));
    assertThat(svg).contains("class=\"n\"", "class=\"events\"");
    // Every count of M1's tables and figures is released: rounded, the site fits' exact n not.
    String sites = Files.readString(v2.resolve("tables/m1_sites.csv"));
    for (var e : v2Result.siteEffects("hip_abd")) {
      assertThat(sites)
          .contains(e.site() + "," + Release.round(e.n()) + "," + Release.round(e.events()) + ",");
    }
    JsonNode sdc = new ObjectMapper().readTree(v2.resolve("sdc.json").toFile());
    List<String> outputs = new ArrayList<>();
    sdc.path("outputs").forEach(o -> outputs.add(o.path("output").asText()));
    assertThat(outputs)
        .contains(
            "tables/table1.csv",
            "tables/m1_sites.csv",
            "tables/m1_pooled.csv",
            "figures/forest_m1_hip_abd.svg");
    assertThat(sdc.toString()).contains("events per covariate", "from the rounded count");
  }

  @Test
  void theEventsPerCovariateOfEveryWarningRestOnTheReleasedCount() {
    DisclosureChecker.Result r = DisclosureChecker.check(v2Small);
    assertThat(r.problems()).isEmpty();
    // P1, P2, P3 and R1 each warn, on the page and in their Markdown file.
    for (String m : List.of("p1", "p2", "p3", "r1")) {
      assertThat(r.figures())
          .anySatisfy(f -> assertThat(f).startsWith("effects_" + m + ".md warning"));
    }
    assertThat(r.figures().stream().filter(f -> f.startsWith("report.html warning"))).hasSize(4);
  }

  @Test
  void theCheckerFindsAnEventsPerCovariateOfTheExactCount() throws IOException {
    // The report as it was before the release rules reached M1: the sites' exact onsets over the
    // covariates next to the rounded count. The checker sees that the figure is not the count's.
    Path tampered = dir.resolve("v2-tampered");
    try (var all = Files.walk(v2)) {
      for (Path p : all.toList()) {
        Path to = tampered.resolve(v2.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    var e =
        v2Result.siteEffects("hip_abd").stream()
            .filter(s -> Release.round(s.events()) != s.events())
            .findFirst()
            .orElseThrow();
    String released = String.format(java.util.Locale.ROOT, "%.1f", Release.round(e.events()) / 9.0);
    String exact = String.format(java.util.Locale.ROOT, "%.1f", e.events() / 9.0);
    assertThat(exact).isNotEqualTo(released);
    Path csv = tampered.resolve("tables/m1_sites.csv");
    String before = Files.readString(csv);
    String row = e.site() + "," + Release.round(e.n()) + "," + Release.round(e.events()) + ",";
    Files.writeString(csv, before.replace(row + released, row + exact));
    assertThat(Files.readString(csv)).isNotEqualTo(before);
    assertThat(DisclosureChecker.check(tampered).problems())
        .anyMatch(
            p ->
                p.startsWith("m1_sites.csv " + e.site() + " events per covariate: figure " + exact))
        .anyMatch(
            p ->
                p.contains(
                    "site " + e.site() + "'s figure " + released + " is not m1_sites' " + exact));
  }

  @Test
  void theCheckerFindsAV2FlowWithoutTheOnsetPopulationOrOneThatDoesNotAddUp() throws IOException {
    // The v2 flow as it was: straight from the analysis set to P1, the runners set aside missing.
    Path old = copy(v2, "v2-old-flow");
    Path flow = old.resolve("tables/flow.csv");
    List<String> kept = new ArrayList<>();
    for (String line : Files.readAllLines(flow)) {
      if (!line.startsWith("Set aside") && !line.startsWith("Onset population")) {
        kept.add(line);
      }
    }
    Files.write(flow, kept);
    assertThat(DisclosureChecker.check(old).problems())
        .anyMatch(p -> p.startsWith("flow.csv: Table 1 is of the onset population"))
        .anyMatch(p -> p.startsWith("flow.csv P1 Cox model of onset: takes its runners from no"));
    // An onset population that does not make up the analysis set with the runners set aside.
    Path wrong = copy(v2, "v2-wrong-flow");
    flow = wrong.resolve("tables/flow.csv");
    String population = cells(Files.readAllLines(flow), "Onset population").get(2);
    String bigger = Long.toString(Long.parseLong(population) + 100);
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(flow)) {
      lines.add(
          line.startsWith("Onset population")
              ? line.replace("," + population + ",", "," + bigger + ",")
              : line);
    }
    Files.write(flow, lines);
    assertThat(DisclosureChecker.check(wrong).problems())
        .anyMatch(p -> p.startsWith("flow.csv analysis set: ") && p.contains("cannot add up"))
        .anyMatch(p -> p.startsWith("flow.csv P1 Cox model of onset: ") && p.contains(bigger))
        .anyMatch(p -> p.startsWith("table1.csv n of the onset population: "));
  }

  private static Path copy(Path report, String name) throws IOException {
    Path to = dir.resolve(name);
    try (var all = Files.walk(report)) {
      for (Path p : all.toList()) {
        Path t = to.resolve(report.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
    return to;
  }

  /** The cells of the CSV line starting with {@code first} (no quoted commas in it). */
  private static List<String> cells(List<String> lines, String first) {
    return lines.stream()
        .filter(l -> l.startsWith(first))
        .findFirst()
        .map(l -> List.of(l.split(",", -1)))
        .orElseThrow();
  }

  @Test
  void theCheckerFindsWhatTheInternalReportGivesBack() throws IOException {
    // The internal report of the issue's cohort: CLINB's onsets are <5 there, but the other sites
    // and the total give them back (and its counts are not rounded).
    Path internal = dir.resolve("g12-internal");
    Report.write(dir.resolve("analysis-g12"), internal, Release.Profile.INTERNAL);
    List<String> problems = DisclosureChecker.check(internal).problems();
    assertThat(problems).anyMatch(p -> p.contains("is neither <5 nor a multiple of 5"));
    // 20 − 10 − 8 = 2: the sites' onsets.
    assertThat(problems).contains("8, 10 and 20 give 2");
  }

  @Test
  void sitesShowRoundedCountsAndRatesFromThem() throws IOException {
    List<String> lines = Files.readAllLines(g12.resolve("tables").resolve("sites.csv"));
    assertThat(lines)
        .containsExactly(
            "site,runners,follow-up (person-years),running hours,ITBS onsets,incidence per 1000 h"
                + " (95% CI)",
            "CLINA,90,85,15000,10,0.67 (0.32–1.24)",
            "CLINB,20,22,4800,<5,<5",
            "CLINC,40,75,16000,10,0.64 (0.31–1.17)",
            "All sites,150,180,35000,20,0.57 (0.35–0.87)");
    // Internally: 91, 19 and 40 runners, CLINB's onsets <5 but 20 − 10 − 8 = 2 (the issue).
  }

  @Test
  void tertileLegendsShowRoundedCutsWithOpenEndsAndNoMinimumOrMaximum() throws IOException {
    String svg = Files.readString(g12.resolve("figures").resolve("incidence_hip_abd.svg"));
    List<String> legends = new ArrayList<>();
    var m = java.util.regex.Pattern.compile("class=\"legend-label\"[^>]*>([^<]*)<").matcher(svg);
    while (m.find()) {
      legends.add(m.group(1).replace("&gt;", ">"));
    }
    assertThat(legends).hasSize(3);
    assertThat(legends.get(0)).matches("T1 \\(≤ [0-9]+\\.[0-9]{2}\\)");
    assertThat(legends.get(1)).matches("T2 \\([0-9]+\\.[0-9]{2}–[0-9]+\\.[0-9]{2}\\)");
    assertThat(legends.get(2)).matches("T3 \\(> [0-9]+\\.[0-9]{2}\\)");
    String html = Files.readString(g12.resolve("report.html"), StandardCharsets.UTF_8);
    assertThat(html).contains("life table of 30-day intervals").doesNotContain("range of each");
  }

  @Test
  void sdcJsonListsEveryReleasedFileAndItsDecisionsWithoutAnExactSmallCount() throws IOException {
    JsonNode sdc = new ObjectMapper().readTree(g12.resolve("sdc.json").toFile());
    assertThat(sdc.path("profile").asText()).isEqualTo("release");
    List<String> files = new ArrayList<>();
    sdc.path("released_files").forEach(f -> files.add(f.asText()));
    try (var all = Files.walk(g12)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        assertThat(files).contains(g12.relativize(p).toString());
      }
    }
    JsonNode sites = null;
    for (JsonNode o : sdc.path("outputs")) {
      if (o.path("output").asText().equals("tables/sites.csv")) {
        sites = o;
      }
    }
    assertThat(sites).isNotNull();
    assertThat(sites.path("decisions").path("count").path("rounded to the nearest 5").asInt())
        .isEqualTo(7);
    assertThat(sites.path("decisions").path("count").path("0-4 shown as <5").asInt()).isEqualTo(1);
    assertThat(
            sites
                .path("decisions")
                .path("rate")
                .path("not shown: its count of events is <5")
                .asInt())
        .isEqualTo(1);
    // Its figures are the cells as shown: nothing exact that the report does not show.
    for (JsonNode o : sdc.path("outputs")) {
      for (JsonNode f : o.path("figures")) {
        if (f.get(0).asText().equals("count")) {
          assertThat(f.get(2).asText()).matches("<5|[0-9]*[05]");
        }
      }
    }
    String html = Files.readString(g12.resolve("report.html"), StandardCharsets.UTF_8);
    assertThat(html).contains("id=\"disclosure-control\"", Release.RULES.substring(0, 60));
    assertThat(html).doesNotContain(Release.INTERNAL_MARK);
    JsonNode prov = new ObjectMapper().readTree(g12.resolve("provenance.json").toFile());
    assertThat(prov.path("profile").asText()).isEqualTo("release");
  }
}
