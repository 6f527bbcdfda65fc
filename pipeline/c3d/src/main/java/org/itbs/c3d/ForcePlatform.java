package org.itbs.c3d;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One force platform of a C3D file's {@code FORCE_PLATFORM} group, of type 1 to 4 (the C3D User
 * Guide's "force plate types"):
 *
 * <ul>
 *   <li>type 1: channels Fx, Fy, Fz, COPx, COPy, Tz (centre of pressure given by the platform);
 *   <li>type 2: Fx, Fy, Fz, Mx, My, Mz about the platform's origin;
 *   <li>type 3: 8 channels of a Kistler platform, Fx12, Fx34, Fy14, Fy23, Fz1–Fz4, with {@code
 *       ORIGIN} holding the sensor offsets a, b and az0;
 *   <li>type 4: as type 2 after multiplying the 6 channels by {@code CAL_MATRIX} (6 × 6, the first
 *       index the row).
 * </ul>
 *
 * The platform's axes in the lab come from {@code CORNERS} (corner 1 in the platform's +x+y
 * quadrant, 2 in −x+y, 3 in −x−y, 4 in +x−y): x = c1 − c2, y = c1 − c4, z = x × y, made
 * orthonormal. {@code ORIGIN} is the vector from the platform's origin to the centre of its working
 * surface, in platform axes (its z is negative for a z axis pointing down; a positive z is negated,
 * as other readers do). {@code FORCE_PLATFORM:ZERO} (a baseline range) is not applied: the channels
 * are used as stored.
 */
public final class ForcePlatform {
  /** Below this vertical force (in the force unit, normally N) the centre of pressure is NaN. */
  public static final double COP_MIN_FORCE = 10;

  private final String file;
  private final int number;
  private final int type;
  private final double[][] corners;
  private final double[] origin;
  private final int[] channels;
  private final double[][] calibration;
  private final double[] center = new double[3];
  private final double[][] axes = new double[3][];

  private ForcePlatform(
      String file,
      int number,
      int type,
      double[][] corners,
      double[] origin,
      int[] channels,
      double[][] cal) {
    this.file = file;
    this.number = number;
    this.type = type;
    this.corners = corners;
    this.origin = origin;
    this.channels = channels;
    this.calibration = cal;
    for (double[] c : corners) {
      for (int k = 0; k < 3; k++) {
        center[k] += c[k] / 4;
      }
    }
    double[] x = minus(corners[0], corners[1]);
    double[] y = minus(corners[0], corners[3]);
    double[] z = cross(x, y);
    y = cross(z, x);
    axes[0] = unit(x);
    axes[1] = unit(y);
    axes[2] = unit(z);
  }

  /** The platforms of {@code FORCE_PLATFORM:USED}; empty without the group. */
  static List<ForcePlatform> all(C3dFile c3d) {
    Parameters ps = c3d.parameters();
    String file = c3d.name();
    List<ForcePlatform> out = new ArrayList<>();
    Optional<Parameter> used = ps.find("FORCE_PLATFORM", "USED");
    if (used.isEmpty() || used.get().type() == Parameter.Type.CHAR) {
      return out;
    }
    int n = (int) used.get().value(0);
    if (n <= 0) {
      return out;
    }
    double[] types = numbers(ps, file, "TYPE", n, 1);
    double[] corners = numbers(ps, file, "CORNERS", n, 12);
    double[] origins = numbers(ps, file, "ORIGIN", n, 3);
    Parameter channel =
        ps.find("FORCE_PLATFORM", "CHANNEL").orElseThrow(() -> missing(file, "CHANNEL"));
    int[] dims = channel.dimensions();
    int perPlatform = dims.length >= 1 ? dims[0] : 0;
    double[] channelValues = ps.values(file, "FORCE_PLATFORM", "CHANNEL");
    for (int i = 0; i < n; i++) {
      int type = (int) types[i];
      if (type < 1 || type > 4) {
        throw new C3dFormatException(
            file,
            "parameter FORCE_PLATFORM:TYPE",
            "platform " + (i + 1) + " is of type " + type + "; types 1 to 4 are read");
      }
      int k = type == 3 ? 8 : 6;
      if (perPlatform < k || channelValues.length < (long) perPlatform * (i + 1)) {
        throw new C3dFormatException(
            file,
            "parameter FORCE_PLATFORM:CHANNEL",
            "platform " + (i + 1) + " of type " + type + " needs " + k + " channels");
      }
      int[] ch = new int[k];
      for (int j = 0; j < k; j++) {
        ch[j] = (int) channelValues[i * perPlatform + j];
        if (ch[j] < 1 || ch[j] > 65535) {
          throw new C3dFormatException(
              file,
              "parameter FORCE_PLATFORM:CHANNEL",
              "platform " + (i + 1) + " names analog channel " + ch[j] + ", expected 1 or more");
        }
      }
      double[][] c = new double[4][3];
      for (int j = 0; j < 4; j++) {
        for (int a = 0; a < 3; a++) {
          c[j][a] = corners[i * 12 + j * 3 + a];
        }
      }
      double[] o = {origins[i * 3], origins[i * 3 + 1], origins[i * 3 + 2]};
      if (type == 3) {
        o[2] = -Math.abs(o[2]);
      } else if (o[2] > 0) {
        o[0] = -o[0];
        o[1] = -o[1];
        o[2] = -o[2];
      }
      if (type == 1) {
        o[0] = 0;
        o[1] = 0;
      }
      double[][] cal = null;
      if (type == 4) {
        double[] m = numbers(ps, file, "CAL_MATRIX", n, 36);
        cal = new double[6][6];
        for (int r = 0; r < 6; r++) {
          for (int col = 0; col < 6; col++) {
            cal[r][col] = m[i * 36 + col * 6 + r];
          }
        }
      }
      if (degenerate(c)) {
        throw new C3dFormatException(
            file,
            "parameter FORCE_PLATFORM:CORNERS",
            "platform " + (i + 1) + "'s corners do not span a plane");
      }
      out.add(new ForcePlatform(file, i + 1, type, c, o, ch, cal));
    }
    return out;
  }

