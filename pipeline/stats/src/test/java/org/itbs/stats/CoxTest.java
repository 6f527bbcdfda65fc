package org.itbs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Behaviour of the Cox fit that does not need R: definitions, invariances and refusals. */
class CoxTest {
  /** Seeded (start, stop] data on whole days: ties, gaps, repeated events, a binary covariate. */
  private static final class Sample {
    final double[] start;
    final double[] stop;
    final int[] event;
    final double[][] x;
    final int[] id;

    Sample(long seed, int subjects) {
      Random rnd = new Random(seed);
      List<double[]> rows = new ArrayList<>();
      for (int s = 0; s < subjects; s++) {
        double a = rnd.nextGaussian();
        double b = rnd.nextInt(2);
        int t = rnd.nextInt(3);
        int end = 10 + rnd.nextInt(30);
        while (t < end) {
          int stop = Math.min(t + 1 + rnd.nextInt(6), end);
          double load = Math.round(rnd.nextGaussian() * 100) / 100.0;
          double h = 0.05 * Math.exp(0.7 * a + 0.5 * b + 0.4 * load);
          int ev = rnd.nextDouble() < 1 - Math.exp(-h * (stop - t)) ? 1 : 0;
          rows.add(new double[] {t, stop, ev, a, b, load, s});
          t = stop + (rnd.nextInt(8) == 0 ? 2 : 0); // sometimes a gap
        }
      }
      int n = rows.size();
      start = new double[n];
      stop = new double[n];
      event = new int[n];
      x = new double[n][3];
      id = new int[n];
      for (int i = 0; i < n; i++) {
        double[] r = rows.get(i);
        start[i] = r[0];
        stop[i] = r[1];
        event[i] = (int) r[2];
        x[i][0] = r[3];
        x[i][1] = r[4];
        x[i][2] = r[5];
        id[i] = (int) r[6];
      }
    }

    SurvivalData counting() {
      return withCovariates(SurvivalData.countingProcess(start, stop, event));
    }

    SurvivalData rightCensored() {
      return withCovariates(SurvivalData.rightCensored(stop, event));
    }

    private SurvivalData withCovariates(SurvivalData d) {
      String[] names = {"a", "b", "load"};
      for (int j = 0; j < names.length; j++) {
        d = d.withCovariate(names[j], column(j));
      }
      return d;
    }

    double[] column(int j) {
      double[] c = new double[x.length];
      for (int i = 0; i < c.length; i++) {
        c[i] = x[i][j];
      }
      return c;
    }

    double[] linearPredictor(double[] beta) {
      double[] lp = new double[x.length];
      for (int i = 0; i < lp.length; i++) {
        for (int j = 0; j < beta.length; j++) {
          lp[i] += x[i][j] * beta[j];
        }
      }
      return lp;
    }
  }

  private static final Sample SAMPLE = new Sample(42, 150);

  @Test
  void efronLikelihoodAtZeroFollowsTheDefinitionOnAHandWorkedExample() {
    // times 1,1,2,3 with the first three events: at t=1 two tied events among four at risk,
    // Efron: log 4 + log(4 - 2/2) = log 12; at t=2 one event among two: log 2. Breslow: log 16 +
    // log 2
    SurvivalData d =
        SurvivalData.rightCensored(new double[] {1, 1, 2, 3}, new int[] {1, 1, 1, 0})
            .withCovariate("x", new double[] {0.5, -1, 2, 0.25});
    assertThat(Cox.builder().ties(Ties.EFRON).fit(d).logLikelihoodNull())
        .isCloseTo(-Math.log(24), within(1e-14));
    assertThat(Cox.builder().ties(Ties.BRESLOW).fit(d).logLikelihoodNull())
        .isCloseTo(-Math.log(32), within(1e-14));
  }

