package org.itbs.c3d.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.itbs.c3d.AnalogData;
import org.itbs.c3d.C3dFile;
import org.itbs.c3d.ForcePlatform;
import org.itbs.c3d.PlatformForces;
import org.itbs.c3d.PointData;
import org.itbs.c3d.Side;

/**
 * Foot strikes and toe offs from the force platforms: contacts where the force normal to a
 * platform's surface rises to the rising threshold and falls below the falling one, the foot on the
 * platform told by the markers. See {@link GaitEventDetector} for the parameters.
 */
final class ForcePlatformEvents {
  private final C3dFile c3d;
  private final GaitEventDetector.Settings settings;
  private final List<String> notes;

  ForcePlatformEvents(C3dFile c3d, GaitEventDetector.Settings settings, List<String> notes) {
    this.c3d = c3d;
    this.settings = settings;
    this.notes = notes;
  }

  List<GaitEvent> detect() {
    List<GaitEvent> out = new ArrayList<>();
    List<ForcePlatform> platforms = c3d.forcePlatforms();
    AnalogData analog = c3d.analog();
    if (platforms.isEmpty()) {
      notes.add("force platform: the file has none");
      return out;
    }
    MarkerRoles roles = MarkerRoles.of(c3d.points());
    for (ForcePlatform fp : platforms) {
      if (!fp.recordedIn(analog)) {
        notes.add("force platform " + fp.number() + ": its channels are not in the file");
        continue;
      }
      PlatformForces forces = fp.forces(analog);
      double[] normal = normal(fp.corners());
      double[] fz = new double[forces.sampleCount()];
      for (int s = 0; s < fz.length; s++) {
        double v = 0;
        for (int a = 0; a < 3; a++) {
          v += forces.force(s, a) * normal[a];
        }
        fz[s] = Math.abs(v);
      }
      List<int[]> contacts = contacts(fz, forces.rate(), settings);
      if (contacts.isEmpty()) {
        notes.add(
            String.format(
                Locale.ROOT,
                "force platform %d: no contact (the force normal to it never stayed above %s N for"
                    + " %s s)",
                fp.number(),
                GaitEventDetector.fmt(settings.risingNewtons()),
                GaitEventDetector.fmt(settings.minContactSeconds())));
        continue;
      }
      int unassigned = 0;
      for (int[] c : contacts) {
        Side side = side(c, forces, normal, roles);
        if (side == null) {
          unassigned++;
          continue;
        }
        if (c[0] >= 0) {
          out.add(event(side, GaitEvent.Kind.FOOT_STRIKE, c[0], forces.rate()));
        }
        if (c[1] >= 0) {
          out.add(event(side, GaitEvent.Kind.TOE_OFF, c[1], forces.rate()));
        }
      }
      notes.add(
          "force platform "
              + fp.number()
              + ": "
              + contacts.size()
              + " contacts"
              + (unassigned == 0
                  ? ""
                  : ", " + unassigned + " left out: no foot marker near the centre of pressure"));
    }
    return out;
  }

  private GaitEvent event(Side side, GaitEvent.Kind kind, int sample, double rate) {
    double time = sample / rate;
    PointData p = c3d.points();
    int frame = p.firstFrame() + (int) Math.round(time * p.rate());
    return new GaitEvent(side, kind, frame, time, EventSource.FORCE_PLATFORM);
  }

  /**
   * The contacts of a force trace: {start, end} samples, start the first sample at or above the
   * rising threshold, end the first sample below the falling one after it; -1 for a start before
   * the trace (loaded from its first sample) or an end after it. Complete contacts shorter than the
   * minimum contact are dropped first, then contacts apart by less than the minimum flight are
   * joined.
   */
  static List<int[]> contacts(double[] fz, double rate, GaitEventDetector.Settings settings) {
    List<int[]> raw = new ArrayList<>();
    boolean on = false;
    int start = -1;
    for (int s = 0; s < fz.length; s++) {
      if (!on && fz[s] >= settings.risingNewtons()) {
        on = true;
        start = s == 0 ? -1 : s;
      } else if (on && fz[s] < settings.fallingNewtons()) {
        on = false;
        raw.add(new int[] {start, s});
      }
    }
    if (on) {
      raw.add(new int[] {start, -1});
    }
    List<int[]> kept = new ArrayList<>();
    for (int[] c : raw) {
      if (c[0] < 0 || c[1] < 0 || (c[1] - c[0]) / rate >= settings.minContactSeconds()) {
        kept.add(c);
      }
    }
    List<int[]> out = new ArrayList<>();
    for (int[] c : kept) {
      int[] last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && last[1] >= 0 && (c[0] - last[1]) / rate < settings.minFlightSeconds()) {
        last[1] = c[1];
      } else {
        out.add(c.clone());
      }
    }
    return out;
  }

  /**
   * The foot on the platform during contact {@code c}: the side with a heel, toe or foot marker
   * nearest the centre of pressure (distance in the platform's plane) at mid-stance; null when no
   * foot marker is present then.
   */
  private Side side(int[] c, PlatformForces forces, double[] normal, MarkerRoles roles) {
    int first = c[0] < 0 ? 0 : c[0];
    int last = c[1] < 0 ? forces.sampleCount() - 1 : c[1] - 1;
    int mid = (first + last) / 2;
    PointData p = c3d.points();
    // Nearest sample to mid-stance with a centre of pressure, then its frame.
    for (int d = 0; d <= (last - first) / 2; d++) {
      for (int s : new int[] {mid - d, mid + d}) {
        if (s < first || s > last || Float.isNaN(forces.centerOfPressure(s, 0))) {
          continue;
        }
        int f = (int) Math.round(s / forces.rate() * p.rate());
        if (f >= p.frameCount()) {
          continue;
        }
        double[] cop = {
          forces.centerOfPressure(s, 0),
          forces.centerOfPressure(s, 1),
          forces.centerOfPressure(s, 2)
        };
        Side best = null;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (Side side : Side.values()) {
          for (int m : roles.allFoot(side)) {
            if (p.missing(f, m)) {
              continue;
            }
            double[] v = {p.x(f, m) - cop[0], p.y(f, m) - cop[1], p.z(f, m) - cop[2]};
            double along = v[0] * normal[0] + v[1] * normal[1] + v[2] * normal[2];
            double dist = Math.sqrt(Math.max(0, dot(v, v) - along * along));
            if (dist < bestDistance) {
              bestDistance = dist;
              best = side;
            }
          }
        }
        if (best != null) {
          return best;
        }
      }
    }
    return null;
  }

  /** The unit normal of the platform's surface in the lab, from its corners. */
  static double[] normal(double[][] corners) {
    double[] x = new double[3];
    double[] y = new double[3];
    for (int a = 0; a < 3; a++) {
      x[a] = corners[0][a] - corners[1][a];
      y[a] = corners[0][a] - corners[3][a];
    }
    double[] z = {x[1] * y[2] - x[2] * y[1], x[2] * y[0] - x[0] * y[2], x[0] * y[1] - x[1] * y[0]};
    double n = Math.sqrt(dot(z, z));
    return new double[] {z[0] / n, z[1] / n, z[2] / n};
  }

  private static double dot(double[] p, double[] q) {
    return p[0] * q[0] + p[1] * q[1] + p[2] * q[2];
  }
}
