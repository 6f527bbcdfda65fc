package org.itbs.spark.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.itbs.core.dictionary.Dictionary;
import org.itbs.core.dictionary.TableSpec;
import org.itbs.spark.SparkTestSession;
import org.itbs.spark.parquet.CuratedPartReader;
import org.itbs.spark.parquet.CuratedPartWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuplicateKeysTest {
  private static final TableSpec WEEKS = Dictionary.submission().table("training_weeks");
  private static final int[] KEY = {0, 1};
  private static final String SITE = "CLINA";
  private static SparkSession spark;

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    spark = SparkTestSession.start();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void findsValuesRepeatedWithinAndAcrossSortedArraysOnceEach() {
    long[] a = {Long.MIN_VALUE, -5, 3, 3, 3, 9};
    long[] b = {};
    long[] c = {-5, 4, 9, Long.MAX_VALUE};

    assertThat(DuplicateKeys.repeated(List.of(a, b, c))).containsExactly(-5, 3, 9);
    assertThat(DuplicateKeys.repeated(List.of(new long[] {1, 2}, new long[] {3}))).isEmpty();
    assertThat(DuplicateKeys.repeated(List.of())).isEmpty();
  }

  @Test
  void hashesZeroesAlikeAndTellsKeyOrderAndMissingFromEmpty() {
    assertThat(KeyHash.of(new Object[] {"a1", 0.0}, new int[] {0, 1}))
        .isEqualTo(KeyHash.of(new Object[] {"a1", -0.0}, new int[] {0, 1}));
    assertThat(KeyHash.of(new Object[] {"a1", "b"}, new int[] {0, 1}))
        .isNotEqualTo(KeyHash.of(new Object[] {"b", "a1"}, new int[] {0, 1}));
    assertThat(KeyHash.of(new Object[] {"a", null}, new int[] {0, 1}))
        .isNotEqualTo(KeyHash.of(new Object[] {"a", ""}, new int[] {0, 1}));
  }

  @Test
  void theMemoHashesAsKeyHashDoesWhateverStringsRepeat() {
    String r1 = "runner-1";
    String r1Again = new String("runner-1".toCharArray()); // equal, another instance
    Object[][] rows = {
      {r1, "L", 1L},
      {r1, "L", 2L},
      {r1Again, "R", 2L},
      {"runner-2", "R", null},
      {null, "R", 3L},
      {r1, null, 4L},
      {r1, "L", 4L}
    };
    int[] key = {0, 2, 1};
    KeyHash.Memo memo = new KeyHash.Memo(3);
    for (Object[] row : rows) {
      assertThat(memo.of(row, key)).isEqualTo(KeyHash.of(row, key));
    }
    assertThat(memo.of(rows[1], key)).isNotEqualTo(memo.of(rows[0], key));
  }

  @Test
  void readsBackWhatThePartWriterWroteWithTheSameKeyHashes() {
    Object[] a = week("a1", "2024-03-04", 30.5);
    Object[] b = {"a2", LocalDate.parse("1969-12-29"), -0.0, 3.0, 0L};
    Path cur = tmp.resolve("curated");
    stage(cur, a, b);

    List<Object[]> back = new java.util.ArrayList<>();
    List<Long> lines = new java.util.ArrayList<>();
    try (CuratedPartReader r =
        new CuratedPartReader(
            cur.resolve("part-00000-t0.snappy.parquet"), WEEKS, new int[] {0, 1, 2, 3, 4})) {
      while (r.next()) {
        back.add(r.values());
        lines.add(r.line());
      }
    }

    assertThat(back).hasSize(2);
    assertThat(back.get(0)).containsExactly(a);
    assertThat(back.get(1)).containsExactly(b);
    assertThat(lines).containsExactly(2L, 3L);
    assertThat(KeyHash.of(back.get(1), KEY)).isEqualTo(KeyHash.of(b, KEY));
    try (CuratedPartReader r =
        new CuratedPartReader(cur.resolve("part-00000-t0.snappy.parquet"), WEEKS, KEY)) {
      assertThat(r.next()).isTrue();
      assertThat(r.values()).containsExactly("a1", LocalDate.parse("2024-03-04"), null, null, null);
    }
  }

  @Test
  void writesValuesAsTextAsSparkCastsThemToString() {
    assertThat(DuplicateKeys.asText(31.0)).isEqualTo("31.0");
    assertThat(DuplicateKeys.asText(1e7)).isEqualTo("1.0E7");
    assertThat(DuplicateKeys.asText(LocalDate.of(2024, 3, 4))).isEqualTo("2024-03-04");
    assertThat(DuplicateKeys.asText(7L)).isEqualTo("7");
    assertThat(DuplicateKeys.asText(null)).isNull();
    List<Row> cast =
        spark
            .sql(
                "select cast(31.0D as string), cast(1e7D as string), cast(date'2024-03-04' as string)")
            .collectAsList();
    assertThat(cast.get(0).getString(0)).isEqualTo(DuplicateKeys.asText(31.0));
    assertThat(cast.get(0).getString(1)).isEqualTo(DuplicateKeys.asText(1e7));
    assertThat(cast.get(0).getString(2)).isEqualTo(DuplicateKeys.asText(LocalDate.of(2024, 3, 4)));
  }

  private static Object[] week(String id, String monday, double km) {
    return new Object[] {id, LocalDate.parse(monday), km, 3.0, 1L};
  }

  /** Stages a curated part file of training weeks, rows on lines 2, 3, ... */
  private Map<String, Long> stage(Path cur, Object[]... rows) {
    try (CuratedPartWriter w =
        new CuratedPartWriter(
            Files.createDirectories(cur).resolve("part-00000-t0.snappy.parquet"),
            WEEKS,
            SITE,
            spark.version())) {
      for (int i = 0; i < rows.length; i++) {
        w.write(rows[i], i + 2);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return new TreeMap<>(Map.of("part-00000-t0.snappy.parquet", (long) rows.length));
  }

  private static List<String> files(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void movesNothingWhenOnlyTheHashesOfDifferentKeysCollide() throws IOException {
    Object[] a = week("a1", "2024-03-04", 30.0);
    Object[] b = week("a1", "2024-03-11", 31.0);
    Path cur = tmp.resolve("curated");
    Path qua = Files.createDirectories(tmp.resolve("quarantine"));
    Map<String, Long> rows = stage(cur, a, b);
    long[] collided = {KeyHash.of(a, KEY), KeyHash.of(b, KEY)};
    java.util.Arrays.sort(collided);

    DuplicateKeys.Fixed f =
        DuplicateKeys.fix(
            JavaSparkContext.fromSparkContext(spark.sparkContext()),
            WEEKS,
            SITE,
            "training_weeks.csv",
            List.of("participant_id", "week_start"),
            collided,
            List.of("part-00000-t0.snappy.parquet"),
            cur,
            qua,
            tmp.resolve("tasks"),
            rows,
            spark.version());

    assertThat(f.moved()).isZero();
    assertThat(files(cur)).containsExactly("part-00000-t0.snappy.parquet");
    assertThat(files(qua)).isEmpty();
    assertThat(rows).containsExactly(Map.entry("part-00000-t0.snappy.parquet", 2L));
  }

  @Test
  void rewritesTheCuratedPartWithoutTheDuplicatedRowsAndQuarantinesThem() throws IOException {
    Object[] a = week("a1", "2024-03-04", 30.0);
    Object[] b = week("a1", "2024-03-11", 31.0);
    Object[] c = week("a1", "2024-03-04", 32.5);
    Path cur = tmp.resolve("curated");
    Path qua = Files.createDirectories(tmp.resolve("quarantine"));
    Map<String, Long> rows = stage(cur, a, b, c);

    DuplicateKeys.Fixed f =
        DuplicateKeys.fix(
            JavaSparkContext.fromSparkContext(spark.sparkContext()),
            WEEKS,
            SITE,
            "training_weeks.csv",
            List.of("participant_id", "week_start"),
            new long[] {KeyHash.of(a, KEY)},
            List.of("part-00000-t0.snappy.parquet"),
            cur,
            qua,
            tmp.resolve("tasks"),
            rows,
            spark.version());

    assertThat(f.moved()).isEqualTo(2);
    assertThat(f.movedLines()).containsExactlyInAnyOrder(2L, 4L);
    assertThat(f.movedFirst()).containsExactly("a1", "a1");
    assertThat(files(cur)).doesNotContain("part-00000-t0.snappy.parquet").hasSize(1);
    assertThat(rows.values()).containsExactly(1L);
    List<Row> kept = spark.read().parquet(cur.toString()).collectAsList();
    assertThat(kept).hasSize(1);
    assertThat(kept.get(0).getLong(kept.get(0).fieldIndex("source_line"))).isEqualTo(3L);
    List<Row> moved = spark.read().parquet(qua.toString()).orderBy("source_line").collectAsList();
    assertThat(moved)
        .extracting(r -> r.getLong(r.fieldIndex("source_line")))
        .containsExactly(2L, 4L);
    assertThat(moved.get(1).getString(moved.get(1).fieldIndex("distance_km"))).isEqualTo("32.5");
    // the rewritten files hold the site on every row, as the part files they replace
    assertThat(kept).extracting(r -> r.getString(r.fieldIndex("site"))).containsOnly(SITE);
    assertThat(moved).extracting(r -> r.getString(r.fieldIndex("site"))).containsOnly(SITE);
  }
}
