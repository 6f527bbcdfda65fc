package org.itbs.c3d.kinematics;

import static org.itbs.c3d.kinematics.Rotations.add;
import static org.itbs.c3d.kinematics.Rotations.apply;
import static org.itbs.c3d.kinematics.Rotations.cardanZxy;
import static org.itbs.c3d.kinematics.Rotations.column;
import static org.itbs.c3d.kinematics.Rotations.dot;
import static org.itbs.c3d.kinematics.Rotations.frameYz;
import static org.itbs.c3d.kinematics.Rotations.frameZx;
import static org.itbs.c3d.kinematics.Rotations.mid;
import static org.itbs.c3d.kinematics.Rotations.multiply;
import static org.itbs.c3d.kinematics.Rotations.norm;
import static org.itbs.c3d.kinematics.Rotations.scale;
import static org.itbs.c3d.kinematics.Rotations.sub;
import static org.itbs.c3d.kinematics.Rotations.transpose;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.itbs.c3d.C3dFile;
import org.itbs.c3d.PointData;
import org.itbs.c3d.Side;

/**
 * The project's documented model: joint angles of a run from its markers and a static trial.
 *
 * <ol>
 *   <li><b>Static trial.</b> Each marker's position is its mean over the frames that see it. The
 *       anatomical frames follow the ISB recommendation (Wu et al. 2002, J Biomech 35:543): x
 *       anterior, y superior, z to the subject's right, on both sides.
 *       <ul>
 *         <li>Pelvis ({@link MarkerSet.Pelvis#ASIS}): origin midway between the ASIS, z from left
 *             to right ASIS, x towards the ASIS midpoint from the PSIS midpoint made orthogonal to
 *             z, y = z × x. Hip joint centres by the regression of Harrington et al. (2007, J
 *             Biomech 40:595) on pelvic width PW (between the ASIS) and depth PD (between the ASIS
 *             and PSIS midpoints), in mm in this frame: x = −0.24 PD − 9.9, y = −0.30 PW − 10.9, z
 *             = ±(0.33 PW + 7.3), + to the right.
 *         <li>Pelvis ({@link MarkerSet.Pelvis#TROCHANTERS}, when the static has no ASIS/PSIS):
 *             origin midway between the greater trochanter markers, z from left to right
 *             trochanter, y the lab vertical made orthogonal to z, x = y × z; each hip joint centre
 *             a quarter of the inter-trochanter distance medial of its trochanter marker, on the
 *             line joining them (a geometric placement, not a regression).
 *         <li>Thigh: y from the midpoint of the femoral epicondyles to the hip joint centre, z
 *             along the line from the medial to the lateral epicondyle (right) or lateral to medial
 *             (left) made orthogonal to y, x = y × z.
 *         <li>Shank: y from the midpoint of the malleoli to the midpoint of the epicondyles, z from
 *             the malleoli as for the thigh, x = y × z.
 *         <li>Foot: the shank's frame of the static trial (the standing posture is the ankle's
 *             neutral: 0° of dorsiflexion when standing).
 *       </ul>
 *   <li><b>Tracking.</b> Each segment's cluster markers (the marker set's {@code *.cluster}) are
 *       expressed in its anatomical frame in the static trial; in every frame of the run the
 *       least-squares rigid fit of those local positions to the measured ones (Söderkvist &amp;
 *       Wedin 1993; solved as Horn 1987) gives the segment's orientation. A marker that does not
 *       keep its place on the segment (mislabelled, swapped with another, knocked) is left out:
 *       when the fit of all markers leaves an RMS residual above {@link #MAX_RESIDUAL_MM}, the fits
 *       without one, then without two of them (at least 3 kept) are tried and the best under the
 *       limit is used. A segment with no such fit in a frame (fewer than 3 consistent markers) has
 *       no orientation there, and the angles that need it are missing.
 *   <li><b>Filtering.</b> Before tracking, the run's cluster trajectories are gap-filled and
 *       low-pass filtered as {@link MarkerFilter} states (by default 10 Hz, gaps up to 10 frames).
 *   <li><b>Angles.</b> Each joint's rotation (distal segment relative to proximal) decomposed as
 *       the Cardan sequence z, x, y (Grood &amp; Suntay 1983, as Wu et al. 2002 apply it): flexion
 *       about the proximal z, ab/adduction about the floating x, axial rotation about the distal y.
 *       Signs are made the same on both sides: hip adduction positive, knee flexion positive, knee
 *       internal rotation positive, ankle dorsiflexion positive.
 *   <li><b>Pelvic drop.</b> The pelvis's obliquity in the lab, asin(z_pelvis · vertical), minus the
 *       same in the static trial (standing is level); on the row of side S, positive when the other
 *       side is lower.
 * </ol>
 *
 * All coordinates are converted to millimetres ({@code POINT:UNITS}, else the marker set's {@code
 * units}). The run and the static trial must share the lab frame (same calibration).
 */
