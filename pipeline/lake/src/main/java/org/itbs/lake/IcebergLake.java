package org.itbs.lake;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.hadoop.HadoopFileIO;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.mapping.MappingUtil;
import org.apache.iceberg.mapping.NameMappingParser;
import org.apache.iceberg.parquet.ParquetUtil;
import org.apache.iceberg.util.SnapshotUtil;
import org.itbs.core.dictionary.Dictionary;
import org.itbs.core.dictionary.TableSpec;
import org.itbs.core.lake.LakeState;
import org.itbs.core.lake.SubmissionRecord;

/**
 * The lake as Iceberg tables (issue 17): the one owner of the lake's catalog. A JDBC catalog,
 * embedded SQLite at {@code LAKE/catalog.db} by default or PostgreSQL by URL, holds the tables
 * {@code curated.<table>} and {@code quarantine.<table>} (v2, partitioned by site, schemas from
 * {@link LakeTables}), whose files live under {@code LAKE/warehouse/} on any Hadoop file system;
 * and, in two tables of its own in the same database, the lake's versions. The features job's
 * outputs, {@code analysis.runners} and {@code analysis.recurrence_intervals}, are tables of the
 * same catalog, committed per lake version by {@link #commitAnalysis} and recorded in {@code
 * itbs_analysis_versions}.
 *
 * <p><b>Lake versions.</b> Iceberg commits one table at a time, and a submission touches every
 * table. A submission is committed write–audit–publish ({@link #commit}):
 *
 * <ol>
 *   <li>publish what the latest version names and is not published yet (a run killed after its
 *       version row), then check that every table's current snapshot is the one the latest version
 *       names;
 *   <li>stage one snapshot per table ({@code stageOnly()}: in the table's metadata, not current):
 *       an overwrite of the site's partition by the submission's files, so a first submission of a
 *       site adds it and a later one supersedes it, with the submission id, site and run in the
 *       snapshot summary (none for a table where neither the submission nor the site's current
 *       content has a row);
 *   <li>record the version row last, in one database transaction: version N+1, submission, site,
 *       time, and the snapshot id of every table (the staged ones, the latest version's for the
 *       rest). Another run that recorded N+1 first makes the insert fail: the staged snapshots are
 *       dropped (their files kept) and the run starts again from 1;
 *   <li>publish: make each staged snapshot current (a fast-forward: its parent is the current one).
 * </ol>
 *
 * <p>Readers resolve a version to its snapshot ids ({@link #version}) and read every table at its
 * snapshot ({@link #read}, {@link #files}), so they never see half a submission, whether or not the
 * version was published yet. A run killed before its version row leaves staged snapshots that no
 * version names; {@link #removeUnpublished} drops them and their files.
 */
public final class IcebergLake implements Closeable {
  /** The catalog database of a lake on the local disk, under its root. */
  public static final String CATALOG_FILE = "catalog.db";

  /** The folder of the tables' files, under the lake's root. */
  public static final String WAREHOUSE = "warehouse";

  /** Snapshot summary keys. */
  public static final String SUMMARY_SUBMISSION = "itbs.submission";

  /** Snapshot summary key of the site. */
  public static final String SUMMARY_SITE = "itbs.site";

  /** Snapshot summary key of the run (its lock's token) that staged the snapshot. */
  public static final String SUMMARY_RUN = "itbs.run";

  /** Snapshot summary key of the attempt that staged the snapshot (to find it again). */
  public static final String SUMMARY_STAGE = "itbs.stage";

  private static final String VERSIONS = "itbs_lake_versions";
  private static final String VERSION_SNAPSHOTS = "itbs_lake_version_snapshots";
  private static final String SUBMISSIONS = "itbs_submissions";
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
  private static final int ATTEMPTS = 50;

  private final JdbcCatalog catalog;
  private final String catalogUrl;
  private final String warehouse;
  private final Dictionary dictionary;
  private final Properties jdbc = new Properties();
  private final java.util.concurrent.ExecutorService pool =
      java.util.concurrent.Executors.newFixedThreadPool(
          4,
          r -> {
            Thread t = new Thread(r, "itbs-lake-commit");
            t.setDaemon(true);
            return t;
          });

  private IcebergLake(
      JdbcCatalog catalog, String catalogUrl, String warehouse, Dictionary dictionary) {
    this.catalog = catalog;
    this.catalogUrl = catalogUrl;
    this.warehouse = warehouse;
    this.dictionary = dictionary;
  }

  /**
   * Opens the catalog of the lake at {@code root}, creating it, its version tables and the lake's
   * tables when missing.
   *
   * @param root the lake's root, on the local disk or a Hadoop file system ({@code
   *     org.itbs.spark.fs})
   * @param catalogUrl {@code jdbc:postgresql://...} or {@code jdbc:sqlite:...}; {@code null} for
   *     {@code LAKE/catalog.db}, which needs a lake on the local disk (SQLite locks a local file)
   * @param conf the Hadoop configuration of the warehouse's file system
   * @throws IllegalArgumentException when no catalog URL is given for a lake that is not local
   */
  public static IcebergLake open(Path root, String catalogUrl, Configuration conf) {
    Path r = root.toAbsolutePath().normalize();
    String url;
    if (catalogUrl != null) {
      url = catalogUrl;
    } else if (!"file".equals(r.toUri().getScheme())) {
      throw new IllegalArgumentException(
          "lake "
              + r.toUri()
              + " is not on the local disk: give its catalog with --catalog"
              + " jdbc:postgresql://HOST/DB or ITBS_CATALOG (an embedded SQLite catalog needs a"
              + " local file)");
    } else {
      try {
        Files.createDirectories(r);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create lake " + r, e);
      }
      url = "jdbc:sqlite:" + r.resolve(CATALOG_FILE);
    }
    String wh = stripSlash(r.toUri().toString()) + "/" + WAREHOUSE;
    Map<String, String> props = new HashMap<>();
    props.put(CatalogProperties.URI, url);
    props.put(CatalogProperties.WAREHOUSE_LOCATION, wh);
    props.put(CatalogProperties.FILE_IO_IMPL, HadoopFileIO.class.getName());
    boolean sqlite = url.startsWith("jdbc:sqlite:");
    if (sqlite) {
      // SQLite: wait for the database lock rather than fail at once when another run writes.
      props.put("jdbc.busy_timeout", "30000");
      props.put("jdbc.journal_mode", "WAL");
    }
    // The catalog database's current schema (with views), so that other Iceberg clients share it.
    props.put("jdbc.schema-version", "V1");
    // Runs opening a new catalog at once race to create its tables; on PostgreSQL the loser of a
    // CREATE TABLE IF NOT EXISTS fails on a unique index of the system catalog: it looks again.
    for (int attempt = 1; ; attempt++) {
      JdbcCatalog c = new JdbcCatalog();
      IcebergLake lake = null;
      try {
        c.setConf(conf);
        c.initialize("itbs", props);
        lake = new IcebergLake(c, url, wh, Dictionary.submission());
        if (sqlite) {
          lake.jdbc.setProperty("busy_timeout", "30000");
        }
        lake.createVersionTables();
        lake.createErasureTables();
        lake.createAnalysisVersionTable();
        lake.createTables();
        if (catalogUrl == null) {
          // The embedded catalog travels with the folder: a copy of the folder must not reach
          // the original's files. (A catalog given by URL is named deliberately: a local copy of
          // a remote lake's analysis/ is read with the lake's own catalog.)
          lake.checkWhereTheTablesAre(r);
        }
        return lake;
      } catch (RuntimeException e) {
        if (lake != null) {
          lake.close();
        } else {
          closeQuietly(c);
        }
        if (e instanceof MovedLakeException) {
          throw e;
        }
        if (attempt >= CREATE_ATTEMPTS || !createRace(e)) {
          String why = rootMessage(e);
          if (why.startsWith("No suitable driver")) {
            why =
                "no JDBC driver for it on the class path (the application and itbs-jobs.jar carry"
                    + " PostgreSQL's and SQLite's; another driver must be added to the class"
                    + " path)";
          }
          throw new IllegalStateException(
              "cannot open the lake's catalog " + redacted(url) + ": " + redacted(why), e);
        }
        try {
          Thread.sleep(50L * attempt);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while opening the lake's catalog", ie);
        }
      }
    }
  }

  private static final int CREATE_ATTEMPTS = 5;

  /** SQL states of an object that exists already: column, schema, table, object. */
  private static final java.util.Set<String> DUPLICATE =
      java.util.Set.of("42701", "42P06", "42P07", "42710");

