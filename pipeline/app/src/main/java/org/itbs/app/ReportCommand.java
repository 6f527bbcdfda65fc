package org.itbs.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.itbs.analysis.report.Report;
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
          + " Counts under 5 show as <5 (small-cell suppression)."
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

  @Override
  public Integer call() {
    Path page = Report.write(analysis, out);
    System.out.println("report: " + page.toAbsolutePath());
    return 0;
  }

  /** The default report folder of an analysis folder: {@code reports/<its name>}. */
  static Path defaultFolder(Path analysis) {
    Path name = analysis.toAbsolutePath().normalize().getFileName();
    return Path.of("reports").resolve(name == null ? "analysis" : name.toString());
  }
}
