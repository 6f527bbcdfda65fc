package org.itbs.c3d.kinematics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.itbs.c3d.C3dFile;
import org.itbs.c3d.Side;
import org.itbs.c3d.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The marker model on a body whose joint angles are known: a static trial and a run written with
 * the CAST/ISB labels, every segment moved by rotations built from the angles the model must find.
 */
class MarkerModelTest {
  static final double RATE = 100;
  static final int FRAMES = 300;

  /** The body: static positions per label, and per frame the segments' poses. */
  static final class Body {
    final Map<String, double[]> statik = new LinkedHashMap<>();
    final Map<String, String> segment = new LinkedHashMap<>();
    final double[] hjcR;
    final double[] hjcL;

    Body() {
      double pw = 240;
      double pd = 150;
      double hx = -0.24 * pd - 9.9;
      double hy = 1000 - 0.30 * pw - 10.9;
      double hz = 0.33 * pw + 7.3;
      hjcR = new double[] {hx, hy, hz};
      hjcL = new double[] {hx, hy, -hz};
      for (Side side : Side.values()) {
        String k = side.code() + ".";
        double s = side == Side.RIGHT ? 1 : -1;
        put(k + "ASIS", "pelvis", 0, 1000, s * 120);
        put(k + "PSIS", "pelvis", -150, 1000, s * 45);
        put(k + "Iliac.Crest", "pelvis", -60, 1080, s * 140);
        put(k + "Knee", "-", hx, 500, s * (hz + 50));
        put(k + "Knee.Medial", "-", hx, 500, s * (hz - 50));
        put(k + "Ankle", "-", hx, 100, s * (hz + 35));
        put(k + "Ankle.Medial", "-", hx, 100, s * (hz - 35));
        put(k + "Thigh.Top.Lateral", k + "thigh", hx + 30, 800, s * (hz + 60));
        put(k + "Thigh.Top.Medial", k + "thigh", hx + 45, 780, s * (hz - 35));
        put(k + "Thigh.Bottom.Lateral", k + "thigh", hx + 35, 620, s * (hz + 65));
        put(k + "Thigh.Bottom.Medial", k + "thigh", hx + 50, 610, s * (hz - 30));
        put(k + "Shank.Top.Lateral", k + "shank", hx + 30, 400, s * (hz + 50));
        put(k + "Shank.Top.Medial", k + "shank", hx + 40, 390, s * (hz - 40));
        put(k + "Shank.Bottom.Lateral", k + "shank", hx + 35, 250, s * (hz + 55));
        put(k + "Shank.Bottom.Medial", k + "shank", hx + 45, 240, s * (hz - 35));
        put(k + "Heel.Top", k + "foot", hx - 70, 90, s * hz);
        put(k + "Heel.Bottom", k + "foot", hx - 75, 40, s * hz);
        put(k + "Heel.Lateral", k + "foot", hx - 50, 60, s * (hz + 40));
        put(k + "MT1", k + "foot", hx + 150, 20, s * (hz - 30));
        put(k + "MT5", k + "foot", hx + 130, 15, s * (hz + 45));
      }
    }

    private void put(String label, String seg, double x, double y, double z) {
      statik.put(label, new double[] {x, y, z});
      segment.put(label, seg);
    }

    static double sin(double hz, double t, double phase) {
      return Math.sin(2 * Math.PI * hz * t + phase);
    }

    static double obliquity(double t) {
      return 6 * sin(1, t, 0);
    }

    static double hipFlexion(double t) {
      return 25 * sin(1, t, 0.3);
    }

    static double hipAdduction(Side side, double t) {
      return 8 * sin(1, t, side == Side.RIGHT ? 1 : 2);
    }

    static double kneeFlexion(double t) {
      return 45 + 35 * sin(1, t, 0.7);
    }

    static double kneeRotation(Side side, double t) {
      return 6 * sin(1, t, side == Side.RIGHT ? 0.5 : 1.5) - 3;
    }

    static double dorsiflexion(double t) {
      return 15 * sin(1, t, 2);
    }

