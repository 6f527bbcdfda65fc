package org.itbs.analysis.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.itbs.analysis.Analyse;
import org.itbs.analysis.report.Report;
import org.itbs.core.lake.LakeState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plan v2 on the cohorts the pipeline accepts but a model cannot always be fitted on (issue 14,
 * point 4): no onsets, no gait data, 3 runners, collinear covariates, one site, a site without
 * events. Every model is fitted on its own, one failing never stops the others, each failure is
 * named with its reason and counts ({@code n ≥ events}), and the outputs and the report are
 * written.
 */
class PlanV2RobustnessTest {
  private static final List<String> THREE = List.of("AAA01", "BBB02", "CCC03");

  @TempDir Path tmp;

  private static AnalysisSet cohort(int n) {
    return GeneratedCohort.of(7, n, THREE, new double[] {8e-4, 1e-3, 6e-4});
  }

  /** Writes the outputs and the report, and checks the counts every model states. */
  private PlanResult analyseAndReport(AnalysisSet set, String name) throws IOException {
    PlanResult r = PlanV2.run(set, GeneratedCohort.NONE);
    Path out = tmp.resolve(name);
    Analyse.write(out, Path.of("/lake"), LakeState.empty(), set, r);
    Path page = Report.write(out, tmp.resolve(name + "-report"));
    assertThat(Files.readString(page, StandardCharsets.UTF_8)).contains("analysis-plan v2");
    assertThat(out.resolve("site_effects.csv")).exists();
    assertThat(out.resolve("meta_analysis.csv")).exists();
    String summary = Files.readString(out.resolve("model_summary.json"));
    for (String m : List.of("P1", "P2", "P3", "R1", "M1")) {
      ModelCounts c = r.counts().get(m);
      assertThat(c).as(m).isNotNull();
      assertThat(c.events()).as("%s events within n", m).isLessThanOrEqualTo(c.n());
      assertThat(c.fitted() || !c.notFitted().isBlank()).as(m).isTrue();
      assertThat(c.fitted() || r.effects(m).isEmpty()).as("%s publishes nothing", m).isTrue();
      if (!c.fitted()) {
        assertThat(summary).contains(c.notFitted().replace("\"", "\\\""));
      }
    }
    return r;
  }

  @Test
  void noOnsetsNamesEveryOnsetModelAndM1() throws IOException {
    AnalysisSet set = cohort(300);
    double[] none = new double[set.size()];
    AnalysisSet quiet = GeneratedCohort.with(set, "event", none);

    PlanResult r = analyseAndReport(quiet, "no-onsets");

    for (String m : List.of("P1", "P2", "P3")) {
      assertThat(r.counts().get(m).notFitted()).as(m).contains("no ITBS onset");
    }
    assertThat(r.m1NotFitted()).contains("0 sites with at least 45 ITBS onsets");
    assertThat(r.m1LeftOut()).containsOnlyKeys(THREE);
    assertThat(r.rate().events()).isZero();
  }

  @Test
  void noGaitDataSaysWhichCovariatesAreMissingForHowMany() throws IOException {
    AnalysisSet set = cohort(300);
    double[] nan = new double[set.size()];
    Arrays.fill(nan, Double.NaN);
    AnalysisSet noGait =
        GeneratedCohort.with(
            GeneratedCohort.with(set, "peak_hip_add", nan), "peak_pelvic_drop", nan);
    int population = (int) Arrays.stream(set.column("prior_itbs")).filter(p -> p == 0).count();

    PlanResult r = analyseAndReport(noGait, "no-gait");

    ModelCounts p1 = r.counts().get("P1");
    assertThat(p1.leftOut())
        .containsEntry("missing peak_hip_add", population)
        .containsEntry("missing peak_pelvic_drop", population);
    assertThat(p1.leftOutRunners()).isEqualTo(population);
    assertThat(p1.notFitted())
        .contains("no runners with every covariate")
        .contains("missing peak_hip_add: " + population)
        .doesNotContain("sample SD");
    assertThat(r.effects()).isEmpty();
    assertThat(r.m1NotFitted()).contains("P1's runners could not be selected");
  }

