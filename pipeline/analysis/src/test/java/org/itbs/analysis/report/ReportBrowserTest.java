package org.itbs.analysis.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.itbs.analysis.tables.Release;
import org.itbs.analysis.tables.Release.Profile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report opened in headless Chromium, as a reader opens it, in both profiles: every table and
 * plot renders, the console stays clean, no request leaves the page, and a screenshot is kept under
 * {@code target/report-screenshots/} ({@code report.png}: the release report, {@code
 * report-internal.png}) for a person to look at.
 */
class ReportBrowserTest {
  /** The release report, the default. */
  @Nested
  class ReleaseProfile extends ReportBrowserChecks {
    ReleaseProfile() {
      super(Profile.RELEASE, "report.png");
    }

    @Test
    void showsTheReleaseRulesAndNoInternalMark() {
      assertThat(page.text("#disclosure-control + p")).contains("rounded to the nearest multiple");
      assertThat(page.count("#profile-mark")).isZero();
      assertThat(page.text("footer")).contains("Release profile");
    }
  }

  /** The internal report ({@code --internal}). */
  @Nested
  class InternalProfile extends ReportBrowserChecks {
    InternalProfile() {
      super(Profile.INTERNAL, "report-internal.png");
    }

    @Test
    void isMarkedInternalAtTheTop() {
      assertThat(page.text("#profile-mark")).isEqualTo(Release.INTERNAL_MARK);
      assertThat(page.text("footer")).contains(Release.INTERNAL_MARK);
    }
  }
}

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ReportBrowserChecks {
  private final Profile profile;
  private final String screenshot;
  HeadlessChromium browser;
  HeadlessChromium.PageCheck page;

  ReportBrowserChecks(Profile profile, String screenshot) {
    this.profile = profile;
    this.screenshot = screenshot;
  }

  @BeforeAll
  void openTheReport(@TempDir Path dir) {
    assumeTrue(HeadlessChromium.available(), "chromium and chromedriver are not installed");
    SyntheticAnalysis.write(dir.resolve("analysis"), 20261126L);
    Path html = Report.write(dir.resolve("analysis"), dir.resolve("report"), profile);
    browser = HeadlessChromium.start();
    page = browser.open(html);
  }

  @AfterAll
  void close() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void rendersAllTablesWithTheirRows() {
    assertThat(page.count("table.released")).isEqualTo(11);
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
    assertThat(page.text("#provenance")).contains("Disclosure control");
  }

  @Test
  void keepsAFullPageScreenshot() throws Exception {
    Path dirOut = Path.of("target", "report-screenshots");
    Files.createDirectories(dirOut);
    Path png = page.screenshot(dirOut.resolve(screenshot));
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getHeight()).isGreaterThan(HeadlessChromium.WINDOW_HEIGHT * 2);
    assertThat(Files.size(png)).isGreaterThan(100_000);
  }
}
