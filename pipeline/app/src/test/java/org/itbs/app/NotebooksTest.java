package org.itbs.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.itbs.analysis.plan.Effect;
import org.itbs.kernel.KernelSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every notebook of {@code notebooks/} runs top to bottom, headless, with the project's kernel on a
 * small generated lake ({@code itbs demo} on 400 runners), through Jupyter's own executor; a
 * failing cell fails the test. Skipped when Debian's Jupyter packages are not installed.
 */
class NotebooksTest {
  private static final Path NOTEBOOKS =
      Path.of("..", "..", "notebooks").toAbsolutePath().normalize();

  @TempDir static Path dir;
  static Path lake;
  static Path analysis;

  @BeforeAll
  static void demoLakeAndKernel() throws Exception {
    assumeTrue(NotebookCommand.jupyterPresent(), "Jupyter (Debian packages) is not installed");
    System.setProperty("spark.ui.enabled", "false");
    CliRun demo =
        CliRun.of(
            "demo",
            "--out",
            dir.resolve("demo").toString(),
            "--runners",
            "400",
            "--sites",
            "2",
            "--seed",
            "11",
            "--report",
            dir.resolve("report").toString());
    assertThat(demo.status()).as(demo.err()).isZero();
    lake = dir.resolve("demo").resolve("lake");
    analysis = dir.resolve("demo").resolve("analysis");
    CliRun install =
        CliRun.of(
            "notebook",
            "--lake",
            lake.toString(),
            "--kernels-dir",
            dir.resolve("jupyter").resolve("kernels").toString(),
            "--install-only");
    assertThat(install.status()).as(install.err()).isZero();
    assertThat(dir.resolve("jupyter/kernels/" + KernelSpec.NAME + "/kernel.json")).exists();
  }

  @Test
  void exploreCohortRunsToTheEnd() throws Exception {
    JsonNode nb = execute("01-explore-cohort");
    assertThat(outputsOfType(nb, "image/svg+xml")).isEqualTo(6);
    assertThat(outputsOfType(nb, "text/html")).isGreaterThanOrEqualTo(3);
  }

  @Test
  void onsetModelsPrintThePlannedP1OfEffectsCsv() throws Exception {
    JsonNode nb = execute("02-onset-models");
    String printed = streams(nb);
    List<String> lines = Files.readAllLines(analysis.resolve("effects.csv"));
    int p1 = 0;
    for (String line : lines.subList(1, lines.size())) {
      Effect e = Effect.fromCsv(line);
      if (!e.model().equals("P1")) {
        continue;
      }
      p1++;
      Matcher m =
          Pattern.compile(
                  "P1 "
                      + Pattern.quote(e.term())
                      + " +HR ([0-9.]+) \\(([0-9.]+)-([0-9.]+)\\) p = ([0-9.eE-]+)")
              .matcher(printed);
      assertThat(m.find()).as("P1 %s printed in:%n%s", e.term(), printed).isTrue();
      assertThat(m.group(1)).isEqualTo(String.format(Locale.ROOT, "%.4f", e.ratio()));
      assertThat(m.group(2)).isEqualTo(String.format(Locale.ROOT, "%.4f", e.ciLower()));
      assertThat(m.group(3)).isEqualTo(String.format(Locale.ROOT, "%.4f", e.ciUpper()));
    }
    assertThat(p1).isEqualTo(9);
    assertThat(printed).contains("analysis-plan v2: onset population");
    assertThat(printed).contains("largest |difference| of log HR from the planned P1");
    assertThat(outputsOfType(nb, "image/svg+xml")).isEqualTo(3);
  }

  @Test
  void recurrenceRunsToTheEnd() throws Exception {
    JsonNode nb = execute("03-recurrence");
    assertThat(streams(nb)).contains("R1: ", "recurrences");
    assertThat(outputsOfType(nb, "image/svg+xml")).isEqualTo(2);
  }