  @Test
  void threeRunnersAreAnalysedWithoutACrash() throws IOException {
    AnalysisSet set = GeneratedCohort.head(cohort(300), 3);

    PlanResult r = analyseAndReport(set, "three");

    assertThat(r.effects()).isEmpty();
    assertThat(r.counts().get("P1").fitted()).isFalse();
  }

  @Test
  void collinearCovariatesNameTheTermAndTheOtherModelsGoOn() throws IOException {
    AnalysisSet set = cohort(600);
    double[] age = set.column("age");
    double[] bmi = new double[age.length];
    for (int i = 0; i < age.length; i++) {
      bmi[i] = 15 + 0.2 * age[i];
    }
    PlanResult r = analyseAndReport(GeneratedCohort.with(set, "bmi", bmi), "collinear");

    for (String m : List.of("P1", "P2", "P3")) {
      assertThat(r.counts().get(m).notFitted()).as(m).contains("bmi");
      assertThat(r.effects(m)).isEmpty();
    }
    assertThat(r.counts().get("P1").leftOut()).isEmpty();
  }

  @Test
  void oneSiteFitsUnstratifiedAndSaysWhyThereIsNoMetaAnalysis() throws IOException {
    AnalysisSet set = GeneratedCohort.of(11, 500, List.of("ONE01"), new double[] {1e-3});

    PlanResult r = analyseAndReport(set, "one-site");

    assertThat(r.effects("P1")).hasSize(9);
    assertThat(r.effects("P2")).hasSize(9);
    assertThat(r.effects("P3")).hasSize(9);
    assertThat(r.effects("M1")).isEmpty();
    assertThat(r.m1Sites()).isEmpty();
    assertThat(r.m1NotFitted()).contains("the meta-analysis needs at least 2");
    assertThat(r.counts().get("P1").eventsPerCovariate())
        .isEqualTo(r.counts().get("P1").events() / 9.0);
  }

  @Test
  void aSiteWithoutEventsIsLeftOutOfM1AndP1StillFits() throws IOException {
    AnalysisSet set = GeneratedCohort.of(13, 1500, THREE, new double[] {2.5e-3, 2.5e-3, 2.5e-3});
    double[] event = set.column("event");
    double[] time = set.column("time");
    String[] sites = set.sites();
    for (int i = 0; i < event.length; i++) {
      if (sites[i].equals("CCC03") && event[i] == 1) {
        event[i] = 0;
        time[i] = 760;
      }
    }
    AnalysisSet quietSite =
        GeneratedCohort.with(GeneratedCohort.with(set, "event", event), "time", time);

    PlanResult r = analyseAndReport(quietSite, "quiet-site");

    assertThat(r.effects("P1")).hasSize(9);
    assertThat(r.m1Sites()).containsExactly("AAA01", "BBB02");
    assertThat(r.m1LeftOut()).containsOnlyKeys("CCC03");
    assertThat(r.m1LeftOut().get("CCC03")).startsWith("fewer than 45");
    assertThat(r.effects("M1")).hasSize(9);
    assertThat(r.metaAnalysis()).allSatisfy(m -> assertThat(m.piLower()).isNaN());
    // the site without events separates in P2 and P3: not estimable, named, nothing published
    for (String m : List.of("P2", "P3")) {
      ModelCounts c = r.counts().get(m);
      if (!c.fitted()) {
        assertThat(c.notFitted()).as(m).containsAnyOf("CCC03", "separat", "converge");
      }
    }
    assertThat(r.rateBySite().get("CCC03").events()).isZero();
  }

  @Test
  void everyRunnerWithITBSBeforeEnrolmentLeavesNoOnsetPopulationAndNoRate() throws IOException {
    AnalysisSet set = cohort(200);
    double[] prior = new double[set.size()];
    Arrays.fill(prior, 1);

    PlanResult r = analyseAndReport(GeneratedCohort.with(set, "prior_itbs", prior), "all-prior");

    assertThat(r.onsetPopulation()).isZero();
    assertThat(r.priorItbsSetAside()).isEqualTo(200);
    assertThat(r.rate()).isNull();
    assertThat(r.rateBySite()).isEmpty();
    for (String m : List.of("P1", "P2", "P3")) {
      assertThat(r.counts().get(m).candidates()).isZero();
      assertThat(r.counts().get(m).notFitted()).as(m).contains("no runners");
    }
  }
}
