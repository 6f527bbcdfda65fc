package org.itbs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Behaviour of the logistic fit that does not need R: definitions, invariances and refusals. */
class LogisticTest {
  private static final List<String> NAMES = List.of("a", "b", "flag");

  /** Seeded rows: two normal covariates (b in large shifted units), one 0/1, a logistic outcome. */
  private static final class Sample {
    final double[][] x;
    final int[] y;

    Sample(long seed, int n) {
      Random rnd = new Random(seed);
      x = new double[n][3];
      y = new int[n];
      for (int i = 0; i < n; i++) {
        x[i][0] = Math.round(rnd.nextGaussian() * 1000) / 1000.0;
        x[i][1] = 2000 + Math.round(rnd.nextGaussian() * 500);
        x[i][2] = rnd.nextInt(2);
        double eta = -1 + 0.8 * x[i][0] - 0.001 * (x[i][1] - 2000) + 0.7 * x[i][2];
        y[i] = rnd.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
      }
    }
  }

  @Test
  void estimateSolvesTheScoreEquationsAndFittedValuesFollowTheCoefficients() {
    Sample s = new Sample(1, 400);
    GlmModel fit = Logistic.fit(NAMES, s.x, s.y);
    assertThat(fit.converged()).isTrue();
    assertThat(fit.family()).isEqualTo(GlmModel.Family.LOGISTIC);
    double[] b = fit.coefficients();
    double[] mu = fit.fittedValues();
    double[] score = new double[4];
    double logLik = 0;
    for (int i = 0; i < s.y.length; i++) {
      double eta = fit.intercept();
      for (int j = 0; j < 3; j++) {
        eta += b[j] * s.x[i][j];
      }
      double p = 1 / (1 + Math.exp(-eta));
      assertThat(mu[i]).isCloseTo(p, within(1e-12));
      double r = s.y[i] - p;
      score[0] += r;
      for (int j = 0; j < 3; j++) {
        score[j + 1] += r * s.x[i][j];
      }
      logLik += s.y[i] == 1 ? Math.log(p) : Math.log(1 - p);
    }
    assertThat(score[0]).isCloseTo(0, within(1e-9));
    assertThat(score[1]).isCloseTo(0, within(1e-9));
    assertThat(score[2]).isCloseTo(0, within(1e-6)); // covariate in the thousands
    assertThat(score[3]).isCloseTo(0, within(1e-9));
    assertThat(fit.logLikelihood()).isCloseTo(logLik, within(1e-9));
    assertThat(fit.deviance()).isCloseTo(-2 * logLik, within(1e-9));
    assertThat(fit.n()).isEqualTo(400);
    assertThat(fit.events()).isEqualTo(Arrays.stream(s.y).sum());
  }

  @Test
  void standardErrorsAreTheInverseCurvatureOfTheLogLikelihood() {
    Sample s = new Sample(2, 300);
    GlmModel fit = Logistic.fit(NAMES, s.x, s.y);
    // observed = expected information for the logit link: X' diag(p(1-p)) X at the estimate
    double[][] info = new double[4][4];
    double[] mu = fit.fittedValues();
    for (int i = 0; i < mu.length; i++) {
      double[] z = {1, s.x[i][0], s.x[i][1], s.x[i][2]};
      for (int j = 0; j < 4; j++) {
        for (int k = 0; k < 4; k++) {
          info[j][k] += mu[i] * (1 - mu[i]) * z[j] * z[k];
        }
      }
    }
    double[][] v = invert(info);
    assertThat(fit.interceptStandardError())
        .isCloseTo(Math.sqrt(v[0][0]), within(1e-6 * Math.sqrt(v[0][0])));
    for (int j = 0; j < 3; j++) {
      double se = Math.sqrt(v[j + 1][j + 1]);
      assertThat(fit.standardError(j)).as(NAMES.get(j)).isCloseTo(se, within(1e-6 * se));
    }
  }

  @Test
  void rowOrderDoesNotChangeTheFit() {
    Sample s = new Sample(3, 250);
    GlmModel a = Logistic.fit(NAMES, s.x, s.y);
    int n = s.y.length;
    double[][] rx = new double[n][];
    int[] ry = new int[n];
    for (int i = 0; i < n; i++) {
      rx[i] = s.x[n - 1 - i];
      ry[i] = s.y[n - 1 - i];
    }
    GlmModel b = Logistic.fit(NAMES, rx, ry);
    for (int j = 0; j < 3; j++) {
      assertThat(b.coefficients()[j])
          .isCloseTo(a.coefficients()[j], within(1e-9 * Math.abs(a.coefficients()[j])));
      assertThat(b.standardErrors()[j])
          .isCloseTo(a.standardErrors()[j], within(1e-9 * a.standardErrors()[j]));
    }
    assertThat(b.fittedValues()[0]).isCloseTo(a.fittedValues()[n - 1], within(1e-12));
  }

