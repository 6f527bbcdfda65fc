package org.itbs.analysis.tables;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.itbs.analysis.plan.AnalysisSet;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Table 1 of the analysis plan's reporting rules: baseline characteristics of the analysis set by
 * onset status ({@code event} = 1: ITBS, 0: no ITBS), as a released (small-cell suppressed) table
 * of text cells.
 *
 * <p>Columns: {@code variable}, {@code statistic}, {@code ITBS}, {@code no ITBS}, {@code SMD}.
 * Rows: {@code n}; per continuous variable of {@link #CONTINUOUS} a {@code mean ± SD} row (sample
 * SD, n − 1, over the runners with a value) with the standardised mean difference {@code (m1 − m0)
 * / sqrt((s1² + s0²) / 2)} (ITBS minus no ITBS) and a {@code missing} row; per binary variable of
 * {@link #BINARY} an {@code n (%)} row with the SMD for proportions {@code (p1 − p0) / sqrt((p1(1 −
 * p1) + p0(1 − p0)) / 2)}. Means, SDs and SMDs to two decimals, percentages to one; {@code –} where
 * a figure is undefined (no value, or a zero denominator). Numbers use {@link Locale#ROOT}.
 *
 * <p>Suppression ({@link SmallCells}): a group's n under 5 shows {@code <5}; a missing count or a
 * binary count shows {@code <5} when it or its complement within the group's n is under 5 (with its
 * percentage); a binary row's SMD is suppressed when either of its counts is, since the SMD and the
 * other group's count would give the suppressed count back. In a release report ({@link Release})
 * counts are rounded to the nearest 5, percentages and the binary SMD come from the rounded counts,
 * and a mean ± SD (with its SMD) is shown only over 5 runners or more with a value.
 */
public final class Table1 {
  /** The continuous variables, in the plan's covariate order. */
  public static final List<String> CONTINUOUS =
      List.of(
          "peak_hip_add",
          "peak_pelvic_drop",
          "hip_abd",
          "hip_er",
          "df_lunge",
          "km_week",
          "age",
          "bmi");

  /** The binary (0/1) variables: the analysis-set columns {@code sexF} and {@code prior_itbs}. */
  public static final List<String> BINARY = List.of("sexF", "prior_itbs");

  /** Column names of the table. */
  public static final List<String> COLUMNS =
      List.of("variable", "statistic", "ITBS", "no ITBS", "SMD");

  /** The column of the runners set aside for a prior ITBS, in {@link #ofOnsetPopulation}. */
  public static final String PRIOR_ITBS_COLUMN = "prior ITBS (set aside)";

  /** What a cell shows when its figure is undefined. */
  public static final String UNDEFINED = "–";

  private static final Set<String> LABELLED = Set.of("sexF");

  private Table1() {}

  /**
   * Table 1 of an analysis set.
   *
   * @throws IllegalArgumentException when an {@code event}, {@code sexF} or {@code prior_itbs}
   *     value is not 0 or 1
   */
  public static Table of(AnalysisSet set) {
    double[] event = set.column("event");
    boolean[] itbs = new boolean[event.length];
    int n1 = 0;
    for (int i = 0; i < event.length; i++) {
      itbs[i] = binary("event", event[i]);
      n1 += itbs[i] ? 1 : 0;
    }
    int n0 = event.length - n1;

    StringColumn variable = StringColumn.create(COLUMNS.get(0));
    StringColumn statistic = StringColumn.create(COLUMNS.get(1));
    StringColumn g1 = StringColumn.create(COLUMNS.get(2));
    StringColumn g0 = StringColumn.create(COLUMNS.get(3));
    StringColumn smd = StringColumn.create(COLUMNS.get(4));

    Release rel = Release.current();
    variable.append("runners");
    statistic.append("n");
    g1.append(SmallCells.count(n1));
    g0.append(SmallCells.count(n0));
    smd.append("");

    for (String v : CONTINUOUS) {
      double[] x = set.column(v);
      Summary s1 = Summary.of(x, itbs, true);
      Summary s0 = Summary.of(x, itbs, false);
      variable.append(v);
      statistic.append("mean ± SD");
      boolean shown1 = rel.statisticShown(n1 - s1.missing);
      boolean shown0 = rel.statisticShown(n0 - s0.missing);
      g1.append(shown1 ? s1.meanSd() : UNDEFINED);
      g0.append(shown0 ? s0.meanSd() : UNDEFINED);
      smd.append(shown1 && shown0 ? fixed(smdMeans(s1.mean, s1.sd, s0.mean, s0.sd), 2) : UNDEFINED);
      variable.append(v);
      statistic.append("missing");
      g1.append(missing(s1.missing, n1));
      g0.append(missing(s0.missing, n0));
      smd.append("");
    }

    for (String v : BINARY) {
      double[] x = set.column(v);
      int c1 = 0;
      int c0 = 0;
      for (int i = 0; i < x.length; i++) {
        if (binary(v, x[i])) {
          if (itbs[i]) {
            c1++;
          } else {
            c0++;
          }
        }
      }
      variable.append(LABELLED.contains(v) ? "sex F" : v);
      statistic.append("n (%)");
      g1.append(n1 == 0 ? UNDEFINED : SmallCells.countPercent(c1, n1));
      g0.append(n0 == 0 ? UNDEFINED : SmallCells.countPercent(c0, n0));
      smd.append(binarySmd(rel, c1, n1, c0, n0));
    }
    return Table.create(
        "Table 1: baseline characteristics by ITBS onset", variable, statistic, g1, g0, smd);
  }

