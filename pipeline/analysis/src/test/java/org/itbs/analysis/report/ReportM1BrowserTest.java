package org.itbs.analysis.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.itbs.analysis.plan.Plan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The M1 section of a plan v2 report in headless Chromium: its tables and forest plots render, the
 * console stays clean, and a screenshot of the section is kept as {@code
 * target/report-screenshots/m1.png} for a person to look at.
 */
class ReportM1BrowserTest {
  @TempDir static Path dir;
  static HeadlessChromium browser;
  static HeadlessChromium.PageCheck page;

  @BeforeAll
  static void openTheReport() {
    assumeTrue(HeadlessChromium.available(), "chromium and chromedriver are not installed");
    SyntheticAnalysis.write(
        dir.resolve("analysis"), 20261206L, Plan.V2, 1000, List.of("SITEA", "SITEB", "SITED"));
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
  void rendersTheSitesAndPooledTablesAndNineForestPlotsWithDiamondsAndBands() {
    assertThat(page.count("table[data-table='m1_sites'] tbody tr")).isEqualTo(4);
    assertThat(page.count("table[data-table='m1_pooled'] tbody tr")).isEqualTo(9);
    assertThat(page.count("table[data-table='table1'] thead th")).isEqualTo(6);
    assertThat(page.count("figure[data-figure^='forest_m1_'] svg")).isEqualTo(9);
    assertThat(page.count("figure[data-figure^='forest_m1_'] polygon.diamond")).isEqualTo(9);
    assertThat(page.count("figure[data-figure^='forest_m1_'] rect.prediction-band")).isEqualTo(9);
    Object widths =
        page.evaluate(
            "return Array.from(document.querySelectorAll(\"figure[data-figure^='forest_m1_'] svg\"))"
                + ".map(s => s.getBoundingClientRect().width)");
    assertThat((List<?>) widths)
        .hasSize(9)
        .allSatisfy(w -> assertThat(((Number) w).doubleValue()).isGreaterThan(300));
    assertThat(page.text("#provenance")).contains("analysis-plan v2");
    assertThat(page.errors()).isEmpty();
    assertThat(page.outsideRequests()).isEmpty();
  }

  @Test
  void keepsAScreenshotOfTheM1Section() throws Exception {
    Path out = Path.of("target", "report-screenshots");
    Files.createDirectories(out);
    Path png = page.screenshotBetween(out.resolve("m1.png"), "#m1", "#incidence");
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getHeight()).isGreaterThan(9 * 200);
    assertThat(image.getWidth()).isGreaterThan(1000);
  }
}
