package org.itbs.contribute;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.itbs.core.csv.CsvReader;
import org.itbs.core.csv.CsvWriter;
import org.itbs.core.dictionary.ColumnSpec;
import org.itbs.core.dictionary.ColumnType;
import org.itbs.core.dictionary.Dictionary;
import org.itbs.core.dictionary.TableSpec;
import org.itbs.core.submission.SubmissionManifest;
import org.itbs.core.validate.RowValidator;

/**
 * Turns a cef-1 clinic export into an anonymised cef-1-submission, on the clinic's machine:
 *
 * <ul>
 *   <li>drops every direct identifier column ({@code data-schemas/cef-1/identifiers.json}, header
 *       names matched case-insensitively after trimming);
 *   <li>replaces participant_id, in every table, by its keyed {@link Pseudonym} ({@link
 *       Pseudonymiser});
 *   <li>replaces birth_date by age_years, the whole years from birth_date to enrolment_date ({@link
 *       Period#between}), in birth_date's place, top-coded at 90; height_cm by bmi (mass_kg is not
 *       released) and running_years by whole years ({@link ReleasedValues});
 *   <li>measures the re-identification risk of the released quasi-identifiers and, with {@link
 *       Builder#kAnonymity}, coarsens and withholds them until every class has k runners ({@link
 *       DisclosureControl}); the manifest records the figures and the policy;
 *   <li>moves every date column of every table (per the dictionary) by the runner's shift, a whole
 *       number of weeks, so weekdays and intervals survive;
 *   <li>writes one CSV per table of the export, columns in submission dictionary order restricted
 *       to those the export has, UTF-8 without byte-order mark, {@code \n} line ends, quotes only
 *       where needed, and a {@link SubmissionManifest} with row counts and SHA-256 of every file.
 * </ul>
 *
 * <p><b>Nothing dropped, nothing silently fixed.</b> Every data row of the export yields exactly
 * one row of the submission. Missing values (empty, {@code NA}, {@code NaN}) stay as written. A
 * value that cannot be transformed is reported as a {@link ContributionWarning} (with the raw
 * value, for the clinic's eyes only) and its row is kept, so the central ingest quarantines it with
 * its reason. What would identify a runner is withheld rather than passed on: a date that is not
 * {@code yyyy-MM-dd} (it could not be shifted, so it would be a real date) becomes {@value
 * #WITHHELD_NOT_A_DATE}; the dates of a row without participant_id (no shift to move them by)
 * become {@value #WITHHELD_NO_PARTICIPANT}; when birth_date or enrolment_date is not a date,
 * age_years becomes {@value #WITHHELD_AGE}, never the birth date. These markers fail the
 * dictionary's type rule, so ingest quarantines the row under {@code type} with the marker as its
 * value. A participant_id that participants.csv lacks is still pseudonymised and its dates shifted
 * (the shift depends on the id alone). A raw participant_id never reaches the submission.
 *
 * <p><b>Refused exports.</b> A missing required file, a header without a required column, a column
 * that is neither in the dictionary nor a listed identifier, a column named twice, a file without
 * header, a file that is not UTF-8 or not CSV: {@link ExportRejectedException}, naming file and
 * column, and nothing is written.
 *
 * <p><b>Reproducible.</b> The same export and key give byte-identical output, manifest included.
 * The manifest's {@code created} is therefore not the wall clock: it is the {@linkplain
 * Builder#created given instant}, or else the latest last-modified time of the export's files that
 * are read (for a zip, the entries' times as the JDK reads them: the extended UTC timestamp when
 * the zip has one, otherwise the DOS time in this machine's time zone), truncated to whole seconds.
 *
 * <p><b>All or nothing.</b> The submission is written into a hidden temporary folder beside the
 * output folder and renamed to it only when complete; on failure the temporary folder is removed.
 * On POSIX file systems the submission folder therefore keeps the temporary folder's owner-only
 * mode (700) until the clinic sends it.
 *
 * <p>Files are streamed: only participants' ids and one pseudonym per runner are held in memory.
 * Instances are immutable and may be shared; each call works alone.
 */
