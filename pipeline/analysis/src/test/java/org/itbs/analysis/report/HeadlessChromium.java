package org.itbs.analysis.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.PageLoadStrategy;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A headless Chromium for tests of self-contained HTML pages such as {@code report.html}: opens a
 * file as a {@code file://} URL and tells what the page logged, every URL it requested, and what it
 * shows.
 *
 * <p>It drives Debian's {@code chromium} and {@code chromium-driver} packages ({@value #CHROMIUM},
 * {@value #CHROMEDRIVER}) through Selenium, and never lets Selenium Manager look for or download a
 * browser or driver. Nothing the page asks for can leave the machine, in three layers: Chromium
 * refuses every {@code http:} and {@code https:} request before sending it (DevTools {@code
 * Network.setBlockedURLs}; {@link PageCheck#failedRequests()} reports such a request as {@code
 * blocked:inspector}); whatever gets past that, WebSockets for one, goes to a proxy on the closed
 * port 127.0.0.1:9 ({@code net::ERR_PROXY_CONNECTION_FAILED}); and no host name resolves.
 * chromedriver listens on the loopback interface only, and Chromium's DevTools port too.
 *
 * <p>What the page logged and requested is read from chromedriver's own logs ({@code
 * goog:loggingPrefs}: the browser log and the performance log's {@code Network.*} events) and the
 * blocking and the full-page screenshot are raw DevTools commands sent through chromedriver, so
 * nothing here depends on a Selenium {@code selenium-devtools-vNNN} artifact matching the installed
 * Chromium's version: Debian moves Chromium to each new major version.
 *
 * <p>Skip-friendly: start it in {@code @BeforeAll} only when {@link #available()}, and skip each
 * test with an assumption when it was not started (see {@code HeadlessChromiumTest}). One instance
 * drives one browser; start it once per test class, it takes about a second. Not thread-safe.
 */
final class HeadlessChromium implements AutoCloseable {
  /** The browser: Debian's {@code chromium} package. */
  static final String CHROMIUM = "/usr/bin/chromium";

  /** The driver: Debian's {@code chromium-driver} package, always the browser's version. */
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";

  /** Width of the browser window, in CSS pixels. */
  static final int WINDOW_WIDTH = 1280;

  /** Height of the browser window, in CSS pixels: a screenshot still covers the whole page. */
  static final int WINDOW_HEIGHT = 1600;

  /**
   * URL patterns Chromium refuses to request. WebSockets escape {@code Network.setBlockedURLs}:
   * they meet the closed proxy port instead.
   */
  private static final List<String> BLOCKED = List.of("http:*", "https:*");

  /**
   * Selenium looks for a {@code selenium-devtools-vNNN} artifact matching the browser when the
   * driver starts, and warns that there is none: none is needed here. Held so that the level stays.
   */
  private static final Logger CDP_VERSION_FINDER =
      Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

  private static final Duration PAGE_LOAD_TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path profile;
  private final ChromeDriverService service;
  private final ChromeDriver driver;
  private int pagesOpened;

  private HeadlessChromium(Path profile, ChromeDriverService service, ChromeDriver driver) {
    this.profile = profile;
    this.service = service;
    this.driver = driver;
  }

  /**
   * Whether the browser and its driver are installed where this class looks for them.
   *
   * @return true when {@value #CHROMIUM} and {@value #CHROMEDRIVER} exist and are executable
   */
  static boolean available() {
    return Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
  }

  /**
   * Starts chromedriver on a free loopback port and a headless Chromium with a new empty profile in
   * a temporary folder, which {@link #close()} deletes.
   *
   * @return the running browser, on {@code about:blank}
   * @throws IllegalStateException if the browser or driver is not installed ({@link #available()}
   *     is false)
   * @throws org.openqa.selenium.SessionNotCreatedException if they are but the browser did not
   *     start
   */
  static HeadlessChromium start() {
    if (!available()) {
      throw new IllegalStateException(
          String.format(
              "Headless Chromium needs %s and %s (Debian packages chromium and chromium-driver);"
                  + " guard the test with HeadlessChromium.available()",
              CHROMIUM, CHROMEDRIVER));
    }
    CDP_VERSION_FINDER.setLevel(Level.SEVERE);
    Path profile;
    try {
      profile = Files.createTempDirectory("itbs-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a temporary Chromium profile folder", e);
    }
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
            .usingAnyFreePort()
            // Chromium's crash reporter and GLib's dconf write under these, not under the home.
            .withEnvironment(
                Map.of(
                    "XDG_CONFIG_HOME", profile.resolve("xdg-config").toString(),
                    "XDG_CACHE_HOME", profile.resolve("xdg-cache").toString()))
            .build();
    try {
      ChromeDriver driver = new ChromeDriver(service, options(profile));
      driver.manage().timeouts().pageLoadTimeout(PAGE_LOAD_TIMEOUT);
      // Blocking works while the Network domain is on (the performance log turns it on too).
      driver.executeCdpCommand("Network.enable", Map.of());
      driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", BLOCKED));
      return new HeadlessChromium(profile, service, driver);
    } catch (RuntimeException e) {
      service.stop();
      deleteProfile(profile, e);
      throw e;
    }
  }

  private static ChromeOptions options(Path profile) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        // Containers give /dev/shm 64 MB, too little for Chromium's shared memory.
        "--disable-dev-shm-usage",
        "--user-data-dir=" + profile.resolve("user-data"),
        "--window-size=" + WINDOW_WIDTH + "," + WINDOW_HEIGHT,
        // Whatever gets past Network.setBlockedURLs goes to a closed loopback port...
        "--proxy-server=127.0.0.1:9",
        // ...and no host name resolves (DNS prefetch included).
        "--host-resolver-rules=MAP * ~NOTFOUND");
    options.setPageLoadStrategy(PageLoadStrategy.NORMAL);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    logs.enable(LogType.PERFORMANCE, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    return options;
  }

  /**
   * Opens the file as a {@code file://} URL, waits until it has loaded (its {@code load} event and
   * one more frame) and records what it logged and requested meanwhile. Any earlier {@link
   * PageCheck} of this browser goes stale.
   *
   * @param htmlFile an existing HTML file
   * @return the check of the page now shown
   * @throws IllegalArgumentException if {@code htmlFile} is not a regular file
   * @throws org.openqa.selenium.TimeoutException if the page has not loaded within 30 s
   */
  PageCheck open(Path htmlFile) {
    if (!Files.isRegularFile(htmlFile)) {
      throw new IllegalArgumentException("Not a file to open in the browser: " + htmlFile);
    }
    String url = htmlFile.toAbsolutePath().normalize().toUri().toASCIIString();
    // Read and so empty both logs: what an earlier page left there is not this page's.
    driver.manage().logs().get(LogType.BROWSER);
    driver.manage().logs().get(LogType.PERFORMANCE);
    pagesOpened++;
    driver.get(url);
    driver.executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + " requestAnimationFrame(() => setTimeout(done, 0));");
    List<ConsoleMessage> console = new ArrayList<>();
    for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
      console.add(new ConsoleMessage(entry.getLevel(), entry.getMessage()));
    }
    Map<String, String> urlById = new LinkedHashMap<>();
    List<String> requested = new ArrayList<>();
    Map<String, String> failed = new LinkedHashMap<>();
    for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
      JsonNode message = parse(entry.getMessage()).path("message");
      JsonNode params = message.path("params");
      switch (message.path("method").asText()) {
        case "Network.requestWillBeSent" -> {
          String requestUrl = params.path("request").path("url").asText();
          urlById.put(params.path("requestId").asText(), requestUrl);
          requested.add(requestUrl);
        }
        case "Network.webSocketCreated" -> {
          urlById.put(params.path("requestId").asText(), params.path("url").asText());
          requested.add(params.path("url").asText());
        }
        case "Network.loadingFailed" -> {
          String failedUrl = urlById.get(params.path("requestId").asText());
          if (failedUrl != null) {
            failed.put(failedUrl, failure(params));
          }
        }
        case "Network.webSocketFrameError" -> {
          String failedUrl = urlById.get(params.path("requestId").asText());
          if (failedUrl != null) {
            failed.put(failedUrl, params.path("errorMessage").asText());
          }
        }
        default -> {}
      }
    }
    return new PageCheck(pagesOpened, url, console, requested, failed);
  }

  /** {@code net::ERR_...}, {@code blocked:<reason>} or both, from {@code Network.loadingFailed}. */
  private static String failure(JsonNode loadingFailed) {
    String error = loadingFailed.path("errorText").asText();
    String blocked = loadingFailed.path("blockedReason").asText();
    if (blocked.isEmpty()) {
      return error;
    }
    return error.isEmpty() ? "blocked:" + blocked : error + " blocked:" + blocked;
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException("chromedriver logged an entry that is not JSON: " + json, e);
    }
  }

  /** Quits the browser and chromedriver and deletes the temporary profile. */
  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
      deleteProfile(profile, null);
    }
  }

  /**
   * Deletes the profile folder; a failure is added to {@code pending} when there is one, else
   * thrown as {@link UncheckedIOException}.
   */
  private static void deleteProfile(Path folder, RuntimeException pending) {
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.deleteIfExists(p);
      }
    } catch (NoSuchFileException e) {
      // Already gone.
    } catch (IOException e) {
      if (pending != null) {
        pending.addSuppressed(e);
      } else {
        throw new UncheckedIOException("Cannot delete the Chromium profile " + folder, e);
      }
    }
  }

  /**
   * A message the page logged: a {@code console.*} call, an uncaught exception, or Chromium's own
   * (a resource that failed to load).
   *
   * @param level {@link Level#SEVERE} for {@code console.error}, uncaught exceptions and failed
   *     loads, {@link Level#WARNING} for {@code console.warn}, {@link Level#INFO} for {@code
   *     console.log}
   * @param text the message as chromedriver words it: source URL, line:column, then the message
   */
  record ConsoleMessage(Level level, String text) {}

  /**
   * What one page logged and requested while it loaded, and queries on the page as it is shown. The
   * queries work until the browser opens another page or closes.
   */
  final class PageCheck {
    private final int page;
    private final String url;
    private final List<ConsoleMessage> console;
    private final List<String> requested;
    private final Map<String, String> failed;

    private PageCheck(
        int page,
        String url,
        List<ConsoleMessage> console,
        List<String> requested,
        Map<String, String> failed) {
      this.page = page;
      this.url = url;
      this.console = List.copyOf(console);
      this.requested = List.copyOf(requested);
      this.failed = Collections.unmodifiableMap(new LinkedHashMap<>(failed));
    }

    /**
     * @return the page's own URL, {@code file:///...} (non-ASCII characters percent-encoded, as
     *     Chromium reports it)
     */
    String url() {
      return url;
    }

    /**
     * @return every message the page logged while it loaded, in order
     */
    List<ConsoleMessage> console() {
      return console;
    }

    /**
     * @return the text of every message at {@link Level#SEVERE} (console errors, uncaught
     *     exceptions, failed loads), in order; empty for a clean page
     */
    List<String> errors() {
      return console.stream()
          .filter(m -> m.level().intValue() >= Level.SEVERE.intValue())
          .map(ConsoleMessage::text)
          .collect(Collectors.toList());
    }

    /**
     * @return every URL the page requested while it loaded, the page itself first, in order of
     *     request, blocked and failed requests included
     */
    List<String> requestedUrls() {
      return requested;
    }

    /**
     * @return the requested URLs other than the page itself, {@code data:} and {@code about:} ones:
     *     whatever a self-contained page must not ask for (the network, or another file)
     */
    List<String> outsideRequests() {
      return requested.stream()
          .filter(u -> !u.equals(url) && !u.startsWith("data:") && !u.startsWith("about:"))
          .collect(Collectors.toList());
    }

    /**
     * @return for every requested URL that did not load, in order of request, why: {@code
     *     blocked:inspector} for a network request this class refused to send, else Chromium's
     *     error such as {@code net::ERR_FILE_NOT_FOUND}
     */
    Map<String, String> failedRequests() {
      return failed;
    }

    /**
     * @return how many elements match the CSS selector (SVG elements included)
     */
    int count(String cssSelector) {
      return live().findElements(By.cssSelector(cssSelector)).size();
    }

    /**
     * @return the visible text of the one element that matches the CSS selector
     * @throws IllegalArgumentException if no element or more than one matches
     */
    String text(String cssSelector) {
      List<WebElement> found = live().findElements(By.cssSelector(cssSelector));
      if (found.size() != 1) {
        throw new IllegalArgumentException(
            found.size() + " elements match '" + cssSelector + "' in " + url + ", expected 1");
      }
      return found.get(0).getText();
    }

    /**
     * @return the visible text of every element that matches the CSS selector, in document order
     */
    List<String> texts(String cssSelector) {
      return live().findElements(By.cssSelector(cssSelector)).stream()
          .map(WebElement::getText)
          .collect(Collectors.toList());
    }

    /**
     * Runs JavaScript in the page as the body of a function.
     *
     * @param script a function body; its {@code return} value is returned
     * @param args the function's {@code arguments[0]}, {@code arguments[1]}, ...: strings, numbers,
     *     booleans, lists, maps or {@link WebElement}s
     * @return the returned value as Selenium converts it: {@link String}, {@link Boolean}, {@link
     *     Long} or {@link Double}, {@link List}, {@link Map}, a {@link WebElement}, or null
     */
    Object evaluate(String script, Object... args) {
      return live().executeScript(script, args);
    }

    /**
     * Writes a PNG of the whole page, beyond the window's height too, at one device pixel per CSS
     * pixel.
     *
     * @param png the file to write; its folder must exist
     * @return {@code png}
     * @throws UncheckedIOException if the file cannot be written
     */
    Path screenshot(Path png) {
      ChromeDriver d = live();
      Map<String, Object> metrics = d.executeCdpCommand("Page.getLayoutMetrics", Map.of());
      Map<?, ?> size = (Map<?, ?>) metrics.get("cssContentSize");
      long width = (long) Math.ceil(((Number) size.get("width")).doubleValue());
      long height = (long) Math.ceil(((Number) size.get("height")).doubleValue());
      Map<String, Object> shot =
          d.executeCdpCommand(
              "Page.captureScreenshot",
              Map.of(
                  "format",
                  "png",
                  "captureBeyondViewport",
                  true,
                  "clip",
                  Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
      try {
        Files.write(png, Base64.getDecoder().decode((String) shot.get("data")));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write the screenshot " + png, e);
      }
      return png;
    }

    /**
     * Writes a PNG of the part of the page from the top of the element {@code from} to the top of
     * the element {@code to} (say a section's heading and the next one's), the page's full width.
     *
     * @return {@code png}
     * @throws UncheckedIOException if the file cannot be written
     */
    Path screenshotBetween(Path png, String from, String to) {
      ChromeDriver d = live();
      Number top =
          (Number)
              d.executeScript(
                  "return document.querySelector(arguments[0]).getBoundingClientRect().top"
                      + " + window.scrollY",
                  from);
      Number bottom =
          (Number)
              d.executeScript(
                  "return document.querySelector(arguments[0]).getBoundingClientRect().top"
                      + " + window.scrollY",
                  to);
      Map<String, Object> metrics = d.executeCdpCommand("Page.getLayoutMetrics", Map.of());
      Map<?, ?> size = (Map<?, ?>) metrics.get("cssContentSize");
      long width = (long) Math.ceil(((Number) size.get("width")).doubleValue());
      Map<String, Object> shot =
          d.executeCdpCommand(
              "Page.captureScreenshot",
              Map.of(
                  "format",
                  "png",
                  "captureBeyondViewport",
                  true,
                  "clip",
                  Map.of(
                      "x",
                      0,
                      "y",
                      top.doubleValue(),
                      "width",
                      width,
                      "height",
                      bottom.doubleValue() - top.doubleValue(),
                      "scale",
                      1)));
      try {
        Files.write(png, Base64.getDecoder().decode((String) shot.get("data")));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write the screenshot " + png, e);
      }
      return png;
    }

    private ChromeDriver live() {
      if (page != pagesOpened) {
        throw new IllegalStateException(
            "This check of " + url + " is stale: the browser has opened another page since");
      }
      return driver;
    }
  }
}