  @Test
  void aCovariateInOtherUnitsOnlyRescalesItsCoefficientAndKeepsItsTest() {
    Sample s = new Sample(4, 300);
    GlmModel a = Logistic.fit(NAMES, s.x, s.y);
    double[][] km = new double[s.x.length][];
    for (int i = 0; i < km.length; i++) {
      km[i] = s.x[i].clone();
      km[i][1] = s.x[i][1] / 1000 - 2; // kilometres, shifted
    }
    GlmModel b = Logistic.fit(NAMES, km, s.y);
    assertThat(b.coefficients()[1])
        .isCloseTo(1000 * a.coefficients()[1], within(1e-8 * Math.abs(1000 * a.coefficients()[1])));
    assertThat(b.zValue(1)).isCloseTo(a.zValue(1), within(1e-8 * Math.abs(a.zValue(1))));
    assertThat(b.coefficients()[0])
        .isCloseTo(a.coefficients()[0], within(1e-8 * Math.abs(a.coefficients()[0])));
    assertThat(b.deviance()).isCloseTo(a.deviance(), within(1e-9 * a.deviance()));
  }

  @Test
  void ratioIntervalAndPValueFollowTheWaldDefinitions() {
    Sample s = new Sample(5, 300);
    GlmModel fit = Logistic.fit(NAMES, s.x, s.y);
    for (int j = 0; j < 3; j++) {
      double b = fit.coefficients()[j];
      double se = fit.standardErrors()[j];
      assertThat(fit.ratio(j)).isEqualTo(Math.exp(b));
      assertThat(fit.ratioInterval(j).lower())
          .isCloseTo(Math.exp(b - 1.959963984540054 * se), within(1e-14));
      assertThat(fit.ratioInterval(j).upper())
          .isCloseTo(Math.exp(b + 1.959963984540054 * se), within(1e-12));
      assertThat(fit.zValue(j)).isEqualTo(b / se);
      assertThat(fit.pValue(j)).isEqualTo(Normal.twoSidedP(b / se));
    }
    assertThat(GlmModel.Family.LOGISTIC.ratioName()).isEqualTo("odds ratio");
  }

  @Test
  void nullDevianceIsTheDevianceOfTheEventShare() {
    Sample s = new Sample(6, 200);
    GlmModel fit = Logistic.fit(NAMES, s.x, s.y);
    double e = fit.events();
    double m = e / 200;
    assertThat(fit.nullDeviance())
        .isCloseTo(-2 * (e * Math.log(m) + (200 - e) * Math.log(1 - m)), within(1e-9));
    assertThat(fit.deviance()).isLessThan(fit.nullDeviance());
  }

  @Test
  void refusesCovariatesThatSeparateTheCasesAndSaysSo() {
    Sample s = new Sample(7, 100);
    int[] y = new int[100];
    for (int i = 0; i < 100; i++) {
      y[i] = s.x[i][0] > 0 ? 1 : 0; // a perfectly separates: the odds ratio runs to infinity
    }
    assertThatThrownBy(() -> Logistic.fit(NAMES, s.x, y))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fitted probabilities reached 0 or 1")
        .hasMessageContaining("separate the cases from the non-cases");
  }

  @Test
  void reportsNonConvergenceWhenSeparationHasNotYetBrokenTheIterations() {
    Sample s = new Sample(7, 100);
    int[] y = new int[100];
    for (int i = 0; i < 100; i++) {
      y[i] = s.x[i][0] > 0 ? 1 : 0;
    }
    GlmModel fit = Logistic.builder().maxIterations(3).fit(NAMES, s.x, y);
    assertThat(fit.converged()).isFalse();
    assertThat(fit.toString()).contains("NOT converged");
  }

  @Test
  void reportsNonConvergenceWhenTheIterationsRunOut() {
    Sample s = new Sample(8, 300);
    assertThat(Logistic.builder().maxIterations(1).fit(NAMES, s.x, s.y).converged()).isFalse();
    assertThat(Logistic.builder().maxIterations(100).fit(NAMES, s.x, s.y).converged()).isTrue();
  }

