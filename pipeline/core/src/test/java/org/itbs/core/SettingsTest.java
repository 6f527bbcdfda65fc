package org.itbs.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.itbs.core.Settings.Setting;
import org.junit.jupiter.api.Test;

class SettingsTest {
  /** Reads of system properties and the environment, after comments are blanked out. */
  private static final Pattern READ =
      Pattern.compile(
          "\\b(?:System\\s*(?:\\.|::)\\s*getenv|getenv|System\\s*(?:\\.|::)\\s*getProperty|Boolean\\s*\\."
              + "\\s*getBoolean|Integer\\s*\\.\\s*getInteger|Long\\s*\\.\\s*getLong)\\b\\s*(\\(\\s*"
              + "(\"[^\"]*\")?)?");

  /**
   * Reads allowed outside {@link Settings}: file (relative to pipeline/) and the read's text.
   * Spark's {@code spark.hadoop.*} properties, copied by name into the Hadoop configuration.
   */
  private static final List<String> ALLOWED =
      List.of("spark/src/main/java/org/itbs/spark/JobPaths.java: System.getProperty(k");

  @Test
  void noMainSourceOutsideSettingsReadsAnItbsSettingOrTheEnvironment() throws IOException {
    Path pipeline = repoRoot().resolve("pipeline");
    List<String> offences = new ArrayList<>();
    int files = 0;
    try (Stream<Path> modules = Files.list(pipeline)) {
      for (Path module : modules.sorted().toList()) {
        // Benchmarks may read their own properties (itbs.bench.lake): see the Settings comment.
        Path main = module.resolve("src/main/java");
        if (module.getFileName().toString().equals("bench") || !Files.isDirectory(main)) {
          continue;
        }
        try (Stream<Path> sources = Files.walk(main)) {
          for (Path f : sources.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
            files++;
            if (f.endsWith(Path.of("org/itbs/core/Settings.java"))) {
              continue;
            }
            offences.addAll(offences(pipeline.relativize(f).toString(), Files.readString(f)));
          }
        }
      }
    }
    assertThat(files).as("main sources scanned").isGreaterThan(100);
    assertThat(offences)
        .as("read settings through org.itbs.core.Settings (add new ones there)")
        .isEmpty();
  }

  @Test
  void theScanCatchesReadsButNotCommentsOrTheJvmsOwnProperties() {
    String src =
        """
        class X {
          // System.getenv("ITBS_DEBUG") in a comment
          /* Boolean.getBoolean("itbs.timing") */
          String s = "System.getenv(\\"ITBS_X\\") in a string";
          String home = System.getProperty("java.home");
          String a = System.getenv("ITBS_DEBUG");
          boolean b = Boolean.getBoolean("itbs.explain");
          String c = System.getProperty("itbs.spark.log", "WARN");
          String d = System.getProperty(NAME);
          java.util.function.Function<String, String> e = System::getenv;
        }
        """;
    assertThat(offences("X.java", src))
        .containsExactly(
            "X.java:6: System.getenv(\"ITBS_DEBUG\"",
            "X.java:7: Boolean.getBoolean(\"itbs.explain\"",
            "X.java:8: System.getProperty(\"itbs.spark.log\"",
            "X.java:9: System.getProperty(NAME",
            "X.java:10: System::getenv");
  }

  @Test
  void thePropertyWinsOverTheVariableAndBlankCountsAsUnset() {
    Setting s = new Setting("itbs.x", "ITBS_X");
    Map<String, String> both = Map.of("itbs.x", "prop", "ITBS_X", "env");
    assertThat(s.value(both::get, both::get)).contains("prop");
    assertThat(s.value(k -> null, both::get)).contains("env");
    assertThat(s.value(k -> "  ", both::get)).contains("env");
    assertThat(s.value(k -> null, k -> "")).isEmpty();
    assertThat(new Setting(null, "ITBS_X").value(both::get, both::get)).contains("env");
  }

  @Test
  void aFlagIsOnUnlessUnsetOrFalseLike() {
    assertThat(Setting.isOn(Optional.empty())).isFalse();
    for (String off : List.of("false", "FALSE", "0", "no", "Off")) {
      assertThat(Setting.isOn(Optional.of(off))).as(off).isFalse();
    }
    for (String on : List.of("true", "1", "yes", "on", "TRUE")) {
      assertThat(Setting.isOn(Optional.of(on))).as(on).isTrue();
    }
  }

