package org.itbs.core.submission;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.itbs.core.csv.CsvReader;
import org.itbs.core.dictionary.ColumnSpec;
import org.itbs.core.dictionary.Dictionary;
import org.itbs.core.dictionary.TableSpec;

/**
 * Decides whether a submission can be read at all, before anything is stored: the manifest is
 * there, is a {@link SubmissionManifest} and names a known format and a valid site; every required
 * file is there with a header; no column is a direct identifier; every column is known and every
 * required column present; every file's SHA-256 and data row count match the manifest; every byte
 * is UTF-8 (the manifest's own fields, such as {@code created}, {@code tool_version} and {@code
 * key_fingerprint}, are checked by {@link SubmissionManifest#parse}). Any failure refuses the whole
 * submission with one message listing every problem found.
 */
public final class SubmissionInspector {
  /** Sites are short upper-case codes. */
  public static final Pattern SITE = Pattern.compile("[A-Z0-9]{3,12}");

  /** Default size of the byte ranges that parallel tasks read: 32 MiB. */
  public static final long DEFAULT_SPLIT_BYTES = 32L << 20;

  /**
   * The smallest split {@link #balancedSplitBytes} cuts a file into for the sake of balance: below
   * this a task's start costs more than what it reads (Spark's {@code openCostInBytes} is the
   * same).
   */
  public static final long MIN_BALANCED_SPLIT_BYTES = 4L << 20;

  /** The largest manifest read: 16 MiB (one made by contribute is a few KiB). */
  static final long MAX_MANIFEST_BYTES = 16L << 20;

  private final Dictionary dictionary;
  private final long splitBytes;
  private final int slots;
  private final FileScan.Limits limits;

  /** An inspector for submissions of the given (submission) dictionary. */
  public SubmissionInspector(Dictionary dictionary) {
    this(dictionary, DEFAULT_SPLIT_BYTES);
  }

  /**
   * An inspector that cuts files into splits of about {@code splitBytes} bytes, with the line limit
   * of {@link SubmissionLimits#fromSettings()}.
   */
  public SubmissionInspector(Dictionary dictionary, long splitBytes) {
    this(dictionary, splitBytes, SubmissionLimits.fromSettings().maxLineBytes());
  }

  /**
   * An inspector that cuts files into splits of about {@code splitBytes} bytes and refuses a file
   * with a line longer than {@code maxLineBytes} bytes or a field longer than the dictionary's
   * {@link Dictionary#maxFieldChars()} characters.
   *
   * @throws IllegalArgumentException when {@code splitBytes} or {@code maxLineBytes} is not
   *     positive
   */
  public SubmissionInspector(Dictionary dictionary, long splitBytes, long maxLineBytes) {
    this(dictionary, splitBytes, maxLineBytes, 1);
  }

