package org.itbs.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IdentityPartitionConverters;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.mapping.NameMapping;
import org.apache.iceberg.mapping.NameMappingParser;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.TypeUtil;
import org.itbs.core.lake.Lake;

/**
 * Erasure of one runner of one site from the lake (issue 17; GDPR Art. 17, a runner who withdraws
 * consent), copy-on-write:
 *
 * <ol>
 *   <li>find every data file, in every snapshot of every table of the catalog (superseded versions
 *       and unpublished snapshots too), in the site's partition, that holds a row of the runner:
 *       {@code participant_id} equal to the pseudonym in curated and analysis ({@code
 *       analysis.runners}, {@code analysis.recurrence_intervals}) tables; in quarantine tables,
 *       which keep values as written, {@code participant_id} or any finding's {@code value} that
 *       contains it; and every Parquet file of the plain analysis folders a lake made before the
 *       analysis tables may still have ({@code LAKE/analysis/v*}, {@link AnalysisFiles}) with a row
 *       of the site and the runner. None at all: the pseudonym is not one of the site's, and
 *       nothing changes;
 *   <li>rewrite each such file of the current snapshots without those rows (Iceberg's generic
 *       Parquet writer, the table's schema, field ids, compression and metrics settings, into the
 *       table's data folder {@code site=S/erase-<n>/}) and commit the rewrites as one lake version,
 *       submission {@code erase-<n>} ({@link IcebergLake#commitRewrite}); the analysis tables'
 *       rewrites are committed to each table on its own ({@link IcebergLake#commitAnalysisRewrite}:
 *       they belong to no lake version); rewrite the old analysis folders' files in place (same
 *       schema and footer metadata);
 *   <li>expire every snapshot that still names a file of the runner, deleting the files only they
 *       named (twice: the second pass finds what the first left, if anything), then sweep orphans:
 *       every file under a table's folder that its metadata no longer names (data files, manifests,
 *       manifest lists, metadata files outside the metadata log);
 *   <li>mark the versions whose snapshots were expired (reading one then fails with one line,
 *       {@link ErasedVersionException}; an analysis version whose snapshots were expired fails the
 *       same way, {@link IcebergLake.ErasedAnalysisException}, and is derived again by {@code itbs
 *       features}) and write the audit row ({@code itbs_erasures}: when, why, which site, rows
 *       removed per table; never the pseudonym), then compact the catalog database (SQLite: {@code
 *       VACUUM} and an emptied write-ahead log).
 * </ol>
 *
 * <p>The caller holds the lake's write lock for the whole erasure: the orphan sweep would take a
 * file another run has written and not committed yet for an orphan (it spares files newer than the
 * erasure's start, but a run that started earlier is only safe behind the lock).
 */
public final class LakeErasure {
  private static final String PARTICIPANT = "participant_id";

  private final IcebergLake lake;
  private final URI root;
  private final Configuration conf;

  /**
   * An erasure on a lake.
   *
   * @param root the lake's root (its analysis folders are under it)
   * @param conf the Hadoop configuration of the lake's file system
   */
  public LakeErasure(IcebergLake lake, URI root, Configuration conf) {
    this.lake = lake;
    this.root = root;
    this.conf = conf;
  }

  /**
   * What an erasure did; it names no pseudonym.
   *
   * @param rowsRemoved rows removed from the current files, per table ({@code
   *     curated.participants}, {@code analysis/runners}); the superseded files that held the runner
   *     were removed whole
   * @param filesRewritten files of the current snapshots and analysis folders written anew
   * @param filesRemoved files that held the runner and are gone (rewritten and superseded ones)
   * @param snapshotsExpired Iceberg snapshots expired because they named such a file
   * @param orphansDeleted files under the tables' folders no metadata named any more
   * @param version the lake version the rewrite made; empty when no current file held the runner
   * @param erasedVersions the lake versions that can no longer be read as they were
   */
  public record Result(
      String erasureId,
      Instant erasedAt,
      String site,
      Map<String, Long> rowsRemoved,
      Map<String, Long> supersededRows,
      int filesRewritten,
      int filesRemoved,
      int snapshotsExpired,
      int orphansDeleted,
      Optional<IcebergLake.Version> version,
      List<Long> erasedVersions) {}

