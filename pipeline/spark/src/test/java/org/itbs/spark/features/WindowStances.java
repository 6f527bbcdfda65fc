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
 * The features job's baseline kinematics as it was before issue 6 (a window over every frame of a
 * trial and side, then grouped aggregations), kept as the oracle the faster {@link Stances} is
 * compared with: same runners, same peaks.
 */
final class WindowStances {
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

  private WindowStances() {}

  /**
   * Per-stance rows: runner, session, its offset from day 0, trial, side, the stance's {@code FS}
   * frame (empty for the rows outside every stance), whether it is complete, and the maximum of
   * each angle.
   *
   * @param runners site, participant_id, enrolment_date of every runner (small: broadcast)
   * @param frames site and {@link Stances#frameColumns()}
   */
  static Dataset<Row> stances(Dataset<Row> runners, Dataset<Row> frames) {
    Dataset<Row> near =
        frames
            .join(broadcast(runners), KEYS)
            .withColumn(OFF, datediff(col(SESSION), col("enrolment_date")))
            .filter(abs(col(OFF)).leq(Stances.WINDOW_DAYS));
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
            col(Stances.PEAKS[0][0]),
            col(Stances.PEAKS[1][0]),
            col(Stances.PEAKS[2][0]),
            col(Stances.PEAKS[3][0]),
            max(fsFrame)
                .over(steps.rowsBetween(Window.unboundedPreceding(), Window.currentRow()))
                .as(FS),
            max(toFrame).over(steps.rowsBetween(Window.unboundedPreceding(), -1)).as(TO_BEFORE));
    Column inStance =
        col(FS).isNotNull().and(col(TO_BEFORE).isNull().or(col(TO_BEFORE).lt(col(FS))));
    List<Column> aggs = new ArrayList<>();
    for (String[] p : Stances.PEAKS) {
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
   * {@link Stances#PEAKS} outputs. One shuffle by runner; the baseline session (nearest day 0,
   * ties: the earlier) is found by a window over the runner's stance rows, whose rows outside every
   * stance keep sessions without a complete stance in the choice.
   *
   * @param stances the result of {@link #stances}
   */
  static Dataset<Row> peaks(Dataset<Row> stances) {
    Column nearness = struct(abs(col(OFF)), col(OFF));
    List<Column> sideMeans = new ArrayList<>();
    List<Column> runnerMeans = new ArrayList<>();
    for (String[] p : Stances.PEAKS) {
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