public final class Contributor {
  /** Sent in place of a date that is not {@code yyyy-MM-dd}: unshifted, it would be a real date. */
  public static final String WITHHELD_NOT_A_DATE = "[withheld: not a date]";

  /** Sent in place of the dates of a row without participant_id, which cannot be shifted. */
  public static final String WITHHELD_NO_PARTICIPANT = "[withheld: no participant_id]";

  /** Sent as age_years when birth_date or enrolment_date is not a date. */
  public static final String WITHHELD_AGE = "[withheld: age not computed]";

  /** Site codes: 3 to 12 upper-case letters or digits. */
  public static final Pattern SITE = org.itbs.core.submission.SubmissionInspector.SITE;

  /** At most this many distinct warnings are listed per file; the rest are counted. */
  static final int MAX_LISTED_WARNINGS_PER_FILE = 1000;

  private static final int PLAIN = 0;
  private static final int PSEUDONYM = 1;
  private static final int DATE = 2;
  private static final int AGE = 3;

  private final String site;
  private final ClinicKey key;
  private final String toolVersion;
  private final Instant created;
  private final Dictionary cef1;
  private final Dictionary submission;
  private final Integer kAnonymity;

  private Contributor(Builder b) {
    this.kAnonymity = b.kAnonymity;
    this.site = b.site;
    this.key = b.key;
    this.toolVersion = b.toolVersion;
    this.created = b.created;
    this.cef1 = Dictionary.cef1();
    this.submission = Dictionary.submission();
  }

  /** A builder; site, key and tool version are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects the options of a {@link Contributor}. */
  public static final class Builder {
    private String site;
    private ClinicKey key;
    private String toolVersion;
    private Instant created;
    private Integer kAnonymity;

    private Builder() {}

    /**
     * Releases the quasi-identifiers so that every runner shares them with at least {@code k - 1}
     * others of the site ({@link DisclosureControl}).
     *
     * @throws IllegalArgumentException when k is less than 2
     */
    public Builder kAnonymity(int k) {
      if (k < 2) {
        throw new IllegalArgumentException("--k-anonymity must be at least 2, not " + k);
      }
      this.kAnonymity = k;
      return this;
    }

    /**
     * The contributing site's code.
     *
     * @throws IllegalArgumentException when it does not match {@code [A-Z0-9]{3,12}}
     */
    public Builder site(String siteCode) {
      Objects.requireNonNull(siteCode, "site");
      if (!SITE.matcher(siteCode).matches()) {
        throw new IllegalArgumentException(
            "site '"
                + siteCode
                + "' must be 3 to 12 upper-case letters or digits ("
                + SITE.pattern()
                + ")");
      }
      this.site = siteCode;
      return this;
    }

    /** The clinic key that makes pseudonyms and date shifts. */
    public Builder key(ClinicKey clinicKey) {
      this.key = Objects.requireNonNull(clinicKey, "key");
      return this;
    }

    /**
     * The version of the tool, written into the manifest.
     *
     * @throws IllegalArgumentException when blank
     */
    public Builder toolVersion(String version) {
      Objects.requireNonNull(version, "toolVersion");
      if (version.isBlank()) {
        throw new IllegalArgumentException("tool version must not be blank");
      }
      this.toolVersion = version;
      return this;
    }

    /**
     * The manifest's {@code created} instant (truncated to whole seconds) instead of the latest
     * last-modified time of the export's files.
     */
    public Builder created(Instant instant) {
      this.created = Objects.requireNonNull(instant, "created").truncatedTo(ChronoUnit.SECONDS);
      return this;
    }

