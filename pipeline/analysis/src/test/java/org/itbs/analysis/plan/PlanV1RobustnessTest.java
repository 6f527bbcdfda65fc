package org.itbs.analysis.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No number from a fit that failed: a model whose fit did not converge or ran away publishes no
 * coefficient and says why, and one model failing never stops the others (analysis-plan v2,
 * "Estimable fits"; issue 14).
 */
class PlanV1RobustnessTest {
  private static final RecurrenceIntervals NONE =
      new RecurrenceIntervals(
          new String[0],
          new String[0],
          new double[0],
          new double[0],
          new int[0],
          new double[0],
          new double[0]);

  /**
   * The first 25 runners of the reference set, with ITBS onsets only among the 6 of highest hip
   * abduction torque, the strongest first: hip_abd separates onsets from the rest completely (a
   * monotone partial likelihood for P1, separation for P2 and P3).
   */
  private static AnalysisSet separatedCohortOf25() throws IOException {
    AnalysisSet ref = PlanV1Test.referenceSet();
    int n = 25;
    double[] abd = Arrays.copyOf(ref.column("hip_abd"), n);
    for (int i = 0; i < n; i++) {
      if (Double.isNaN(abd[i])) {
        abd[i] = 1.0 + i / 100.0; // complete cases for every model
      }
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(abd[b], abd[a]));
    double[] time = new double[n];
    double[] event = new double[n];
    Arrays.fill(time, 400);
    for (int r = 0; r < 6; r++) {
      time[order[r]] = 20 + 30 * r;
      event[order[r]] = 1;
    }
    Map<String, double[]> cols = new LinkedHashMap<>();
    for (String c : ref.columnNames()) {
      double[] v = Arrays.copyOf(ref.column(c), n);
      for (int i = 0; i < n; i++) {
        if (Double.isNaN(v[i]) && !c.startsWith("peak_knee") && !c.equals("peak_df")) {
          v[i] = 0.5 + ((i * 7) % 11) / 10.0;
        }
      }
      switch (c) {
        case "hip_abd" -> v = abd;
        case "time" -> v = time;
        case "event" -> v = event;
        case "exposure_h" -> {
          for (int i = 0; i < n; i++) {
            v[i] = 100 + i;
          }
        }
        default -> {}
      }
      cols.put(c, v);
    }
    return AnalysisSet.of(
        Arrays.copyOf(ref.sites(), n), Arrays.copyOf(ref.participantIds(), n), cols);
  }

  @Test
  void separatedCohortOf25PublishesNoRunawayRatioAndNamesEveryModelNotFitted() throws IOException {
    PlanResult r = PlanV1.run(separatedCohortOf25(), NONE);

    assertThat(r.effects())
        .allSatisfy(
            e -> {
              assertThat(e.ratio()).isFinite().isLessThan(Math.exp(15));
              assertThat(e.ciUpper()).isFinite();
              assertThat(e.stdError()).isFinite();
            });
    for (String model : new String[] {"P1", "P2", "P3"}) {
      ModelCounts c = r.counts().get(model);
      assertThat(c.fitted()).as(model + " fitted").isFalse();
      assertThat(c.notFitted()).as(model).isNotBlank();
      assertThat(r.effects(model)).as(model + " effects").isEmpty();
      assertThat(c.events()).as(model + " events within n").isLessThanOrEqualTo(c.n());
    }
    // P1 runs away (v1 published HRs of e^29 here): the reason says so and names the term
    assertThat(r.counts().get("P1").notFitted())
        .startsWith("not estimable: the coefficient of ")
        .contains("ran away")
        .contains("hip_abd");
    assertThat(r.counts().get("P2").notFitted()).contains("separate");
    assertThat(r.counts().get("P2").n()).isEqualTo(25);
    assertThat(r.counts().get("P3").notFitted()).contains("not estimable");
    assertThat(r.p1Concordance()).isNaN();
    assertThat(r.p2Auc()).isNaN();
  }

  @Test
  void runawayIsRecognisedWhetherOrNotTheFitterSaysItConverged() {
    assertThat(
            Estimability.whyNot(
                true,
                java.util.List.of("age", "sex"),
                new double[] {0.1, 120.6},
                new double[] {0.1, 1e5}))
        .hasValueSatisfying(w -> assertThat(w).contains("sex").contains("ran away"));
    assertThat(
            Estimability.whyNot(
                true,
                java.util.List.of("age"),
                new double[] {0.1},
                new double[] {Double.POSITIVE_INFINITY}))
        .hasValueSatisfying(w -> assertThat(w).contains("standard error of age is Infinity"));
    assertThat(
            Estimability.whyNot(
                false, java.util.List.of("age"), new double[] {0.1}, new double[] {0.1}))
        .hasValue("not estimable: the fit did not converge");
    assertThat(
            Estimability.whyNot(
                true, java.util.List.of("age"), new double[] {-15}, new double[] {0.1}))
        .isEmpty();
  }

  @Test
  void singularRecurrenceModelIsReportedAndDoesNotStopTheOnsetModels() throws IOException {
    AnalysisSet set = PlanV1Test.referenceSet();
    double[] abd = set.column("hip_abd");
    double[] df = set.column("df_lunge");
    String[] ids = set.participantIds();
    // 6 runners with complete covariates, two intervals each; maintenance is 0 throughout, so the
    // information matrix is singular in it
    int m = 12;
    String[] site = new String[m];
    String[] pid = new String[m];
    double[] start = new double[m];
    double[] stop = new double[m];
    int[] ev = new int[m];
    double[] maint = new double[m];
    double[] acwr = new double[m];
    int k = 0;
    for (int i = 0; i < set.size() && k < m; i++) {
      if (Double.isNaN(abd[i]) || Double.isNaN(df[i])) {
        continue;
      }
      for (int j = 0; j < 2; j++) {
        site[k] = set.sites()[i];
        pid[k] = ids[i];
        start[k] = 7 * j;
        stop[k] = 7 * j + 7;
        ev[k] = (j == 1 && k % 4 == 1) ? 1 : 0;
        acwr[k] = 0.8 + 0.05 * k;
        k++;
      }
    }
    RecurrenceIntervals iv = new RecurrenceIntervals(site, pid, start, stop, ev, maint, acwr);

    PlanResult r = PlanV1.run(set, iv);

    assertThat(r.counts().get("R1").fitted()).isFalse();
    assertThat(r.counts().get("R1").notFitted()).contains("maintenance").contains("singular");
    assertThat(r.effects("R1")).isEmpty();
    assertThat(r.effects("P1")).hasSize(PlanV1.ONSET_TERMS.size());
    assertThat(r.effects("P2")).hasSize(PlanV1.ONSET_TERMS.size());
    assertThat(r.effects("P3")).hasSize(PlanV1.ONSET_TERMS.size());
    assertThat(r.r1Intervals()).isEqualTo(m);
  }
}