  @Test
  void sparkLogsNothingByDefaultWarningsWithDebugAndWhatItbsSparkLogSays() {
    assumeTrue(System.getenv("ITBS_SPARK_LOG") == null, "ITBS_SPARK_LOG is set");
    String log = System.getProperty("itbs.spark.log");
    String debug = System.getProperty("itbs.debug");
    try {
      System.clearProperty("itbs.spark.log");
      System.setProperty("itbs.debug", "false");
      assertThat(Settings.sparkLogLevel()).isEqualTo("OFF");
      System.setProperty("itbs.debug", "true");
      assertThat(Settings.sparkLogLevel()).isEqualTo("WARN");
      System.setProperty("itbs.spark.log", "info");
      assertThat(Settings.sparkLogLevel()).isEqualTo("INFO");
    } finally {
      restore("itbs.spark.log", log);
      restore("itbs.debug", debug);
    }
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }

  @Test
  void everySettingIsListedOnceAndNamedInTheClassComment() throws IOException {
    String source =
        Files.readString(
            repoRoot().resolve("pipeline/core/src/main/java/org/itbs/core/Settings.java"));
    String comment = source.substring(0, source.indexOf("public final class Settings"));
    assertThat(Settings.ALL).doesNotHaveDuplicates();
    for (Setting s : Settings.ALL) {
      if (s.property() != null) {
        assertThat(s.property()).startsWith("itbs.");
        assertThat(comment).contains("{@code " + s.property() + "}");
      }
      assertThat(comment).contains("{@code " + s.env() + "}");
    }
  }

  /** The reads in {@code source} that are not allowed, as "file:line: text". */
  static List<String> offences(String file, String source) {
    String code = blankCommentsAndStrings(source);
    List<String> out = new ArrayList<>();
    Matcher m = READ.matcher(code);
    while (m.find()) {
      // The literal argument, if any, from the original text (strings are blanked in code).
      String text = source.substring(m.start(), m.end()).replaceAll("\\(\\s*", "(");
      String arg = m.group(2) == null ? null : source.substring(m.start(2), m.end(2));
      boolean jvmOwn =
          arg != null
              && text.matches("System\\s*\\.\\s*getProperty.*")
              && !arg.toLowerCase(java.util.Locale.ROOT).startsWith("\"itbs");
      if (m.group(1) != null && m.group(2) == null) {
        // a non-literal argument: the identifier up to the next ',' or ')'
        int end = m.end();
        while (end < source.length() && ",)".indexOf(source.charAt(end)) < 0) {
          end++;
        }
        text = source.substring(m.start(), end).replaceAll("\\(\\s*", "(");
      }
      String entry = file + ": " + text;
      if (!jvmOwn && !ALLOWED.contains(entry)) {
        int line = 1 + (int) code.substring(0, m.start()).chars().filter(c -> c == '\n').count();
        out.add(file + ":" + line + ": " + text);
      }
    }
    return out;
  }

  /**
   * The source with comments blanked and string contents kept only where a read's argument can be:
   * comments become spaces (lines kept), strings keep their quotes and text but a string that is
   * not an argument cannot start a match because READ needs a call name in code.
   */
  static String blankCommentsAndStrings(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '/') {
        while (i < s.length() && s.charAt(i) != '\n') {
          out.append(' ');
          i++;
        }
      } else if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '*') {
        int end = s.indexOf("*/", i + 2);
        end = end < 0 ? s.length() : end + 2;
        for (; i < end; i++) {
          out.append(s.charAt(i) == '\n' ? '\n' : ' ');
        }
      } else if (c == '"' || c == '\'') {
        boolean block = s.startsWith("\"\"\"", i);
        String close = block ? "\"\"\"" : String.valueOf(c);
        int j = i + close.length();
        while (j < s.length() && !s.startsWith(close, j)) {
          j += s.charAt(j) == '\\' ? 2 : 1;
        }
        int end = Math.min(s.length(), j + close.length());
        // Keep the quotes, blank the content: a call name inside a string is not code.
        out.append(s, i, i + close.length());
        for (int k = i + close.length(); k < end - close.length(); k++) {
          out.append(s.charAt(k) == '\n' ? '\n' : 'x');
        }
        out.append(s, Math.max(i + close.length(), end - close.length()), end);
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /**
   * The repository's root: the working directory or the nearest folder above with pipeline/core.
   */
  static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("pipeline/core"))
          && Files.isRegularFile(d.resolve("pom.xml"))) {
        return d;
      }
    }
    throw new UncheckedIOException(new IOException("no pipeline/core above " + dir));
  }
}
