package org.itbs.c3d.kinematics;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.itbs.c3d.C3dFile;

/**
 * Which marker of a lab's files plays which part in the model ({@link MarkerModel}): a marker-set
 * file of {@code key = value} lines ({@code #} starts a comment) with these keys:
 *
 * <ul>
 *   <li>{@code name}: what the set is called, for messages;
 *   <li>{@code vertical}: the lab axis that points up, {@code +x}, {@code -x}, {@code +y}, {@code
 *       -y}, {@code +z} or {@code -z};
 *   <li>{@code units}: the coordinates' unit when a file's {@code POINT:UNITS} is empty ({@code
 *       mm}, {@code cm} or {@code m});
 *   <li>{@code pelvis}: {@code asis} (the pelvis from {@code R.ASIS}, {@code L.ASIS}, {@code
 *       R.PSIS}, {@code L.PSIS}; hip joint centres by Harrington et al. 2007) or {@code
 *       trochanters} (the pelvis from {@code R.trochanter}, {@code L.trochanter} and the lab
 *       vertical; hip joint centres a quarter of the way from each trochanter to the other);
 *   <li>{@code R.knee.lateral}, {@code R.knee.medial}, {@code R.ankle.lateral}, {@code
 *       R.ankle.medial} and the same with {@code L.}: the femoral epicondyles and the malleoli;
 *   <li>{@code pelvis.cluster}, {@code R.thigh.cluster}, {@code R.shank.cluster}, {@code
 *       R.foot.cluster} and the same with {@code L.}: comma-separated labels of the markers that
 *       track each segment in the run (at least 3, not in a line).
 * </ul>
 *
 * Each value is a marker label as the files spell it. Two sets are shipped: {@link #CAST_ISB} (the
 * RBDS laboratory's CAST markers) and {@link #RIC} (the Running Injury Clinic's clusters with hip,
 * knee and ankle markers).
 */
public final class MarkerSet {
  /** The shipped set for the CAST/ISB marker set of RBDS (Fukuchi et al. 2017). */
  public static final String CAST_ISB = "cast-isb.markers";

  /** The shipped set for the Running Injury Clinic's marker set (Ferber et al.). */
  public static final String RIC = "ric.markers";

  /** The shipped sets, in the order {@link #detect} tries them. */
  public static final List<String> SHIPPED = List.of(CAST_ISB, RIC);

  /** How the pelvis frame and hip joint centres are found. */
  public enum Pelvis {
    /** From both ASIS and PSIS; hip joint centres by Harrington et al. (2007). */
    ASIS,
    /** From the greater trochanters and the lab vertical. */
    TROCHANTERS
  }

  private final String name;
  private final String source;
  private final int verticalAxis;
  private final double verticalSign;
  private final String units;
  private final Pelvis pelvis;
  private final Map<String, String> roles;
  private final KeyValueFile file;

  private MarkerSet(KeyValueFile f) {
    this.file = f;
    this.source = f.name();
    this.name = f.required("name");
    String v = f.required("vertical").toLowerCase(Locale.ROOT);
    if (!v.matches("[+-][xyz]")) {
      throw new AngleModelException(
          f.where("vertical") + ": vertical " + v + " is not one of +x, -x, +y, -y, +z, -z");
    }
    this.verticalSign = v.charAt(0) == '-' ? -1 : 1;
    this.verticalAxis = v.charAt(1) - 'x';
    this.units = f.required("units");
    unitFactor(units, f.where("units"));
    String p = f.required("pelvis");
    this.pelvis =
        switch (p) {
          case "asis" -> Pelvis.ASIS;
          case "trochanters" -> Pelvis.TROCHANTERS;
          default ->
              throw new AngleModelException(
                  f.where("pelvis") + ": pelvis " + p + " is not asis or trochanters");
        };
    this.roles = f.values();
    for (String role : anatomicalRoles()) {
      f.required(role);
    }
    for (String c : clusterRoles()) {
      if (cluster(c).size() < 3) {
        throw new AngleModelException(
            f.where(c) + ": " + c + " names " + cluster(c).size() + " markers, at least 3 needed");
      }
    }
  }

  /** A marker-set file given by path. */
  public static MarkerSet read(Path file) {
    return new MarkerSet(KeyValueFile.read(file));
  }

