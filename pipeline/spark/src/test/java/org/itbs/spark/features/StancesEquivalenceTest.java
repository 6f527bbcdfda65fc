package org.itbs.spark.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.itbs.spark.SparkTestSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Stances} (frames compacted in the scan's tasks, then one pass over sorted runs) against
 * the window implementation it replaced ({@link WindowStances}), on seeded random gait frames with
 * every case the stance rule has: double foot strikes, stray toe-offs, incomplete last stances,
 * missing frame numbers, sessions tied around day 0 or outside ±30 days, the same pseudonym at two
 * sites, a few empty angles; fed in frame order, in reverse, interleaved by side and shuffled, in
 * one or several partitions.
 */
class StancesEquivalenceTest {
  private static final LocalDate DAY0 = LocalDate.of(2024, 3, 6);
  private static final int[] SESSION_OFFSETS = {-40, -30, -4, 0, 4, 10, 31};

  @TempDir static Path tmp;

  private static SparkSession spark;
  private static List<Row> frames;
  private static Dataset<Row> day0;

  @BeforeAll
  static void generate() {
    spark = SparkTestSession.start();
    Random random = new Random(20260601L);
    frames = new ArrayList<>();
    List<Row> runners = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      String site = i % 5 == 4 ? "SITEB" : "SITEA";
      // Runners 3 (SITEA) and 4 (SITEB) share a pseudonym.
      String pid = String.format(Locale.ROOT, "p%02d", i == 4 ? 3 : i);
      runners.add(RowFactory.create(site, pid, DAY0));
      List<Integer> offsets = new ArrayList<>();
      for (int o : SESSION_OFFSETS) {
        offsets.add(o);
      }
      Collections.shuffle(offsets, random);
      for (int o : offsets.subList(0, 1 + random.nextInt(3))) {
        LocalDate date = DAY0.plusDays(o);
        for (long trial = 1; trial <= 1 + random.nextInt(2); trial++) {
          for (String side : new String[] {"L", "R"}) {
            addTrial(random, site, pid, date, trial, side);
          }
        }
      }
    }
    day0 =
        spark.createDataFrame(
            runners,
            new StructType()
                .add(LakeInput.SITE, DataTypes.StringType, false)
                .add(LakeInput.PID, DataTypes.StringType, false)
                .add("enrolment_date", DataTypes.DateType, false));
  }

  private static void addTrial(
      Random random, String site, String pid, LocalDate date, long trial, String side) {
    int n = 40 + random.nextInt(160);
    for (long frame = 0; frame < n; frame++) {
      if (random.nextInt(50) == 0) {
        continue; // a missing frame number
      }
      double u = random.nextDouble();
      String event = u < 0.04 ? "FS" : u < 0.08 ? "TO" : null;
      Double[] a = new Double[4];
      for (int k = 0; k < 4; k++) {
        a[k] =
            random.nextInt(400) == 0 ? null : Math.round(random.nextGaussian() * 10_000) / 1000.0;
      }
      frames.add(
          RowFactory.create(site, pid, date, trial, side, frame, event, a[0], a[1], a[2], a[3]));
    }
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static StructType frameSchema() {
    StructType schema =
        new StructType()
            .add("participant_id", DataTypes.StringType, false)
            .add("session_date", DataTypes.DateType, false)
            .add("trial", DataTypes.LongType, false)
            .add("side", DataTypes.StringType, false)
            .add("frame", DataTypes.LongType, false)
            .add("event", DataTypes.StringType, true);
    for (String a : Stances.angles()) {
      schema = schema.add(a, DataTypes.DoubleType, true);
    }
    return schema;
  }

  /** All frames with their site, in contiguous slices of the list, in list order. */
  private static Dataset<Row> framesOf(List<Row> rows, int partitions) {
    StructType schema = new StructType().add(LakeInput.SITE, DataTypes.StringType, false);
    for (StructField f : frameSchema().fields()) {
      schema = schema.add(f);
    }
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return spark.createDataFrame(sc.parallelize(rows, partitions), schema);
  }

  /**
   * Per site its frames, without the site, in list order: in {@code partitions} contiguous slices,
   * or written to as many Parquet files and read back (as the lake's frames are read).
   */
  private static Map<String, Dataset<Row>> bySite(List<Row> rows, int partitions, boolean parquet) {
    Map<String, List<Row>> lists = new TreeMap<>();
    for (Row r : rows) {
      Object[] v = new Object[r.length() - 1];
      for (int i = 1; i < r.length(); i++) {
        v[i - 1] = r.get(i);
      }
      lists.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(RowFactory.create(v));
    }
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Map<String, Dataset<Row>> out = new TreeMap<>();
    for (Map.Entry<String, List<Row>> site : lists.entrySet()) {
      Dataset<Row> d =
          spark.createDataFrame(sc.parallelize(site.getValue(), partitions), frameSchema());
      if (parquet) {
        String dir = tmp.resolve(site.getKey() + "-" + UUID.randomUUID()).toUri().toString();
        d.write().parquet(dir);
        d = spark.read().schema(frameSchema()).parquet(dir);
        assertThat(FrameRuns.readsColumnBatches(d, Stances.angles())).as("columnar scan").isTrue();
      } else {
        assertThat(FrameRuns.readsColumnBatches(d, Stances.angles())).as("columnar scan").isFalse();
      }
      out.put(site.getKey(), d);
    }
    return out;
  }

  private static Map<String, Row> byRunner(Dataset<Row> peaks) {
    Map<String, Row> m = new HashMap<>();
    for (Row r : peaks.collectAsList()) {
      m.put(
          r.getString(r.fieldIndex("site")) + "/" + r.getString(r.fieldIndex("participant_id")), r);
    }
    return m;
  }

  /** Peaks from the rows, read as rows and from Parquet, equal the window implementation's. */
  private static void assertSamePeaks(List<Row> rows, int partitions) {
    Map<String, Row> want =
        byRunner(WindowStances.peaks(WindowStances.stances(day0, framesOf(rows, partitions))));
    assertThat(want).hasSizeGreaterThan(8);
    for (boolean parquet : new boolean[] {false, true}) {
      Map<String, Row> got = byRunner(Stances.peaks(day0, bySite(rows, partitions, parquet)));
      assertThat(got.keySet()).isEqualTo(want.keySet());
      for (Map.Entry<String, Row> e : want.entrySet()) {
        for (String[] p : Stances.PEAKS) {
          Row w = e.getValue();
          Row g = got.get(e.getKey());
          String what = p[1] + " of " + e.getKey() + (parquet ? " (Parquet)" : " (rows)");
          if (w.isNullAt(w.fieldIndex(p[1]))) {
            assertThat(g.isNullAt(g.fieldIndex(p[1]))).as(what).isTrue();
          } else {
            double x = w.getDouble(w.fieldIndex(p[1]));
            assertThat(g.getDouble(g.fieldIndex(p[1])))
                .as(what)
                .isCloseTo(x, within(1e-12 * Math.max(1.0, Math.abs(x))));
          }
        }
      }
    }
  }

  @Test
  void peaksEqualTheWindowImplementationsOnFramesInFrameOrder() {
    assertSamePeaks(frames, 1);
    assertSamePeaks(frames, 3);
  }

  @Test
  void peaksEqualTheWindowImplementationsOnFramesInReverseOrShuffledOrInterleavedBySide() {
    List<Row> reversed = new ArrayList<>(frames);
    Collections.reverse(reversed);
    assertSamePeaks(reversed, 2);
    List<Row> shuffled = new ArrayList<>(frames);
    Collections.shuffle(shuffled, new Random(7));
    assertSamePeaks(shuffled, 3);
    List<Row> interleaved = new ArrayList<>(frames);
    interleaved.sort(
        Comparator.<Row, String>comparing(r -> r.getString(0))
            .thenComparing(r -> r.getString(1))
            .thenComparing(r -> r.<LocalDate>getAs(2))
            .thenComparing(r -> r.getLong(3))
            .thenComparing(r -> r.getLong(5))
            .thenComparing(r -> r.getString(4)));
    assertSamePeaks(interleaved, 3);
  }

  @Test
  void compactedRunsGiveTheWindowImplementationExactlyTheStancesOfTheFrames() {
    List<Row> fromFrames = WindowStances.stances(day0, framesOf(frames, 3)).collectAsList();
    long events = frames.stream().filter(r -> !r.isNullAt(6)).count();
    for (boolean parquet : new boolean[] {false, true}) {
      Dataset<Row> runs = FrameRuns.compact(spark, bySite(frames, 3, parquet), Stances.angles());
      assertThat(WindowStances.stances(day0, runs).collectAsList())
          .as(parquet ? "from Parquet" : "from rows")
          .containsExactlyInAnyOrderElementsOf(fromFrames);
      assertThat(runs.count()).isBetween(events, frames.size() / 3L);
      assertThat(runs.filter("event is not null").count()).isEqualTo(events);
    }
  }

  @Test
  void framesInReverseOrderStayOneRowEach() {
    List<Row> reversed = new ArrayList<>(frames);
    Collections.reverse(reversed);
    for (boolean parquet : new boolean[] {false, true}) {
      assertThat(FrameRuns.compact(spark, bySite(reversed, 2, parquet), Stances.angles()).count())
          .isEqualTo(frames.size());
    }
  }
}
