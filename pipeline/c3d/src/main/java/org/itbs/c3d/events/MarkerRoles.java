package org.itbs.c3d.events;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.itbs.c3d.PointData;
import org.itbs.c3d.Side;

/**
 * Which markers of a trial serve as heel, toe and pelvis, found from their labels
 * (case-insensitive, a {@code Subject:} prefix ignored). A side is a prefix or suffix {@code
 * L}/{@code R}/{@code Left}/{@code Right}, alone or followed by {@code .}, {@code _}, {@code -} or
 * a space ({@code LHEE}, {@code L.Heel.Bottom}, {@code R_foot_1}, {@code heel_L}); what follows
 * names the role:
 *
 * <ul>
 *   <li>heel: {@code heel…}, {@code hee…}, {@code calc…} (Plug-in Gait {@code LHEE}, the RBDS
 *       {@code L.Heel.Top}/{@code Bottom}/{@code Lateral});
 *   <li>toe: {@code toe…}, {@code mt1}–{@code mt5}, {@code mth…}, {@code meta…}, {@code hallux}
 *       (Plug-in Gait {@code LTOE}, the RBDS {@code L.MT1}, {@code L.MT5});
 *   <li>foot cluster: {@code foot…} (the Running Injury Clinic's {@code L_foot_1}–{@code 4}, a
 *       cluster on the heel counter of the shoe): used as heel and as toe when the foot has no heel
 *       or toe marker;
 *   <li>pelvis: {@code asi…}, {@code psi…}, {@code iliac…}, {@code sacr…}, {@code pelvis…}, with or
 *       without a side (Plug-in Gait {@code LASI}/{@code RPSI}/{@code SACR}, the RBDS ASIS, PSIS
 *       and iliac crests, the RIC {@code pelvis_1}–{@code 4}).
 * </ul>
 *
 * A role's position in a frame is the mean of its markers, missing when one of them is missing.
 */
final class MarkerRoles {
  private static final Pattern PREFIX = Pattern.compile("^(left|right|l|r)[._\\- ]?(.+)$");
  private static final Pattern SUFFIX = Pattern.compile("^(.+?)[._\\- ](left|right|l|r)$");
  private static final Pattern HEEL = Pattern.compile("^(heel|hee|calc).*");
  private static final Pattern TOE = Pattern.compile("^(toe|mt[1-5]|mth|meta|hallux).*");
  private static final Pattern FOOT = Pattern.compile("^foot.*");
  private static final Pattern PELVIS = Pattern.compile("^(asi|psi|iliac|sacr|pelvis).*");

  final Map<Side, List<Integer>> heel = new EnumMap<>(Side.class);
  final Map<Side, List<Integer>> toe = new EnumMap<>(Side.class);
  final Map<Side, List<Integer>> foot = new EnumMap<>(Side.class);
  final List<Integer> pelvis = new ArrayList<>();
  private final List<String> labels;

  private MarkerRoles(List<String> labels) {
    this.labels = labels;
    for (Side s : Side.values()) {
      heel.put(s, new ArrayList<>());
      toe.put(s, new ArrayList<>());
      foot.put(s, new ArrayList<>());
    }
  }

  /** The roles of {@code points}' markers. */
  static MarkerRoles of(PointData points) {
    MarkerRoles r = new MarkerRoles(points.labels());
    for (int m = 0; m < points.markerCount(); m++) {
      String l = points.labels().get(m);
      l = l.substring(l.lastIndexOf(':') + 1).strip().toLowerCase(Locale.ROOT);
      Side side = null;
      String rest = l;
      Matcher p = PREFIX.matcher(l);
      Matcher s = SUFFIX.matcher(l);
      if (p.matches() && role(p.group(2)) != null) {
        side = side(p.group(1));
        rest = p.group(2);
      } else if (s.matches() && role(s.group(1)) != null) {
        side = side(s.group(2));
        rest = s.group(1);
      }
      String role = role(rest);
      if (role == null) {
        continue;
      }
      if (role.equals("pelvis")) {
        r.pelvis.add(m);
      } else if (side != null) {
        (role.equals("heel") ? r.heel : role.equals("toe") ? r.toe : r.foot).get(side).add(m);
      }
    }
    return r;
  }

  private static Side side(String s) {
    return s.startsWith("l") ? Side.LEFT : Side.RIGHT;
  }

  private static String role(String rest) {
    if (HEEL.matcher(rest).matches()) {
      return "heel";
    }
    if (TOE.matcher(rest).matches()) {
      return "toe";
    }
    if (FOOT.matcher(rest).matches()) {
      return "foot";
    }
    if (PELVIS.matcher(rest).matches()) {
      return "pelvis";
    }
    return null;
  }

  /** The heel markers of {@code side}, else its foot cluster. */
  List<Integer> heelOrFoot(Side side) {
    return heel.get(side).isEmpty() ? foot.get(side) : heel.get(side);
  }

  /** The toe markers of {@code side}, else its foot cluster. */
  List<Integer> toeOrFoot(Side side) {
    return toe.get(side).isEmpty() ? foot.get(side) : toe.get(side);
  }

  /** Every foot marker of {@code side}: heel, toe and cluster. */
  List<Integer> allFoot(Side side) {
    List<Integer> out = new ArrayList<>(heel.get(side));
    out.addAll(toe.get(side));
    out.addAll(foot.get(side));
    return out;
  }

  /** The labels of those markers, joined with {@code +}. */
  String names(List<Integer> markers) {
    List<String> out = new ArrayList<>();
    for (int m : markers) {
      out.add(labels.get(m));
    }
    return String.join("+", out);
  }

  /**
   * The mean position of {@code markers} in every frame along lab axis {@code axis}: NaN in a frame
   * where one of them is missing.
   */
  static double[] mean(PointData p, List<Integer> markers, int axis) {
    double[] out = new double[p.frameCount()];
    for (int f = 0; f < out.length; f++) {
      double sum = 0;
      for (int m : markers) {
        float v = axis == 0 ? p.x(f, m) : axis == 1 ? p.y(f, m) : p.z(f, m);
        sum += p.missing(f, m) ? Double.NaN : v;
      }
      out[f] = sum / markers.size();
    }
    return out;
  }
}
