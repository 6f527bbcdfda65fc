package org.itbs.analysis.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.itbs.analysis.Analyse;
import org.itbs.analysis.plan.AnalysisSet;
import org.itbs.analysis.plan.Plan;
import org.itbs.analysis.plan.PlanResult;
import org.itbs.analysis.plan.RecurrenceIntervals;
import org.itbs.core.lake.FileCounts;
import org.itbs.core.lake.LakeState;
import org.itbs.core.lake.SubmissionRecord;

/**
 * A seeded synthetic analysis folder (what {@code itbs analyse} writes) without a lake or Spark: an
 * analysis set whose onset hazard rises with peak hip adduction and falls with hip abductor torque,
 * weekly recurrence intervals for runners with a prior ITBS, and audit records of the submissions.
 * It carries small cells on purpose: a site of 4 runners (SITEC), a file with 3 quarantined rows, 3
 * runners refused at ingest and 3 runners without km_week (left out of P1–P3).
 *
 * <p>{@link #write(Path, long)} is the plan v1 folder of 604 runners at SITEA, SITEB and SITEC;
 * {@link #write(Path, long, Plan, int, List)} any plan, size and sites (the first big sites share
 * the runners in turn, SITEC keeps its 4).
 */
public final class SyntheticAnalysis {
  public static final List<String> SITES = List.of("SITEA", "SITEB", "SITEC");

  /** The share of runners with ITBS before enrolment, unless told otherwise. */
  public static final double PRIOR_ITBS_SHARE = 0.15;

  private SyntheticAnalysis() {}

  /** Writes the plan v1 folder and returns the plan result it holds. */
  public static PlanResult write(Path out, long seed) {
    return write(out, seed, Plan.V1, 604, SITES, 1.0, null);
  }

  /**
   * Writes a folder of the given plan: {@code n} runners, the first 4 at SITEC, the others at the
   * {@code bigSites} in turn; returns the plan result it holds.
   */
  public static PlanResult write(Path out, long seed, Plan plan, int n, List<String> bigSites) {
    List<String> all = new ArrayList<>(bigSites);
    all.add("SITEC");
    java.util.Collections.sort(all);
    String[] site = new String[n];
    for (int i = 0; i < n; i++) {
      site[i] = i < 4 ? "SITEC" : bigSites.get(i % bigSites.size());
    }
    return write(out, seed, plan, site, all, 1.0, null, PRIOR_ITBS_SHARE);
  }

  /**
   * Writes a plan v1 folder of another shape (for the cohorts a report must render whatever they
   * are).
   *
   * @param n runners (604: the default shape, with its 4-runner site; otherwise runner {@code i} is
   *     at site {@code i mod sites})
   * @param sites the site codes
   * @param hazard the onset hazard's multiplier (0: no onset at all)
   * @param siteWithoutOnsets a site whose runners have no onset, or null
   */
  public static PlanResult write(
      Path out, long seed, int n, List<String> sites, double hazard, String siteWithoutOnsets) {
    return write(out, seed, Plan.V1, n, sites, hazard, siteWithoutOnsets);
  }

  /** As {@link #write(Path, long, int, List, double, String)}, under the given plan. */
  public static PlanResult write(
      Path out,
      long seed,
      Plan plan,
      int n,
      List<String> sites,
      double hazard,
      String siteWithoutOnsets) {
    return write(out, seed, plan, n, sites, hazard, siteWithoutOnsets, PRIOR_ITBS_SHARE);
  }

  /**
   * As {@link #write(Path, long, Plan, int, List, double, String)}, with the share of runners who
   * had ITBS before enrolment ({@link #PRIOR_ITBS_SHARE} otherwise; 1: every runner, so plan v2's
   * onset population is empty).
   */
  public static PlanResult write(
      Path out,
      long seed,
      Plan plan,
      int n,
      List<String> sites,
      double hazard,
      String siteWithoutOnsets,
      double priorItbsShare) {
    String[] site = new String[n];
    for (int i = 0; i < n; i++) {
      site[i] =
          n == 604 && sites.size() == 3
              ? (i < 4 ? sites.get(2) : sites.get(i % 2))
              : sites.get(i % sites.size());
    }
    return write(out, seed, plan, site, sites, hazard, siteWithoutOnsets, priorItbsShare);
  }