    /**
     * The contributor.
     *
     * @throws IllegalStateException when site, key or tool version is not set
     */
    public Contributor build() {
      if (site == null) {
        throw new IllegalStateException("site is not set");
      }
      if (key == null) {
        throw new IllegalStateException("key is not set");
      }
      if (toolVersion == null) {
        throw new IllegalStateException("tool version is not set");
      }
      return new Contributor(this);
    }
  }

  /**
   * Writes the submission of a clinic export.
   *
   * @param raw the export: a folder, or a {@code .zip} holding the CSV files at its root or inside
   *     one top-level folder
   * @param out the submission folder to create; it must not exist, or be an empty folder
   * @return the manifest written and the warnings for the clinic
   * @throws IllegalArgumentException when {@code raw} is neither a folder nor a zip, or {@code out}
   *     exists and is not an empty folder
   * @throws ExportRejectedException when the export cannot be contributed (nothing is written)
   * @throws UncheckedIOException when reading or writing fails (nothing is written)
   */
  public ContributionResult contribute(Path raw, Path out) {
    return contribute(raw, out, defaultReport(out));
  }

  /** The clinic report's default folder: {@code <out>.clinic-report} beside the submission. */
  public static Path defaultReport(Path out) {
    Path abs = out.toAbsolutePath().normalize();
    return abs.resolveSibling(abs.getFileName() + ".clinic-report");
  }

  /**
   * Writes the submission of a clinic export and the clinic's own report ({@link ClinicReport}:
   * withheld.csv, lines.csv, report.html) into {@code report}, which must not be inside the
   * submission.
   *
   * @see #contribute(Path, Path)
   * @throws IllegalArgumentException also when {@code report} is inside {@code out}
   */
  public ContributionResult contribute(Path raw, Path out, Path report) {
    Path r = report.toAbsolutePath().normalize();
    if (r.startsWith(out.toAbsolutePath().normalize())) {
      throw new IllegalArgumentException(
          "the clinic report "
              + report
              + " would be inside the submission "
              + out
              + "; give a folder beside it (--report)");
    }
    checkOut(out);
    Path work = null;
    try (RawExport export = RawExport.open(raw)) {
      List<ContributionWarning> warnings = new ArrayList<>();
      List<ExportRejectedException.Problem> problems = new ArrayList<>();
      Map<String, RawExport.Entry> files = locate(export, problems, warnings);
      C3dGait.Converted gait = null;
      if (C3dGait.present(export)) {
        TableSpec frames = cef1.table("gait_frames");
        RawExport.Entry asRows = files.get(frames.name());
        if (asRows != null) {
          problems.add(
              new ExportRejectedException.Problem(
                  C3dGait.INDEX,
                  null,
                  "gives gait_frames as C3D files while "
                      + asRows.name()
                      + " gives it as rows; keep one of the two"));
        } else {
          work = workFolder(out);
          gait = C3dGait.convert(export, work.resolve(frames.file()), frames, problems);
          if (gait != null) {
            files.put(frames.name(), gait.entry());
          }
        }
      }
      List<TablePlan> plans = new ArrayList<>();
      for (TableSpec t : cef1.tables()) {
        RawExport.Entry e = files.get(t.name());
        if (e != null) {
          TablePlan p = plan(t, e, problems);
          if (p != null) {
            plans.add(p);
          }
        }
      }
      if (!problems.isEmpty()) {
        throw new ExportRejectedException(raw.toString(), problems);
      }
      Instant when = created != null ? created : latestModified(plans);
      return write(raw, out, r, plans, when, warnings, gait);
    } finally {
      if (work != null) {
        deleteTree(work);
      }
    }
  }

  /**
   * A hidden, owner-only folder beside the submission for the gait rows converted from C3D files
   * (they stay at the clinic: the clinic report keeps a copy, the folder is removed at the end).
   */
  private static Path workFolder(Path out) {
    Path target = out.toAbsolutePath().normalize();
    Path parent = target.getParent();
    try {
      Files.createDirectories(parent);
      return Files.createTempDirectory(parent, "." + target.getFileName() + ".c3d-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary folder in " + parent, e);
    }
  }

