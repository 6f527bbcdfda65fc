package org.itbs.c3d.events;

/**
 * A zero-lag low-pass Butterworth filter: second order, run forward then backward (fourth order, no
 * phase shift), with the cutoff raised by 1/0.802 so that the double pass has its −3 dB point at
 * the cutoff asked for (Winter, Biomechanics and Motor Control of Human Movement, 4th ed., 2009,
 * §3.4.4). The ends are padded by odd reflection to damp the start-up transient.
 */
final class LowPass {
  private LowPass() {}

  /**
   * {@code x} filtered.
   *
   * @param x samples, all finite
   * @param rate samples per second
   * @param cutoff −3 dB frequency in Hz; at or above half the rate the signal is returned unchanged
   */
  static double[] filter(double[] x, double rate, double cutoff) {
    double fc = cutoff / 0.802;
    if (x.length < 2 || !(fc < rate / 2)) {
      return x.clone();
    }
    double k = Math.tan(Math.PI * fc / rate);
    double norm = 1 / (1 + Math.sqrt(2) * k + k * k);
    double b0 = k * k * norm;
    double a1 = 2 * (k * k - 1) * norm;
    double a2 = (1 - Math.sqrt(2) * k + k * k) * norm;
    int pad = Math.min(x.length - 1, (int) Math.ceil(3 * rate / cutoff));
    double[] y = new double[x.length + 2 * pad];
    for (int i = 0; i < pad; i++) {
      y[i] = 2 * x[0] - x[pad - i];
      y[y.length - 1 - i] = 2 * x[x.length - 1] - x[x.length - 1 - pad + i];
    }
    System.arraycopy(x, 0, y, pad, x.length);
    pass(y, b0, a1, a2);
    reverse(y);
    pass(y, b0, a1, a2);
    reverse(y);
    double[] out = new double[x.length];
    System.arraycopy(y, pad, out, 0, x.length);
    return out;
  }

  private static void pass(double[] y, double b0, double a1, double a2) {
    double x1 = y[0];
    double x2 = y[0];
    double y1 = y[0];
    double y2 = y[0];
    for (int i = 0; i < y.length; i++) {
      double x0 = y[i];
      double v = b0 * (x0 + 2 * x1 + x2) - a1 * y1 - a2 * y2;
      x2 = x1;
      x1 = x0;
      y2 = y1;
      y1 = v;
      y[i] = v;
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
