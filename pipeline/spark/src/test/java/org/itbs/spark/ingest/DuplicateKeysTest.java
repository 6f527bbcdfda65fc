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
import org.itbs.core.validate.TypedRow;
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
    assertThat(DuplicateKeys.repeated(List.of(a))).containsExactly(3);
  }

  @Test
  void findsTheRepeatedValuesOfAnyNumberOfArraysAsCountingThemDoes() {
    java.util.Random rnd = new java.util.Random(5);
    for (int k = 1; k <= 11; k++) {
      List<long[]> arrays = new java.util.ArrayList<>();
      Map<Long, Integer> counts = new java.util.TreeMap<>();
      for (int i = 0; i < k; i++) {
        long[] x = new long[rnd.nextInt(300)];
        for (int j = 0; j < x.length; j++) {
          x[j] = rnd.nextInt(2000) - 1000L; // small range: repeats within and across arrays
          counts.merge(x[j], 1, Integer::sum);
        }
        java.util.Arrays.sort(x);
        arrays.add(x);
      }
      long[] expected =
          counts.entrySet().stream()
              .filter(e -> e.getValue() > 1)
              .mapToLong(Map.Entry::getKey)
              .toArray();

      assertThat(DuplicateKeys.repeated(arrays)).as("%d arrays", k).containsExactly(expected);
    }
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
  void theSplitsHashBufferSortsAsArraysSortDoes() {
    java.util.Random rnd = new java.util.Random(17);
    for (int n : new int[] {0, 1, 4095, 4096, 100_000}) {
      long[] values = new long[n];
      for (int i = 0; i < n; i++) {
        values[i] =
            switch (i % 5) {
              case 0 -> rnd.nextLong();
              case 1 -> rnd.nextInt(1000) - 500; // small, both signs: bytes shared by many
              case 2 -> i % 3 == 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
              case 3 -> values[rnd.nextInt(i)]; // repeats
              default -> -rnd.nextLong(1L << 40);
            };
      }
      SplitTask.LongBuffer buffer = new SplitTask.LongBuffer();
      for (long v : values) {
        buffer.add(v);
      }
      long[] expected = values.clone();
      java.util.Arrays.sort(expected);

      assertThat(buffer.toSortedArray()).as("%d values", n).containsExactly(expected);
    }
    SplitTask.LongBuffer same = new SplitTask.LongBuffer();
    for (int i = 0; i < 5000; i++) {
      same.add(42L << 8); // every pass but one skipped
    }
    assertThat(same.toSortedArray()).hasSize(5000).containsOnly(42L << 8);
  }

  @Test
  void theMemoHashesATypedRowAsKeyHashDoesItsBoxedValuesWhateverStringsRepeat() {
    String r1 = "runner-1";
    String r1Again = new String("runner-1".toCharArray()); // equal, another instance
    LocalDate monday = LocalDate.parse("2024-03-04");
    Object[][] rows = {
      {r1, monday, 30.5, 3.0, 1L},
      {r1, monday, 31.5, 3.0, 2L},
      {r1Again, monday, -0.0, 3.0, 2L},
      {"runner-2", null, 0.0, null, 2L},
      {null, monday, 1e300, 3.0, -7L},
      {r1, monday.minusDays(7), 30.5, 3.0, null},
      {r1, monday, 30.5, 3.0, 1L}
    };
    int[][] keys = {{0, 1}, {4, 2, 1, 0}, {3}};
    KeyHash.Memo memo = new KeyHash.Memo(5);
    for (Object[] row : rows) {
      for (int[] key : keys) {
        assertThat(memo.of(TypedRow.of(WEEKS, row), key)).isEqualTo(KeyHash.of(row, key));
      }
    }
    assertThat(memo.of(TypedRow.of(WEEKS, rows[1]), keys[1]))
        .isNotEqualTo(memo.of(TypedRow.of(WEEKS, rows[0]), keys[1]));
    Object[] zero = {r1, null, 0.0, null, null};
    assertThat(memo.of(TypedRow.of(WEEKS, rows[2]), new int[] {0, 2}))
        .as("-0.0 hashes as 0.0")
        .isEqualTo(memo.of(TypedRow.of(WEEKS, zero), new int[] {0, 2}));
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
