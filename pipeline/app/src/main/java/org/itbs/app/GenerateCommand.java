package org.itbs.app;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.itbs.synth.CohortGenerator;
import org.itbs.synth.CohortSpec;
import org.itbs.synth.CohortSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code itbs generate}: writes a synthetic multi-site cohort as cef-1 clinic exports, one folder
 * per site, with {@code truth.json} (true effects, definitions, seed, sites, counts) and, with
 * {@code --messy}, {@code faults.json}. The same options give byte-identical output. Options win
 * over the defaults of {@link CohortSpec}.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Generate synthetic multi-site clinic exports in the cef-1 format, with truth.json.",
      "Same seed and options: byte-identical output."
    })
final class GenerateCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Output folder; must not exist or be empty. One sub-folder per site.")
  Path out;

  @Option(
      names = "--sites",
      defaultValue = "3",
      paramLabel = "K",
      description = "Number of sites, 1-" + CohortSpec.MAX_SITES + " (default: ${DEFAULT-VALUE}).")
  int sites;

  @Option(
      names = "--runners",
      defaultValue = "1000",
      paramLabel = "N",
      description = "Runners over all sites, split unevenly (default: ${DEFAULT-VALUE}).")
  int runners;

  @Option(
      names = "--seed",
      defaultValue = "1",
      paramLabel = "S",
      description = "Seed of every random draw (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--messy",
      description =
          "Inject what real exports carry (identifier columns, invalid values, duplicates, a"
              + " BOM/CRLF file); each fault is listed in DIR/faults.json.")
  boolean messy;

  @Option(
      names = "--trials",
      defaultValue = "1",
      paramLabel = "T",
      description = "Gait trials per runner, 1-50 (default: ${DEFAULT-VALUE}).")
  int trials;

  @Option(
      names = "--trial-seconds",
      defaultValue = "2.05",
      paramLabel = "X",
      description = "Seconds per gait trial at 200 Hz per side, 1-120 (default: ${DEFAULT-VALUE}).")
  double trialSeconds;

  @Option(
      names = "--itbs-incidence",
      defaultValue = "0.15",
      paramLabel = "P",
      description =
          "Share of runners with an ITBS onset during follow-up, 0-0.9; 0 gives no ITBS"
              + " (default: ${DEFAULT-VALUE}).")
  double itbsIncidence;

  @Option(
      names = "--other-injuries-per-year",
      defaultValue = "0.85",
      paramLabel = "R",
      description =
          "Non-ITBS injuries per runner-year, 0-5; with --itbs-incidence 0 it gives an export"
              + " without injuries (default: ${DEFAULT-VALUE}).")
  double otherInjuriesPerYear;

  @Override
  public Integer call() {
    CohortSpec cohort =
        CohortSpec.builder()
            .sites(sites)
            .runners(runners)
            .seed(seed)
            .faults(messy ? CohortSpec.Faults.MESSY : CohortSpec.Faults.NONE)
            .trials(trials)
            .trialSeconds(trialSeconds)
            .itbsIncidence(itbsIncidence)
            .otherInjuriesPerYear(otherInjuriesPerYear)
            .build();
    long start = System.nanoTime();
    CohortSummary s = CohortGenerator.generate(cohort, out);
    double seconds = (System.nanoTime() - start) / 1e9;
    var w = spec.commandLine().getOut();
    w.printf(
        Locale.ROOT,
        "generated %d runners at %d sites (%s) into %s%n",
        s.runners(),
        s.sites().size(),
        String.join(", ", s.sites()),
        out);
    for (Map.Entry<String, Long> e : s.rows().entrySet()) {
      w.printf(Locale.ROOT, "  %-15s %,12d rows%n", e.getKey(), e.getValue());
    }
    w.printf(
        Locale.ROOT,
        "  ITBS onsets %d, ITBS episodes %d (recurrences %d), other injuries %d%n",
        s.itbsOnsets(),
        s.itbsEpisodes(),
        s.recurrences(),
        s.otherInjuries());
    if (messy) {
      w.printf(Locale.ROOT, "  %d faulty rows listed in faults.json%n", s.rowFaults());
    }
    w.printf(
        Locale.ROOT,
        "  %.2f s, %,.0f rows/s (%,.0f gait frame rows/s)%n",
        seconds,
        s.totalRows() / seconds,
        s.rows().getOrDefault("gait_frames", 0L) / seconds);
    w.flush();
    return 0;
  }
}