  @Test
  void summaryNamesEveryTermWithPointDecimalsUnderAnyLocale() {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      String text = Logistic.fit(NAMES, new Sample(9, 200).x, new Sample(9, 200).y).toString();
      assertThat(text).contains("Logistic model: n=200", "(intercept)", "flag", "OR 95% low");
      assertThat(text).containsPattern("\\d\\.\\d").doesNotContainPattern("\\d,\\d");
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void returnedArraysAreCopies() {
    Sample s = new Sample(10, 200);
    GlmModel fit = Logistic.fit(NAMES, s.x, s.y);
    fit.coefficients()[0] = 99;
    fit.standardErrors()[0] = 99;
    fit.fittedValues()[0] = 99;
    assertThat(fit.coefficients()[0]).isNotEqualTo(99);
    assertThat(fit.standardErrors()[0]).isNotEqualTo(99);
    assertThat(fit.fittedValues()[0]).isNotEqualTo(99);
  }

  @Test
  void rejectsOutcomesOtherThanZeroAndOneOrAllTheSame() {
    Sample s = new Sample(11, 50);
    int[] y = s.y.clone();
    y[3] = 2;
    assertThatThrownBy(() -> Logistic.fit(NAMES, s.x, y))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("y row 3 is 2");
    assertThatThrownBy(() -> Logistic.fit(NAMES, s.x, new int[50]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("every one of the 50 outcomes is 0");
    assertThatThrownBy(() -> Logistic.fit(NAMES, s.x, new int[49]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("y has 49 values for 50 rows");
  }

  @Test
  void rejectsAMissingValueAndSaysToLeaveTheRowOut() {
    Sample s = new Sample(12, 50);
    s.x[7][1] = Double.NaN;
    assertThatThrownBy(() -> Logistic.fit(NAMES, s.x, s.y))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("covariate b row 7 is NaN")
        .hasMessageContaining("complete-case");
  }

  @Test
  void rejectsAConstantOrCollinearCovariateByName() {
    Sample s = new Sample(13, 60);
    double[][] constant = new double[60][];
    double[][] collinear = new double[60][];
    for (int i = 0; i < 60; i++) {
      constant[i] = new double[] {s.x[i][0], 3.5, s.x[i][2]};
      collinear[i] = new double[] {s.x[i][0], s.x[i][2], 2 * s.x[i][0] - 1};
    }
    assertThatThrownBy(() -> Logistic.fit(NAMES, constant, s.y))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("covariate b is constant (3.5)");
    assertThatThrownBy(() -> Logistic.fit(NAMES, collinear, s.y))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("covariate flag is collinear");
  }

  @Test
  void rejectsRowsOfTheWrongLengthRepeatedNamesAndTooFewRows() {
    Sample s = new Sample(14, 40);
    s.x[5] = new double[] {1, 2};
    assertThatThrownBy(() -> Logistic.fit(NAMES, s.x, s.y))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 5 has 2 values for the 3 covariates");
    Sample t = new Sample(14, 40);
    assertThatThrownBy(() -> Logistic.fit(List.of("a", "b", "a"), t.x, t.y))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("covariate a is named twice");
    assertThatThrownBy(() -> Logistic.fit(NAMES, Arrays.copyOf(t.x, 4), Arrays.copyOf(t.y, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "4 coefficients (intercept included) needs more rows than that; got 4");
    assertThatThrownBy(() -> Logistic.fit(List.of(), t.x, t.y))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one covariate");
  }

  @Test
  void rejectsUnknownTermsAndBadOptions() {
    Sample s = new Sample(15, 100);
    GlmModel fit = Logistic.fit(NAMES, s.x, s.y);
    assertThatThrownBy(() -> fit.termIndex("c"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no term named c; the terms are [a, b, flag]");
    assertThatThrownBy(() -> fit.ratio(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("term index 3 is outside 0..2");
    assertThatThrownBy(() -> Logistic.builder().tolerance(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tolerance 0.0 is not a positive finite number");
    assertThatThrownBy(() -> Logistic.builder().maxIterations(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxIterations 0 is not at least 1");
  }

  /** Gauss–Jordan inverse of a small symmetric positive definite matrix. */
  static double[][] invert(double[][] m) {
    int n = m.length;
    double[][] a = new double[n][2 * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(m[i], 0, a[i], 0, n);
      a[i][n + i] = 1;
    }
    for (int c = 0; c < n; c++) {
      int piv = c;
      for (int r = c + 1; r < n; r++) {
        if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) {
          piv = r;
        }
      }
      double[] t = a[c];
      a[c] = a[piv];
      a[piv] = t;
      double d = a[c][c];
      for (int k = 0; k < 2 * n; k++) {
        a[c][k] /= d;
      }
      for (int r = 0; r < n; r++) {
        if (r != c) {
          double f = a[r][c];
          for (int k = 0; k < 2 * n; k++) {
            a[r][k] -= f * a[c][k];
          }
        }
      }
    }
    double[][] inv = new double[n][n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(a[i], n, inv[i], 0, n);
    }
    return inv;
  }
}
