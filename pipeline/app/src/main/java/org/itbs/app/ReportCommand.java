package org.itbs.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.itbs.analysis.report.Report;
import org.itbs.analysis.tables.Release;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code itbs report}: the publishable report of an analysis folder. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    header = "Write the report of an analysis: one HTML page, its tables and its figures.",
    description = {
      "Write the report of an analysis (the --out folder of `itbs analyse`): report.html (one"
          + " self-contained page: tables, forest plots, cumulative-incidence plots, provenance),"
          + " every table as CSV and Markdown under tables/, every figure as SVG under figures/."
          + " A release report by default: every count rounded to the nearest 5 and shown as <5"
          + " from 0 to 4, rates from the rounded counts, every decision in sdc.json;"
          + " --internal for the exact figures, marked not for release."
    })
final class ReportCommand implements Callable<Integer> {
  @Option(
      names = "--analysis",
      required = true,
      paramLabel = "OUT",
      description = "The analysis folder (effects.csv, model_summary.json, analysis_set.csv).")
  Path analysis;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "The report folder, such as reports/<name>.")
  Path out;

  @Option(
      names = "--internal",
      description =
          "Write the internal report: exact figures (cells under 5 suppressed per table), every"
              + " page marked \"internal: exact small counts, not for release\". Default: the"
              + " release report (counts rounded to the nearest 5, <5 under 5; see sdc.json).")
  boolean internal;

  @Override
  public Integer call() {
    Path page = Report.write(analysis, out, profile(internal));
    System.out.println("report: " + page.toAbsolutePath());
    return 0;
  }

  /** The report profile of the {@code --internal} flag. */
  static Release.Profile profile(boolean internal) {
    return internal ? Release.Profile.INTERNAL : Release.Profile.RELEASE;
  }

  /** The default report folder of an analysis folder: {@code reports/<its name>}. */
  static Path defaultFolder(Path analysis) {
    Path name = analysis.toAbsolutePath().normalize().getFileName();
    return Path.of("reports").resolve(name == null ? "analysis" : name.toString());
  }
}
