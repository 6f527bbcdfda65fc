package org.itbs.c3d.kinematics;

import java.util.List;
import org.itbs.c3d.Side;

/**
 * Gait-cycle curves: an angle from one foot strike to the next of the same side, resampled to 101
 * points (0–100 % of the cycle) by linear interpolation between frames, and their mean over cycles;
 * with the root-mean-square difference and Pearson correlation of two curves.
 */
public final class CycleCurves {
  /** Points per cycle: 0, 1, …, 100 %. */
  public static final int POINTS = 101;

  private CycleCurves() {}

  /**
   * The mean over cycles of {@code angle} of {@code side}.
   *
   * @param footStrikes the side's foot strikes, seconds from the first frame, ascending
   * @param minSeconds shortest cycle kept (shorter ones are taken as a missed foot strike)
   * @param maxSeconds longest cycle kept
   * @return the mean curve (101 values, degrees) and in {@code [1][0]} the number of cycles used: a
   *     cycle with any unknown value is left out
   */
  public static double[][] mean(
      GaitAngles angles,
      Side side,
      Angle angle,
      List<Double> footStrikes,
      double minSeconds,
      double maxSeconds) {
    double[] series = angles.series(side, angle);
    double[] sum = new double[POINTS];
    int cycles = 0;
    for (int i = 0; i + 1 < footStrikes.size(); i++) {
      double t0 = footStrikes.get(i);
      double t1 = footStrikes.get(i + 1);
      if (t1 - t0 < minSeconds || t1 - t0 > maxSeconds) {
        continue;
      }
      double[] c = cycle(series, angles.rate(), t0, t1);
      if (c == null) {
        continue;
      }
      for (int k = 0; k < POINTS; k++) {
        sum[k] += c[k];
      }
      cycles++;
    }
    for (int k = 0; k < POINTS; k++) {
      sum[k] = cycles == 0 ? Double.NaN : sum[k] / cycles;
    }
    return new double[][] {sum, {cycles}};
  }

  /** One cycle from {@code t0} to {@code t1} seconds, 101 points, or null if any is unknown. */
  static double[] cycle(double[] series, double rate, double t0, double t1) {
    double[] out = new double[POINTS];
    for (int k = 0; k < POINTS; k++) {
      double tf = (t0 + k * (t1 - t0) / (POINTS - 1)) * rate;
      int f0 = (int) Math.floor(tf);
      if (f0 < 0 || f0 + 1 >= series.length) {
        return null;
      }
      double w = tf - f0;
      out[k] = series[f0] * (1 - w) + series[f0 + 1] * w;
      if (Double.isNaN(out[k])) {
        return null;
      }
    }
    return out;
  }

  /** Root-mean-square difference of two curves of equal length. */
  public static double rms(double[] a, double[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      s += (a[k] - b[k]) * (a[k] - b[k]);
    }
    return Math.sqrt(s / a.length);
  }

  /** Pearson's correlation of two curves of equal length. */
  public static double correlation(double[] a, double[] b) {
    double ma = 0;
    double mb = 0;
    for (int k = 0; k < a.length; k++) {
      ma += a[k];
      mb += b[k];
    }
    ma /= a.length;
    mb /= b.length;
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int k = 0; k < a.length; k++) {
      sab += (a[k] - ma) * (b[k] - mb);
      saa += (a[k] - ma) * (a[k] - ma);
      sbb += (b[k] - mb) * (b[k] - mb);
    }
    return sab / Math.sqrt(saa * sbb);
  }
}