  /** A shipped marker set, {@link #CAST_ISB} or {@link #RIC}. */
  public static MarkerSet shipped(String resource) {
    return new MarkerSet(KeyValueFile.resource(MarkerSet.class, resource));
  }

  /**
   * The first shipped set whose markers are all in both files.
   *
   * @throws AngleModelException naming, per shipped set, a marker it lacks, when none fits
   */
  public static MarkerSet detect(C3dFile run, C3dFile statik) {
    List<String> why = new ArrayList<>();
    for (String s : SHIPPED) {
      MarkerSet set = shipped(s);
      String missing = set.firstMissing(run, statik);
      if (missing == null) {
        return set;
      }
      why.add(set.name() + " (" + missing + ")");
    }
    throw new AngleModelException(
        run.name()
            + ": no shipped marker set fits these files: "
            + String.join("; ", why)
            + "; give a marker-set file with --markers");
  }

  /**
   * Refuses files that lack a marker of the set.
   *
   * @throws AngleModelException naming the file, the marker label and its role
   */
  public void check(C3dFile run, C3dFile statik) {
    String missing = firstMissing(run, statik);
    if (missing != null) {
      throw new AngleModelException(missing + " (marker set " + name + ", " + source + ")");
    }
  }

  private String firstMissing(C3dFile run, C3dFile statik) {
    for (String role : anatomicalRoles()) {
      String label = roles.get(role);
      if (statik.points().indexOf(label) < 0) {
        return statik.name() + ": marker " + label + " (" + role + ") is not in the static trial";
      }
    }
    for (String c : clusterRoles()) {
      for (String label : cluster(c)) {
        if (statik.points().indexOf(label) < 0) {
          return statik.name() + ": marker " + label + " (" + c + ") is not in the static trial";
        }
        if (run.points().indexOf(label) < 0) {
          return run.name() + ": marker " + label + " (" + c + ") is not in the run";
        }
      }
    }
    return null;
  }

  /** The anatomical roles the static trial must have. */
  List<String> anatomicalRoles() {
    List<String> out = new ArrayList<>();
    if (pelvis == Pelvis.ASIS) {
      out.addAll(List.of("R.ASIS", "L.ASIS", "R.PSIS", "L.PSIS"));
    } else {
      out.addAll(List.of("R.trochanter", "L.trochanter"));
    }
    for (String s : List.of("R.", "L.")) {
      for (String r : List.of("knee.lateral", "knee.medial", "ankle.lateral", "ankle.medial")) {
        out.add(s + r);
      }
    }
    return out;
  }

  /** The cluster roles: pelvis, then thigh, shank and foot of each side. */
  static List<String> clusterRoles() {
    return List.of(
        "pelvis.cluster",
        "R.thigh.cluster",
        "R.shank.cluster",
        "R.foot.cluster",
        "L.thigh.cluster",
        "L.shank.cluster",
        "L.foot.cluster");
  }

  /** The set's name. */
  public String name() {
    return name;
  }

  /** Where the set was read from (a path or a resource name). */
  public String source() {
    return source;
  }

  /** How the pelvis is defined. */
  public Pelvis pelvis() {
    return pelvis;
  }

  /** The lab's vertical as a unit vector. */
  double[] vertical() {
    double[] v = new double[3];
    v[verticalAxis] = verticalSign;
    return v;
  }

  /** The label of an anatomical role, such as {@code R.knee.lateral}. */
  String label(String role) {
    return file.required(role);
  }

  /** The labels of a cluster role. */
  List<String> cluster(String role) {
    List<String> out = new ArrayList<>();
    for (String s : file.required(role).split(",")) {
      if (!s.isBlank()) {
        out.add(s.strip());
      }
    }
    return out;
  }

  /**
   * Millimetres per unit of a file whose {@code POINT:UNITS} is {@code fileUnits} (the set's {@code
   * units} when that is empty).
   */
  double millimetresPerUnit(String fileUnits, String fileName) {
    String u = fileUnits == null || fileUnits.isBlank() ? units : fileUnits.strip();
    return unitFactor(u, fileName + ": POINT:UNITS");
  }

  private static double unitFactor(String u, String where) {
    return switch (u.toLowerCase(Locale.ROOT)) {
      case "mm" -> 1;
      case "cm" -> 10;
      case "m" -> 1000;
      default -> throw new AngleModelException(where + ": unit " + u + " is not mm, cm or m");
    };
  }
}
