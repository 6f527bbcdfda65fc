package org.itbs.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calibration against literature.md and recovery of the true effects, on one cohort of 2,500
 * runners derived from the files by an independent implementation of analysis plan v1.
 */
class CalibrationTest {
  private static final String[] TERMS = {
    "peak_hip_add",
    "peak_pelvic_drop",
    "hip_abd",
    "hip_er",
    "df_lunge",
    "km_week",
    "sex",
    "age",
    "bmi",
    "prior_itbs"
  };

  @TempDir static Path tmp;
  private static JsonNode truth;
  private static PlanDerivation plan;
  private static List<PlanDerivation.Row> rows;

  @BeforeAll
  static void generate() throws IOException {
    Path out = tmp.resolve("cohort");
    CohortGenerator.generate(CohortSpec.builder().sites(3).runners(2500).seed(8).build(), out);
    truth = new ObjectMapper().readTree(out.resolve("truth.json").toFile());
    plan = new PlanDerivation(out);
    rows = new ArrayList<>(plan.rows.values());
  }

  @Test
  void hazardActsOnTheCovariatesThePlanDerivesFromTheFiles() {
    for (int k = 0; k < TERMS.length; k++) {
      JsonNode e = CohortGeneratorTest.effect(truth.get("onset"), TERMS[k]);
      if (!e.has("mean")) {
        continue;
      }
      double[] ms = meanSd(k);
      assertThat(ms[0]).as(TERMS[k] + " mean").isCloseTo(e.get("mean").asDouble(), within(1e-9));
      assertThat(ms[1]).as(TERMS[k] + " sd").isCloseTo(e.get("sd").asDouble(), within(1e-9));
    }
  }

