package org.itbs.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.spark.sql.SparkSession;
import org.itbs.app.reference.RComparison;
import org.itbs.contribute.ClinicKey;
import org.itbs.contribute.Contributor;
import org.itbs.contribute.Pseudonymiser;
import org.itbs.spark.SparkTestSession;
import org.itbs.spark.features.FeaturesJob;
import org.itbs.spark.ingest.IngestJob;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path under analysis-plan v2 against the independent R implementation ({@code
 * reference-v2.R}): the one-site cohort A and the three-site cohort B (each site's export
 * contributed on its own with its own key, all three ingested into one lake) run through contribute
 * → ingest → features in one Spark session, then {@code itbs analyse} (v2, the default) on each
 * lake. Compared with R to the reference README's tolerances: effects (P1–P3, R1, M1), each site's
 * fit in M1 and the pooling to 1e-6 relative; C, AUC and the rates to 1e-6; the derived variables
 * per runner to 1e-9 (relative to max(|R|, 1)); the onset population, the prior-ITBS runners set
 * aside, R1's intervals and the sites in M1 exactly. {@code --plan v1} on cohort A still gives plan
 * v1's numbers ({@code cohort-a.v1-released-bmi.effects.csv}).
 */
class PlanV2WholePathTest {
  private static final List<String> B_SITES = List.of("AMS01", "MAD02", "PRG03");

  @TempDir static Path tmp;

  private static final Map<String, Pseudonymiser> PSEUDONYMS = new HashMap<>();
  private static Path lakeA;
  private static Path lakeB;
  private static Path outA;
  private static Path outB;
  private static CliRun runA;
  private static CliRun runB;

  @BeforeAll
  static void contributeIngestFeaturesAnalyse() throws Exception {
    Path raw = tmp.resolve("raw");
    unzip("cohort-a.zip", raw);
    unzip("cohort-b.zip", raw);
    lakeA = tmp.resolve("lake-a");
    lakeB = tmp.resolve("lake-b");
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    SparkSession spark = SparkTestSession.start();
    try {
      IngestJob ingest = new IngestJob(spark, quiet);
      ingest.ingest(contribute(raw.resolve("cohort-a"), "CHI02"), lakeA);
      for (String site : B_SITES) {
        ingest.ingest(contribute(raw.resolve("cohort-b").resolve(site), site), lakeB);
      }
      new FeaturesJob(spark, quiet).run(lakeA);
      new FeaturesJob(spark, quiet).run(lakeB);
    } finally {
      spark.stop();
    }
    outA = tmp.resolve("out-a");
    outB = tmp.resolve("out-b");
    runA =
        CliRun.of("analyse", "--lake", lakeA.toString(), "--out", outA.toString(), "--no-report");
    runB =
        CliRun.of(
            "analyse",
            "--lake",
            lakeB.toString(),
            "--out",
            outB.toString(),
            "--report",
            tmp.resolve("report-b").toString());
    assertThat(runA.status()).as(runA.err()).isZero();
    assertThat(runB.status()).as(runB.err()).isZero();
  }

  private static Path contribute(Path export, String site) {
    // each site its own key, as each clinic keeps its own
    ClinicKey key =
        ClinicKey.of(
            ("itbs-reference-test-key-" + site + "-0123456789")
                .substring(0, 32)
                .getBytes(StandardCharsets.US_ASCII));
    PSEUDONYMS.put(site, Pseudonymiser.of(key, site));
    Path submission = tmp.resolve("submission-" + site);
    Contributor.builder()
        .site(site)
        .key(key)
        .toolVersion("test")
        .created(Instant.parse("2026-01-01T00:00:00Z"))
        .build()
        .contribute(export, submission);
    return submission;
  }

