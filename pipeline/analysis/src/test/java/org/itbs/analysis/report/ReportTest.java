package org.itbs.analysis.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.itbs.analysis.plan.Effect;
import org.itbs.analysis.plan.PlanResult;
import org.itbs.analysis.tables.EffectsTable;
import org.itbs.analysis.tables.Release;
import org.itbs.analysis.tables.Release.Profile;
import org.itbs.analysis.tables.Table1;
import org.itbs.core.Version;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The internal report of an analysis folder ({@code itbs report --internal}): its files, its exact
 * numbers, its per-table suppression, its provenance and its mark. The release report is {@link
 * ReleaseReportTest}'s.
 */
class ReportTest {
  static final Instant MADE = Instant.parse("2026-11-26T10:15:30Z");

  @TempDir static Path dir;
  static Path analysis;
  static Path report;
  static String html;
  static PlanResult result;

  @BeforeAll
  static void writeReport() throws IOException {
    analysis = dir.resolve("analysis");
    result = SyntheticAnalysis.write(analysis, 20261126L);
    report = dir.resolve("reports").resolve("synthetic");
    Path page = Report.write(analysis, report, Clock.fixed(MADE, ZoneOffset.UTC), Profile.INTERNAL);
    assertThat(page).isEqualTo(report.resolve("report.html"));
    html = Files.readString(page, StandardCharsets.UTF_8);
  }

  @Test
  void writesEveryTableAsCsvAndMarkdownAndEveryFigureAsSvg() {
    for (String t :
        List.of(
            "table1",
            "effects_p1",
            "effects_p2",
            "effects_p3",
            "effects_r1",
            "sites",
            "flow",
            "data_quality")) {
      assertThat(report.resolve("tables").resolve(t + ".csv")).isNotEmptyFile();
      assertThat(report.resolve("tables").resolve(t + ".md")).isNotEmptyFile();
      assertThat(html).contains("data-table=\"" + t + "\"");
    }
    for (String f :
        List.of(
            "forest_p1",
            "forest_p2",
            "forest_r1",
            "incidence_peak_hip_add",
            "incidence_hip_abd",
            "incidence_df_lunge")) {
      assertThat(report.resolve("figures").resolve(f + ".svg")).isNotEmptyFile();
      assertThat(html).contains("data-figure=\"" + f + "\"");
    }
    assertThat(count(html, "<svg")).isEqualTo(6);
    // The nine released tables (the re-identification risk among them), the definitions and the
    // disclosure log.
    assertThat(count(html, "<table")).isEqualTo(11);
  }

