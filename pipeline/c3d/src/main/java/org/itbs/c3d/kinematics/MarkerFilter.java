package org.itbs.c3d.kinematics;

import java.util.Locale;

/**
 * How marker trajectories are cleaned before the model uses them: gaps of up to {@link #maxGap()}
 * frames are filled by linear interpolation between the last frame before and the first frame after
 * the gap, longer gaps stay missing; then each unbroken stretch is low-pass filtered with a
 * fourth-order zero-lag Butterworth filter: a second-order Butterworth run forward and backward
 * (Winter, Biomechanics and Motor Control of Human Movement, 4th ed. 2009, §3.4.4), its cut-off
 * raised by 1 / 0.802 so that the two passes together are down 3 dB at {@link #cutoffHz()}. Each
 * stretch is padded at both ends by its own reflection (point-symmetric about the end value) over
 * up to one second, so the filter starts without a step; a stretch shorter than {@link
 * #MIN_FILTERED} frames is left unfiltered.
 *
 * @param cutoffHz the cut-off frequency in Hz (the default, {@link #DEFAULT}, is 10 Hz)
 * @param maxGap the longest gap, in frames, that is filled (the default is 10)
 */
public record MarkerFilter(double cutoffHz, int maxGap) {
  /** 10 Hz, gaps of up to 10 frames filled. */
  public static final MarkerFilter DEFAULT = new MarkerFilter(10, 10);

  /** Stretches shorter than this many frames are not filtered. */
  public static final int MIN_FILTERED = 12;

  /**
   * @throws IllegalArgumentException when the cut-off is not positive or the gap is negative
   */
  public MarkerFilter {
    if (!(cutoffHz > 0)) {
      throw new IllegalArgumentException("cut-off " + cutoffHz + " Hz is not a positive number");
    }
    if (maxGap < 0) {
      throw new IllegalArgumentException("longest gap to fill " + maxGap + " is negative");
    }
  }

  /**
   * Fills and filters one coordinate of one marker in place.
   *
   * @param x the samples, NaN where missing
   * @param rate samples per second
   * @throws IllegalArgumentException when the cut-off is not below the Nyquist frequency
   */
  public void apply(double[] x, double rate) {
    double fc = cutoffHz / 0.802;
    if (fc >= rate / 2) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "cut-off %s Hz is too high for %s frames per second (the two passes need %.1f Hz,"
                  + " below the Nyquist frequency %.1f Hz)",
              cutoffHz,
              rate,
              fc,
              rate / 2));
    }
    fillGaps(x, maxGap);
    int i = 0;
    while (i < x.length) {
      if (Double.isNaN(x[i])) {
        i++;
        continue;
      }
      int j = i;
      while (j < x.length && !Double.isNaN(x[j])) {
        j++;
      }
      if (j - i >= MIN_FILTERED) {
        filtfilt(x, i, j, fc, rate);
      }
      i = j;
    }
  }

  /** Linear interpolation across gaps of at most {@code maxGap} frames between present frames. */
  static void fillGaps(double[] x, int maxGap) {
    int i = 0;
    while (i < x.length && Double.isNaN(x[i])) {
      i++;
    }
    while (i < x.length) {
      int j = i + 1;
      while (j < x.length && Double.isNaN(x[j])) {
        j++;
      }
      if (j >= x.length) {
        return;
      }
      int gap = j - i - 1;
      if (gap > 0 && gap <= maxGap) {
        for (int k = i + 1; k < j; k++) {
          x[k] = x[i] + (x[j] - x[i]) * (k - i) / (double) (j - i);
        }
      }
      i = j;
    }
  }

  private static void filtfilt(double[] x, int from, int to, double fc, double rate) {
    int n = to - from;
    int pad = Math.min(n - 1, (int) Math.round(rate));
    double[] y = new double[n + 2 * pad];
    for (int k = 0; k < pad; k++) {
      y[k] = 2 * x[from] - x[from + pad - k];
      y[pad + n + k] = 2 * x[to - 1] - x[to - 2 - k];
    }
    System.arraycopy(x, from, y, pad, n);
    // Second-order Butterworth low-pass by the bilinear transform with pre-warping.
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
    // start in the steady state of the first value, so a constant passes unchanged
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
