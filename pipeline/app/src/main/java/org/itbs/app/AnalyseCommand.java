package org.itbs.app;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.itbs.analysis.Analyse;
import org.itbs.analysis.plan.Effect;
import org.itbs.analysis.plan.PlanResult;
import org.itbs.analysis.plan.PlanV1;
import org.itbs.core.lake.Lake;
import org.itbs.core.lake.LocalPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code itbs analyse}: the planned models on the lake's analysis set, no Spark session. */
@Command(
    name = "analyse",
    mixinStandardHelpOptions = true,
    header = "Fit the planned models of analysis-plan v1 on the lake's analysis set.",
    description = {
      "Fit the primary models of analysis-plan v1 (P1 Cox, P2 logistic, P3 Poisson, R1",
      "Andersen-Gill) on the analysis set of the lake's current version, read straight from",
      "Parquet. Writes effects.csv, model_summary.json and analysis_set.csv, then the report",
      "(as `itbs report`) unless --no-report."
    })
final class AnalyseCommand implements Callable<Integer> {
  @Option(
      names = "--lake",
      required = true,
      paramLabel = "LAKE",
      description =
          "The lake folder on this machine (a path or a file: URI; for a lake on HDFS or S3 copy"
              + " its _lake.json and analysis/ down first).")
  String lake;

  @Option(names = "--out", required = true, paramLabel = "OUT", description = "Output folder.")
  Path out;

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
   *     s3a://...), saying what to copy down
   */
  static Path localLake(String command, String value) {
    if (!LocalPaths.isLocal(value)) {
      String v = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
      throw new IllegalArgumentException(
          "--lake "
              + value
              + ": `itbs "
              + command
              + "` reads the lake without Spark, from this machine's file system only; copy the"
              + " lake's state and analysis set down first, e.g. `hdfs dfs -get "
              + v
              + "/"
              + Lake.STATE_FILE
              + " "
              + v
              + "/"
              + Lake.ANALYSIS
              + " LOCAL_LAKE/` (or `hadoop fs -get`, which takes s3a:// too), and give"
              + " --lake LOCAL_LAKE");
    }
    return LocalPaths.of("--lake", value);
  }

  @Override
  public Integer call() {
    Path lake = localLake("analyse", this.lake);
    PlanResult r = Analyse.run(lake, out);
    System.out.printf(Locale.ROOT, "%s on %s%n", PlanV1.VERSION, lake.toAbsolutePath());
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
    System.out.printf(
        Locale.ROOT,
        "P1 C = %.3f; P2 AUC = %.3f; ITBS onsets per 1000 h = %.3f (%.3f-%.3f)%n",
        r.p1Concordance(),
        r.p2Auc(),
        r.rate().rate(),
        r.rate().interval().lower(),
        r.rate().interval().upper());
    System.out.println(
        "written: "
            + out.toAbsolutePath().resolve("effects.csv")
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
}
