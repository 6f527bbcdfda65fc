package org.itbs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Behaviour of the Poisson fit that does not need R: definitions, invariances and refusals. */
class PoissonTest {
  private static final List<String> NAMES = List.of("load", "female", "sessions");

  /** Seeded rows: a continuous and two discrete covariates, hours of exposure, Poisson counts. */
  private static final class Sample {
    final double[][] x;
    final int[] events;
    final double[] hours;

    Sample(long seed, int n) {
      Random rnd = new Random(seed);
      x = new double[n][3];
      events = new int[n];
      hours = new double[n];
      for (int i = 0; i < n; i++) {
        x[i][0] = Math.round((1 + 0.3 * rnd.nextGaussian()) * 100) / 100.0;
        x[i][1] = rnd.nextInt(2);
        x[i][2] = rnd.nextInt(4);
        hours[i] = Math.round((5 + 800 * rnd.nextDouble()) * 100) / 100.0;
        double mean =
            hours[i] * 0.002 * Math.exp(0.7 * (x[i][0] - 1) + 0.4 * x[i][1] - 0.2 * x[i][2]);
        events[i] = poisson(rnd, mean);
      }
    }

    private static int poisson(Random rnd, double mean) {
      int k = 0;
      double t = -Math.log(1 - rnd.nextDouble());
      while (t < mean) {
        k++;
        t += -Math.log(1 - rnd.nextDouble());
      }
      return k;
    }
  }

  @Test
  void estimateSolvesTheScoreEquationsWithTheOffset() {
    Sample s = new Sample(1, 400);
    GlmModel fit = Poisson.fit(NAMES, s.x, s.events, s.hours);
    assertThat(fit.converged()).isTrue();
    assertThat(fit.family()).isEqualTo(GlmModel.Family.POISSON);
    double[] b = fit.coefficients();
    double[] mu = fit.fittedValues();
    double[] score = new double[4];
    for (int i = 0; i < mu.length; i++) {
      double eta = Math.log(s.hours[i]) + fit.intercept();
      for (int j = 0; j < 3; j++) {
        eta += b[j] * s.x[i][j];
      }
      assertThat(mu[i]).isCloseTo(Math.exp(eta), within(1e-12 * Math.exp(eta)));
      double r = s.events[i] - mu[i];
      score[0] += r;
      for (int j = 0; j < 3; j++) {
        score[j + 1] += r * s.x[i][j];
      }
    }
    for (double v : score) {
      assertThat(v).isCloseTo(0, within(1e-8));
    }
    assertThat(fit.events()).isEqualTo(Arrays.stream(s.events).sum());
    assertThat(Arrays.stream(mu).sum()).isCloseTo(fit.events(), within(1e-8));
  }

  @Test
  void standardErrorsAreTheInverseInformationAtTheEstimate() {
    Sample s = new Sample(2, 300);
    GlmModel fit = Poisson.fit(NAMES, s.x, s.events, s.hours);
    double[][] info = new double[4][4];
    double[] mu = fit.fittedValues();
    for (int i = 0; i < mu.length; i++) {
      double[] z = {1, s.x[i][0], s.x[i][1], s.x[i][2]};
      for (int j = 0; j < 4; j++) {
        for (int k = 0; k < 4; k++) {
          info[j][k] += mu[i] * z[j] * z[k];
        }
      }
    }
    double[][] v = LogisticTest.invert(info);
    for (int j = 0; j < 3; j++) {
      double se = Math.sqrt(v[j + 1][j + 1]);
      assertThat(fit.standardError(j)).as(NAMES.get(j)).isCloseTo(se, within(1e-6 * se));
    }
    assertThat(fit.interceptStandardError())
        .isCloseTo(Math.sqrt(v[0][0]), within(1e-6 * Math.sqrt(v[0][0])));
  }

  @Test
  void exposureInOtherUnitsOnlyShiftsTheIntercept() {
    Sample s = new Sample(3, 300);
    GlmModel hours = Poisson.fit(NAMES, s.x, s.events, s.hours);
    double[] thousands = Arrays.stream(s.hours).map(h -> h / 1000).toArray();
    GlmModel kh = Poisson.fit(NAMES, s.x, s.events, thousands);
    assertThat(kh.intercept()).isCloseTo(hours.intercept() + Math.log(1000), within(1e-9));
    for (int j = 0; j < 3; j++) {
      assertThat(kh.coefficients()[j]).isCloseTo(hours.coefficients()[j], within(1e-10));
      assertThat(kh.standardErrors()[j]).isCloseTo(hours.standardErrors()[j], within(1e-10));
    }
  }

