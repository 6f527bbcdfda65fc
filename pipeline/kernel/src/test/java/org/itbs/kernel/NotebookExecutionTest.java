package org.itbs.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs notebooks through Jupyter's own executor ({@code python3 -m nbconvert --execute}) with the
 * kernel started as Jupyter starts it: from a kernelspec, as a separate JVM on this test's class
 * path, over ZeroMQ on 127.0.0.1. Skipped when Python's nbclient is not installed (Debian packages
 * python3-nbconvert, python3-nbclient, jupyter-client).
 */
class NotebookExecutionTest {
  private static final String PYTHON = "/usr/bin/python3";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path jupyter;

  @BeforeAll
  static void installKernelSpec() throws IOException, InterruptedException {
    assumeTrue(Files.isExecutable(Path.of(PYTHON)), PYTHON + " is not installed");
    Process probe =
        new ProcessBuilder(PYTHON, "-c", "import nbclient, nbconvert, jupyter_client")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assumeTrue(
        probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0,
        "Python's nbclient, nbconvert or jupyter_client is not installed");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    KernelSpec.install(
        jupyter.resolve("kernels"),
        List.of(
            java,
            "-Xmx1g",
            "-XX:+UseSerialGC",
            "-Duser.language=" + System.getProperty("user.language"),
            "-Duser.country=" + System.getProperty("user.country")));
  }

  @Test
  void executesCellsThatShareStatePrintAndReturnATable() throws Exception {
    Path notebook =
        notebook(
            "state",
            "import org.itbs.analysis.plan.PlanV1;\nint runners = 400;\nString site = \"A&B <north>\";",
            "System.out.println(\"runners: \" + runners);\nrunners * 2",
            "import tech.tablesaw.api.*;\n"
                + "Table.create(\"sites\", StringColumn.create(\"site\", site),"
                + " IntColumn.create(\"runners\", new int[] {runners}))");

    Run run = nbconvert(notebook);

    assertThat(run.exitCode()).as(run.log()).isZero();
    JsonNode cells = JSON.readTree(run.executed().toFile()).get("cells");
    assertThat(cells.get(0).get("outputs")).as("outputs of a cell of declarations").isEmpty();
    JsonNode printed = cells.get(1).get("outputs");
    assertThat(printed.get(0).get("output_type").asText()).isEqualTo("stream");
    assertThat(printed.get(0).get("name").asText()).isEqualTo("stdout");
    assertThat(text(printed.get(0).get("text"))).isEqualTo("runners: 400\n");
    assertThat(printed.get(1).get("output_type").asText()).isEqualTo("execute_result");
    assertThat(text(printed.get(1).get("data").get("text/plain"))).isEqualTo("800");
    JsonNode table = cells.get(2).get("outputs").get(0);
    assertThat(table.get("output_type").asText()).isEqualTo("execute_result");
    assertThat(text(table.get("data").get("text/html")))
        .contains("<th>site</th><th>runners</th>")
        .contains("<tr><td>A&amp;B &lt;north&gt;</td><td>400</td></tr>");
    assertThat(table.get("data").has("text/plain")).isTrue();
  }

  @Test
  void failsTheRunOnACellThatDoesNotCompile() throws Exception {
    Path notebook =
        notebook(
            "failing",
            "int ok = 1;",
            "double dose = undefinedDose * 2;",
            "System.out.println(\"after the failing cell\");");

    Run run = nbconvert(notebook);

    assertThat(run.exitCode()).as(run.log()).isNotZero();
    assertThat(run.log())
        .contains("CellExecutionError")
        .contains("cannot find symbol")
        .contains("undefinedDose")
        .doesNotContain("after the failing cell\n");
    assertThat(run.executed()).doesNotExist();
  }

  private record Run(int exitCode, String log, Path executed) {}

  private static Run nbconvert(Path notebook) throws IOException, InterruptedException {
    String name = notebook.getFileName().toString().replace(".ipynb", "");
    Path log = jupyter.resolve(name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
                PYTHON,
                "-m",
                "nbconvert",
                "--to",
                "notebook",
                "--execute",
                "--ExecutePreprocessor.kernel_name=" + KernelSpec.NAME,
                "--ExecutePreprocessor.timeout=120",
                "--ExecutePreprocessor.startup_timeout=120",
                "--output",
                name + ".executed",
                "--output-dir",
                jupyter.toString(),
                notebook.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("JUPYTER_PATH", jupyter.toString());
    env.put("JUPYTER_DATA_DIR", jupyter.resolve("data").toString());
    env.put("JUPYTER_CONFIG_DIR", jupyter.resolve("config").toString());
    env.put("JUPYTER_RUNTIME_DIR", jupyter.resolve("runtime").toString());
    env.put("JUPYTER_PLATFORM_DIRS", "1");
    Process process = builder.start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError(
          "nbconvert did not finish in 5 minutes:\n"
              + Files.readString(log, StandardCharsets.UTF_8));
    }
    return new Run(
        process.exitValue(),
        Files.readString(log, StandardCharsets.UTF_8),
        jupyter.resolve(name + ".executed.ipynb"));
  }

  /** Writes an nbformat 4.5 notebook for the ITBS kernel with one code cell per source. */
  private static Path notebook(String name, String... sources) throws IOException {
    ObjectNode notebook = JSON.createObjectNode();
    ArrayNode cells = notebook.putArray("cells");
    for (int i = 0; i < sources.length; i++) {
      ObjectNode cell = cells.addObject();
      cell.put("cell_type", "code");
      cell.put("id", "cell-" + i);
      cell.putNull("execution_count");
      cell.putObject("metadata");
      cell.putArray("outputs");
      cell.put("source", sources[i]);
    }
    ObjectNode kernelspec = notebook.putObject("metadata").putObject("kernelspec");
    kernelspec.put("name", KernelSpec.NAME);
    kernelspec.put("display_name", KernelSpec.DISPLAY_NAME);
    kernelspec.put("language", "java");
    notebook.put("nbformat", 4);
    notebook.put("nbformat_minor", 5);
    Path file = jupyter.resolve(name + ".ipynb");
    JSON.writeValue(file.toFile(), notebook);
    return file;
  }

  /** A notebook text field: a string, or a list of strings to concatenate. */
  private static String text(JsonNode node) {
    if (!node.isArray()) {
      return node.asText();
    }
    List<String> parts = new ArrayList<>();
    node.forEach(part -> parts.add(part.asText()));
    return String.join("", parts);
  }
}