  private static boolean degenerate(double[][] c) {
    double[] z = cross(minus(c[0], c[1]), minus(c[0], c[3]));
    double norm = Math.sqrt(dot(z, z));
    return !(norm > 0) || Double.isInfinite(norm);
  }

  private static C3dFormatException missing(String file, String name) {
    return new C3dFormatException(
        file, "parameter FORCE_PLATFORM:" + name, "is missing but FORCE_PLATFORM:USED is set");
  }

  private static double[] numbers(Parameters ps, String file, String name, int n, int each) {
    if (ps.find("FORCE_PLATFORM", name).isEmpty()) {
      throw missing(file, name);
    }
    double[] v = ps.values(file, "FORCE_PLATFORM", name);
    if (v.length < (long) n * each) {
      throw new C3dFormatException(
          file,
          "parameter FORCE_PLATFORM:" + name,
          "has " + v.length + " values for " + n + " platforms, expected " + each + " each");
    }
    return v;
  }

  /** The platform's number, 1-based, in {@code FORCE_PLATFORM} order. */
  public int number() {
    return number;
  }

  /** The platform type, 1 to 4. */
  public int type() {
    return type;
  }

  /** The analog channels the platform uses, 1-based, in the order of its type. */
  public int[] channels() {
    return channels.clone();
  }

  /** Whether every channel of the platform is among {@code analog}'s channels. */
  public boolean recordedIn(AnalogData analog) {
    for (int c : channels) {
      if (c > analog.channelCount()) {
        return false;
      }
    }
    return true;
  }

  /** The four corners in the lab frame, in the point unit. */
  public double[][] corners() {
    double[][] out = new double[4][];
    for (int i = 0; i < 4; i++) {
      out[i] = corners[i].clone();
    }
    return out;
  }

  /** The centre of the working surface (mean of the corners), lab frame. */
  public double[] center() {
    return center.clone();
  }

  /** {@code ORIGIN} as used (sign convention above), platform axes. */
  public double[] origin() {
    return origin.clone();
  }

  /** {@code CAL_MATRIX} of a type-4 platform (row, column); {@code null} for other types. */
  public double[][] calibration() {
    if (calibration == null) {
      return null;
    }
    double[][] out = new double[6][];
    for (int i = 0; i < 6; i++) {
      out[i] = calibration[i].clone();
    }
    return out;
  }

