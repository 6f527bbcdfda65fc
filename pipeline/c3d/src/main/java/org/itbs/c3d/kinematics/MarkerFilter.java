package org.itbs.c3d.kinematics;

import org.itbs.c3d.Butterworth;

/**
 * How marker trajectories are cleaned before the model uses them: gaps of up to {@link #maxGap()}
 * frames are filled by linear interpolation between the last frame before and the first frame after
 * the gap, longer gaps stay missing; then each unbroken stretch is low-pass filtered at {@link
 * #cutoffHz()} with the module's fourth-order zero-lag Butterworth filter ({@link Butterworth}:
 * padded by its own reflection, so it starts without a step); a stretch shorter than {@link
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
    Butterworth.requireFilterable(rate, cutoffHz);
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
        Butterworth.lowPass(x, i, j, rate, cutoffHz);
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
}
