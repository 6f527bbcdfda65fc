package org.itbs.synth;

/**
 * A small, fully specified pseudo-random generator (SplitMix64) with the distributions the
 * generator needs. Every draw uses {@link StrictMath}, so a seed gives the same numbers on every
 * JVM and platform; that is what makes {@code itbs generate} byte-reproducible.
 *
 * <p>Streams: {@link #stream(long, long...)} derives an independent generator from a seed and a
 * path of indices (site, runner, purpose), so each runner's draws for one purpose can be replayed
 * without replaying anything else.
 */
final class Rng {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private long state;
  private double spareGaussian;
  private boolean hasSpare;

  Rng(long seed) {
    this.state = seed;
  }

  /** A generator for the given seed and index path; different paths give independent streams. */
  static Rng stream(long seed, long... path) {
    long h = mix(seed ^ 0x5DEECE66DL);
    for (long p : path) {
      h = mix(h + GOLDEN * (p + 1));
    }
    return new Rng(h);
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  long nextLong() {
    state += GOLDEN;
    return mix(state);
  }

  /** Uniform in [0, 1). */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [lo, hi). */
  double uniform(double lo, double hi) {
    return lo + (hi - lo) * nextDouble();
  }

  /** Uniform integer in [0, bound). */
  int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    return (int) ((nextLong() >>> 33) % bound);
  }

  /** Uniform integer in [lo, hi], both included. */
  int between(int lo, int hi) {
    return lo + nextInt(hi - lo + 1);
  }

  boolean chance(double p) {
    return nextDouble() < p;
  }

  /** Standard normal (Marsaglia polar method). */
  double gaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spareGaussian;
    }
    double u;
    double v;
    double s;
    do {
      u = 2 * nextDouble() - 1;
      v = 2 * nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    double f = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
    spareGaussian = v * f;
    hasSpare = true;
    return u * f;
  }

  double normal(double mean, double sd) {
    return mean + sd * gaussian();
  }

  /** Normal truncated to [lo, hi] by redrawing (falls back to clamping after 50 tries). */
  double truncatedNormal(double mean, double sd, double lo, double hi) {
    for (int i = 0; i < 50; i++) {
      double x = normal(mean, sd);
      if (x >= lo && x <= hi) {
        return x;
      }
    }
    return Math.max(lo, Math.min(hi, mean));
  }

  /** Exponential with the given mean. */
  double exponential(double mean) {
    return -mean * StrictMath.log(1 - nextDouble());
  }

  /** Log-normal with the given median and SD of the log. */
  double logNormal(double median, double sdLog) {
    return median * StrictMath.exp(sdLog * gaussian());
  }

  /** Gamma with the given shape and scale (Marsaglia–Tsang). */
  double gamma(double shape, double scale) {
    if (shape < 1) {
      double u = nextDouble();
      return gamma(1 + shape, scale) * StrictMath.pow(u, 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / StrictMath.sqrt(9 * d);
    while (true) {
      double x = gaussian();
      double v = 1 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = nextDouble();
      if (StrictMath.log(u) < 0.5 * x * x + d - d * v + d * StrictMath.log(v)) {
        return d * v * scale;
      }
    }
  }

  /** Poisson with the given mean (Knuth for small means, normal approximation above 30). */
  int poisson(double mean) {
    if (mean <= 0) {
      return 0;
    }
    if (mean > 30) {
      return Math.max(0, (int) StrictMath.round(normal(mean, StrictMath.sqrt(mean))));
    }
    double limit = StrictMath.exp(-mean);
    double p = nextDouble();
    int k = 0;
    while (p > limit) {
      p *= nextDouble();
      k++;
    }
    return k;
  }
}
