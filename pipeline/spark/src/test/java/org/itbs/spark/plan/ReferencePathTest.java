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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  private static List<String[]> csv(InputStream in) throws Exception {
    try (in) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.lines().map(l -> l.replace("\"", "").split(",", -1)).toList();
    }
  }

  private static void close(String what, double got, double want, double relative) {
    double scale = Math.max(Math.abs(want), relative < 1e-7 ? 1.0 : 0.0);
    assertThat(Math.abs(got - want))
        .as("%s: got %s, R %s", what, got, want)
        .isLessThanOrEqualTo(relative * Math.max(scale, Math.abs(want)) + 1e-300);
  }

  @Test
  void effectsCsvMatchesRRowForRowIncludingRecurrence() throws Exception {
    List<String[]> r = csv(resource("cohort-a.effects.csv"));
    List<String[]> ours = csv(Files.newInputStream(out.resolve("effects.csv")));
    assertThat(ours.get(0)).containsExactly(r.get(0));
    assertThat(ours).hasSameSizeAs(r);
    for (int i = 1; i < r.size(); i++) {
      String[] want = r.get(i);
      String[] got = ours.get(i);
      assertThat(got[0] + " " + got[1]).isEqualTo(want[0] + " " + want[1]);
      for (int k = 2; k < 8; k++) {
        close(
            want[0] + " " + want[1] + " " + r.get(0)[k],
            Double.parseDouble(got[k]),
            Double.parseDouble(want[k]),
            1e-6);
      }
      assertThat(got[8]).as("n of %s %s", want[0], want[1]).isEqualTo(want[8]);
      assertThat(got[9]).as("events of %s %s", want[0], want[1]).isEqualTo(want[9]);
    }
  }

  @Test
  void analysisSetCsvMatchesRsDerivedVariablesPerRunner() throws Exception {
    List<String[]> r = csv(resource("cohort-a.analysis_set.csv"));
    List<String[]> ours = csv(Files.newInputStream(out.resolve("analysis_set.csv")));
    Map<String, String[]> byPseudonym = new HashMap<>();
    List<String> header = List.of(ours.get(0));
    for (String[] row : ours.subList(1, ours.size())) {
      byPseudonym.put(row[header.indexOf("participant_id")], row);
    }
    assertThat(byPseudonym).hasSize(r.size() - 1);
    String[] rHeader = r.get(0);
    for (String[] want : r.subList(1, r.size())) {
      String[] got = byPseudonym.get(pseudonymiser.pseudonymise(want[0]).id());
      assertThat(got).as("runner %s", want[0]).isNotNull();
      for (int k = 1; k < rHeader.length; k++) {
        int j = header.indexOf(rHeader[k]);
        assertThat(j).as("column %s", rHeader[k]).isNotNegative();
        if (want[k].equals("NA")) {
          assertThat(got[j]).as("%s of %s", rHeader[k], want[0]).isEmpty();
        } else {
          close(
              rHeader[k] + " of " + want[0],
              Double.parseDouble(got[j]),
              Double.parseDouble(want[k]),
              1e-9);
        }
      }
    }
  }

  @Test
  void summaryStatesConcordanceAucRatePlanAndLakeVersion() throws Exception {
    JsonNode want = new ObjectMapper().readTree(resource("cohort-a.summary.json"));
    JsonNode got = new ObjectMapper().readTree(out.resolve("model_summary.json").toFile());
    close("C", got.path("p1_concordance").asDouble(), want.path("p1_concordance").asDouble(), 1e-6);
    close("AUC", got.path("p2_auc").asDouble(), want.path("p2_auc").asDouble(), 1e-6);
    JsonNode rate = got.path("p3_rate_per_1000h").path("overall");
    close(
        "rate",
        rate.path("rate").asDouble(),
        want.path("p3_rate_per_1000h").get(0).asDouble(),
        1e-9);
    close(
        "rate lower",
        rate.path("ci_lower").asDouble(),
        want.path("p3_rate_per_1000h").get(1).asDouble(),
        1e-9);
    close(
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
