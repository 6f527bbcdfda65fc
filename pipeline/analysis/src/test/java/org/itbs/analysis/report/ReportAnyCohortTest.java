package org.itbs.analysis.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.itbs.analysis.plan.Plan;
import org.itbs.analysis.tables.Release.Profile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Any cohort renders (issue 15): 3 runners, one site, a site without onsets, no onsets at all, in
 * both profiles and under both plans (v2 with its M1 section and Table 1 of the onset population,
 * issue 14): a report that says what it cannot show, never an exception. A release report of each
 * also passes the {@link DisclosureChecker}.
 */
class ReportAnyCohortTest {
  @TempDir Path dir;

  static Stream<Arguments> cohorts() {
    List<String> three = List.of("CLINA", "CLINB", "CLINC");
    Stream<Arguments> pooled =
        Stream.of(Profile.RELEASE, Profile.INTERNAL)
            .map(
                p ->
                    Arguments.of(
                        "a site without onsets beside two pooled in M1",
                        700,
                        three,
                        1.5,
                        "CLINB",
                        p,
                        Plan.V2));
    Stream<Arguments> each =
        Stream.of(Plan.V1, Plan.V2)
            .flatMap(
                plan ->
                    Stream.of(Profile.RELEASE, Profile.INTERNAL)
                        .flatMap(
                            p ->
                                Stream.of(
                                    Arguments.of(
                                        "3 runners at 3 sites", 3, three, 1.0, null, p, plan),
                                    Arguments.of(
                                        "3 runners at one site",
                                        3,
                                        List.of("CLINA"),
                                        1.0,
                                        null,
                                        p,
                                        plan),
                                    Arguments.of(
                                        "12 runners at one site",
                                        12,
                                        List.of("CLINA"),
                                        3.0,
                                        null,
                                        p,
                                        plan),
                                    Arguments.of(
                                        "a site without onsets", 90, three, 2.0, "CLINB", p, plan),
                                    Arguments.of("no onsets", 40, three, 0.0, null, p, plan))));
    return Stream.concat(each, pooled);
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(Profile.class)
  void aCohortWhoseEveryRunnerHadItbsBeforeEnrolmentRendersWithAnEmptyOnsetPopulation(
      Profile profile) throws Exception {
    Path analysis = dir.resolve("analysis");
    SyntheticAnalysis.write(analysis, 15L, Plan.V2, 60, List.of("CLINA", "CLINB"), 1.0, null, 1.0);
    Path page = Report.write(analysis, dir.resolve("report"), profile);
    String html = Files.readString(page, StandardCharsets.UTF_8);
    // The flow sets every runner aside; P1–P3 say why they were not fitted; R1 has its runners.
    List<String> flow = Files.readAllLines(dir.resolve("report/tables/flow.csv"));
    assertThat(flow)
        .anySatisfy(
            l -> assertThat(l).startsWith("Set aside: ITBS before enrolment").endsWith(",60,"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("Onset population (prior_itbs = 0),In the analysis set,<5,"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("P1 Cox model of onset,Onset population,<5,<5,<5,")
                    .contains("not fitted: no runners with every covariate")
                    .doesNotContain("not fitted: not fitted"));
    // The sites show the onset population's figures as empty, never a rate over no one.
    List<String> sites = Files.readAllLines(dir.resolve("report/tables/sites.csv"));
    assertThat(sites.get(sites.size() - 1)).startsWith("All sites,60,<5,");
    assertThat(html).contains("Not fitted: ");
    if (profile == Profile.RELEASE) {
      assertThat(DisclosureChecker.check(dir.resolve("report")).problems()).isEmpty();
    }
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(Profile.class)
  void theThreeRunnerCohortOfThePipelineRenders(Profile profile) throws Exception {
    // itbs analyse's own outputs for 3 runners (src/test/resources/analysis-g3): the report of
    // before failed on them with "count 2 is not between 0 and its total 1".
    Path analysis = dir.resolve("analysis-g3");
    Files.createDirectories(analysis);
    for (String f : List.of("effects.csv", "model_summary.json", "analysis_set.csv")) {
      try (var in = getClass().getResourceAsStream("/analysis-g3/" + f)) {
        Files.copy(in, analysis.resolve(f));
      }
    }
    Path page = Report.write(analysis, dir.resolve("report"), profile);
    String html = Files.readString(page, StandardCharsets.UTF_8);
    assertThat(html).contains("Not fitted: ");
    if (profile == Profile.RELEASE) {
      assertThat(html).contains("Not drawn for peak hip adduction: a tertile holds fewer than 5");
      assertThat(html).contains("got &lt;5").doesNotContain("got 3");
      assertThat(DisclosureChecker.check(dir.resolve("report")).problems()).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}, {5}, {6}")
  @MethodSource("cohorts")
  void rendersAReportThatSaysWhatItCannotShow(
      String name,
      int runners,
      List<String> sites,
      double hazard,
      String siteWithoutOnsets,
      Profile profile,
      Plan plan)
      throws Exception {
    Path analysis = dir.resolve("analysis");
    SyntheticAnalysis.write(analysis, 15L, plan, runners, sites, hazard, siteWithoutOnsets);
    Path page = Report.write(analysis, dir.resolve("report"), profile);
    String html = Files.readString(page, StandardCharsets.UTF_8);
    assertThat(html).contains("id=\"disclosure-control\"", "data-table=\"sites\"");
    assertThat(dir.resolve("report").resolve("sdc.json")).isNotEmptyFile();
    if (runners < 15) {
      // Too few runners for tertiles of 5 (release) or for the models: the page says so.
      assertThat(html).containsAnyOf("Not drawn for", "Not fitted", "Not released");
    }
    if (plan == Plan.V2) {
      // M1's section with its sites table, and (too few onsets but in the last case) why M1 was
      // not fitted; Table 1 has the prior-ITBS column.
      assertThat(html).contains("id=\"m1\"", "data-table=\"m1_sites\"");
      if (name.contains("pooled")) {
        assertThat(html).contains("data-table=\"m1_pooled\"").doesNotContain("M1 not fitted");
        assertThat(ReportV2Test.row(html, "m1_sites", siteWithoutOnsets).get(4))
            .startsWith("no: fewer than 45");
      } else {
        assertThat(html).contains("M1 not fitted: ");
      }
      assertThat(html).contains("prior ITBS (set aside)");
      assertThat(dir.resolve("report").resolve("tables/m1_sites.csv")).isNotEmptyFile();
    } else {
      assertThat(html).doesNotContain("id=\"m1\"");
    }
    if (profile == Profile.RELEASE) {
      assertThat(DisclosureChecker.check(dir.resolve("report")).problems()).isEmpty();
    }
  }
}
