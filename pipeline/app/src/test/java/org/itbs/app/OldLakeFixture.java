package org.itbs.app;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.itbs.contribute.ClinicKey;
import org.itbs.contribute.Contributor;
import org.itbs.core.lake.Lake;
import org.itbs.spark.SparkTestSession;
import org.itbs.spark.ingest.IngestJob;
import org.itbs.synth.CohortGenerator;
import org.itbs.synth.CohortSpec;

/**
 * A lake of the layout before Iceberg ({@code _lake.json}, {@code curated/<table>/site=S/
 * submission=ID/}), made by the ingest of the branch before issue 17's switch: a synthetic cohort
 * of 3 sites and 60 runners (messy exports, so quarantine has rows), each site contributed and
 * ingested once, then the first site again from another draw, which supersedes its first
 * submission: 4 lake versions. {@link #main} writes the static copy {@code
 * pipeline/lake/src/test/resources/old-lake} (see the README next to it).
 */
final class OldLakeFixture {
  private OldLakeFixture() {}

  /**
   * Generates, contributes and ingests the cohort into {@code lake} (an old-layout lake).
   *
   * @param work a scratch folder for the exports and submissions
   * @return the sites, the first of which has a superseded submission
   */
  static List<String> make(Path work, Path lake) {
    return make(work, lake, 60, 1.5);
  }

  /**
   * As {@link #make(Path, Path)} with {@code runners} over the 3 sites and gait trials of {@code
   * trialSeconds}.
   */
  static List<String> make(Path work, Path lake, int runners, double trialSeconds) {
    Path first = work.resolve("raw-1");
    Path second = work.resolve("raw-2");
    CohortGenerator.generate(spec(11, CohortSpec.Faults.MESSY, runners, trialSeconds), first);
    CohortGenerator.generate(spec(12, CohortSpec.Faults.NONE, runners, trialSeconds), second);
    List<String> sites = sites(first);
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    SparkSession spark = SparkTestSession.start();
    try {
      IngestJob ingest = new IngestJob(spark, quiet);
      for (String site : sites) {
        ingest.ingest(contribute(work, first.resolve(site), site, "2026-01-01T00:00:00Z"), lake);
      }
      String again = sites.get(0);
      ingest.ingest(contribute(work, second.resolve(again), again, "2026-02-01T00:00:00Z"), lake);
    } finally {
      spark.stop();
    }
    if (Lake.at(lake).state().version() != sites.size() + 1) {
      throw new IllegalStateException("the fixture's ingests did not all commit: " + lake);
    }
    return sites;
  }

  private static CohortSpec spec(
      long seed, CohortSpec.Faults faults, int runners, double trialSeconds) {
    return CohortSpec.builder()
        .sites(3)
        .runners(runners)
        .seed(seed)
        .faults(faults)
        .trials(1)
        .trialSeconds(trialSeconds)
        .itbsIncidence(0.5)
        .build();
  }

  private static Path contribute(Path work, Path export, String site, String created) {
    ClinicKey key =
        ClinicKey.of(
            ("itbs-old-lake-fixture-key-" + site + "-0123456789")
                .substring(0, 32)
                .getBytes(StandardCharsets.US_ASCII));
    Path submission = work.resolve("submission-" + site + "-" + created.substring(0, 10));
    Contributor.builder()
        .site(site)
        .key(key)
        .toolVersion("test")
        .created(Instant.parse(created))
        .build()
        .contribute(export, submission);
    return submission;
  }

  private static List<String> sites(Path raw) {
    try (var s = Files.list(raw)) {
      return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes the static fixture lake into {@code args[0]} (which must not exist): as {@link
   * #make(Path, Path)} but 12 runners and 1.2 s gait trials, to keep it small.
   */
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]).toAbsolutePath();
    if (Files.exists(out)) {
      throw new IllegalArgumentException(out + " exists");
    }
    Path work = Files.createTempDirectory("old-lake-fixture");
    make(work, out, args.length > 1 ? Integer.parseInt(args[1]) : 12, 1.2);
    Lake.deleteTree(work);
  }
}