  /** One table's files of the site that hold the runner. */
  private record Found(
      TableIdentifier id,
      Schema fileSchema,
      Predicate<Record> holds,
      Map<String, DataFile> current,
      Map<String, Long> rowsIn,
      Map<Long, Set<String>> bySnapshot) {
    Set<String> tainted() {
      return rowsIn.keySet();
    }
  }

  /**
   * Erases the runner {@code participant} of {@code site}.
   *
   * @param reason why (consent withdrawn, ...), for the audit; must not hold the pseudonym
   * @param run the token of the caller's lake lock ({@link IcebergLake#SUMMARY_RUN})
   * @throws IllegalArgumentException when no file of the lake holds the runner at that site
   *     (nothing is changed), or the reason holds the pseudonym
   */
  public Result erase(String site, String participant, String reason, String run) {
    if (participant == null || participant.isBlank()) {
      throw new IllegalArgumentException("--participant is empty");
    }
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("--reason is empty: say why the runner is erased");
    }
    if (reason.contains(participant)) {
      throw new IllegalArgumentException(
          "--reason holds the pseudonym; the audit records an erasure without it");
    }
    Instant start = Instant.now();
    // 1. Find.
    List<Found> found = new ArrayList<>();
    for (TableIdentifier id : lake.catalogTables()) {
      find(id, site, participant).ifPresent(found::add);
    }
    AnalysisFiles analysis = new AnalysisFiles(conf, analysisRoot(), site, participant);
    Map<String, Long> analysisRows = analysis.scan();
    if (found.isEmpty() && analysisRows.isEmpty()) {
      throw new IllegalArgumentException(
          "site "
              + site
              + " has no row of that participant in any table or version of the lake"
              + " (check the pseudonym and the site); nothing was changed");
    }
    String erasureId = lake.nextErasureId();
    // 2. Rewrite the current files.
    Map<String, Long> rows = new TreeMap<>();
    Map<String, Long> superseded = new TreeMap<>();
    Map<TableIdentifier, IcebergLake.Rewrite> rewrites = new LinkedHashMap<>();
    int rewritten = 0;
    for (Found f : found) {
      Table t = lake.table(f.id());
      List<DataFile> removed = new ArrayList<>();
      List<DataFile> added = new ArrayList<>();
      long gone = 0;
      int part = 0;
      for (DataFile old : f.current().values()) {
        if (!f.tainted().contains(old.location())) {
          continue;
        }
        removed.add(old);
        List<Record> kept = new ArrayList<>();
        try (CloseableIterable<Record> in = rows(t, f.fileSchema(), old.location())) {
          for (Record r : in) {
            if (f.holds().test(r)) {
              gone++;
            } else {
              kept.add(r);
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        if (!kept.isEmpty()) {
          added.add(write(t, f.fileSchema(), old, site, erasureId, part++, kept));
          rewritten++;
        }
      }
      if (!removed.isEmpty()) {
        rewrites.put(f.id(), new IcebergLake.Rewrite(removed, added));
        rows.put(LakeTables.name(f.id()), gone);
      }
      long old =
          f.rowsIn().entrySet().stream()
              .filter(e -> !f.current().containsKey(e.getKey()))
              .mapToLong(Map.Entry::getValue)
              .sum();
      if (old > 0) {
        superseded.put(LakeTables.name(f.id()), old);
      }
    }
    // The analysis tables are no lake version's: their rewrite is committed to each on its own
    // (the analysis versions that named the old files become unreadable once those are expired).
    Map<TableIdentifier, IcebergLake.Rewrite> lakeRewrites = new LinkedHashMap<>();
    for (Map.Entry<TableIdentifier, IcebergLake.Rewrite> e : rewrites.entrySet()) {
      if (e.getKey().namespace().equals(LakeTables.ANALYSIS)) {
        lake.commitAnalysisRewrite(e.getKey(), erasureId, site, run, e.getValue());
      } else {
        lakeRewrites.put(e.getKey(), e.getValue());
      }
    }
    Optional<IcebergLake.Version> version =
        lakeRewrites.isEmpty()
            ? Optional.empty()
            : Optional.of(lake.commitRewrite(erasureId, site, run, lakeRewrites));
    AnalysisFiles.Rewritten a = analysis.rewrite();
    a.rows().forEach((k, v) -> rows.merge(k, v, Long::sum));
    rewritten += a.files();
    // 3. Expire every snapshot that names a file of the runner, remove those files, sweep.
    int expired = 0;
    int removedFiles = 0;
    for (Found f : found) {
      for (int pass = 0; pass < 2; pass++) {
        expired += expire(lake.table(f.id()), f, site);
      }
      Table t = lake.table(f.id());
      for (String p : f.tainted()) {
        if (exists(p)) {
          t.io().deleteFile(p);
        }
        removedFiles++;
      }
    }
    int orphans = 0;
    for (TableIdentifier id : lake.catalogTables()) {
      orphans += sweep(lake.table(id), start);
    }
    // 4. Mark the versions that lost a snapshot, audit, compact the catalog.
    List<Long> erased = unreadableVersions();
    Instant at = Instant.now();
    lake.recordErasure(
        new IcebergLake.Erasure(
            erasureId,
            at,
            site,
            reason,
            json(Map.of("latest", rows, "superseded", superseded)),
            version.map(IcebergLake.Version::version).orElse(null),
            rewritten,
            expired),
        erased);
    lake.compactCatalog();
    return new Result(
        erasureId,
        at,
        site,
        rows,
        superseded,
        rewritten,
        removedFiles + a.files(),
        expired,
        orphans,
        version,
        erased);
  }

  private String analysisRoot() {
    String r = root.toString();
    return (r.endsWith("/") ? r : r + "/") + Lake.ANALYSIS;
  }

  // ---------------------------------------------------------------- find

  /** The table's files of the site, in every snapshot, and those that hold the runner. */
  private Optional<Found> find(TableIdentifier id, String site, String participant) {
    Table t = lake.table(id);
    Schema schema = t.schema();
    if (schema.findField(PARTICIPANT) == null) {
      return Optional.empty();
    }
    boolean bySite = partitionedBySite(t);
    if (!bySite && schema.findField(LakeTables.SITE) == null) {
      return Optional.empty(); // a table without sites is no site's to erase from
    }
    Schema fileSchema = fileSchema(t);
    Predicate<Record> holds = holds(id, fileSchema, bySite, site, participant);
    Map<Long, Set<String>> bySnapshot = new HashMap<>();
    Map<String, DataFile> all = new HashMap<>();
    for (Snapshot sn : t.snapshots()) {
      Set<String> paths = new HashSet<>();
      for (DataFile f : files(t, sn.snapshotId(), bySite, site)) {
        paths.add(f.location());
        all.putIfAbsent(f.location(), f);
      }
      bySnapshot.put(sn.snapshotId(), paths);
    }
    Map<String, DataFile> current = new LinkedHashMap<>();
    if (t.currentSnapshot() != null) {
      for (DataFile f : files(t, t.currentSnapshot().snapshotId(), bySite, site)) {
        current.put(f.location(), f);
      }
    }
    Map<String, Long> rowsIn = new HashMap<>();
    for (String p : all.keySet()) {
      long n = 0;
      try (CloseableIterable<Record> in = rows(t, fileSchema, p)) {
        for (Record r : in) {
          if (holds.test(r)) {
            n++;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (n > 0) {
        rowsIn.put(p, n);
      }
    }
    return rowsIn.isEmpty()
        ? Optional.empty()
        : Optional.of(new Found(id, fileSchema, holds, current, rowsIn, bySnapshot));
  }

  private static boolean partitionedBySite(Table t) {
    for (PartitionField pf : t.spec().fields()) {
      if (pf.transform().isIdentity()
          && LakeTables.SITE.equals(t.schema().findColumnName(pf.sourceId()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The columns read from a table's data files: all but the identity partition's. The lake's part
   * writers store {@value LakeTables#SITE} too, but files of a lake migrated from the layout before
   * Iceberg do not; reading without it works for both, and {@link #write} puts it back.
   */
  private static Schema fileSchema(Table t) {
    Set<Integer> partitionSources = new HashSet<>();
    for (PartitionField pf : t.spec().fields()) {
      if (pf.transform().isIdentity()) {
        partitionSources.add(pf.sourceId());
      }
    }
    return TypeUtil.selectNot(t.schema(), partitionSources);
  }

  /**
   * Whether a row (of {@code fileSchema}) is the runner's: its {@code participant_id} is the
   * pseudonym. Quarantine rows are kept as written, so there any text of the row (participant_id,
   * any other column, a finding's value or message) that contains the pseudonym counts: with
   * whitespace or quotes around it, or typed into another column, it is still the runner's.
   */
  private static Predicate<Record> holds(
      TableIdentifier id, Schema fileSchema, boolean bySite, String site, String participant) {
    boolean quarantine = id.namespace().equals(LakeTables.QUARANTINE);
    boolean siteColumn = !bySite && fileSchema.findField(LakeTables.SITE) != null;
    return r -> {
      if (siteColumn && !site.equals(String.valueOf(r.getField(LakeTables.SITE)))) {
        return false;
      }
      if (quarantine) {
        return anyTextContains(r, participant);
      }
      Object p = r.getField(PARTICIPANT);
      return p != null && participant.equals(p.toString());
    };
  }

  /** Whether any string in a record, its lists and nested records included, contains {@code s}. */
  private static boolean anyTextContains(Object v, String s) {
    if (v instanceof CharSequence c) {
      return c.toString().contains(s);
    }
    if (v instanceof Record r) {
      for (int i = 0; i < r.size(); i++) {
        if (anyTextContains(r.get(i, Object.class), s)) {
          return true;
        }
      }
      return false;
    }
    if (v instanceof java.util.Collection<?> list) {
      for (Object o : list) {
        if (anyTextContains(o, s)) {
          return true;
        }
      }
    }
    return false;
  }

  private static List<DataFile> files(Table t, long snapshot, boolean bySite, String site) {
    List<DataFile> out = new ArrayList<>();
    TableScan scan = t.newScan().useSnapshot(snapshot);
    if (bySite) {
      scan = scan.filter(Expressions.equal(LakeTables.SITE, site));
    }
    try (CloseableIterable<FileScanTask> tasks = scan.planFiles()) {
      for (FileScanTask task : tasks) {
        if (!task.deletes().isEmpty()) {
          throw new IllegalStateException(
              "table " + t.name() + " has delete files; the lake is copy-on-write only");
        }
        out.add(task.file());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** A data file's rows, by field id (by name for files without ids, the table's name mapping). */
  private static CloseableIterable<Record> rows(Table t, Schema fileSchema, String location) {
    Parquet.ReadBuilder b =
        Parquet.read(t.io().newInputFile(location))
            .project(fileSchema)
            .createReaderFunc(fs -> GenericParquetReaders.buildReader(fileSchema, fs));
    String mapping = t.properties().get(TableProperties.DEFAULT_NAME_MAPPING);
    if (mapping != null) {
      NameMapping m = NameMappingParser.fromJson(mapping);
      b = b.withNameMapping(m);
    }
    return b.build();
  }

  // ---------------------------------------------------------------- rewrite

  /**
   * Writes the kept rows of {@code old} as a new data file of the same partition, with every column
   * of the table: those of an identity partition ({@value LakeTables#SITE}) from the partition's
   * value, on every row, as the lake's part writers store them.
   */
  private static DataFile write(
      Table t,
      Schema fileSchema,
      DataFile old,
      String site,
      String erasureId,
      int part,
      List<Record> kept) {
    String location =
        IcebergLake.dataLocation(t, site, erasureId)
            + String.format(
                java.util.Locale.ROOT, "/part-%05d-%s.parquet", part, UUID.randomUUID());
    Schema full = t.schema();
    PartitionSpec spec = t.specs().get(old.specId());
    Map<Integer, Object> constants = new HashMap<>();
    for (int i = 0; i < spec.fields().size(); i++) {
      PartitionField pf = spec.fields().get(i);
      if (pf.transform().isIdentity()) {
        constants.put(
            pf.sourceId(),
            IdentityPartitionConverters.convertConstant(
                full.findType(pf.sourceId()), old.partition().get(i, Object.class)));
      }
    }
    List<Record> rows = new ArrayList<>(kept.size());
    for (Record r : kept) {
      Record row = GenericRecord.create(full);
      for (org.apache.iceberg.types.Types.NestedField c : full.columns()) {
        row.setField(
            c.name(),
            constants.containsKey(c.fieldId())
                ? constants.get(c.fieldId())
                : fileSchema.findField(c.fieldId()) == null ? null : r.getField(c.name()));
      }
      rows.add(row);
    }
    return IcebergLake.writeDataFile(t, spec, old.partition(), location, rows);
  }

  // ---------------------------------------------------------------- expire, sweep

  /** Expires the snapshots of {@code t} that name a file of the runner; returns how many. */
  private static int expire(Table t, Found f, String site) {
    Snapshot current = t.currentSnapshot();
    List<Long> ids = new ArrayList<>();
    boolean bySite = partitionedBySite(t);
    for (Snapshot sn : t.snapshots()) {
      Set<String> paths = f.bySnapshot().get(sn.snapshotId());
      if (paths == null) { // a snapshot made since the search (the rewrite's)
        paths = new HashSet<>();
        for (DataFile d : files(t, sn.snapshotId(), bySite, site)) {
          paths.add(d.location());
        }
      }
      if (paths.stream().anyMatch(f.tainted()::contains)) {
        if (current != null && current.snapshotId() == sn.snapshotId()) {
          throw new IllegalStateException(
              "table " + f.id() + ": its current snapshot still names a file of the runner");
        }
        ids.add(sn.snapshotId());
      }
    }
    if (ids.isEmpty()) {
      return 0;
    }
    org.apache.iceberg.ExpireSnapshots x = t.expireSnapshots();
    ids.forEach(x::expireSnapshotId);
    x.cleanExpiredFiles(true).commit();
    return ids.size();
  }

  private boolean exists(String location) {
    try {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(location);
      return p.getFileSystem(conf).exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Deletes every file under the table's folder that its metadata does not name (data files,
   * manifests, manifest lists, metadata files outside the metadata log) and that was last written
   * no later than {@code start}; returns how many.
   */
  private int sweep(Table t, Instant start) {
    TableMetadata md = ((HasTableOperations) t).operations().current();
    Set<String> named = new HashSet<>();
    named.add(pathOf(md.metadataFileLocation()));
    md.previousFiles().forEach(e -> named.add(pathOf(e.file())));
    for (StatisticsFile s : md.statisticsFiles()) {
      named.add(pathOf(s.path()));
    }
    md.partitionStatisticsFiles().forEach(s -> named.add(pathOf(s.path())));
    for (Snapshot sn : md.snapshots()) {
      if (sn.manifestListLocation() != null) {
        named.add(pathOf(sn.manifestListLocation()));
      }
      for (ManifestFile m : sn.allManifests(t.io())) {
        named.add(pathOf(m.path()));
        try (CloseableIterable<String> ps = ManifestFiles.readPaths(m, t.io(), t.specs())) {
          ps.forEach(p -> named.add(pathOf(p)));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    int deleted = 0;
    try {
      org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(t.location());
      FileSystem fs = dir.getFileSystem(conf);
      if (!fs.exists(dir)) {
        return 0;
      }
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
      List<org.apache.hadoop.fs.Path> gone = new ArrayList<>();
      while (it.hasNext()) {
        LocatedFileStatus st = it.next();
        if (!named.contains(st.getPath().toUri().getPath())
            && st.getModificationTime() <= start.toEpochMilli()) {
          gone.add(st.getPath());
        }
      }
      for (org.apache.hadoop.fs.Path p : gone) {
        if (fs.delete(p, false)) {
          deleted++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot sweep the files of table " + t.name(), e);
    }
    return deleted;
  }

  private static String pathOf(String location) {
    return new org.apache.hadoop.fs.Path(location).toUri().getPath();
  }

  /**
   * The versions that name a snapshot no longer in its table (this erasure's expiry, or an earlier
   * one stopped before it marked them) and are not marked yet.
   */
  private List<Long> unreadableVersions() {
    Map<Long, String> marked = lake.erasedVersions();
    Map<String, Table> tables = new HashMap<>();
    List<Long> out = new ArrayList<>();
    for (IcebergLake.Version v : lake.versions()) {
      if (marked.containsKey(v.version())) {
        continue;
      }
      for (Map.Entry<String, Long> e : v.snapshots().entrySet()) {
        Table t = tables.computeIfAbsent(e.getKey(), n -> lake.table(TableIdentifier.parse(n)));
        if (t.snapshot(e.getValue()) == null) {
          out.add(v.version());
          break;
        }
      }
    }
    return out;
  }

  private static String json(Map<String, Map<String, Long>> rows) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper()
          .writeValueAsString(new TreeMap<>(rows));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
