package org.itbs.spark.features;

import static org.apache.spark.sql.functions.col;
import static org.itbs.spark.features.LakeInput.PID;
import static org.itbs.spark.features.LakeInput.SITE;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Baseline kinematics from gait frames (analysis-plan v1): the gait session nearest day 0 within
 * ±30 days (ties: the earlier); per stance the maximum of each angle; per side the mean over that
 * session's complete stances; per runner the mean of the sides that have one. A stance runs from an
 * {@code FS} to the next {@code TO} of its trial and side, both included; a second {@code FS}
 * before that {@code TO} starts a new stance and leaves the earlier one incomplete, and a {@code
 * TO} outside every stance is ignored.
 *
 * <p>One scan of the frames and one shuffle, of rows some 35 times fewer than the frames (no frame
 * reaches the driver):
 *
 * <ol>
 *   <li>in the scan's own tasks, each run of consecutive frames without an event shrinks to one row
 *       holding its maxima ({@link FrameRuns}); frames with an event stay as they are. A stance's
 *       maxima over these rows are its maxima over the frames;
 *   <li>in the same tasks, rows of sessions within ±30 days of day 0 are kept, each with its offset
 *       from day 0 (the runners' day 0, a map read on the driver, travels with the tasks: no join
 *       and no broadcast job), then shuffled by runner and sorted within each partition by runner,
 *       session, trial, side and frame;
 *   <li>one pass over each partition's sorted rows walks every runner's sessions in turn, follows
 *       the stances of each trial and side, and keeps the means of the nearest session.
 * </ol>
 */
final class Stances {
  /** Output columns, each the runner mean of per-side means of per-stance maxima. */
  static final String[][] PEAKS = {
    {"hip_adduction_deg", "peak_hip_add"},
    {"pelvic_drop_deg", "peak_pelvic_drop"},
    {"knee_internal_rotation_deg", "peak_knee_ir"},
    {"ankle_dorsiflexion_deg", "peak_df"},
  };

  /** Sessions this many days or fewer from day 0 can be the baseline session. */
  static final int WINDOW_DAYS = 30;

  private static final String SESSION = "session_date";
  private static final String TRIAL = "trial";
  private static final String SIDE = "side";
  private static final String FRAME = "frame";
  private static final String EVENT = "event";
  private static final String OFF = "_off";

  private Stances() {}

  /** The angle columns whose peaks this step takes. */
  static String[] angles() {
    return Stream.of(PEAKS).map(p -> p[0]).toArray(String[]::new);
  }

  /** The gait frame columns this step reads. */
  static String[] frameColumns() {
    List<String> c = new ArrayList<>(List.of(PID, SESSION, TRIAL, SIDE, FRAME, EVENT));
    c.addAll(List.of(angles()));
    return c.toArray(String[]::new);
  }

  /**
   * Per runner whose baseline gait session has a complete stance: site, participant_id and the
   * {@link #PEAKS} outputs (an output is empty when no complete stance has a value of its angle).
   *
   * @param dayZero per runner ({@link RunnerTables#dayZero}) day 0, in days since 1970-01-01;
   *     frames of other runners are left out
   * @param framesBySite per site its gait frames, {@link #frameColumns()}
   */
  static Dataset<Row> peaks(
      SparkSession spark,
      HashMap<RunnerTables.Key, Integer> dayZero,
      Map<String, Dataset<Row>> framesBySite) {
    StructType in =
        new StructType()
            .add(SITE, DataTypes.StringType, false)
            .add(PID, DataTypes.StringType, false)
            .add(OFF, DataTypes.IntegerType, false)
            .add(TRIAL, DataTypes.LongType, false)
            .add(SIDE, DataTypes.StringType, false)
            .add(FRAME, DataTypes.LongType, false)
            .add(EVENT, DataTypes.StringType, true);
    StructType out =
        new StructType()
            .add(SITE, DataTypes.StringType, false)
            .add(PID, DataTypes.StringType, false);
    for (String[] p : PEAKS) {
      in = in.add(p[0], DataTypes.DoubleType, true);
      out = out.add(p[1], DataTypes.DoubleType, true);
    }
    // A broadcast, not a field of the function: sent once per executor instead of with every task
    // of the scan (about 1 KB per runner); Spark's cleaner drops it once the plan is gone.
    Broadcast<HashMap<RunnerTables.Key, Integer>> day0 =
        JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(dayZero);
    JavaRDD<Row> near =
        FrameRuns.runs(spark, framesBySite, angles()).flatMap(new NearDayZero(day0));
    return spark
        .createDataFrame(near, in)
        .repartition(col(SITE), col(PID))
        // Pseudonym before site: a runner's rows stay together either way, and the sort's prefix
        // (the first key's leading bytes) then tells most rows apart, where the site seldom does.
        .sortWithinPartitions(PID, SITE, OFF, TRIAL, SIDE, FRAME)
        .mapPartitions(new Walk(PEAKS.length), Encoders.row(out));
  }

  /**
   * {@link #peaks} with day 0 from a table: site, participant_id, enrolment_date of every runner
   * (collected to the driver).
   */
  static Dataset<Row> peaks(Dataset<Row> runners, Map<String, Dataset<Row>> framesBySite) {
    HashMap<RunnerTables.Key, Integer> dayZero = new HashMap<>();
    for (Row r : runners.select(SITE, PID, "enrolment_date").collectAsList()) {
      if (!r.isNullAt(2)) {
        dayZero.put(
            new RunnerTables.Key(r.getString(0), r.getString(1)),
            (int) r.<LocalDate>getAs(2).toEpochDay());
      }
    }
    return peaks(runners.sparkSession(), dayZero, framesBySite);
  }

