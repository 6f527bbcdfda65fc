package org.itbs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    Path rscript = LiveR.onPath("Rscript");
    assumeTrue(rscript != null, "Rscript is not on the PATH");
    Path script = LiveR.copy("make-glm-fixtures.R", dir);
    Path set = LiveR.copy("cohort-a.analysis_set.csv", dir);
    Path out = dir.resolve("out");
    int status =
        LiveR.run(dir, rscript.toString(), script.toString(), out.toString(), set.toString());
    assertThat(status).as("Rscript exit status; output in %s", dir.resolve("r.log")).isZero();

    GlmFixtures.checkAll(
        StatsFixtures.file(out.resolve("glm-logistic.csv")),
        StatsFixtures.file(out.resolve("glm-poisson.csv")),
        StatsFixtures.file(out.resolve("auc-ties.csv")),
        StatsFixtures.file(set),
        StatsFixtures.file(out.resolve("glm-expected.csv")),
        StatsFixtures.file(out.resolve("chisq-expected.csv")));
    for (String data : List.of("glm-logistic.csv", "glm-poisson.csv", "auc-ties.csv")) {
      assertThat(Files.readString(out.resolve(data), StandardCharsets.UTF_8))
          .as("regenerated %s equals the committed fixture", data)
          .isEqualTo(new String(LiveR.resource(data), StandardCharsets.UTF_8));
    }
  }
}