  /**
   * Force, moment and centre of pressure at every analog sample, in the lab frame: the force as the
   * channels give it (for most files, as for the RBDS files, the ground reaction force on the
   * subject), its moment about the centre of the working surface, and the centre of pressure on the
   * surface (NaN while the force normal to the surface is under {@link #COP_MIN_FORCE}).
   *
   * @throws C3dFormatException when the platform's channels are not all in {@code analog} (a static
   *     trial may describe a platform it did not record)
   */
  public PlatformForces forces(AnalogData analog) {
    if (!recordedIn(analog)) {
      throw new C3dFormatException(
          file,
          "parameter FORCE_PLATFORM:CHANNEL",
          "platform "
              + number
              + " uses analog channels "
              + java.util.Arrays.toString(channels)
              + " but the file has "
              + analog.channelCount());
    }
    int n = analog.sampleCount();
    float[] out = new float[n * PlatformForces.COLUMNS];
    double[] raw = new double[8];
    double[] f = new double[3];
    double[] m = new double[3];
    double[] cop = new double[3];
    for (int s = 0; s < n; s++) {
      for (int j = 0; j < channels.length; j++) {
        raw[j] = analog.value(s, channels[j] - 1);
      }
      boolean copValid = true;
      switch (type) {
        case 1 -> {
          f[0] = raw[0];
          f[1] = raw[1];
          f[2] = raw[2];
          cop[0] = raw[3];
          cop[1] = raw[4];
          cop[2] = 0;
          // Moment about the surface centre: r × F plus the free moment about z.
          m[0] = cop[1] * f[2];
          m[1] = -cop[0] * f[2];
          m[2] = cop[0] * f[1] - cop[1] * f[0] + raw[5];
          copValid = Math.abs(f[2]) >= COP_MIN_FORCE;
        }
        case 3 -> {
          double a = origin[0];
          double b = origin[1];
          double az0 = origin[2];
          f[0] = raw[0] + raw[1];
          f[1] = raw[2] + raw[3];
          f[2] = raw[4] + raw[5] + raw[6] + raw[7];
          m[0] = b * (raw[4] + raw[5] - raw[6] - raw[7]) + f[1] * az0;
          m[1] = a * (-raw[4] + raw[5] + raw[6] - raw[7]) - f[0] * az0;
          m[2] = b * (-raw[0] + raw[1]) + a * (raw[2] - raw[3]);
          copValid = surfaceCop(f, m, cop);
        }
        default -> {
          double[] v = raw;
          if (type == 4) {
            v = new double[6];
            for (int r = 0; r < 6; r++) {
              double sum = 0;
              for (int c = 0; c < 6; c++) {
                sum += calibration[r][c] * raw[c];
              }
              v[r] = sum;
            }
          }
          f[0] = v[0];
          f[1] = v[1];
          f[2] = v[2];
          // Moment about the surface centre: M_o + F × (centre − origin).
          m[0] = v[3] + f[1] * origin[2] - f[2] * origin[1];
          m[1] = v[4] + f[2] * origin[0] - f[0] * origin[2];
          m[2] = v[5] + f[0] * origin[1] - f[1] * origin[0];
          copValid = surfaceCop(f, m, cop);
        }
      }
      int o = s * PlatformForces.COLUMNS;
      for (int a = 0; a < 3; a++) {
        out[o + a] = (float) lab(f, a);
        out[o + 3 + a] = (float) lab(m, a);
        out[o + 6 + a] = copValid ? (float) (lab(cop, a) + center[a]) : Float.NaN;
      }
    }
    return new PlatformForces(number, analog.rate(), n, out);
  }

  private static boolean surfaceCop(double[] f, double[] m, double[] cop) {
    cop[0] = -m[1] / f[2];
    cop[1] = m[0] / f[2];
    cop[2] = 0;
    return Math.abs(f[2]) >= COP_MIN_FORCE;
  }

  /** Component {@code a} in the lab of vector {@code v} given in platform axes. */
  private double lab(double[] v, int a) {
    return axes[0][a] * v[0] + axes[1][a] * v[1] + axes[2][a] * v[2];
  }

  private static double[] minus(double[] p, double[] q) {
    return new double[] {p[0] - q[0], p[1] - q[1], p[2] - q[2]};
  }

  private static double[] cross(double[] p, double[] q) {
    return new double[] {
      p[1] * q[2] - p[2] * q[1], p[2] * q[0] - p[0] * q[2], p[0] * q[1] - p[1] * q[0]
    };
  }

  private static double dot(double[] p, double[] q) {
    return p[0] * q[0] + p[1] * q[1] + p[2] * q[2];
  }

  private static double[] unit(double[] v) {
    double n = Math.sqrt(dot(v, v));
    return new double[] {v[0] / n, v[1] / n, v[2] / n};
  }
}
