package org.itbs.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelSpecTest {
  @TempDir Path kernels;

  @Test
  void writesKernelJsonThatStartsKernelMainWithAnAbsoluteClassPath() throws IOException {
    String classPath = "lib/a.jar" + File.pathSeparator + File.pathSeparator + "/opt/b.jar";

    Path file = KernelSpec.install(kernels, List.of("/usr/bin/java", "-Xmx2g"), classPath);

    assertThat(file).isEqualTo(kernels.resolve("itbs-java").resolve("kernel.json"));
    JsonNode spec = new ObjectMapper().readTree(file.toFile());
    List<String> argv = new ArrayList<>();
    spec.get("argv").forEach(node -> argv.add(node.asText()));
    String expectedClassPath =
        Path.of("lib/a.jar").toAbsolutePath() + File.pathSeparator + "/opt/b.jar";
    assertThat(argv)
        .containsExactly(
            "/usr/bin/java",
            "-Xmx2g",
            "-cp",
            expectedClassPath,
            "org.itbs.kernel.KernelMain",
            "{connection_file}");
    assertThat(spec.get("display_name").asText()).isEqualTo("Java (ITBS pipeline)");
    assertThat(spec.get("language").asText()).isEqualTo("java");
    assertThat(spec.get("interrupt_mode").asText()).isEqualTo("message");
  }

  @Test
  void replacesAnEarlierKernelSpec() throws IOException {
    KernelSpec.install(kernels, List.of("old-java"), "/old.jar");

    Path file = KernelSpec.install(kernels, List.of("new-java"), "/new.jar");

    JsonNode spec = new ObjectMapper().readTree(file.toFile());
    assertThat(spec.get("argv").get(0).asText()).isEqualTo("new-java");
    assertThat(kernels.resolve("itbs-java").toFile().list()).containsExactly("kernel.json");
  }

  @Test
  void rejectsAnEmptyJavaCommand() {
    assertThatThrownBy(() -> KernelSpec.install(kernels, List.of(), "/a.jar"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("javaCommand is empty");
  }

  @Test
  void rejectsAClassPathWithoutEntries() {
    assertThatThrownBy(() -> KernelSpec.install(kernels, List.of("java"), File.pathSeparator))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("classPath has no entry");
  }
}