  @Test
  void pageLoadsNothingFromOutside() {
    assertThat(html).doesNotContain("<script", "<link", "<img", "<iframe", "url(", "@import");
    assertThat(html).doesNotContainPattern("\\s(src|href)\\s*=");
    // The only http: text is the SVG namespace name, which is never fetched.
    assertThat(html.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http:", "https:");
    assertThat(html).contains("Content-Security-Policy");
  }

  @Test
  void statesLakeVersionSitesSubmissionsPlanSoftwareAndTime() throws IOException {
    JsonNode summary = new ObjectMapper().readTree(analysis.resolve("model_summary.json").toFile());
    assertThat(html)
        .contains("analysis-plan v1")
        .contains("Lake version</dt><dd>" + summary.path("lake_version").asText() + "<")
        .contains("3: SITEA, SITEB, SITEC")
        .contains("SITEA subsitea", "SITEB subsiteb", "SITEC subsitec")
        .contains("itbs " + Version.current())
        .contains("2026-11-26T10:15:30Z");
    String md = Files.readString(report.resolve("tables").resolve("effects_p1.md"));
    assertThat(md).contains("analysis-plan v1", "lake version 3", "itbs " + Version.current());
    JsonNode prov = new ObjectMapper().readTree(report.resolve("provenance.json").toFile());
    assertThat(prov.path("made").asText()).isEqualTo("2026-11-26T10:15:30Z");
    assertThat(prov.path("lake_version").asLong()).isEqualTo(3);
    assertThat(prov.path("profile").asText()).isEqualTo("internal");
    // The Iceberg snapshot of every table read (issue 17), in provenance.json and on the page.
    assertThat(prov.path("lake_snapshots").path("curated.participants").asLong()).isEqualTo(4101);
    assertThat(prov.path("lake_snapshots").path("curated.gait_frames").asLong()).isEqualTo(4102);
    assertThat(prov.path("lake_snapshots").has("analysis.runners")).isFalse();
    assertThat(prov.path("analysis_snapshots").path("analysis.runners").asLong()).isEqualTo(4201);
    assertThat(prov.path("analysis_snapshots").path("analysis.recurrence_intervals").asLong())
        .isEqualTo(4202);
    assertThat(html)
        .contains(
            "Iceberg snapshots read</dt><dd>curated.gait_frames 4102; curated.participants 4101<")
        .contains(
            "Analysis tables read (snapshots)</dt><dd>analysis.recurrence_intervals 4202;"
                + " analysis.runners 4201<");
  }

  @Test
  void everyPageIsMarkedInternal() throws IOException {
    assertThat(html).contains("id=\"profile-mark\">" + Release.INTERNAL_MARK + "<");
    assertThat(html)
        .contains("<title>ITBS cohort report — analysis-plan v1 — " + Release.INTERNAL_MARK);
    try (var files = Files.list(report.resolve("tables"))) {
      for (Path md : files.filter(p -> p.toString().endsWith(".md")).toList()) {
        assertThat(Files.readString(md)).as("%s", md.getFileName()).contains(Release.INTERNAL_MARK);
      }
    }
    try (var files = Files.list(report.resolve("figures"))) {
      for (Path svg : files.toList()) {
        assertThat(Files.readString(svg))
            .as("%s", svg.getFileName())
            .contains(Release.INTERNAL_MARK.toUpperCase(java.util.Locale.ROOT));
      }
    }
    JsonNode sdc = new ObjectMapper().readTree(report.resolve("sdc.json").toFile());
    assertThat(sdc.path("profile").asText()).isEqualTo("internal");
  }

  @Test
  void everyEffectInTheReportEqualsItsRowOfEffectsCsv() throws IOException {
    List<String> lines = Files.readAllLines(analysis.resolve("effects.csv"));
    assertThat(lines).hasSizeGreaterThan(30);
    for (String line : lines.subList(1, lines.size())) {
      Effect e = Effect.fromCsv(line);
      List<String> row = row("effects_" + e.model().toLowerCase(java.util.Locale.ROOT), e.term());
      assertThat(row.get(3))
          .as("%s %s", e.model(), e.term())
          .isEqualTo(EffectsTable.ratioCi(e.ratio(), e.ciLower(), e.ciUpper()));
      assertThat(row).contains(EffectsTable.pValue(e.pValue()));
      assertThat(row.get(row.size() - 2)).isEqualTo(Integer.toString(e.n()));
      assertThat(row.get(row.size() - 1)).isEqualTo(Integer.toString(e.events()));
    }
    // The same numbers as the plan result that wrote the file.
    Effect first = result.effects("P1").get(0);
    assertThat(row("effects_p1", first.term()).get(3))
        .isEqualTo(
            String.format(
                java.util.Locale.ROOT,
                "%.2f (%.2f–%.2f)",
                first.ratio(),
                first.ciLower(),
                first.ciUpper()));
  }

  @Test
  void keyFiguresAndSitesEqualModelSummary() throws IOException {
    JsonNode s = new ObjectMapper().readTree(analysis.resolve("model_summary.json").toFile());
    assertThat(html)
        .contains(Table1.fixed(s.path("p1_concordance").asDouble(), 3))
        .contains(Table1.fixed(s.path("p2_auc").asDouble(), 3));
    for (String site : List.of("SITEA", "SITEB")) {
      JsonNode rate = s.path("p3_rate_per_1000h").path("by_site").path(site);
      List<String> row = row("sites", site);
      assertThat(row.get(3)).isEqualTo(String.format("%.0f", rate.path("hours").asDouble()));
      assertThat(row.get(4)).isEqualTo(rate.path("events").asText());
      assertThat(row.get(5))
          .isEqualTo(
              EffectsTable.ratioCi(
                  rate.path("rate").asDouble(),
                  rate.path("ci_lower").asDouble(),
                  rate.path("ci_upper").asDouble()));
    }
    JsonNode p2 = s.path("models").path("P2");
    List<String> flow = row("flow", "P2 logistic model of onset within 365 days");
    assertThat(flow.get(1)).isEqualTo(p2.path("n").asText());
    assertThat(flow.get(2)).isEqualTo(p2.path("events").asText());
    assertThat(flow.get(3)).isEqualTo(p2.path("left_out").asText());
    assertThat(flow.get(4))
        .contains(
            "censored before day 365: "
                + p2.path("left_out_reasons").path("censored before day 365").asText());
  }

  @Test
  void noReleasedTableShowsACountUnderFive() throws IOException {
    // The fixture holds small cells: a 4-runner site, 3 refused runners, 3 left out of P1–P3.
    assertThat(row("sites", "SITEC").get(1)).isEqualTo("<5");
    assertThat(row("flow", "Refused at ingest (participants row quarantined)").get(3))
        .isEqualTo("<5");
    assertThat(row("flow", "P1 Cox model of onset").get(3)).isEqualTo("<5");
    assertThat(row("flow", "P1 Cox model of onset").get(1)).isEqualTo("<5");
    try (var files = Files.list(report.resolve("tables"))) {
      for (Path csv : files.filter(p -> p.toString().endsWith(".csv")).toList()) {
        List<String> lines = Files.readAllLines(csv);
        for (int i = 1; i < lines.size(); i++) {
          for (String cell : cells(lines.get(i))) {
            assertThat(cell).as("%s line %d", csv.getFileName(), i + 1).doesNotMatch("[0-4]");
            assertThat(cell).doesNotMatch("[0-4] \\(.*");
            for (String part : cell.split("; ")) {
              assertThat(part).as("%s line %d", csv.getFileName(), i + 1).doesNotMatch(".* [0-4]");
            }
          }
        }
      }
    }
    // Numbers at risk in the figures too.
    Matcher m = Pattern.compile("class=\"at-risk\"[^>]*>([^<]*)<").matcher(html);
    int cells = 0;
    while (m.find()) {
      cells++;
      assertThat(m.group(1)).doesNotMatch("[0-4]");
    }
    assertThat(cells).isGreaterThan(9);
  }

  @Test
  void aPlanV1ReportKeepsV1sTableOneAndHasNoMetaAnalysis() {
    int start = html.indexOf("data-table=\"table1\"");
    String head = html.substring(start, html.indexOf("</thead>", start));
    for (String c : Table1.COLUMNS) {
      assertThat(head).contains("<th scope=\"col\">" + c + "</th>");
    }
    assertThat(count(head, "<th scope")).isEqualTo(5);
    assertThat(html)
        .doesNotContain("id=\"m1\"", "data-figure=\"forest_m1_", Table1.PRIOR_ITBS_COLUMN);
  }

  @Test
  void aFolderWithoutAnalysisOutputsIsRefusedNamingTheMissingFile() {
    assertThatThrownBy(() -> Report.write(dir.resolve("nothing"), dir.resolve("r")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no effects.csv")
        .hasMessageContaining("itbs analyse");
  }

  /** The cells of the HTML table row whose first cell is {@code first}. */
  private static List<String> row(String table, String first) {
    int start = html.indexOf("data-table=\"" + table + "\"");
    assertThat(start).as("table %s", table).isPositive();
    int end = html.indexOf("</table>", start);
    String body = html.substring(start, end);
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

  private static List<String> cells(String csvLine) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (char ch : csvLine.toCharArray()) {
      if (ch == '"') {
        quoted = !quoted;
      } else if (ch == ',' && !quoted) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(ch);
      }
    }
    out.add(cur.toString());
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