  @Test
  void countingProcessLikelihoodAndConcordanceEqualTheirPairwiseDefinitions() {
    for (Ties ties : Ties.values()) {
      CoxModel fit = Cox.builder().ties(ties).fit(SAMPLE.counting());
      double[] beta = fit.coefficients();
      assertThat(fit.logLikelihood())
          .as("%s log likelihood", ties)
          .isCloseTo(
              BruteForceCox.logLikelihood(
                  SAMPLE.start, SAMPLE.stop, SAMPLE.event, SAMPLE.x, beta, ties),
              within(1e-9));
      assertThat(fit.concordance())
          .as("%s concordance", ties)
          .isCloseTo(
              BruteForceCox.concordance(
                  SAMPLE.start, SAMPLE.stop, SAMPLE.event, SAMPLE.linearPredictor(beta)),
              within(1e-12));
    }
  }

  @Test
  void rightCensoredLikelihoodAndConcordanceEqualTheirPairwiseDefinitions() {
    CoxModel fit = Cox.builder().fit(SAMPLE.rightCensored());
    double[] beta = fit.coefficients();
    assertThat(fit.logLikelihood())
        .isCloseTo(
            BruteForceCox.logLikelihood(
                null, SAMPLE.stop, SAMPLE.event, SAMPLE.x, beta, Ties.EFRON),
            within(1e-9));
    assertThat(fit.concordance())
        .isCloseTo(
            BruteForceCox.concordance(
                null, SAMPLE.stop, SAMPLE.event, SAMPLE.linearPredictor(beta)),
            within(1e-12));
  }

  @Test
  void estimateIsTheMaximumAndVarianceTheInverseCurvatureOfThePairwiseLikelihood() {
    CoxModel fit = Cox.builder().ties(Ties.EFRON).fit(SAMPLE.counting());
    double[] beta = fit.coefficients();
    int p = beta.length;
    double h = 1e-4;
    double[][] hessian = new double[p][p];
    for (int i = 0; i < p; i++) {
      double gradient = (ll(beta, i, h, -1, 0) - ll(beta, i, -h, -1, 0)) / (2 * h);
      assertThat(gradient).as("score %d at the estimate", i).isCloseTo(0, within(1e-6));
      for (int j = 0; j < p; j++) {
        hessian[i][j] =
            (ll(beta, i, h, j, h)
                    - ll(beta, i, h, j, -h)
                    - ll(beta, i, -h, j, h)
                    + ll(beta, i, -h, j, -h))
                / (4 * h * h);
      }
    }
    double[][] v = fit.variance();
    // V times the negative Hessian is the identity
    for (int i = 0; i < p; i++) {
      for (int j = 0; j < p; j++) {
        double s = 0;
        for (int k = 0; k < p; k++) {
          s -= v[i][k] * hessian[k][j];
        }
        assertThat(s).as("(V I)[%d][%d]", i, j).isCloseTo(i == j ? 1 : 0, within(1e-4));
      }
    }
  }

  /**
   * The pairwise Efron log likelihood at {@code beta} moved by {@code di} in i and {@code dj} in j.
   */
  private static double ll(double[] beta, int i, double di, int j, double dj) {
    double[] b = beta.clone();
    b[i] += di;
    if (j >= 0) {
      b[j] += dj;
    }
    return BruteForceCox.logLikelihood(
        SAMPLE.start, SAMPLE.stop, SAMPLE.event, SAMPLE.x, b, Ties.EFRON);
  }