  @Test
  void rowsWithTheSameCovariatesCanBePooledBySummingEventsAndExposure() {
    // the Poisson likelihood depends on such rows only through their totals: the offset at work
    Sample s = new Sample(4, 500);
    double[][] x = new double[500][];
    for (int i = 0; i < 500; i++) {
      x[i] = new double[] {Math.round(s.x[i][0] * 2) / 2.0, s.x[i][1], s.x[i][2]};
    }
    Map<List<Double>, double[]> cells = new LinkedHashMap<>();
    for (int i = 0; i < 500; i++) {
      double[] c = cells.computeIfAbsent(List.of(x[i][0], x[i][1], x[i][2]), k -> new double[2]);
      c[0] += s.events[i];
      c[1] += s.hours[i];
    }
    List<double[]> px = new ArrayList<>();
    int[] pe = new int[cells.size()];
    double[] ph = new double[cells.size()];
    int k = 0;
    for (Map.Entry<List<Double>, double[]> e : cells.entrySet()) {
      px.add(new double[] {e.getKey().get(0), e.getKey().get(1), e.getKey().get(2)});
      pe[k] = (int) e.getValue()[0];
      ph[k++] = e.getValue()[1];
    }
    assertThat(cells.size()).isLessThan(100);
    GlmModel rows = Poisson.fit(NAMES, x, s.events, s.hours);
    GlmModel pooled = Poisson.fit(NAMES, px.toArray(new double[0][]), pe, ph);
    for (int j = 0; j < 3; j++) {
      assertThat(pooled.coefficients()[j]).isCloseTo(rows.coefficients()[j], within(1e-9));
      assertThat(pooled.standardErrors()[j]).isCloseTo(rows.standardErrors()[j], within(1e-7));
    }
    assertThat(pooled.intercept()).isCloseTo(rows.intercept(), within(1e-9));
  }

  @Test
  void nullDevianceIsTheDevianceOfOneRateForAll() {
    Sample s = new Sample(5, 200);
    GlmModel fit = Poisson.fit(NAMES, s.x, s.events, s.hours);
    double rate = fit.events() / Arrays.stream(s.hours).sum();
    double[] y = Arrays.stream(s.events).asDoubleStream().toArray();
    double[] mu0 = Arrays.stream(s.hours).map(h -> h * rate).toArray();
    assertThat(fit.nullDeviance()).isCloseTo(Poisson.deviance(y, mu0), within(1e-9));
    assertThat(fit.deviance()).isLessThan(fit.nullDeviance());
    double logLik = 0;
    double[] mu = fit.fittedValues();
    for (int i = 0; i < y.length; i++) {
      double logFact = 0;
      for (int j = 2; j <= s.events[i]; j++) {
        logFact += Math.log(j);
      }
      logLik += y[i] * Math.log(mu[i]) - mu[i] - logFact;
    }
    assertThat(fit.logLikelihood()).isCloseTo(logLik, within(1e-9));
  }

  @Test
  void reportsNonConvergenceWhenTheIterationsRunOut() {
    Sample s = new Sample(6, 300);
    GlmModel one = Poisson.builder().maxIterations(1).fit(NAMES, s.x, s.events, s.hours);
    assertThat(one.converged()).isFalse();
    assertThat(one.toString()).contains("NOT converged");
    assertThat(Poisson.builder().fit(NAMES, s.x, s.events, s.hours).converged()).isTrue();
  }

  @Test
  void summaryNamesEveryTermWithPointDecimalsUnderAnyLocale() {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      Sample s = new Sample(7, 200);
      String text = Poisson.fit(NAMES, s.x, s.events, s.hours).toString();
      assertThat(text).contains("Poisson (log exposure offset) model: n=200", "sessions", "IRR");
      assertThat(text).containsPattern("\\d\\.\\d").doesNotContainPattern("\\d,\\d");
    } finally {
      Locale.setDefault(before);
    }
    assertThat(GlmModel.Family.POISSON.ratioName()).isEqualTo("incidence-rate ratio");
  }

  @Test
  void rejectsRowsWithoutExposureAndSaysToLeaveThemOut() {
    Sample s = new Sample(8, 50);
    s.hours[9] = 0;
    assertThatThrownBy(() -> Poisson.fit(NAMES, s.x, s.events, s.hours))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exposure row 9 is 0.0")
        .hasMessageContaining("leave rows without exposure out");
  }

  @Test
  void rejectsNegativeCountsNoEventsAndMismatchedLengths() {
    Sample s = new Sample(9, 50);
    int[] negative = s.events.clone();
    negative[2] = -1;
    assertThatThrownBy(() -> Poisson.fit(NAMES, s.x, negative, s.hours))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("events row 2 is -1");
    assertThatThrownBy(() -> Poisson.fit(NAMES, s.x, new int[50], s.hours))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no events among the 50 rows");
    assertThatThrownBy(() -> Poisson.fit(NAMES, s.x, s.events, new double[49]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exposure has 49 values for 50 rows");
    assertThatThrownBy(() -> Poisson.fit(NAMES, s.x, new int[51], s.hours))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("events has 51 values for 50 rows");
  }

  @Test
  void rejectsACollinearCovariateByNameAndBadOptions() {
    Sample s = new Sample(10, 60);
    double[][] collinear = new double[60][];
    for (int i = 0; i < 60; i++) {
      collinear[i] = new double[] {s.x[i][0], s.x[i][1], 1 - s.x[i][1]};
    }
    assertThatThrownBy(() -> Poisson.fit(NAMES, collinear, s.events, s.hours))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("covariate sessions is collinear with the intercept");
    assertThatThrownBy(() -> Poisson.builder().tolerance(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tolerance NaN is not a positive finite number");
    assertThatThrownBy(() -> Poisson.builder().maxIterations(-3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxIterations -3 is not at least 1");
  }
}