    /** Every label's position at time t. */
    Map<String, double[]> at(double t) {
      double[][] pelvis =
          Rotations.fromCardanZxy(3 * sin(1, t, 0.2), obliquity(t), 8 * sin(1, t, 1.1));
      double[] origin = {200 * t, 1000 + 10 * sin(2, t, 0), 5 * sin(1, t, 0)};
      double[] originStatic = {0, 1000, 0};
      Map<String, double[]> out = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : segment.entrySet()) {
        if (e.getValue().equals("pelvis")) {
          out.put(e.getKey(), move(origin, pelvis, statik.get(e.getKey()), originStatic));
        }
      }
      for (Side side : Side.values()) {
        String k = side.code() + ".";
        double s = side == Side.RIGHT ? 1 : -1;
        double[] hjcS = side == Side.RIGHT ? hjcR : hjcL;
        double[] hjc = move(origin, pelvis, hjcS, originStatic);
        double[][] thigh =
            Rotations.multiply(
                pelvis,
                Rotations.fromCardanZxy(
                    hipFlexion(t), s * hipAdduction(side, t), s * 4 * sin(1, t, 0.9)));
        double[] kneeS = {hjcS[0], 500, hjcS[2]};
        double[] knee = move(hjc, thigh, kneeS, hjcS);
        double[][] shank =
            Rotations.multiply(
                thigh,
                Rotations.fromCardanZxy(
                    -kneeFlexion(t), s * 2 * sin(1, t, 0.1), s * kneeRotation(side, t)));
        double[] ankleS = {hjcS[0], 100, hjcS[2]};
        double[] ankle = move(knee, shank, ankleS, kneeS);
        double[][] foot =
            Rotations.multiply(
                shank,
                Rotations.fromCardanZxy(
                    dorsiflexion(t), s * 3 * sin(1, t, 0), s * 2 * sin(1, t, 1)));
        for (Map.Entry<String, String> e : segment.entrySet()) {
          double[] p = statik.get(e.getKey());
          if (e.getValue().equals(k + "thigh")) {
            out.put(e.getKey(), move(hjc, thigh, p, hjcS));
          } else if (e.getValue().equals(k + "shank")) {
            out.put(e.getKey(), move(knee, shank, p, kneeS));
          } else if (e.getValue().equals(k + "foot")) {
            out.put(e.getKey(), move(ankle, foot, p, ankleS));
          }
        }
      }
      return out;
    }

    static double expectedDropRight(double t) {
      double[][] pelvis =
          Rotations.fromCardanZxy(3 * sin(1, t, 0.2), obliquity(t), 8 * sin(1, t, 1.1));
      return Math.toDegrees(Math.asin(pelvis[1][2]));
    }

    private static double[] move(double[] o, double[][] r, double[] p, double[] oStatic) {
      return Rotations.add(o, Rotations.apply(r, Rotations.sub(p, oStatic)));
    }

    C3dFile staticFile(String without) {
      List<String> labels = new ArrayList<>(statik.keySet());
      labels.remove(without);
      double[][][] xyz = new double[10][labels.size()][];
      for (int f = 0; f < 10; f++) {
        for (int m = 0; m < labels.size(); m++) {
          xyz[f][m] = statik.get(labels.get(m));
        }
      }
      return TestFiles.markers("static.c3d", (float) RATE, labels, xyz, null);
    }

