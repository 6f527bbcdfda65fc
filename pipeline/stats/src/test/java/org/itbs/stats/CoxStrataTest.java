package org.itbs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The stratified Cox fit ({@link Cox.Builder#strata(String[])}) without R: one stratum is the
 * unstratified fit bit for bit; with several, the likelihood and Harrell's C at the estimate are
 * their pairwise definitions with risk sets and pairs within strata, the estimate is their maximum,
 * and a stratum without events or of one runner is harmless.
 */
class CoxStrataTest {
  /**
   * Seeded {@code (start, stop]} rows on whole days of runners at four sites: two ordinary ones
   * with different baseline hazards, one without any event and one with a single runner.
   */
  private static final class Sample {
    final double[] start;
    final double[] stop;
    final int[] event;
    final double[][] x;
    final int[] id;
    final String[] site;

    Sample(long seed, int runners) {
      Random rnd = new Random(seed);
      List<double[]> rows = new ArrayList<>();
      List<String> sites = new ArrayList<>();
      String[] codes = {"AMS01", "MAD02", "ZRH04", "PRG03"};
      double[] baseline = {0.05, 0.15, 0.05, 0.08};
      for (int r = 0; r < runners; r++) {
        // the last runner alone at PRG03; ZRH04 never has an event
        int s = r == runners - 1 ? 3 : r % 3;
        double a = rnd.nextGaussian();
        double b = rnd.nextInt(2);
        int t = rnd.nextInt(3);
        int end = 10 + rnd.nextInt(30);
        while (t < end) {
          int stop = Math.min(t + 1 + rnd.nextInt(6), end);
          double load = Math.round(rnd.nextGaussian() * 100) / 100.0;
          double h = baseline[s] * Math.exp(0.7 * a + 0.5 * b + 0.4 * load);
          int ev = s != 2 && rnd.nextDouble() < 1 - Math.exp(-h * (stop - t)) ? 1 : 0;
          rows.add(new double[] {t, stop, ev, a, b, load, r});
          sites.add(codes[s]);
          t = stop + (rnd.nextInt(8) == 0 ? 2 : 0);
        }
      }
      int n = rows.size();
      start = new double[n];
      stop = new double[n];
      event = new int[n];
      x = new double[n][3];
      id = new int[n];
      site = sites.toArray(new String[0]);
      for (int i = 0; i < n; i++) {
        double[] r = rows.get(i);
        start[i] = r[0];
        stop[i] = r[1];
        event[i] = (int) r[2];
        System.arraycopy(r, 3, x[i], 0, 3);
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
        double[] c = new double[x.length];
        for (int i = 0; i < c.length; i++) {
          c[i] = x[i][j];
        }
        d = d.withCovariate(names[j], c);
      }
      return d;
    }

    int[] strataCodes() {
      int[] c = new int[site.length];
      for (int i = 0; i < c.length; i++) {
        c[i] = site[i].hashCode();
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

  private static final Sample SAMPLE = new Sample(7, 240);

  @Test
  void sampleHasAStratumWithoutEventsAndOneWithASingleRunner() {
    int zrhEvents = 0;
    int prgRows = 0;
    for (int i = 0; i < SAMPLE.site.length; i++) {
      if (SAMPLE.site[i].equals("ZRH04")) {
        zrhEvents += SAMPLE.event[i];
      }
      if (SAMPLE.site[i].equals("PRG03")) {
        prgRows++;
        assertThat(SAMPLE.id[i]).isEqualTo(239);
      }
    }
    assertThat(zrhEvents).isZero();
    assertThat(prgRows).isGreaterThan(1);
  }

  @Test
  void oneStratumGivesExactlyTheUnstratifiedFit() {
    String[] one = new String[SAMPLE.site.length];
    java.util.Arrays.fill(one, "AMS01");
    for (Ties ties : Ties.values()) {
      for (SurvivalData data : List.of(SAMPLE.counting(), SAMPLE.rightCensored())) {
        CoxModel plain = Cox.builder().ties(ties).cluster(SAMPLE.id).fit(data);
        CoxModel strat = Cox.builder().ties(ties).cluster(SAMPLE.id).strata(one).fit(data);
        assertThat(strat.coefficients()).isEqualTo(plain.coefficients());
        assertThat(strat.variance()).isEqualTo(plain.variance());
        assertThat(strat.robustVariance()).isEqualTo(plain.robustVariance());
        assertThat(strat.logLikelihood()).isEqualTo(plain.logLikelihood());
        assertThat(strat.logLikelihoodNull()).isEqualTo(plain.logLikelihoodNull());
        assertThat(strat.concordance()).isEqualTo(plain.concordance());
        assertThat(strat.iterations()).isEqualTo(plain.iterations());
        assertThat(strat.strata()).isEqualTo(1);
        assertThat(plain.strata()).isZero();
      }
    }
  }

  @Test
  void stratifiedLikelihoodAndConcordanceEqualTheirPairwiseDefinitionsWithinStrata() {
    int[] codes = SAMPLE.strataCodes();
    for (Ties ties : Ties.values()) {
      for (boolean counting : new boolean[] {true, false}) {
        SurvivalData data = counting ? SAMPLE.counting() : SAMPLE.rightCensored();
        double[] start = counting ? SAMPLE.start : null;
        CoxModel fit = Cox.builder().ties(ties).strata(SAMPLE.site).fit(data);
        CoxModel plain = Cox.builder().ties(ties).fit(data);
        double[] beta = fit.coefficients();
        String what = ties + (counting ? " counting process" : " right-censored");
        assertThat(fit.converged()).as(what).isTrue();
        assertThat(fit.strata()).as(what).isEqualTo(4);
        assertThat(fit.logLikelihood())
            .as(what + " log likelihood")
            .isCloseTo(
                BruteForceCox.logLikelihood(
                    start, SAMPLE.stop, SAMPLE.event, codes, SAMPLE.x, beta, ties),
                within(1e-9));
        assertThat(fit.logLikelihoodNull())
            .as(what + " null log likelihood")
            .isCloseTo(
                BruteForceCox.logLikelihood(
                    start, SAMPLE.stop, SAMPLE.event, codes, SAMPLE.x, new double[3], ties),
                within(1e-9));
        assertThat(fit.concordance())
            .as(what + " concordance")
            .isCloseTo(
                BruteForceCox.concordance(
                    start, SAMPLE.stop, SAMPLE.event, codes, SAMPLE.linearPredictor(beta)),
                within(1e-12));
        // the strata matter here: the fit is not the unstratified one
        assertThat(Math.abs(fit.coefficients()[0] - plain.coefficients()[0]))
            .as(what)
            .isGreaterThan(1e-4);
        // the estimate maximises the stratified pairwise likelihood: its gradient vanishes there
        for (int j = 0; j < 3; j++) {
          double h = 1e-5;
          double[] up = beta.clone();
          double[] down = beta.clone();
          up[j] += h;
          down[j] -= h;
          double grad =
              (BruteForceCox.logLikelihood(
                          start, SAMPLE.stop, SAMPLE.event, codes, SAMPLE.x, up, ties)
                      - BruteForceCox.logLikelihood(
                          start, SAMPLE.stop, SAMPLE.event, codes, SAMPLE.x, down, ties))
                  / (2 * h);
          assertThat(grad).as(what + " gradient " + j).isCloseTo(0, within(1e-5));
        }
      }
    }
  }

  @Test
  void aStratumWithoutEventsOrOfOneRunnerAddsNothingToTheLikelihood() {
    // dropping ZRH04 (no events) and PRG03 (one runner: each of its events has only its own
    // interval at risk) leaves the fit unchanged but for n and round-off
    List<Integer> keep = new ArrayList<>();
    for (int i = 0; i < SAMPLE.site.length; i++) {
      if (!SAMPLE.site[i].equals("ZRH04") && !SAMPLE.site[i].equals("PRG03")) {
        keep.add(i);
      }
    }
    int m = keep.size();
    double[] start = new double[m];
    double[] stop = new double[m];
    int[] event = new int[m];
    double[][] cols = new double[3][m];
    String[] site = new String[m];
    for (int k = 0; k < m; k++) {
      int i = keep.get(k);
      start[k] = SAMPLE.start[i];
      stop[k] = SAMPLE.stop[i];
      event[k] = SAMPLE.event[i];
      site[k] = SAMPLE.site[i];
      for (int j = 0; j < 3; j++) {
        cols[j][k] = SAMPLE.x[i][j];
      }
    }
    SurvivalData few =
        SurvivalData.countingProcess(start, stop, event)
            .withCovariate("a", cols[0])
            .withCovariate("b", cols[1])
            .withCovariate("load", cols[2]);
    CoxModel all = Cox.builder().strata(SAMPLE.site).fit(SAMPLE.counting());
    CoxModel two = Cox.builder().strata(site).fit(few);
    for (int j = 0; j < 3; j++) {
      assertThat(all.coefficients()[j])
          .isCloseTo(two.coefficients()[j], within(1e-9 * Math.abs(two.coefficients()[j])));
      assertThat(all.standardErrors()[j])
          .isCloseTo(two.standardErrors()[j], within(1e-9 * two.standardErrors()[j]));
    }
    assertThat(all.logLikelihood()).isCloseTo(two.logLikelihood(), within(1e-9));
    assertThat(all.n()).isEqualTo(SAMPLE.site.length);
  }

  @Test
  void integerAndTextStrataIdsGiveTheSameFit() {
    CoxModel byText = Cox.builder().strata(SAMPLE.site).fit(SAMPLE.counting());
    CoxModel byInt = Cox.builder().strata(SAMPLE.strataCodes()).fit(SAMPLE.counting());
    for (int j = 0; j < 3; j++) {
      assertThat(byInt.coefficients()[j])
          .isCloseTo(byText.coefficients()[j], within(1e-12 * Math.abs(byText.coefficients()[j])));
    }
    assertThat(byInt.concordance()).isCloseTo(byText.concordance(), within(1e-12));
    assertThat(byInt.strata()).isEqualTo(4);
    assertThat(byText.toString()).contains("strata=4");
  }

  @Test
  void fitsTwentyThousandIntervalsAtFourSitesWithClustersWhateverTheRowOrder() {
    Sample big = new Sample(11, 3300);
    assertThat(big.site.length).isGreaterThanOrEqualTo(20_000);
    long t0 = System.nanoTime();
    CoxModel fit = Cox.builder().strata(big.site).cluster(big.id).fit(big.counting());
    long ms = (System.nanoTime() - t0) / 1_000_000;
    // a note for the log, not an assertion: the sort is done once, each iteration is one sweep
    System.out.printf(
        java.util.Locale.ROOT,
        "stratified Cox, %d intervals, %d runners, 4 strata, Efron, robust: %d ms, %d iterations%n",
        big.site.length,
        fit.clusters(),
        ms,
        fit.iterations());
    assertThat(fit.converged()).isTrue();
    // the rows in reverse order (and the strata ids renamed) give the same fit: sorting and the
    // stratum boundaries depend on the data, not on the order or the names
    int n = big.site.length;
    double[] start = new double[n];
    double[] stop = new double[n];
    int[] event = new int[n];
    int[] id = new int[n];
    String[] site = new String[n];
    double[][] cols = new double[3][n];
    for (int i = 0; i < n; i++) {
      int r = n - 1 - i;
      start[i] = big.start[r];
      stop[i] = big.stop[r];
      event[i] = big.event[r];
      id[i] = big.id[r];
      site[i] = "s" + big.site[r].hashCode();
      for (int j = 0; j < 3; j++) {
        cols[j][i] = big.x[r][j];
      }
    }
    SurvivalData reversed =
        SurvivalData.countingProcess(start, stop, event)
            .withCovariate("a", cols[0])
            .withCovariate("b", cols[1])
            .withCovariate("load", cols[2]);
    CoxModel again = Cox.builder().strata(site).cluster(id).fit(reversed);
    for (int j = 0; j < 3; j++) {
      assertThat(again.coefficients()[j])
          .isCloseTo(fit.coefficients()[j], within(1e-10 * Math.abs(fit.coefficients()[j])));
      assertThat(again.robustStandardErrors()[j])
          .isCloseTo(fit.robustStandardErrors()[j], within(1e-10 * fit.robustStandardErrors()[j]));
    }
    assertThat(again.concordance()).isCloseTo(fit.concordance(), within(1e-12));
  }

  @Test
  void refusesStrataIdsThatDoNotMatchTheRows() {
    assertThatThrownBy(() -> Cox.builder().strata(new String[] {"A", "B"}).fit(SAMPLE.counting()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("strata has 2 ids for " + SAMPLE.site.length + " rows");
    assertThatThrownBy(() -> Cox.builder().strata(new String[] {"A", null}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stratum id of row 1 is null");
    assertThatThrownBy(() -> Cox.builder().strata((int[]) null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("strata ids are null");
  }
}