  @Test
  void sitesRunsToTheEndAndPoolsEverySiteItCouldFit() throws Exception {
    JsonNode nb = execute("04-sites");
    String printed = streams(nb);
    JsonNode summary = new ObjectMapper().readTree(analysis.resolve("model_summary.json").toFile());
    for (JsonNode site : summary.path("sites")) {
      assertThat(printed).contains(site.asText() + ": n = ");
    }
    assertThat(printed).contains("pooled HR (95% CI)", "sites pooled in M1: ");
    Matcher diff = Pattern.compile("from M1's site estimates: ([0-9.eE-]+)").matcher(printed);
    assertThat(diff.find()).isTrue();
    assertThat(Double.parseDouble(diff.group(1))).isLessThan(1e-8);
    if (summary.path("m1_sites").size() >= 2) {
      assertThat(outputsOfType(nb, "image/svg+xml")).isEqualTo(3);
    } else {
      assertThat(printed).contains("M1 not fitted: ");
      assertThat(outputsOfType(nb, "image/svg+xml")).isZero();
    }
  }

  @Test
  void committedNotebooksCarryNoOutputs() throws IOException {
    for (String name :
        List.of("01-explore-cohort", "02-onset-models", "03-recurrence", "04-sites")) {
      JsonNode nb = new ObjectMapper().readTree(NOTEBOOKS.resolve(name + ".ipynb").toFile());
      assertThat(nb.path("metadata").path("kernelspec").path("name").asText())
          .isEqualTo(KernelSpec.NAME);
      assertThat(nb.path("cells").get(0).path("cell_type").asText()).isEqualTo("markdown");
      assertThat(nb.path("cells").get(0).path("source").get(2).asText()).isNotBlank();
      for (JsonNode c : nb.path("cells")) {
        if (c.path("cell_type").asText().equals("code")) {
          assertThat(c.path("outputs")).as(name).isEmpty();
          assertThat(c.path("execution_count").isNull()).isTrue();
        }
      }
    }
  }

  private static JsonNode execute(String name) throws IOException, InterruptedException {
    Path out = dir.resolve("executed");
    Files.createDirectories(out);
    Path log = out.resolve(name + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(
                NotebookCommand.PYTHON,
                "-m",
                "nbconvert",
                "--to",
                "notebook",
                "--execute",
                "--ExecutePreprocessor.kernel_name=" + KernelSpec.NAME,
                "--ExecutePreprocessor.timeout=300",
                "--ExecutePreprocessor.startup_timeout=120",
                "--output",
                name,
                "--output-dir",
                out.toString(),
                NOTEBOOKS.resolve(name + ".ipynb").toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    Path jupyter = dir.resolve("jupyter");
    env.put("JUPYTER_PATH", jupyter.toString());
    env.put("JUPYTER_DATA_DIR", jupyter.resolve("data").toString());
    env.put("JUPYTER_CONFIG_DIR", jupyter.resolve("config").toString());
    env.put("JUPYTER_RUNTIME_DIR", jupyter.resolve("runtime").toString());
    env.put("JUPYTER_PLATFORM_DIRS", "1");
    env.put("ITBS_LAKE", lake.toString());
    Process p = pb.start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError(name + " did not finish in 10 minutes:\n" + Files.readString(log));
    }
    String text = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("%s failed:%n%s", name, text).isZero();
    // What an analyst shares: the executed notebook as HTML, figures included.
    Process html =
        new ProcessBuilder(
                NotebookCommand.PYTHON,
                "-m",
                "nbconvert",
                "--to",
                "html",
                out.resolve(name + ".ipynb").toString())
            .redirectErrorStream(true)
            .redirectOutput(out.resolve(name + ".html.log").toFile())
            .start();
    assertThat(html.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(html.exitValue())
        .as("%s to HTML:%n%s", name, Files.readString(out.resolve(name + ".html.log")))
        .isZero();
    assertThat(Files.readString(out.resolve(name + ".html")))
        .contains("data:image/svg+xml;base64,");
    return new ObjectMapper().readTree(out.resolve(name + ".ipynb").toFile());
  }

  private static String streams(JsonNode nb) {
    StringBuilder sb = new StringBuilder();
    for (JsonNode c : nb.path("cells")) {
      for (JsonNode o : c.path("outputs")) {
        if (o.path("output_type").asText().equals("stream")) {
          o.path("text").forEach(t -> sb.append(t.asText()));
          if (o.path("text").isTextual()) {
            sb.append(o.path("text").asText());
          }
        }
      }
    }
    return sb.toString();
  }

  private static int outputsOfType(JsonNode nb, String mime) {
    int n = 0;
    for (JsonNode c : nb.path("cells")) {
      for (JsonNode o : c.path("outputs")) {
        if (o.path("data").has(mime)) {
          n++;
        }
      }
    }
    return n;
  }
}
