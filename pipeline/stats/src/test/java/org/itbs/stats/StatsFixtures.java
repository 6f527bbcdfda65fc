package org.itbs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.itbs.core.csv.CsvReader;
import org.itbs.core.csv.CsvRecord;

/**
 * Reads the fixtures written by {@code src/test/resources/stats/make-cox-fixtures.R} and checks a
 * fit against them, from the classpath or from a directory the live-R test wrote.
 */
final class StatsFixtures {
  /** Estimates and standard errors: relative error (the plan's bar). */
  static final double RELATIVE = 1e-6;

  /** Harrell's C: absolute error. */
  static final Offset<Double> C_TOLERANCE = within(1e-6);

  private StatsFixtures() {}

  /** A CSV table as named numeric-or-text columns. */
  record Table(List<String> header, List<String[]> rows) {
    double[] numbers(String column) {
      int j = index(column);
      double[] v = new double[rows.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = Double.parseDouble(rows.get(i)[j]);
      }
      return v;
    }

    int[] integers(String column) {
      int j = index(column);
      int[] v = new int[rows.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = Integer.parseInt(rows.get(i)[j]);
      }
      return v;
    }

    String[] texts(String column) {
      int j = index(column);
      String[] v = new String[rows.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = rows.get(i)[j];
      }
      return v;
    }

    int index(String column) {
      int j = header.indexOf(column);
      if (j < 0) {
        throw new IllegalArgumentException("no column " + column + " in " + header);
      }
      return j;
    }
  }