  @Test
  void hipAbductorTorqueFollowsRamskov2014() {
    // torque = 1.600 - 0.005 age + 0.215 male, residual SD 0.354 (runner = mean of L and R),
    // once each site's dynamometer offset (recorded in truth.json) is taken off.
    Map<String, Double> offset = new HashMap<>();
    for (JsonNode s : truth.get("sites")) {
      offset.put(
          s.get("code").asText(), s.get("offsets").get("hip_abduction_torque_nm_kg").asDouble());
    }
    double[][] x = new double[rows.size()][];
    double[] y = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      PlanDerivation.Row r = rows.get(i);
      x[i] = new double[] {1, r.age, r.female ? 0 : 1};
      y[i] = r.hipAbd - offset.get(r.site);
    }
    double[] b = CohortGenerator.leastSquares(x, y);
    double ss = 0;
    for (int i = 0; i < y.length; i++) {
      double fit = b[0] + b[1] * x[i][1] + b[2] * x[i][2];
      ss += (y[i] - fit) * (y[i] - fit);
    }
    assertThat(b[0]).isCloseTo(1.600, within(0.06));
    assertThat(b[1]).isCloseTo(-0.005, within(0.002));
    assertThat(b[2]).isCloseTo(0.215, within(0.04));
    assertThat(Math.sqrt(ss / (y.length - 3))).isCloseTo(0.354, within(0.025));
  }

  @Test
  void kinematicPeaksSitNearBramah2018Controls() {
    double[] hip = meanSd(0);
    double[] pelvic = meanSd(1);
    assertThat(hip[0]).as("peak hip adduction mean").isBetween(9.0, 11.7);
    assertThat(hip[1]).as("peak hip adduction SD").isBetween(3.0, 4.3);
    assertThat(pelvic[0]).as("peak pelvic drop mean").isBetween(3.4, 4.8);
    assertThat(pelvic[1]).as("peak pelvic drop SD").isBetween(1.6, 2.5);
  }

  @Test
  void lungeIsElevenPlusMinusThreeAndAHalfWithinTheTestRange() {
    double[] lunge = meanSd(4);
    assertThat(lunge[0]).isCloseTo(11.0, within(0.8));
    assertThat(lunge[1]).isCloseTo(3.5, within(0.5));
    assertThat(rows).allMatch(r -> r.dfLunge >= 0 && r.dfLunge <= 25);
  }

  @Test
  void shareOfPriorItbsOnsetsAndItbsAmongInjuriesMatchLiterature() {
    double prior = rows.stream().filter(r -> r.prior == 1).count() / (double) rows.size();
    double onset = rows.stream().filter(r -> r.event == 1).count() / (double) rows.size();
    assertThat(prior).as("prior_itbs share").isBetween(0.10, 0.15);
    assertThat(onset).as("ITBS onset share over follow-up").isBetween(0.12, 0.18);
    assertThat(plan.itbsInjuries / (double) plan.injuries)
        .as("ITBS share of all injuries (van der Worp 2012: 5-14 %)")
        .isBetween(0.05, 0.14);
  }

  @Test
  void gaitLooksLikeTheReferenceCohort() {
    assertThat(rows).allMatch(r -> r.gaitRows == 820);
    double stance = plan.stanceFrames.stream().mapToInt(Integer::intValue).average().orElseThrow();
    assertThat(stance / GaitWriter.HZ).as("stance seconds").isCloseTo(0.25, within(0.02));
  }

  @Test
  void sitesDifferInSizeEnrolmentAndFollowUp() {
    Map<String, List<PlanDerivation.Row>> bySite = new HashMap<>();
    rows.forEach(r -> bySite.computeIfAbsent(r.site, k -> new ArrayList<>()).add(r));
    assertThat(bySite).hasSize(3);
    Set<Integer> sizes = new HashSet<>();
    Set<Long> medians = new HashSet<>();
    for (JsonNode s : truth.get("sites")) {
      int months = s.get("followup_months_planned").asInt();
      assertThat(months).isBetween(12, 30);
      List<PlanDerivation.Row> list = bySite.get(s.get("code").asText());
      sizes.add(list.size());
      long[] fu = list.stream().mapToLong(r -> r.end - r.enrol).sorted().toArray();
      long median = fu[fu.length / 2];
      assertThat(median).isBetween(months * 30L - 10, months * 31L + 31);
      medians.add(median);
    }
    assertThat(sizes).hasSize(3);
    assertThat(medians).hasSize(3);
  }

  @Test
  void coxModelFittedPerThePlanRecoversTheOnsetEffects() {
    List<PlanDerivation.Row> cc = new ArrayList<>();
    for (PlanDerivation.Row r : rows) {
      boolean ok = true;
      for (double v : r.covariates()) {
        ok &= !Double.isNaN(v);
      }
      if (ok) {
        cc.add(r);
      }
    }
    int p = TERMS.length;
    double[][] x = new double[cc.size()][];
    for (int i = 0; i < cc.size(); i++) {
      x[i] = cc.get(i).covariates();
    }
    for (int k = 0; k < p; k++) {
      if (TERMS[k].equals("sex") || TERMS[k].equals("prior_itbs")) {
        continue;
      }
      double m = 0;
      for (double[] row : x) {
        m += row[k];
      }
      m /= x.length;
      double ss = 0;
      for (double[] row : x) {
        ss += (row[k] - m) * (row[k] - m);
      }
      double sd = Math.sqrt(ss / (x.length - 1));
      for (double[] row : x) {
        row[k] = (row[k] - m) / sd;
      }
    }
    double[] start = new double[cc.size()];
    double[] stop = cc.stream().mapToDouble(r -> r.time).toArray();
    int[] event = cc.stream().mapToInt(r -> r.event).toArray();
    TestCox.Fit fit = TestCox.fit(x, start, stop, event);
    for (int k = 0; k < p; k++) {
      double t =
          CohortGeneratorTest.effect(truth.get("onset"), TERMS[k])
              .get("log_hazard_ratio")
              .asDouble();
      assertThat(fit.beta()[k])
          .as(TERMS[k] + " (SE " + fit.se()[k] + ")")
          .isCloseTo(t, within(3.5 * fit.se()[k]));
    }
  }

  @Test
  void recurrenceRisesWithWorkloadRatioAndFallsWithMaintenance() {
    Map<String, PlanDerivation.Row> byId = plan.rows;
    List<PlanDerivation.Interval> iv = plan.intervals;
    Set<String> ids = new HashSet<>();
    iv.forEach(i -> ids.add(i.id()));
    double[] abd = ids.stream().mapToDouble(id -> byId.get(id).hipAbd).toArray();
    double[] lunge = ids.stream().mapToDouble(id -> byId.get(id).dfLunge).toArray();
    double[] a = moments(abd);
    double[] l = moments(lunge);
    double[][] x = new double[iv.size()][];
    double[] start = new double[iv.size()];
    double[] stop = new double[iv.size()];
    int[] event = new int[iv.size()];
    for (int i = 0; i < iv.size(); i++) {
      PlanDerivation.Interval in = iv.get(i);
      PlanDerivation.Row r = byId.get(in.id());
      x[i] =
          new double[] {
            in.maintenance(),
            in.acwr(),
            (r.hipAbd - a[0]) / a[1],
            (r.dfLunge - l[0]) / l[1],
            r.female ? 1 : 0
          };
      start[i] = in.start();
      stop[i] = in.stop();
      event[i] = in.event();
    }
    TestCox.Fit fit = TestCox.fit(x, start, stop, event);
    JsonNode rec = truth.get("recurrence");
    double maintenance =
        CohortGeneratorTest.effect(rec, "maintenance").get("log_hazard_ratio").asDouble();
    double acwr = CohortGeneratorTest.effect(rec, "acwr").get("log_hazard_ratio").asDouble();
    assertThat(fit.beta()[0])
        .as("maintenance")
        .isNegative()
        .isCloseTo(maintenance, within(4 * fit.se()[0]));
    assertThat(fit.beta()[1]).as("acwr").isPositive().isCloseTo(acwr, within(4 * fit.se()[1]));
    double abdExpected =
        CohortGeneratorTest.effect(rec, "hip_abd").get("expected_r1_estimate").asDouble();
    assertThat(fit.beta()[2]).as("hip_abd").isCloseTo(abdExpected, within(4 * fit.se()[2]));
  }

  private static double[] moments(double[] v) {
    double m = 0;
    for (double d : v) {
      m += d;
    }
    m /= v.length;
    double ss = 0;
    for (double d : v) {
      ss += (d - m) * (d - m);
    }
    return new double[] {m, Math.sqrt(ss / (v.length - 1))};
  }

  private static double[] meanSd(int k) {
    return moments(
        rows.stream().mapToDouble(r -> r.covariates()[k]).filter(v -> !Double.isNaN(v)).toArray());
  }
}
