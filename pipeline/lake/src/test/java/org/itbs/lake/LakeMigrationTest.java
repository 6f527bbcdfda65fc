package org.itbs.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.mapping.MappingUtil;
import org.apache.iceberg.mapping.NameMapping;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.parquet.schema.PrimitiveType;
import org.itbs.core.dictionary.Dictionary;
import org.itbs.core.dictionary.TableSpec;
import org.itbs.core.lake.Lake;
import org.itbs.core.lake.LakeState;
import org.itbs.core.lake.SubmissionRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LakeMigration} on a lake of the layout before Iceberg ({@code old-lake/old-lake.zip}, made
 * by the ingest of before, see its README): every version reads back through Iceberg's Java reader
 * as the old lake's folders read with plain Parquet, the state is the old one, a stopped migration
 * resumes, and a lake that is not what its audit says is refused.
 */
class LakeMigrationTest {
  private static final Dictionary DICTIONARY = Dictionary.submission();
  private static final Configuration CONF = new Configuration();

  @TempDir Path tmp;

  private Path oldLake() throws IOException {
    Path root = tmp.resolve("lake");
    try (InputStream in = getClass().getResourceAsStream("/old-lake/old-lake.zip");
        ZipInputStream z = new ZipInputStream(in)) {
      for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
        Path p = root.resolve(e.getName()).normalize();
        assertThat(p.startsWith(root)).isTrue();
        if (e.isDirectory()) {
          Files.createDirectories(p);
        } else {
          Files.createDirectories(p.getParent());
          Files.copy(z, p);
        }
      }
    }
    return root;
  }

  private static LakeMigration migration(Path root, List<String> notices) {
    return new LakeMigration(root, CONF, notices::add);
  }

  @Test
  void everyVersionReadsBackAsTheOldLakesFoldersAndTheStateIsTheOldOne() throws Exception {
    Path root = oldLake();
    LakeState old = Lake.at(root).state();
    assertThat(old.version()).isEqualTo(4);
    assertThat(old.submissions()).extracting(SubmissionRecord::site).containsOnlyOnce("CLINB");

    LakeMigration.Result r = migration(root, new ArrayList<>()).migrate();

    assertThat(r.outcome()).isEqualTo(LakeMigration.Outcome.MIGRATED);
    assertThat(r.versions()).isEqualTo(4);
    assertThat(r.resumedAfter()).isZero();
    assertThat(Files.exists(root.resolve(Lake.STATE_FILE))).isFalse();
    assertThat(Files.exists(root.resolve(Lake.STATE_FILE + ".migrated"))).isTrue();
    long withRows = 0;
    long placeholders = 0;
    for (Path p : parquetFiles(root)) {
      if (readOld(p).isEmpty()) {
        placeholders++;
      } else {
        withRows++;
      }
    }
    assertThat(placeholders).as("the fixture has placeholder part files").isPositive();
    assertThat(r.files()).isEqualTo(withRows);
    assertThat(r.emptyFilesSkipped()).isEqualTo(placeholders);

    try (IcebergLake lake = IcebergLake.open(root, null, CONF)) {
      assertThat(lake.state()).isEqualTo(old);
      assertThat(lake.versions()).hasSize(4);
      for (int k = 1; k <= 4; k++) {
        IcebergLake.Version v = lake.version(k);
        SubmissionRecord made = old.submissions().get(k - 1);
        assertThat(v.submissionId()).isEqualTo(made.id());
        assertThat(v.site()).isEqualTo(made.site());
        LakeState oldAtK = stateAt(old, k);
        assertThat(lake.state(k)).isEqualTo(oldAtK);
        long rows = 0;
        for (TableSpec t : DICTIONARY.tables()) {
          for (boolean curated : new boolean[] {true, false}) {
            TableIdentifier id = curated ? LakeTables.curatedId(t) : LakeTables.quarantineId(t);
            Map<String, List<String>> want = oldRows(root, oldAtK, t, curated);
            Map<String, List<String>> got = icebergRows(lake, v, id);
            assertThat(got).as("%s at version %d", id, k).isEqualTo(want);
            rows += got.values().stream().mapToLong(List::size).sum();
            for (DataFile f : lake.files(v, id)) {
              // registered where the old lake wrote them, not copied into the warehouse
              assertThat(f.location()).startsWith(root.toUri().toString());
              assertThat(f.location()).doesNotContain("/" + IcebergLake.WAREHOUSE + "/");
              assertThat(f.recordCount()).isPositive();
            }
          }
        }
        assertThat(rows).as("rows at version %d", k).isPositive();
      }
    }
    // the rows per table over the versions registered, as the command prints them
    Map<String, Long> audit = new TreeMap<>();
    for (SubmissionRecord s : old.submissions()) {
      s.files()
          .values()
          .forEach(
              c -> {
                if (c.accepted() > 0) {
                  audit.merge("curated." + c.table(), c.accepted(), Long::sum);
                }
                if (c.quarantined() > 0) {
                  audit.merge("quarantine." + c.table(), c.quarantined(), Long::sum);
                }
              });
    }
    assertThat(r.rowsPerTable()).isEqualTo(audit);
  }

  @Test
  void filesWithoutFieldIdsAreRegisteredAndReadByName() throws Exception {
    Path root = oldLake();
    LakeState old = Lake.at(root).state();
    for (Path p : parquetFiles(root)) {
      stripFieldIds(p);
    }
    migration(root, new ArrayList<>()).migrate();
    try (IcebergLake lake = IcebergLake.open(root, null, CONF)) {
      IcebergLake.Version v = lake.version(4);
      for (TableSpec t : DICTIONARY.tables()) {
        for (boolean curated : new boolean[] {true, false}) {
          TableIdentifier id = curated ? LakeTables.curatedId(t) : LakeTables.quarantineId(t);
          assertThat(icebergRows(lake, v, id))
              .as("%s", id)
              .isEqualTo(oldRows(root, old, t, curated));
        }
      }
      // the column statistics are those of the right columns (by name, not by position)
      TableIdentifier weeks = LakeTables.curatedId(DICTIONARY.table("training_weeks"));
      int weekStart = LakeTables.id(lake.table(weeks).schema(), "week_start");
      List<DataFile> files = new ArrayList<>();
      try (var tasks =
          lake.table(weeks)
              .newScan()
              .useSnapshot(v.snapshot(weeks).orElseThrow())
              .includeColumnStats()
              .planFiles()) {
        tasks.forEach(task -> files.add(task.file()));
      }
      assertThat(files).isNotEmpty();
      for (DataFile f : files) {
        Path file = Path.of(java.net.URI.create(f.location()));
        LocalDate min =
            readOld(file).stream()
                .map(r -> r.replaceAll(".*week_start=([0-9-]+).*", "$1"))
                .map(LocalDate::parse)
                .min(LocalDate::compareTo)
                .orElseThrow();
        Object lower =
            org.apache.iceberg.types.Conversions.fromByteBuffer(
                org.apache.iceberg.types.Types.DateType.get(), f.lowerBounds().get(weekStart));
        assertThat(LocalDate.ofEpochDay((Integer) lower)).isEqualTo(min);
      }
    }
  }

  @Test
  void aMigratedLakeAndAFolderWithoutLakeHaveNothingToMigrate() throws Exception {
    Path root = oldLake();
    migration(root, new ArrayList<>()).migrate();
    assertThat(migration(root, new ArrayList<>()).migrate().outcome())
        .isEqualTo(LakeMigration.Outcome.ALREADY_MIGRATED);
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertThat(migration(empty, new ArrayList<>()).migrate().outcome())
        .isEqualTo(LakeMigration.Outcome.NOTHING_TO_MIGRATE);
    assertThat(Files.exists(empty.resolve(IcebergLake.CATALOG_FILE))).isFalse();
  }

  @Test
  void aStoppedMigrationResumesAndKeepsTheFilesAStagedSnapshotAdded() throws Exception {
    Path root = oldLake();
    LakeState old = Lake.at(root).state();
    LakeMigration.Result first = migration(root, new ArrayList<>()).migrate(2);
    assertThat(first.versions()).isEqualTo(2);
    assertThat(Files.exists(root.resolve(Lake.STATE_FILE))).isTrue();
    // Killed while staging version 4: a snapshot that no version names adds an old file.
    SubmissionRecord fourth = old.submissions().get(3);
    TableSpec participants = DICTIONARY.table("participants");
    Path part;
    try (Stream<Path> s =
        Files.list(Lake.at(root).curated("participants", fourth.site(), fourth.id()))) {
      part = s.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    try (IcebergLake lake = IcebergLake.open(root, null, CONF)) {
      TableIdentifier id = LakeTables.curatedId(participants);
      DataFile f = IcebergLake.dataFile(lake.table(id), fourth.site(), part.toUri().toString());
      lake.stage(
          new IcebergLake.Submission(
              fourth.id(), fourth.site(), "killed-run", Map.of(id, List.of(f))));
      assertThat(lake.table(id).snapshots()).hasSize(3);
    }

    List<String> notices = new ArrayList<>();
    LakeMigration.Result rest = migration(root, notices).migrate();

    assertThat(rest.resumedAfter()).isEqualTo(2);
    assertThat(rest.versions()).isEqualTo(2);
    assertThat(notices).anyMatch(n -> n.contains("versions 1 to 2 are in the catalog already"));
    assertThat(part).exists();
    try (IcebergLake lake = IcebergLake.open(root, null, CONF)) {
      assertThat(lake.state()).isEqualTo(old);
      IcebergLake.Version v4 = lake.version(4);
      TableIdentifier id = LakeTables.curatedId(participants);
      assertThat(icebergRows(lake, v4, id))
          .isEqualTo(oldRows(root, old, participants, true))
          .containsKey(fourth.site());
      // the staged snapshot is gone: one per version remains
      assertThat(lake.table(id).snapshots()).hasSize(4);
    }
  }

  @Test
  void aCatalogWithAnotherHistoryIsRefusedAndTheOldLakeKept() throws Exception {
    Path root = oldLake();
    try (IcebergLake lake = IcebergLake.open(root, null, CONF)) {
      lake.commit(new IcebergLake.Submission("0123456789abcdef", "CLINZ", "run", Map.of()));
    }
    assertThatThrownBy(() -> migration(root, new ArrayList<>()).migrate())
        .isInstanceOf(LakeMigration.MigrationException.class)
        .hasMessageContaining("has version 1 (submission 0123456789abcdef of site CLINZ)")
        .hasMessageContaining("it is not an earlier migration of this lake");
    assertThat(Files.exists(root.resolve(Lake.STATE_FILE))).isTrue();
  }

  @Test
  void filesThatAreNotTheAuditsAreRefused() throws Exception {
    Path root = oldLake();
    SubmissionRecord first = Lake.at(root).state().submissions().get(0);
    Path folder = Lake.at(root).curated("training_weeks", first.site(), first.id());
    try (Stream<Path> s = Files.list(folder)) {
      Files.delete(s.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow());
    }
    assertThatThrownBy(() -> migration(root, new ArrayList<>()).migrate())
        .isInstanceOf(LakeMigration.MigrationException.class)
        .hasMessageContaining(folder.toString())
        .hasMessageContaining("counts 294 accepted rows of table training_weeks")
        .hasMessageEndingWith("; nothing migrated");
    assertThat(Files.exists(root.resolve(Lake.STATE_FILE))).isTrue();
  }

  @Test
  void aMigrationStoppedByAMissingFileGoesOnOnceTheFileIsBack() throws Exception {
    Path root = oldLake();
    LakeState old = Lake.at(root).state();
    SubmissionRecord third = old.submissions().get(2);
    Path folder = Lake.at(root).curated("gait_frames", third.site(), third.id());
    Path part;
    try (Stream<Path> s = Files.list(folder)) {
      part = s.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    Path aside = Files.move(part, tmp.resolve("aside.parquet"));
    assertThatThrownBy(() -> migration(root, new ArrayList<>()).migrate())
        .isInstanceOf(LakeMigration.MigrationException.class)
        .hasMessageStartingWith(folder + ": 0 rows in its Parquet files")
        .hasMessageEndingWith(
            "; versions 1 to 2 are migrated, the rest not: run again once fixed, it goes on from"
                + " version 3");
    assertThat(root.resolve(Lake.STATE_FILE)).exists();
    Files.move(aside, part);
    LakeMigration.Result r = migration(root, new ArrayList<>()).migrate();
    assertThat(r.resumedAfter()).isEqualTo(2);
    try (IcebergLake lake = IcebergLake.open(root, null, CONF)) {
      assertThat(lake.state()).isEqualTo(old);
    }
  }

  @Test
  void aFileWithoutFieldIdsIsCheckedByNameAndAColumnOfAnotherTypeRefused() {
    TableSpec t = DICTIONARY.table("training_weeks");
    Schema curated = LakeTables.curated(t);
    NameMapping mapping = MappingUtil.create(curated);
    TableIdentifier id = LakeTables.curatedId(t);
    Path file = Path.of("part-0.parquet");
    // as Spark wrote the lake before the part writers: no field ids
    MessageType spark =
        MessageTypeParser.parseMessageType(
            "message spark_schema { required binary participant_id (STRING);"
                + " required int32 week_start (DATE); required double distance_km;"
                + " required double duration_h; required int64 maintenance_sessions;"
                + " required int64 source_line; }");
    LakeMigration.checkTypes(file, id, curated, spark, mapping);
    // an int32 count is read as Iceberg's long (a promotion Iceberg allows)
    LakeMigration.checkTypes(
        file,
        id,
        curated,
        MessageTypeParser.parseMessageType(
            spark.toString().replace("int64 maintenance_sessions", "int32 maintenance_sessions")),
        mapping);
    MessageType dateAsText =
        MessageTypeParser.parseMessageType(
            spark.toString().replace("int32 week_start (DATE)", "binary week_start (STRING)"));
    assertThatThrownBy(() -> LakeMigration.checkTypes(file, id, curated, dateAsText, mapping))
        .isInstanceOf(LakeMigration.MigrationException.class)
        .hasMessage(
            "part-0.parquet: column week_start is string but table curated.training_weeks has"
                + " date");
    MessageType extra =
        MessageTypeParser.parseMessageType(
            spark.toString().replace("required int64 source_line;", "required int64 line;"));
    assertThatThrownBy(() -> LakeMigration.checkTypes(file, id, curated, extra, mapping))
        .hasMessageContaining("column line is not a column of table curated.training_weeks");
  }

  @Test
  void quarantineFindingsAreCheckedAsAListOfStructs() {
    TableSpec t = DICTIONARY.table("injuries");
    Schema q = LakeTables.quarantine(t);
    NameMapping mapping = MappingUtil.create(q);
    TableIdentifier id = LakeTables.quarantineId(t);
    StringBuilder cols = new StringBuilder();
    t.columns()
        .forEach(c -> cols.append(" optional binary ").append(c.name()).append(" (STRING);"));
    String good =
        "message spark_schema { required binary source_file (STRING); required int64 source_line;"
            + cols
            + " required group findings (LIST) { repeated group list { required group element {"
            + " optional binary column (STRING); optional binary value (STRING);"
            + " required binary rule (STRING); required binary message (STRING); } } } }";
    LakeMigration.checkTypes(
        Path.of("q.parquet"), id, q, MessageTypeParser.parseMessageType(good), mapping);
    MessageType flat =
        MessageTypeParser.parseMessageType(
            good.substring(0, good.indexOf(" required group findings"))
                + " required binary findings (STRING); }");
    assertThatThrownBy(() -> LakeMigration.checkTypes(Path.of("q.parquet"), id, q, flat, mapping))
        .hasMessageContaining("column findings is string but table quarantine.injuries has list<");
  }

  // ---------------------------------------------------------------- helpers

  /** The old lake's state at version {@code k}: its first k submissions. */
  private static LakeState stateAt(LakeState s, int k) {
    LakeState out = LakeState.empty();
    for (SubmissionRecord r : s.submissions().subList(0, k)) {
      out = out.with(r);
    }
    return out;
  }

  /** Per site, the rows of a table as the old lake's readers saw them at {@code state}. */
  private static Map<String, List<String>> oldRows(
      Path root, LakeState state, TableSpec t, boolean curated) throws IOException {
    Lake lake = Lake.at(root);
    Map<String, List<String>> out = new TreeMap<>();
    for (Map.Entry<String, String> e : state.current().entrySet()) {
      Path folder =
          curated
              ? lake.curated(t.name(), e.getKey(), e.getValue())
              : lake.quarantine(t.name(), e.getKey(), e.getValue());
      if (!Files.isDirectory(folder)) {
        continue;
      }
      List<String> rows = new ArrayList<>();
      try (Stream<Path> s = Files.list(folder)) {
        for (Path p : s.filter(x -> x.toString().endsWith(".parquet")).toList()) {
          rows.addAll(readOld(p));
        }
      }
      if (!rows.isEmpty()) {
        rows.sort(null);
        out.put(e.getKey(), rows);
      }
    }
    return out;
  }

  /** Per site, the rows of a table at a version, through Iceberg's Java reader. */
  private static Map<String, List<String>> icebergRows(
      IcebergLake lake, IcebergLake.Version v, TableIdentifier id) {
    Map<String, List<String>> out = new TreeMap<>();
    Schema s = lake.table(id).schema();
    for (Record r : lake.read(v, id)) {
      Map<String, String> row = new TreeMap<>();
      for (var f : s.columns()) {
        if (!f.name().equals(LakeTables.SITE)) {
          row.put(f.name(), text(r.getField(f.name())));
        }
      }
      out.computeIfAbsent((String) r.getField(LakeTables.SITE), x -> new ArrayList<>())
          .add(row.toString());
    }
    out.values().forEach(l -> l.sort(null));
    return out;
  }

  private static String text(Object v) {
    if (v instanceof List<?> l) {
      List<String> out = new ArrayList<>();
      l.forEach(x -> out.add(text(x)));
      return out.toString();
    }
    if (v instanceof Record r) {
      Map<String, String> m = new TreeMap<>();
      r.struct().fields().forEach(f -> m.put(f.name(), text(r.getField(f.name()))));
      return m.toString();
    }
    return String.valueOf(v);
  }

  /** The rows of one old part file, read with plain Parquet (no Iceberg, no name mapping). */
  @SuppressWarnings("deprecation") // ParquetReader.builder(ReadSupport, Path): plain and enough
  private static List<String> readOld(Path file) throws IOException {
    List<String> out = new ArrayList<>();
    try (ParquetReader<Group> r =
        ParquetReader.builder(new GroupReadSupport(), new org.apache.hadoop.fs.Path(file.toUri()))
            .withConf(CONF)
            .build()) {
      for (Group g = r.read(); g != null; g = r.read()) {
        out.add(struct(g));
      }
    }
    return out;
  }

  private static String struct(Group g) {
    Map<String, String> m = new TreeMap<>();
    GroupType type = g.getType();
    for (int i = 0; i < type.getFieldCount(); i++) {
      m.put(type.getFieldName(i), value(g, i));
    }
    return m.toString();
  }

  private static String value(Group g, int i) {
    org.apache.parquet.schema.Type t = g.getType().getType(i);
    if (g.getFieldRepetitionCount(i) == 0) {
      return "null";
    }
    if (!t.isPrimitive()) {
      Group v = g.getGroup(i, 0);
      if (t.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < v.getFieldRepetitionCount(0); k++) {
          Group element = v.getGroup(0, k);
          out.add(
              element.getType().getType(0).isPrimitive()
                  ? value(element, 0)
                  : struct(element.getGroup(0, 0)));
        }
        return out.toString();
      }
      return struct(v);
    }
    PrimitiveType p = t.asPrimitiveType();
    return switch (p.getPrimitiveTypeName()) {
      case BINARY -> g.getString(i, 0);
      case INT64 -> Long.toString(g.getLong(i, 0));
      case DOUBLE -> Double.toString(g.getDouble(i, 0));
      case INT32 ->
          p.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation
              ? LocalDate.ofEpochDay(g.getInteger(i, 0)).toString()
              : Long.toString(g.getInteger(i, 0));
      default -> throw new IllegalStateException("unexpected column " + t);
    };
  }

  /**
   * Rewrites a part file as a writer without Iceberg field ids would have (Spark before the lake's
   * own part writers): same columns, types and rows, no ids.
   */
  @SuppressWarnings("deprecation") // ParquetReader.builder(ReadSupport, Path): plain and enough
  private static void stripFieldIds(Path file) throws IOException {
    MessageType withIds;
    try (org.apache.parquet.hadoop.ParquetFileReader r =
        org.apache.parquet.hadoop.ParquetFileReader.open(
            org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(file.toUri()), CONF))) {
      withIds = r.getFooter().getFileMetaData().getSchema();
    }
    MessageType noIds =
        MessageTypeParser.parseMessageType(withIds.toString().replaceAll(" = \\d+", ""));
    assertThat(org.apache.iceberg.parquet.ParquetSchemaUtil.hasIds(noIds)).isFalse();
    List<Group> rows = new ArrayList<>();
    try (ParquetReader<Group> r =
        ParquetReader.builder(new GroupReadSupport(), new org.apache.hadoop.fs.Path(file.toUri()))
            .withConf(CONF)
            .build()) {
      for (Group g = r.read(); g != null; g = r.read()) {
        rows.add(g);
      }
    }
    Files.delete(file);
    try (org.apache.parquet.hadoop.ParquetWriter<Group> w =
        org.apache.parquet.hadoop.example.ExampleParquetWriter.builder(
                new org.apache.hadoop.fs.Path(file.toUri()))
            .withType(noIds)
            .withConf(CONF)
            .build()) {
      for (Group g : rows) {
        w.write(g);
      }
    }
  }

  private static List<Path> parquetFiles(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.toString().endsWith(".parquet"))
          .filter(p -> !p.toString().contains("/" + IcebergLake.WAREHOUSE + "/"))
          .toList();
    }
  }
}
