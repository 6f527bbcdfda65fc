package org.itbs.c3d;

import java.util.Locale;

/**
 * The one low-pass filter of this module, for marker trajectories ({@link
 * org.itbs.c3d.kinematics.MarkerFilter}) and the foot and pelvis traces gait events are found in
 * ({@link org.itbs.c3d.events.GaitEventDetector}): a fourth-order zero-lag Butterworth filter, that
 * is a second-order Butterworth low-pass (bilinear transform with pre-warping) run forward and then
 * backward, its cut-off raised by 1 / {@value #DOUBLE_PASS} so that the two passes together are
 * down 3 dB at the cut-off asked for (Winter, Biomechanics and Motor Control of Human Movement, 4th
 * ed., 2009, §3.4.4). The samples are padded at both ends by their own odd reflection
 * (point-symmetric about the end value) over up to one second, and each pass starts in the steady
 * state of its first value, so the filter starts without a step and a constant passes unchanged.
 */
public final class Butterworth {
  /** Winter's correction of the cut-off for two passes of a second-order filter. */
  public static final double DOUBLE_PASS = 0.802;

  private Butterworth() {}

  /**
   * Whether {@code cutoffHz} can be filtered at {@code rate} samples per second: the single pass's
   * raised cut-off is below the Nyquist frequency.
   */
  public static boolean canFilter(double rate, double cutoffHz) {
    return cutoffHz > 0 && cutoffHz / DOUBLE_PASS < rate / 2;
  }

  /**
   * Checks that {@code cutoffHz} can be filtered at {@code rate} samples per second ({@link
   * #canFilter}).
   *
   * @throws IllegalArgumentException when it cannot, saying why
   */
  public static void requireFilterable(double rate, double cutoffHz) {
    if (!canFilter(rate, cutoffHz)) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "cut-off %s Hz is too high for %s frames per second (the two passes need %.1f Hz,"
                  + " below the Nyquist frequency %.1f Hz)",
              cutoffHz,
              rate,
              cutoffHz / DOUBLE_PASS,
              rate / 2));
    }
  }

  /**
   * {@code x} filtered, a new array.
   *
   * @param x samples, all finite
   * @param rate samples per second
   * @param cutoffHz the −3 dB frequency of the two passes, in Hz
   * @throws IllegalArgumentException when it cannot be filtered at that rate ({@link #canFilter})
   */
  public static double[] lowPass(double[] x, double rate, double cutoffHz) {
    double[] y = x.clone();
    lowPass(y, 0, y.length, rate, cutoffHz);
    return y;
  }

  /**
   * Filters {@code x[from, to)} in place.
   *
   * @param x samples, finite in the range
   * @param rate samples per second
   * @param cutoffHz the −3 dB frequency of the two passes, in Hz
   * @throws IllegalArgumentException when it cannot be filtered at that rate ({@link #canFilter})
   */
  public static void lowPass(double[] x, int from, int to, double rate, double cutoffHz) {
    requireFilterable(rate, cutoffHz);
    double fc = cutoffHz / DOUBLE_PASS;
    int n = to - from;
    if (n < 2) {
      return;
    }
    int pad = Math.min(n - 1, (int) Math.round(rate));
    double[] y = new double[n + 2 * pad];
    for (int k = 0; k < pad; k++) {
      y[k] = 2 * x[from] - x[from + pad - k];
      y[pad + n + k] = 2 * x[to - 1] - x[to - 2 - k];
    }
    System.arraycopy(x, from, y, pad, n);
    double w = Math.tan(Math.PI * fc / rate);
    double k1 = Math.sqrt(2) * w;
    double k2 = w * w;
    double a0 = k2 / (1 + k1 + k2);
    double a1 = 2 * a0;
    double a2 = a0;
    double b1 = 2 * (1 - k2) / (1 + k1 + k2);
    double b2 = -(1 - k1 + k2) / (1 + k1 + k2);
    pass(y, a0, a1, a2, b1, b2);
    reverse(y);
    pass(y, a0, a1, a2, b1, b2);
    reverse(y);
    System.arraycopy(y, pad, x, from, n);
  }

  private static void pass(double[] y, double a0, double a1, double a2, double b1, double b2) {
    double x1 = y[0];
    double x2 = y[0];
    double y1 = y[0];
    double y2 = y[0];
    for (int k = 0; k < y.length; k++) {
      double xk = y[k];
      double yk = a0 * xk + a1 * x1 + a2 * x2 + b1 * y1 + b2 * y2;
      x2 = x1;
      x1 = xk;
      y2 = y1;
      y1 = yk;
      y[k] = yk;
    }
  }

  private static void reverse(double[] y) {
    for (int i = 0, j = y.length - 1; i < j; i++, j--) {
      double t = y[i];
      y[i] = y[j];
      y[j] = t;
    }
  }
}
