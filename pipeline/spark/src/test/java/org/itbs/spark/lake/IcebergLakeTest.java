package org.itbs.spark.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.itbs.spark.lake.LakeFiles.PARTICIPANTS;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.itbs.lake.IcebergLake;
import org.itbs.lake.LakeTables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake as Iceberg tables (issue 17): a submission committed write–audit–publish as one lake
 * version, read back exactly at any version, a run killed before its version row, two runs at once,
 * the pseudonym kept out of the manifests, and DuckDB counting the files Iceberg plans.
 */
class IcebergLakeTest {
  private static final TableIdentifier CUR = LakeTables.curatedId(PARTICIPANTS);
  private static final TableIdentifier QUA = LakeTables.quarantineId(PARTICIPANTS);

  @TempDir Path dir;

  /**
   * The catalog's JDBC URL: {@code null}, the embedded {@code LAKE/catalog.db}, here; a PostgreSQL
   * database in {@link IcebergLakePostgresTest}, which runs these tests again on it.
   */
  String catalogUrl() {
    return null;
  }

  IcebergLake open() {
    return IcebergLake.open(dir.resolve("lake"), catalogUrl(), new Configuration());
  }

  /** participant_id by site of a table at a version, read through Iceberg's Java reader. */
  private static Map<String, List<String>> bySite(
      IcebergLake lake, IcebergLake.Version v, TableIdentifier t) {
    Map<String, List<String>> out = new TreeMap<>();
    for (Record r : lake.read(v, t)) {
      out.computeIfAbsent((String) r.getField(LakeTables.SITE), k -> new ArrayList<>())
          .add((String) r.getField("participant_id"));
    }
    out.values().forEach(l -> l.sort(String::compareTo));
    return out;
  }

  @Test
  void tablesKeepTheFieldIdsOfTheSchemaOwnerAndThePartFilesCarryThem() throws Exception {
    try (IcebergLake lake = open()) {
      assertThat(lake.tableIds()).hasSize(2 * LakeFiles.DICTIONARY.tables().size());
      Table cur = lake.table(CUR);
      assertThat(cur.schema().asStruct()).isEqualTo(LakeTables.curated(PARTICIPANTS).asStruct());
      assertThat(lake.table(QUA).schema().asStruct())
          .isEqualTo(LakeTables.quarantine(PARTICIPANTS).asStruct());
      assertThat(cur.spec().fields()).hasSize(1);
      assertThat(
              ((org.apache.iceberg.HasTableOperations) cur).operations().current().formatVersion())
          .isEqualTo(2);
      assertThat(cur.properties())
          .containsEntry("history.expire.max-snapshot-age-ms", Long.toString(Long.MAX_VALUE))
          .containsEntry("write.metadata.metrics.column.participant_id", "none");
      assertThat(lake.table(QUA).properties())
          .containsEntry("write.metadata.metrics.default", "none");
      assertThat(Files.isRegularFile(dir.resolve("lake").resolve(IcebergLake.CATALOG_FILE)))
          .isEqualTo(catalogUrl() == null);
      // The writers' Parquet schemas, converted back by Iceberg, are the tables' schemas, site too.
      for (var t : LakeFiles.DICTIONARY.tables()) {
        assertThat(
                ids(
                    org.apache.iceberg.parquet.ParquetSchemaUtil.convert(
                        org.itbs.spark.parquet.LakeParquet.quarantine(t))))
            .isEqualTo(ids(LakeTables.quarantine(t)));
        assertThat(
                ids(
                    org.apache.iceberg.parquet.ParquetSchemaUtil.convert(
                        org.itbs.spark.parquet.LakeParquet.curated(t))))
            .isEqualTo(ids(LakeTables.curated(t)));
      }
    }
    // Opening again finds everything in place.
    try (IcebergLake lake = open()) {
      assertThat(lake.latest()).isEmpty();
    }
  }