  private static void unzip(String resource, Path into) throws IOException {
    try (ZipInputStream z = new ZipInputStream(resource(resource))) {
      for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
        Path p = into.resolve(e.getName()).normalize();
        assertThat(p.startsWith(into)).isTrue();
        if (e.isDirectory()) {
          Files.createDirectories(p);
        } else {
          Files.createDirectories(p.getParent());
          Files.copy(z, p);
        }
      }
    }
  }

  private static InputStream resource(String name) {
    InputStream in = PlanV2WholePathTest.class.getResourceAsStream("/reference/" + name);
    assertThat(in).as("test resource /reference/%s", name).isNotNull();
    return in;
  }

  private static JsonNode json(InputStream in) throws IOException {
    try (in) {
      return new ObjectMapper().readTree(in);
    }
  }

  @Test
  void cohortAEffectsEqualRs() throws Exception {
    RComparison.assertEffectsMatch(
        resource("cohort-a.v2.effects.csv"), Files.newInputStream(outA.resolve("effects.csv")));
  }

  @Test
  void cohortBEffectsIncludingM1EqualRs() throws Exception {
    RComparison.assertEffectsMatch(
        resource("cohort-b.v2.effects.csv"), Files.newInputStream(outB.resolve("effects.csv")));
  }

  @Test
  void cohortBSiteEffectsEqualRs() throws Exception {
    List<String[]> want = RComparison.csv(resource("cohort-b.v2.site_effects.csv"));
    List<String[]> got = RComparison.csv(Files.newInputStream(outB.resolve("site_effects.csv")));
    assertThat(got.get(0)).containsExactly(want.get(0));
    assertThat(got).hasSameSizeAs(want);
    for (int i = 1; i < want.size(); i++) {
      String[] w = want.get(i);
      String[] g = got.get(i);
      String what = w[0] + " " + w[1];
      assertThat(g[0] + " " + g[1]).isEqualTo(what);
      RComparison.close(
          what + " estimate", Double.parseDouble(g[2]), Double.parseDouble(w[2]), 1e-6);
      RComparison.close(what + " SE", Double.parseDouble(g[3]), Double.parseDouble(w[3]), 1e-6);
      assertThat(g[4] + " " + g[5]).as(what + " n, events").isEqualTo(w[4] + " " + w[5]);
    }
  }

  @Test
  void cohortBMetaAnalysisEqualsMetafors() throws Exception {
    List<String[]> want = RComparison.csv(resource("cohort-b.v2.meta_analysis.csv"));
    List<String[]> got = RComparison.csv(Files.newInputStream(outB.resolve("meta_analysis.csv")));
    assertThat(got.get(0)).containsExactly(want.get(0));
    assertThat(got).hasSameSizeAs(want);
    for (int i = 1; i < want.size(); i++) {
      String[] w = want.get(i);
      String[] g = got.get(i);
      assertThat(g[0] + " k=" + g[1]).isEqualTo(w[0] + " k=" + w[1]);
      for (int k = 2; k < w.length; k++) {
        double wv = Double.parseDouble(w[k]);
        double gv = Double.parseDouble(g[k]);
        // tau2 and I² are 0 for some terms: absolute 1e-9 there, else 1e-6 relative
        assertThat(Math.abs(gv - wv))
            .as("%s %s: got %s, R %s", w[0], want.get(0)[k], gv, wv)
            .isLessThanOrEqualTo(Math.max(1e-6 * Math.abs(wv), 1e-9));
      }
    }
  }

  private static void assertSummary(Path out, String rSummary, List<String> sites)
      throws Exception {
    JsonNode want = json(resource(rSummary));
    JsonNode got = new ObjectMapper().readTree(out.resolve("model_summary.json").toFile());
    assertThat(got.path("plan").asText()).isEqualTo("analysis-plan v2");
    RComparison.close(
        "C", got.path("p1_concordance").asDouble(), want.path("p1_concordance").asDouble(), 1e-6);
    RComparison.close("AUC", got.path("p2_auc").asDouble(), want.path("p2_auc").asDouble(), 1e-6);
    JsonNode rate = got.path("p3_rate_per_1000h").path("overall");
    JsonNode wr = want.path("p3_rate_per_1000h");
    RComparison.close("rate", rate.path("rate").asDouble(), wr.get(0).asDouble(), 1e-6);
    RComparison.close("rate lower", rate.path("ci_lower").asDouble(), wr.get(1).asDouble(), 1e-6);
    RComparison.close("rate upper", rate.path("ci_upper").asDouble(), wr.get(2).asDouble(), 1e-6);
    for (String s : sites) {
      JsonNode g = got.path("p3_rate_per_1000h").path("by_site").path(s);
      JsonNode w = want.path("p3_rate_by_site").path(s);
      assertThat(g.path("events").asInt()).as(s).isEqualTo(w.get(0).asInt());
      RComparison.close(s + " hours", g.path("hours").asDouble(), w.get(1).asDouble(), 1e-9);
      RComparison.close(s + " rate", g.path("rate").asDouble(), w.get(2).asDouble(), 1e-6);
      RComparison.close(s + " lower", g.path("ci_lower").asDouble(), w.get(3).asDouble(), 1e-6);
      RComparison.close(s + " upper", g.path("ci_upper").asDouble(), w.get(4).asDouble(), 1e-6);
    }
    assertThat(got.path("onset_population").asInt())
        .isEqualTo(want.path("onset_population").asInt());
    assertThat(got.path("prior_itbs_set_aside").asInt())
        .isEqualTo(want.path("prior_itbs_excluded").asInt());
    assertThat(got.path("runners").asInt()).isEqualTo(want.path("runners").asInt());
    assertThat(got.path("r1_intervals").asInt()).isEqualTo(want.path("r1_intervals").asInt());
    assertThat(got.path("models").path("R1").path("events").asInt())
        .isEqualTo(want.path("r1_events").asInt());
    assertThat(got.path("m1_sites").toString()).isEqualTo(want.path("m1_sites").toString());
    JsonNode p1 = got.path("models").path("P1");
    assertThat(p1.path("estimable").asBoolean()).isTrue();
    assertThat(p1.path("events_per_covariate").asDouble())
        .isEqualTo(p1.path("events").asInt() / 9.0);
  }

  @Test
  void cohortASummaryEqualsRs() throws Exception {
    assertSummary(outA, "cohort-a.v2.summary.json", List.of("CHI02"));
    JsonNode got = new ObjectMapper().readTree(outA.resolve("model_summary.json").toFile());
    assertThat(got.path("m1_not_fitted").asText()).contains("0 sites with at least 45");
    assertThat(runA.out()).contains("analysis-plan v2").contains("M1 not fitted");
  }

  @Test
  void cohortBSummaryEqualsRsAndTheReportNamesThePlan() throws Exception {
    assertSummary(outB, "cohort-b.v2.summary.json", B_SITES);
    assertThat(runB.out()).contains("M1 pools the sites AMS01, MAD02, PRG03");
    String html =
        Files.readString(tmp.resolve("report-b").resolve("report.html"), StandardCharsets.UTF_8);
    assertThat(html).contains("analysis-plan v2");
  }

  @Test
  void derivedVariablesOfEveryRunnerOfBothCohortsEqualRs() throws Exception {
    assertAnalysisSet("cohort-a.v2.analysis_set.csv", outA);
    assertAnalysisSet("cohort-b.v2.analysis_set.csv", outB);
  }

  private static void assertAnalysisSet(String rFile, Path out) throws Exception {
    List<String[]> want = RComparison.csv(resource(rFile));
    List<String[]> got = RComparison.csv(Files.newInputStream(out.resolve("analysis_set.csv")));
    List<String> header = List.of(got.get(0));
    Map<String, String[]> byKey = new HashMap<>();
    for (String[] row : got.subList(1, got.size())) {
      byKey.put(row[0] + " " + row[1], row);
    }
    assertThat(byKey).hasSize(want.size() - 1);
    String[] rHeader = want.get(0);
    for (String[] w : want.subList(1, want.size())) {
      String site = w[0];
      String key = site + " " + PSEUDONYMS.get(site).pseudonymise(w[1]).id();
      String[] g = byKey.get(key);
      assertThat(g).as("runner %s of %s", w[1], site).isNotNull();
      for (int k = 2; k < rHeader.length; k++) {
        int j = header.indexOf(rHeader[k]);
        assertThat(j).as("column %s", rHeader[k]).isNotNegative();
        String what = rHeader[k] + " of " + w[1] + " (" + site + ")";
        if (w[k].equals("NA")) {
          assertThat(g[j]).as(what).isEmpty();
        } else {
          RComparison.close(what, Double.parseDouble(g[j]), Double.parseDouble(w[k]), 1e-9);
        }
      }
    }
  }

  @Test
  void planV1StillGivesPlanV1sNumbers() throws Exception {
    Path out = tmp.resolve("out-a-v1");
    CliRun r =
        CliRun.of(
            "analyse",
            "--lake",
            lakeA.toString(),
            "--out",
            out.toString(),
            "--plan",
            "v1",
            "--no-report");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).contains("analysis-plan v1");
    RComparison.assertEffectsMatch(
        resource("cohort-a.v1-released-bmi.effects.csv"),
        Files.newInputStream(out.resolve("effects.csv")));
    assertThat(out.resolve("site_effects.csv")).doesNotExist();
    JsonNode summary = new ObjectMapper().readTree(out.resolve("model_summary.json").toFile());
    assertThat(summary.path("plan").asText()).isEqualTo("analysis-plan v1");
    assertThat(summary.has("onset_population")).isFalse();
  }

  @Test
  void anUnknownPlanIsABadArgument() {
    CliRun r =
        CliRun.of(
            "analyse",
            "--lake",
            lakeA.toString(),
            "--out",
            tmp.resolve("x").toString(),
            "--plan",
            "v3");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("--plan v3").doesNotContain("\tat ");
  }
}