  private static void checkOut(Path out) {
    if (!Files.exists(out)) {
      return;
    }
    if (!Files.isDirectory(out)) {
      throw new IllegalArgumentException(
          "output " + out + " exists and is not a folder; give a new folder for the submission");
    }
    try (Stream<Path> s = Files.list(out)) {
      if (s.findAny().isPresent()) {
        throw new IllegalArgumentException(
            "output folder "
                + out
                + " exists and is not empty; give a new folder for the submission");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + out, e);
    }
  }

  /** Finds the file of each table; notes unknown files, duplicates and missing required files. */
  private Map<String, RawExport.Entry> locate(
      RawExport export,
      List<ExportRejectedException.Problem> problems,
      List<ContributionWarning> warnings) {
    Map<String, RawExport.Entry> byTable = new LinkedHashMap<>();
    for (RawExport.Entry e : export.entries()) {
      Optional<TableSpec> t = cef1.tableForFile(e.name());
      if (t.isEmpty()) {
        warnings.add(
            new ContributionWarning(
                ContributionWarning.Kind.IGNORED_FILE,
                e.name(),
                0,
                null,
                null,
                0,
                "not a file of "
                    + cef1.format()
                    + " "
                    + cef1.tables().stream().map(TableSpec::file).toList()
                    + "; left out of the submission"));
        continue;
      }
      RawExport.Entry before = byTable.putIfAbsent(t.get().name(), e);
      if (before != null) {
        problems.add(
            new ExportRejectedException.Problem(
                e.name(),
                null,
                "holds "
                    + t.get().name()
                    + " as "
                    + before.name()
                    + " does; keep one of the two files"));
      }
    }
    for (TableSpec t : cef1.tables()) {
      if (t.required() && !byTable.containsKey(t.name())) {
        problems.add(
            new ExportRejectedException.Problem(
                t.file(), null, "required file is missing from the export"));
      }
    }
    return byTable;
  }

  /** How one table is transformed: which field feeds each output column, and how. */
  private record TablePlan(
      TableSpec table,
      TableSpec outTable,
      RawExport.Entry entry,
      int width,
      String[] outNames,
      int[] source,
      int[] kind,
      int participantField,
      int enrolmentField,
      int[] fieldOf,
      boolean[] mayBreak) {}