  /** Column names of the table of plan v2 ({@link #ofOnsetPopulation}). */
  public static final List<String> ONSET_POPULATION_COLUMNS =
      List.of("variable", "statistic", "no ITBS onset", "ITBS onset", "SMD", PRIOR_ITBS_COLUMN);

  /**
   * Table 1 of analysis-plan v2: the onset population ({@code prior_itbs} = 0) by onset status and,
   * side by side, the runners set aside from the onset models for having had ITBS before enrolment
   * ({@code prior_itbs} = 1).
   *
   * <p>Columns {@link #ONSET_POPULATION_COLUMNS}: {@code no ITBS onset} and {@code ITBS onset} (the
   * onset population by {@code event}), {@code SMD} (ITBS onset minus no ITBS onset, as {@link
   * #of}), and {@code prior ITBS (set aside)} (whose {@code event} is not read: their next ITBS is
   * a recurrence). Rows and figures as {@link #of}, without the {@code prior_itbs} row (it is what
   * sets the columns apart); each column's counts suppressed within its own n, and in a release
   * report rounded, percentages and the binary SMD from the rounded counts, a mean ± SD shown only
   * over 5 runners or more with a value, as {@link #of} does.
   *
   * @throws IllegalArgumentException when a {@code prior_itbs} or {@code sexF} value is not 0 or 1,
   *     or an {@code event} of the onset population is not
   */
  public static Table ofOnsetPopulation(AnalysisSet set) {
    double[] event = set.column("event");
    double[] prior = set.column("prior_itbs");
    int n = event.length;
    boolean[] noOnset = new boolean[n];
    boolean[] onset = new boolean[n];
    boolean[] priorItbs = new boolean[n];
    for (int i = 0; i < n; i++) {
      if (binary("prior_itbs", prior[i])) {
        priorItbs[i] = true;
      } else if (binary("event", event[i])) {
        onset[i] = true;
      } else {
        noOnset[i] = true;
      }
    }
    List<boolean[]> groups = List.of(noOnset, onset, priorItbs);
    int[] sizes = new int[3];
    for (int g = 0; g < 3; g++) {
      for (boolean b : groups.get(g)) {
        sizes[g] += b ? 1 : 0;
      }
    }
    StringColumn variable = StringColumn.create(ONSET_POPULATION_COLUMNS.get(0));
    StringColumn statistic = StringColumn.create(ONSET_POPULATION_COLUMNS.get(1));
    StringColumn[] cells = {
      StringColumn.create(ONSET_POPULATION_COLUMNS.get(2)),
      StringColumn.create(ONSET_POPULATION_COLUMNS.get(3)),
      StringColumn.create(ONSET_POPULATION_COLUMNS.get(5))
    };
    StringColumn smd = StringColumn.create(ONSET_POPULATION_COLUMNS.get(4));

    Release rel = Release.current();
    variable.append("runners");
    statistic.append("n");
    for (int g = 0; g < 3; g++) {
      cells[g].append(SmallCells.count(sizes[g]));
    }
    smd.append("");

    for (String v : CONTINUOUS) {
      double[] x = set.column(v);
      Summary[] s = new Summary[3];
      for (int g = 0; g < 3; g++) {
        s[g] = Summary.of(x, groups.get(g), true);
      }
      variable.append(v);
      statistic.append("mean ± SD");
      boolean[] shown = new boolean[3];
      for (int g = 0; g < 3; g++) {
        shown[g] = rel.statisticShown(sizes[g] - s[g].missing);
        cells[g].append(shown[g] ? s[g].meanSd() : UNDEFINED);
      }
      smd.append(
          shown[0] && shown[1]
              ? fixed(smdMeans(s[1].mean, s[1].sd, s[0].mean, s[0].sd), 2)
              : UNDEFINED);
      variable.append(v);
      statistic.append("missing");
      for (int g = 0; g < 3; g++) {
        cells[g].append(missing(s[g].missing, sizes[g]));
      }
      smd.append("");
    }

    for (String v : BINARY) {
      if (v.equals("prior_itbs")) {
        continue;
      }
      double[] x = set.column(v);
      int[] count = new int[3];
      for (int i = 0; i < n; i++) {
        if (binary(v, x[i])) {
          for (int g = 0; g < 3; g++) {
            count[g] += groups.get(g)[i] ? 1 : 0;
          }
        }
      }
      variable.append(LABELLED.contains(v) ? "sex F" : v);
      statistic.append("n (%)");
      for (int g = 0; g < 3; g++) {
        cells[g].append(sizes[g] == 0 ? UNDEFINED : SmallCells.countPercent(count[g], sizes[g]));
      }
      smd.append(binarySmd(rel, count[1], sizes[1], count[0], sizes[0]));
    }
    return Table.create(
        "Table 1: baseline characteristics of the onset population by ITBS onset, and of the"
            + " runners with ITBS before enrolment (set aside)",
        variable,
        statistic,
        cells[0],
        cells[1],
        smd,
        cells[2]);
  }

