package org.itbs.app;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.spark.sql.SparkSession;
import org.itbs.core.dictionary.Dictionary;
import org.itbs.core.dictionary.TableSpec;
import org.itbs.core.lake.FileCounts;
import org.itbs.core.lake.LakeState;
import org.itbs.core.lake.SubmissionRecord;
import org.itbs.core.submission.DisclosureRisk;
import org.itbs.core.submission.SubmissionManifest;
import org.itbs.lake.IcebergLake;
import org.itbs.lake.LakeTables;
import org.itbs.spark.JobPaths;
import org.itbs.spark.SparkSessions;
import org.itbs.spark.lake.QuarantineExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code itbs lake}: what a researcher or a clinic asks after every ingest. */
@Command(
    name = "lake",
    mixinStandardHelpOptions = true,
    description =
        "Inspect a lake, migrate one of the layout before Iceberg, or erase a runner from it.",
    subcommands = {
      LakeCommand.Status.class,
      LakeCommand.Quarantine.class,
      LakeEraseCommand.class,
      LakeMigrateCommand.class
    })
final class LakeCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  /**
   * Opens the catalog of an existing lake (one line when it is none, or of the layout before the
   * catalog: {@link IcebergLake#openLake}); the Hadoop configuration that of the active Spark
   * session, if any.
   */
  static IcebergLake existing(Path root) {
    return IcebergLake.openLake(root, null, JobPaths.hadoopConfiguration(), false);
  }

  /** {@code itbs lake status}. */
  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Sites, current and superseded submissions, row counts, lake version.")
  static final class Status implements Callable<Integer> {
    @Mixin LakeOption lake;

    @Mixin CatalogOption catalog;

    @Option(
        names = "--as-of",
        paramLabel = "VERSION",
        description =
            "The lake as it was at this version: a number, or an ISO-8601 time (the latest"
                + " version committed at or before it).")
    String asOf;

    @Override
    public Integer call() {
      Path root = JobPaths.of("--lake", lake.value);
      try (IcebergLake catalog = existing(root)) {
        print(root, catalog);
      }
      return 0;
    }

    private void print(Path root, IcebergLake catalog) {
      Optional<IcebergLake.Version> v = catalog.asOf(asOf);
      LakeState s = v.map(x -> catalog.state(x.version())).orElse(LakeState.empty());
      System.out.printf(
          Locale.ROOT,
          "lake %s, version %d%s%n",
          root.toAbsolutePath().normalize(),
          s.version(),
          asOf == null
              ? ""
              : " (--as-of "
                  + asOf
                  + "; latest "
                  + catalog.latest().map(IcebergLake.Version::version).orElse(0L)
                  + ")");
      System.out.printf(
          "sites: %d (%s)%n", s.current().size(), String.join(", ", s.current().keySet()));
      System.out.printf(
          "%-10s %-18s %-11s %8s %-21s %-21s %12s %12s %14s%n",
          "site",
          "submission",
          "status",
          "version",
          "created",
          "ingested",
          "accepted",
          "quarantined",
          "clinic_rows");
      for (SubmissionRecord r : s.submissions()) {
        System.out.printf(
            "%-10s %-18s %-11s %8d %-21s %-21s %12d %12d %14d%n",
            r.site(),
            r.id(),
            s.isCurrent(r.id()) ? "current" : "superseded",
            r.lakeVersion(),
            r.created(),
            r.ingestedAt(),
            r.accepted(),
            r.quarantined(),
            r.withheldRowsAtClinic());
      }
      System.out.println();
      System.out.printf(
          "%-10s %-20s %10s %10s %12s %12s %14s %12s%n",
          "site",
          "table",
          "read",
          "accepted",
          "quarantined",
          "clinic_rows",
          "clinic_values",
          "export_rows");
      Dictionary d = Dictionary.submission();
      for (SubmissionRecord r : s.currentSubmissions()) {
        for (Map.Entry<String, FileCounts> e : r.files().entrySet()) {
          FileCounts c = e.getValue();
          SubmissionManifest.Withheld w = r.withheldAtClinic(e.getKey());
          // What the lake holds at the version: the row counts of the files Iceberg plans (no
          // data read).
          TableSpec t = d.table(c.table());
          long accepted = rows(catalog, v.get(), LakeTables.curatedId(t), r.site());
          long quarantined = rows(catalog, v.get(), LakeTables.quarantineId(t), r.site());
          System.out.printf(
              "%-10s %-20s %10d %10d %12d %12d %14d %12d%n",
              r.site(),
              c.table(),
              c.read(),
              accepted,
              quarantined,
              w.rowCount(),
              w.valueCount(),
              r.exportRows(e.getKey()));
        }
      }
      System.out.println();
      System.out.println(
          "clinic_rows: rows withheld whole at the clinic (a line that does not parse as one"
              + " record), never sent; clinic_values: values withheld for breaking a rule, sent as"
              + " [withheld: rule] markers (their rows are in quarantine) or, for height and mass,"
              + " as an empty bmi; export_rows = read + clinic_rows. The clinic's"
              + " own report lists each with its export line.");
      printRisk(s);
      printVersions(catalog, s.version());
    }

    private static long rows(
        IcebergLake catalog, IcebergLake.Version v, TableIdentifier id, String site) {
      return catalog.files(v, id, site).stream().mapToLong(DataFile::recordCount).sum();
    }

    /**
     * The lake's versions up to {@code upTo}, with their Iceberg snapshots (for outside readers).
     */
    private static void printVersions(IcebergLake catalog, long upTo) {
      System.out.println();
      System.out.println(
          "versions (Iceberg catalog "
              + catalog.catalogUrl()
              + "; each names the snapshot of every table, itbs_lake_version_snapshots; analysis:"
              + " when `itbs features` made its analysis set, itbs_analysis_versions):");
      System.out.printf(
          "%8s %-21s %-10s %-18s %10s  %s%n",
          "version", "committed", "site", "submission", "snapshots", "analysis");
      java.util.Set<Long> analysed = new java.util.HashSet<>(catalog.analysedVersions());
      for (IcebergLake.Version x : catalog.versions()) {
        if (x.version() > upTo) {
          break;
        }
        System.out.printf(
            "%8d %-21s %-10s %-18s %10d  %s%n",
            x.version(),
            x.time().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
            x.site(),
            x.submissionId(),
            x.snapshots().size(),
            analysed.contains(x.version()) ? analysis(catalog, x.version()) : "-");
      }
    }

    /**
     * When the analysis set of a version was made, or {@code erased} when an erasure removed it
     * (its snapshots expired: `itbs features` makes it again).
     */
    private static String analysis(IcebergLake catalog, long version) {
      try {
        return catalog
            .analysis(version)
            .map(a -> a.createdAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString())
            .orElse("-");
      } catch (IcebergLake.ErasedAnalysisException e) {
        return "erased";
      }
    }

    /**
     * Per current site, the re-identification risk its clinic measured on the released
     * quasi-identifiers (from the submission's manifest); {@code not measured} for a submission
     * made before the clinic measured it.
     */
    private static void printRisk(LakeState s) {
      System.out.println(
          "disclosure risk measured at the clinic (released quasi-identifiers, within the site):");
      System.out.printf(
          "%-10s %8s %6s %10s %8s %9s %5s %9s%n",
          "site", "runners", "k_min", "below_k5", "share", "max_risk", "k", "withheld");
      String quasi = null;
      for (SubmissionRecord r : s.currentSubmissions()) {
        DisclosureRisk d = r.disclosureRisk();
        if (d == null) {
          System.out.printf(
              "%-10s %s%n", r.site(), "not measured (its manifest has no disclosure_risk)");
          continue;
        }
        quasi = String.join(", ", d.quasiIdentifiers());
        System.out.printf(
            Locale.ROOT,
            "%-10s %8d %6d %10d %7.1f%% %9.3f %5s %9d%n",
            r.site(),
            d.runners(),
            d.kMin(),
            d.runnersBelowK5(),
            100 * d.shareBelowK5(),
            d.maxRisk(),
            d.policy().kAnonymity() == null ? "-" : d.policy().kAnonymity().toString(),
            d.policy().withheldRunners());
      }
      if (quasi != null) {
        System.out.println("quasi-identifiers: " + quasi);
      }
    }
  }

  /** {@code itbs lake quarantine}. */
  @Command(
      name = "quarantine",
      mixinStandardHelpOptions = true,
      description =
          "The refused rows of the current submissions with their reasons, as CSV on standard output.")
  static final class Quarantine implements Callable<Integer> {
    @Mixin LakeOption lake;

    @Mixin CatalogOption catalog;

    @Option(names = "--site", paramLabel = "SITE", description = "Only this site.")
    String site;

    @Option(
        names = "--table",
        paramLabel = "TABLE",
        description = "Only this table (e.g. gait_frames).")
    String table;

    @Override
    public Integer call() {
      JobPaths.check("--lake", lake.value);
      if (JobPaths.isLocal(lake.value)) {
        existing(JobPaths.of("--lake", lake.value)).close(); // refused before Spark starts
      }
      // A Hadoop lake is opened once the session gives its Hadoop configuration (see JobPaths).
      SparkSession spark = SparkSessions.get("itbs-lake-quarantine", null);
      try {
        Path root = JobPaths.of("--lake", lake.value);
        new QuarantineExport(spark).write(root, site, table, System.out);
        return 0;
      } finally {
        spark.stop();
      }
    }
  }
}
