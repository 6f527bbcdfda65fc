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
import org.itbs.analysis.tables.Release;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release report (the default of {@code itbs report}): on the issue's cohort ({@code itbs
 * generate --sites 3 --runners 150 --seed 12 --itbs-incidence 0.12}, analysed: {@code
 * src/test/resources/analysis-g12/}) and on the synthetic analysis with its small cells, no count
 * from 1 to 4 can be recovered ({@link DisclosureChecker}), every count is a multiple of 5 or
 * {@code <5}, and every decision is in {@code sdc.json}.
 */
class ReleaseReportTest {
  @TempDir static Path dir;
  static Path g12;
  static Path synthetic;

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
