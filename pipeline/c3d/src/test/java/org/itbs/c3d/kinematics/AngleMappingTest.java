package org.itbs.c3d.kinematics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.itbs.c3d.C3dFile;
import org.itbs.c3d.Side;
import org.itbs.c3d.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Angles taken from a file's model outputs (Plug-in Gait's points) through a mapping. */
class AngleMappingTest {
  static final List<String> PIG =
      List.of(
          "LPelvisAngles",
          "RPelvisAngles",
          "LHipAngles",
          "RHipAngles",
          "LKneeAngles",
          "RKneeAngles",
          "LAnkleAngles",
          "RAnkleAngles",
          "LASI");

  /** Output m in frame f: (100 m + f, 100 m + f + 0.25, 100 m + f + 0.5) / scale. */
  static C3dFile plugInGait(String units, double scale, int missingFrame) {
    double[][][] xyz = new double[5][PIG.size()][];
    for (int f = 0; f < 5; f++) {
      for (int m = 0; m < PIG.size(); m++) {
        double v = 100 * m + f;
        xyz[f][m] =
            f == missingFrame && m == 2
                ? null
                : new double[] {v / scale, (v + 0.25) / scale, (v + 0.5) / scale};
      }
    }
    return TestFiles.markers("pig.c3d", 120, PIG, xyz, units);
  }

  @Test
  void takesEachAngleFromItsOutputComponentAndSide() {
    GaitAngles g = AngleMapping.shipped(AngleMapping.PLUG_IN_GAIT).angles(plugInGait("deg", 1, 3));
    assertThat(g.method()).isEqualTo("model outputs, Plug-in Gait");
    assertThat(g.rate()).isEqualTo(120.0);
    assertThat(g.value(Side.LEFT, Angle.PELVIC_DROP, 2)).isEqualTo(2.25); // LPelvisAngles y
    assertThat(g.value(Side.RIGHT, Angle.PELVIC_DROP, 2)).isEqualTo(102.25);
    assertThat(g.value(Side.LEFT, Angle.HIP_ADDUCTION, 1)).isEqualTo(201.25); // LHipAngles y
    assertThat(g.value(Side.LEFT, Angle.HIP_ADDUCTION, 3)).isNaN(); // missing in frame 3
    assertThat(g.value(Side.RIGHT, Angle.HIP_ADDUCTION, 1)).isEqualTo(301.25);
    assertThat(g.value(Side.LEFT, Angle.KNEE_FLEXION, 0)).isEqualTo(400.0); // LKneeAngles x
    assertThat(g.value(Side.RIGHT, Angle.KNEE_INTERNAL_ROTATION, 4)).isEqualTo(504.5); // z
    assertThat(g.value(Side.RIGHT, Angle.ANKLE_DORSIFLEXION, 4)).isEqualTo(704.0); // RAnkle x
  }

  @Test
  void convertsRadiansAndAppliesTheMappingsSign(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("lab.mapping");
    String text =
        Files.readString(Path.of(AngleMapping.class.getResource(AngleMapping.PLUG_IN_GAIT).toURI()))
            .replace("name = Plug-in Gait", "name = my lab")
            .replace(
                "hip_adduction_deg.R = RHipAngles, y, +", "hip_adduction_deg.R = RHipAngles, y, -");
    Files.writeString(file, text);
    GaitAngles g = AngleMapping.read(file).angles(plugInGait("rad", 180 / Math.PI, -1));
    assertThat(g.value(Side.RIGHT, Angle.HIP_ADDUCTION, 1)).isCloseTo(-301.25, within(1e-3));
    assertThat(g.value(Side.LEFT, Angle.HIP_ADDUCTION, 1)).isCloseTo(201.25, within(1e-3));
  }

  @Test
  void jointAnglesPrefersModelOutputsAndFallsBackToMarkers() {
    GaitAngles outputs = JointAngles.of(plugInGait(null, 1, -1), null, null, null, null);
    assertThat(outputs.method()).isEqualTo("model outputs, Plug-in Gait");
    C3dFile run = TestFiles.real(TestFiles.RIC_RUN);
    assertThatThrownBy(() -> JointAngles.of(run, null, null, null, MarkerFilter.DEFAULT))
        .isInstanceOf(AngleModelException.class)
        .hasMessage(
            "RIC_20140515T133244_run.c3d: no model outputs (no LPelvisAngles, mapping Plug-in"
                + " Gait) and no static trial: give the session's static trial to compute the"
                + " angles from the markers");
    assertThatThrownBy(() -> AngleMapping.shipped(AngleMapping.PLUG_IN_GAIT).angles(run))
        .isInstanceOf(AngleModelException.class)
        .hasMessage(
            "RIC_20140515T133244_run.c3d: model output LPelvisAngles (mapping Plug-in Gait,"
                + " plug-in-gait.mapping) is not in the file");
  }

  @Test
  void refusesMalformedMappingsNamingTheLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.mapping");
    List<String> shipped =
        Files.readAllLines(
            Path.of(AngleMapping.class.getResource(AngleMapping.PLUG_IN_GAIT).toURI()));
    int line = shipped.indexOf("hip_adduction_deg.L = LHipAngles, y, +");
    shipped.set(line, "hip_adduction_deg.L = LHipAngles, w, +");
    Files.write(file, shipped);
    assertThatThrownBy(() -> AngleMapping.read(file))
        .isInstanceOf(AngleModelException.class)
        .hasMessageContaining(
            "bad.mapping line " + (line + 1) + ": hip_adduction_deg.L component 'w'");
    Files.writeString(file, "name = x\nthis line has no equals sign\n");
    assertThatThrownBy(() -> AngleMapping.read(file))
        .isInstanceOf(AngleModelException.class)
        .hasMessageContaining("line 2: expected 'key = value'");
    assertThatThrownBy(() -> AngleMapping.read(dir.resolve("absent.mapping")))
        .isInstanceOf(AngleModelException.class)
        .hasMessageEndingWith("absent.mapping: no such file");
  }
}