public final class MarkerModel {
  /**
   * The largest RMS distance, in mm, between a segment's markers and their fitted static positions
   * for the fit to be used.
   */
  public static final double MAX_RESIDUAL_MM = 10;

  private MarkerModel() {}

  /**
   * Computes the angles of every frame of {@code run}.
   *
   * @param run the running trial (the clusters)
   * @param statik the static trial of the same session (anatomical markers and clusters)
   * @param set the marker set of both files
   * @param filter the marker filter
   * @throws AngleModelException when a marker the set needs is not in a file or never seen in the
   *     static trial
   */
  public static GaitAngles compute(
      C3dFile run, C3dFile statik, MarkerSet set, MarkerFilter filter) {
    set.check(run, statik);
    Static s = new Static(statik, set);
    PointData p = run.points();
    int n = p.frameCount();
    double mm = set.millimetresPerUnit(p.units(), run.name());
    Map<String, double[][]> tracks = new HashMap<>();
    for (String c : MarkerSet.clusterRoles()) {
      for (String label : set.cluster(c)) {
        tracks.computeIfAbsent(label, l -> trajectory(p, p.indexOf(l), mm, filter));
      }
    }
    GaitAngles out =
        new GaitAngles(
            p.rate(),
            p.firstFrame(),
            n,
            "markers, marker set " + set.name() + ", " + filter.cutoffHz() + " Hz");
    double[] up = set.vertical();
    for (int f = 0; f < n; f++) {
      double[][] pelvis = s.track("pelvis.cluster", tracks, f);
      if (pelvis != null) {
        double obliquity = Math.toDegrees(Math.asin(clamp(dot(column(pelvis, 2), up))));
        double rightUp = obliquity - s.staticObliquity;
        out.mutableSeries(Side.RIGHT, Angle.PELVIC_DROP)[f] = rightUp;
        out.mutableSeries(Side.LEFT, Angle.PELVIC_DROP)[f] = -rightUp;
      }
      for (Side side : Side.values()) {
        String k = side.code() + ".";
        double sign = side == Side.RIGHT ? 1 : -1;
        double[][] thigh = s.track(k + "thigh.cluster", tracks, f);
        double[][] shank = s.track(k + "shank.cluster", tracks, f);
        double[][] foot = s.track(k + "foot.cluster", tracks, f);
        if (pelvis != null && thigh != null) {
          double[] hip = cardanZxy(multiply(transpose(pelvis), thigh));
          out.mutableSeries(side, Angle.HIP_ADDUCTION)[f] = sign * hip[1];
        }
        if (thigh != null && shank != null) {
          double[] knee = cardanZxy(multiply(transpose(thigh), shank));
          out.mutableSeries(side, Angle.KNEE_FLEXION)[f] = -knee[0];
          out.mutableSeries(side, Angle.KNEE_INTERNAL_ROTATION)[f] = sign * knee[2];
        }
        if (shank != null && foot != null) {
          double[] ankle = cardanZxy(multiply(transpose(shank), foot));
          out.mutableSeries(side, Angle.ANKLE_DORSIFLEXION)[f] = ankle[0];
        }
      }
    }
    return out;
  }

  private static double clamp(double v) {
    return Math.max(-1, Math.min(1, v));
  }