  /**
   * Standardised mean difference of two groups' means and SDs, {@code (m1 − m0) / sqrt((s1² + s0²)
   * / 2)}; {@code NaN} when an input is {@code NaN} or the pooled SD is 0.
   */
  public static double smdMeans(double m1, double s1, double m0, double s0) {
    double pooled = Math.sqrt((s1 * s1 + s0 * s0) / 2);
    return pooled > 0 ? (m1 - m0) / pooled : Double.NaN;
  }

  /**
   * Standardised difference of two proportions, {@code (p1 − p0) / sqrt((p1(1 − p1) + p0(1 − p0)) /
   * 2)}; {@code NaN} when a proportion is {@code NaN} or the denominator is 0.
   */
  public static double smdProportions(double p1, double p0) {
    double pooled = Math.sqrt((p1 * (1 - p1) + p0 * (1 - p0)) / 2);
    return pooled > 0 ? (p1 - p0) / pooled : Double.NaN;
  }

  /**
   * A binary row's SMD, group 1 minus group 0: suppressed when either group's count is hidden
   * ({@link Release#hidden}) or, released, a group is empty; released, of the proportions of the
   * rounded counts, as the cells show them.
   */
  private static String binarySmd(Release rel, int c1, int n1, int c0, int n0) {
    boolean hidden =
        (n1 > 0 && rel.hidden(c1, n1))
            || (n0 > 0 && rel.hidden(c0, n0))
            || (rel.rounds() && (n1 == 0 || n0 == 0));
    if (hidden) {
      return SmallCells.SUPPRESSED;
    }
    double p1 = n1 == 0 ? Double.NaN : rel.rounds() ? rel.share(c1, n1) : (double) c1 / n1;
    double p0 = n0 == 0 ? Double.NaN : rel.rounds() ? rel.share(c0, n0) : (double) c0 / n0;
    return fixed(smdProportions(p1, p0), 2);
  }

  private static String missing(int missing, int groupN) {
    if (groupN == 0) {
      return UNDEFINED;
    }
    return Release.current().count(missing, groupN);
  }

  private static boolean binary(String column, double v) {
    if (v == 1) {
      return true;
    }
    if (v == 0) {
      return false;
    }
    throw new IllegalArgumentException(column + " holds " + v + ", expected 0 or 1");
  }

  /**
   * A number to a fixed count of decimals in {@link Locale#ROOT}, {@link #UNDEFINED} when it is not
   * a finite number.
   */
  public static String fixed(double v, int decimals) {
    return Double.isNaN(v) || Double.isInfinite(v)
        ? UNDEFINED
        : String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  private record Summary(double mean, double sd, int missing) {
    static Summary of(double[] x, boolean[] itbs, boolean group) {
      double sum = 0;
      int k = 0;
      int missing = 0;
      for (int i = 0; i < x.length; i++) {
        if (itbs[i] != group) {
          continue;
        }
        if (Double.isNaN(x[i])) {
          missing++;
        } else {
          sum += x[i];
          k++;
        }
      }
      double mean = k == 0 ? Double.NaN : sum / k;
      double ss = 0;
      for (int i = 0; i < x.length; i++) {
        if (itbs[i] == group && !Double.isNaN(x[i])) {
          ss += (x[i] - mean) * (x[i] - mean);
        }
      }
      double sd = k < 2 ? Double.NaN : Math.sqrt(ss / (k - 1));
      return new Summary(mean, sd, missing);
    }

    String meanSd() {
      if (Double.isNaN(mean)) {
        return UNDEFINED;
      }
      return fixed(mean, 2) + " ± " + fixed(sd, 2);
    }
  }
}
