package org.itbs.spark.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.spark.sql.SparkSession;
import org.itbs.analysis.Analyse;
import org.itbs.core.anon.ClinicKey;
import org.itbs.core.anon.Contributor;
import org.itbs.core.anon.Pseudonymiser;
import org.itbs.spark.SparkTestSession;
import org.itbs.spark.features.FeaturesJob;
import org.itbs.spark.ingest.IngestJob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path on the reference cohort, as a researcher runs it: contribute (test key), ingest,
 * features, analyse. The files {@code itbs analyse} writes match the independent R implementation
 * (reference.R, survival 3.5) row for row: effects.csv to 1e-6 relative (every coefficient of P1,
 * P2, P3 and R1), analysis_set.csv to 1e-9, C and AUC to 1e-6.
 */
class ReferencePathTest {
  private static final byte[] KEY =
      "itbs-reference-path-test-key-0123456789".getBytes(StandardCharsets.US_ASCII);
  @TempDir static Path tmp;
  private static SparkSession spark;
  private static Path out;
  private static Pseudonymiser pseudonymiser;

  @BeforeAll
  static void runThePath() throws Exception {
    spark = SparkTestSession.start();
    Path zip = tmp.resolve("cohort-a.zip");
    try (InputStream in = resource("cohort-a.zip")) {
      Files.copy(in, zip);
    }
    ClinicKey key = ClinicKey.of(KEY);
    pseudonymiser = Pseudonymiser.of(key);
    Path sub = tmp.resolve("submission");
    Contributor.builder()
        .site("CLINA")
        .key(key)
        .toolVersion("test")
        .created(Instant.parse("2026-01-01T00:00:00Z"))
        .build()
        .contribute(zip, sub);
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    Path lake = tmp.resolve("lake");
    new IngestJob(spark, quiet).ingest(sub, lake);
    new FeaturesJob(spark, quiet).run(lake);
    out = tmp.resolve("out");
    Analyse.run(lake, out);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static InputStream resource(String name) {
    return ReferencePathTest.class.getResourceAsStream("/reference/" + name);
  }

  @Test
  void effectsCsvMatchesRRowForRowIncludingRecurrence() throws Exception {
    RComparison.assertEffectsMatch(
        resource("cohort-a.effects.csv"), Files.newInputStream(out.resolve("effects.csv")));
  }

  @Test
  void analysisSetCsvMatchesRsDerivedVariablesPerRunner() throws Exception {
    RComparison.assertAnalysisSetMatches(
        resource("cohort-a.analysis_set.csv"),
        Files.newInputStream(out.resolve("analysis_set.csv")),
        pseudonymiser);
  }

  @Test
  void summaryStatesConcordanceAucRatePlanAndLakeVersion() throws Exception {
    JsonNode want = new ObjectMapper().readTree(resource("cohort-a.summary.json"));
    JsonNode got = new ObjectMapper().readTree(out.resolve("model_summary.json").toFile());
    RComparison.close(
        "C", got.path("p1_concordance").asDouble(), want.path("p1_concordance").asDouble(), 1e-6);
    RComparison.close("AUC", got.path("p2_auc").asDouble(), want.path("p2_auc").asDouble(), 1e-6);
    JsonNode rate = got.path("p3_rate_per_1000h").path("overall");
    RComparison.close(
        "rate",
        rate.path("rate").asDouble(),
        want.path("p3_rate_per_1000h").get(0).asDouble(),
        1e-9);
    RComparison.close(
        "rate lower",
        rate.path("ci_lower").asDouble(),
        want.path("p3_rate_per_1000h").get(1).asDouble(),
        1e-9);
    RComparison.close(
        "rate upper",
        rate.path("ci_upper").asDouble(),
        want.path("p3_rate_per_1000h").get(2).asDouble(),
        1e-9);
    assertThat(got.path("r1_intervals").asInt()).isEqualTo(want.path("r1_intervals").asInt());
    assertThat(got.path("plan").asText()).isEqualTo("analysis-plan v1");
    assertThat(got.path("lake_version").asLong()).isEqualTo(1);
    assertThat(got.path("sites").get(0).asText()).isEqualTo("CLINA");
  }
}