  private TablePlan plan(
      TableSpec t, RawExport.Entry e, List<ExportRejectedException.Problem> problems) {
    String file = e.name();
    String[] header;
    try (InputStream in = e.open();
        CsvReader r = CsvReader.open(in)) {
      header = r.header();
    } catch (CsvReader.MissingHeaderException x) {
      problems.add(new ExportRejectedException.Problem(file, null, "has no header row"));
      return null;
    } catch (CsvReader.NotUtf8Exception x) {
      problems.add(new ExportRejectedException.Problem(file, null, notUtf8(e, x)));
      return null;
    } catch (CsvReader.MalformedCsvException x) {
      problems.add(new ExportRejectedException.Problem(file, null, x.getMessage()));
      return null;
    } catch (IOException x) {
      throw new UncheckedIOException("cannot read " + file, x);
    }
    int[] fieldOf = new int[t.columns().size()];
    Arrays.fill(fieldOf, -1);
    int before = problems.size();
    for (int i = 0; i < header.length; i++) {
      String name = header[i].trim().toLowerCase(Locale.ROOT);
      int idx = t.indexOf(name);
      if (idx >= 0) {
        if (fieldOf[idx] >= 0) {
          problems.add(
              new ExportRejectedException.Problem(
                  file, name, "column '" + header[i].trim() + "' appears twice in the header"));
        } else {
          fieldOf[idx] = i;
        }
      } else if (name.isEmpty()) {
        problems.add(
            new ExportRejectedException.Problem(
                file, name, "header field " + (i + 1) + " has no column name"));
      } else if (!submission.isIdentifier(name)) {
        problems.add(
            new ExportRejectedException.Problem(
                file,
                name,
                "column '"
                    + header[i].trim()
                    + "' is neither a column of "
                    + t.name()
                    + " nor a listed direct identifier; remove it or rename it to a dictionary"
                    + " column"));
      }
    }
    for (int k = 0; k < fieldOf.length; k++) {
      ColumnSpec c = t.columns().get(k);
      if (fieldOf[k] < 0 && c.required()) {
        problems.add(
            new ExportRejectedException.Problem(
                file, c.name(), "required column '" + c.name() + "' is missing from the header"));
      }
    }
    if (problems.size() > before) {
      return null;
    }
    TableSpec outTable = submission.table(t.name());
    String idColumn = submission.derivation().orElseThrow().pseudonymColumn();
    List<String> names = new ArrayList<>();
    List<Integer> source = new ArrayList<>();
    List<Integer> kind = new ArrayList<>();
    for (int k = 0; k < fieldOf.length; k++) {
      if (fieldOf[k] < 0) {
        continue;
      }
      ColumnSpec in = t.columns().get(k);
      Optional<String> released =
          submission.derivation().orElseThrow().releasedAs(t.name(), in.name());
      if (released.isEmpty()) {
        continue; // stays at the clinic
      }
      ColumnSpec outCol = outTable.column(released.get()).orElseThrow();
      int how;
      if (t.isParticipants() && outCol.name().equals("bmi")) {
        how = PLAIN; // computed from height_cm and mass_kg by ParticipantRelease
      } else if (!outCol.name().equals(in.name())) {
        if (!(t.isParticipants()
            && in.name().equals("birth_date")
            && outCol.name().equals("age_years"))) {
          throw new IllegalStateException(
              "no rule derives " + t.name() + "." + outCol.name() + " from " + in.name());
        }
        how = AGE;
      } else if (in.name().equals(idColumn)) {
        how = PSEUDONYM;
      } else if (in.type() == ColumnType.DATE) {
        how = DATE;
      } else {
        how = PLAIN;
      }
      names.add(outCol.name());
      source.add(fieldOf[k]);
      kind.add(how);
    }
    int participant = fieldOf[t.indexOf(idColumn)];
    int enrolment = t.isParticipants() ? fieldOf[t.indexOf("enrolment_date")] : -1;
    return new TablePlan(
        t,
        outTable,
        e,
        header.length,
        names.toArray(String[]::new),
        source.stream().mapToInt(Integer::intValue).toArray(),
        kind.stream().mapToInt(Integer::intValue).toArray(),
        participant,
        enrolment,
        fieldOf,
        ClinicChecks.mayBreak(t, fieldOf, header.length));
  }

  private static Instant latestModified(List<TablePlan> plans) {
    return plans.stream()
        .map(p -> p.entry().modified())
        .max(Comparator.naturalOrder())
        .orElseThrow()
        .truncatedTo(ChronoUnit.SECONDS);
  }

