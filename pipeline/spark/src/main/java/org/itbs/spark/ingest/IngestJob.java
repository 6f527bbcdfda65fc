package org.itbs.spark.ingest;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.itbs.core.Settings;
import org.itbs.core.dictionary.ColumnSpec;
import org.itbs.core.dictionary.ColumnType;
import org.itbs.core.dictionary.Dictionary;
import org.itbs.core.dictionary.TableSpec;
import org.itbs.core.lake.FileCounts;
import org.itbs.core.lake.Lake;
import org.itbs.core.lake.LakeLock;
import org.itbs.core.lake.LakeState;
import org.itbs.core.lake.SubmissionRecord;
import org.itbs.core.submission.FilePlan;
import org.itbs.core.submission.InspectedSubmission;
import org.itbs.core.submission.SubmissionInspector;
import org.itbs.core.submission.SubmissionLimits;
import org.itbs.core.submission.SubmissionManifest;
import org.itbs.core.submission.SubmissionRejectedException;
import org.itbs.core.submission.SubmissionSource;
import org.itbs.core.validate.ParticipantIndex;
import org.itbs.core.validate.Rule;
import org.itbs.spark.parquet.CuratedPartWriter;
import org.itbs.spark.parquet.LakeParquet;
import org.itbs.spark.parquet.QuarantinePartWriter;

/**
 * The ingest job: validates every row of anonymised submissions against the data dictionary and
 * lands them in the lake, accepted rows in curated, refused rows in quarantine with file, line,
 * column, value and rule. A submission that cannot be read at all is refused before anything is
 * written. Each submission is staged and then committed atomically (see {@link Lake}); ingesting
 * the same submission again changes nothing.
 *
 * <p>How: one pass over the data. Each Spark task parses and validates one split of a file and
 * writes both its curated and its quarantine Parquet part file itself; its only result is a small
 * summary (counts, counts by rule, the hashes of the keys it accepted). participants.csv goes
 * first, alone; its accepted runners are broadcast to the tasks of all other files, which run as
 * one job. The driver keeps the part files the summaries name, checks that the rows add up and,
 * only when a key hash repeats, confirms and moves duplicated keys to quarantine (see {@link
 * DuplicateKeys}).
 *
 * <p>The lake and the submissions may be on any file system {@link org.itbs.spark.JobPaths} gives a
 * path of (the local disk, HDFS, S3, ...): the driver works on them with java.nio, and the tasks
 * get their paths as URIs and write their part files through Parquet's Hadoop output files when the
 * lake is not on the local disk.
 */
public final class IngestJob {
  private static final String TASKS = "_tasks";

  private final SparkSession spark;
  private final Dictionary dictionary;
  private final PrintStream out;
  private final long splitBytes;

  /** A job running on {@code spark}, printing its per-file summary to {@code out}. */
  public IngestJob(SparkSession spark, PrintStream out) {
    this(spark, Dictionary.submission(), out);
  }

  /** A job validating against {@code dictionary} (a submission dictionary). */
  public IngestJob(SparkSession spark, Dictionary dictionary, PrintStream out) {
    this(spark, dictionary, out, SubmissionInspector.DEFAULT_SPLIT_BYTES);
  }

  /**
   * A job that cuts files into splits (one task each) of about {@code splitBytes} bytes; tests use
   * tiny splits to spread a few rows over many tasks.
   *
   * @throws IllegalArgumentException when {@code splitBytes} is not positive
   */
  IngestJob(SparkSession spark, Dictionary dictionary, PrintStream out, long splitBytes) {
    if (splitBytes < 1) {
      throw new IllegalArgumentException("splitBytes must be positive: " + splitBytes);
    }
    this.spark = spark;
    this.dictionary = dictionary;
    this.out = out;
    this.splitBytes = splitBytes;
  }

  /** What one call of {@link #ingest} did. */
  public enum Outcome {
    /** The submission was committed and is now its site's current one. */
    COMMITTED,
    /** The submission was already in the lake; nothing changed. */
    ALREADY_INGESTED
  }

