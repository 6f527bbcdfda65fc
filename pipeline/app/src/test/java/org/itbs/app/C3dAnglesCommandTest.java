package org.itbs.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code itbs c3d angles} on the real files (pipeline/c3d's tests). */
class C3dAnglesCommandTest {
  @Test
  void writesTheAnglesOfTheRbdsRunFromItsMarkers(@TempDir Path dir) throws Exception {
    Path run = C3dCommandTest.copy("RBDS001runT35.c3d", dir);
    Path statik = C3dCommandTest.copy("RBDS001static.c3d", dir);
    CliRun r =
        CliRun.of(
            "c3d",
            "angles",
            run.toString(),
            "--static",
            statik.toString(),
            "--out",
            dir.resolve("out").toString());
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).contains("angles from markers, marker set CAST/ISB (RBDS), 10.0 Hz");
    List<String> lines = Files.readAllLines(dir.resolve("out/angles.csv"));
    assertThat(lines.get(0))
        .isEqualTo(
            "side,frame,time,pelvic_drop_deg,hip_adduction_deg,knee_flexion_deg,"
                + "knee_internal_rotation_deg,ankle_dorsiflexion_deg");
    assertThat(lines).hasSize(1 + 2 * 4500);
    assertThat(lines.get(1)).startsWith("L,1,0.00000,");
    assertThat(lines.get(4501)).startsWith("R,1,0.00000,");
  }

  @Test
  void refusesInOneLineWhenAMarkerOfTheGivenSetIsMissing(@TempDir Path dir) throws Exception {
    Path run = C3dCommandTest.copy("RIC_20140515T133244_run.c3d", dir);
    Path statik = C3dCommandTest.copy("RIC_20140515T133244_static.c3d", dir);
    Path set = dir.resolve("lab.markers");
    Files.writeString(
        set,
        new String(
                org.itbs.c3d.kinematics.MarkerSet.class
                    .getResourceAsStream("ric.markers")
                    .readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8)
            .replace("R.knee.medial = R_med_knee", "R.knee.medial = R_knee_medial"));
    CliRun r =
        CliRun.of(
            "c3d",
            "angles",
            run.toString(),
            "--static",
            statik.toString(),
            "--markers",
            set.toString(),
            "--out",
            dir.resolve("out").toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err().strip())
        .contains(
            "RIC_20140515T133244_static.c3d: marker R_knee_medial (R.knee.medial) is not in the"
                + " static trial (marker set RIC, ")
        .doesNotContain("\n")
        .doesNotContain("at org.");
    assertThat(dir.resolve("out/angles.csv")).doesNotExist();
  }

  @Test
  void withoutModelOutputsOrStaticTrialSaysWhatToGive(@TempDir Path dir) throws Exception {
    Path run = C3dCommandTest.copy("RIC_20140515T133244_run.c3d", dir);
    CliRun r = CliRun.of("c3d", "angles", run.toString(), "--out", dir.toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains("no model outputs").contains("give the session's static trial");
  }
}