  /** One marker's filtered trajectory in mm: {@code [frame][xyz]}, NaN where missing. */
  private static double[][] trajectory(PointData p, int m, double mm, MarkerFilter filter) {
    int n = p.frameCount();
    double[][] xyz = new double[3][n];
    for (int f = 0; f < n; f++) {
      boolean missing = p.missing(f, m);
      xyz[0][f] = missing ? Double.NaN : p.x(f, m) * mm;
      xyz[1][f] = missing ? Double.NaN : p.y(f, m) * mm;
      xyz[2][f] = missing ? Double.NaN : p.z(f, m) * mm;
    }
    for (double[] c : xyz) {
      filter.apply(c, p.rate());
    }
    double[][] out = new double[n][];
    for (int f = 0; f < n; f++) {
      out[f] = new double[] {xyz[0][f], xyz[1][f], xyz[2][f]};
    }
    return out;
  }

  /** The static trial: anatomical frames and the clusters' positions in them. */
  private static final class Static {
    final Map<String, double[][]> local = new HashMap<>();
    final Map<String, List<String>> labels = new HashMap<>();
    final double staticObliquity;

    Static(C3dFile statik, MarkerSet set) {
      PointData p = statik.points();
      double mm = set.millimetresPerUnit(p.units(), statik.name());
      double[] pelvisOrigin;
      double[][] pelvis;
      double[] hjcR;
      double[] hjcL;
      if (set.pelvis() == MarkerSet.Pelvis.ASIS) {
        double[] rasis = mean(statik, set.label("R.ASIS"), mm);
        double[] lasis = mean(statik, set.label("L.ASIS"), mm);
        double[] rpsis = mean(statik, set.label("R.PSIS"), mm);
        double[] lpsis = mean(statik, set.label("L.PSIS"), mm);
        pelvisOrigin = mid(rasis, lasis);
        double[] back = mid(rpsis, lpsis);
        pelvis = frameZx(sub(rasis, lasis), sub(pelvisOrigin, back));
        double pw = norm(sub(rasis, lasis));
        double pd = norm(sub(pelvisOrigin, back));
        double hx = -0.24 * pd - 9.9;
        double hy = -0.30 * pw - 10.9;
        double hz = 0.33 * pw + 7.3;
        hjcR = add(pelvisOrigin, apply(pelvis, new double[] {hx, hy, hz}));
        hjcL = add(pelvisOrigin, apply(pelvis, new double[] {hx, hy, -hz}));
      } else {
        double[] rgt = mean(statik, set.label("R.trochanter"), mm);
        double[] lgt = mean(statik, set.label("L.trochanter"), mm);
        pelvisOrigin = mid(rgt, lgt);
        pelvis = frameYz(set.vertical(), sub(rgt, lgt));
        hjcR = add(rgt, scale(sub(lgt, rgt), 0.25));
        hjcL = add(lgt, scale(sub(rgt, lgt), 0.25));
      }
      staticObliquity = Math.toDegrees(Math.asin(clamp(dot(column(pelvis, 2), set.vertical()))));
      put(statik, set, "pelvis.cluster", pelvis, pelvisOrigin, mm);
      for (Side side : Side.values()) {
        String k = side.code() + ".";
        double[] latK = mean(statik, set.label(k + "knee.lateral"), mm);
        double[] medK = mean(statik, set.label(k + "knee.medial"), mm);
        double[] latA = mean(statik, set.label(k + "ankle.lateral"), mm);
        double[] medA = mean(statik, set.label(k + "ankle.medial"), mm);
        double[] knee = mid(latK, medK);
        double[] ankle = mid(latA, medA);
        double[] hjc = side == Side.RIGHT ? hjcR : hjcL;
        double[][] thigh =
            frameYz(sub(hjc, knee), side == Side.RIGHT ? sub(latK, medK) : sub(medK, latK));
        double[][] shank =
            frameYz(sub(knee, ankle), side == Side.RIGHT ? sub(latA, medA) : sub(medA, latA));
        put(statik, set, k + "thigh.cluster", thigh, knee, mm);
        put(statik, set, k + "shank.cluster", shank, ankle, mm);
        put(statik, set, k + "foot.cluster", shank, ankle, mm);
      }
    }

