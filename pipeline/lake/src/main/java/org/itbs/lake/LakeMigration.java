package org.itbs.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.mapping.NameMapping;
import org.apache.iceberg.mapping.NameMappingParser;
import org.apache.iceberg.parquet.ParquetSchemaUtil;
import org.apache.iceberg.parquet.ParquetUtil;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.SnapshotUtil;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.itbs.core.dictionary.Dictionary;
import org.itbs.core.dictionary.TableSpec;
import org.itbs.core.lake.FileCounts;
import org.itbs.core.lake.Lake;
import org.itbs.core.lake.LakeLock;
import org.itbs.core.lake.LakeState;
import org.itbs.core.lake.SubmissionRecord;

/**
 * {@code itbs lake migrate} (issue 17): turns a lake of the layout before Iceberg ({@code
 * _lake.json}, {@code curated/<table>/site=S/submission=ID/*.parquet}, {@code quarantine/...},
 * owned by {@link Lake}) into the Iceberg tables of {@link IcebergLake}, without re-ingesting: the
 * existing Parquet files are registered where they are (Iceberg allows data files outside a table's
 * location).
 *
 * <p>Every submission of the old state, in ingest order, is committed with {@link
 * IcebergLake#commit} as it was then (its site's partition of every table replaced by its folders,
 * its audit record from {@code _lake.json}), so that version k of the new lake is version k of the
 * old one, superseded submissions included (the old lake kept their folders). A part file with no
 * row (the placeholders today's ingest writes for an empty table) is not registered. Each file is
 * checked before it is registered: its columns must have the types of the table's Iceberg schema
 * (by field id, or by name for files without ids, through the tables' name mapping), and the rows
 * of every table of a submission must be those its audit record counts. At the end the new lake's
 * {@link IcebergLake#state()} must equal the old {@link LakeState}; then {@code _lake.json} is
 * renamed {@value #MIGRATED_SUFFIX}, so an itbs of before cannot write the lake again.
 *
 * <p>The run holds the old lake's lock ({@link LakeLock}), so an old ingest or features cannot
 * write it meanwhile. A migration that was stopped midway (killed) is resumed: the versions its
 * catalog records already must be the first versions of the old state (same submission, same site),
 * and migration goes on after them; staged snapshots that no version names are dropped without
 * deleting their files (they are the old lake's files). A catalog that holds anything else is
 * refused.
 */
public final class LakeMigration {
  /** What {@code _lake.json} is renamed to once migrated: {@code _lake.json.migrated}. */
  public static final String MIGRATED_SUFFIX = ".migrated";

  /** What a migration did. */
  public record Result(
      Outcome outcome,
      long resumedAfter,
      long versions,
      long files,
      long emptyFilesSkipped,
      Map<String, Long> rowsPerTable) {}

  /** How a migration ended. */
  public enum Outcome {
    /** Versions were migrated and {@code _lake.json} renamed. */
    MIGRATED,
    /** The lake was migrated before ({@code _lake.json.migrated}, no {@code _lake.json}). */
    ALREADY_MIGRATED,
    /** The folder holds no {@code _lake.json}: no lake of the old layout. */
    NOTHING_TO_MIGRATE
  }

