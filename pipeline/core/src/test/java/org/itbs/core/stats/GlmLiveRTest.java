package org.itbs.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reruns {@code make-glm-fixtures.R} with the R on this machine and checks the fits against what it
 * writes, and that it writes the committed data. Skipped (JUnit assumption) when {@code Rscript} is
 * not on the {@code PATH}.
 */
class GlmLiveRTest {
  @Test
  void fitsMatchWhatTheInstalledRWritesAndTheFixturesAreWhatItRegenerates(@TempDir Path dir)
      throws IOException, InterruptedException {
    Path rscript = onPath("Rscript");
    assumeTrue(rscript != null, "Rscript is not on the PATH");
    Path script = copy("make-glm-fixtures.R", dir);
    Path set = copy("cohort-a.analysis_set.csv", dir);
    Path out = dir.resolve("out");
    int status = run(dir, rscript.toString(), script.toString(), out.toString(), set.toString());
    assertThat(status).as("Rscript exit status; output in %s", dir.resolve("r.log")).isZero();

    GlmFixtures.checkAll(
        Fixtures.file(out.resolve("glm-logistic.csv")),
        Fixtures.file(out.resolve("glm-poisson.csv")),
        Fixtures.file(out.resolve("auc-ties.csv")),
        Fixtures.file(set),
        Fixtures.file(out.resolve("glm-expected.csv")),
        Fixtures.file(out.resolve("chisq-expected.csv")));
    for (String data : List.of("glm-logistic.csv", "glm-poisson.csv", "auc-ties.csv")) {
      assertThat(Files.readString(out.resolve(data), StandardCharsets.UTF_8))
          .as("regenerated %s equals the committed fixture", data)
          .isEqualTo(new String(resource(data), StandardCharsets.UTF_8));
    }
  }

  private static int run(Path dir, String... command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("r.log").toFile())
            .start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("Rscript did not finish within 10 minutes");
    }
    return p.exitValue();
  }

  private static Path onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String d : path.split(File.pathSeparator)) {
      Path candidate = Path.of(d, program);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static Path copy(String name, Path dir) throws IOException {
    Path target = dir.resolve(name);
    try (InputStream in = GlmLiveRTest.class.getResourceAsStream("/stats/" + name)) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }

  private static byte[] resource(String name) {
    try (InputStream in = GlmLiveRTest.class.getResourceAsStream("/stats/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