  @Test
  void everyVersionReadsBackExactlyAndASupersedingSubmissionReplacesItsSiteOnly() throws Exception {
    try (IcebergLake lake = open()) {
      long t0 = System.nanoTime();
      IcebergLake.Version v1 =
          lake.commit(
              LakeFiles.submissionOverAllTables(
                  lake, "AAA", "s-a1", "run1", List.of("a1", "a2", "a3"), "qa1"));
      long t1 = System.nanoTime();
      IcebergLake.Version v2 =
          lake.commit(
              LakeFiles.submissionOverAllTables(
                  lake, "BBB", "s-b1", "run2", List.of("b1", "b2"), "qb1"));
      long t2 = System.nanoTime();
      IcebergLake.Version v3 =
          lake.commit(
              LakeFiles.submissionOverAllTables(lake, "AAA", "s-a2", "run3", List.of("a9"), "qa2"));
      long t3 = System.nanoTime();
      System.out.printf(
          "%s: commit of one submission over %d tables: %d, %d, %d ms (files"
              + " written before)%n",
          getClass().getSimpleName(),
          lake.tableIds().size(),
          (t1 - t0) / 1_000_000,
          (t2 - t1) / 1_000_000,
          (t3 - t2) / 1_000_000);

      assertThat(List.of(v1.version(), v2.version(), v3.version())).containsExactly(1L, 2L, 3L);
      assertThat(lake.latest()).contains(v3);
      assertThat(v3.submissionId()).isEqualTo("s-a2");

      assertThat(bySite(lake, lake.version(1), CUR))
          .isEqualTo(Map.of("AAA", List.of("a1", "a2", "a3")));
      assertThat(bySite(lake, lake.version(2), CUR))
          .isEqualTo(Map.of("AAA", List.of("a1", "a2", "a3"), "BBB", List.of("b1", "b2")));
      assertThat(bySite(lake, lake.version(3), CUR))
          .isEqualTo(Map.of("AAA", List.of("a9"), "BBB", List.of("b1", "b2")));
      assertThat(bySite(lake, lake.version(3), QUA))
          .isEqualTo(Map.of("AAA", List.of("qa2"), "BBB", List.of("qb1")));
      assertThat(bySite(lake, lake.version(1), QUA)).isEqualTo(Map.of("AAA", List.of("qa1")));
      // The other curated tables follow the same versions; the quarantine tables the
      // submissions had no refused row in never needed a snapshot.
      TableIdentifier injuries = LakeTables.curatedId(LakeFiles.DICTIONARY.table("injuries"));
      for (long v = 1; v <= 3; v++) {
        assertThat(bySite(lake, lake.version(v), injuries))
            .isEqualTo(bySite(lake, lake.version(v), CUR));
      }
      int curatedTables = LakeFiles.DICTIONARY.tables().size();
      assertThat(v3.snapshots()).hasSize(curatedTables + 1);
      TableIdentifier quaInjuries = LakeTables.quarantineId(LakeFiles.DICTIONARY.table("injuries"));
      assertThat(v3.snapshot(quaInjuries)).isEmpty();
      assertThat(lake.read(v3, quaInjuries)).isEmpty();

      // Every version's snapshot is published: the tables' current snapshots are version 3's.
      for (Map.Entry<String, Long> e : v3.snapshots().entrySet()) {
        assertThat(lake.table(TableIdentifier.parse(e.getKey())).currentSnapshot().snapshotId())
            .isEqualTo(e.getValue());
      }
      assertThat(lake.table(CUR).currentSnapshot().summary())
          .containsEntry(IcebergLake.SUMMARY_SUBMISSION, "s-a2")
          .containsEntry(IcebergLake.SUMMARY_SITE, "AAA");
      // The versions are rows of the catalog's database, next to Iceberg's own tables.
      try (Connection c = DriverManager.getConnection(lake.catalogUrl());
          Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT COUNT(*) FROM itbs_lake_versions")) {
        r.next();
        assertThat(r.getLong(1)).isEqualTo(3);
      }
    }
  }

  @Test
  void aRunKilledBeforeItsVersionRowLeavesOnlyUnpublishedSnapshotsWhichTheNextRunRemoves()
      throws Exception {
    try (IcebergLake lake = open()) {
      IcebergLake.Version v1 =
          lake.commit(LakeFiles.submission(lake, "AAA", "s-a1", "run1", List.of("a1"), "qa1"));
      // The killed run: its files written, its snapshots staged, then nothing.
      IcebergLake.Submission dead =
          LakeFiles.submission(lake, "BBB", "s-b1", "dead-run", List.of("b1"), "qb1");
      IcebergLake.Staged staged = lake.stage(dead);
      assertThat(staged.snapshots()).hasSize(2);
      List<Path> deadFiles = new ArrayList<>();
      dead.files().values().forEach(l -> l.forEach(f -> deadFiles.add(path(f))));
      assertThat(deadFiles).hasSize(2).allMatch(Files::exists);

      // Readers see version 1 only; the tables' current snapshots are still version 1's.
      assertThat(lake.latest()).contains(v1);
      assertThat(bySite(lake, lake.latest().orElseThrow(), CUR))
          .isEqualTo(Map.of("AAA", List.of("a1")));
      assertThat(lake.table(CUR).currentSnapshot().snapshotId())
          .isEqualTo(v1.snapshot(CUR).orElseThrow());

      // A live run's staged snapshots are spared; a dead run's are removed with their files.
      assertThat(lake.removeUnpublished(run -> run.equals("dead-run"))).isZero();
      assertThat(lake.removeUnpublished(run -> false)).isEqualTo(2);
      assertThat(deadFiles).noneMatch(Files::exists);
      for (TableIdentifier t : List.of(CUR, QUA)) {
        assertThat(lake.table(t).snapshots()).hasSize(1);
      }
      assertThat(
              lake.table(LakeTables.curatedId(LakeFiles.DICTIONARY.table("injuries"))).snapshots())
          .isEmpty();

      // The next run commits on top of version 1.
      IcebergLake.Version v2 =
          lake.commit(LakeFiles.submission(lake, "BBB", "s-b2", "run3", List.of("b7"), "qb7"));
      assertThat(v2.version()).isEqualTo(2);
      assertThat(bySite(lake, v2, CUR))
          .isEqualTo(Map.of("AAA", List.of("a1"), "BBB", List.of("b7")));
    }
  }

