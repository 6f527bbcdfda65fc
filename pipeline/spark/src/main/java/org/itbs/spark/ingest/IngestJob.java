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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
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
import org.itbs.lake.IcebergLake;
import org.itbs.lake.LakeTables;
import org.itbs.spark.JobPaths;
import org.itbs.spark.WhenBusy;

/**
 * The ingest job: validates every row of anonymised submissions against the data dictionary and
 * lands them in the lake, accepted rows in curated, refused rows in quarantine with file, line,
 * column, value and rule. A submission that cannot be read at all is refused before anything is
 * written. Each submission's part files land in the lake's Iceberg tables' data folders and are
 * committed as one lake version ({@link IcebergLake#commit}: staged snapshots, the version row with
 * the audit record, then published); ingesting the same submission again changes nothing. A run
 * holds its site's lock ({@code LAKE/_locks/<SITE>.json}): ingests of different sites run at once,
 * the catalog serialising their commits.
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
    IcebergLake[] opened = {null};
    try {
      return ingest(
          submission,
          lakeRoot,
          () -> {
            if (opened[0] == null) {
              opened[0] =
                  IcebergLake.openLake(
                      lakeRoot, null, spark.sparkContext().hadoopConfiguration(), true);
            }
            return opened[0];
          },
          rekeySites,
          WhenBusy.FAIL);
    } finally {
      if (opened[0] != null) {
        opened[0].close();
      }
    }
  }

  /**
   * Ingests one submission into the lake whose catalog {@code catalog} opens ({@link
   * IcebergLake#openLake}; asked for once the submission was inspected, so that a submission
   * refused whole leaves no lake behind): the command opens it once for all its submissions.
   *
   * @param whenBusy what to do when another ingest of the submission's site holds the site's lock
   *     ({@code --wait})
   * @throws org.itbs.core.lake.LakeBusyException when another run ingests the same site and {@code
   *     whenBusy} is {@link WhenBusy#FAIL}
   */
  public Outcome ingest(
      Path submission,
      Path lakeRoot,
      Supplier<IcebergLake> catalog,
      Set<String> rekeySites,
      WhenBusy whenBusy) {
    Lake lake = Lake.at(lakeRoot);
    // The run's own lock (taken when first needed): its token names the run's staging folders
    // and staged snapshots, which the clean-ups of other runs spare while it lives. The site's
    // lock comes once the site is known (after inspection).
    LakeLock[] run = {null};
    Supplier<String> token =
        () -> {
          if (run[0] == null) {
            run[0] = lake.lockRun("ingest", IngestJob::notice);
          }
          return run[0].holder().token();
        };
    SubmissionLimits limits = SubmissionLimits.fromSettings();
    // A zip is unpacked into the lake's own staging area, after the leftovers of runs that ended
    // are cleared.
    Supplier<Path> unpackInto =
        () -> {
          String t = token.get();
          lake.removeDeadStaging();
          return lake.newStaging(t);
        };
    try (SubmissionSource src = SubmissionSource.open(submission, unpackInto, limits)) {
      long t0 = System.nanoTime();
      InspectedSubmission sub =
          new SubmissionInspector(
                  dictionary,
                  splitBytes,
                  limits.maxLineBytes(),
                  spark.sparkContext().defaultParallelism())
              .inspect(submission.toString(), src.folder());
      timing("inspect (limits, checksums, UTF-8, headers)", t0);
      String t = token.get();
      try (LakeLock site = whenBusy.lockSite(lake, sub.site(), "ingest", IngestJob::notice)) {
        long to = System.nanoTime();
        IcebergLake opened = catalog.get();
        timing("catalog: open (a new lake: its tables created)", to);
        return ingestHoldingLock(submission, lake, opened, sub, rekeySites, t);
      }
    } finally {
      if (run[0] != null) {
        run[0].close();
      }
      lake.removeStagingIfEmpty();
    }
  }

  private Outcome ingestHoldingLock(
      Path submission,
      Lake lake,
      IcebergLake catalog,
      InspectedSubmission sub,
      Set<String> rekeySites,
      String runToken) {
    long tc0 = System.nanoTime();
    // What runs that ended without committing left: staging folders, staged snapshots, and the
    // data folders of this site that no committed submission names (this run holds the site).
    Set<String> live = lake.liveTokens();
    lake.removeDeadStaging();
    catalog.removeUnpublished(live::contains);
    LakeState before = catalog.state();
    removeOrphans(catalog, sub.site(), before);
    timing("catalog: state, clean-up", tc0);
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
    Path staging = lake.newStaging(runToken);
    SubmissionRecord record;
    IcebergLake.Version committed;
    Map<TableIdentifier, Table> tables = new LinkedHashMap<>();
    for (TableIdentifier id : catalog.tableIds()) {
      tables.put(id, catalog.table(id));
    }
    try {
      Map<TableIdentifier, Path> folders = new LinkedHashMap<>();
      for (Map.Entry<TableIdentifier, Table> e : tables.entrySet()) {
        folders.put(
            e.getKey(),
            JobPaths.fromUri(IcebergLake.dataLocation(e.getValue(), sub.site(), sub.id())));
      }
      Map<String, FileCounts> counts = land(sub, staging, folders);
      long td = System.nanoTime();
      Map<TableIdentifier, List<DataFile>> files = dataFiles(tables, folders, sub);
      timing("data files (footers)", td);
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
      long tc = System.nanoTime();
      committed =
          catalog.commit(new IcebergLake.Submission(sub.id(), sub.site(), runToken, files, record));
      timing("commit (catalog: stage, record, publish)", tc);
    } catch (Throwable e) {
      // Throwable: Spark throws its SparkException, a checked exception, from Scala code.
      deleteQuietly(lake, staging, e);
      removeDataQuietly(catalog, sub, tables, e);
      throw e;
    }
    try {
      lake.removeStaging(staging);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the staging folder " + staging, e);
    }
    printSummary(submission, record.withLakeVersion(committed.version()), before);
    return Outcome.COMMITTED;
  }

  /**
   * Removes the data folders of {@code site} ({@code <table>/data/site=<SITE>/<submission>/}) that
   * no committed submission names: what an ingest killed before its commit left. The caller holds
   * the site's lock, so no live run writes there.
   */
  private static void removeOrphans(IcebergLake catalog, String site, LakeState state) {
    Set<String> known = new HashSet<>();
    state.submissions().forEach(r -> known.add(r.id()));
    for (TableIdentifier id : catalog.tableIds()) {
      Path siteFolder =
          JobPaths.fromUri(IcebergLake.dataLocation(catalog.table(id), site, "x")).getParent();
      if (!Files.isDirectory(siteFolder)) {
        continue;
      }
      try (Stream<Path> w = Files.list(siteFolder)) {
        for (Path p : w.toList()) {
          if (!known.contains(p.getFileName().toString())) {
            Lake.deleteTree(p);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot clear " + siteFolder, e);
      }
    }
  }

  /**
   * After a failed run: removes the submission's data folders, unless the catalog recorded the
   * submission after all (a failure after its version row: the files are the lake's now).
   */
  private static void removeDataQuietly(
      IcebergLake catalog,
      InspectedSubmission sub,
      Map<TableIdentifier, Table> tables,
      Throwable cause) {
    try {
      if (catalog.state().submission(sub.id()).isPresent()) {
        return;
      }
      for (Table t : tables.values()) {
        Lake.deleteTree(JobPaths.fromUri(IcebergLake.dataLocation(t, sub.site(), sub.id())));
      }
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /**
   * The data files of every table, in file-name order, from their footers, read a few at a time:
   * the driver has nothing else to do meanwhile.
   */
  private static Map<TableIdentifier, List<DataFile>> dataFiles(
      Map<TableIdentifier, Table> tables,
      Map<TableIdentifier, Path> folders,
      InspectedSubmission sub) {
    record Part(TableIdentifier table, String location) {}
    List<Part> parts = new ArrayList<>();
    for (Map.Entry<TableIdentifier, Table> e : tables.entrySet()) {
      String loc = IcebergLake.dataLocation(e.getValue(), sub.site(), sub.id());
      for (String name : parquetNames(folders.get(e.getKey()))) {
        parts.add(new Part(e.getKey(), loc + "/" + name));
      }
    }
    List<DataFile> read = new ArrayList<>();
    if (!parts.isEmpty()) {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      int threads = Math.min(parts.size(), Math.max(2, Runtime.getRuntime().availableProcessors()));
      ExecutorService pool =
          Executors.newFixedThreadPool(
              threads,
              r -> {
                Thread t = new Thread(r, "itbs-footers");
                t.setDaemon(true);
                t.setContextClassLoader(loader); // a spark-submit driver's jobs jar
                return t;
              });
      try {
        List<Future<DataFile>> futures = new ArrayList<>();
        for (Part p : parts) {
          futures.add(
              pool.submit(
                  () -> IcebergLake.dataFile(tables.get(p.table()), sub.site(), p.location())));
        }
        for (Future<DataFile> f : futures) {
          read.add(f.get());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reading the part files' footers", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        if (e.getCause() instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException(e.getCause());
      } finally {
        pool.shutdownNow();
      }
    }
    Map<TableIdentifier, List<DataFile>> files = new LinkedHashMap<>();
    tables.keySet().forEach(id -> files.put(id, new ArrayList<>()));
    for (int i = 0; i < parts.size(); i++) {
      files.get(parts.get(i).table()).add(read.get(i));
    }
    return files;
  }

  /** The Parquet files of a data folder, by name; none when the folder does not exist. */
  private static List<String> parquetNames(Path folder) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".parquet") && !n.startsWith(".") && !n.startsWith("_"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
  }

  private static void notice(String message) {
    System.err.println("itbs ingest: " + message);
  }

  /**
   * Writes every file's curated and quarantine part files into the tables' data folders of the
   * submission ({@code folders}), the tasks' work in {@code staging}.
   *
   * @return counts per file name, in the submission's file order
   */
  private Map<String, FileCounts> land(
      InspectedSubmission sub, Path staging, Map<TableIdentifier, Path> folders) {
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
    String site = sub.site();
    List<PartSummary> parts = run(first, null, site, taskRoot, version);
    Landed participants = finish(first.get(0), 0, parts, folders, site, taskRoot, version);
    counts.put(first.get(0).fileName(), participants.counts());
    ParticipantIndex index = participantIndex(first.get(0).table(), parts, participants);
    timing(first.get(0).fileName() + " (" + participants.counts().read() + " rows)", tp);

    List<FilePlan> rest = files.subList(1, files.size());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<ParticipantIndex> b = jsc.broadcast(index);
    try {
      long tr = System.nanoTime();
      List<PartSummary> restParts = run(rest, b, site, taskRoot, version);
      long rows = restParts.stream().mapToLong(PartSummary::read).sum();
      timing("other files: parse, validate, write (" + rows + " rows)", tr);
      for (int f = 0; f < rest.size(); f++) {
        long tf = System.nanoTime();
        Landed l = finish(rest.get(f), f, restParts, folders, site, taskRoot, version);
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

  /**
   * Runs one task per split of {@code plans}, the largest first, and collects their summaries; the
   * part files hold {@code site} on every row.
   */
  private List<PartSummary> run(
      List<FilePlan> plans,
      Broadcast<ParticipantIndex> b,
      String site,
      Path taskRoot,
      String version) {
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
        .mapPartitions(new SplitTask(plans, b, site, taskRoot, version))
        .collect();
  }

  /** A file's counts once staged, and for participants.csv what its duplicate keys moved. */
  private record Landed(FileCounts counts, DuplicateKeys.Fixed fixed) {}

  /**
   * Stages one file's part files: keeps those the summaries name, checks that rows add up, moves
   * duplicated keys to quarantine and makes sure both folders can be read as Parquet.
   */
  private Landed finish(
      FilePlan plan,
      int file,
      List<PartSummary> all,
      Map<TableIdentifier, Path> folders,
      String site,
      Path taskRoot,
      String version) {
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
    Path cur = folders.get(LakeTables.curatedId(t));
    Path qua = folders.get(LakeTables.quarantineId(t));
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
              site,
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

  private void printSummary(Path submission, SubmissionRecord r, LakeState before) {
    out.printf(
        "%s: submission %s of site %s committed as lake version %d%s%n",
        submission,
        r.id(),
        r.site(),
        r.lakeVersion(),
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
