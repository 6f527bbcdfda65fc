package org.itbs.c3d.kinematics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Cardan decomposition and the least-squares rigid fit. */
class RotationsTest {
  @Test
  void cardanZxyRecoversTheAnglesItWasBuiltFrom() {
    Random r = new Random(3);
    for (int i = 0; i < 200; i++) {
      double a = r.nextDouble() * 340 - 170;
      double b = r.nextDouble() * 160 - 80;
      double c = r.nextDouble() * 340 - 170;
      double[] abc = Rotations.cardanZxy(Rotations.fromCardanZxy(a, b, c));
      assertThat(abc[0]).isCloseTo(a, within(1e-9));
      assertThat(abc[1]).isCloseTo(b, within(1e-9));
      assertThat(abc[2]).isCloseTo(c, within(1e-9));
    }
  }

  @Test
  void flexionIsAboutZAdductionAboutXRotationAboutY() {
    // 30 deg about z turns y (superior) towards -x (posterior)
    double[][] rz = Rotations.fromCardanZxy(30, 0, 0);
    assertThat(Rotations.column(rz, 1)[0]).isCloseTo(-0.5, within(1e-12));
    // 30 deg about x turns y towards +z (right)
    double[][] rx = Rotations.fromCardanZxy(0, 30, 0);
    assertThat(Rotations.column(rx, 1)[2]).isCloseTo(0.5, within(1e-12));
    // 30 deg about y turns x (anterior) towards -z (left)
    double[][] ry = Rotations.fromCardanZxy(0, 0, 30);
    assertThat(Rotations.column(ry, 0)[2]).isCloseTo(-0.5, within(1e-12));
  }

  @Test
  void rigidFitFindsTheRotationAndTranslationOfMovedPointsAndSkipsMissingOnes() {
    Random r = new Random(5);
    double[][] local = new double[5][3];
    for (double[] p : local) {
      for (int k = 0; k < 3; k++) {
        p[k] = r.nextGaussian() * 50;
      }
    }
    double[][] rot = Rotations.fromCardanZxy(40, -25, 110);
    double[] t = {1000, 900, -300};
    double[][] lab = new double[5][];
    for (int i = 0; i < 5; i++) {
      lab[i] = Rotations.add(Rotations.apply(rot, local[i]), t);
      for (int k = 0; k < 3; k++) {
        lab[i][k] += r.nextGaussian() * 0.01;
      }
    }
    lab[2] = new double[] {Double.NaN, Double.NaN, Double.NaN};
    double[][][] fit = Rotations.rigidFit(local, lab);
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        assertThat(fit[0][i][j]).isCloseTo(rot[i][j], within(1e-3));
      }
      assertThat(fit[1][0][i]).isCloseTo(t[i], within(0.05));
    }
    assertThat(Rotations.det(fit[0])).isCloseTo(1, within(1e-9));
  }

  @Test
  void rigidFitNeedsThreeMarkers() {
    double[][] local = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}};
    double[][] lab = {{0, 0, 0}, {1, 0, 0}, {Double.NaN, 0, 0}};
    assertThat(Rotations.rigidFit(local, lab)).isNull();
  }
}