  /**
   * Whether a failure to open is another run creating the same table at the same time: an SQL state
   * of class 23 (integrity: a unique index), a duplicate column, schema, table or object (Iceberg's
   * catalog adds a column to its table when it finds an old one) or class 40 (transaction
   * rollback).
   */
  private static boolean createRace(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException q && q.getSQLState() != null) {
        String st = q.getSQLState();
        if (st.startsWith("23") || st.startsWith("40") || DUPLICATE.contains(st)) {
          return true;
        }
      }
    }
    return false;
  }

  private static void closeQuietly(JdbcCatalog c) {
    try {
      c.close();
    } catch (RuntimeException e) {
      // it never opened
    }
  }

  /**
   * A catalog URL as it may be printed: the value of its {@code password} parameter replaced by
   * {@code ***} ({@code jdbc:postgresql://HOST:PORT/DB?user=U&password=P} takes the credentials as
   * parameters).
   */
  public static String redacted(String url) {
    return url == null ? null : url.replaceAll("(?i)([?&;]password=)[^&;]*", "$1***");
  }

  /** The message of an exception's innermost cause, on one line. */
  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return m.replaceAll("\\s*\\R\\s*", " ").strip();
  }

  /** A catalog whose tables are not under the lake's own warehouse: a lake copied or moved. */
  public static final class MovedLakeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    MovedLakeException(String message) {
      super(message);
    }
  }

  /**
   * Refuses a catalog whose tables live outside this lake's warehouse. Iceberg records absolute
   * locations, so the catalog of a lake folder that was copied or moved still names the files of
   * where it was made: reading the copy would read the original, and writing it (an ingest, an
   * erasure) would change the original. A lake is used where it was made.
   */
  private void checkWhereTheTablesAre(Path root) {
    List<TableIdentifier> ids = new ArrayList<>(tableIds());
    ids.addAll(analysisTableIds());
    for (TableIdentifier id : ids) {
      String loc = stripSlash(table(id).location());
      if (!under(loc, warehouse)) {
        throw new MovedLakeException(
            "lake "
                + root.toUri()
                + ": its catalog's table "
                + id
                + " is at "
                + loc
                + ", not under "
                + warehouse
                + " (Iceberg records absolute paths: the lake was copied or moved from there);"
                + " use the lake where it was made, or copy it with its original path");
      }
    }
  }

  /**
   * Whether location {@code loc} is under {@code dir} ({@code file:/x} and {@code file:///x}
   * alike).
   */
  static boolean under(String loc, String dir) {
    java.net.URI l = java.net.URI.create(loc).normalize();
    java.net.URI d = java.net.URI.create(dir).normalize();
    String la = l.getAuthority() == null ? "" : l.getAuthority();
    String da = d.getAuthority() == null ? "" : d.getAuthority();
    String dp = d.getPath().endsWith("/") ? d.getPath() : d.getPath() + "/";
    return java.util.Objects.equals(l.getScheme(), d.getScheme())
        && la.equals(da)
        && l.getPath() != null
        && l.getPath().startsWith(dp);
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /** The catalog's JDBC URL. */
  public String catalogUrl() {
    return catalogUrl;
  }

  /** The warehouse location: {@code <lake URI>/warehouse}. */
  public String warehouse() {
    return warehouse;
  }

  /** The curated and quarantine tables of every dictionary table, in dictionary order. */
  public List<TableIdentifier> tableIds() {
    List<TableIdentifier> out = new ArrayList<>();
    for (TableSpec t : dictionary.tables()) {
      out.add(LakeTables.curatedId(t));
    }
    for (TableSpec t : dictionary.tables()) {
      out.add(LakeTables.quarantineId(t));
    }
    return out;
  }

  /** A table of the lake. */
  public Table table(TableIdentifier id) {
    return catalog.loadTable(id);
  }

  private void createTables() {
    for (Namespace ns : List.of(LakeTables.CURATED, LakeTables.QUARANTINE, LakeTables.ANALYSIS)) {
      if (!catalog.namespaceExists(ns)) {
        try {
          catalog.createNamespace(ns);
        } catch (RuntimeException e) {
          // Another run created it meanwhile (AlreadyExistsException, or on SQLite the primary
          // key of its properties row).
          if (!catalog.namespaceExists(ns)) {
            throw e;
          }
        }
      }
    }
    for (TableSpec t : dictionary.tables()) {
      create(LakeTables.curatedId(t), LakeTables.curated(t), curatedProperties());
      create(LakeTables.quarantineId(t), LakeTables.quarantine(t), quarantineProperties());
    }
    // The features job's outputs (step 6): created with the others on a new lake, and on the
    // first open of a lake made before them. Metrics as curated: none for the pseudonym.
    for (org.itbs.core.dictionary.AnalysisDictionary t : LakeTables.analysisTables()) {
      create(LakeTables.analysisId(t), LakeTables.analysis(t), curatedProperties());
    }
  }

  /**
   * Curated tables: column statistics truncated as Iceberg's default, none for the pseudonym (an
   * erased runner's id must not stay in a manifest's lower or upper bounds).
   */
  private static Map<String, String> curatedProperties() {
    Map<String, String> p = commonProperties();
    p.put(TableProperties.METRICS_MODE_COLUMN_CONF_PREFIX + "participant_id", "none");
    return p;
  }

  /**
   * Quarantine tables: no column statistics at all; they hold values as written, which include
   * pseudonyms and whatever a clinic typed, and no bound of them belongs in a manifest.
   */
  private static Map<String, String> quarantineProperties() {
    Map<String, String> p = commonProperties();
    p.put(TableProperties.DEFAULT_WRITE_METRICS_MODE, "none");
    return p;
  }

  private static Map<String, String> commonProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(TableProperties.FORMAT_VERSION, "2");
    p.put(TableProperties.DEFAULT_FILE_FORMAT, "parquet");
    p.put(TableProperties.PARQUET_COMPRESSION, "snappy");
    // Copy-on-write only: a reader refuses a table with delete files (issue 17).
    p.put(TableProperties.DELETE_MODE, "copy-on-write");
    p.put(TableProperties.UPDATE_MODE, "copy-on-write");
    p.put(TableProperties.MERGE_MODE, "copy-on-write");
    p.put(TableProperties.COMMIT_NUM_RETRIES, "20");
    // Every version stays readable (--as-of) until erasure expires snapshots on purpose: an
    // expiry of chosen snapshots must not also expire old ones by age (Iceberg's default: 5 days).
    p.put(TableProperties.MAX_SNAPSHOT_AGE_MS, Long.toString(Long.MAX_VALUE));
    p.put(TableProperties.MIN_SNAPSHOTS_TO_KEEP, Integer.toString(Integer.MAX_VALUE));
    p.putAll(metadataProperties());
    return p;
  }

  private void create(TableIdentifier id, Schema schema, Map<String, String> props) {
    if (catalog.tableExists(id)) {
      return;
    }
    Map<String, String> p = new LinkedHashMap<>(props);
    // Files written without field ids (today's lake, migrated) are read by column name.
    p.put(
        TableProperties.DEFAULT_NAME_MAPPING, NameMappingParser.toJson(MappingUtil.create(schema)));
    try {
      Table t =
          catalog
              .buildTable(id, schema)
              .withPartitionSpec(LakeTables.partitioning(schema))
              .withProperties(p)
              .create();
      if (!t.schema().sameSchema(schema) || !t.schema().asStruct().equals(schema.asStruct())) {
        throw new IllegalStateException(
            "table " + id + " was created with other field ids than " + LakeTables.class);
      }
    } catch (AlreadyExistsException e) {
      // another run created it meanwhile
    } catch (RuntimeException e) {
      if (!catalog.tableExists(id)) {
        throw e;
      }
    }
  }

  // ---------------------------------------------------------------- data files

  /**
   * The data file of a Parquet part file written for {@code table} ({@code
   * org.itbs.spark.parquet.CuratedPartWriter}, {@code
   * org.itbs.spark.parquet.QuarantinePartWriter}), with its row count and the column statistics the
   * table's metrics settings allow.
   *
   * @param location the file's location, under {@link #dataLocation}
   */
  public static DataFile dataFile(Table table, String site, String location) {
    InputFile in = table.io().newInputFile(location);
    Metrics m = ParquetUtil.fileMetrics(in, MetricsConfig.forTable(table));
    return DataFiles.builder(table.spec())
        .withPath(location)
        .withFormat(FileFormat.PARQUET)
        .withFileSizeInBytes(in.getLength())
        .withMetrics(m)
        .withPartitionPath(LakeTables.SITE + "=" + site)
        .build();
  }

  /**
   * The folder a submission's part files of a table are written to: {@code
   * <table>/data/site=<SITE>/<submission>/}.
   */
  public static String dataLocation(Table table, String site, String submissionId) {
    return stripSlash(table.location())
        + "/data/"
        + LakeTables.SITE
        + "="
        + site
        + "/"
        + submissionId;
  }

  // ---------------------------------------------------------------- versions

  /**
   * A lake version: which submission made it and the snapshot of every table that had one.
   *
   * @param snapshots table name ({@link LakeTables#name}) to snapshot id
   */
  public record Version(
      long version, String submissionId, String site, Instant time, Map<String, Long> snapshots) {
    /** The snapshot of a table in this version, if the table had any. */
    public Optional<Long> snapshot(TableIdentifier id) {
      return Optional.ofNullable(snapshots.get(LakeTables.name(id)));
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(catalogUrl, jdbc);
  }

  private void createVersionTables() {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + VERSIONS
              + " (version BIGINT NOT NULL PRIMARY KEY, submission_id VARCHAR(255) NOT NULL,"
              + " site VARCHAR(255) NOT NULL, committed_at VARCHAR(40) NOT NULL)");
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + VERSION_SNAPSHOTS
              + " (version BIGINT NOT NULL, table_name VARCHAR(255) NOT NULL,"
              + " snapshot_id BIGINT NOT NULL, PRIMARY KEY (version, table_name))");
      // The audit record of every submission (SubmissionRecord as JSON), written in the same
      // transaction as the version it made: the lake's submission history and the site's key
      // binding are read from here.
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + SUBMISSIONS
              + " (submission_id VARCHAR(255) NOT NULL PRIMARY KEY, site VARCHAR(255) NOT NULL,"
              + " version BIGINT NOT NULL, record TEXT NOT NULL)");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot create the lake's version tables in "
              + redacted(catalogUrl)
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** The latest version, or empty when nothing was committed. */
  public Optional<Version> latest() {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT MAX(version) FROM " + VERSIONS)) {
      r.next();
      long v = r.getLong(1);
      return r.wasNull() ? Optional.empty() : Optional.of(version(c, v));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the lake's versions: " + e.getMessage(), e);
    }
  }

  /**
   * A version.
   *
   * @throws IllegalArgumentException when the lake has no such version
   * @throws ErasedVersionException when an erasure rewrote the version ({@link LakeErasure})
   */
  public Version version(long v) {
    try (Connection c = connect()) {
      refuseErased(c, v);
      return version(c, v);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read lake version " + v + ": " + e.getMessage(), e);
    }
  }

  private static Version version(Connection c, long v) throws SQLException {
    String sub;
    String site;
    Instant time;
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT submission_id, site, committed_at FROM " + VERSIONS + " WHERE version = ?")) {
      p.setLong(1, v);
      try (ResultSet r = p.executeQuery()) {
        if (!r.next()) {
          throw new IllegalArgumentException("the lake has no version " + v);
        }
        sub = r.getString(1);
        site = r.getString(2);
        time = Instant.parse(r.getString(3));
      }
    }
    Map<String, Long> snaps = new TreeMap<>();
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT table_name, snapshot_id FROM " + VERSION_SNAPSHOTS + " WHERE version = ?")) {
      p.setLong(1, v);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          snaps.put(r.getString(1), r.getLong(2));
        }
      }
    }
    return new Version(v, sub, site, time, Map.copyOf(snaps));
  }

  /**
   * Every version, oldest first. One query (a lake of hundreds of versions read them one by one in
   * two queries each: 601 queries for 300).
   */
  public List<Version> versions() {
    Map<Long, Version> byVersion = new LinkedHashMap<>();
    Map<Long, Map<String, Long>> snaps = new HashMap<>();
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT v.version, v.submission_id, v.site, v.committed_at, s.table_name,"
                    + " s.snapshot_id FROM "
                    + VERSIONS
                    + " v LEFT JOIN "
                    + VERSION_SNAPSHOTS
                    + " s ON s.version = v.version ORDER BY v.version")) {
      while (r.next()) {
        long v = r.getLong(1);
        if (!byVersion.containsKey(v)) {
          byVersion.put(
              v,
              new Version(v, r.getString(2), r.getString(3), Instant.parse(r.getString(4)), null));
          snaps.put(v, new TreeMap<>());
        }
        String table = r.getString(5);
        if (table != null) {
          snaps.get(v).put(table, r.getLong(6));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the lake's versions: " + e.getMessage(), e);
    }
    List<Version> out = new ArrayList<>();
    for (Version v : byVersion.values()) {
      out.add(
          new Version(
              v.version(),
              v.submissionId(),
              v.site(),
              v.time(),
              Map.copyOf(snaps.get(v.version()))));
    }
    return out;
  }

  /**
   * Records version {@code next.version()}.
   *
   * @return false when another run recorded that version first
   */
  private boolean record(Version next, SubmissionRecord audit) {
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement v =
              c.prepareStatement("INSERT INTO " + VERSIONS + " VALUES (?, ?, ?, ?)");
          PreparedStatement s =
              c.prepareStatement("INSERT INTO " + VERSION_SNAPSHOTS + " VALUES (?, ?, ?)")) {
        v.setLong(1, next.version());
        v.setString(2, next.submissionId());
        v.setString(3, next.site());
        v.setString(4, next.time().toString());
        v.executeUpdate();
        for (Map.Entry<String, Long> e : next.snapshots().entrySet()) {
          s.setLong(1, next.version());
          s.setString(2, e.getKey());
          s.setLong(3, e.getValue());
          s.addBatch();
        }
        s.executeBatch();
        if (audit != null) {
          try (PreparedStatement a =
              c.prepareStatement("INSERT INTO " + SUBMISSIONS + " VALUES (?, ?, ?, ?)")) {
            a.setString(1, audit.id());
            a.setString(2, audit.site());
            a.setLong(3, next.version());
            a.setString(4, JSON.writeValueAsString(audit.withLakeVersion(next.version())));
            a.executeUpdate();
          } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the audit record of " + audit.id(), e);
          }
        }
        c.commit();
        return true;
      } catch (SQLException e) {
        c.rollback();
        if (versionTaken(c, next.version())) {
          return false;
        }
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot record lake version " + next.version() + ": " + e.getMessage(), e);
    }
  }

  private static boolean versionTaken(Connection c, long v) throws SQLException {
    c.setAutoCommit(true);
    try (PreparedStatement p =
        c.prepareStatement("SELECT COUNT(*) FROM " + VERSIONS + " WHERE version = ?")) {
      p.setLong(1, v);
      try (ResultSet r = p.executeQuery()) {
        r.next();
        return r.getLong(1) > 0;
      }
    }
  }

  // ---------------------------------------------------------------- commit

  /**
   * One submission's files, per table: the new content of the site's partition of each table
   * (empty: the site has no rows there any more).
   */
  public record Submission(
      String submissionId,
      String site,
      String run,
      Map<TableIdentifier, List<DataFile>> files,
      SubmissionRecord record) {
    /** A commit that is no clinic's submission (no audit record): an erasure, a migration step. */
    public Submission(
        String submissionId, String site, String run, Map<TableIdentifier, List<DataFile>> files) {
      this(submissionId, site, run, files, null);
    }
  }

  /** Staged snapshots of a submission, per table name, on top of {@code base}. */
  public record Staged(
      Submission submission, Optional<Version> base, Map<String, Long> snapshots) {}

  /**
   * Commits a submission as the next lake version (write–audit–publish, see the class comment).
   * Runs committing other sites at the same time all land; a run that committed the same site
   * meanwhile is superseded by this one, as when run one after the other.
   *
   * @return the version recorded
   * @throws IllegalStateException when the tables are not at the snapshots the latest version names
   *     (written outside the lake's commit), or another run kept winning {@value #ATTEMPTS} times
   */
  public Version commit(Submission s) {
    return stageRecordPublish(
        "submission " + s.submissionId() + " of site " + s.site(), () -> stage(s));
  }

  /**
   * The commit protocol's loop, for {@link #commit} and {@link #commitRewrite}: stages (steps 1 and
   * 2), records the version row (3) and publishes (4); when another run recorded that version
   * first, drops the staged snapshots and starts again on the new state.
   *
   * @param what the commit, for the message when other runs keep winning
   * @param stage steps 1 and 2; throws {@link Conflict} when another run committed meanwhile
   */
  private Version stageRecordPublish(String what, java.util.function.Supplier<Staged> stage) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Staged st;
      try {
        st = stage.get();
      } catch (Conflict e) {
        continue;
      }
      Optional<Version> v = recordVersion(st);
      if (v.isPresent()) {
        publish(v.get());
        return v.get();
      }
      drop(st);
    }
    throw new IllegalStateException(
        what
            + ": other runs kept committing to the lake first ("
            + ATTEMPTS
            + " attempts); run again");
  }

  /**
   * Step 1 and 2: publishes the latest version if need be, checks the tables against it, and stages
   * one snapshot per table of the submission. A run that stops here (killed) leaves staged
   * snapshots that no version names ({@link #removeUnpublished}).
   */
  public Staged stage(Submission s) {
    Based b = based(s.files().keySet());
    Optional<Version> base = b.base();
    Map<TableIdentifier, Table> tables = b.tables();
    // A table the submission has no rows in, where the site had none either, needs no snapshot:
    // the version carries the previous one over.
    List<TableIdentifier> touched = new ArrayList<>();
    for (TableIdentifier id : s.files().keySet()) {
      if (!s.files().get(id).isEmpty() || hasSite(tables.get(id), s.site())) {
        touched.add(id);
      }
    }
    String nonce = java.util.UUID.randomUUID().toString();
    Map<String, Long> staged = new java.util.concurrent.ConcurrentSkipListMap<>();
    Map<TableIdentifier, Table> loaded = tables;
    inParallel(
        touched,
        id -> {
          Table t = loaded.get(id);
          OverwriteFiles o =
              t.newOverwrite().overwriteByRowFilter(Expressions.equal(LakeTables.SITE, s.site()));
          s.files().get(id).forEach(o::addFile);
          o.set(SUMMARY_SUBMISSION, s.submissionId())
              .set(SUMMARY_SITE, s.site())
              .set(SUMMARY_RUN, s.run())
              .set(SUMMARY_STAGE, nonce)
              .stageOnly()
              .commit();
          t.refresh();
          staged.put(LakeTables.name(id), stagedSnapshot(t, id, nonce).snapshotId());
        });
    return new Staged(s, base, new TreeMap<>(staged));
  }

  /** The tables, loaded in parallel. */
  private Map<TableIdentifier, Table> load(List<TableIdentifier> ids) {
    Map<TableIdentifier, Table> out = new java.util.concurrent.ConcurrentHashMap<>();
    inParallel(ids, id -> out.put(id, table(id)));
    return out;
  }

  /** Whether every snapshot the version names is published in {@code tables}. */
  private static boolean published(Version v, Map<TableIdentifier, Table> tables) {
    for (Map.Entry<TableIdentifier, Table> e : tables.entrySet()) {
      Optional<Long> snap = v.snapshot(e.getKey());
      if (snap.isPresent() && !isPublished(e.getValue(), snap.get())) {
        return false;
      }
    }
    return true;
  }

  /** Whether the table's current snapshot has a file of the site. */
  private static boolean hasSite(Table t, String site) {
    if (t.currentSnapshot() == null) {
      return false;
    }
    try (CloseableIterable<FileScanTask> f =
        t.newScan().filter(Expressions.equal(LakeTables.SITE, site)).planFiles()) {
      return f.iterator().hasNext();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Snapshot stagedSnapshot(Table t, TableIdentifier id, String nonce) {
    for (Snapshot sn : t.snapshots()) {
      if (nonce.equals(sn.summary().get(SUMMARY_STAGE))) {
        return sn;
      }
    }
    throw new IllegalStateException("table " + id + ": the snapshot just staged is missing");
  }

  /**
   * Runs {@code work} for every table on the lake's small pool (the tables' commits are
   * independent); the first failure is thrown once all are done.
   */
  private void inParallel(
      java.util.Collection<TableIdentifier> ids,
      java.util.function.Consumer<TableIdentifier> work) {
    List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
    for (TableIdentifier id : ids) {
      fs.add(pool.submit(() -> work.accept(id)));
    }
    RuntimeException first = null;
    for (java.util.concurrent.Future<?> f : fs) {
      try {
        f.get();
      } catch (java.util.concurrent.ExecutionException e) {
        if (first == null) {
          first =
              e.getCause() instanceof RuntimeException r
                  ? r
                  : new IllegalStateException(e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while committing to the lake", e);
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private static boolean isPublished(Table t, long snapshotId) {
    Snapshot cur = t.currentSnapshot();
    return cur != null && SnapshotUtil.isAncestorOf(t, cur.snapshotId(), snapshotId);
  }

  /** Step 3: records the version row; empty when another run recorded that version first. */
  public Optional<Version> recordVersion(Staged st) {
    Map<String, Long> snaps = new TreeMap<>(st.base().map(Version::snapshots).orElse(Map.of()));
    snaps.putAll(st.snapshots());
    Version next =
        new Version(
            st.base().map(Version::version).orElse(0L) + 1,
            st.submission().submissionId(),
            st.submission().site(),
            Instant.now(),
            Map.copyOf(snaps));
    return record(next, st.submission().record()) ? Optional.of(next) : Optional.empty();
  }

  /**
   * Step 4: makes every snapshot a version names current where it is not yet (a fast-forward: its
   * parent is the current snapshot). Safe to run by several runs at once and again.
   */
  public void publish(Version v) {
    List<TableIdentifier> ids =
        tableIds().stream().filter(id -> v.snapshot(id).isPresent()).toList();
    inParallel(ids, id -> publish(v, id, v.snapshot(id).orElseThrow()));
  }

  private void publish(Version v, TableIdentifier id, long snap) {
    for (int attempt = 0; ; attempt++) {
      Table t = table(id);
      if (isPublished(t, snap)) {
        return;
      }
      Snapshot cur = t.currentSnapshot();
      Long parent = t.snapshot(snap).parentId();
      if (!java.util.Objects.equals(parent, cur == null ? null : cur.snapshotId())) {
        throw new IllegalStateException(
            "lake version " + v.version() + ": table " + id + " moved past its parent snapshot");
      }
      try {
        t.manageSnapshots().cherrypick(snap).commit();
        return;
      } catch (org.apache.iceberg.exceptions.CommitFailedException
          | org.apache.iceberg.exceptions.ValidationException e) {
        // Another run published it, or moved the table, meanwhile: look again.
        if (attempt >= ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /** Another run recorded a version since this one read the latest: start again. */
  private static final class Conflict extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Conflict() {
      super(null, null, false, false);
    }
  }

  /** Drops the staged snapshots of an attempt that lost the race; their data files stay. */
  private void drop(Staged st) {
    for (Map.Entry<String, Long> e : st.snapshots().entrySet()) {
      Table t = table(TableIdentifier.parse(e.getKey()));
      t.expireSnapshots().expireSnapshotId(e.getValue()).cleanExpiredFiles(false).commit();
    }
  }

  /**
   * Removes staged snapshots that no version names and whose run is over, with the files only they
   * reference: what a run killed before recording its version left behind.
   *
   * @param runIsLive whether the run of a snapshot ({@value #SUMMARY_RUN}) is still going; its
   *     snapshots are spared
   * @return the number of snapshots removed
   */
  public int removeUnpublished(Predicate<String> runIsLive) {
    java.util.Set<Long> named = new java.util.HashSet<>();
    for (Version v : versions()) {
      named.addAll(v.snapshots().values());
    }
    // The analysis tables: a features run killed before its row left staged snapshots too.
    named.addAll(analysisSnapshotIds());
    List<TableIdentifier> ids = new ArrayList<>(tableIds());
    ids.addAll(analysisTableIds());
    int removed = 0;
    for (TableIdentifier id : ids) {
      Table t = table(id);
      List<Long> gone = new ArrayList<>();
      for (Snapshot sn : t.snapshots()) {
        String run = sn.summary().get(SUMMARY_RUN);
        if (!named.contains(sn.snapshotId())
            && !isPublished(t, sn.snapshotId())
            && (run == null || !runIsLive.test(run))) {
          gone.add(sn.snapshotId());
        }
      }
      if (!gone.isEmpty()) {
        org.apache.iceberg.ExpireSnapshots x = t.expireSnapshots();
        gone.forEach(x::expireSnapshotId);
        x.cleanExpiredFiles(true).commit();
        removed += gone.size();
      }
    }
    return removed;
  }

  // ---------------------------------------------------------------- state

  /**
   * The lake's state at its latest version, as {@link LakeState}: the version, the current
   * submission of every site and the audit record of every submission so far; {@link
   * LakeState#empty()} when nothing was committed.
   */
  public LakeState state() {
    return latest().map(v -> state(v.version())).orElse(LakeState.empty());
  }

  /**
   * The lake's state at version {@code v}: the submissions recorded up to it, and for every site
   * the one that made the site's latest version up to it.
   *
   * @throws IllegalArgumentException when the lake has no such version
   */
  public LakeState state(long v) {
    version(v); // refuses an unknown version
    List<SubmissionRecord> subs = new ArrayList<>();
    Map<String, String> current = new TreeMap<>();
    try (Connection c = connect();
        PreparedStatement p =
            c.prepareStatement(
                "SELECT record FROM "
                    + SUBMISSIONS
                    + " WHERE version <= ? ORDER BY version, submission_id")) {
      p.setLong(1, v);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          SubmissionRecord rec = JSON.readValue(r.getString(1), SubmissionRecord.class);
          subs.add(rec);
          current.put(rec.site(), rec.id());
        }
      }
    } catch (SQLException | IOException e) {
      throw new IllegalStateException(
          "cannot read the lake's submissions at version " + v + ": " + e.getMessage(), e);
    }
    return new LakeState(v, current, subs);
  }

  // ---------------------------------------------------------------- readers

  /**
   * The data files of a table at a version: exactly those Iceberg plans at the version's snapshot
   * (none when the table had no snapshot then).
   *
   * @throws IllegalStateException when a file has delete files (the lake is copy-on-write only)
   * @throws ErasedVersionException when an erasure rewrote the version ({@link LakeErasure})
   */
  public List<DataFile> files(Version v, TableIdentifier id) {
    refuseErased(v.version());
    Optional<Long> snap = v.snapshot(id);
    if (snap.isEmpty()) {
      return List.of();
    }
    List<DataFile> out = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks =
        table(id).newScan().useSnapshot(snap.get()).planFiles()) {
      for (FileScanTask task : tasks) {
        if (!task.deletes().isEmpty()) {
          throw new IllegalStateException(
              "table " + id + " has delete files; the lake is copy-on-write only");
        }
        out.add(task.file());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * Every row of a table at a version, through Iceberg's own Java reader (no Spark). Files without
   * field ids (a lake migrated from the layout before Iceberg, {@link LakeMigration}) are read by
   * column name through the table's name mapping, as other Iceberg readers do; {@code
   * IcebergGenerics} (Iceberg 1.12) ignores the mapping and would take ids by position, which fails
   * on the findings' nested fields.
   */
  public List<Record> read(Version v, TableIdentifier id) {
    refuseErased(v.version());
    Optional<Long> snap = v.snapshot(id);
    if (snap.isEmpty()) {
      return List.of();
    }
    return readSnapshot(id, snap.get());
  }

  /** Every row of a table at one of its snapshots, as {@link #read(Version, TableIdentifier)}. */
  private List<Record> readSnapshot(TableIdentifier id, long snapshot) {
    Table t = table(id);
    Schema schema = t.schema();
    String mappingJson = t.properties().get(TableProperties.DEFAULT_NAME_MAPPING);
    org.apache.iceberg.mapping.NameMapping mapping =
        mappingJson == null ? null : NameMappingParser.fromJson(mappingJson);
    List<Record> out = new ArrayList<>();
    try (CloseableIterable<FileScanTask> planned = t.newScan().useSnapshot(snapshot).planFiles()) {
      // Files in site order, then by location: the rows come back in the same order whatever the
      // order of the manifests (an erasure's rewrite changes it), and the analysis tables, one
      // sorted file per site, in key order.
      List<FileScanTask> tasks = new ArrayList<>();
      planned.forEach(tasks::add);
      tasks.sort(
          java.util.Comparator.comparing(
                  (FileScanTask task) -> siteOf(task.file()),
                  java.util.Comparator.nullsFirst(java.util.Comparator.<String>naturalOrder()))
              .thenComparing(task -> task.file().location()));
      for (FileScanTask task : tasks) {
        if (!task.deletes().isEmpty()) {
          throw new IllegalStateException(
              "table " + id + " has delete files; the lake is copy-on-write only");
        }
        // the site, from the identity partition (migrated files do not hold it; the others hold
        // the same value)
        Map<Integer, ?> constants =
            org.apache.iceberg.util.PartitionUtil.constantsMap(
                task, org.apache.iceberg.data.IdentityPartitionConverters::convertConstant);
        org.apache.iceberg.parquet.Parquet.ReadBuilder b =
            org.apache.iceberg.parquet.Parquet.read(t.io().newInputFile(task.file().location()))
                .project(schema)
                .createReaderFunc(
                    fileSchema ->
                        org.apache.iceberg.data.parquet.GenericParquetReaders.buildReader(
                            schema, fileSchema, constants));
        if (mapping != null) {
          b = b.withNameMapping(mapping);
        }
        try (CloseableIterable<Record> rows = b.build()) {
          rows.forEach(r -> out.add(r.copy()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The latest version and the tables, checked to be at the snapshots it names. */
  private record Based(Optional<Version> base, Map<TableIdentifier, Table> tables) {}

  /**
   * Step 1 of a commit: publishes the latest version if need be and checks that every table to be
   * written is at the snapshot it names.
   *
   * @throws Conflict when another run committed meanwhile
   */
  private Based based(java.util.Collection<TableIdentifier> written) {
    if (!metadataBounded) {
      boundMetadata();
      metadataBounded = true;
    }
    Optional<Version> base = latest();
    Map<TableIdentifier, Table> tables = load(tableIds());
    if (base.isPresent() && !published(base.get(), tables)) {
      publish(base.get());
      tables = load(tableIds());
    }
    Optional<Long> baseVersion = base.map(Version::version);
    for (TableIdentifier id : written) {
      Long expected = base.flatMap(b -> b.snapshot(id)).orElse(null);
      Snapshot cur = tables.get(id).currentSnapshot();
      Long current = cur == null ? null : cur.snapshotId();
      if (!java.util.Objects.equals(expected, current)) {
        if (!latest().map(Version::version).equals(baseVersion)) {
          throw new Conflict(); // another run committed meanwhile
        }
        throw new IllegalStateException(
            "table "
                + id
                + " is at snapshot "
                + current
                + " but lake version "
                + baseVersion.orElse(0L)
                + " names "
                + expected
                + ": it was written outside itbs; roll it back to that snapshot before ingesting");
      }
    }
    return new Based(base, tables);
  }

  // ---------------------------------------------------------------- erasure

  private static final String ERASURES = "itbs_erasures";
  private static final String ERASED_VERSIONS = "itbs_erased_versions";

  /**
   * The erasure audit ({@link LakeErasure}): one row per erasure, without the runner's pseudonym;
   * and the versions an erasure made unreadable (their snapshots were expired).
   */
  private void createErasureTables() {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + ERASURES
              + " (erasure_id VARCHAR(255) NOT NULL PRIMARY KEY, erased_at VARCHAR(40) NOT NULL,"
              + " site VARCHAR(255) NOT NULL, reason TEXT NOT NULL, rows_removed TEXT NOT NULL,"
              + " version BIGINT, files_rewritten BIGINT NOT NULL,"
              + " snapshots_expired BIGINT NOT NULL)");
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + ERASED_VERSIONS
              + " (version BIGINT NOT NULL PRIMARY KEY, erasure_id VARCHAR(255) NOT NULL)");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot create the lake's erasure tables in " + catalogUrl + ": " + e.getMessage(), e);
    }
  }

  /**
   * One table's part of an erasure: the data files of the current snapshot that held the runner,
   * and the files written in their place (none where no row was left).
   */
  public record Rewrite(List<DataFile> removed, List<DataFile> added) {}

  /**
   * Commits prepared rewrites of the site's files as the next lake version, through the same
   * stage–record–publish steps as {@link #commit}: one staged overwrite per table (the removed
   * files out, the added ones in), then the version row (no audit record: no clinic submitted it),
   * then publish.
   *
   * @param submissionId the version's submission id, e.g. {@code erase-1}; never a pseudonym
   * @param run the token of the run's lock ({@value #SUMMARY_RUN})
   * @return the version recorded
   */
  public Version commitRewrite(
      String submissionId, String site, String run, Map<TableIdentifier, Rewrite> rewrites) {
    Submission s = new Submission(submissionId, site, run, Map.of());
    return stageRecordPublish(
        submissionId + " of site " + site,
        () -> {
          Based b = based(rewrites.keySet());
          String nonce = java.util.UUID.randomUUID().toString();
          Map<String, Long> staged = new java.util.concurrent.ConcurrentSkipListMap<>();
          inParallel(
              rewrites.keySet(),
              id -> {
                Table t = b.tables().get(id);
                OverwriteFiles o = t.newOverwrite();
                rewrites.get(id).removed().forEach(o::deleteFile);
                rewrites.get(id).added().forEach(o::addFile);
                o.set(SUMMARY_SUBMISSION, submissionId)
                    .set(SUMMARY_SITE, site)
                    .set(SUMMARY_RUN, run)
                    .set(SUMMARY_STAGE, nonce)
                    .stageOnly()
                    .commit();
                t.refresh();
                staged.put(LakeTables.name(id), stagedSnapshot(t, id, nonce).snapshotId());
              });
          return new Staged(s, b.base(), new TreeMap<>(staged));
        });
  }

  /**
   * The audit row of an erasure ({@code itbs_erasures}): never the runner's pseudonym.
   *
   * @param rowsRemoved the runner's rows removed per table, as JSON: {@code {"latest":
   *     {"curated.participants": 1}, "superseded": {"curated.participants": 1}}} (rows of the
   *     latest version's files, rows of files only earlier versions named)
   * @param version the lake version the rewrite made; null when no current file held the runner (a
   *     re-run after an erasure that was stopped before it expired the old snapshots)
   */
  public record Erasure(
      String erasureId,
      Instant erasedAt,
      String site,
      String reason,
      String rowsRemoved,
      Long version,
      long filesRewritten,
      long snapshotsExpired) {}

  /** The id of the next erasure: {@code erase-<n>}. */
  public String nextErasureId() {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT COUNT(*) FROM "
                    + ERASURES
                    + " UNION ALL SELECT COUNT(*) FROM "
                    + VERSIONS
                    + " WHERE submission_id LIKE 'erase-%'")) {
      long n = 0;
      while (r.next()) {
        n = Math.max(n, r.getLong(1));
      }
      return "erase-" + (n + 1);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the lake's erasures: " + e.getMessage(), e);
    }
  }

  /**
   * Records an erasure's audit row and marks the versions whose snapshots it expired, in one
   * transaction.
   */
  public void recordErasure(Erasure e, java.util.Collection<Long> erasedVersions) {
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement a =
              c.prepareStatement("INSERT INTO " + ERASURES + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement v =
              c.prepareStatement(
                  "INSERT INTO "
                      + ERASED_VERSIONS
                      + " (version, erasure_id) SELECT ?, ?"
                      + " WHERE NOT EXISTS (SELECT 1 FROM "
                      + ERASED_VERSIONS
                      + " WHERE version = ?)")) {
        a.setString(1, e.erasureId());
        a.setString(2, e.erasedAt().toString());
        a.setString(3, e.site());
        a.setString(4, e.reason());
        a.setString(5, e.rowsRemoved());
        if (e.version() == null) {
          a.setNull(6, java.sql.Types.BIGINT);
        } else {
          a.setLong(6, e.version());
        }
        a.setLong(7, e.filesRewritten());
        a.setLong(8, e.snapshotsExpired());
        a.executeUpdate();
        for (long n : erasedVersions) {
          v.setLong(1, n);
          v.setString(2, e.erasureId());
          v.setLong(3, n);
          v.addBatch();
        }
        v.executeBatch();
        c.commit();
      } catch (SQLException x) {
        c.rollback();
        throw x;
      }
    } catch (SQLException x) {
      throw new IllegalStateException(
          "cannot record erasure " + e.erasureId() + ": " + x.getMessage(), x);
    }
  }

  /** Every erasure's audit row, oldest first. */
  public List<Erasure> erasures() {
    List<Erasure> out = new ArrayList<>();
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT erasure_id, erased_at, site, reason, rows_removed, version,"
                    + " files_rewritten, snapshots_expired FROM "
                    + ERASURES
                    + " ORDER BY erased_at, erasure_id")) {
      while (r.next()) {
        long v = r.getLong(6);
        Long version = r.wasNull() ? null : v;
        out.add(
            new Erasure(
                r.getString(1),
                Instant.parse(r.getString(2)),
                r.getString(3),
                r.getString(4),
                r.getString(5),
                version,
                r.getLong(7),
                r.getLong(8)));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the lake's erasures: " + e.getMessage(), e);
    }
    return out;
  }

  /** The versions an erasure made unreadable, with the erasure's id. */
  public Map<Long, String> erasedVersions() {
    Map<Long, String> out = new TreeMap<>();
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT version, erasure_id FROM " + ERASED_VERSIONS)) {
      while (r.next()) {
        out.put(r.getLong(1), r.getString(2));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the lake's erasures: " + e.getMessage(), e);
    }
    return out;
  }

  private void refuseErased(long v) {
    try (Connection c = connect()) {
      refuseErased(c, v);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read lake version " + v + ": " + e.getMessage(), e);
    }
  }

  private static void refuseErased(Connection c, long v) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT e.erased_at FROM "
                + ERASED_VERSIONS
                + " v JOIN "
                + ERASURES
                + " e ON e.erasure_id = v.erasure_id WHERE v.version = ?")) {
      p.setLong(1, v);
      try (ResultSet r = p.executeQuery()) {
        if (r.next()) {
          throw new ErasedVersionException(v, Instant.parse(r.getString(1)));
        }
      }
    }
  }

  /**
   * Every table of the catalog, in every namespace: the lake's own ({@link #tableIds}) and any
   * other (the analysis tables), for the erasure, which must leave no file of a runner anywhere.
   */
  public List<TableIdentifier> catalogTables() {
    List<TableIdentifier> out = new ArrayList<>();
    for (Namespace ns : catalog.listNamespaces()) {
      out.addAll(catalog.listTables(ns));
    }
    out.sort(java.util.Comparator.comparing(LakeTables::name));
    return out;
  }

  /**
   * On an embedded SQLite catalog: rebuilds the database file ({@code VACUUM}: freed pages can keep
   * old rows) and empties its write-ahead log ({@code catalog.db-wal} holds recent pages). Nothing
   * to do on PostgreSQL.
   */
  public void compactCatalog() {
    if (!catalogUrl.startsWith("jdbc:sqlite:")) {
      return;
    }
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("VACUUM");
      s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot compact the catalog " + catalogUrl + ": " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- commands

  /**
   * Opens the catalog of a lake for a command: as {@link #open}, but refuses a lake of the layout
   * before issue 17 ({@code _lake.json}, no catalog) with a one-line message naming {@code itbs
   * lake migrate}, and, when {@code create} is false (a command that only reads), a folder that
   * holds no lake at all.
   *
   * @throws IllegalArgumentException when the folder holds an old lake, or no lake and {@code
   *     create} is false
   */
  public static IcebergLake openLake(
      Path root, String catalogUrl, Configuration conf, boolean create) {
    Path r = root.toAbsolutePath().normalize();
    if (catalogUrl == null) {
      catalogUrl = org.itbs.core.Settings.CATALOG.value().orElse(null);
    }
    if (catalogUrl == null) {
      boolean hasCatalog = Files.exists(r.resolve(CATALOG_FILE));
      if (!hasCatalog && Files.exists(r.resolve(org.itbs.core.lake.Lake.STATE_FILE))) {
        throw new IllegalArgumentException(
            "--lake "
                + root
                + " has the layout of an earlier itbs ("
                + org.itbs.core.lake.Lake.STATE_FILE
                + ", no "
                + CATALOG_FILE
                + "): run `itbs lake migrate --lake "
                + root
                + "` first");
      }
      if (!hasCatalog && !create) {
        throw new IllegalArgumentException(
            "--lake " + root + " is not a lake (no " + CATALOG_FILE + "); run `itbs ingest` first");
      }
    }
    // Two runs opening a new lake at once both create the catalog's tables; the one that loses a
    // race on a row reads what the other wrote on the next try.
    for (int attempt = 1; ; attempt++) {
      try {
        return open(r, catalogUrl, conf);
      } catch (IllegalArgumentException e) {
        throw e;
      } catch (RuntimeException e) {
        if (attempt >= 5) {
          throw e;
        }
        try {
          Thread.sleep(100L * attempt);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /**
   * The version a command reads: {@code asOf} a version number, or an ISO-8601 instant meaning the
   * latest version committed at or before it; {@code null} for the latest version.
   *
   * @return the version, or empty when the lake has none yet (and {@code asOf} is null)
   * @throws IllegalArgumentException when {@code asOf} is neither, or names no version of the lake
   */
  public Optional<Version> asOf(String asOf) {
    if (asOf == null) {
      return latest();
    }
    String a = asOf.trim();
    if (a.matches("[0-9]{1,18}")) {
      long n = Long.parseLong(a);
      if (n < 1 || latest().map(Version::version).orElse(0L) < n) {
        throw new IllegalArgumentException(
            "--as-of "
                + a
                + ": the lake has no version "
                + a
                + " (its versions: "
                + latest().map(v -> "1 to " + v.version()).orElse("none")
                + ")");
      }
      return Optional.of(version(n));
    }
    Instant t;
    try {
      t = parseInstant(a);
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(
          "--as-of '"
              + a
              + "' is neither a lake version (a number) nor an ISO-8601 time"
              + " (2026-03-01T12:00:00Z, 2026-03-01)");
    }
    Version found = null;
    for (Version v : versions()) {
      if (!v.time().isAfter(t)) {
        found = v;
      }
    }
    if (found == null) {
      throw new IllegalArgumentException(
          "--as-of " + a + ": the lake has no version committed at or before " + t);
    }
    return Optional.of(found);
  }

  private static Instant parseInstant(String a) {
    if (a.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
      // A day: the end of it, in UTC.
      return java.time.LocalDate.parse(a)
          .plusDays(1)
          .atStartOfDay(java.time.ZoneOffset.UTC)
          .toInstant()
          .minusNanos(1);
    }
    try {
      return Instant.parse(a);
    } catch (java.time.format.DateTimeParseException e) {
      return java.time.OffsetDateTime.parse(a).toInstant();
    }
  }

  /**
   * The data files of a table at a version that belong to one site (the identity partition), in the
   * order of their locations.
   */
  public List<DataFile> files(Version v, TableIdentifier id, String site) {
    List<DataFile> out = new ArrayList<>();
    for (DataFile f : files(v, id)) {
      if (site.equals(siteOf(f))) {
        out.add(f);
      }
    }
    out.sort(java.util.Comparator.comparing(f -> f.location()));
    return out;
  }

  /** The site (identity partition) of a data file of the lake. */
  public static String siteOf(DataFile f) {
    Object s = f.partition().get(0, Object.class);
    return s == null ? null : s.toString();
  }

  // ---------------------------------------------------------------- metadata growth

  /**
   * How many earlier {@code metadata.json} files a table's metadata log keeps ({@value}): the rest
   * are deleted at each commit. They are not the lake's history (versions are read by snapshot id
   * from the current metadata, and every snapshot stays); the log only lets an operator point a
   * table back at an earlier metadata file by hand. Each submission writes two per table it touches
   * (the staged snapshot, then its publication), so 20 covers the last ten submissions, and a
   * reader that has just read a table's pointer from the catalog never finds its file deleted: that
   * would take 20 commits of that table between two reads of a few milliseconds.
   */
  public static final int METADATA_PREVIOUS_VERSIONS = 20;

  private volatile boolean metadataBounded;

  /**
   * The table properties that bound what a table's {@code metadata} folder keeps (issue 17,
   * metadata growth), on every table the lake creates and, through {@link #boundMetadata}, on the
   * tables of a lake made before them: the metadata log holds {@link #METADATA_PREVIOUS_VERSIONS}
   * earlier files and Iceberg deletes those that drop out of it. Without them every commit leaves
   * its {@code metadata.json}, each listing every snapshot so far: a lake of 300 submissions held
   * 600 of them per table, growing with the square of its history. Snapshots themselves are the
   * lake's versions and stay.
   */
  public static Map<String, String> metadataProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true");
    p.put(
        TableProperties.METADATA_PREVIOUS_VERSIONS_MAX,
        Integer.toString(METADATA_PREVIOUS_VERSIONS));
    return p;
  }

  /**
   * Sets {@link #metadataProperties} on every table of the catalog that lacks them (one property
   * commit per such table, so once per lake), and deletes that table's metadata files older than
   * its metadata log: a table committed to before kept every file, and Iceberg only deletes those
   * that drop out of the log from now on. Only files with a lower sequence number than the log's
   * oldest are deleted (a run committing at the same time writes higher ones). The first commit of
   * a writer calls it; an erasure's sweep removes the same files.
   *
   * @return the tables updated
   */
  public List<TableIdentifier> boundMetadata() {
    Map<String, String> want = metadataProperties();
    List<TableIdentifier> updated = new java.util.concurrent.CopyOnWriteArrayList<>();
    inParallel(
        catalogTables(),
        id -> {
          Table t = table(id);
          if (want.entrySet().stream()
              .allMatch(e -> e.getValue().equals(t.properties().get(e.getKey())))) {
            return;
          }
          org.apache.iceberg.UpdateProperties u = t.updateProperties();
          want.forEach(u::set);
          u.commit();
          t.refresh();
          deleteMetadataBeforeLog(t);
          updated.add(id);
        });
    return List.copyOf(updated);
  }

  private static final java.util.regex.Pattern METADATA_FILE =
      java.util.regex.Pattern.compile("^(\\d+)-[^/]*\\.metadata\\.json(\\.gz)?$");

  /** Deletes the table's metadata files numbered below the oldest its metadata log names. */
  private static void deleteMetadataBeforeLog(Table t) {
    org.apache.iceberg.TableMetadata md =
        ((org.apache.iceberg.HasTableOperations) t).operations().current();
    long oldest = metadataNumber(md.metadataFileLocation());
    for (org.apache.iceberg.TableMetadata.MetadataLogEntry e : md.previousFiles()) {
      oldest = Math.min(oldest, metadataNumber(e.file()));
    }
    if (oldest < 0 || !(t.io() instanceof org.apache.iceberg.io.SupportsPrefixOperations io)) {
      return;
    }
    String folder =
        md.metadataFileLocation().substring(0, md.metadataFileLocation().lastIndexOf('/'));
    List<String> gone = new ArrayList<>();
    for (org.apache.iceberg.io.FileInfo f : io.listPrefix(folder)) {
      long n = metadataNumber(f.location());
      String parent = f.location().substring(0, f.location().lastIndexOf('/'));
      if (n >= 0 && n < oldest && pathOf(parent).equals(pathOf(folder))) {
        gone.add(f.location());
      }
    }
    gone.forEach(io::deleteFile);
  }

  /** The sequence number of a metadata file ({@code 00042-<uuid>.metadata.json}), or -1. */
  private static long metadataNumber(String location) {
    java.util.regex.Matcher m =
        METADATA_FILE.matcher(location.substring(location.lastIndexOf('/') + 1));
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  private static String pathOf(String location) {
    return new org.apache.hadoop.fs.Path(location).toUri().getPath();
  }

  @Override
  public void close() {
    pool.shutdownNow();
    catalog.close();
  }

  // ---------------------------------------------------------------- analysis outputs (step 6)

  /** Snapshot summary key of the lake version an analysis snapshot was derived from. */
  public static final String SUMMARY_LAKE_VERSION = "itbs.lake-version";

  private static final String ANALYSIS_VERSIONS = "itbs_analysis_versions";

  /**
   * {@code itbs_analysis_versions}: for every lake version that has an analysis, one row per
   * analysis table with the snapshot the features job committed, the plan, when, and the run's
   * manifest (JSON: plan, lake version and snapshots, submissions, row counts, analysis snapshots).
   * A run again on the same lake version replaces its rows.
   */
  private void createAnalysisVersionTable() {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + ANALYSIS_VERSIONS
              + " (lake_version BIGINT NOT NULL, table_name VARCHAR(255) NOT NULL,"
              + " snapshot_id BIGINT NOT NULL, plan VARCHAR(255) NOT NULL,"
              + " created_at VARCHAR(40) NOT NULL, manifest TEXT NOT NULL,"
              + " PRIMARY KEY (lake_version, table_name))");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot create the lake's analysis versions table in "
              + redacted(catalogUrl)
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** The analysis tables, runners first. */
  public List<TableIdentifier> analysisTableIds() {
    return LakeTables.analysisTables().stream().map(LakeTables::analysisId).toList();
  }

  /**
   * The analysis of a lake version: the snapshot of every analysis table the features job committed
   * for it, and its manifest.
   *
   * @param snapshots table name ({@code analysis.runners}) to snapshot id
   * @param manifest the run's manifest, JSON
   */
  public record AnalysisVersion(
      long lakeVersion,
      String plan,
      Instant createdAt,
      Map<String, Long> snapshots,
      String manifest) {
    /** The snapshot of an analysis table. */
    public long snapshot(TableIdentifier id) {
      Long s = snapshots.get(LakeTables.name(id));
      if (s == null) {
        throw new IllegalArgumentException(
            "the analysis of lake version " + lakeVersion + " has no table " + id);
      }
      return s;
    }
  }

  /** The staged snapshots of an analysis ({@link #stageAnalysis}), per table name. */
  public record StagedAnalysis(long lakeVersion, String run, Map<String, Long> snapshots) {}

  /**
   * An analysis version whose snapshots an erasure expired ({@link LakeErasure}): the runner's rows
   * are gone with them, and the features job must derive it again.
   */
  public static final class ErasedAnalysisException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    ErasedAnalysisException(long lakeVersion) {
      super(
          "the analysis of lake version "
              + lakeVersion
              + " was removed by an erasure; run `itbs features` again");
    }
  }

  /**
   * Commits the analysis tables derived from lake version {@code v}, write–audit–publish as the
   * lake's versions: {@link #stageAnalysis} (one overwrite of each whole table, not current), then
   * {@link #recordAnalysis} (one database transaction, the manifest with the analysis snapshot ids
   * added), then {@link #publishAnalysis} (the staged snapshots made current only when {@code v} is
   * the newest lake version that has an analysis: an {@code --as-of} run on an older one leaves the
   * tables' current state alone). Readers resolve a lake version to the recorded snapshots ({@link
   * #analysis}), never the tables' current one, so a run that stops anywhere before its row leaves
   * them on the analysis they had.
   *
   * @param rows per analysis table, its rows in key order (site first)
   * @param manifest the run's manifest; {@code analysis_snapshots} is added to it
   * @param run the run's token ({@value #SUMMARY_RUN})
   * @return the analysis recorded
   */
  public AnalysisVersion commitAnalysis(
      Version v,
      String plan,
      Map<TableIdentifier, List<Record>> rows,
      com.fasterxml.jackson.databind.node.ObjectNode manifest,
      String run) {
    StagedAnalysis st = stageAnalysis(v, rows, run);
    Optional<AnalysisVersion> replaced = analysisRow(v.version());
    AnalysisVersion a = recordAnalysis(st, plan, manifest);
    publishAnalysis();
    // A run again on the same lake version: the analysis it replaced is named by no row any more;
    // its snapshots go, with the files only they name.
    replaced.ifPresent(
        old ->
            old.snapshots()
                .forEach(
                    (name, snap) -> {
                      if (!snap.equals(a.snapshots().get(name))) {
                        expireUnlessCurrent(TableIdentifier.parse(name), snap);
                      }
                    }));
    return a;
  }

  /**
   * Step 1 of {@link #commitAnalysis}: writes each table's rows, one Parquet file per site
   * (Iceberg's writer, {@link #writeDataFile}), into {@code
   * <table>/data/site=<SITE>/lake-v<N>-<id>/}, and stages one overwrite of the whole table with
   * them ({@code stageOnly()}).
   */
  public StagedAnalysis stageAnalysis(
      Version v, Map<TableIdentifier, List<Record>> rows, String run) {
    String nonce = java.util.UUID.randomUUID().toString();
    String folder = "lake-v" + v.version() + "-" + nonce.substring(0, 8);
    Map<String, Long> staged = new java.util.concurrent.ConcurrentSkipListMap<>();
    inParallel(
        rows.keySet(),
        id -> {
          Table t = table(id);
          Map<String, List<Record>> bySite = new TreeMap<>();
          for (Record r : rows.get(id)) {
            Object site = r.getField(LakeTables.SITE);
            if (site == null) {
              throw new IllegalArgumentException("table " + id + ": a row without a site");
            }
            bySite.computeIfAbsent(site.toString(), k -> new ArrayList<>()).add(r);
          }
          OverwriteFiles o = t.newOverwrite().overwriteByRowFilter(Expressions.alwaysTrue());
          for (Map.Entry<String, List<Record>> e : bySite.entrySet()) {
            String location = dataLocation(t, e.getKey(), folder) + "/part-00000.parquet";
            o.addFile(
                writeDataFile(
                    t,
                    t.spec(),
                    DataFiles.data(t.spec(), LakeTables.SITE + "=" + e.getKey()),
                    location,
                    e.getValue()));
          }
          o.set(SUMMARY_LAKE_VERSION, Long.toString(v.version()))
              .set(SUMMARY_RUN, run)
              .set(SUMMARY_STAGE, nonce)
              .stageOnly()
              .commit();
          t.refresh();
          staged.put(LakeTables.name(id), stagedSnapshot(t, id, nonce).snapshotId());
        });
    return new StagedAnalysis(v.version(), run, new TreeMap<>(staged));
  }

  /**
   * Step 2 of {@link #commitAnalysis}: in one transaction, replaces the rows of the lake version in
   * {@code itbs_analysis_versions} by one per staged table.
   */
  public AnalysisVersion recordAnalysis(
      StagedAnalysis st, String plan, com.fasterxml.jackson.databind.node.ObjectNode manifest) {
    com.fasterxml.jackson.databind.node.ObjectNode m = manifest.deepCopy();
    com.fasterxml.jackson.databind.node.ObjectNode snaps = m.putObject("analysis_snapshots");
    st.snapshots().forEach(snaps::put);
    String text;
    try {
      text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write the analysis manifest", e);
    }
    Instant now = Instant.now();
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement d =
              c.prepareStatement("DELETE FROM " + ANALYSIS_VERSIONS + " WHERE lake_version = ?");
          PreparedStatement i =
              c.prepareStatement(
                  "INSERT INTO " + ANALYSIS_VERSIONS + " VALUES (?, ?, ?, ?, ?, ?)")) {
        d.setLong(1, st.lakeVersion());
        d.executeUpdate();
        for (Map.Entry<String, Long> e : st.snapshots().entrySet()) {
          i.setLong(1, st.lakeVersion());
          i.setString(2, e.getKey());
          i.setLong(3, e.getValue());
          i.setString(4, plan);
          i.setString(5, now.toString());
          i.setString(6, text);
          i.addBatch();
        }
        i.executeBatch();
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot record the analysis of lake version " + st.lakeVersion() + ": " + e.getMessage(),
          e);
    }
    return new AnalysisVersion(st.lakeVersion(), plan, now, st.snapshots(), text);
  }

  private void expireUnlessCurrent(TableIdentifier id, long snap) {
    Table t = table(id);
    if (t.snapshot(snap) == null
        || (t.currentSnapshot() != null && t.currentSnapshot().snapshotId() == snap)) {
      return;
    }
    t.expireSnapshots().expireSnapshotId(snap).cleanExpiredFiles(true).commit();
  }

  /**
   * Step 3 of {@link #commitAnalysis}: makes the snapshots of the newest recorded analysis (the
   * highest lake version that has one) the tables' current ones, where they are not yet. Safe to
   * run again; a run stopped between its row and this step is published by the next features run.
   */
  public void publishAnalysis() {
    Optional<AnalysisVersion> newest = newestAnalysis();
    if (newest.isEmpty()) {
      return;
    }
    for (Map.Entry<String, Long> e : newest.get().snapshots().entrySet()) {
      Table t = table(TableIdentifier.parse(e.getKey()));
      if (t.snapshot(e.getValue()) == null) {
        continue; // expired by an erasure; the tables stay on the erasure's rewrite
      }
      if (t.currentSnapshot() == null || t.currentSnapshot().snapshotId() != e.getValue()) {
        // Every analysis snapshot is a whole table, so any of them may become current (not only
        // a child of the current one).
        t.manageSnapshots().setCurrentSnapshot(e.getValue()).commit();
      }
    }
  }

  /** The analysis of the highest lake version that has one, as recorded. */
  public Optional<AnalysisVersion> newestAnalysis() {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT MAX(lake_version) FROM " + ANALYSIS_VERSIONS)) {
      r.next();
      long v = r.getLong(1);
      return r.wasNull() ? Optional.empty() : analysisRow(v);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the lake's analyses: " + e.getMessage(), e);
    }
  }

  /**
   * The analysis of lake version {@code lakeVersion}, if the features job committed one.
   *
   * @throws ErasedAnalysisException when an erasure expired one of its snapshots
   */
  public Optional<AnalysisVersion> analysis(long lakeVersion) {
    Optional<AnalysisVersion> a = analysisRow(lakeVersion);
    a.ifPresent(
        x -> x.snapshots().keySet().forEach(t -> recordedSnapshot(x, TableIdentifier.parse(t))));
    return a;
  }

  /** Every lake version that has an analysis, oldest first. */
  public List<Long> analysedVersions() {
    List<Long> out = new ArrayList<>();
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT DISTINCT lake_version FROM "
                    + ANALYSIS_VERSIONS
                    + " ORDER BY lake_version")) {
      while (r.next()) {
        out.add(r.getLong(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the lake's analyses: " + e.getMessage(), e);
    }
    return out;
  }

  private Optional<AnalysisVersion> analysisRow(long lakeVersion) {
    try (Connection c = connect();
        PreparedStatement p =
            c.prepareStatement(
                "SELECT table_name, snapshot_id, plan, created_at, manifest FROM "
                    + ANALYSIS_VERSIONS
                    + " WHERE lake_version = ? ORDER BY table_name")) {
      p.setLong(1, lakeVersion);
      Map<String, Long> snaps = new TreeMap<>();
      String plan = null;
      Instant at = null;
      String manifest = null;
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          snaps.put(r.getString(1), r.getLong(2));
          plan = r.getString(3);
          at = Instant.parse(r.getString(4));
          manifest = r.getString(5);
        }
      }
      return snaps.isEmpty()
          ? Optional.empty()
          : Optional.of(new AnalysisVersion(lakeVersion, plan, at, Map.copyOf(snaps), manifest));
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot read the analysis of lake version " + lakeVersion + ": " + e.getMessage(), e);
    }
  }

  /**
   * Every row of an analysis table at the snapshot an analysis recorded (Iceberg's Java reader, no
   * Spark), in the order the files were written (site, then the table's key).
   *
   * @throws ErasedAnalysisException when an erasure expired the snapshot
   */
  public List<Record> read(AnalysisVersion a, TableIdentifier id) {
    return readSnapshot(id, recordedSnapshot(a, id));
  }

  /**
   * The snapshot of an analysis table an analysis recorded, checked to be still there.
   *
   * @throws ErasedAnalysisException when an erasure expired it
   */
  private long recordedSnapshot(AnalysisVersion a, TableIdentifier id) {
    long snap = a.snapshot(id);
    if (table(id).snapshot(snap) == null) {
      throw new ErasedAnalysisException(a.lakeVersion());
    }
    return snap;
  }

  /**
   * The data files of an analysis table at the snapshot an analysis recorded, one per site, in site
   * order.
   */
  public List<DataFile> files(AnalysisVersion a, TableIdentifier id) {
    long snap = recordedSnapshot(a, id);
    List<DataFile> out = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks =
        table(id).newScan().useSnapshot(snap).planFiles()) {
      for (FileScanTask task : tasks) {
        out.add(task.file());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.sort(java.util.Comparator.comparing(IcebergLake::siteOf));
    return out;
  }

  /**
   * Commits an erasure's rewrite of an analysis table's current files (the removed files out, the
   * rewritten ones in) as a new current snapshot. The analysis versions that named the old files
   * become unreadable once {@link LakeErasure} expires their snapshots ({@link
   * ErasedAnalysisException}).
   */
  public void commitAnalysisRewrite(
      TableIdentifier id, String erasureId, String site, String run, Rewrite rewrite) {
    Table t = table(id);
    OverwriteFiles o = t.newOverwrite();
    rewrite.removed().forEach(o::deleteFile);
    rewrite.added().forEach(o::addFile);
    o.set(SUMMARY_SUBMISSION, erasureId).set(SUMMARY_SITE, site).set(SUMMARY_RUN, run).commit();
  }

  /**
   * Writes rows as one data file of a table's partition with Iceberg's generic Parquet writer: the
   * table's schema (field ids), its write properties (compression) and metrics settings ({@code
   * participant_id}: none). The one writer of rows computed outside Spark: the analysis outputs and
   * the erasure's rewrites ({@link LakeErasure}).
   *
   * @param rows records of the table's schema, every column (the partition's too) on every row
   */
  public static DataFile writeDataFile(
      Table t,
      org.apache.iceberg.PartitionSpec spec,
      org.apache.iceberg.StructLike partition,
      String location,
      Iterable<Record> rows) {
    org.apache.iceberg.io.DataWriter<Record> w;
    try {
      w =
          org.apache.iceberg.parquet.Parquet.writeData(t.io().newOutputFile(location))
              .schema(t.schema())
              .createWriterFunc(org.apache.iceberg.data.parquet.GenericParquetWriter::create)
              .setAll(t.properties())
              .metricsConfig(MetricsConfig.forTable(t))
              .withSpec(spec)
              .withPartition(partition)
              .overwrite()
              .build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + location, e);
    }
    try (org.apache.iceberg.io.DataWriter<Record> out = w) {
      for (Record r : rows) {
        out.write(r);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + location, e);
    }
    return w.toDataFile();
  }

  /** Every snapshot id {@code itbs_analysis_versions} names. */
  private java.util.Set<Long> analysisSnapshotIds() {
    java.util.Set<Long> out = new java.util.HashSet<>();
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT snapshot_id FROM " + ANALYSIS_VERSIONS)) {
      while (r.next()) {
        out.add(r.getLong(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the lake's analyses: " + e.getMessage(), e);
    }
    return out;
  }
}
