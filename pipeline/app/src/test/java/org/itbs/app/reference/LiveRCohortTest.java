package org.itbs.app.reference;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.itbs.analysis.Analyse;
import org.itbs.analysis.plan.Plan;
import org.itbs.contribute.ClinicKey;
import org.itbs.contribute.Contributor;
import org.itbs.contribute.Pseudonymiser;
import org.itbs.spark.SparkTestSession;
import org.itbs.spark.features.FeaturesJob;
import org.itbs.spark.ingest.IngestJob;
import org.itbs.synth.CohortGenerator;
import org.itbs.synth.CohortSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Any other cef-1 cohort gives R's numbers too: a generated cohort goes through contribute, ingest,
 * features and analyse, and the independent R implementation ({@code reference.R}, run live on the
 * raw export) must agree row for row. Runs when {@code Rscript} with the survival package is
 * installed (CI installs it); skipped otherwise.
 */
class LiveRCohortTest {
  private static final byte[] KEY =
      "live-r-cohort-test-key-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  @TempDir Path tmp;

  private static boolean rWithSurvival() {
    try {
      Process p =
          new ProcessBuilder("Rscript", "-e", "suppressMessages(library(survival))")
              .redirectErrorStream(true)
              .start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void generatedCohortThroughThePipelineMatchesReferenceRRowForRow() throws Exception {
    assumeTrue(rWithSurvival(), "Rscript with the survival package is not installed");
    Path raw = tmp.resolve("raw");
    CohortGenerator.generate(CohortSpec.builder().sites(1).runners(500).seed(4242).build(), raw);
    String site;
    try (var s = Files.list(raw)) {
      site =
          s.filter(Files::isDirectory)
              .map(p -> p.getFileName().toString())
              .findFirst()
              .orElseThrow();
    }
    Path script = tmp.resolve("reference.R");
    try (InputStream in = LiveRCohortTest.class.getResourceAsStream("/reference/reference.R")) {
      Files.copy(in, script);
    }
    Path rOut = tmp.resolve("r-out");
    ProcessBuilder rb =
        new ProcessBuilder(
            "Rscript", script.toString(), raw.resolve(site).toString(), rOut.toString());
    rb.environment().put("BMI_ROUND", "1"); // BMI as the clinic releases it
    Process r = rb.redirectErrorStream(true).redirectOutput(tmp.resolve("r.log").toFile()).start();
    assumeTrue(r.waitFor(600, TimeUnit.SECONDS), "R did not finish in 10 minutes");

    ClinicKey key = ClinicKey.of(KEY);
    Path sub = tmp.resolve("sub");
    Contributor.builder()
        .site(site)
        .key(key)
        .toolVersion("test")
        .build()
        .contribute(raw.resolve(site), sub);
    SparkSession spark = SparkTestSession.start();
    Path out = tmp.resolve("out");
    try {
      PrintStream quiet =
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
      Path lake = tmp.resolve("lake");
      new IngestJob(spark, quiet).ingest(sub, lake);
      new FeaturesJob(spark, quiet).run(lake);
      Analyse.run(lake, out, Plan.V1);
    } finally {
      spark.stop();
    }
    if (r.exitValue() != 0) {
      throw new AssertionError("reference.R failed:\n" + Files.readString(tmp.resolve("r.log")));
    }
    RComparison.assertEffectsMatch(
        Files.newInputStream(rOut.resolve("effects.csv")),
        Files.newInputStream(out.resolve("effects.csv")));
    RComparison.assertAnalysisSetMatches(
        Files.newInputStream(rOut.resolve("analysis_set.csv")),
        Files.newInputStream(out.resolve("analysis_set.csv")),
        Pseudonymiser.of(key, site));
  }
}