  /**
   * Keeps the compacted rows ({@link FrameRuns#runs}) of runners with a day 0 whose session lies
   * within {@value #WINDOW_DAYS} days of it, the session day replaced by that offset: the rows
   * {@link Walk} reads.
   */
  private static final class NearDayZero implements FlatMapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<HashMap<RunnerTables.Key, Integer>> dayZero;

    NearDayZero(Broadcast<HashMap<RunnerTables.Key, Integer>> dayZero) {
      this.dayZero = dayZero;
    }

    @Override
    public Iterator<Row> call(Row run) {
      Integer day0 = dayZero.value().get(new RunnerTables.Key(run.getString(0), run.getString(1)));
      int off = day0 == null ? Integer.MAX_VALUE : run.getInt(2) - day0;
      if (Math.abs(off) > WINDOW_DAYS) {
        return Collections.emptyIterator();
      }
      Object[] v = new Object[run.length()];
      for (int i = 0; i < v.length; i++) {
        v[i] = run.get(i);
      }
      v[2] = off;
      return List.of(RowFactory.create(v)).iterator();
    }
  }

  /**
   * Walks one partition of rows (site, participant_id, offset, trial, side, frame, event, angles),
   * each runner's rows together and sorted by offset, trial, side and frame: per runner, the means
   * of its nearest session.
   */
  private static final class Walk implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private static final int ANGLES_AT = 7;
    private final int angles;

    Walk(int angles) {
      this.angles = angles;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      List<Row> out = new ArrayList<>();
      Runner runner = null;
      while (rows.hasNext()) {
        Row r = rows.next();
        if (runner == null
            || !runner.site.equals(r.getString(0))
            || !runner.id.equals(r.getString(1))) {
          if (runner != null) {
            runner.emit(out);
          }
          runner = new Runner(r.getString(0), r.getString(1), angles);
        }
        runner.add(r);
      }
      if (runner != null) {
        runner.emit(out);
      }
      return out.iterator();
    }
  }

  /** One runner's sessions, met in offset order; keeps the nearest one met so far. */
  private static final class Runner {
    final String site;
    final String id;
    final int angles;
    Session nearest;
    Session current;

    Runner(String site, String id, int angles) {
      this.site = site;
      this.id = id;
      this.angles = angles;
    }

    void add(Row r) {
      int off = r.getInt(2);
      if (current == null || current.off != off) {
        if (current != null && off < current.off) {
          throw new IllegalStateException(
              "gait rows of runner "
                  + id
                  + " are not in session order: "
                  + off
                  + " after "
                  + current.off);
        }
        finishSession();
        current = new Session(off, angles);
      }
      current.add(r);
    }

    /** Nearest to day 0 wins; sessions come earliest first, so on a tie the earlier stays. */
    private void finishSession() {
      if (current != null && (nearest == null || Math.abs(current.off) < Math.abs(nearest.off))) {
        nearest = current;
      }
    }

    void emit(List<Row> out) {
      finishSession();
      if (nearest == null || nearest.sides.isEmpty()) {
        return;
      }
      Object[] v = new Object[2 + angles];
      v[0] = site;
      v[1] = id;
      for (int a = 0; a < angles; a++) {
        double sum = 0;
        int n = 0;
        for (Means side : nearest.sides.values()) {
          if (side.count[a] > 0) {
            sum += side.sum[a] / side.count[a];
            n++;
          }
        }
        v[2 + a] = n == 0 ? null : sum / n;
      }
      out.add(RowFactory.create(v));
    }
  }

  /** One session: the stances of each trial and side in turn, and per side their means. */
  private static final class Session {
    final int off;
    final int angles;
    final Map<String, Means> sides = new TreeMap<>();
    long trial;
    String side;
    long lastFrame;

    /** The open stance (from its FS, no TO yet), or {@code null} outside every stance. */
    Stance open;

    Session(int off, int angles) {
      this.off = off;
      this.angles = angles;
    }

    void add(Row r) {
      long t = r.getLong(3);
      String s = r.getString(4);
      long frame = r.getLong(5);
      if (side == null || t != trial || !s.equals(side)) {
        trial = t;
        side = s;
        open = null;
      } else if (frame <= lastFrame) {
        throw new IllegalStateException(
            "gait rows of trial "
                + t
                + " side "
                + s
                + " are not in frame order: "
                + frame
                + " after "
                + lastFrame);
      }
      lastFrame = frame;
      String event = r.isNullAt(6) ? null : r.getString(6);
      if ("FS".equals(event)) {
        open = new Stance(angles);
      }
      if (open == null) {
        return;
      }
      open.add(r);
      if ("TO".equals(event)) {
        sides.computeIfAbsent(s, k -> new Means(angles)).add(open);
        open = null;
      }
    }
  }

  /** The maxima of one stance so far, as Spark's {@code max}: nulls skipped, NaN above all. */
  private static final class Stance {
    final double[] max;
    final boolean[] seen;

    Stance(int angles) {
      max = new double[angles];
      seen = new boolean[angles];
    }

    void add(Row r) {
      for (int a = 0; a < max.length; a++) {
        int i = Walk.ANGLES_AT + a;
        if (!r.isNullAt(i)) {
          double v = r.getDouble(i);
          if (!seen[a] || (v != max[a] && Double.compare(v, max[a]) > 0)) {
            max[a] = v;
            seen[a] = true;
          }
        }
      }
    }
  }

  /** Per angle the sum and count of the complete stances' maxima that have a value. */
  private static final class Means {
    final double[] sum;
    final long[] count;

    Means(int angles) {
      sum = new double[angles];
      count = new long[angles];
    }

    void add(Stance s) {
      for (int a = 0; a < sum.length; a++) {
        if (s.seen[a]) {
          sum[a] += s.max[a];
          count[a]++;
        }
      }
    }
  }
}