  /**
   * Ingests one submission (a folder or a zip) into the lake.
   *
   * @return what happened
   * @throws org.itbs.core.submission.SubmissionRejectedException when the submission as a whole is
   *     refused; then nothing was written
   */
  public Outcome ingest(Path submission, Path lakeRoot) {
    return ingest(submission, lakeRoot, Set.of());
  }

  /**
   * Ingests one submission (a folder or a zip) into the lake. The lake binds each site to the key
   * fingerprint of its current submission: a submission of that site made with another key is
   * refused, unless its site is in {@code rekeySites}; then it is accepted, binds the site to its
   * new fingerprint, and its audit record names the old one ({@link
   * SubmissionRecord#rekeyedFrom()}).
   *
   * @param rekeySites sites whose key may change with this submission ({@code itbs ingest --rekey})
   * @return what happened
   * @throws org.itbs.core.submission.SubmissionRejectedException when the submission as a whole is
   *     refused (a site bound to another key among the reasons); then nothing was written
   * @throws org.itbs.core.lake.LakeBusyException when another run holds the lake's lock (the
   *     thread's own lock, taken by {@code IngestMain} for its whole run, is reused)
   */
  public Outcome ingest(Path submission, Path lakeRoot, Set<String> rekeySites) {
    try (LakeLock lock =
        Lake.at(lakeRoot).lock("ingest", m -> System.err.println("itbs ingest: " + m))) {
      return ingestHoldingLock(submission, lakeRoot, rekeySites);
    }
  }

