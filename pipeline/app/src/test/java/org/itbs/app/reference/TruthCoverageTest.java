package org.itbs.app.reference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.itbs.analysis.Analyse;
import org.itbs.analysis.plan.Effect;
import org.itbs.analysis.plan.PlanResult;
import org.itbs.analysis.plan.PlanV1;
import org.itbs.contribute.ClinicKey;
import org.itbs.contribute.Contributor;
import org.itbs.spark.SparkTestSession;
import org.itbs.spark.features.FeaturesJob;
import org.itbs.spark.ingest.IngestJob;
import org.itbs.synth.CohortGenerator;
import org.itbs.synth.CohortSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a large generated cohort (fixed seed) taken through the whole pipeline, P1's 95% confidence
 * intervals cover the true onset log hazard ratios of {@code truth.json} about as often as they
 * should, and the estimates lie near the truth.
 */
class TruthCoverageTest {
  @TempDir static Path tmp;
  private static SparkSession spark;
  private static PlanResult result;
  private static JsonNode truth;

  @BeforeAll
  static void runThePipeline() throws Exception {
    spark = SparkTestSession.start();
    Path raw = tmp.resolve("raw");
    CohortGenerator.generate(
        CohortSpec.builder().sites(2).runners(4000).seed(20261126).trialSeconds(1.0).build(), raw);
    truth = new ObjectMapper().readTree(raw.resolve("truth.json").toFile());
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    IngestJob ingest = new IngestJob(spark, quiet);
    Path lake = tmp.resolve("lake");
    for (JsonNode site : truth.path("sites")) {
      String code = site.isTextual() ? site.asText() : site.path("code").asText();
      ClinicKey key =
          ClinicKey.of(
              ("coverage-test-key-" + code + "-0123456789abcdef").getBytes(StandardCharsets.UTF_8));
      Path sub = tmp.resolve("sub-" + code);
      Contributor.builder()
          .site(code)
          .key(key)
          .toolVersion("test")
          .build()
          .contribute(raw.resolve(code), sub);
      ingest.ingest(sub, lake);
    }
    new FeaturesJob(spark, quiet).run(lake);
    result = PlanV1.run(Analyse.readRunners(lake), Analyse.readIntervals(lake));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void p1ConfidenceIntervalsCoverTheTrueOnsetEffectsAboutAsOftenAsTheyShould() {
    Map<String, Double> trueBeta = new HashMap<>();
    for (JsonNode e : truth.path("onset").path("effects")) {
      trueBeta.put(e.path("term").asText(), e.path("log_hazard_ratio").asDouble());
    }
    int covered = 0;
    StringBuilder report = new StringBuilder();
    for (Effect e : result.effects("P1")) {
      Double beta = trueBeta.get(e.term());
      assertThat(beta).as("truth.json has term %s", e.term()).isNotNull();
      double lo = e.estimate() - 1.959963984540054 * e.stdError();
      double hi = e.estimate() + 1.959963984540054 * e.stdError();
      boolean in = lo <= beta && beta <= hi;
      covered += in ? 1 : 0;
      report.append(
          String.format(
              java.util.Locale.ROOT,
              "%n  %-17s true %6.3f  est %6.3f  [%6.3f, %6.3f] %s",
              e.term(),
              beta,
              e.estimate(),
              lo,
              hi,
              in ? "" : "MISSED"));
      // Each estimate within 4 standard errors of the truth: a biased pipeline fails here.
      assertThat(Math.abs(e.estimate() - beta))
          .as("%s%s", e.term(), report)
          .isLessThan(4 * e.stdError());
    }
    // 10 intervals at 95%: 8 or more cover with probability 0.99.
    assertThat(covered).as("covered %d of 10:%s", covered, report).isGreaterThanOrEqualTo(8);
    System.out.println("P1 coverage of truth.json: " + covered + "/10" + report);
  }
}
