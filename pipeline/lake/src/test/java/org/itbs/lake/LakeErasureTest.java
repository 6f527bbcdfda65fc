package org.itbs.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.itbs.core.dictionary.Dictionary;
import org.itbs.core.dictionary.TableSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LakeErasure} on a lake of three submissions: site BBB, then AAA twice (the runner in both:
 * a superseded and a current submission), each written with Iceberg's generic Parquet writer into
 * the tables' data folders, the analysis tables of lake versions 1 and 3 as the features job
 * commits them ({@link IcebergLake#commitAnalysis}), and the plain Parquet analysis folders a lake
 * made before the analysis tables still has.
 *
 * <p>The byte search: every file of the lake's tables and analysis folders is written
 * <b>uncompressed</b> here (the tables' {@code write.parquet.compression-codec} and {@code
 * write.avro.compression-codec} set to {@code uncompressed} before the first commit; the lake's
 * default is snappy), so a pseudonym in a row, a dictionary page or a column statistic is a plain
 * run of bytes; Avro files (manifests, manifest lists) are also decoded and searched record by
 * record, in case a codec compresses them anyway. The test checks the search finds the pseudonym
 * before the erasure, so it can fail.
 */
class LakeErasureTest {
  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;
  private static final Dictionary DICTIONARY = Dictionary.submission();
  private static final TableSpec PARTICIPANTS = DICTIONARY.table("participants");
  private static final TableSpec INJURIES = DICTIONARY.table("injuries");
  private static final TableIdentifier CUR_P = LakeTables.curatedId(PARTICIPANTS);
  private static final TableIdentifier CUR_I = LakeTables.curatedId(INJURIES);
  private static final TableIdentifier QUA_P = LakeTables.quarantineId(PARTICIPANTS);
  private static final TableIdentifier QUA_I = LakeTables.quarantineId(INJURIES);

  /** The runner who withdraws, and the others of the sites. */
  private static final String P = pseudonym("AAA", "RUN-0042");

  private static final String A2 = pseudonym("AAA", "RUN-0043");
  private static final String A3 = pseudonym("AAA", "RUN-0044");
  private static final String A4 = pseudonym("AAA", "RUN-0045");
  private static final String B1 = pseudonym("BBB", "17");
  private static final String B2 = pseudonym("BBB", "18");
  private static final String B3 = pseudonym("BBB", "19");

  @TempDir Path root;
  private IcebergLake lake;
  private final Configuration conf = new Configuration();

  /**
   * A pseudonym as {@code itbs contribute} makes it ({@code org.itbs.contribute.Pseudonymiser}):
   * the lowercase hex of the first 10 bytes of HMAC-SHA256(key, site 0x00 id).
   */
  static String pseudonym(String site, String id) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec("a clinic key of 32 bytes, test..".getBytes(UTF8), "HmacSHA256"));
      mac.update(site.getBytes(UTF8));
      mac.update((byte) 0);
      byte[] h = mac.doFinal(id.getBytes(UTF8));
      return HexFormat.of().formatHex(h, 0, 10);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeEach
  void lakeOfThreeSubmissions() throws Exception {
    lake = IcebergLake.open(root, null, conf);
    for (TableIdentifier id : lake.catalogTables()) {
      lake.table(id)
          .updateProperties()
          .set(TableProperties.PARQUET_COMPRESSION, "uncompressed")
          .set(TableProperties.AVRO_COMPRESSION, "uncompressed")
          .commit();
    }
    // v1: site BBB.
    commit(
        "BBB",
        "sub-b1",
        Map.of(
            CUR_P, List.of(curated(CUR_P, B1, 2), curated(CUR_P, B2, 3)),
            CUR_I, List.of(curated(CUR_I, B1, 2)),
            QUA_P, List.of(refused(QUA_P, B3, 4, "sex", "X"))));
    // v2: site AAA, the runner in curated and in both quarantine tables (as participant_id, and
    // as a finding's value with a trailing space: quarantine keeps values as written).
    commit(
        "AAA",
        "sub-a1",
        Map.of(
            CUR_P, List.of(curated(CUR_P, P, 2), curated(CUR_P, A2, 3)),
            CUR_I, List.of(curated(CUR_I, P, 2), curated(CUR_I, A2, 3)),
            QUA_P, List.of(refused(QUA_P, P, 4, "sex", "X")),
            QUA_I, List.of(refused(QUA_I, P + " ", 4, "participant_id", P + " "))));
    // v3: site AAA again, superseding v2; the runner still in the curated tables. Its files lack
    // the site column, as a migrated lake's do (the erasure's rewrites must hold it).
    commit(
        "AAA",
        "sub-a2",
        Map.of(
            CUR_P,
            List.of(curated(CUR_P, A2, 2), curated(CUR_P, P, 3), curated(CUR_P, A3, 4)),
            CUR_I,
            List.of(curated(CUR_I, P, 2)),
            QUA_P,
            List.of(
                refused(QUA_P, A4, 5, "sex", "Y"),
                // as the clinic's export wrote it: quoted
                refused(QUA_P, "\"" + P + "\"", 6, "sex", "Z")),
            QUA_I,
            List.of()),
        false);
    // The analysis tables as the features job commits them: v1's (BBB only), then v3's (the
    // runner in both tables; v3's is the tables' current state).
    commitAnalysis(
        1,
        List.of(new String[] {"BBB", B1}, new String[] {"BBB", B2}),
        List.<String[]>of(new String[] {"BBB", B1}));
    commitAnalysis(
        3,
        List.of(
            new String[] {"AAA", A2},
            new String[] {"AAA", P},
            new String[] {"AAA", A3},
            new String[] {"BBB", B1},
            new String[] {"BBB", B2}),
        List.of(new String[] {"AAA", P}, new String[] {"AAA", P}, new String[] {"BBB", B1}));
    // Analysis folders as the features job of a lake made before the analysis tables left them
    // (plain Parquet): v1's (BBB only) and v3's.
    analysis(1, "runners", List.of(new String[] {"BBB", B1}, new String[] {"BBB", B2}));
    analysis(
        3,
        "runners",
        List.of(
            new String[] {"AAA", A2},
            new String[] {"AAA", P},
            new String[] {"AAA", A3},
            new String[] {"BBB", B1},
            new String[] {"BBB", B2}));
    analysis(
        3,
        "recurrence_intervals",
        List.of(new String[] {"AAA", P}, new String[] {"AAA", P}, new String[] {"BBB", B1}));
  }

  @AfterEach
  void close() {
    lake.close();
  }

  @Test
  void erasesTheRunnerFromEveryFileAndVersionAndLeavesTheRest() throws Exception {
    assertThat(filesHolding(P))
        .as("the byte search finds the runner before the erasure")
        .anySatisfy(f -> assertThat(f).contains("/curated/participants/data/site=AAA/sub-a1/"))
        .anySatisfy(f -> assertThat(f).contains("/curated/participants/data/site=AAA/sub-a2/"))
        .anySatisfy(f -> assertThat(f).contains("/quarantine/injuries/data/site=AAA/sub-a1/"))
        .anySatisfy(f -> assertThat(f).contains("/analysis/v3/runners.parquet/"))
        .anySatisfy(f -> assertThat(f).contains("/warehouse/analysis/runners/data/site=AAA/"))
        .anySatisfy(
            f -> assertThat(f).contains("/warehouse/analysis/recurrence_intervals/data/site=AAA/"));
    assertThat(codecOf(lake.files(lake.latest().orElseThrow(), CUR_P).get(0).location()))
        .isEqualTo(CompressionCodecName.UNCOMPRESSED);
    Map<String, List<String>> v1 = participants(lake.version(1));
    // A run killed before its version row left a part file that no snapshot names.
    DataFile orphan = write(lake.table(CUR_P), "AAA", "sub-killed", List.of(curated(CUR_P, P, 2)));
    assertThat(Files.exists(Path.of(java.net.URI.create(orphan.location())))).isTrue();

    LakeErasure.Result r =
        new LakeErasure(lake, root.toUri(), conf)
            .erase("AAA", P, "consent withdrawn (GDPR Art. 17)", "run-erase");

    assertThat(filesHolding(P)).as("files under the lake holding the pseudonym").isEmpty();
    IcebergLake.Version latest = lake.latest().orElseThrow();
    assertThat(latest.version()).isEqualTo(4);
    assertThat(latest.submissionId()).isEqualTo("erase-1");
    assertThat(latest.site()).isEqualTo("AAA");
    assertThat(r.version().orElseThrow().version()).isEqualTo(4);
    assertThat(participants(latest))
        .containsEntry(LakeTables.name(CUR_P), sorted(A2, A3, B1, B2))
        .containsEntry(LakeTables.name(CUR_I), sorted(B1))
        .containsEntry(LakeTables.name(QUA_P), sorted(A4, B3))
        .containsEntry(LakeTables.name(QUA_I), List.of());
    // Other runners' rows are kept whole, their source lines included.
    assertThat(
            lake.read(latest, CUR_P).stream()
                .map(
                    x ->
                        x.getField("site")
                            + "/"
                            + x.getField("participant_id")
                            + ":"
                            + x.getField(LakeTables.SOURCE_LINE))
                .sorted()
                .toList())
        .containsExactlyInAnyOrder(
            "AAA/" + A2 + ":2", "AAA/" + A3 + ":4", "BBB/" + B1 + ":2", "BBB/" + B2 + ":3");
    // Rows removed from the current files; the superseded ones were removed whole.
    assertThat(r.rowsRemoved())
        .isEqualTo(
            new TreeMap<>(
                Map.of(
                    "curated.participants", 1L,
                    "curated.injuries", 1L,
                    "quarantine.participants", 1L,
                    "analysis.runners", 1L,
                    "analysis.recurrence_intervals", 2L,
                    "analysis/runners", 1L,
                    "analysis/recurrence_intervals", 2L)));
    // curated.participants, quarantine.participants, analysis.runners' file of AAA, 2 files of
    // the old analysis folders (curated.injuries' and analysis.recurrence_intervals' only rows of
    // AAA were the runner's: removed, no file in their place)
    assertThat(r.filesRewritten()).isEqualTo(5);
    // The rewritten files (from v3's, which lacked the column) hold the site on every row.
    List<String> rewritten = new ArrayList<>();
    for (TableIdentifier id : List.of(CUR_P, QUA_P)) {
      for (DataFile f : lake.files(latest, id)) {
        if (f.location().contains("/site=AAA/erase-1/")) {
          rewritten.add(f.location());
          assertThat(siteColumn(f.location())).as(f.location()).isNotEmpty().containsOnly("AAA");
        }
      }
    }
    assertThat(rewritten).hasSize(2);
    assertThat(r.snapshotsExpired()).isPositive();
    assertThat(r.orphansDeleted()).isPositive();
    assertThat(Files.exists(Path.of(java.net.URI.create(orphan.location())))).isFalse();
    // Every snapshot left in every table still reads whole (no file it names was deleted).
    for (TableIdentifier id : lake.catalogTables()) {
      Table t = lake.table(id);
      for (org.apache.iceberg.Snapshot sn : t.snapshots()) {
        try (org.apache.iceberg.io.CloseableIterable<Record> rows =
            org.apache.iceberg.data.IcebergGenerics.read(t).useSnapshot(sn.snapshotId()).build()) {
          rows.forEach(x -> assertThat(x.toString()).doesNotContain(P));
        }
      }
    }
    // History: v1 holds no file of the runner and reads as before; v2 and v3 did.
    assertThat(r.erasedVersions()).containsExactly(2L, 3L);
    assertThat(participants(lake.version(1))).isEqualTo(v1);
    for (long v : List.of(2L, 3L)) {
      assertThatThrownBy(() -> lake.version(v))
          .isInstanceOf(ErasedVersionException.class)
          .hasMessageMatching(
              "lake version "
                  + v
                  + " was rewritten by an erasure on \\d{4}-\\d{2}-\\d{2};"
                  + " it can no longer be read as it was");
    }
    IcebergLake.Version stale = lake.versions().get(2);
    assertThatThrownBy(() -> lake.read(stale, CUR_P)).isInstanceOf(ErasedVersionException.class);
    assertThatThrownBy(() -> lake.files(stale, CUR_P)).isInstanceOf(ErasedVersionException.class);
    // The analysis tables: v3's analysis is gone with its snapshots (one line: run features
    // again); v1's held no file of the runner and reads as before; the tables' current state is
    // v3's without the runner.
    assertThatThrownBy(() -> lake.analysis(3))
        .isInstanceOf(IcebergLake.ErasedAnalysisException.class)
        .hasMessage(
            "the analysis of lake version 3 was removed by an erasure; run `itbs features` again");
    IcebergLake.AnalysisVersion a1 = lake.analysis(1).orElseThrow();
    assertThat(analysisIds(a1, RUNNERS)).containsExactlyInAnyOrder("BBB/" + B1, "BBB/" + B2);
    assertThat(analysisIds(a1, INTERVALS)).containsExactly("BBB/" + B1);
    assertThat(currentIds(RUNNERS))
        .containsExactlyInAnyOrder("AAA/" + A2, "AAA/" + A3, "BBB/" + B1, "BBB/" + B2);
    assertThat(currentIds(INTERVALS)).containsExactly("BBB/" + B1);
    // The analysis folders keep every other row, and their schema.
    assertThat(analysisRows(3, "runners"))
        .containsExactlyInAnyOrder("AAA/" + A2, "AAA/" + A3, "BBB/" + B1, "BBB/" + B2);
    assertThat(analysisRows(3, "recurrence_intervals")).containsExactly("BBB/" + B1);
    assertThat(analysisRows(1, "runners")).containsExactlyInAnyOrder("BBB/" + B1, "BBB/" + B2);
    // The audit row: when, why, which site, how many rows; no pseudonym.
    assertThat(lake.erasures()).hasSize(1);
    IcebergLake.Erasure audit = lake.erasures().get(0);
    assertThat(audit.erasureId()).isEqualTo("erase-1");
    assertThat(audit.site()).isEqualTo("AAA");
    assertThat(audit.reason()).isEqualTo("consent withdrawn (GDPR Art. 17)");
    assertThat(audit.version()).isEqualTo(4L);
    assertThat(r.supersededRows())
        .isEqualTo(
            Map.of(
                "curated.participants", 1L,
                "curated.injuries", 1L,
                "quarantine.participants", 1L,
                "quarantine.injuries", 1L));
    assertThat(audit.rowsRemoved())
        .startsWith("{\"latest\":{")
        .contains("\"curated.participants\":1")
        .contains("\"superseded\":{");
    assertThat(audit.toString()).doesNotContain(P);
    assertThat(r.toString()).doesNotContain(P);
    // The lake goes on: the next submission of the site commits on top.
    commit("AAA", "sub-a3", Map.of(CUR_P, List.of(curated(CUR_P, A2, 2))));
    assertThat(participants(lake.latest().orElseThrow()).get(LakeTables.name(CUR_P)))
        .isEqualTo(sorted(A2, B1, B2));
  }

  @Test
  void anUnknownParticipantChangesNothing() throws Exception {
    Map<String, Long> before = filesAndSizes();
    String other = pseudonym("AAA", "RUN-9999");
    LakeErasure e = new LakeErasure(lake, root.toUri(), conf);
    assertThatThrownBy(() -> e.erase("AAA", other, "consent withdrawn", "run-x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "site AAA has no row of that participant in any table or version of the lake"
                + " (check the pseudonym and the site); nothing was changed")
        .message()
        .doesNotContain(other);
    // The runner of another site: not found at AAA's partitions either.
    assertThatThrownBy(() -> e.erase("AAA", B1, "consent withdrawn", "run-x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(filesAndSizes()).isEqualTo(before);
    assertThat(lake.versions()).hasSize(3);
    assertThat(lake.erasures()).isEmpty();
  }

  @Test
  void aReasonHoldingThePseudonymIsRefused() {
    LakeErasure e = new LakeErasure(lake, root.toUri(), conf);
    assertThatThrownBy(() -> e.erase("AAA", P, "runner " + P + " withdrew", "run-x"))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .doesNotContain(P);
    assertThat(lake.versions()).hasSize(3);
  }

  // ---------------------------------------------------------------- the lake's files

  private void commit(String site, String sub, Map<TableIdentifier, List<Record>> rows)
      throws IOException {
    commit(site, sub, rows, true);
  }

  private void commit(
      String site, String sub, Map<TableIdentifier, List<Record>> rows, boolean siteColumn)
      throws IOException {
    Map<TableIdentifier, List<DataFile>> files = new LinkedHashMap<>();
    for (Map.Entry<TableIdentifier, List<Record>> e : rows.entrySet()) {
      Table t = lake.table(e.getKey());
      files.put(
          e.getKey(),
          e.getValue().isEmpty()
              ? List.of()
              : List.of(write(t, site, sub, e.getValue(), siteColumn)));
    }
    lake.commit(new IcebergLake.Submission(sub, site, "run-" + sub, files));
  }

  /**
   * A part file as ingest writes it: the table's columns, its field ids, the site on every row
   * (rows are of {@link #fileSchema}).
   */
  static DataFile write(Table t, String site, String sub, List<Record> rows) throws IOException {
    return write(t, site, sub, rows, true);
  }

  /**
   * A part file, with the site column ({@code siteColumn}, as ingest writes them) or without it (as
   * a lake migrated from the layout before Iceberg has them).
   */
  static DataFile write(Table t, String site, String sub, List<Record> rows, boolean siteColumn)
      throws IOException {
    String location = IcebergLake.dataLocation(t, site, sub) + "/part-00000.parquet";
    org.apache.iceberg.PartitionKey key = new org.apache.iceberg.PartitionKey(t.spec(), t.schema());
    Record withSite = org.apache.iceberg.data.GenericRecord.create(t.schema());
    withSite.setField(LakeTables.SITE, site);
    key.partition(withSite);
    DataWriter<Record> w =
        Parquet.writeData(t.io().newOutputFile(location))
            .schema(siteColumn ? t.schema() : fileSchema(t))
            .createWriterFunc(GenericParquetWriter::create)
            .setAll(t.properties())
            .metricsConfig(MetricsConfig.forTable(t))
            .withSpec(t.spec())
            .withPartition(key)
            .overwrite()
            .build();
    try (DataWriter<Record> out = w) {
      for (Record r : rows) {
        if (!siteColumn) {
          out.write(r);
          continue;
        }
        Record full = org.apache.iceberg.data.GenericRecord.create(t.schema());
        for (Types.NestedField f : r.struct().fields()) {
          full.setField(f.name(), r.getField(f.name()));
        }
        full.setField(LakeTables.SITE, site);
        out.write(full);
      }
    }
    return w.toDataFile();
  }

  static Schema fileSchema(Table t) {
    return TypeUtil.selectNot(t.schema(), Set.of(LakeTables.id(t.schema(), LakeTables.SITE)));
  }

  /** A curated row: the runner, the source line, every other column a value of its type. */
  private Record curated(TableIdentifier id, String runner, long line) {
    return curated(lake.table(id), runner, line);
  }

  static Record curated(Table t, String runner, long line) {
    Schema s = fileSchema(t);
    Record r = org.apache.iceberg.data.GenericRecord.create(s);
    for (Types.NestedField f : s.columns()) {
      r.setField(
          f.name(),
          switch (f.type().typeId()) {
            case STRING -> f.name().equals("participant_id") ? runner : "R";
            case LONG -> f.name().equals(LakeTables.SOURCE_LINE) ? line : 1L;
            case DOUBLE -> 1.5;
            case DATE -> LocalDate.of(2024, 3, 1);
            default -> throw new IllegalStateException("type of " + f);
          });
    }
    return r;
  }

  /** A refused row as written, with one finding. */
  private Record refused(
      TableIdentifier id, String runner, long line, String column, String value) {
    return refused(lake.table(id), runner, line, column, value);
  }

  static Record refused(Table t, String runner, long line, String column, String value) {
    Schema s = fileSchema(t);
    Record r = org.apache.iceberg.data.GenericRecord.create(s);
    for (Types.NestedField f : s.columns()) {
      if (f.type().isPrimitiveType()) {
        r.setField(f.name(), f.name().equals("participant_id") ? runner : "v");
      }
    }
    r.setField(LakeTables.SOURCE_FILE, t.name().substring(t.name().lastIndexOf('.') + 1) + ".csv");
    r.setField(LakeTables.SOURCE_LINE, line);
    Types.StructType ft =
        s.findField(LakeTables.FINDINGS).type().asListType().elementType().asStructType();
    Record finding = org.apache.iceberg.data.GenericRecord.create(ft);
    finding.setField("column", column);
    finding.setField("value", value);
    finding.setField("rule", "values");
    finding.setField("message", "not an allowed value");
    r.setField(LakeTables.FINDINGS, List.of(finding));
    return r;
  }

  private static final TableIdentifier RUNNERS =
      LakeTables.analysisId(org.itbs.core.dictionary.AnalysisDictionary.runners());
  private static final TableIdentifier INTERVALS =
      LakeTables.analysisId(org.itbs.core.dictionary.AnalysisDictionary.recurrenceIntervals());

  /** Commits analysis tables for lake version {@code v} as the features job does. */
  private void commitAnalysis(long v, List<String[]> runners, List<String[]> intervals) {
    Map<TableIdentifier, List<Record>> rows = new LinkedHashMap<>();
    rows.put(RUNNERS, analysisRecords(lake.table(RUNNERS), runners));
    rows.put(INTERVALS, analysisRecords(lake.table(INTERVALS), intervals));
    lake.commitAnalysis(
        lake.version(v),
        "analysis-plan v1",
        rows,
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
            .objectNode()
            .put("lake_version", v),
        "run-features-" + v);
  }

  /** Rows of an analysis table: the site and runner given, every other column a value. */
  static List<Record> analysisRecords(Table t, List<String[]> rows) {
    List<Record> out = new ArrayList<>();
    long n = 0;
    for (String[] row : rows) {
      Record r = org.apache.iceberg.data.GenericRecord.create(t.schema());
      for (Types.NestedField f : t.schema().columns()) {
        r.setField(
            f.name(),
            switch (f.name()) {
              case "site" -> row[0];
              case "participant_id" -> row[1];
              default ->
                  switch (f.type().typeId()) {
                    case STRING -> "R";
                    case LONG -> ++n;
                    case DOUBLE -> 1.5;
                    default -> throw new IllegalStateException("type of " + f);
                  };
            });
      }
      out.add(r);
    }
    return out;
  }

  private List<String> analysisIds(IcebergLake.AnalysisVersion a, TableIdentifier id) {
    return lake.read(a, id).stream()
        .map(r -> r.getField("site") + "/" + r.getField("participant_id"))
        .sorted()
        .toList();
  }

  /** The site/runner of every row of an analysis table's current snapshot. */
  private List<String> currentIds(TableIdentifier id) throws IOException {
    List<String> out = new ArrayList<>();
    try (org.apache.iceberg.io.CloseableIterable<Record> rows =
        org.apache.iceberg.data.IcebergGenerics.read(lake.table(id)).build()) {
      rows.forEach(r -> out.add(r.getField("site") + "/" + r.getField("participant_id")));
    }
    return out.stream().sorted().toList();
  }

  private static final MessageType ANALYSIS =
      MessageTypeParser.parseMessageType(
          "message spark_schema { required binary site (STRING); required binary participant_id"
              + " (STRING); optional double peak_hip_add; }");

  /** An analysis table's part file as the features job writes it (plain Parquet, no Iceberg). */
  private void analysis(long version, String table, List<String[]> rows) throws IOException {
    Path dir = root.resolve("analysis/v" + version + "/" + table + ".parquet");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("_SUCCESS"), "");
    SimpleGroupFactory g = new SimpleGroupFactory(ANALYSIS);
    try (ParquetWriter<Group> w =
        ExampleParquetWriter.builder(
                new org.apache.hadoop.fs.Path(dir.resolve("part-00000-c000.parquet").toUri()))
            .withConf(conf)
            .withType(ANALYSIS)
            .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
            .withExtraMetaData(Map.of("org.apache.spark.sql.parquet.row.metadata", "{}"))
            .build()) {
      double x = 1;
      for (String[] row : rows) {
        w.write(
            g.newGroup()
                .append("site", row[0])
                .append("participant_id", row[1])
                .append("peak_hip_add", x++));
      }
    }
  }

  private List<String> analysisRows(long version, String table) throws IOException {
    Path f =
        root.resolve("analysis/v" + version + "/" + table + ".parquet/part-00000-c000.parquet");
    List<String> out = new ArrayList<>();
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(f.toUri());
    try (ParquetFileReader fr = ParquetFileReader.open(HadoopInputFile.fromPath(p, conf))) {
      assertThat(fr.getFooter().getFileMetaData().getSchema()).isEqualTo(ANALYSIS);
      assertThat(fr.getFooter().getFileMetaData().getKeyValueMetaData())
          .containsKey("org.apache.spark.sql.parquet.row.metadata");
    }
    try (ParquetReader<Group> r =
        ParquetReader.builder(new GroupReadSupport(), p).withConf(conf).build()) {
      for (Group g = r.read(); g != null; g = r.read()) {
        out.add(g.getString("site", 0) + "/" + g.getString("participant_id", 0));
      }
    }
    return out.stream().sorted().toList();
  }

  /** The {@code site} column of every row of a data file, read with parquet-hadoop. */
  private List<String> siteColumn(String location) throws IOException {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(location);
    List<String> out = new ArrayList<>();
    try (ParquetReader<Group> r =
        ParquetReader.builder(new GroupReadSupport(), p).withConf(conf).build()) {
      for (Group g = r.read(); g != null; g = r.read()) {
        out.add(g.getString(LakeTables.SITE, 0));
      }
    }
    return out;
  }

  private CompressionCodecName codecOf(String location) throws IOException {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(location);
    try (ParquetFileReader fr = ParquetFileReader.open(HadoopInputFile.fromPath(p, conf))) {
      return fr.getFooter().getBlocks().get(0).getColumns().get(0).getCodec();
    }
  }

  /** Per table, the participant ids at a version, sorted. */
  private Map<String, List<String>> participants(IcebergLake.Version v) {
    Map<String, List<String>> out = new TreeMap<>();
    for (TableIdentifier id : List.of(CUR_P, CUR_I, QUA_P, QUA_I)) {
      out.put(
          LakeTables.name(id),
          lake.read(v, id).stream()
              .map(r -> String.valueOf(r.getField("participant_id")).strip())
              .sorted()
              .toList());
    }
    return out;
  }

  private static List<String> sorted(String... ids) {
    return Stream.of(ids).sorted().toList();
  }

  // ---------------------------------------------------------------- the byte search

  /**
   * Every file under the lake's folder (tables' data, manifests, manifest lists, metadata JSON,
   * catalog.db and its -wal/-shm, analysis folders, checksum files) whose bytes hold the pseudonym
   * as ASCII, or, for an Avro file, one of whose decoded records does.
   */
  private Set<String> filesHolding(String pseudonym) throws IOException {
    byte[] needle = pseudonym.getBytes(StandardCharsets.US_ASCII);
    Set<String> out = new TreeSet<>();
    List<Path> all;
    try (Stream<Path> s = Files.walk(root)) {
      all = s.filter(Files::isRegularFile).toList();
    }
    assertThat(all).anySatisfy(p -> assertThat(p.getFileName().toString()).isEqualTo("catalog.db"));
    for (Path p : all) {
      if (indexOf(Files.readAllBytes(p), needle) >= 0) {
        out.add(root.relativize(p).toString().replace('\\', '/'));
        continue;
      }
      if (p.toString().endsWith(".avro")) {
        try (DataFileReader<GenericRecord> r =
            new DataFileReader<>(p.toFile(), new GenericDatumReader<>())) {
          for (GenericRecord rec : r) {
            if (rec.toString().contains(pseudonym)) {
              out.add(root.relativize(p) + " (decoded)");
              break;
            }
          }
        }
      }
    }
    return out.stream().map(f -> "/" + f).collect(Collectors.toCollection(TreeSet::new));
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private Map<String, Long> filesAndSizes() throws IOException {
    Map<String, Long> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        String n = root.relativize(p).toString();
        if (!n.startsWith("catalog.db")) {
          out.put(n, Files.size(p));
        }
      }
    }
    return out;
  }
}