  @Test
  void aRunKilledAfterItsVersionRowIsPublishedByTheNextRun() throws Exception {
    try (IcebergLake lake = open()) {
      lake.commit(LakeFiles.submission(lake, "AAA", "s-a1", "run1", List.of("a1"), "qa1"));
      IcebergLake.Staged st =
          lake.stage(LakeFiles.submission(lake, "BBB", "s-b1", "run2", List.of("b1"), "qb1"));
      IcebergLake.Version v2 = lake.recordVersion(st).orElseThrow();
      // Killed before publishing: readers of version 2 see it whole already.
      assertThat(bySite(lake, lake.latest().orElseThrow(), CUR))
          .isEqualTo(Map.of("AAA", List.of("a1"), "BBB", List.of("b1")));
      assertThat(lake.removeUnpublished(run -> false)).isZero();
      IcebergLake.Version v3 =
          lake.commit(LakeFiles.submission(lake, "CCC", "s-c1", "run3", List.of("c1"), "qc1"));
      assertThat(lake.table(CUR).snapshot(v3.snapshot(CUR).orElseThrow()).parentId())
          .isEqualTo(v2.snapshot(CUR).orElseThrow());
      assertThat(bySite(lake, v3, CUR))
          .isEqualTo(Map.of("AAA", List.of("a1"), "BBB", List.of("b1"), "CCC", List.of("c1")));
    }
  }

  @Test
  void twoRunsCommittingDifferentSitesAtOnceBothLand() throws Exception {
    try (IcebergLake setup = open()) {
      setup.commit(LakeFiles.submission(setup, "AAA", "s-a1", "run0", List.of("a1"), "qa1"));
    }
    List<String> sites = List.of("BBB", "CCC", "DDD");
    CyclicBarrier start = new CyclicBarrier(sites.size());
    ExecutorService pool = Executors.newFixedThreadPool(sites.size());
    try {
      List<Future<IcebergLake.Version>> done = new ArrayList<>();
      for (String site : sites) {
        done.add(
            pool.submit(
                () -> {
                  // Each run its own catalog connection, as two processes would have.
                  try (IcebergLake lake = open()) {
                    IcebergLake.Submission s =
                        LakeFiles.submission(
                            lake,
                            site,
                            "s-" + site,
                            "run-" + site,
                            List.of(site.toLowerCase(java.util.Locale.ROOT) + "1"),
                            "q" + site);
                    start.await();
                    return lake.commit(s);
                  }
                }));
      }
      List<Long> versions = new ArrayList<>();
      for (Future<IcebergLake.Version> f : done) {
        versions.add(f.get().version());
      }
      assertThat(versions).containsExactlyInAnyOrder(2L, 3L, 4L);
    } finally {
      pool.shutdownNow();
    }
    try (IcebergLake lake = open()) {
      IcebergLake.Version last = lake.latest().orElseThrow();
      assertThat(last.version()).isEqualTo(4);
      assertThat(bySite(lake, last, CUR))
          .isEqualTo(
              Map.of(
                  "AAA", List.of("a1"),
                  "BBB", List.of("bbb1"),
                  "CCC", List.of("ccc1"),
                  "DDD", List.of("ddd1")));
      // Every version is a whole submission on top of the one before.
      for (long v = 2; v <= 4; v++) {
        assertThat(bySite(lake, lake.version(v), CUR)).hasSize((int) v);
      }
      assertThat(lake.removeUnpublished(run -> false)).isZero();
    }
  }