  private ContributionResult write(
      Path raw,
      Path out,
      Path reportDir,
      List<TablePlan> plans,
      Instant when,
      List<ContributionWarning> warnings,
      C3dGait.Converted gait) {
    Path target = out.toAbsolutePath().normalize();
    Path parent = target.getParent();
    Path tmp;
    try {
      Files.createDirectories(parent);
      tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".partial-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary folder in " + parent, e);
    }
    boolean done = false;
    try {
      Pseudonymiser pseudonymiser = Pseudonymiser.of(key, site, submission);
      Map<String, Pseudonym> pseudonyms = new HashMap<>();
      Set<String> participants = new HashSet<>();
      List<SubmissionManifest.FileEntry> entries = new ArrayList<>();
      ClinicReport report = new ClinicReport();
      if (gait != null) {
        report.gait(gait);
      }
      ParticipantRelease release = null;
      for (TablePlan p : plans) {
        if (p.table().isParticipants()) {
          release = ParticipantRelease.prepare(p.table(), p.fieldOf(), kAnonymity, p.entry());
        }
      }
      for (TablePlan p : plans) {
        entries.add(
            writeTable(
                raw, p, tmp, pseudonymiser, pseudonyms, participants, warnings, report, release));
      }
      SubmissionManifest manifest =
          new SubmissionManifest(
              submission.format(),
              submission.derivation().orElseThrow().baseFormat(),
              site,
              when,
              toolVersion,
              key.fingerprint(),
              entries,
              report.counts());
      if (release != null) {
        manifest = manifest.withDisclosureRisk(release.risk());
      }
      Files.write(
          tmp.resolve(submission.derivation().orElseThrow().manifestFile()), manifest.toJson());
      moveInto(tmp, target);
      done = true;
      report.write(reportDir, out, manifest);
      ContributionResult.Gait trials =
          gait == null
              ? null
              : new ContributionResult.Gait(
                  gait.trials().size(), gait.convertedCount(), gait.frames());
      return new ContributionResult(out, manifest, warnings, reportDir, trials);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the submission " + out, e);
    } finally {
      if (!done) {
        deleteTree(tmp);
      }
    }
  }

  private static void moveInto(Path tmp, Path target) throws IOException {
    checkOut(target);
    if (Files.isDirectory(target)) {
      Files.delete(target); // empty, checked above
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // Best effort: the temporary folder is hidden and named after the output.
    }
  }

  /** The warnings of one file: one per kind, column and value, counting the rows that share it. */
  private static final class FileWarnings {
    private final String file;
    private final Map<String, Acc> byKey = new LinkedHashMap<>();
    private long notListed;

    FileWarnings(String file) {
      this.file = file;
    }

    private static final class Acc {
      final ContributionWarning.Kind kind;
      final long line;
      final String column;
      final String value;
      final String message;
      long rows = 1;

      Acc(ContributionWarning.Kind kind, long line, String column, String value, String message) {
        this.kind = kind;
        this.line = line;
        this.column = column;
        this.value = value;
        this.message = message;
      }
    }

    /** Notes one row; returns the accumulator to count further rows with, or null if unlisted. */
    Acc add(
        ContributionWarning.Kind kind,
        long line,
        String column,
        String value,
        java.util.function.Supplier<String> message) {
      String k = kind.name() + '\u0000' + column + '\u0000' + value;
      Acc a = byKey.get(k);
      if (a != null) {
        a.rows++;
        return a;
      }
      if (byKey.size() >= MAX_LISTED_WARNINGS_PER_FILE) {
        notListed++;
        return null;
      }
      a = new Acc(kind, line, column, value, message.get());
      byKey.put(k, a);
      return a;
    }

    void drainTo(List<ContributionWarning> out) {
      for (Acc a : byKey.values()) {
        out.add(
            new ContributionWarning(a.kind, file, a.line, a.column, a.value, a.rows, a.message));
      }
      if (notListed > 0) {
        out.add(
            new ContributionWarning(
                ContributionWarning.Kind.MORE_NOT_LISTED,
                file,
                0,
                null,
                null,
                notListed,
                notListed + " further rows with other warnings are not listed"));
      }
    }
  }

  private static String quote(String v) {
    return "'" + v + "'";
  }

  private SubmissionManifest.FileEntry writeTable(
      Path raw,
      TablePlan p,
      Path dir,
      Pseudonymiser pseudonymiser,
      Map<String, Pseudonym> pseudonyms,
      Set<String> participants,
      List<ContributionWarning> warnings,
      ClinicReport report,
      ParticipantRelease release) {
    String file = p.entry().name();
    String outFile = p.outTable().file();
    ClinicChecks checks = new ClinicChecks(p.table(), p.fieldOf());
    SortedRows sorted = new SortedRows(p.outTable(), p.outNames());
    long withheldRows = 0;
    boolean isParticipants = p.table().isParticipants();
    String idColumn =
        p.table().participantColumn() == null ? "participant_id" : p.table().participantColumn();
    int n = p.outNames().length;
    int[] source = p.source();
    int[] kind = p.kind();
    String[] names = p.outNames();
    String[] values = new String[n];
    // Per date column: the last input and pseudonym seen and what they gave (dates of a runner
    // repeat).
    Pseudonym[] lastRunner = new Pseudonym[n];
    String[] lastRaw = new String[n];
    String[] lastOut = new String[n];
    FileWarnings.Acc[] lastWarning = new FileWarnings.Acc[n];
    FileWarnings w = new FileWarnings(file);
    String lastId = null;
    Pseudonym runner = null;
    FileWarnings.Acc unknown = null;
    long rows = 0;
    Path target = dir.resolve(p.outTable().file());
    CsvWriter sink = CsvWriter.createDigested(target);
    try (sink;
        InputStream in = p.entry().open();
        ExportLines reader =
            ExportLines.open(in, p.width(), p.mayBreak(), submission.maxFieldChars())) {
      sink.row(names, n);
      ExportLines.Item item;
      while ((item = reader.next()) != null) {
        long line = item.line();
        if (item instanceof ExportLines.Broken b) {
          report.rowWithheld(outFile, b);
          withheldRows++;
          continue;
        }
        rows++;
        String[] f = ((ExportLines.Row) item).fields();
        List<ClinicChecks.Hit> hits = checks.check(f);
        for (ClinicChecks.Hit h : hits) {
          report.valueWithheld(outFile, line, h);
          f[h.field()] = RowValidator.withheldMarker(h.rule());
        }
        String id = field(f, p.participantField());
        if (RowValidator.isMissing(id)) {
          runner = null;
          lastId = null;
          unknown = null;
          w.add(
              ContributionWarning.Kind.MISSING_PARTICIPANT,
              line,
              idColumn,
              id,
              () ->
                  idColumn
                      + " is missing: the row's dates cannot be shifted and are withheld; ingest"
                      + " will quarantine the row");
        } else if (id.equals(lastId)) {
          if (unknown != null) {
            unknown.rows++;
          }
        } else {
          runner = pseudonyms.computeIfAbsent(id, pseudonymiser::pseudonymise);
          lastId = id;
          unknown = null;
          if (isParticipants) {
            participants.add(id);
          } else if (!participants.contains(id)) {
            unknown =
                w.add(
                    ContributionWarning.Kind.UNKNOWN_PARTICIPANT,
                    line,
                    idColumn,
                    id,
                    () ->
                        idColumn
                            + " "
                            + quote(id)
                            + " is not in participants.csv: pseudonymised and its dates shifted,"
                            + " but ingest will quarantine the row as an unknown participant");
          }
        }
        for (int j = 0; j < n; j++) {
          String v = field(f, source[j]);
          if (kind[j] != PSEUDONYM && v.startsWith(RowValidator.WITHHELD_PREFIX)) {
            values[j] = v; // withheld above: never transformed
            continue;
          }
          switch (kind[j]) {
            case PSEUDONYM -> values[j] = runner == null ? v : runner.id();
            case DATE -> {
              if (RowValidator.isMissing(v)) {
                values[j] = v;
              } else if (runner == lastRunner[j] && v.equals(lastRaw[j])) {
                values[j] = lastOut[j];
                if (lastWarning[j] != null) {
                  lastWarning[j].rows++;
                }
              } else {
                String column = names[j];
                String shifted = shift(runner, v);
                FileWarnings.Acc warned = null;
                if (shifted == null) {
                  shifted = runner == null ? WITHHELD_NO_PARTICIPANT : WITHHELD_NOT_A_DATE;
                  if (runner != null) {
                    warned =
                        w.add(
                            ContributionWarning.Kind.UNPARSABLE_DATE,
                            line,
                            column,
                            v,
                            () ->
                                column
                                    + " "
                                    + quote(v)
                                    + " is not a date (yyyy-MM-dd): it cannot be shifted and is"
                                    + " withheld; ingest will quarantine the row");
                  }
                }
                lastRunner[j] = runner;
                lastRaw[j] = v;
                lastOut[j] = shifted;
                lastWarning[j] = warned;
                values[j] = shifted;
              }
            }
            case AGE -> values[j] = age(v, field(f, p.enrolmentField()), line, w);
            default -> values[j] = v;
          }
        }
        if (isParticipants && release != null) {
          release.apply(f, names, values);
        }
        sorted.add(values.clone(), line);
      }
      report.linesOf(outFile, sorted.writeTo(sink));
    } catch (ExportLines.NotUtf8Exception e) {
      throw rejected(raw, file, notUtf8(p.entry(), null), e);
    } catch (CsvReader.NotUtf8Exception e) {
      throw rejected(raw, file, notUtf8(p.entry(), e), e);
    } catch (CsvReader.MalformedCsvException e) {
      throw rejected(raw, file, e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    w.drainTo(warnings);
    try {
      return new SubmissionManifest.FileEntry(
          p.outTable().file(), p.table().name(), rows, Files.size(target), sink.sha256());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the size of " + target, e);
    }
  }

  /** Names the exact line of the first bytes that are not UTF-8 (the reader reads ahead). */
  private static String notUtf8(RawExport.Entry e, CsvReader.NotUtf8Exception x) {
    long line;
    try (InputStream in = e.open()) {
      line = Utf8Check.firstBadLine(in);
    } catch (IOException io) {
      line = -1;
    }
    String where =
        line > 0 || x == null ? "line " + line + " holds bytes that are not UTF-8" : x.getMessage();
    return "is not UTF-8 (" + where + "); export the file as UTF-8";
  }

  private static ExportRejectedException rejected(
      Path raw, String file, String message, RuntimeException cause) {
    return new ExportRejectedException(
        raw.toString(), List.of(new ExportRejectedException.Problem(file, null, message)), cause);
  }

  private static String field(String[] f, int i) {
    return i < f.length ? f[i] : "";
  }

  /** The date moved by the runner's shift, or null when it is not a date or there is no runner. */
  private static String shift(Pseudonym runner, String v) {
    if (runner == null) {
      return null;
    }
    try {
      return runner.shift(RowValidator.parseDate(v.strip())).toString();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String age(String birth, String enrolment, long line, FileWarnings w) {
    if (RowValidator.isMissing(birth)) {
      return birth;
    }
    LocalDate b;
    try {
      b = RowValidator.parseDate(birth.strip());
    } catch (DateTimeParseException e) {
      w.add(
          ContributionWarning.Kind.AGE_NOT_COMPUTED,
          line,
          "birth_date",
          birth,
          () ->
              "birth_date "
                  + quote(birth)
                  + " is not a date (yyyy-MM-dd): age_years not computed and withheld; ingest will"
                  + " quarantine the row");
      return WITHHELD_AGE;
    }
    LocalDate e;
    try {
      e = RowValidator.isMissing(enrolment) ? null : RowValidator.parseDate(enrolment.strip());
    } catch (DateTimeParseException x) {
      e = null;
    }
    if (e == null) {
      w.add(
          ContributionWarning.Kind.AGE_NOT_COMPUTED,
          line,
          "enrolment_date",
          enrolment,
          () ->
              "enrolment_date "
                  + quote(enrolment)
                  + " is not a date (yyyy-MM-dd): age_years not computed and withheld; ingest will"
                  + " quarantine the row");
      return WITHHELD_AGE;
    }
    return Integer.toString(Period.between(b, e).getYears());
  }
}
