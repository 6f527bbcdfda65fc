package org.itbs.analysis.plan;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A seeded cohort generated straight as an analysis set (no Spark, no export): covariates drawn
 * around the published means, an onset hazard exponential in them with known log hazard ratios per
 * natural unit ({@link #TRUE_LOG_HR}), a baseline hazard per site, uniform censoring, about 12% of
 * runners with ITBS before enrolment (whose own, higher, hazard must not leak into the onset
 * models).
 */
final class GeneratedCohort {
  /** True log hazard ratio per natural unit of each P1 covariate (per 1 for sex). */
  static final Map<String, Double> TRUE_LOG_HR =
      Map.of(
          "peak_hip_add", 0.10,
          "peak_pelvic_drop", 0.12,
          "hip_abd", -0.8,
          "hip_er", 0.0,
          "df_lunge", -0.04,
          "km_week", 0.01,
          "sex", 0.3,
          "age", 0.0,
          "bmi", 0.05);

  // In a fixed order: the covariates are drawn in this map's order, and Map.of's iteration order
  // changes from one JVM to the next, which made the "seeded" cohorts differ between runs.
  private static final Map<String, double[]> MEAN_SD =
      java.util.Collections.unmodifiableMap(
          new java.util.TreeMap<>(
              Map.of(
                  "peak_hip_add", new double[] {10, 3.5},
                  "peak_pelvic_drop", new double[] {4.5, 2},
                  "hip_abd", new double[] {1.45, 0.37},
                  "hip_er", new double[] {0.46, 0.12},
                  "df_lunge", new double[] {10.7, 3.5},
                  "km_week", new double[] {40, 15},
                  "age", new double[] {37, 9},
                  "bmi", new double[] {22.3, 2.2})));

  private GeneratedCohort() {}

  /**
   * A cohort of {@code n} runners spread over the given sites in turn.
   *
   * @param baseline the daily baseline hazard of onset at each site (same order as {@code sites})
   */
  static AnalysisSet of(long seed, int n, List<String> sites, double[] baseline) {
    Random rnd = new Random(seed);
    String[] site = new String[n];
    String[] id = new String[n];
    Map<String, double[]> cols = new LinkedHashMap<>();
    for (String v : AnalysisSet.VARIABLES) {
      cols.put(v, new double[n]);
    }
    for (int i = 0; i < n; i++) {
      int s = i % sites.size();
      site[i] = sites.get(s);
      id[i] = String.format(Locale.ROOT, "%020x", seed * 100_000 + i);
      double lp = 0;
      for (Map.Entry<String, double[]> e : MEAN_SD.entrySet()) {
        double v = e.getValue()[0] + e.getValue()[1] * rnd.nextGaussian();
        if (e.getKey().equals("age")) {
          v = Math.round(v);
        }
        cols.get(e.getKey())[i] = v;
        lp += TRUE_LOG_HR.get(e.getKey()) * (v - e.getValue()[0]);
      }
      double sex = rnd.nextBoolean() ? 1 : 0;
      cols.get("sexF")[i] = sex;
      lp += TRUE_LOG_HR.get("sex") * sex;
      double prior = rnd.nextDouble() < 0.12 ? 1 : 0;
      cols.get("prior_itbs")[i] = prior;
      double hazard = baseline[s] * Math.exp(lp) * (prior == 1 ? 3 : 1);
      double onset = -Math.log(rnd.nextDouble()) / hazard;
      double censor = 300 + 460 * rnd.nextDouble();
      double time = Math.max(1, Math.ceil(Math.min(onset, censor)));
      cols.get("time")[i] = time;
      cols.get("event")[i] = onset <= censor ? 1 : 0;
      cols.get("exposure_h")[i] =
          Math.round(time / 7 * cols.get("km_week")[i] / 10.5 * 100) / 100.0;
      cols.get("peak_knee_ir")[i] = 5 + 2 * rnd.nextGaussian();
      cols.get("peak_df")[i] = 20 + 4 * rnd.nextGaussian();
    }
    return AnalysisSet.of(site, id, cols);
  }

  /** A copy of the set with one column replaced. */
  static AnalysisSet with(AnalysisSet set, String column, double[] values) {
    Map<String, double[]> cols = new LinkedHashMap<>();
    for (String c : set.columnNames()) {
      cols.put(c, c.equals(column) ? values : set.column(c));
    }
    return AnalysisSet.of(set.sites(), set.participantIds(), cols);
  }

  /** The first {@code n} runners of the set. */
  static AnalysisSet head(AnalysisSet set, int n) {
    Map<String, double[]> cols = new LinkedHashMap<>();
    for (String c : set.columnNames()) {
      cols.put(c, Arrays.copyOf(set.column(c), n));
    }
    return AnalysisSet.of(
        Arrays.copyOf(set.sites(), n), Arrays.copyOf(set.participantIds(), n), cols);
  }

  /** No recurrence intervals. */
  static final RecurrenceIntervals NONE =
      new RecurrenceIntervals(
          new String[0],
          new String[0],
          new double[0],
          new double[0],
          new int[0],
          new double[0],
          new double[0]);
}