  /** A lake that cannot be migrated as it is; the message is one line saying why and what to do. */
  public static final class MigrationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MigrationException(String message) {
      super(message);
    }
  }

  private final Path root;
  private final Configuration conf;
  private final Consumer<String> notices;
  private final Dictionary dictionary = Dictionary.submission();

  /**
   * A migration of the lake at {@code root}.
   *
   * @param conf the Hadoop configuration of the lake's file system
   * @param notices where to say what is done (a taken-over lock, a resumed migration), line by line
   */
  public LakeMigration(Path root, Configuration conf, Consumer<String> notices) {
    this.root = root.toAbsolutePath().normalize();
    this.conf = conf;
    this.notices = notices;
  }

  /** The name {@code _lake.json} gets once migrated. */
  public static Path migratedStateFile(Lake lake) {
    return lake.stateFile().resolveSibling(Lake.STATE_FILE + MIGRATED_SUFFIX);
  }

  /**
   * Migrates the whole lake.
   *
   * @throws MigrationException when the lake cannot be migrated (a file of another type, rows that
   *     are not the audit's, a catalog with other versions); nothing of the old lake is changed
   * @throws org.itbs.core.lake.LakeBusyException when another run holds the lake's lock
   */
  public Result migrate() {
    return migrate(Long.MAX_VALUE);
  }

  /**
   * Migrates the old versions up to {@code lastVersion} only, and renames {@code _lake.json} only
   * when that is all of them: what a migration killed after that version leaves (for tests).
   */
  Result migrate(long lastVersion) {
    Lake old = Lake.at(root);
    if (!Files.exists(old.stateFile())) {
      return Files.exists(migratedStateFile(old))
          ? empty(Outcome.ALREADY_MIGRATED)
          : empty(Outcome.NOTHING_TO_MIGRATE);
    }
    try (LakeLock lock = old.lock("migrate", notices)) {
      if (!Files.exists(old.stateFile())) { // migrated by another run while this one waited
        return empty(Outcome.ALREADY_MIGRATED);
      }
      LakeState state = old.state();
      checkHistory(state);
      try (IcebergLake lake = IcebergLake.open(root, null, conf)) {
        return migrate(old, state, lake, lock.holder().token(), lastVersion);
      }
    }
  }

  private static Result empty(Outcome o) {
    return new Result(o, 0, 0, 0, 0, Map.of());
  }

  /** Version k of the old state must be its k-th submission (as every old ingest committed). */
  private void checkHistory(LakeState state) {
    List<SubmissionRecord> subs = state.submissions();
    for (int i = 0; i < subs.size(); i++) {
      if (subs.get(i).lakeVersion() != i + 1) {
        throw new MigrationException(
            "lake "
                + root
                + ": submission "
                + subs.get(i).id()
                + " is number "
                + (i + 1)
                + " in "
                + Lake.STATE_FILE
                + " but records lake version "
                + subs.get(i).lakeVersion()
                + "; its history cannot be kept version by version, nothing migrated");
      }
    }
    if (state.version() != subs.size()) {
      throw new MigrationException(
          "lake "
              + root
              + ": "
              + Lake.STATE_FILE
              + " is at version "
              + state.version()
              + " but lists "
              + subs.size()
              + " submissions; nothing migrated");
    }
  }

  private Result migrate(
      Lake old, LakeState state, IcebergLake lake, String run, long lastVersion) {
    List<SubmissionRecord> subs = state.submissions();
    List<IcebergLake.Version> done = lake.versions();
    if (done.size() > subs.size()) {
      throw notThisHistory(done.get(subs.size()), null);
    }
    for (IcebergLake.Version v : done) {
      SubmissionRecord r = subs.get((int) v.version() - 1);
      if (!v.submissionId().equals(r.id()) || !v.site().equals(r.site())) {
        throw notThisHistory(v, r);
      }
    }
    dropUnnamedSnapshots(lake);
    long resumedAfter = done.size();
    if (resumedAfter > 0) {
      notices.accept(
          "resuming an earlier migration: versions 1 to "
              + resumedAfter
              + " are in the catalog already");
    }
    Map<String, Long> rows = new TreeMap<>();
    long files = 0;
    long skipped = 0;
    long migrated = 0;
    for (SubmissionRecord r : subs) {
      if (r.lakeVersion() <= resumedAfter) {
        continue;
      }
      if (r.lakeVersion() > lastVersion) {
        break;
      }
      Registered reg;
      try {
        reg = register(old, lake, r);
      } catch (MigrationException e) {
        throw new MigrationException(
            e.getMessage()
                + (r.lakeVersion() == 1
                    ? "; nothing migrated"
                    : "; versions 1 to "
                        + (r.lakeVersion() - 1)
                        + " are migrated, the rest not: run again once fixed, it goes on from"
                        + " version "
                        + r.lakeVersion()));
      }
      IcebergLake.Version v =
          lake.commit(new IcebergLake.Submission(r.id(), r.site(), run, reg.files(), r));
      if (v.version() != r.lakeVersion()) {
        throw new IllegalStateException(
            "submission "
                + r.id()
                + " became lake version "
                + v.version()
                + " instead of "
                + r.lakeVersion()
                + ": another run wrote the catalog during the migration");
      }
      files += reg.files().values().stream().mapToLong(List::size).sum();
      skipped += reg.emptySkipped();
      reg.rows().forEach((t, n) -> rows.merge(t, n, Long::sum));
      migrated++;
    }
    if (lake.versions().size() < subs.size()) {
      return new Result(Outcome.MIGRATED, resumedAfter, migrated, files, skipped, rows);
    }
    LakeState now = lake.state();
    if (!now.equals(state)) {
      throw new IllegalStateException(
          "lake "
              + root
              + ": the migrated state differs from "
              + Lake.STATE_FILE
              + " (version "
              + now.version()
              + " against "
              + state.version()
              + ", sites "
              + now.current()
              + " against "
              + state.current()
              + "); "
              + Lake.STATE_FILE
              + " kept");
    }
    try {
      Files.move(old.stateFile(), migratedStateFile(old), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot rename " + old.stateFile() + " to " + migratedStateFile(old), e);
    }
    return new Result(Outcome.MIGRATED, resumedAfter, migrated, files, skipped, rows);
  }

  private MigrationException notThisHistory(IcebergLake.Version v, SubmissionRecord r) {
    return new MigrationException(
        "lake "
            + root
            + ": its catalog "
            + IcebergLake.CATALOG_FILE
            + " has version "
            + v.version()
            + " (submission "
            + v.submissionId()
            + " of site "
            + v.site()
            + ") where "
            + Lake.STATE_FILE
            + (r == null
                ? " has no such version"
                : " has submission " + r.id() + " of site " + r.site())
            + "; it is not an earlier migration of this lake, nothing migrated");
  }

  /**
   * Drops the staged snapshots that no version names (a migration killed between staging and
   * recording a version), keeping their files: those are the old lake's Parquet files, which the
   * next attempt registers again.
   */
  private static void dropUnnamedSnapshots(IcebergLake lake) {
    Set<Long> named = new java.util.HashSet<>();
    lake.versions().forEach(v -> named.addAll(v.snapshots().values()));
    for (TableIdentifier id : lake.tableIds()) {
      Table t = lake.table(id);
      List<Long> gone = new ArrayList<>();
      for (Snapshot s : t.snapshots()) {
        Snapshot cur = t.currentSnapshot();
        boolean published =
            cur != null && SnapshotUtil.isAncestorOf(t, cur.snapshotId(), s.snapshotId());
        if (!named.contains(s.snapshotId()) && !published) {
          gone.add(s.snapshotId());
        }
      }
      if (!gone.isEmpty()) {
        org.apache.iceberg.ExpireSnapshots x = t.expireSnapshots();
        gone.forEach(x::expireSnapshotId);
        x.cleanExpiredFiles(false).commit();
      }
    }
  }

  /** A submission's files per table, the rows they hold per table name, placeholders skipped. */
  private record Registered(
      Map<TableIdentifier, List<DataFile>> files, Map<String, Long> rows, long emptySkipped) {}

  private Registered register(Lake old, IcebergLake lake, SubmissionRecord r) {
    Map<TableIdentifier, List<DataFile>> files = new LinkedHashMap<>();
    Map<String, Long> rows = new TreeMap<>();
    long skipped = 0;
    for (TableSpec t : dictionary.tables()) {
      long accepted = 0;
      long quarantined = 0;
      for (FileCounts c : r.files().values()) {
        if (c.table().equals(t.name())) {
          accepted += c.accepted();
          quarantined += c.quarantined();
        }
      }
      for (boolean curated : new boolean[] {true, false}) {
        TableIdentifier id = curated ? LakeTables.curatedId(t) : LakeTables.quarantineId(t);
        Path folder =
            curated
                ? old.curated(t.name(), r.site(), r.id())
                : old.quarantine(t.name(), r.site(), r.id());
        Table table = lake.table(id);
        List<DataFile> fs = new ArrayList<>();
        long n = 0;
        for (Path p : partFiles(folder)) {
          DataFile d = dataFile(table, id, r.site(), p);
          if (d.recordCount() == 0) {
            skipped++;
          } else {
            fs.add(d);
            n += d.recordCount();
          }
        }
        long expected = curated ? accepted : quarantined;
        if (n != expected) {
          throw new MigrationException(
              folder
                  + ": "
                  + n
                  + " rows in its Parquet files, but the audit record of submission "
                  + r.id()
                  + " counts "
                  + expected
                  + (curated ? " accepted" : " quarantined")
                  + " rows of table "
                  + t.name()
                  + "; the lake's files are not those it committed");
        }
        files.put(id, fs);
        if (n > 0) {
          rows.merge(LakeTables.name(id), n, Long::sum);
        }
      }
    }
    return new Registered(files, rows, skipped);
  }

  /** The Parquet part files of a submission's folder, by name; none when it has no folder. */
  private static List<Path> partFiles(Path folder) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(
              p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".parquet")
                    && !n.startsWith(".")
                    && !n.startsWith("_")
                    && Files.isRegularFile(p);
              })
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
  }

  /**
   * The data file of an old part file, with the metrics the table allows, after checking that its
   * columns have the table's types. A file without field ids is read through the table's name
   * mapping, as Iceberg's readers will read it.
   */
  private DataFile dataFile(Table table, TableIdentifier id, String site, Path file) {
    String location = file.toUri().toString();
    ParquetMetadata footer;
    long length;
    try {
      HadoopInputFile in =
          HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), conf);
      length = in.getLength();
      try (ParquetFileReader r = ParquetFileReader.open(in)) {
        footer = r.getFooter();
      }
    } catch (IOException | RuntimeException e) {
      throw new MigrationException(file + ": not a readable Parquet file (" + e.getMessage() + ")");
    }
    NameMapping mapping =
        NameMappingParser.fromJson(table.properties().get(TableProperties.DEFAULT_NAME_MAPPING));
    MessageType type = footer.getFileMetaData().getSchema();
    checkTypes(file, id, table.schema(), type, mapping);
    Metrics m =
        ParquetUtil.footerMetrics(footer, Stream.empty(), MetricsConfig.forTable(table), mapping);
    return DataFiles.builder(table.spec())
        .withPath(location)
        .withFormat(FileFormat.PARQUET)
        .withFileSizeInBytes(length)
        .withMetrics(m)
        .withPartitionPath(LakeTables.SITE + "=" + site)
        .build();
  }

  /**
   * Refuses a file whose columns are not the table's: a column the table does not have, a required
   * column missing, or a type that is neither the table's nor one Iceberg promotes to it.
   */
  static void checkTypes(
      Path file, TableIdentifier id, Schema table, MessageType type, NameMapping mapping) {
    MessageType withIds =
        ParquetSchemaUtil.hasIds(type) ? type : ParquetSchemaUtil.applyNameMapping(type, mapping);
    for (org.apache.parquet.schema.Type f : withIds.getFields()) {
      if (f.getId() == null || table.findField(f.getId().intValue()) == null) {
        throw new MigrationException(
            file + ": column " + f.getName() + " is not a column of table " + LakeTables.name(id));
      }
    }
    Schema fileSchema = ParquetSchemaUtil.convertAndPrune(withIds);
    for (Types.NestedField want : table.columns()) {
      if (want.name().equals(LakeTables.SITE)) {
        continue; // from the partition, never in the files
      }
      Types.NestedField got = fileSchema.findField(want.fieldId());
      if (got == null) {
        if (want.isRequired()) {
          throw new MigrationException(
              file
                  + ": required column "
                  + want.name()
                  + " of table "
                  + LakeTables.name(id)
                  + " is missing");
        }
        continue;
      }
      check(file, id, want.name(), got.type(), want.type());
    }
  }

  private static void check(Path file, TableIdentifier id, String column, Type got, Type want) {
    if (want.isPrimitiveType() && got.isPrimitiveType()) {
      if (got.equals(want) || TypeUtil.isPromotionAllowed(got, want.asPrimitiveType())) {
        return;
      }
    } else if (want.isListType() && got.isListType()) {
      check(
          file,
          id,
          column + ".element",
          got.asListType().elementType(),
          want.asListType().elementType());
      return;
    } else if (want.isStructType() && got.isStructType()) {
      for (Types.NestedField w : want.asStructType().fields()) {
        Types.NestedField g = got.asStructType().field(w.fieldId());
        if (g == null) {
          if (w.isRequired()) {
            throw new MigrationException(
                file
                    + ": required field "
                    + column
                    + "."
                    + w.name()
                    + " of table "
                    + LakeTables.name(id)
                    + " is missing");
          }
        } else {
          check(file, id, column + "." + w.name(), g.type(), w.type());
        }
      }
      return;
    }
    throw new MigrationException(
        file
            + ": column "
            + column
            + " is "
            + got
            + " but table "
            + LakeTables.name(id)
            + " has "
            + want);
  }
}
