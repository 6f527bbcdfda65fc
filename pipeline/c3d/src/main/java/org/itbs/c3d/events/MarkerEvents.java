package org.itbs.c3d.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.itbs.c3d.Butterworth;
import org.itbs.c3d.PointData;
import org.itbs.c3d.Side;

/**
 * Foot strikes and toe offs from the markers alone, after Zeni, Richards and Higginson (2008), "Two
 * simple methods for determining gait events during treadmill and overground walking using
 * kinematic data", Gait &amp; Posture 27:710–714: along the direction of travel, a foot strike is
 * the largest distance of the heel in front of the pelvis centre, a toe off the largest distance of
 * the toe behind it. See {@link GaitEventDetector} for the parameters.
 */
final class MarkerEvents {
  private final PointData p;
  private final GaitEventDetector.Settings settings;
  private final List<String> notes;

  MarkerEvents(PointData p, GaitEventDetector.Settings settings, List<String> notes) {
    this.p = p;
    this.settings = settings;
    this.notes = notes;
  }

  /** The lab axes of a trial: which is vertical, which is the direction of travel and its sign. */
  record Axes(int vertical, int forward, double sign) {
    String describe() {
      return (sign > 0 ? "+" : "-")
          + "xyz".charAt(forward)
          + " forward, "
          + "xyz".charAt(vertical)
          + " vertical";
    }
  }

  List<GaitEvent> detect() {
    List<GaitEvent> out = new ArrayList<>();
    if (p.frameCount() < 3) {
      notes.add("markers: the trial has " + p.frameCount() + " frames, too few for events");
      return out;
    }
    MarkerRoles roles = MarkerRoles.of(p);
    if (roles.pelvis.isEmpty()) {
      notes.add("markers: no pelvis marker found (labels such as LASI, R.PSIS, SACR, pelvis_1)");
      return out;
    }
    double[][] pelvis = position(roles.pelvis);
    if (finite(pelvis[0]) == 0) {
      notes.add(
          "markers: the pelvis (" + roles.names(roles.pelvis) + ") is missing in every frame");
      return out;
    }
    List<double[][]> heels = new ArrayList<>();
    List<double[][]> toes = new ArrayList<>();
    List<Side> sides = new ArrayList<>();
    for (Side side : Side.values()) {
      List<Integer> h = roles.heelOrFoot(side);
      List<Integer> t = roles.toeOrFoot(side);
      if (h.isEmpty() || t.isEmpty()) {
        notes.add(
            "markers: no "
                + side.label()
                + " heel, toe or foot marker found (labels such as "
                + (side == Side.LEFT ? "LHEE, LTOE, L.MT1, L_foot_1" : "RHEE, RTOE")
                + ")");
        continue;
      }
      double[][] hp = position(h);
      double[][] tp = position(t);
      if (finite(hp[0]) == 0 || finite(tp[0]) == 0) {
        notes.add(
            "markers: the "
                + side.label()
                + " foot ("
                + roles.names(finite(hp[0]) == 0 ? h : t)
                + ") is missing in every frame");
        continue;
      }
      notes.add(
          "markers: "
              + side.label()
              + " heel "
              + roles.names(h)
              + ", toe "
              + roles.names(t)
              + (h.equals(t) ? " (no heel or toe marker: the foot cluster for both)" : ""));
      heels.add(hp);
      toes.add(tp);
      sides.add(side);
    }
    if (sides.isEmpty()) {
      return out;
    }
    notes.add("markers: pelvis centre " + roles.names(roles.pelvis));
    Axes axes = axes(pelvis, heels);
    notes.add("markers: " + axes.describe() + " (found from the data)");
    for (int i = 0; i < sides.size(); i++) {
      double[] heel = relative(heels.get(i), pelvis, axes);
      double[] toe = relative(toes.get(i), pelvis, axes);
      for (int f : extremes(heel, +1)) {
        out.add(event(sides.get(i), GaitEvent.Kind.FOOT_STRIKE, f));
      }
      for (int f : extremes(toe, -1)) {
        out.add(event(sides.get(i), GaitEvent.Kind.TOE_OFF, f));
      }
    }
    if (out.isEmpty()) {
      notes.add(
          "markers: no stride found (the feet do not move back and forth relative to the pelvis)");
    }
    return out;
  }

  private GaitEvent event(Side side, GaitEvent.Kind kind, int f) {
    return new GaitEvent(side, kind, p.firstFrame() + f, f / p.rate(), EventSource.MARKERS);
  }

  private double[][] position(List<Integer> markers) {
    return new double[][] {
      MarkerRoles.mean(p, markers, 0),
      MarkerRoles.mean(p, markers, 1),
      MarkerRoles.mean(p, markers, 2)
    };
  }

  private static int finite(double[] v) {
    int n = 0;
    for (double x : v) {
      if (!Double.isNaN(x)) {
        n++;
      }
    }
    return n;
  }