  private Outcome ingestHoldingLock(Path submission, Path lakeRoot, Set<String> rekeySites) {
    Lake lake = Lake.at(lakeRoot);
    SubmissionLimits limits = SubmissionLimits.fromSettings();
    // A zip is unpacked into the lake's own staging area, after the leftovers of runs that did
    // not commit are cleared (which would clear the unpacked files too if done later).
    boolean[] cleared = {false};
    Supplier<Path> unpackInto =
        () -> {
          lake.removeUncommitted();
          cleared[0] = true;
          return lake.newStaging();
        };
    try (SubmissionSource src = SubmissionSource.open(submission, unpackInto, limits)) {
      long t0 = System.nanoTime();
      InspectedSubmission sub =
          new SubmissionInspector(dictionary, splitBytes, limits.maxLineBytes())
              .inspect(submission.toString(), src.folder());
      timing("inspect (limits, checksums, UTF-8, headers)", t0);
      LakeState before = lake.state();
      if (before.submission(sub.id()).isPresent()) {
        out.printf(
            "%s: submission %s of site %s is already in the lake (version %d); nothing changed%n",
            submission, sub.id(), sub.site(), before.version());
        return Outcome.ALREADY_INGESTED;
      }
      String bound = before.keyFingerprint(sub.site()).orElse(null);
      String rekeyedFrom = null;
      if (bound != null && !bound.equals(sub.keyFingerprint())) {
        if (!rekeySites.contains(sub.site())) {
          throw new SubmissionRejectedException(
              submission.toString(),
              List.of(
                  new SubmissionRejectedException.Problem(
                      null,
                      null,
                      "site "
                          + sub.site()
                          + " is bound to key fingerprint "
                          + bound
                          + " in the lake, but this submission was made with key fingerprint "
                          + sub.keyFingerprint()
                          + " (its pseudonyms would not match the site's earlier runners);"
                          + " if the site has really changed its key, ingest it with --rekey "
                          + sub.site())));
        }
        rekeyedFrom = bound;
      }
      if (!cleared[0]) {
        lake.removeUncommitted();
      }
      Path staging = lake.newStaging();
      SubmissionRecord record;
      LakeState next;
      try {
        Map<String, FileCounts> counts = land(sub, staging);
        List<Path[]> moves = new ArrayList<>();
        for (FilePlan plan : sub.files()) {
          String t = plan.table().name();
          moves.add(
              new Path[] {
                staging.resolve("curated").resolve(t), lake.curated(t, sub.site(), sub.id())
              });
          moves.add(
              new Path[] {
                staging.resolve("quarantine").resolve(t), lake.quarantine(t, sub.site(), sub.id())
              });
        }
        record =
            new SubmissionRecord(
                sub.id(),
                sub.site(),
                sub.created(),
                submission.toAbsolutePath().toString(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                before.version() + 1,
                counts,
                sub.keyFingerprint(),
                rekeyedFrom,
                sub.withheld(),
                sub.disclosureRisk());
        next = before.with(record);
        long tc = System.nanoTime();
        lake.commit(moves, record, next);
        timing("commit", tc);
      } catch (Throwable e) {
        // Throwable: Spark throws its SparkException, a checked exception, from Scala code.
        deleteQuietly(lake, staging, e);
        throw e;
      }
      try {
        lake.removeStaging(staging);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot remove the staging folder " + staging, e);
      }
      lake.removeUncommitted();
      printSummary(submission, record, next, before);
      return Outcome.COMMITTED;
    } finally {
      lake.removeStagingIfEmpty();
    }
  }

  /**
   * Writes every file's curated and quarantine folder under {@code staging}.
   *
   * @return counts per file name, in the submission's file order
   */
  private Map<String, FileCounts> land(InspectedSubmission sub, Path staging) {
    List<FilePlan> files = sub.files();
    if (files.isEmpty() || !files.get(0).table().isParticipants()) {
      throw new IllegalStateException(
          "participants must be ingested before "
              + (files.isEmpty() ? "anything else" : files.get(0).table().name()));
    }
    for (FilePlan p : files.subList(1, files.size())) {
      if (p.table().isParticipants()) {
        throw new IllegalStateException("participants must be ingested once, not " + p.fileName());
      }
    }
    Path taskRoot = staging.resolve(TASKS);
    String version = spark.version();
    Map<String, FileCounts> counts = new LinkedHashMap<>();

    long tp = System.nanoTime();
    List<FilePlan> first = files.subList(0, 1);
    List<PartSummary> parts = run(first, null, taskRoot, version);
    Landed participants = finish(first.get(0), 0, parts, staging, taskRoot, version);
    counts.put(first.get(0).fileName(), participants.counts());
    ParticipantIndex index = participantIndex(first.get(0).table(), parts, participants);
    timing(first.get(0).fileName() + " (" + participants.counts().read() + " rows)", tp);

    List<FilePlan> rest = files.subList(1, files.size());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<ParticipantIndex> b = jsc.broadcast(index);
    try {
      long tr = System.nanoTime();
      List<PartSummary> restParts = run(rest, b, taskRoot, version);
      long rows = restParts.stream().mapToLong(PartSummary::read).sum();
      timing("other files: parse, validate, write (" + rows + " rows)", tr);
      for (int f = 0; f < rest.size(); f++) {
        long tf = System.nanoTime();
        Landed l = finish(rest.get(f), f, restParts, staging, taskRoot, version);
        counts.put(rest.get(f).fileName(), l.counts());
        timing(rest.get(f).fileName() + " (" + l.counts().read() + " rows): keys, staging", tf);
      }
    } finally {
      b.destroy();
    }
    try {
      Lake.deleteTree(taskRoot);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return counts;
  }

  /** Runs one task per split of {@code plans}, the largest first, and collects their summaries. */
  private List<PartSummary> run(
      List<FilePlan> plans, Broadcast<ParticipantIndex> b, Path taskRoot, String version) {
    List<WorkUnit> units = new ArrayList<>();
    for (int f = 0; f < plans.size(); f++) {
      var splits = plans.get(f).scan().splits();
      for (int s = 0; s < splits.size(); s++) {
        units.add(new WorkUnit(f, s, splits.get(s)));
      }
    }
    if (units.isEmpty()) {
      return List.of();
    }
    units.sort(Comparator.comparingLong(WorkUnit::bytes).reversed());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return jsc.parallelize(units, units.size())
        .mapPartitions(new SplitTask(plans, b, taskRoot, version))
        .collect();
  }

  /** A file's counts once staged, and for participants.csv what its duplicate keys moved. */
  private record Landed(FileCounts counts, DuplicateKeys.Fixed fixed) {}

  /**
   * Stages one file's part files: keeps those the summaries name, checks that rows add up, moves
   * duplicated keys to quarantine and makes sure both folders can be read as Parquet.
   */
  private Landed finish(
      FilePlan plan, int file, List<PartSummary> all, Path staging, Path taskRoot, String version) {
    TableSpec t = plan.table();
    List<PartSummary> parts =
        all.stream()
            .filter(p -> p.file() == file)
            .sorted(Comparator.comparingInt(PartSummary::part))
            .toList();
    if (parts.size() != plan.scan().splits().size()) {
      throw new IllegalStateException(
          plan.fileName()
              + ": "
              + parts.size()
              + " task results for "
              + plan.scan().splits().size()
              + " splits");
    }
    Path cur = staging.resolve("curated").resolve(t.name());
    Path qua = staging.resolve("quarantine").resolve(t.name());
    long read = 0;
    long accepted = 0;
    long quarantined = 0;
    long[] byRule = new long[Rule.values().length];
    Map<String, Long> curatedRows = new TreeMap<>();
    try {
      Files.createDirectories(cur);
      Files.createDirectories(qua);
      for (PartSummary p : parts) {
        if (p.curatedFile() != null) {
          DuplicateKeys.move(SplitTask.curatedDir(taskRoot, t), p.curatedFile(), cur);
          curatedRows.put(p.curatedFile(), p.accepted());
        }
        if (p.quarantineFile() != null) {
          DuplicateKeys.move(SplitTask.quarantineDir(taskRoot, t), p.quarantineFile(), qua);
        }
        read += p.read();
        accepted += p.accepted();
        quarantined += p.quarantined();
        for (int r = 0; r < byRule.length; r++) {
          byRule[r] += p.byRule()[r];
        }
      }
      // What the summaries do not name (failed or duplicate task attempts) goes with the folder.
      Lake.deleteTree(taskRoot.resolve(t.name()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stage " + plan.fileName(), e);
    }
    checkConserved(plan, read, accepted, quarantined);
    DuplicateKeys.Fixed fixed = DuplicateKeys.Fixed.NONE;
    for (int k = 0; k < t.uniqueKeys().size(); k++) {
      int key = k;
      long[] repeated =
          DuplicateKeys.repeated(parts.stream().map(p -> p.keyHashes()[key]).toList());
      if (repeated.length == 0) {
        continue;
      }
      // The part files that hold a repeated hash; files rewritten for an earlier key, whose
      // hashes are not at hand, are read too.
      Map<String, long[]> hashesOf = new HashMap<>();
      parts.stream()
          .filter(p -> p.curatedFile() != null)
          .forEach(p -> hashesOf.put(p.curatedFile(), p.keyHashes()[key]));
      List<String> candidates =
          curatedRows.keySet().stream()
              .filter(
                  f ->
                      !hashesOf.containsKey(f)
                          || DuplicateKeys.intersect(hashesOf.get(f), repeated))
              .toList();
      DuplicateKeys.Fixed f =
          DuplicateKeys.fix(
              JavaSparkContext.fromSparkContext(spark.sparkContext()),
              t,
              plan.fileName(),
              t.uniqueKeys().get(k),
              repeated,
              candidates,
              cur,
              qua,
              taskRoot,
              curatedRows,
              version);
      accepted -= f.moved();
      quarantined += f.moved();
      byRule[Rule.DUPLICATE_KEY.ordinal()] += f.moved();
      fixed = fixed.plus(f);
      try {
        Lake.deleteTree(taskRoot.resolve(t.name()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    long staged = curatedRows.values().stream().mapToLong(Long::longValue).sum();
    if (staged != accepted) {
      throw new IllegalStateException(
          plan.fileName() + ": " + staged + " rows staged in curated, " + accepted + " accepted");
    }
    checkConserved(plan, read, accepted, quarantined);
    if (curatedRows.isEmpty()) {
      new CuratedPartWriter(cur.resolve(LakeParquet.partName("e", 0, 0)), t, version).close();
    }
    if (!containsParquet(qua)) {
      new QuarantinePartWriter(
              qua.resolve(LakeParquet.partName("e", 0, 0)), t, plan.fileName(), version)
          .close();
    }
    Map<String, Long> rules = new TreeMap<>();
    for (Rule r : Rule.values()) {
      if (byRule[r.ordinal()] > 0) {
        rules.put(r.id(), byRule[r.ordinal()]);
      }
    }
    return new Landed(new FileCounts(t.name(), read, accepted, quarantined, rules), fixed);
  }

  private static void checkConserved(FilePlan plan, long read, long accepted, long quarantined) {
    if (read != plan.scan().records() || read != accepted + quarantined) {
      throw new IllegalStateException(
          plan.fileName()
              + ": rows do not add up (scanned "
              + plan.scan().records()
              + ", read "
              + read
              + ", accepted "
              + accepted
              + ", quarantined "
              + quarantined
              + ")");
    }
  }

  private static boolean containsParquet(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.anyMatch(p -> p.getFileName().toString().endsWith(".parquet"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The runners as the other files see them: every accepted row of participants.csv that kept its
   * place in curated, and the id of every refused row (duplicated keys included).
   */
  private static ParticipantIndex participantIndex(
      TableSpec t, List<PartSummary> parts, Landed landed) {
    List<String> dates =
        t.columns().stream()
            .filter(c -> c.type() == ColumnType.DATE)
            .map(ColumnSpec::name)
            .toList();
    ParticipantIndex index = new ParticipantIndex(dates);
    Set<Long> moved = new HashSet<>(landed.fixed().movedLines());
    for (PartSummary p : parts) {
      PartSummary.Runners r = p.participants();
      for (int i = 0; i < r.ids().size(); i++) {
        if (!moved.contains(r.lines().get(i))) {
          index.accept(r.ids().get(i), r.dates().get(i));
        }
      }
      r.refused().forEach(index::refuse);
    }
    landed.fixed().movedFirst().forEach(index::refuse);
    return index;
  }

  private static void deleteQuietly(Lake lake, Path dir, Throwable cause) {
    try {
      lake.removeStaging(dir);
    } catch (IOException | UncheckedIOException e) {
      cause.addSuppressed(e);
    }
  }

  private void timing(String what, long startNanos) {
    if (Settings.TIMING.isOn()) {
      System.err.printf(
          Locale.ROOT, "  [timing] %-52s %7.2f s%n", what, (System.nanoTime() - startNanos) / 1e9);
    }
  }

  private void printSummary(Path submission, SubmissionRecord r, LakeState next, LakeState before) {
    out.printf(
        "%s: submission %s of site %s committed as lake version %d%s%n",
        submission,
        r.id(),
        r.site(),
        next.version(),
        before.current().containsKey(r.site())
            ? " (supersedes " + before.current().get(r.site()) + ")"
            : "");
    if (r.rekeyedFrom() != null) {
      out.printf(
          "  site %s rekeyed: key fingerprint %s replaces %s (--rekey)%n",
          r.site(), r.keyFingerprint(), r.rekeyedFrom());
    }
    out.printf(
        "  %-20s %10s %10s %12s  %s%n", "file", "read", "accepted", "quarantined", "by rule");
    for (Map.Entry<String, FileCounts> e : r.files().entrySet()) {
      FileCounts c = e.getValue();
      out.printf(
          "  %-20s %10d %10d %12d  %s%n",
          e.getKey(),
          c.read(),
          c.accepted(),
          c.quarantined(),
          c.quarantinedByRule().isEmpty() ? "" : c.quarantinedByRule().toString());
    }
    for (Map.Entry<String, SubmissionManifest.Withheld> e : r.withheldAtClinic().entrySet()) {
      SubmissionManifest.Withheld w = e.getValue();
      out.printf(
          "  withheld at the clinic, never sent: %s %d rows%s, %d values%s (export rows %d)%n",
          e.getKey(),
          w.rowCount(),
          w.rows().isEmpty() ? "" : " " + w.rows(),
          w.valueCount(),
          w.values().isEmpty() ? "" : " " + w.values(),
          r.exportRows(e.getKey()));
    }
  }
}
