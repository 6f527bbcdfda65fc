package org.itbs.analysis.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pins what {@link HeadlessChromium} reports, on small pages made here; skips without Chromium. */
class HeadlessChromiumTest {
  private static HeadlessChromium browser;

  @TempDir Path dir;

  @BeforeAll
  static void startBrowser() {
    if (HeadlessChromium.available()) {
      browser = HeadlessChromium.start();
    }
  }

  /** Skips each test, so that the skips show in the test report, when Chromium is missing. */
  @BeforeEach
  void needsBrowser() {
    assumeTrue(
        browser != null,
        "no " + HeadlessChromium.CHROMIUM + " or " + HeadlessChromium.CHROMEDRIVER);
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  /** Two tables, an inline SVG with three bars and a label, and a red footer 2,400 px down. */
  private static final String SELF_CONTAINED =
      """
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8"><title>Cohort report</title>
      <style>
        body { font-family: sans-serif; margin: 0; }
        table { border-collapse: collapse; margin: 1em; }
        td, th { border: 1px solid #444; padding: 4px 8px; }
        .spacer { height: 2000px; background: linear-gradient(#fff, #9cf); }
        footer { height: 200px; background: #f00; }
      </style></head>
      <body>
        <h1>ITBS onset</h1>
        <table id="t1"><caption>Table 1</caption>
          <tr><th>Group</th><th>n</th></tr><tr><td>Onset</td><td>41</td></tr>
          <tr><td>No onset</td><td>359</td></tr></table>
        <table id="t2"><caption>Effects</caption>
          <tr><th>Contributor</th><th>HR</th></tr><tr><td>Pelvic drop</td><td>1.42</td></tr></table>
        <svg xmlns="http://www.w3.org/2000/svg" width="300" height="120" viewBox="0 0 300 120">
          <rect class="bar" x="10" y="20" width="80" height="90" fill="#36c"/>
          <rect class="bar" x="110" y="50" width="80" height="60" fill="#36c"/>
          <rect class="bar" x="210" y="80" width="80" height="30" fill="#36c"/>
          <text x="150" y="14" text-anchor="middle">Hazard ratio</text>
        </svg>
        <div class="spacer"></div>
        <footer></footer>
      </body></html>
      """;

  private Path write(String name, String html) throws Exception {
    return Files.writeString(dir.resolve(name), html, StandardCharsets.UTF_8);
  }

  @Test
  void countsTablesAndSvgOfASelfContainedPageThatLogsNoErrorAndRequestsOnlyItself()
      throws Exception {
    Path page = write("report.html", SELF_CONTAINED);

    HeadlessChromium.PageCheck check = browser.open(page);

    assertThat(check.url()).startsWith("file:///").endsWith("/report.html");
    assertThat(check.requestedUrls()).containsExactly(check.url());
    assertThat(check.outsideRequests()).isEmpty();
    assertThat(check.errors()).isEmpty();
    assertThat(check.count("table")).isEqualTo(2);
    assertThat(check.count("table#t1 tr")).isEqualTo(3);
    assertThat(check.count("svg rect.bar")).isEqualTo(3);
    assertThat(check.texts("caption")).containsExactly("Table 1", "Effects");
    assertThat(check.text("svg text")).isEqualTo("Hazard ratio");
    assertThat(check.text("#t2 td:last-child")).isEqualTo("1.42");
    assertThat(check.evaluate("return document.title")).isEqualTo("Cohort report");
    assertThat(check.evaluate("return arguments[0] * 2", 21)).isEqualTo(42L);
  }

  @Test
  void knowsAPageWithSpacesBracketsAndPercentInItsNameForItself() throws Exception {
    Path page = write("report [v1] 100% final.html", SELF_CONTAINED);

    HeadlessChromium.PageCheck check = browser.open(page);

    assertThat(check.url()).startsWith("file:///").contains("report");
    assertThat(check.requestedUrls()).containsExactly(check.url());
    assertThat(check.outsideRequests()).isEmpty();
  }

  @Test
  void screenshotCoversTheWholePageBeyondTheWindow() throws Exception {
    HeadlessChromium.PageCheck check = browser.open(write("report.html", SELF_CONTAINED));

    Path png = check.screenshot(dir.resolve("report.png"));

    byte[] bytes = Files.readAllBytes(png);
    assertThat(Arrays.copyOf(bytes, 8))
        .containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
    assertThat(bytes.length).isGreaterThan(10_000);
    BufferedImage image = ImageIO.read(png.toFile());
    long pageHeight = (Long) check.evaluate("return document.documentElement.scrollHeight");
    assertThat(pageHeight).isGreaterThan(HeadlessChromium.WINDOW_HEIGHT);
    assertThat(image.getHeight()).isEqualTo(pageHeight);
    assertThat(image.getWidth()).isBetween(1200, HeadlessChromium.WINDOW_WIDTH);
    // The red footer: the last 200 px of the page, far below the window's 1,600 px.
    assertThat(image.getRGB(image.getWidth() / 2, image.getHeight() - 100) & 0xffffff)
        .isEqualTo(0xff0000);
  }

  @Test
  void reportsNetworkRequestsItKeptOnTheMachineAndTheConsoleErrorOfAPage() throws Exception {
    String image = "http://198.51.100.7/x.png";
    String socket = "ws://198.51.100.7/s";
    String fetched = "https://example.org/f";
    Path page =
        write(
            "leaky.html",
            "<!DOCTYPE html><html><body><img src=\""
                + image
                + "\"><script>console.error('x');"
                + (" new WebSocket('" + socket + "');")
                + (" fetch('" + fetched + "').catch(() => {});")
                + "</script></body></html>");

    HeadlessChromium.PageCheck check = browser.open(page);

    assertThat(check.outsideRequests()).containsExactlyInAnyOrder(image, socket, fetched);
    // Refused inside Chromium before any connection (the image delays the load event, so its
    // failure is always recorded; the WebSocket's, at the closed proxy port, may come later).
    assertThat(check.failedRequests()).containsEntry(image, "blocked:inspector");
    assertThat(check.errors()).anySatisfy(e -> assertThat(e).endsWith("\"x\""));
  }

  @Test
  void reportsUncaughtExceptionsAndAnotherLocalFileButAllowsDataUrls() throws Exception {
    Files.writeString(dir.resolve("style.css"), "body { color: #333; }");
    String dataImage =
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8"
            + "z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
    Path page =
        write(
            "sibling.html",
            "<!DOCTYPE html><html><head><link rel=\"stylesheet\" href=\"style.css\"></head><body>"
                + "<img src=\""
                + dataImage
                + "\"><script>console.log('fine'); null.boom;</script></body></html>");

    HeadlessChromium.PageCheck check = browser.open(page);

    assertThat(check.requestedUrls()).contains(dataImage);
    assertThat(check.outsideRequests())
        .containsExactly(dir.resolve("style.css").toUri().toASCIIString());
    assertThat(check.errors()).singleElement().asString().contains("Uncaught TypeError");
    assertThat(check.console()).anySatisfy(m -> assertThat(m.text()).endsWith("\"fine\""));
  }

  @Test
  void refusesAMissingFileAnAmbiguousSelectorAndAStaleCheck() throws Exception {
    assertThatThrownBy(() -> browser.open(dir.resolve("absent.html")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("absent.html");
    HeadlessChromium.PageCheck first = browser.open(write("report.html", SELF_CONTAINED));
    assertThatThrownBy(() -> first.text("caption"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 elements match 'caption'");

    browser.open(write("other.html", "<!DOCTYPE html><p>other</p>"));

    assertThat(first.errors()).isEmpty();
    assertThatThrownBy(() -> first.count("table"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("stale");
  }
}