  private static PlanResult write(
      Path out,
      long seed,
      Plan plan,
      String[] site,
      List<String> sites,
      double hazard,
      String siteWithoutOnsets,
      double priorItbsShare) {
    Random rnd = new Random(seed);
    int n = site.length;
    String[] id = new String[n];
    Map<String, double[]> cols = new LinkedHashMap<>();
    for (String v : AnalysisSet.VARIABLES) {
      cols.put(v, new double[n]);
    }
    for (int i = 0; i < n; i++) {
      id[i] = String.format(java.util.Locale.ROOT, "%020x", 1_000_000L + i);
      double add = 10 + 3.5 * rnd.nextGaussian();
      double drop = 4.5 + 2 * rnd.nextGaussian();
      double abd = 1.45 + 0.37 * rnd.nextGaussian();
      double er = 0.46 + 0.12 * rnd.nextGaussian();
      double lunge = 10.7 + 3.5 * rnd.nextGaussian();
      double km = Math.max(5, 40 + 20 * rnd.nextGaussian());
      double prior = rnd.nextDouble() < priorItbsShare ? 1 : 0;
      double lp = 0.35 * (add - 10) / 3.5 - 0.6 * (abd - 1.45) / 0.37 + 1.0 * prior;
      double onset = -Math.log(rnd.nextDouble()) / (0.0006 * hazard * Math.exp(lp));
      if (site[i].equals(siteWithoutOnsets)) {
        onset = Double.POSITIVE_INFINITY;
      }
      double censor = 250 + 450 * rnd.nextDouble();
      double time = Math.max(1, Math.round(Math.min(onset, censor)));
      put(cols, "peak_hip_add", i, add);
      put(cols, "peak_pelvic_drop", i, drop);
      put(cols, "peak_knee_ir", i, 5 + 2 * rnd.nextGaussian());
      put(cols, "peak_df", i, 20 + 4 * rnd.nextGaussian());
      put(cols, "hip_abd", i, abd);
      put(cols, "hip_er", i, er);
      put(cols, "df_lunge", i, lunge);
      put(cols, "km_week", i, i >= 4 && i < 7 ? Double.NaN : km);
      put(cols, "sexF", i, rnd.nextBoolean() ? 1 : 0);
      put(cols, "age", i, Math.round(37 + 9 * rnd.nextGaussian()));
      put(cols, "bmi", i, 22.3 + 2.2 * rnd.nextGaussian());
      put(cols, "prior_itbs", i, prior);
      put(cols, "time", i, time);
      put(cols, "event", i, onset <= censor ? 1 : 0);
      put(cols, "exposure_h", i, Math.round(time / 7 * km / 10.5 * 100) / 100.0);
    }
    AnalysisSet set = AnalysisSet.of(site, id, cols);
    PlanResult r = plan.run(set, intervals(set, rnd));

    LakeState state = LakeState.empty();
    for (String s : sites) {
      long runners = java.util.Arrays.stream(site).filter(s::equals).count();
      Map<String, FileCounts> files = new HashMap<>();
      boolean a = s.equals("SITEA");
      files.put(
          "participants.csv",
          new FileCounts(
              "participants",
              runners + (a ? 3 : 0),
              runners,
              a ? 3 : 0,
              a ? Map.of("range", 3L) : Map.of()));
      files.put(
          "gait_frames.csv",
          new FileCounts(
              "gait_frames",
              90_000,
              a ? 89_960 : 90_000,
              a ? 40 : 0,
              a ? Map.of("range", 37L, "required", 3L) : Map.of()));
      files.put("injuries.csv", new FileCounts("injuries", 120, 120, 0, Map.of()));
      state =
          state.with(
              new SubmissionRecord(
                  "sub" + s.toLowerCase(java.util.Locale.ROOT),
                  s,
                  "2026-11-01T00:00:00Z",
                  "/submissions/" + s,
                  "2026-11-02T00:00:00Z",
                  state.version() + 1,
                  files));
    }
    // The Iceberg snapshots the analysed lake version names (issue 17), and those of the analysis
    // tables read, as Analyse.run records them.
    Map<String, Long> snapshots =
        Map.of(
            "curated.participants",
            4101L,
            "curated.gait_frames",
            4102L,
            "analysis.runners",
            4201L,
            "analysis.recurrence_intervals",
            4202L);
    Analyse.write(out, Path.of("/lake"), state, snapshots, set, r);
    return r;
  }

  /** The analysis set of a folder {@link #write} wrote, read back from its analysis_set.csv. */
  public static AnalysisSet set(Path out) {
    return AnalysisOutputs.read(out).set();
  }

  private static RecurrenceIntervals intervals(AnalysisSet set, Random rnd) {
    List<String> s = new ArrayList<>();
    List<String> p = new ArrayList<>();
    List<double[]> rows = new ArrayList<>();
    double[] prior = set.column("prior_itbs");
    double[] time = set.column("time");
    for (int i = 0; i < set.size(); i++) {
      if (prior[i] != 1) {
        continue;
      }
      double end = Math.max(42, time[i] + 60);
      for (double w = 28; w + 7 <= end; w += 7) {
        double maintenance = rnd.nextInt(4);
        double acwr = 0.7 + 0.8 * rnd.nextDouble();
        double hazard = 0.004 * Math.exp(-0.3 * maintenance + 1.0 * (acwr - 1));
        boolean event = rnd.nextDouble() < hazard * 7;
        s.add(set.sites()[i]);
        p.add(set.participantIds()[i]);
        rows.add(new double[] {w, w + 7, event ? 1 : 0, maintenance, acwr});
        if (event) {
          break;
        }
      }
    }
    int k = rows.size();
    double[] start = new double[k];
    double[] stop = new double[k];
    int[] ev = new int[k];
    double[] m = new double[k];
    double[] a = new double[k];
    for (int j = 0; j < k; j++) {
      start[j] = rows.get(j)[0];
      stop[j] = rows.get(j)[1];
      ev[j] = (int) rows.get(j)[2];
      m[j] = rows.get(j)[3];
      a[j] = rows.get(j)[4];
    }
    return new RecurrenceIntervals(
        s.toArray(String[]::new), p.toArray(String[]::new), start, stop, ev, m, a);
  }

  private static void put(Map<String, double[]> cols, String name, int i, double v) {
    cols.get(name)[i] = v;
  }
}