  /**
   * An inspector as {@link #SubmissionInspector(Dictionary, long, long)} whose splits of a file
   * come in whole waves of {@code slots} tasks (the cores that will read them), each at most {@code
   * splitBytes} bytes: see {@link #balancedSplitBytes}.
   *
   * @throws IllegalArgumentException when {@code splitBytes}, {@code maxLineBytes} or {@code slots}
   *     is not positive
   */
  public SubmissionInspector(Dictionary dictionary, long splitBytes, long maxLineBytes, int slots) {
    if (slots < 1) {
      throw new IllegalArgumentException("slots must be positive: " + slots);
    }
    if (splitBytes < 1) {
      throw new IllegalArgumentException("splitBytes must be positive: " + splitBytes);
    }
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
    }
    this.dictionary = dictionary;
    this.splitBytes = splitBytes;
    this.slots = slots;
    this.limits =
        new FileScan.Limits(
            maxLineBytes, dictionary.maxFieldChars(), "itbs.max.line.bytes (ITBS_MAX_LINE_BYTES)");
  }

  /**
   * The split size for a file of {@code fileBytes} bytes read by {@code slots} tasks at a time: the
   * file is cut into a whole number of waves of {@code slots} splits of equal size, each at most
   * {@code maxSplitBytes}, so that the last wave does not leave cores idle while one task reads the
   * remainder (a 289 MiB file on 2 cores: 10 splits of 28.9 MiB, not 9 of 32 MiB and one of 1 MiB,
   * where one core idles for the ninth). Splits stay at least {@link #MIN_BALANCED_SPLIT_BYTES}
   * (fewer splits then), and a file that holds no more than one such split, or one read by a single
   * slot, keeps {@code maxSplitBytes}.
   */
  public static long balancedSplitBytes(long fileBytes, long maxSplitBytes, int slots) {
    if (slots <= 1 || fileBytes < 2 * MIN_BALANCED_SPLIT_BYTES) {
      return maxSplitBytes;
    }
    long perWave = Math.multiplyExact((long) slots, maxSplitBytes);
    long splits = slots * ((fileBytes + perWave - 1) / perWave);
    splits = Math.min(splits, fileBytes / MIN_BALANCED_SPLIT_BYTES);
    return Math.min(maxSplitBytes, (fileBytes + splits - 1) / splits);
  }

  /**
   * Inspects a submission folder (a zip must be unpacked first, see {@link SubmissionSource}).
   *
   * @param name the submission as the user named it, for messages
   * @param folder the folder holding manifest.json and the CSV files
   * @throws SubmissionRejectedException when the submission cannot be accepted
   */
  public InspectedSubmission inspect(String name, Path folder) {
    List<SubmissionRejectedException.Problem> problems = new ArrayList<>();
    String manifestFile =
        dictionary.derivation().map(Dictionary.Derivation::manifestFile).orElse("manifest.json");
    Path manifestPath = folder.resolve(manifestFile);
    if (!Files.isRegularFile(manifestPath)) {
      throw reject(
          name,
          new SubmissionRejectedException.Problem(
              manifestFile,
              null,
              "missing: a submission is made by `itbs contribute` and carries " + manifestFile));
    }
    byte[] manifestBytes;
    try {
      if (Files.size(manifestPath) > MAX_MANIFEST_BYTES) {
        throw reject(
            name,
            new SubmissionRejectedException.Problem(
                manifestFile,
                null,
                "is larger than "
                    + MAX_MANIFEST_BYTES
                    + " bytes; the manifest made by `itbs contribute` is a few KiB"));
      }
      manifestBytes = Files.readAllBytes(manifestPath);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + manifestPath, e);
    }
    SubmissionManifest manifest;
    try {
      manifest = SubmissionManifest.parse(manifestBytes, manifestFile);
    } catch (SubmissionManifest.InvalidManifestException e) {
      throw reject(name, new SubmissionRejectedException.Problem(manifestFile, null, e.problem()));
    }
    String format = manifest.format();
    if (!format.equals(dictionary.format())) {
      problems.add(
          new SubmissionRejectedException.Problem(
              manifestFile,
              null,
              "format is '" + format + "', expected '" + dictionary.format() + "'"));
    }
    String site = manifest.site();
    if (!SITE.matcher(site).matches()) {
      problems.add(
          new SubmissionRejectedException.Problem(
              manifestFile, null, "site '" + site + "' does not match " + SITE.pattern()));
    }
    Map<String, SubmissionManifest.FileEntry> listed = new HashMap<>();
    for (SubmissionManifest.FileEntry f : manifest.files()) {
      listed.put(f.file().toLowerCase(Locale.ROOT), f);
    }

    Map<String, Path> present = new HashMap<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String fn = p.getFileName().toString();
        if (fn.equals(manifestFile) || !Files.isRegularFile(p)) {
          continue;
        }
        Optional<TableSpec> t = dictionary.tableForFile(fn);
        if (t.isEmpty()) {
          problems.add(
              new SubmissionRejectedException.Problem(
                  fn, null, "is not a file of " + dictionary.format() + " (unknown file)"));
        } else {
          present.put(t.get().name(), p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<FilePlan> plans = new ArrayList<>();
    for (TableSpec t : dictionary.tables()) {
      Path p = present.get(t.name());
      if (p == null) {
        if (t.required()) {
          problems.add(
              new SubmissionRejectedException.Problem(t.file(), null, "required file is missing"));
        }
        continue;
      }
      String fn = p.getFileName().toString();
      SubmissionManifest.FileEntry entry = listed.get(fn.toLowerCase(Locale.ROOT));
      FileScan scan;
      long target;
      try {
        target = balancedSplitBytes(Files.size(p), splitBytes, slots);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + p, e);
      }
      try {
        scan = FileScan.scan(p, target, limits);
      } catch (FileScan.NotUtf8Exception e) {
        problems.add(
            new SubmissionRejectedException.Problem(fn, null, "is not UTF-8: " + e.getMessage()));
        continue;
      } catch (FileScan.RefusedException e) {
        problems.add(new SubmissionRejectedException.Problem(fn, null, e.getMessage()));
        continue;
      }
      if (entry == null) {
        problems.add(
            new SubmissionRejectedException.Problem(
                fn, null, "is not listed in " + manifestFile + " (no checksum to verify)"));
      } else if (!scan.sha256().equalsIgnoreCase(entry.sha256())) {
        problems.add(
            new SubmissionRejectedException.Problem(
                fn,
                null,
                "SHA-256 "
                    + scan.sha256()
                    + " does not match "
                    + entry.sha256()
                    + " in "
                    + manifestFile
                    + " (changed after contribute, or damaged in transfer)"));
      } else if (entry.rows() != scan.records()) {
        problems.add(
            new SubmissionRejectedException.Problem(
                fn,
                null,
                "rows "
                    + entry.rows()
                    + " in "
                    + manifestFile
                    + " does not match the file's "
                    + scan.records()
                    + " data rows"));
      }
      FilePlan plan = header(t, fn, p, scan, problems);
      if (plan != null) {
        plans.add(plan);
      }
    }
    for (String f : listed.keySet()) {
      if (present.values().stream()
          .noneMatch(p -> p.getFileName().toString().equalsIgnoreCase(f))) {
        problems.add(
            new SubmissionRejectedException.Problem(
                f, null, "is listed in " + manifestFile + " but missing from the submission"));
      }
    }
    for (String f : manifest.withheld().keySet()) {
      if (!listed.containsKey(f.toLowerCase(Locale.ROOT))) {
        problems.add(
            new SubmissionRejectedException.Problem(
                manifestFile,
                null,
                "withheld counts rows of "
                    + f
                    + ", which is not a file of the submission (withheld names only listed files)"));
      }
    }
    if (!problems.isEmpty()) {
      throw new SubmissionRejectedException(name, problems);
    }
    return new InspectedSubmission(
        submissionId(manifestBytes),
        site,
        manifest.created().toString(),
        folder.toString(),
        plans,
        manifest.keyFingerprint(),
        manifest.withheld(),
        manifest.disclosureRisk());
  }

  private FilePlan header(
      TableSpec t,
      String fn,
      Path p,
      FileScan scan,
      List<SubmissionRejectedException.Problem> problems) {
    String[] header;
    try (InputStream in = Files.newInputStream(p);
        CsvReader r = CsvReader.open(in)) {
      header = r.header();
    } catch (CsvReader.MissingHeaderException e) {
      problems.add(new SubmissionRejectedException.Problem(fn, null, "has no header row"));
      return null;
    } catch (CsvReader.MalformedCsvException | CsvReader.NotUtf8Exception e) {
      problems.add(
          new SubmissionRejectedException.Problem(
              fn, null, "the header row cannot be read as CSV (a quote left open?)"));
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int[] columnOfField = new int[header.length];
    boolean ok = true;
    boolean[] seen = new boolean[t.columns().size()];
    for (int i = 0; i < header.length; i++) {
      String h = header[i].trim().toLowerCase(Locale.ROOT);
      if (dictionary.isIdentifier(h)) {
        problems.add(
            new SubmissionRejectedException.Problem(
                fn,
                h,
                "column '"
                    + header[i]
                    + "' is a direct identifier and must be removed by the clinic"
                    + " (itbs contribute) before submission"));
        ok = false;
        continue;
      }
      int idx = t.indexOf(h);
      if (idx < 0) {
        problems.add(
            new SubmissionRejectedException.Problem(
                fn, h, "column '" + header[i] + "' is not a column of " + t.name()));
        ok = false;
      } else if (seen[idx]) {
        problems.add(
            new SubmissionRejectedException.Problem(
                fn, h, "column '" + header[i] + "' appears twice in the header"));
        ok = false;
      } else {
        seen[idx] = true;
        columnOfField[i] = idx;
      }
    }
    for (int k = 0; k < seen.length; k++) {
      ColumnSpec c = t.columns().get(k);
      if (!seen[k] && c.required()) {
        problems.add(
            new SubmissionRejectedException.Problem(
                fn, c.name(), "required column '" + c.name() + "' is missing from the header"));
        ok = false;
      }
    }
    return ok
        ? new FilePlan(
            t, fn, p.toAbsolutePath().toUri().toString(), columnOfField, header.length, scan)
        : null;
  }

  private static SubmissionRejectedException reject(
      String name, SubmissionRejectedException.Problem p) {
    return new SubmissionRejectedException(name, List.of(p));
  }

  /** The submission's id: the first 16 hex digits of the SHA-256 of its manifest. */
  static String submissionId(byte[] manifestBytes) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(manifestBytes);
      return HexFormat.of().formatHex(Arrays.copyOf(d, 8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