  /**
   * The lab axes from the data: vertical is the axis along which the pelvis is farthest from the
   * heels on average; the direction of travel (or the treadmill belt) is, of the two others, the
   * one along which the heels move most relative to the pelvis; forward is the way the heels move
   * relative to the pelvis while they are low (in stance a foot moves backwards relative to the
   * pelvis, on a treadmill and over ground).
   */
  static Axes axes(double[][] pelvis, List<double[][]> heels) {
    double[] offset = new double[3];
    double[] spread = new double[3];
    for (double[][] h : heels) {
      for (int a = 0; a < 3; a++) {
        double[] d = minus(pelvis[a], h[a]);
        offset[a] += Math.abs(nanMean(d));
        spread[a] += nanVariance(d);
      }
    }
    int vertical = argmax(offset, -1);
    int forward = argmax(spread, vertical);
    double up = Math.signum(nanMean(minus(pelvis[vertical], heels.get(0)[vertical])));
    double velocityLow = 0;
    for (double[][] h : heels) {
      double[] height = h[vertical];
      double[] ap = minus(h[forward], pelvis[forward]);
      double[] sorted =
          java.util.Arrays.stream(height)
              .filter(v -> !Double.isNaN(v))
              .map(v -> up * v)
              .sorted()
              .toArray();
      double low = sorted[sorted.length / 4];
      for (int f = 1; f < height.length; f++) {
        if (up * height[f] <= low && !Double.isNaN(ap[f]) && !Double.isNaN(ap[f - 1])) {
          velocityLow += ap[f] - ap[f - 1];
        }
      }
    }
    return new Axes(vertical, forward, velocityLow > 0 ? -1 : 1);
  }

  /** Forward position of {@code foot} relative to {@code pelvis} in every frame. */
  private static double[] relative(double[][] foot, double[][] pelvis, Axes axes) {
    double[] d = minus(foot[axes.forward()], pelvis[axes.forward()]);
    for (int f = 0; f < d.length; f++) {
      d[f] *= axes.sign();
    }
    return d;
  }

  /**
   * The frames of the largest ({@code sign} +1) or smallest (−1) value of each excursion of the
   * filtered signal beyond its mean, in every run of frames where it is present (gaps of up to
   * {@code maxGapFrames} filled linearly first). An excursion starts when the signal passes the
   * mean by a tenth of its standard deviation and ends when it comes back past the mean by as much;
   * excursions cut by the start or end of a run are left out.
   */
  List<Integer> extremes(double[] raw, int sign) {
    double[] x = fillGaps(raw, settings.maxGapFrames());
    List<Integer> out = new ArrayList<>();
    int f = 0;
    while (f < x.length) {
      if (Double.isNaN(x[f])) {
        f++;
        continue;
      }
      int start = f;
      while (f < x.length && !Double.isNaN(x[f])) {
        f++;
      }
      double[] run = java.util.Arrays.copyOfRange(x, start, f);
      if (run.length < 3) {
        continue;
      }
      double[] y =
          Butterworth.canFilter(p.rate(), settings.cutoffHz())
              ? Butterworth.lowPass(run, p.rate(), settings.cutoffHz())
              : run;
      double mean = nanMean(y);
      double band = Math.sqrt(nanVariance(y)) / 10;
      boolean inside = false;
      boolean complete = false;
      int best = -1;
      for (int i = 0; i < y.length; i++) {
        double v = sign * (y[i] - mean);
        if (!inside && v > band) {
          inside = true;
          complete = i > 0;
          best = i;
        }
        if (inside) {
          if (sign * y[i] > sign * y[best]) {
            best = i;
          }
          if (v < -band) {
            inside = false;
            if (complete) {
              out.add(start + best);
            }
          }
        }
      }
    }
    return out;
  }

  /** Gaps of up to {@code maxGap} frames between present values filled linearly. */
  static double[] fillGaps(double[] x, int maxGap) {
    double[] y = x.clone();
    int last = -1;
    for (int f = 0; f < y.length; f++) {
      if (Double.isNaN(y[f])) {
        continue;
      }
      if (last >= 0 && f - last > 1 && f - last - 1 <= maxGap) {
        for (int g = last + 1; g < f; g++) {
          y[g] = y[last] + (y[f] - y[last]) * (g - last) / (f - last);
        }
      }
      last = f;
    }
    return y;
  }

  private static double[] minus(double[] a, double[] b) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i] - b[i];
    }
    return d;
  }

  private static double nanMean(double[] v) {
    double s = 0;
    int n = 0;
    for (double x : v) {
      if (!Double.isNaN(x)) {
        s += x;
        n++;
      }
    }
    return n == 0 ? Double.NaN : s / n;
  }

  private static double nanVariance(double[] v) {
    double m = nanMean(v);
    double s = 0;
    int n = 0;
    for (double x : v) {
      if (!Double.isNaN(x)) {
        s += (x - m) * (x - m);
        n++;
      }
    }
    return n == 0 ? 0 : s / n;
  }

  private static int argmax(double[] v, int skip) {
    int best = -1;
    for (int a = 0; a < v.length; a++) {
      if (a != skip && (best < 0 || v[a] > v[best])) {
        best = a;
      }
    }
    return best;
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