    private void put(
        C3dFile statik, MarkerSet set, String role, double[][] frame, double[] origin, double mm) {
      List<String> ls = set.cluster(role);
      double[][] loc = new double[ls.size()][];
      double[][] rt = transpose(frame);
      for (int i = 0; i < ls.size(); i++) {
        loc[i] = apply(rt, sub(mean(statik, ls.get(i), mm), origin));
      }
      local.put(role, loc);
      labels.put(role, ls);
    }

    /**
     * The segment's anatomical orientation in run frame {@code f}, or null: the fit of all its
     * markers present; when that leaves an RMS residual above {@link #MAX_RESIDUAL_MM}, the best
     * fit without one or two of them (at least 3 kept) whose residual is below it.
     */
    double[][] track(String role, Map<String, double[][]> tracks, int f) {
      List<String> ls = labels.get(role);
      double[][] loc = local.get(role);
      double[][] lab = new double[ls.size()][];
      for (int i = 0; i < ls.size(); i++) {
        lab[i] = tracks.get(ls.get(i))[f];
      }
      double[][] all = fitWithout(loc, lab, 0);
      if (all != null) {
        return all;
      }
      Integer known = lastMask.get(role);
      if (known != null) {
        double[][] r = fitWithout(loc, lab, known);
        if (r != null) {
          return r;
        }
      }
      int n = ls.size();
      for (int removed = 1; removed <= 2 && n - removed >= 3; removed++) {
        double[][] best = null;
        double bestResidual = Double.MAX_VALUE;
        int bestMask = 0;
        for (int mask = 0; mask < (1 << n); mask++) {
          if (Integer.bitCount(mask) != removed) {
            continue;
          }
          double[][][] fit = fit(loc, lab, mask);
          if (fit != null && fit[1][1][0] < bestResidual) {
            bestResidual = fit[1][1][0];
            best = fit[0];
            bestMask = mask;
          }
        }
        if (best != null && bestResidual <= MAX_RESIDUAL_MM) {
          lastMask.put(role, bestMask);
          return best;
        }
      }
      lastMask.remove(role);
      return null;
    }

    private final Map<String, Integer> lastMask = new HashMap<>();

    private static double[][] fitWithout(double[][] loc, double[][] lab, int mask) {
      double[][][] fit = fit(loc, lab, mask);
      return fit != null && fit[1][1][0] <= MAX_RESIDUAL_MM ? fit[0] : null;
    }

    /** {@code {R, {t, {rms}}}} of the fit leaving out the markers of {@code mask}, or null. */
    private static double[][][] fit(double[][] loc, double[][] lab, int mask) {
      double[][] use = new double[lab.length][];
      for (int i = 0; i < lab.length; i++) {
        use[i] = (mask & (1 << i)) != 0 ? null : lab[i];
      }
      double[][][] rt = Rotations.rigidFit(loc, use);
      if (rt == null) {
        return null;
      }
      double sum = 0;
      int n = 0;
      for (int i = 0; i < lab.length; i++) {
        if (Rotations.present(use[i])) {
          double[] d = sub(add(apply(rt[0], loc[i]), rt[1][0]), use[i]);
          sum += dot(d, d);
          n++;
        }
      }
      return new double[][][] {rt[0], {rt[1][0], {Math.sqrt(sum / n)}}};
    }

    private static double[] mean(C3dFile statik, String label, double mm) {
      PointData p = statik.points();
      int m = p.indexOf(label);
      double[] sum = new double[3];
      int n = 0;
      for (int f = 0; f < p.frameCount(); f++) {
        if (!p.missing(f, m)) {
          sum[0] += p.x(f, m);
          sum[1] += p.y(f, m);
          sum[2] += p.z(f, m);
          n++;
        }
      }
      if (n == 0) {
        throw new AngleModelException(
            statik.name() + ": marker " + label + " is missing in every frame of the static trial");
      }
      return new double[] {sum[0] / n * mm, sum[1] / n * mm, sum[2] / n * mm};
    }
  }
}
