package org.itbs.app;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.itbs.analysis.Analyse;
import org.itbs.analysis.plan.Effect;
import org.itbs.analysis.plan.Plan;
import org.itbs.analysis.plan.PlanResult;
import org.itbs.analysis.plan.PlanV1;
import org.itbs.core.lake.LocalPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code itbs analyse}: the planned models on the lake's analysis set, no Spark session. */
@Command(
    name = "analyse",
    mixinStandardHelpOptions = true,
    header = "Fit the planned models of analysis-plan v2 (or v1) on the lake's analysis set.",
    description = {
      "Fit the primary models of analysis-plan v2 (P1 Cox stratified by site, P2 logistic and",
      "P3 Poisson with site effects, on runners without ITBS before enrolment; R1 Andersen-Gill",
      "stratified by site; M1 random-effects meta-analysis of P1 across sites) on the analysis",
      "set of the lake's current version, read straight from Parquet. Writes effects.csv,",
      "site_effects.csv, meta_analysis.csv, model_summary.json and analysis_set.csv, then the",
      "report (as `itbs report`) unless --no-report. A model that cannot be fitted, or whose",
      "fit is not estimable, publishes no numbers and is named with the reason; the others go",
      "on. --plan v1 reproduces the outputs of analysis-plan v1."
    })
final class AnalyseCommand implements Callable<Integer> {
  @Mixin CatalogOption catalog;

  @Option(
      names = "--lake",
      required = true,
      paramLabel = "LAKE",
      description =
          "The lake folder on this machine (a path or a file: URI): its catalog.db and"
              + " warehouse/, where the analysis tables analysis.runners and"
              + " analysis.recurrence_intervals are read at the snapshots `itbs features` recorded.")
  String lake;

  @Option(names = "--out", required = true, paramLabel = "OUT", description = "Output folder.")
  Path out;

  @Option(
      names = "--as-of",
      paramLabel = "VERSION",
      description =
          "Analyse the analysis set of this lake version (`itbs features --as-of` made it): a"
              + " number, or an ISO-8601 time (the latest version committed at or before it).")
  String asOf;

  @Option(
      names = "--plan",
      paramLabel = "VERSION",
      defaultValue = "v2",
      description = "The analysis plan to follow: v2 (default) or v1 (as earlier outputs).")
  String plan;

  @Option(
      names = "--report",
      paramLabel = "DIR",
      description = "Where to write the report (default: reports/<name of OUT>).")
  Path report;

  @Option(
      names = "--no-report",
      description = "Do not write the report (`itbs report --analysis OUT` writes it later).")
  boolean noReport;

  @Option(
      names = "--internal",
      description =
          "Write the internal report: exact figures (cells under 5 suppressed per table), every"
              + " page marked \"internal: exact small counts, not for release\". Default: the"
              + " release report (counts rounded to the nearest 5, <5 under 5; see sdc.json).")
  boolean internal;

  /**
   * The local lake that {@code value} names, for the commands that read the lake without Spark
   * (Parquet and JSON straight from the local disk); loads no Spark class.
   *
   * @throws IllegalArgumentException when {@code value} is a URI of another file system (hdfs://,
   *     s3a://...), saying how to read such a lake's analysis tables through its catalog
   */
  static Path localLake(String command, String value) {
    if (!LocalPaths.isLocal(value)) {
      String v = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
      throw new IllegalArgumentException(
          "--lake "
              + value
              + ": `itbs "
              + command
              + "` reads the lake without Spark and takes a folder of this machine; give"
              + " --lake LOCAL_FOLDER (an empty one will do) with the lake's catalog in"
              + " ITBS_CATALOG: its analysis tables are then read where the catalog records them ("
              + v
              + "/warehouse/analysis/..., which this machine must reach; s3a:// needs the"
              + " hadoop-aws connector on the class path)");
    }
    return LocalPaths.of("--lake", value);
  }

  @Override
  public Integer call() {
    Path lake = localLake("analyse", this.lake);
    Plan chosen = Plan.of(plan);
    PlanResult r = Analyse.run(lake, out, chosen, asOf);
    System.out.printf(Locale.ROOT, "%s on %s%n", r.plan(), lake.toAbsolutePath());
    System.out.printf(
        Locale.ROOT,
        "%-4s %-18s %8s %8s %17s %10s %6s %6s%n",
        "model",
        "term",
        "ratio",
        "",
        "95% CI",
        "p",
        "n",
        "events");
    for (Effect e : r.effects()) {
      System.out.printf(
          Locale.ROOT,
          "%-4s %-18s %8.3f %8s %8.3f-%-8.3f %10.4g %6d %6d%n",
          e.model(),
          e.term(),
          e.ratio(),
          "",
          e.ciLower(),
          e.ciUpper(),
          e.pValue(),
          e.n(),
          e.events());
    }
    r.counts().values().stream()
        .filter(c -> !c.fitted())
        .sorted(java.util.Comparator.comparing(org.itbs.analysis.plan.ModelCounts::model))
        .forEach(
            c -> System.out.printf(Locale.ROOT, "%s not fitted: %s%n", c.model(), c.notFitted()));
    if (chosen == Plan.V2) {
      System.out.printf(
          Locale.ROOT,
          "onset population: %d runners (%d with ITBS before enrolment set aside)%n",
          r.onsetPopulation(),
          r.priorItbsSetAside());
      if (!r.m1Sites().isEmpty()) {
        System.out.println("M1 pools the sites " + String.join(", ", r.m1Sites()));
      }
      new java.util.TreeMap<>(r.m1LeftOut())
          .forEach(
              (site, why) -> System.out.printf(Locale.ROOT, "M1 leaves out %s: %s%n", site, why));
    }
    System.out.printf(
        Locale.ROOT,
        "P1 C = %s; P2 AUC = %s; ITBS onsets per 1000 h%s = %s%n",
        figure(r.p1Concordance()),
        figure(r.p2Auc()),
        r.plan().equals(PlanV1.VERSION) ? "" : " (onset population)",
        r.rate() == null
            ? "not defined (no running exposure)"
            : String.format(
                Locale.ROOT,
                "%.3f (%.3f-%.3f)",
                r.rate().rate(),
                r.rate().interval().lower(),
                r.rate().interval().upper()));
    System.out.println(
        "written: "
            + out.toAbsolutePath().resolve("effects.csv")
            + (chosen == Plan.V2 ? ", site_effects.csv, meta_analysis.csv" : "")
            + ", model_summary.json, analysis_set.csv");
    if (!noReport) {
      Path page =
          org.itbs.analysis.report.Report.write(
              out,
              report == null ? ReportCommand.defaultFolder(out) : report,
              ReportCommand.profile(internal));
      System.out.println("report: " + page.toAbsolutePath());
    }
    return 0;
  }

  /** A statistic of a model for the console: three decimals, or "not fitted" (never NaN). */
  static String figure(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "not fitted";
  }
}
