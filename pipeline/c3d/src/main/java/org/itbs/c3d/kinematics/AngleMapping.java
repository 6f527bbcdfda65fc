package org.itbs.c3d.kinematics;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.itbs.c3d.C3dFile;
import org.itbs.c3d.PointData;
import org.itbs.c3d.Side;

/**
 * Which model output of a C3D file gives each angle of {@code gait_frames}, when the lab's software
 * has computed angles and stored them as points ({@code POINT:ANGLES}, such as Plug-in Gait's
 * {@code LHipAngles}, whose x, y, z are three angles). A mapping file of {@code key = value} lines
 * ({@code #} starts a comment):
 *
 * <ul>
 *   <li>{@code name}: what the mapping is called, for messages;
 *   <li>for each angle column of {@code gait_frames} ({@link Angle#column()}) and side, {@code
 *       COLUMN.L} and {@code COLUMN.R} = {@code LABEL, COMPONENT, SIGN}: the point label, its
 *       component ({@code x}, {@code y} or {@code z}) and {@code +} or {@code -} (− when the
 *       software counts the angle the other way round).
 * </ul>
 *
 * Values are in {@code POINT:ANGLE_UNITS} ({@code deg}, the default when absent, or {@code rad}).
 * The shipped {@link #PLUG_IN_GAIT} follows the sign conventions of Vicon's Plug-in Gait reference
 * guide: hip and knee flexion, adduction and internal rotation positive, ankle dorsiflexion
 * positive, pelvic obliquity positive when the side's half of the pelvis is up (which is the other
 * side's drop).
 */
public final class AngleMapping {
  /** The shipped mapping for Vicon Plug-in Gait's outputs. */
  public static final String PLUG_IN_GAIT = "plug-in-gait.mapping";

  /** One angle's source: a point label, its component (0 x, 1 y, 2 z) and sign. */
  record Source(String label, int component, double sign) {}

  private final String name;
  private final String from;
  private final Map<Side, Map<Angle, Source>> sources = new EnumMap<>(Side.class);

  private AngleMapping(KeyValueFile f) {
    this.from = f.name();
    this.name = f.required("name");
    for (Side s : Side.values()) {
      Map<Angle, Source> m = new EnumMap<>(Angle.class);
      for (Angle a : Angle.values()) {
        String key = a.column() + "." + s.code();
        String[] parts = f.required(key).split(",");
        if (parts.length != 3) {
          throw new AngleModelException(
              f.where(key) + ": " + key + " must be 'LABEL, COMPONENT, SIGN' (x|y|z, +|-)");
        }
        String comp = parts[1].strip().toLowerCase(Locale.ROOT);
        String sign = parts[2].strip();
        if (!comp.matches("[xyz]") || !sign.matches("[+-]")) {
          throw new AngleModelException(
              f.where(key)
                  + ": "
                  + key
                  + " component '"
                  + comp
                  + "' or sign '"
                  + sign
                  + "' is not x, y or z and + or -");
        }
        m.put(a, new Source(parts[0].strip(), comp.charAt(0) - 'x', sign.equals("-") ? -1 : 1));
      }
      sources.put(s, m);
    }
    TreeSet<String> known = new TreeSet<>();
    known.add("name");
    for (Side s : Side.values()) {
      for (Angle a : Angle.values()) {
        known.add(a.column() + "." + s.code());
      }
    }
    for (String k : f.values().keySet()) {
      if (!known.contains(k)) {
        throw new AngleModelException(f.where(k) + ": unknown key " + k);
      }
    }
  }

  /** A mapping file given by path. */
  public static AngleMapping read(Path file) {
    return new AngleMapping(KeyValueFile.read(file));
  }

  /** A shipped mapping ({@link #PLUG_IN_GAIT}). */
  public static AngleMapping shipped(String resource) {
    return new AngleMapping(KeyValueFile.resource(AngleMapping.class, resource));
  }

  /** The mapping's name. */
  public String name() {
    return name;
  }

  /** Where it was read from. */
  public String source() {
    return from;
  }

  Source source(Side side, Angle angle) {
    return sources.get(side).get(angle);
  }

  /** The first point label the mapping needs that {@code c3d} lacks, or null when it has all. */
  public String firstMissing(C3dFile c3d) {
    for (Side s : Side.values()) {
      for (Angle a : Angle.values()) {
        String l = source(s, a).label();
        if (c3d.points().indexOf(l) < 0) {
          return l;
        }
      }
    }
    return null;
  }

  /** Whether {@code c3d} carries every model output this mapping needs. */
  public boolean fits(C3dFile c3d) {
    return firstMissing(c3d) == null;
  }

  /**
   * The angles of every frame of {@code run} taken from its model outputs: component × sign, in
   * degrees; NaN where the output is missing in a frame.
   *
   * @throws AngleModelException naming the file and label when an output is missing, or when {@code
   *     POINT:ANGLE_UNITS} is neither {@code deg} nor {@code rad}
   */
  public GaitAngles angles(C3dFile run) {
    String missing = firstMissing(run);
    if (missing != null) {
      throw new AngleModelException(
          run.name()
              + ": model output "
              + missing
              + " (mapping "
              + name
              + ", "
              + from
              + ") is not in the file");
    }
    String units =
        run.parameters()
            .find("POINT", "ANGLE_UNITS")
            .map(p -> p.type() == org.itbs.c3d.Parameter.Type.CHAR ? p.string() : "")
            .orElse("deg")
            .strip()
            .toLowerCase(Locale.ROOT);
    double toDeg =
        switch (units) {
          case "deg", "degrees", "" -> 1;
          case "rad", "radians" -> 180 / Math.PI;
          default ->
              throw new AngleModelException(
                  run.name() + ": POINT:ANGLE_UNITS " + units + " is not deg or rad");
        };
    PointData p = run.points();
    GaitAngles out =
        new GaitAngles(p.rate(), p.firstFrame(), p.frameCount(), "model outputs, " + name);
    for (Side s : Side.values()) {
      for (Angle a : Angle.values()) {
        Source src = source(s, a);
        int m = p.indexOf(src.label());
        double[] v = out.mutableSeries(s, a);
        for (int f = 0; f < p.frameCount(); f++) {
          if (p.missing(f, m)) {
            continue;
          }
          double c =
              switch (src.component()) {
                case 0 -> p.x(f, m);
                case 1 -> p.y(f, m);
                default -> p.z(f, m);
              };
          v[f] = c * src.sign() * toDeg;
        }
      }
    }
    return out;
  }
}
