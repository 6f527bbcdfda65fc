package org.itbs.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.itbs.analysis.Analyse;
import org.itbs.analysis.plan.Plan;
import org.itbs.analysis.plan.PlanResult;
import org.itbs.analysis.report.Report;
import org.itbs.contribute.ClinicKey;
import org.itbs.contribute.ContributionResult;
import org.itbs.contribute.Contributor;
import org.itbs.core.lake.Lake;
import org.itbs.core.lake.LakeState;
import org.itbs.core.lake.SubmissionRecord;
import org.itbs.core.submission.SubmissionManifest;
import org.itbs.lake.IcebergLake;
import org.itbs.spark.SparkSessions;
import org.itbs.spark.WhenBusy;
import org.itbs.spark.features.FeaturesJob;
import org.itbs.spark.ingest.IngestJob;
import org.itbs.synth.CohortGenerator;
import org.itbs.synth.CohortSpec;
import org.itbs.synth.CohortSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code itbs demo}: the whole pipeline on the embedded default (Spark local mode, files on disk)
 * with a synthetic multi-site cohort: generate, then per site keygen and contribute (the clinic
 * side), then ingest, features, analyse and report (the central side). Prints each stage with its
 * rows and elapsed time, the lake's path and, last, the report's path.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Run the whole pipeline on a synthetic cohort: generate, contribute, ingest, features,"
            + " analyse, report.")
final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--out",
      defaultValue = "demo",
      paramLabel = "DIR",
      description = "Working folder; replaced on every run (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--sites",
      defaultValue = "3",
      paramLabel = "K",
      description = "Sites (default: ${DEFAULT-VALUE}).")
  int sites;

  @Option(
      names = "--runners",
      defaultValue = "2000",
      paramLabel = "N",
      description = "Runners over all sites (default: ${DEFAULT-VALUE}).")
  int runners;

  @Option(
      names = "--seed",
      defaultValue = "2026",
      paramLabel = "S",
      description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--report",
      defaultValue = "reports/demo",
      paramLabel = "DIR",
      description = "Report folder (default: ${DEFAULT-VALUE}).")
  Path reports;

  @Option(
      names = "--internal",
      description =
          "Write the internal report: exact figures (cells under 5 suppressed per table), every"
              + " page marked \"internal: exact small counts, not for release\". Default: the"
              + " release report (counts rounded to the nearest 5, <5 under 5; see sdc.json).")
  boolean internal;

  private long started;

  @Override
  public Integer call() throws IOException {
    started = System.nanoTime();
    Path root = out.toAbsolutePath().normalize();
    if (Files.exists(root.resolve("raw")) || Files.exists(root.resolve("lake"))) {
      Lake.deleteTree(root);
    }
    Path raw = root.resolve("raw");
    Path keys = root.resolve("keys");
    Path submissions = root.resolve("submissions");
    Path lake = root.resolve("lake");
    Files.createDirectories(keys);
    Files.createDirectories(submissions);

    long t = System.nanoTime();
    CohortSummary cohort =
        CohortGenerator.generate(
            CohortSpec.builder().sites(sites).runners(runners).seed(seed).build(), raw);
    stage(
        "generate",
        cohort.totalRows(),
        t,
        cohort.sites().size()
            + " sites, "
            + cohort.runners()
            + " runners, "
            + cohort.itbsOnsets()
            + " ITBS onsets");

    List<Path> contributed = new ArrayList<>();
    for (String site : cohort.sites()) {
      t = System.nanoTime();
      ClinicKey key = ClinicKey.generate(keys.resolve(site + ".key"));
      Path sub = submissions.resolve(site);
      ContributionResult r =
          Contributor.builder()
              .site(site)
              .key(key)
              .toolVersion(Itbs.version())
              .build()
              .contribute(raw.resolve(site), sub);
      long rows = r.manifest().files().stream().mapToLong(SubmissionManifest.FileEntry::rows).sum();
      stage("contribute " + site, rows, t, r.warnings().size() + " warnings");
      contributed.add(sub);
    }

    SparkSession spark = SparkSessions.get("itbs-demo", null);
    try {
      IngestJob job = new IngestJob(spark, System.out);
      // The catalog opened once for the three ingests, as `itbs ingest` does for its submissions.
      try (IcebergLake catalog =
          IcebergLake.openLake(lake, null, spark.sparkContext().hadoopConfiguration(), true)) {
        for (Path sub : contributed) {
          t = System.nanoTime();
          job.ingest(sub, lake, () -> catalog, java.util.Set.of(), WhenBusy.FAIL);
          List<SubmissionRecord> subs = catalog.state().submissions();
          SubmissionRecord rec = subs.get(subs.size() - 1);
          stage(
              "ingest " + rec.site(),
              rec.accepted() + rec.quarantined(),
              t,
              rec.accepted() + " accepted, " + rec.quarantined() + " quarantined");
        }
      }
      t = System.nanoTime();
      FeaturesJob.Result f = new FeaturesJob(spark, System.out).run(lake);
      stage(
          "features",
          f.runners(),
          t,
          f.onsets() + " onsets, " + f.intervals() + " recurrence intervals");
    } finally {
      spark.stop();
    }
    t = System.nanoTime();
    Path analysis = root.resolve("analysis");
    PlanResult plan = Analyse.run(lake, analysis, Plan.V2);
    stage(
        "analyse",
        plan.effects().size(),
        t,
        String.format(
            Locale.ROOT,
            "P1 C = %s, P2 AUC = %s",
            AnalyseCommand.figure(plan.p1Concordance()),
            AnalyseCommand.figure(plan.p2Auc())));
    t = System.nanoTime();
    Path page =
        Report.write(
            analysis, reports.toAbsolutePath().normalize(), ReportCommand.profile(internal));
    stage("report", plan.effects().size(), t, "tables, forest plots, incidence plots");
    LakeState s;
    try (IcebergLake catalog = IcebergLake.openLake(lake, null, new Configuration(), false)) {
      s = catalog.state();
    }
    long accepted = s.currentSubmissions().stream().mapToLong(SubmissionRecord::accepted).sum();
    long quarantined =
        s.currentSubmissions().stream().mapToLong(SubmissionRecord::quarantined).sum();
    System.out.printf(
        Locale.ROOT,
        "%ndemo done in %.1f s: lake version %d, %d sites, %,d rows accepted, %,d quarantined%n",
        (System.nanoTime() - started) / 1e9,
        s.version(),
        s.current().size(),
        accepted,
        quarantined);
    System.out.println("lake: " + lake);
    System.out.println("effects: " + analysis.resolve("effects.csv"));
    System.out.println("next: ./itbs lake status --lake " + lake);
    System.out.println("report: " + page);
    return 0;
  }

  private void stage(String name, long rows, long startNanos, String detail) {
    System.out.printf(
        Locale.ROOT,
        "[%6.1f s] %-22s %,12d rows %7.1f s  %s%n",
        (System.nanoTime() - started) / 1e9,
        name,
        rows,
        (System.nanoTime() - startNanos) / 1e9,
        detail);
  }
}
