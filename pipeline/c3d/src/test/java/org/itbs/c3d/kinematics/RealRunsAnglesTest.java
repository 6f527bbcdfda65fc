package org.itbs.c3d.kinematics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.itbs.c3d.C3dFile;
import org.itbs.c3d.Side;
import org.itbs.c3d.TestFiles;
import org.junit.jupiter.api.Test;

/**
 * The model on both real runs: the shipped marker set is found from the labels, nearly every frame
 * gets its angles, and they stay in the ranges of running (RIC has no reference curves; its
 * agreement is not measured).
 */
class RealRunsAnglesTest {
  static double percentile(double[] v, double p) {
    double[] s = Arrays.stream(v).filter(x -> !Double.isNaN(x)).sorted().toArray();
    return s[(int) Math.floor(p * (s.length - 1))];
  }

  static long unknown(double[] v) {
    return Arrays.stream(v).filter(Double::isNaN).count();
  }

  @Test
  void ricRunWithItsClustersAndTrochanterMarkers() {
    C3dFile run = TestFiles.real(TestFiles.RIC_RUN);
    C3dFile statik = TestFiles.real(TestFiles.RIC_STATIC);
    GaitAngles g = JointAngles.of(run, statik, null, null, MarkerFilter.DEFAULT);
    assertThat(g.method()).isEqualTo("markers, marker set RIC, 10.0 Hz");
    for (Side s : Side.values()) {
      for (Angle a : Angle.values()) {
        assertThat(unknown(g.series(s, a))).as("%s %s", s, a).isLessThan(g.frameCount() / 100);
      }
      double[] knee = g.series(s, Angle.KNEE_FLEXION);
      assertThat(percentile(knee, 0.02)).isBetween(-5.0, 20.0);
      assertThat(percentile(knee, 0.98)).isBetween(60.0, 130.0);
      double[] hip = g.series(s, Angle.HIP_ADDUCTION);
      assertThat(percentile(hip, 0.02)).isBetween(-15.0, 5.0);
      assertThat(percentile(hip, 0.98)).isBetween(5.0, 25.0);
      double[] drop = g.series(s, Angle.PELVIC_DROP);
      assertThat(percentile(drop, 0.98)).isBetween(1.0, 12.0);
      double[] ankle = g.series(s, Angle.ANKLE_DORSIFLEXION);
      assertThat(percentile(ankle, 0.98) - percentile(ankle, 0.02)).isBetween(25.0, 70.0);
    }
  }

  @Test
  void rbdsRunDetectsCastAndTracksTheRightFootDespiteItsSwappedMetatarsalLabels() {
    C3dFile run = TestFiles.real(TestFiles.RBDS_RUN);
    C3dFile statik = TestFiles.real(TestFiles.RBDS_STATIC);
    assertThat(MarkerSet.detect(run, statik).name()).isEqualTo("CAST/ISB (RBDS)");
    GaitAngles g =
        MarkerModel.compute(
            run, statik, MarkerSet.shipped(MarkerSet.CAST_ISB), MarkerFilter.DEFAULT);
    double[] ankle = g.series(Side.RIGHT, Angle.ANKLE_DORSIFLEXION);
    assertThat(unknown(ankle)).isLessThan(g.frameCount() / 100);
    // with R.MT1 and R.MT5 swapped in the run a fit of all five foot markers turns the foot over
    assertThat(percentile(ankle, 0.99)).isLessThan(40);
    assertThat(percentile(ankle, 0.01)).isGreaterThan(-45);
  }
}
