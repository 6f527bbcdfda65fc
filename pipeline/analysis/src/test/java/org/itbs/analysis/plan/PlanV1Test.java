package org.itbs.analysis.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The plan's onset models on the reference analysis set reproduce the independent R implementation
 * (reference.R, survival 3.5): every P1, P2 and P3 coefficient, C, AUC and the onset rate.
 */
class PlanV1Test {
  private static List<String[]> csv(String resource) throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (InputStream in = PlanV1Test.class.getResourceAsStream(resource);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        rows.add(line.replace("\"", "").split(",", -1));
      }
    }
    return rows;
  }

  static AnalysisSet referenceSet() throws IOException {
    List<String[]> rows = csv("/reference/cohort-a.analysis_set.csv");
    String[] header = rows.get(0);
    int n = rows.size() - 1;
    String[] site = new String[n];
    String[] id = new String[n];
    Map<String, double[]> cols = new LinkedHashMap<>();
    for (int j = 1; j < header.length; j++) {
      cols.put(header[j], new double[n]);
    }
    for (int i = 0; i < n; i++) {
      String[] r = rows.get(i + 1);
      site[i] = "CHA";
      id[i] = r[0];
      for (int j = 1; j < header.length; j++) {
        cols.get(header[j])[i] =
            r[j].equals("NA") || r[j].isEmpty() ? Double.NaN : Double.parseDouble(r[j]);
      }
    }
    // R's reference file lacks the two descriptive peaks no primary model uses.
    for (String v : AnalysisSet.VARIABLES) {
      if (!cols.containsKey(v)) {
        double[] missing = new double[n];
        java.util.Arrays.fill(missing, Double.NaN);
        cols.put(v, missing);
      }
    }
    return AnalysisSet.of(site, id, cols);
  }

  private static final RecurrenceIntervals NONE =
      new RecurrenceIntervals(
          new String[0],
          new String[0],
          new double[0],
          new double[0],
          new int[0],
          new double[0],
          new double[0]);

  @Test
  void onsetModelsReproduceRsEstimatesStandardErrorsAndIntervals() throws IOException {
    PlanResult r = PlanV1.run(referenceSet(), NONE);

    Map<String, String[]> expected = new HashMap<>();
    List<String[]> effects = csv("/reference/cohort-a.effects.csv");
    for (String[] row : effects.subList(1, effects.size())) {
      expected.put(row[0] + "/" + row[1], row);
    }
    int compared = 0;
    for (Effect e : r.effects()) {
      String[] x = expected.get(e.model() + "/" + e.term());
      assertThat(x).as(e.model() + " " + e.term()).isNotNull();
      double[] got = {e.estimate(), e.stdError(), e.ratio(), e.ciLower(), e.ciUpper(), e.pValue()};
      for (int k = 0; k < got.length; k++) {
        double want = Double.parseDouble(x[k + 2]);
        assertThat(got[k])
            .as("%s %s column %d", e.model(), e.term(), k + 2)
            .isCloseTo(want, within(1e-6 * Math.abs(want) + 1e-12));
      }
      assertThat(e.n()).isEqualTo(Integer.parseInt(x[8]));
      assertThat(e.events()).isEqualTo(Integer.parseInt(x[9]));
      compared++;
    }
    assertThat(compared).isEqualTo(30);
    assertThat(r.effects("P1"))
        .extracting(Effect::term)
        .containsExactlyElementsOf(PlanV1.ONSET_TERMS);
  }

  @Test
  void concordanceAucAndOnsetRateMatchR() throws IOException {
    PlanResult r = PlanV1.run(referenceSet(), NONE);

    assertThat(r.p1Concordance()).isCloseTo(0.725566968371809, within(1e-6));
    assertThat(r.p2Auc()).isCloseTo(0.784561143069215, within(1e-6));
    assertThat(r.rate().rate()).isCloseTo(0.482738956376938, within(1e-9));
    assertThat(r.rate().interval().lower()).isCloseTo(0.369257050983981, within(1e-9));
    assertThat(r.rate().interval().upper()).isCloseTo(0.620098384690845, within(1e-9));
    assertThat(r.rate().events()).isEqualTo(61);
    assertThat(r.p1SiteRobust()).isEmpty();
  }

  @Test
  void countsSayWhoIsLeftOutOfEachModelAndWhy() throws IOException {
    PlanResult r = PlanV1.run(referenceSet(), NONE);

    ModelCounts p2 = r.counts().get("P2");
    assertThat(p2.n()).isEqualTo(351);
    assertThat(p2.leftOut()).containsEntry("censored before day 365", 49);
    assertThat(p2.candidates() - p2.n()).isEqualTo(p2.leftOutRunners());
    assertThat(r.counts().get("R1").notFitted())
        .isEqualTo("fewer than 2 runners at risk of recurrence");
  }

  private static AnalysisSet edited(java.util.function.BiConsumer<String, double[]> edit)
      throws IOException {
    AnalysisSet ref = referenceSet();
    Map<String, double[]> cols = new LinkedHashMap<>();
    for (String c : ref.columnNames()) {
      double[] v = ref.column(c);
      edit.accept(c, v);
      cols.put(c, v);
    }
    return AnalysisSet.of(ref.sites(), ref.participantIds(), cols);
  }

  @Test
  void runnerWithAMissingCovariateIsLeftOutOfEachModelAndCountedWithTheReason() throws IOException {
    AnalysisSet set =
        edited(
            (c, v) -> {
              if (c.equals("km_week")) {
                v[0] = Double.NaN;
                v[1] = Double.NaN;
              }
              if (c.equals("hip_er")) {
                v[1] = Double.NaN;
                v[2] = Double.NaN;
              }
            });

    PlanResult r = PlanV1.run(set, NONE);

    ModelCounts p1 = r.counts().get("P1");
    assertThat(p1.n()).isEqualTo(397);
    assertThat(p1.leftOutRunners()).isEqualTo(3);
    assertThat(p1.leftOut()).containsEntry("missing km_week", 2).containsEntry("missing hip_er", 2);
    assertThat(r.effects("P1")).allSatisfy(e -> assertThat(e.n()).isEqualTo(397));
    assertThat(r.counts().get("P3").n()).isEqualTo(397);
  }

  @Test
  void cohortWithoutItbsEventsGivesClearReasonsNotACrashOrNaN() throws IOException {
    AnalysisSet set =
        edited(
            (c, v) -> {
              if (c.equals("event")) {
                java.util.Arrays.fill(v, 0);
              }
            });

    PlanResult r = PlanV1.run(set, NONE);

    assertThat(r.effects()).isEmpty();
    assertThat(r.counts().get("P1").notFitted()).contains("no ITBS onset");
    assertThat(r.counts().get("P2").notFitted()).contains("no ITBS onset within 365 days");
    assertThat(r.counts().get("P3").notFitted()).contains("no ITBS onset");
    assertThat(r.rate().events()).isZero();
    assertThat(r.rate().rate()).isZero();
    assertThat(r.rate().interval().upper()).isPositive().isFinite();
  }
}