    /** The run; {@code hide} gives per label the frames [from, to) in which it is missing. */
    C3dFile runFile(Map<String, int[]> hide, boolean swapRightMetatarsals) {
      List<String> labels = new ArrayList<>();
      for (Map.Entry<String, String> e : segment.entrySet()) {
        if (!e.getValue().equals("-")) {
          labels.add(e.getKey());
        }
      }
      double[][][] xyz = new double[FRAMES][labels.size()][];
      for (int f = 0; f < FRAMES; f++) {
        Map<String, double[]> at = at(f / RATE);
        for (int m = 0; m < labels.size(); m++) {
          String l = labels.get(m);
          if (swapRightMetatarsals && l.equals("R.MT1")) {
            l = "R.MT5";
          } else if (swapRightMetatarsals && l.equals("R.MT5")) {
            l = "R.MT1";
          }
          int[] h = hide.get(labels.get(m));
          xyz[f][m] = h != null && f >= h[0] && f < h[1] ? null : at.get(l);
        }
      }
      return TestFiles.markers("run.c3d", (float) RATE, labels, xyz, null);
    }
  }

  static final Body BODY = new Body();

  static GaitAngles compute(C3dFile run) {
    C3dFile statik = BODY.staticFile(null);
    return MarkerModel.compute(run, statik, MarkerSet.detect(run, statik), MarkerFilter.DEFAULT);
  }

  static void assertRecovers(GaitAngles g, int from, int to, double tolerance) {
    for (int f = from; f < to; f++) {
      double t = f / RATE;
      assertThat(g.value(Side.RIGHT, Angle.PELVIC_DROP, f))
          .as("right pelvic drop, frame %d", f)
          .isCloseTo(Body.expectedDropRight(t), within(tolerance));
      assertThat(g.value(Side.LEFT, Angle.PELVIC_DROP, f))
          .isCloseTo(-Body.expectedDropRight(t), within(tolerance));
      for (Side side : Side.values()) {
        assertThat(g.value(side, Angle.HIP_ADDUCTION, f))
            .as("%s hip adduction, frame %d", side, f)
            .isCloseTo(Body.hipAdduction(side, t), within(tolerance));
        assertThat(g.value(side, Angle.KNEE_FLEXION, f))
            .as("%s knee flexion, frame %d", side, f)
            .isCloseTo(Body.kneeFlexion(t), within(tolerance));
        assertThat(g.value(side, Angle.KNEE_INTERNAL_ROTATION, f))
            .as("%s knee rotation, frame %d", side, f)
            .isCloseTo(Body.kneeRotation(side, t), within(tolerance));
        assertThat(g.value(side, Angle.ANKLE_DORSIFLEXION, f))
            .as("%s dorsiflexion, frame %d", side, f)
            .isCloseTo(Body.dorsiflexion(t), within(tolerance));
      }
    }
  }

  @Test
  void recoversTheJointAnglesTheBodyWasMovedByOnBothSides() {
    GaitAngles g = compute(BODY.runFile(Map.of(), false));
    assertThat(g.method()).contains("CAST/ISB");
    assertThat(g.frameCount()).isEqualTo(FRAMES);
    assertRecovers(g, 20, FRAMES - 20, 0.1);
  }

  @Test
  void leavesOutMarkersSwappedWithinACluster() {
    GaitAngles g = compute(BODY.runFile(Map.of(), true));
    assertRecovers(g, 20, FRAMES - 20, 0.1);
  }

  @Test
  void fillsShortGapsTracksWithThreeMarkersAndLeavesLongGapsMissing() {
    Map<String, int[]> hide = new LinkedHashMap<>();
    hide.put("R.Thigh.Top.Lateral", new int[] {50, 56}); // short: filled
    hide.put("L.Thigh.Top.Lateral", new int[] {40, 140}); // long, 3 thigh markers left
    for (String l :
        List.of("R.Shank.Top.Lateral", "R.Shank.Top.Medial", "R.Shank.Bottom.Lateral")) {
      hide.put(l, new int[] {200, 230}); // 30 frames: right shank lost
    }
    GaitAngles g = compute(BODY.runFile(hide, false));
    assertRecovers(g, 20, 190, 0.5); // linear filling of a curved path costs a little
    for (int f = 200; f < 230; f++) {
      assertThat(g.value(Side.RIGHT, Angle.KNEE_FLEXION, f)).isNaN();
      assertThat(g.value(Side.RIGHT, Angle.ANKLE_DORSIFLEXION, f)).isNaN();
      assertThat(g.value(Side.RIGHT, Angle.HIP_ADDUCTION, f)).isNotNaN();
    }
  }

  @Test
  void refusesAStaticTrialWithoutAnAnatomicalMarker() {
    C3dFile run = BODY.runFile(Map.of(), false);
    C3dFile statik = BODY.staticFile("R.Knee.Medial");
    MarkerSet cast = MarkerSet.shipped(MarkerSet.CAST_ISB);
    assertThatThrownBy(() -> MarkerModel.compute(run, statik, cast, MarkerFilter.DEFAULT))
        .isInstanceOf(AngleModelException.class)
        .hasMessage(
            "static.c3d: marker R.Knee.Medial (R.knee.medial) is not in the static trial"
                + " (marker set CAST/ISB (RBDS), cast-isb.markers)");
    assertThatThrownBy(() -> MarkerSet.detect(run, statik))
        .isInstanceOf(AngleModelException.class)
        .hasMessageContaining("run.c3d: no shipped marker set fits these files: CAST/ISB (RBDS)")
        .hasMessageContaining("give a marker-set file with --markers");
  }

  @Test
  void writesOneRowPerSideAndFrameWithEmptyCellsWhereUnknown(@TempDir Path dir) throws Exception {
    Map<String, int[]> hide = new LinkedHashMap<>();
    for (String l : List.of("L.MT1", "L.MT5", "L.Heel.Top")) {
      hide.put(l, new int[] {100, 120});
    }
    GaitAngles g = compute(BODY.runFile(hide, false));
    Path csv = g.write(dir.resolve("angles.csv"));
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0))
        .isEqualTo(
            "side,frame,time,pelvic_drop_deg,hip_adduction_deg,knee_flexion_deg,"
                + "knee_internal_rotation_deg,ankle_dorsiflexion_deg");
    assertThat(lines).hasSize(1 + 2 * FRAMES);
    assertThat(lines.get(1)).startsWith("L,1,0.00000,");
    assertThat(lines.get(1 + 110)).startsWith("L,111,1.10000,").endsWith(",");
    assertThat(lines.get(1 + FRAMES)).startsWith("R,1,0.00000,");
    String[] row = lines.get(1 + FRAMES + 150).split(",");
    assertThat(Double.parseDouble(row[4]))
        .isCloseTo(Body.hipAdduction(Side.RIGHT, 1.5), within(0.1));
    assertThatThrownBy(() -> g.write(csv))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already exists");
  }
}
