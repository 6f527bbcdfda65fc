package org.itbs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reruns {@code make-strata-fixtures.R} with the R on this machine and checks the stratified Cox
 * fits, the GLMs with site indicators and P1 of cohort B against what it writes, and that it writes
 * the committed data. Skipped (JUnit assumption) when {@code Rscript} with the {@code survival}
 * package is not on the {@code PATH}.
 */
class CoxStrataLiveRTest {
  @Test
  void fitsMatchWhatTheInstalledRWritesAndTheFixturesAreWhatItRegenerates(@TempDir Path dir)
      throws IOException, InterruptedException {
    Path rscript = LiveR.onPath("Rscript");
    assumeTrue(rscript != null, "Rscript is not on the PATH");
    assumeTrue(
        LiveR.run(dir, rscript.toString(), "-e", "quit(status = !requireNamespace('survival'))")
            == 0,
        "R's survival package is not installed");
    Path script = LiveR.copy("make-strata-fixtures.R", dir);
    Path set = LiveR.copy("cohort-b.v2.analysis_set.csv", dir);
    Path out = dir.resolve("out");
    int status =
        LiveR.run(dir, rscript.toString(), script.toString(), out.toString(), set.toString());
    assertThat(status).as("Rscript exit status; output in %s", dir.resolve("r.log")).isZero();

    Map<String, Map<String, Map<String, Double>>> r =
        StatsFixtures.expected(StatsFixtures.file(out.resolve("strata-expected.csv")));
    StrataFixtures.checkCoxFixtures(
        r,
        StatsFixtures.file(out.resolve("strata-right-censored.csv")),
        StatsFixtures.file(out.resolve("strata-counting.csv")));
    StrataFixtures.checkGlmFixtures(r, StatsFixtures.file(out.resolve("glm-sites.csv")));
    StrataFixtures.checkP1(r, StatsFixtures.file(set));
    for (String data :
        List.of("strata-right-censored.csv", "strata-counting.csv", "glm-sites.csv")) {
      assertThat(Files.readString(out.resolve(data), StandardCharsets.UTF_8))
          .as("regenerated %s equals the committed fixture", data)
          .isEqualTo(new String(LiveR.resource(data), StandardCharsets.UTF_8));
    }
  }
}
