package org.itbs.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {
  @TempDir Path dir;

  @Test
  void writesOneFolderPerSiteTruthAndASummary() {
    Path out = dir.resolve("cohort");
    CliRun r =
        CliRun.of(
            "generate", "--out", out.toString(), "--sites", "2", "--runners", "12", "--seed", "3");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).contains("generated 12 runners at 2 sites (CLINA, CLINB)");
    assertThat(r.out()).contains("gait_frames").contains("rows/s");
    assertThat(out.resolve("truth.json")).exists();
    assertThat(out.resolve("CLINB/gait_frames.csv")).exists();
    assertThat(out.resolve("faults.json")).doesNotExist();
  }

  @Test
  void messyListsItsFaultsAndZeroRatesGiveNoInjuries() throws Exception {
    Path out = dir.resolve("messy");
    CliRun r =
        CliRun.of(
            "generate",
            "--out",
            out.toString(),
            "--sites",
            "1",
            "--runners",
            "8",
            "--messy",
            "--trials",
            "2",
            "--trial-seconds",
            "1.5",
            "--itbs-incidence",
            "0",
            "--other-injuries-per-year",
            "0");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).contains("faulty rows listed in faults.json");
    assertThat(Files.readString(out.resolve("faults.json")))
        .contains("\"rule\" : \"duplicate_key\"");
    assertThat(Files.readString(out.resolve("truth.json"))).contains("\"itbs_episodes\" : 0");
  }

  @Test
  void namesTheBadOptionValue() {
    CliRun r =
        CliRun.of("generate", "--out", dir.resolve("x").toString(), "--trial-seconds", "0.2");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("trial seconds must be between 1 and 120 (s), got 0.2");
    assertThat(dir.resolve("x")).doesNotExist();
  }

  @Test
  void refusesAnOutputFolderThatIsNotEmpty() throws Exception {
    Files.writeString(dir.resolve("other.txt"), "keep");
    CliRun r = CliRun.of("generate", "--out", dir.toString(), "--runners", "5");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("exists and is not empty");
  }
}
