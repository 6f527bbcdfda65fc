package org.itbs.c3d;

/**
 * What one force platform measured at every analog sample, in the lab frame (see {@link
 * ForcePlatform#forces}): force (force unit, normally N), moment about the centre of the working
 * surface (force unit × point unit, normally N·mm) and centre of pressure (point unit, NaN while no
 * foot loads the platform).
 */
public final class PlatformForces {
  static final int COLUMNS = 9;

  private final int platform;
  private final double rate;
  private final int samples;
  private final float[] values;

  PlatformForces(int platform, double rate, int samples, float[] values) {
    this.platform = platform;
    this.rate = rate;
    this.samples = samples;
    this.values = values;
  }

  /** The platform's number, 1-based. */
  public int platform() {
    return platform;
  }

  /** Samples per second (the analog rate). */
  public double rate() {
    return rate;
  }

  /** Number of samples. */
  public int sampleCount() {
    return samples;
  }

  /** Force along lab axis {@code axis} (0 x, 1 y, 2 z) at sample {@code s}. */
  public float force(int s, int axis) {
    return values[s * COLUMNS + axis];
  }

  /** Moment about the surface centre around lab axis {@code axis} at sample {@code s}. */
  public float moment(int s, int axis) {
    return values[s * COLUMNS + 3 + axis];
  }

  /** Centre of pressure, lab coordinate {@code axis}, at sample {@code s}; NaN when unloaded. */
  public float centerOfPressure(int s, int axis) {
    return values[s * COLUMNS + 6 + axis];
  }
}
