package org.itbs.c3d.kinematics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Gap filling and the zero-lag Butterworth filter of the marker trajectories. */
class MarkerFilterTest {
  static double[] sine(double hz, double rate, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = 100 * Math.sin(2 * Math.PI * hz * i / rate);
    }
    return x;
  }

  static double amplitudeInTheMiddle(double[] x) {
    double m = 0;
    for (int i = x.length / 4; i < 3 * x.length / 4; i++) {
      m = Math.max(m, Math.abs(x[i]));
    }
    return m;
  }

  @Test
  void passesSlowMotionHalvesThePowerAtTheCutoffAndRemovesFastNoise() {
    MarkerFilter f = MarkerFilter.DEFAULT;
    double[] slow = sine(1, 150, 1500);
    f.apply(slow, 150);
    assertThat(amplitudeInTheMiddle(slow)).isCloseTo(100, within(0.5));
    double[] atCutoff = sine(10, 150, 1500);
    f.apply(atCutoff, 150);
    assertThat(amplitudeInTheMiddle(atCutoff)).isCloseTo(100 / Math.sqrt(2), within(3.0));
    double[] fast = sine(40, 150, 1500);
    f.apply(fast, 150);
    assertThat(amplitudeInTheMiddle(fast)).isLessThan(2);
  }

  @Test
  void noPhaseLagAndConstantsUnchanged() {
    double[] x = sine(2, 200, 2000);
    double[] y = x.clone();
    MarkerFilter.DEFAULT.apply(y, 200);
    for (int i = 200; i < 1800; i++) {
      assertThat(y[i]).isCloseTo(x[i], within(0.5));
    }
    double[] c = new double[100];
    java.util.Arrays.fill(c, 1234.5);
    MarkerFilter.DEFAULT.apply(c, 200);
    for (double v : c) {
      assertThat(v).isCloseTo(1234.5, within(1e-9));
    }
  }

  @Test
  void fillsShortGapsLinearlyAndLeavesLongOnesMissing() {
    double[] x = new double[60];
    for (int i = 0; i < x.length; i++) {
      x[i] = i;
    }
    for (int i = 10; i < 13; i++) {
      x[i] = Double.NaN; // 3 frames: filled
    }
    for (int i = 30; i < 41; i++) {
      x[i] = Double.NaN; // 11 frames: left
    }
    MarkerFilter.fillGaps(x, 10);
    assertThat(x[10]).isEqualTo(10.0);
    assertThat(x[12]).isEqualTo(12.0);
    for (int i = 30; i < 41; i++) {
      assertThat(x[i]).isNaN();
    }
    MarkerFilter.DEFAULT.apply(x, 100);
    assertThat(x[35]).isNaN();
    assertThat(x[20]).isCloseTo(20, within(0.01));
  }

  @Test
  void refusesACutoffTooHighForTheRate() {
    assertThatThrownBy(() -> new MarkerFilter(30, 10).apply(new double[50], 60))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cut-off 30.0 Hz is too high for 60.0 frames per second");
    assertThatThrownBy(() -> new MarkerFilter(0, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a positive number");
  }
}
