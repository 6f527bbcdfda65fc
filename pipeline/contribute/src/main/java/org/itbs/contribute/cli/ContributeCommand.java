package org.itbs.contribute.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.itbs.contribute.ClinicKey;
import org.itbs.contribute.ContributionResult;
import org.itbs.contribute.ContributionWarning;
import org.itbs.contribute.Contributor;
import org.itbs.core.Version;
import org.itbs.core.submission.SubmissionManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code itbs contribute} and {@code itbs-clinic contribute}: the clinic-side step that turns a
 * cef-1 export into an anonymised submission ({@link Contributor}). Warnings go to standard error,
 * one line each, naming file, line, column and value; the summary goes to standard output. Exit
 * status 0 when the submission is written (with or without warnings), 2 for a bad argument, 1 when
 * the export is refused.
 */
@Command(
    name = "contribute",
    mixinStandardHelpOptions = true,
    header = "Anonymise a clinic's cef-1 export into a submission.",
    description = {
      "Anonymise a clinic's cef-1 export into a submission: direct identifiers",
      "removed, participant_id replaced by a keyed pseudonym, birth_date by age at",
      "enrolment, every date of a runner shifted by the same whole number of weeks,",
      "and a manifest with row counts and SHA-256 checksums. The same export and",
      "key always give the same bytes. Every row is checked against the data",
      "dictionary first: a line that does not parse as one record is withheld whole,",
      "a value that breaks its type, range, allowed values, length or pattern is sent",
      "as a [withheld: <rule>] marker (so is a date that cannot be shifted), and the",
      "manifest counts them. Rows are sent sorted by pseudonym and key, not in export",
      "order. What was withheld, with export lines and values as written, is in the",
      "clinic report (--report), for the clinic only: never inside the submission."
    })
public final class ContributeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "RAW",
      description =
          "The clinic export: a folder, or a .zip with the CSV files at its root or in"
              + " one top-level folder.")
  Path raw;

  @Option(
      names = "--site",
      required = true,
      paramLabel = "SITE",
      description = "The site code: 3 to 12 upper-case letters or digits.")
  String site;

  @Option(
      names = "--key-file",
      required = true,
      paramLabel = "KEY",
      description = "The clinic key made by `itbs keygen`.")
  Path keyFile;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "SUBMISSION",
      description = "The submission folder to create; must not exist or be empty.")
  Path out;

  @Option(
      names = "--report",
      paramLabel = "DIR",
      description =
          "The folder of the clinic's own report (withheld.csv, lines.csv, report.html),"
              + " never inside the submission (default: SUBMISSION.clinic-report beside it).")
  Path report;

  @Option(
      names = "--created",
      paramLabel = "INSTANT",
      description =
          "The manifest's creation time, e.g. 2025-03-14T09:00:00Z (default: the latest"
              + " modification time of the export's files, so the output is reproducible).")
  String created;

  @Option(
      names = "--k-anonymity",
      paramLabel = "K",
      description =
          "Coarsen age, BMI and running years along a fixed hierarchy, then withhold them for the"
              + " runners still in smaller classes, until every runner shares sex, age, BMI,"
              + " running years and prior ITBS with at least K-1 others of the site (K >= 2).")
  Integer kAnonymity;

  @Override
  public Integer call() {
    Contributor.Builder b = Contributor.builder().site(site);
    if (created != null) {
      b.created(parseCreated(created));
    }
    if (kAnonymity != null) {
      b.kAnonymity(kAnonymity);
    }
    ClinicKey key = ClinicKey.read(keyFile);
    PrintWriter err = spec.commandLine().getErr();
    warnIfShared(keyFile, err);
    ContributionResult r =
        b.key(key)
            .toolVersion(Version.current())
            .build()
            .contribute(raw, out, report != null ? report : Contributor.defaultReport(out));
    for (ContributionWarning w : r.warnings()) {
      err.println("warning: " + w);
    }
    err.flush();
    SubmissionManifest m = r.manifest();
    PrintWriter o = spec.commandLine().getOut();
    o.println(
        "wrote submission "
            + out
            + " (site "
            + m.site()
            + ", created "
            + m.created()
            + ", key fingerprint "
            + m.keyFingerprint()
            + ")");
    for (SubmissionManifest.FileEntry f : m.files()) {
      o.println(
          String.format(
              Locale.ROOT, "  %-20s %12d rows  sha256 %s", f.file(), f.rows(), f.sha256()));
    }
    long rowsWithheld = 0;
    long valuesWithheld = 0;
    for (SubmissionManifest.Withheld w : m.withheld().values()) {
      rowsWithheld += w.rowCount();
      valuesWithheld += w.values().values().stream().mapToLong(Long::longValue).sum();
    }
    o.println(
        "withheld at the clinic: "
            + rowsWithheld
            + " row(s), "
            + valuesWithheld
            + " value(s); clinic report (for the clinic only, do not send): "
            + r.report());
    if (r.gait() != null) {
      o.println(
          "gait/index.csv: "
              + r.gait().indexRows()
              + " trial(s): "
              + r.gait().converted()
              + " converted from C3D into "
              + r.gait().frames()
              + " gait_frames row(s), "
              + r.gait().withheld()
              + " withheld (reasons in the clinic report)");
    }
    if (m.disclosureRisk() != null) {
      o.println(RiskText.lines(m.disclosureRisk()));
    }
    if (!r.warnings().isEmpty()) {
      o.println(
          r.warnings().size()
              + " warning(s) on standard error: review them before sending; ingest will"
              + " quarantine the rows they name");
    }
    o.flush();
    return 0;
  }

  private static Instant parseCreated(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "--created must be an ISO-8601 UTC instant such as 2025-03-14T09:00:00Z, not '"
              + text
              + "'",
          e);
    }
  }

  private static void warnIfShared(Path keyFile, PrintWriter err) {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(keyFile);
      Set<PosixFilePermission> others =
          EnumSet.of(
              PosixFilePermission.GROUP_READ,
              PosixFilePermission.GROUP_WRITE,
              PosixFilePermission.OTHERS_READ,
              PosixFilePermission.OTHERS_WRITE);
      others.retainAll(perms);
      if (!others.isEmpty()) {
        err.println(
            "warning: key file "
                + keyFile
                + " can be read or written by others ("
                + java.nio.file.attribute.PosixFilePermissions.toString(perms)
                + "); make it owner-only, e.g. chmod 600 "
                + keyFile);
      }
    } catch (UnsupportedOperationException | IOException e) {
      // Not a POSIX file system: nothing to check.
    }
  }
}
