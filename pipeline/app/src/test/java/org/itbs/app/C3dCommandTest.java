package org.itbs.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code itbs c3d info} and {@code itbs c3d export} on the real files (pipeline/c3d's tests). */
class C3dCommandTest {

  /**
   * A copy of one of pipeline/c3d's real test files (its README there says where they come from).
   */
  static Path copy(String name, Path dir) throws IOException {
    Path f = dir.resolve(name);
    Files.copy(Path.of("../c3d/src/test/resources/org/itbs/c3d", name), f);
    return f;
  }

  @Test
  void infoPrintsWhatALabPersonChecksFirstAndNoNames(@TempDir Path dir) throws Exception {
    Path f = copy("RBDS001runT35.c3d", dir);
    CliRun r = CliRun.of("c3d", "info", f.toString());
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("processor: Intel (little-endian, IEEE floats); data stored as floats")
        .contains(
            "points: 32 markers at 150 Hz, frames 1 to 4500 (4500 frames, 30.000 s), units mm")
        .contains("L.ASIS")
        .contains("R.Thigh.Top.Medial")
        .contains("analog: 6 channels at 300 Hz (2 samples per frame, 9000 samples), floats")
        .containsPattern("F1Z\\s+N\\s+scale -1 offset 0")
        .contains("force platforms: 1")
        .contains(
            "type 4, channels 1 F1X, 2 F1Y, 3 F1Z, 4 M1X, 5 M1Y, 6 M1Z, centre of the surface"
                + " (2149.0, 0.0, 976.7) mm")
        .contains("events: none")
        .contains("not shown: SUBJECTS, MANUFACTURER parameters")
        .doesNotContain("Motion Analysis")
        .doesNotContain("Cortex")
        .doesNotContain("CAST_ISB");

    CliRun shown = CliRun.of("c3d", "info", f.toString(), "--show-identifying");
    assertThat(shown.out()).contains("MANUFACTURER:COMPANY: Motion Analysis Corp.");
  }

  @Test
  void infoOnTheRicRunSaysWhatIsNotThere(@TempDir Path dir) throws Exception {
    Path f = copy("RIC_20140515T133244_run.c3d", dir);
    CliRun r = CliRun.of("c3d", "info", f.toString());
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("points: 28 markers at 200 Hz, frames 1 to 5000 (5000 frames, 25.000 s)")
        .contains("units not given")
        .contains("pelvis_1")
        .contains("analog: none")
        .contains("force platforms: none")
        .contains("events: none");
  }

  @Test
  void exportWritesTheCsvFiles(@TempDir Path dir) throws Exception {
    Path f = copy("RBDS001runT35.c3d", dir);
    CliRun r = CliRun.of("c3d", "export", f.toString(), "--out", dir.resolve("csv").toString());
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(dir.resolve("csv/points.csv")).exists();
    assertThat(dir.resolve("csv/analog.csv")).exists();
    assertThat(Files.readAllLines(dir.resolve("csv/forces.csv"))).hasSize(9001);
    assertThat(r.out()).contains("wrote ").contains("forces.csv").contains("events.csv");
  }

  @Test
  void aTruncatedFileFailsInOneLine(@TempDir Path dir) throws Exception {
    Path f = copy("RIC_20140515T133244_run.c3d", dir);
    byte[] b = Files.readAllBytes(f);
    Path cut = dir.resolve("cut.c3d");
    Files.write(cut, java.util.Arrays.copyOf(b, b.length / 2));
    CliRun r = CliRun.of("c3d", "info", cut.toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err().strip())
        .startsWith("itbs c3d info: ")
        .contains(cut + ": byte 1536 (data section): 5000 frames")
        .contains("truncated")
        .doesNotContain("\n")
        .doesNotContain("at org.");
  }

  @Test
  void aMissingFileIsABadArgument(@TempDir Path dir) {
    CliRun r =
        CliRun.of("c3d", "export", dir.resolve("no.c3d").toString(), "--out", dir.toString());
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).startsWith("itbs c3d export: ").contains("no.c3d is not a file");
  }

  @Test
  void eventsPrintsTheFootStrikesAndToeOffsAndTheirAgreementWithTheMarkers(@TempDir Path dir)
      throws Exception {
    Path f = copy("RBDS001runT35.c3d", dir);
    CliRun r = CliRun.of("c3d", "events", f.toString(), "--compare-with", "markers");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("note: force platform 1: 86 contacts")
        .contains("events: 171 from force-platform (85 foot strikes, 86 toe offs); cadence 171.2")
        .containsPattern("left\\s+foot strike\\s+\\d+\\s+\\d+\\.\\d{4}\\s+force-platform")
        .contains("compared with markers (170 events; difference = markers - force-platform):")
        .contains("foot strike  85 of 85 matched; mean difference -25.1 ms")
        .contains("toe off      85 of 86 matched; mean difference 105.3 ms");

    CliRun m = CliRun.of("c3d", "events", f.toString(), "--source", "markers");
    assertThat(m.out()).contains("events: 170 from markers").contains("+x forward, y vertical");
  }

  @Test
  void eventsOnAStaticTrialSayWhyThereAreNoneAndABadSourceIsABadArgument(@TempDir Path dir)
      throws Exception {
    Path f = copy("RIC_20140515T133244_static.c3d", dir);
    CliRun r = CliRun.of("c3d", "events", f.toString());
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("note: markers: the trial has 1 frames, too few for events")
        .contains("events: none (no EVENT group, force platform or markers gave any");

    CliRun bad = CliRun.of("c3d", "events", f.toString(), "--source", "video");
    assertThat(bad.status()).isEqualTo(2);
    assertThat(bad.err().strip())
        .isEqualTo(
            "itbs c3d events: unknown event source 'video'; expected event-group, force-platform"
                + " or markers");
  }
}
