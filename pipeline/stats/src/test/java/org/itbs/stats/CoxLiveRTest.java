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
 * Reruns {@code make-cox-fixtures.R} with the R on this machine and checks the fit against what it
 * writes, and that it writes the committed data. Skipped (JUnit assumption) when {@code Rscript}
 * with the {@code survival} package is not on the {@code PATH}.
 */
class CoxLiveRTest {
  @Test
  void fitMatchesWhatTheInstalledRWritesAndTheFixturesAreWhatItRegenerates(@TempDir Path dir)
      throws IOException, InterruptedException {
    Path rscript = LiveR.onPath("Rscript");
    assumeTrue(rscript != null, "Rscript is not on the PATH");
    assumeTrue(
        LiveR.run(dir, rscript.toString(), "-e", "quit(status = !requireNamespace('survival'))")
            == 0,
        "R's survival package is not installed");
    Path script = LiveR.copy("make-cox-fixtures.R", dir);
    Path set = LiveR.copy("cohort-a.analysis_set.csv", dir);
    Path out = dir.resolve("out");
    int status =
        LiveR.run(dir, rscript.toString(), script.toString(), out.toString(), set.toString());
    assertThat(status).as("Rscript exit status; output in %s", dir.resolve("r.log")).isZero();

    StatsFixtures.checkAll(
        StatsFixtures.file(out.resolve("cox-right-censored.csv")),
        StatsFixtures.file(out.resolve("cox-wide-lp.csv")),
        StatsFixtures.file(out.resolve("cox-counting.csv")),
        StatsFixtures.file(set),
        StatsFixtures.file(out.resolve("cox-expected.csv")));
    for (String data : List.of("cox-right-censored.csv", "cox-wide-lp.csv", "cox-counting.csv")) {
      assertThat(Files.readString(out.resolve(data), StandardCharsets.UTF_8))
          .as("regenerated %s equals the committed fixture", data)
          .isEqualTo(new String(LiveR.resource(data), StandardCharsets.UTF_8));
    }
  }
}