  static Table resource(String name) {
    try (InputStream in = StatsFixtures.class.getResourceAsStream("/stats/" + name)) {
      if (in == null) {
        throw new IllegalStateException("test resource /stats/" + name + " is missing");
      }
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Table file(Path path) {
    try (InputStream in = Files.newInputStream(path)) {
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Table read(InputStream in) {
    try (CsvReader r = CsvReader.open(in)) {
      List<String[]> rows = new ArrayList<>();
      for (CsvRecord rec : r) {
        rows.add(rec.fields());
      }
      return new Table(List.of(r.header()), rows);
    }
  }

  /** What R reported for one fixture: quantity -> term -> value ("" for whole-model values). */
  static Map<String, Map<String, Map<String, Double>>> expected(Table t) {
    Map<String, Map<String, Map<String, Double>>> out = new LinkedHashMap<>();
    int f = t.index("fixture");
    int q = t.index("quantity");
    int term = t.index("term");
    int v = t.index("value");
    for (String[] row : t.rows()) {
      out.computeIfAbsent(row[f], k -> new HashMap<>())
          .computeIfAbsent(row[q], k -> new LinkedHashMap<>())
          .put(row[term], Double.parseDouble(row[v]));
    }
    return out;
  }

  static SurvivalData rightCensored(Table t, String... covariates) {
    SurvivalData d = SurvivalData.rightCensored(t.numbers("time"), t.integers("status"));
    for (String c : covariates) {
      d = d.withCovariate(c, t.numbers(c));
    }
    return d;
  }

  static SurvivalData counting(Table t, String... covariates) {
    SurvivalData d =
        SurvivalData.countingProcess(t.numbers("start"), t.numbers("stop"), t.integers("event"));
    for (String c : covariates) {
      d = d.withCovariate(c, t.numbers(c));
    }
    return d;
  }

  /** Fits every fixture R wrote and checks every number R reported for it. */
  static void checkAll(Table rc, Table wide, Table cp, Table analysisSet, Table expected) {
    Map<String, Map<String, Map<String, Double>>> all = expected(expected);
    String[] rcTerms = {"age", "km_year", "treated"};
    String[] cpTerms = {"load", "sessions", "female"};
    check(all, "rc-efron", Cox.builder().ties(Ties.EFRON).fit(rightCensored(rc, rcTerms)));
    check(all, "rc-breslow", Cox.builder().ties(Ties.BRESLOW).fit(rightCensored(rc, rcTerms)));
    check(
        all,
        "rc-efron-cluster",
        Cox.builder()
            .ties(Ties.EFRON)
            .cluster(rc.integers("cluster"))
            .fit(rightCensored(rc, rcTerms)));
    check(
        all,
        "rc-breslow-cluster",
        Cox.builder()
            .ties(Ties.BRESLOW)
            .cluster(rc.integers("cluster"))
            .fit(rightCensored(rc, rcTerms)));
    check(all, "rc-binary-efron", Cox.builder().fit(rightCensored(rc, "treated")));
    check(
        all,
        "wide-lp-efron",
        Cox.builder()
            .fit(
                SurvivalData.rightCensored(wide.numbers("time"), wide.integers("event"))
                    .withCovariate("x", wide.numbers("x"))));
    check(
        all,
        "cp-efron-cluster",
        Cox.builder().ties(Ties.EFRON).cluster(cp.integers("id")).fit(counting(cp, cpTerms)));
    check(all, "cp-breslow", Cox.builder().ties(Ties.BRESLOW).fit(counting(cp, cpTerms)));
    check(all, "cp-binary-efron", Cox.builder().fit(counting(cp, "female")));
    check(all, "p1-efron", Cox.builder().ties(Ties.EFRON).fit(p1(analysisSet)));
  }

  /** The plan's P1 covariates as columns of the analysis set. */
  static final String[] P1_COLUMNS = {
    "peak_hip_add", "peak_pelvic_drop", "hip_abd", "hip_er", "df_lunge",
    "km_week", "sexF", "age", "bmi", "prior_itbs"
  };

  /** The plan's P1 terms, in the same order ({@code sexF} is the term {@code sex}). */
  static final String[] P1_TERMS = {
    "peak_hip_add", "peak_pelvic_drop", "hip_abd", "hip_er", "df_lunge",
    "km_week", "sex", "age", "bmi", "prior_itbs"
  };

  /**
   * The plan's P1 data from an analysis set: complete cases only, continuous covariates
   * standardised with the sample SD over those rows, {@code sex} and {@code prior_itbs} as 0/1.
   */
  static SurvivalData p1(Table set) {
    List<String[]> complete = new ArrayList<>();
    for (String[] row : set.rows()) {
      boolean ok = !row[set.index("time")].isEmpty() && !row[set.index("event")].isEmpty();
      for (String c : P1_COLUMNS) {
        String v = row[set.index(c)];
        ok &= !v.isEmpty() && !v.equals("NA");
      }
      if (ok) {
        complete.add(row);
      }
    }
    Table cc = new Table(set.header(), complete);
    SurvivalData data = SurvivalData.rightCensored(cc.numbers("time"), cc.integers("event"));
    for (int j = 0; j < P1_COLUMNS.length; j++) {
      double[] v = cc.numbers(P1_COLUMNS[j]);
      boolean binary = P1_COLUMNS[j].equals("sexF") || P1_COLUMNS[j].equals("prior_itbs");
      data = data.withCovariate(P1_TERMS[j], binary ? v : standardised(v));
    }
    return data;
  }

  /** {@code (v - mean) / sd} with the sample SD (n - 1), as the plan says. */
  static double[] standardised(double[] v) {
    double mean = 0;
    for (double d : v) {
      mean += d;
    }
    mean /= v.length;
    double ss = 0;
    for (double d : v) {
      ss += (d - mean) * (d - mean);
    }
    double sd = Math.sqrt(ss / (v.length - 1));
    double[] z = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      z[i] = (v[i] - mean) / sd;
    }
    return z;
  }

  static void check(
      Map<String, Map<String, Map<String, Double>>> all, String fixture, CoxModel fit) {
    check(all, fixture, fit, RELATIVE, C_TOLERANCE);
  }

  /**
   * Checks every number R reported for a fixture: estimates, SEs, z, p and log likelihoods to
   * {@code relative}, Harrell's C to {@code c}; iterations, n and events exactly.
   */
  static void check(
      Map<String, Map<String, Map<String, Double>>> all,
      String fixture,
      CoxModel fit,
      double relative,
      Offset<Double> c) {
    Map<String, Map<String, Double>> r = all.get(fixture);
    assertThat(r).as("fixture %s in the expected values", fixture).isNotNull();
    assertThat(fit.converged()).as(fixture + " converged").isTrue();
    assertThat(fit.termNames())
        .as(fixture + " terms")
        .containsExactlyElementsOf(r.get("coef").keySet());
    Variance kind = r.containsKey("robust_se") ? Variance.ROBUST : Variance.MODEL;
    assertThat(fit.hasRobustVariance()).as(fixture + " robust").isEqualTo(kind == Variance.ROBUST);
    for (String term : fit.termNames()) {
      int i = fit.termIndex(term);
      String what = fixture + " " + term + " ";
      assertRelative(relative, what + "coef", fit.coefficients()[i], r.get("coef").get(term));
      assertRelative(relative, what + "se", fit.standardErrors()[i], r.get("se").get(term));
      if (kind == Variance.ROBUST) {
        assertRelative(
            relative,
            what + "robust se",
            fit.robustStandardErrors()[i],
            r.get("robust_se").get(term));
      }
      assertRelative(relative, what + "z", fit.zValue(i, kind), r.get("z").get(term));
      assertRelative(relative, what + "p", fit.pValue(i, kind), r.get("p").get(term));
    }
    assertRelative(
        relative, fixture + " loglik0", fit.logLikelihoodNull(), r.get("loglik0").get(""));
    assertRelative(relative, fixture + " loglik", fit.logLikelihood(), r.get("loglik").get(""));
    assertThat(fit.iterations())
        .as(fixture + " iterations")
        .isEqualTo(r.get("iter").get("").intValue());
    assertThat(fit.concordance())
        .as(fixture + " concordance")
        .isCloseTo(r.get("concordance").get(""), c);
    assertThat(fit.n()).as(fixture + " n").isEqualTo(r.get("n").get("").intValue());
    assertThat(fit.events()).as(fixture + " events").isEqualTo(r.get("events").get("").intValue());
  }

  static void assertRelative(String what, double actual, double expected) {
    assertRelative(RELATIVE, what, actual, expected);
  }

  static void assertRelative(double relative, String what, double actual, double expected) {
    assertThat(actual).as(what).isCloseTo(expected, within(relative * Math.abs(expected)));
  }
}
