package org.itbs.spark.features;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;
import static org.itbs.spark.features.LakeInput.KEYS;
import static org.itbs.spark.features.LakeInput.PID;
import static org.itbs.spark.features.LakeInput.SITE;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Baseline kinematics from gait frames, data-parallel from end to end (no frame ever reaches the
 * driver, no user-defined function):
 *
 * <ol>
 *   <li>frames of sessions within ±30 days of day 0 are kept (a broadcast join with the runners);
 *   <li>one window per (runner, session, trial, side), ordered by frame, with two running frames
 *       (rows from the first to the current or the previous one, both incremental): the frame of
 *       the latest {@code FS} at or before each row and the frame of the latest {@code TO} strictly
 *       before it. A row belongs to the stance opened by that {@code FS} when no {@code TO} came
 *       between: so a stance runs from its {@code FS} to the next {@code TO}, both included, and a
 *       second {@code FS} before a {@code TO} restarts it (the earlier one stays incomplete);
 *   <li>one grouped aggregation keyed by that stance (its {@code FS} frame), in the same stage as
 *       the window since its keys include the window's partition keys: per stance the maximum of
 *       each angle and whether it holds its {@code TO} (complete). Rows outside every stance form
 *       one group per trial and side, which keeps sessions without a complete stance in play;
 *   <li>one shuffle of these few rows by runner, and in that stage: the session nearest day 0
 *       (ties: earlier) by a window over the runner's rows; per side the mean over that session's
 *       complete stances; per runner the mean of the sides that have one.
 * </ol>
 *
 * <p>Two shuffles in all, the first of the frames near day 0, the second of one row per stance.
 * Both window frames start at the partition's first row, so Spark computes them incrementally (a
 * frame that ends at the partition's last row and starts after the current row, by contrast, is
 * recomputed for every row).
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
  private static final String FS = "_fs";
  private static final String TO_BEFORE = "_to_before";
  private static final String STANCE = "_stance";
  private static final String COMPLETE = "_complete";

  private Stances() {}

  /** The gait frame columns this step reads. */
  static String[] frameColumns() {
    List<String> c = new ArrayList<>(List.of(PID, SESSION, TRIAL, SIDE, FRAME, EVENT));
    for (String[] p : PEAKS) {
      c.add(p[0]);
    }
    return c.toArray(String[]::new);
  }

  /**
   * Per-stance rows: runner, session, its offset from day 0, trial, side, the stance's {@code FS}
   * frame (empty for the rows outside every stance), whether it is complete, and the maximum of
   * each angle.
   *
   * @param runners site, participant_id, enrolment_date of every runner (small: broadcast)
   * @param frames site and {@link #frameColumns()}
   */
  static Dataset<Row> stances(Dataset<Row> runners, Dataset<Row> frames) {
    Dataset<Row> near =
        frames
            .join(broadcast(runners), KEYS)
            .withColumn(OFF, datediff(col(SESSION), col("enrolment_date")))
            .filter(abs(col(OFF)).leq(WINDOW_DAYS));
    // The runner's pseudonym first: the sort before the window compares an 8-byte prefix of its
    // first key, and the site is the same for most rows.
    WindowSpec steps = Window.partitionBy(PID, SESSION, TRIAL, SIDE, SITE).orderBy(FRAME);
    Column fsFrame = when(col(EVENT).equalTo("FS"), col(FRAME));
    Column toFrame = when(col(EVENT).equalTo("TO"), col(FRAME));
    Dataset<Row> marked =
        near.select(
            col(SITE),
            col(PID),
            col(SESSION),
            col(OFF),
            col(TRIAL),
            col(SIDE),
            col(EVENT),
            col(PEAKS[0][0]),
            col(PEAKS[1][0]),
            col(PEAKS[2][0]),
            col(PEAKS[3][0]),
            max(fsFrame)
                .over(steps.rowsBetween(Window.unboundedPreceding(), Window.currentRow()))
                .as(FS),
            max(toFrame).over(steps.rowsBetween(Window.unboundedPreceding(), -1)).as(TO_BEFORE));
    Column inStance =
        col(FS).isNotNull().and(col(TO_BEFORE).isNull().or(col(TO_BEFORE).lt(col(FS))));
    List<Column> aggs = new ArrayList<>();
    for (String[] p : PEAKS) {
      aggs.add(max(col(p[0])).as(p[0]));
    }
    return marked
        .groupBy(
            col(SITE),
            col(PID),
            col(SESSION),
            col(OFF),
            col(TRIAL),
            col(SIDE),
            when(inStance, col(FS)).as(STANCE))
        .agg(
            max(when(col(EVENT).equalTo("TO"), lit(true)).otherwise(lit(false))).as(COMPLETE),
            aggs.toArray(Column[]::new));
  }

  /**
   * Per runner whose baseline gait session has a complete stance: site, participant_id and the
   * {@link #PEAKS} outputs. One shuffle by runner; the baseline session (nearest day 0, ties: the
   * earlier) is found by a window over the runner's stance rows, whose rows outside every stance
   * keep sessions without a complete stance in the choice.
   *
   * @param stances the result of {@link #stances}
   */
  static Dataset<Row> peaks(Dataset<Row> stances) {
    Column nearness = struct(abs(col(OFF)), col(OFF));
    List<Column> sideMeans = new ArrayList<>();
    List<Column> runnerMeans = new ArrayList<>();
    for (String[] p : PEAKS) {
      sideMeans.add(avg(col(p[0])).as(p[0]));
      runnerMeans.add(avg(col(p[0])).as(p[1]));
    }
    return stances
        .withColumn("_nearest", min(nearness).over(Window.partitionBy(SITE, PID)))
        .filter(col(STANCE).isNotNull().and(col(COMPLETE)).and(nearness.equalTo(col("_nearest"))))
        .groupBy(SITE, PID, SIDE)
        .agg(sideMeans.get(0), sideMeans.subList(1, sideMeans.size()).toArray(Column[]::new))
        .groupBy(SITE, PID)
        .agg(runnerMeans.get(0), runnerMeans.subList(1, runnerMeans.size()).toArray(Column[]::new));
  }
}