  @Test
  void rowOrderDoesNotChangeTheFit() {
    int n = SAMPLE.stop.length;
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = n - 1 - i;
    }
    new Random(7).ints(n, 0, n).forEach(k -> swap(perm, k, n - 1 - k));
    double[] start = new double[n];
    double[] stop = new double[n];
    int[] event = new int[n];
    int[] id = new int[n];
    double[][] cols = new double[3][n];
    for (int i = 0; i < n; i++) {
      start[i] = SAMPLE.start[perm[i]];
      stop[i] = SAMPLE.stop[perm[i]];
      event[i] = SAMPLE.event[perm[i]];
      id[i] = SAMPLE.id[perm[i]];
      for (int j = 0; j < 3; j++) {
        cols[j][i] = SAMPLE.x[perm[i]][j];
      }
    }
    SurvivalData shuffled =
        SurvivalData.countingProcess(start, stop, event)
            .withCovariate("a", cols[0])
            .withCovariate("b", cols[1])
            .withCovariate("load", cols[2]);
    CoxModel a = Cox.builder().cluster(SAMPLE.id).fit(SAMPLE.counting());
    CoxModel b = Cox.builder().cluster(id).fit(shuffled);
    for (int i = 0; i < 3; i++) {
      assertThat(b.coefficients()[i]).isCloseTo(a.coefficients()[i], within(1e-10));
      assertThat(b.standardErrors()[i]).isCloseTo(a.standardErrors()[i], within(1e-10));
      assertThat(b.robustStandardErrors()[i]).isCloseTo(a.robustStandardErrors()[i], within(1e-10));
    }
    assertThat(b.concordance()).isEqualTo(a.concordance());
  }

  private static void swap(int[] a, int i, int j) {
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
  }

  @Test
  void aCovariateInLargeShiftedUnitsOnlyRescalesItsCoefficient() {
    double[] load = SAMPLE.column(2);
    double[] scaled = new double[load.length];
    for (int i = 0; i < load.length; i++) {
      scaled[i] = 1e7 + 1000 * load[i]; // a mean of 1e7 would wreck uncentred sums of squares
    }
    SurvivalData base = SurvivalData.countingProcess(SAMPLE.start, SAMPLE.stop, SAMPLE.event);
    CoxModel natural =
        Cox.builder().fit(base.withCovariate("a", SAMPLE.column(0)).withCovariate("load", load));
    CoxModel big =
        Cox.builder().fit(base.withCovariate("a", SAMPLE.column(0)).withCovariate("load", scaled));
    assertThat(big.coefficients()[1] * 1000)
        .isCloseTo(natural.coefficients()[1], within(1e-7 * Math.abs(natural.coefficients()[1])));
    assertThat(big.standardErrors()[1] * 1000)
        .isCloseTo(natural.standardErrors()[1], within(1e-7 * natural.standardErrors()[1]));
    assertThat(big.hazardRatio(0)).isCloseTo(natural.hazardRatio(0), within(1e-9));
    assertThat(big.logLikelihood()).isCloseTo(natural.logLikelihood(), within(1e-8));
    assertThat(big.concordance()).isEqualTo(natural.concordance());
  }

  @Test
  void splittingEveryRowIntoTwoIntervalsLeavesTheFitUnchanged() {
    // (0, t] cut at t/2 into (0, t/2] and (t/2, t], the event on the second piece: same risk sets
    int n = SAMPLE.stop.length;
    double[] start = new double[2 * n];
    double[] stop = new double[2 * n];
    int[] event = new int[2 * n];
    int[] row = new int[2 * n];
    double[][] cols = new double[3][2 * n];
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      rows[i] = i;
      double t = SAMPLE.stop[i];
      start[2 * i] = 0;
      stop[2 * i] = t / 2;
      start[2 * i + 1] = t / 2;
      stop[2 * i + 1] = t;
      event[2 * i + 1] = SAMPLE.event[i];
      row[2 * i] = i;
      row[2 * i + 1] = i;
      for (int j = 0; j < 3; j++) {
        cols[j][2 * i] = SAMPLE.x[i][j];
        cols[j][2 * i + 1] = SAMPLE.x[i][j];
      }
    }
    SurvivalData split =
        SurvivalData.countingProcess(start, stop, event)
            .withCovariate("a", cols[0])
            .withCovariate("b", cols[1])
            .withCovariate("load", cols[2]);
    CoxModel whole = Cox.builder().cluster(rows).fit(SAMPLE.rightCensored());
    CoxModel pieces = Cox.builder().cluster(row).fit(split);
    for (int i = 0; i < 3; i++) {
      assertThat(pieces.coefficients()[i]).isCloseTo(whole.coefficients()[i], within(1e-10));
      assertThat(pieces.standardErrors()[i]).isCloseTo(whole.standardErrors()[i], within(1e-10));
      assertThat(pieces.robustStandardErrors()[i])
          .isCloseTo(whole.robustStandardErrors()[i], within(1e-10));
    }
    assertThat(pieces.logLikelihood()).isCloseTo(whole.logLikelihood(), within(1e-9));
    assertThat(pieces.concordance()).isEqualTo(whole.concordance());
    assertThat(pieces.n()).isEqualTo(2 * n);
  }

  @Test
  void robustStandardErrorsAreTheSandwichOfClusterSummedScoreResiduals() {
    // clusters of one row, of one subject's rows, and a single cluster of every row
    int n = SAMPLE.stop.length;
    int[] each = new int[n];
    for (int i = 0; i < n; i++) {
      each[i] = i;
    }
    CoxModel perRow = Cox.builder().cluster(each).fit(SAMPLE.counting());
    CoxModel perSubject = Cox.builder().cluster(SAMPLE.id).fit(SAMPLE.counting());
    CoxModel oneCluster = Cox.builder().cluster(new int[n]).fit(SAMPLE.counting());
    assertThat(perRow.clusters()).isEqualTo(n);
    assertThat(perSubject.clusters()).isEqualTo(150);
    // the score residuals sum to the score, which is zero at the estimate: one cluster gives ~0
    for (double se : oneCluster.robustStandardErrors()) {
      assertThat(se).isLessThan(1e-5);
    }
    assertThat(perRow.robustStandardErrors()[0])
        .isNotCloseTo(perSubject.robustStandardErrors()[0], within(1e-6));
  }

  @Test
  void intervalsAndTestsUseTheChosenVariance() {
    CoxModel fit = Cox.builder().cluster(SAMPLE.id).fit(SAMPLE.counting());
    int i = fit.termIndex("load");
    double b = fit.coefficients()[i];
    for (Variance kind : Variance.values()) {
      double se = kind == Variance.ROBUST ? fit.robustStandardErrors()[i] : fit.standardErrors()[i];
      assertThat(fit.standardError(i, kind)).isEqualTo(se);
      assertThat(fit.zValue(i, kind)).isCloseTo(b / se, within(1e-15));
      assertThat(fit.pValue(i, kind)).isCloseTo(Normal.twoSidedP(b / se), within(1e-15));
      ConfidenceInterval ci = fit.hazardRatioInterval(i, kind);
      assertThat(ci.lower()).isCloseTo(Math.exp(b - 1.959963984540054 * se), within(1e-12));
      assertThat(ci.upper()).isCloseTo(Math.exp(b + 1.959963984540054 * se), within(1e-12));
    }
    assertThat(fit.hazardRatio(i)).isEqualTo(Math.exp(b));
    assertThat(fit.standardErrors()[i]).isNotEqualTo(fit.robustStandardErrors()[i]);
  }

  @Test
  void reportsNonConvergenceWhenTheIterationsRunOut() {
    CoxModel fit = Cox.builder().maxIterations(1).fit(SAMPLE.counting());
    assertThat(fit.converged()).isFalse();
    assertThat(fit.iterations()).isEqualTo(1);
    assertThat(fit.toString()).contains("NOT converged");
    CoxModel full = Cox.builder().fit(SAMPLE.counting());
    assertThat(full.converged()).isTrue();
    assertThat(full.iterations()).isBetween(2, 10);
  }

  @Test
  void summaryNamesEveryTermWithPointDecimalsUnderAnyLocale() {
    String s = Cox.builder().cluster(SAMPLE.id).fit(SAMPLE.counting()).toString();
    assertThat(s).contains("efron ties", "clusters=150", "robust se", "load", "concordance 0.");
    assertThat(s).doesNotContain(",5").doesNotContain("NOT converged");
  }

  @Test
  void returnedArraysAreCopies() {
    CoxModel fit = Cox.builder().fit(SAMPLE.counting());
    double b = fit.coefficients()[0];
    fit.coefficients()[0] = 99;
    fit.variance()[0][0] = 99;
    assertThat(fit.coefficients()[0]).isEqualTo(b);
    assertThat(fit.variance()[0][0]).isNotEqualTo(99);
  }

  @Test
  void rejectsEventCodesOtherThanZeroAndOne() {
    assertThatThrownBy(() -> SurvivalData.rightCensored(new double[] {1, 2}, new int[] {0, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("event row 1 is 2");
  }

  @Test
  void rejectsAnIntervalWhoseStartIsNotBeforeItsStop() {
    assertThatThrownBy(
            () ->
                SurvivalData.countingProcess(
                    new double[] {0, 5}, new double[] {3, 5}, new int[] {0, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 1: start 5.0 is not before stop 5.0");
  }

  @Test
  void rejectsTimesThatAreNotFinite() {
    assertThatThrownBy(
            () -> SurvivalData.rightCensored(new double[] {1, Double.NaN}, new int[] {1, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("time row 1 is NaN");
  }

  @Test
  void rejectsAMissingCovariateValueAndSaysToLeaveTheRowOut() {
    SurvivalData d = SurvivalData.rightCensored(new double[] {1, 2}, new int[] {1, 0});
    assertThatThrownBy(() -> d.withCovariate("bmi", new double[] {22, Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("covariate bmi row 1 is NaN")
        .hasMessageContaining("complete-case");
  }

  @Test
  void rejectsACovariateOfTheWrongLengthOrARepeatedName() {
    SurvivalData d =
        SurvivalData.rightCensored(new double[] {1, 2}, new int[] {1, 0})
            .withCovariate("age", new double[] {30, 40});
    assertThatThrownBy(() -> d.withCovariate("bmi", new double[] {22}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("covariate bmi has 1 values for 2 rows");
    assertThatThrownBy(() -> d.withCovariate("age", new double[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("covariate age is already in the data");
  }

  @Test
  void rejectsDataWithoutEventsOrCovariates() {
    SurvivalData none = SurvivalData.rightCensored(new double[] {1, 2}, new int[] {0, 0});
    assertThatThrownBy(() -> Cox.builder().fit(none.withCovariate("x", new double[] {1, 2})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no events among the 2 rows");
    assertThatThrownBy(
            () -> Cox.builder().fit(SurvivalData.rightCensored(new double[] {1}, new int[] {1})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one covariate");
  }

  @Test
  void rejectsAConstantCovariateByName() {
    double[] constant = new double[SAMPLE.stop.length];
    java.util.Arrays.fill(constant, 3.5);
    SurvivalData d = SAMPLE.counting().withCovariate("site_code", constant);
    assertThatThrownBy(() -> Cox.builder().fit(d))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("covariate site_code is constant or collinear");
  }

  @Test
  void rejectsCollinearCovariatesByName() {
    double[] a = SAMPLE.column(0);
    double[] twice = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      twice[i] = 2 * a[i] + 1;
    }
    SurvivalData d = SAMPLE.counting().withCovariate("a_doubled", twice);
    assertThatThrownBy(() -> Cox.builder().fit(d))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("covariate a_doubled is constant or collinear");
  }

  @Test
  void rejectsClusterIdsThatDoNotMatchTheRows() {
    assertThatThrownBy(() -> Cox.builder().cluster(new int[] {1, 2, 3}).fit(SAMPLE.counting()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cluster has 3 ids for " + SAMPLE.stop.length + " rows");
    assertThatThrownBy(() -> Cox.builder().cluster(new String[] {"a", null}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cluster id of row 1 is null");
  }

  @Test
  void robustVarianceWithoutClustersIsAnIllegalState() {
    CoxModel fit = Cox.builder().fit(SAMPLE.counting());
    assertThat(fit.hasRobustVariance()).isFalse();
    assertThatThrownBy(fit::robustStandardErrors)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not given cluster ids");
    assertThatThrownBy(() -> fit.pValue(0, Variance.ROBUST))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no robust variance");
  }

  @Test
  void rejectsUnknownTerms() {
    CoxModel fit = Cox.builder().fit(SAMPLE.counting());
    assertThatThrownBy(() -> fit.termIndex("age"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no term named age; the terms are [a, b, load]");
    assertThatThrownBy(() -> fit.hazardRatio(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("term index 3 is outside 0..2");
    assertThatThrownBy(() -> fit.zValue(-1, Variance.MODEL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("term index -1");
  }

  @Test
  void rejectsBadOptions() {
    assertThatThrownBy(() -> Cox.builder().maxIterations(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxIterations 0 is not at least 1");
    assertThatThrownBy(() -> Cox.builder().tolerance(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tolerance 0.0 is not a positive finite number");
    assertThatThrownBy(() -> Cox.builder().ties(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ties is null");
  }
}