  @Test
  void twoRunsCommittingTheSameSiteAtOnceBothLandAndTheLaterVersionIsCurrent() throws Exception {
    try (IcebergLake setup = open()) {
      setup.commit(LakeFiles.submission(setup, "AAA", "s-a0", "run0", List.of("a0"), "q0"));
    }
    CyclicBarrier start = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<IcebergLake.Version>> done = new ArrayList<>();
      for (String n : List.of("1", "2")) {
        done.add(
            pool.submit(
                () -> {
                  try (IcebergLake lake = open()) {
                    IcebergLake.Submission s =
                        LakeFiles.submission(
                            lake, "AAA", "s-a" + n, "run" + n, List.of("a" + n), "q" + n);
                    start.await();
                    return lake.commit(s);
                  }
                }));
      }
      for (Future<IcebergLake.Version> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    try (IcebergLake lake = open()) {
      IcebergLake.Version last = lake.latest().orElseThrow();
      assertThat(last.version()).isEqualTo(3);
      String winner = last.submissionId().substring("s-a".length());
      String other = winner.equals("1") ? "2" : "1";
      // Each version holds its own submission only: the later one superseded the earlier.
      assertThat(bySite(lake, last, CUR)).isEqualTo(Map.of("AAA", List.of("a" + winner)));
      assertThat(bySite(lake, lake.version(2), CUR)).isEqualTo(Map.of("AAA", List.of("a" + other)));
      assertThat(bySite(lake, last, QUA)).isEqualTo(Map.of("AAA", List.of("q" + winner)));
    }
  }

  @Test
  void thePseudonymIsInNoManifestNorMetadataFile() throws Exception {
    try (IcebergLake lake = open()) {
      IcebergLake.Submission s =
          LakeFiles.submission(
              lake, "AAA", "s-a1", "run1", List.of("ffee0011223344556677"), "ffee0011223344556688");
      lake.commit(s);
      int pid = LakeTables.id(lake.table(CUR).schema(), "participant_id");
      for (DataFile f : s.files().get(CUR)) {
        assertThat(f.lowerBounds()).isNotEmpty().doesNotContainKey(pid);
        assertThat(f.upperBounds()).isNotEmpty().doesNotContainKey(pid);
        assertThat(f.recordCount()).isEqualTo(1);
      }
      for (DataFile f : s.files().get(QUA)) {
        assertThat(f.lowerBounds()).isNullOrEmpty();
      }
      Path warehouse = Path.of(URI.create(lake.warehouse()));
      List<Path> metadata;
      try (Stream<Path> w = Files.walk(warehouse)) {
        metadata =
            w.filter(Files::isRegularFile)
                .filter(p -> p.toString().contains("/metadata/"))
                .collect(Collectors.toList());
      }
      assertThat(metadata).isNotEmpty();
      for (Path p : metadata) {
        String bytes = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
        assertThat(bytes).as(p.toString()).doesNotContain("ffee00112233445566");
      }
    }
  }

  /** Every field of a schema by id: its full name and type, requiredness. */
  private static Map<Integer, String> ids(org.apache.iceberg.Schema s) {
    Map<Integer, String> out = new TreeMap<>();
    org.apache.iceberg.types.TypeUtil.indexById(s.asStruct())
        .forEach(
            (id, f) ->
                out.put(
                    id,
                    s.findColumnName(id)
                        + " "
                        + (f.type().isPrimitiveType() ? f.type() : f.type().typeId())
                        + (f.isOptional() ? " optional" : " required")));
    return out;
  }

  static Path path(DataFile f) {
    return Path.of(URI.create(f.location()));
  }

  @Test
  void theStateOfEveryVersionComesFromTheAuditRecordsInTheCatalog() throws Exception {
    try (IcebergLake lake = open()) {
      assertThat(lake.state()).isEqualTo(org.itbs.core.lake.LakeState.empty());
      commitWithRecord(lake, "A", "sa1", List.of("a1", "a2"));
      commitWithRecord(lake, "B", "sb1", List.of("b1"));
      commitWithRecord(lake, "A", "sa2", List.of("a3"));
      org.itbs.core.lake.LakeState now = lake.state();
      assertThat(now.version()).isEqualTo(3);
      assertThat(now.current()).isEqualTo(Map.of("A", "sa2", "B", "sb1"));
      assertThat(now.submissions())
          .extracting(org.itbs.core.lake.SubmissionRecord::id)
          .containsExactly("sa1", "sb1", "sa2");
      // The record holds the version its commit made, not the one it was built for.
      assertThat(now.submission("sa2").orElseThrow().lakeVersion()).isEqualTo(3);
      org.itbs.core.lake.LakeState two = lake.state(2);
      assertThat(two.current()).isEqualTo(Map.of("A", "sa1", "B", "sb1"));
      assertThat(two.submissions()).hasSize(2);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> lake.state(4))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no version 4");
    }
  }

  private static void commitWithRecord(IcebergLake lake, String site, String id, List<String> ids)
      throws Exception {
    IcebergLake.Submission s = LakeFiles.submission(lake, site, id, "run-" + id, ids, null);
    org.itbs.core.lake.SubmissionRecord rec =
        new org.itbs.core.lake.SubmissionRecord(
            id, site, "2026-01-01", "test", "2026-01-02T00:00:00Z", 0, Map.of(), "fp", null, null);
    lake.commit(new IcebergLake.Submission(id, site, s.run(), s.files(), rec));
  }
}
