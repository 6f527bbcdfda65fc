package org.itbs.analysis.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report opened in headless Chromium, as a reader opens it: every table and plot renders, the
 * console stays clean, no request leaves the page, and a screenshot is kept under {@code
 * target/report-screenshots/} for a person to look at.
 */
class ReportBrowserTest {
  @TempDir static Path dir;
  static HeadlessChromium browser;
  static HeadlessChromium.PageCheck page;

  @BeforeAll
  static void openTheReport() {
    assumeTrue(HeadlessChromium.available(), "chromium and chromedriver are not installed");
    SyntheticAnalysis.write(dir.resolve("analysis"), 20261126L);
    Path html = Report.write(dir.resolve("analysis"), dir.resolve("report"));
    browser = HeadlessChromium.start();
    page = browser.open(html);
  }

  @AfterAll
  static void close() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void rendersAllTablesWithTheirRows() {
    assertThat(page.count("table.released")).isEqualTo(10);
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
      assertThat(page.count("table[data-table='" + t + "'] tbody tr")).as(t).isGreaterThan(0);
    }
    assertThat(page.count("table[data-table='effects_p1'] tbody tr")).isEqualTo(10);
    assertThat(page.count("table[data-table='effects_r1'] tbody tr")).isEqualTo(5);
    assertThat(page.count("table[data-table='sites'] tbody tr")).isEqualTo(4);
  }

  @Test
  void rendersThreeForestPlotsAndThreeIncidencePlotsWithVisibleSize() {
    assertThat(page.count("figure[data-figure^='forest_'] svg")).isEqualTo(3);
    assertThat(page.count("figure[data-figure^='incidence_'] svg")).isEqualTo(3);
    assertThat(page.count("figure[data-figure^='incidence_'] path.curve")).isEqualTo(9);
    assertThat(page.count("figure[data-figure^='incidence_'] .at-risk")).isGreaterThan(27);
    Object widths =
        page.evaluate(
            "return Array.from(document.querySelectorAll('figure svg'))"
                + ".map(s => s.getBoundingClientRect().width)");
    assertThat((List<?>) widths)
        .hasSize(6)
        .allSatisfy(w -> assertThat(((Number) w).doubleValue()).isGreaterThan(300));
  }

  @Test
  void logsNoErrorAndRequestsNothingButItself() {
    assertThat(page.errors()).isEmpty();
    assertThat(page.outsideRequests()).isEmpty();
    assertThat(page.requestedUrls()).containsExactly(page.url());
  }

  @Test
  void showsProvenanceAndTheSuppressionNote() {
    assertThat(page.text("#provenance")).contains("analysis-plan v1", "Lake version", "SITEA");
    assertThat(page.text("footer")).contains("<5");
  }

  @Test
  void keepsAFullPageScreenshot() throws Exception {
    Path dirOut = Path.of("target", "report-screenshots");
    Files.createDirectories(dirOut);
    Path png = page.screenshot(dirOut.resolve("report.png"));
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getHeight()).isGreaterThan(HeadlessChromium.WINDOW_HEIGHT * 2);
    assertThat(Files.size(png)).isGreaterThan(100_000);
  }
}
