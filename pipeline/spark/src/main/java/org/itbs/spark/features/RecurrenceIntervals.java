package org.itbs.spark.features;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_min;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.when;
import static org.itbs.spark.features.LakeInput.PID;
import static org.itbs.spark.features.LakeInput.SITE;
import static org.itbs.spark.features.LakeInput.localJoin;
import static org.itbs.spark.features.LakeInput.sideBySide;
import static org.itbs.spark.features.Runners.ENROL;
import static org.itbs.spark.features.Runners.FOLLOWUP_END;
import static org.itbs.spark.features.Runners.ITBS;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/**
 * The counting-process intervals of the recurrence model R1 (analysis-plan v1), as the reference
 * implementation's loop makes them. Times are days since day 0.
 *
 * <ul>
 *   <li>Risk periods: one from day 0 when prior_itbs = 1, and one from every ITBS injury's
 *       return_to_run_date (the same start twice gives two periods, as in the reference). A period
 *       from {@code s} ends at the first ITBS onset after {@code s} (then it ends in an event) or
 *       at followup_end_date.
 *   <li>For each logged week {@code w} of the runner with {@code w + 7 > s} and {@code w <= end}:
 *       the interval {@code (max(s, w), min(end, w + 7)]}, dropped when of zero length; it carries
 *       the event when the period ends in one and {@code w <= end < w + 7}.
 *   <li>The weeks {@code w − 7}, {@code w − 14}, {@code w − 21}, {@code w − 28} must all be logged
 *       (else the interval is left out): {@code maintenance} is their mean maintenance_sessions,
 *       {@code acwr} the week's distance_km over their mean distance_km (left out when that mean is
 *       0).
 * </ul>
 *
 * <p>As in the reference, an onset on the first day of a logged week leaves no event interval: that
 * week's interval {@code (onset, onset]} has zero length, and the week before does not hold the
 * onset.
 *
 * <p>No shuffle: the three tables are read {@linkplain LakeInput#tableInOnePartition in one
 * partition}, so the ITBS injuries grouped by runner (arrays of onsets and return dates, from which
 * built-in array functions make the periods and their ends), the weeks of runners with a period
 * joined with their periods, and the window per period in week order for {@code lag} (no self-join)
 * all run in one task.
 */
final class RecurrenceIntervals {
  /** How many previous weeks the time-varying covariates need. */
  static final int PREVIOUS_WEEKS = 4;

  private static final String START = "_start";
  private static final String POS = "_period";
  private static final String S = "_s";
  private static final String E = "_e";
  private static final String EVT = "_evt";
  private static final String W = "_w";
  private static final String PREV_OK = "_prev_ok";
  private static final String PREV_KM = "_prev_km";
  private static final String PREV_MAINT = "_prev_maint";

  private RecurrenceIntervals() {}

  /**
   * The intervals, with exactly the columns of {@code data-schemas/analysis/
   * recurrence_intervals.json}.
   */
  static Dataset<Row> build(LakeInput in) {
    Dataset<Row> participants =
        in.tableInOnePartition("participants", PID, ENROL, FOLLOWUP_END, "prior_itbs");
    Dataset<Row> itbs =
        in.tableInOnePartition("injuries", PID, "onset_date", "diagnosis", "return_to_run_date")
            .filter(col("diagnosis").equalTo(ITBS));
    Dataset<Row> weeks =
        in.tableInOnePartition(
            "training_weeks", PID, "week_start", "distance_km", "maintenance_sessions");
    return intervals(participants, itbs, weeks);
  }

  static Dataset<Row> intervals(Dataset<Row> participants, Dataset<Row> itbs, Dataset<Row> weeks) {
    // Per runner with an ITBS injury: its onsets and return-to-run dates (few rows, one shuffle).
    Dataset<Row> episodes =
        itbs.groupBy(SITE, PID)
            .agg(
                collect_list(col("onset_date")).as("_onsets"),
                collect_list(col("return_to_run_date")).as("_returns"));
    Column noDates = array().cast(DataTypes.createArrayType(DataTypes.DateType));
    Column starts =
        concat(
            when(col("prior_itbs").equalTo(1), array(col(ENROL))).otherwise(noDates),
            coalesce(col("_returns"), noDates));
    // One row per period (posexplode keeps two periods with the same start apart, as R does).
    Dataset<Row> periods =
        sideBySide(participants, episodes)
            .select(
                col(SITE),
                col(PID),
                col(ENROL),
                col(FOLLOWUP_END),
                col("_onsets"),
                posexplode(starts).as(new String[] {POS, START}))
            .withColumn(
                "_end_onset",
                array_min(filter(coalesce(col("_onsets"), noDates), on -> on.gt(col(START)))))
            .select(
                col(SITE),
                col(PID),
                col(POS),
                col(ENROL),
                datediff(col(START), col(ENROL)).as(S),
                datediff(coalesce(col("_end_onset"), col(FOLLOWUP_END)), col(ENROL)).as(E),
                col("_end_onset").isNotNull().as(EVT));

    // Every week of a runner with a period, once per period; one window per period, in week order.
    WindowSpec byWeek = Window.partitionBy(SITE, PID, POS).orderBy(W);
    Dataset<Row> perPeriod =
        localJoin(weeks, periods, "inner")
            .select(
                col(SITE),
                col(PID),
                col(POS),
                col(S),
                col(E),
                col(EVT),
                datediff(col("week_start"), col(ENROL)).as(W),
                col("distance_km"),
                col("maintenance_sessions"));
    Column prevOk = lit(true);
    Column prevKm = lit(0.0);
    Column prevMaint = lit(0.0);
    // Oldest week first, as the reference's mean over the weeks in date order.
    for (int k = PREVIOUS_WEEKS; k >= 1; k--) {
      Column lagged = lag(col(W), k).over(byWeek);
      prevOk = prevOk.and(coalesce(lagged.equalTo(col(W).minus(7 * k)), lit(false)));
      prevKm = prevKm.plus(lag(col("distance_km"), k).over(byWeek));
      prevMaint = prevMaint.plus(lag(col("maintenance_sessions"), k).over(byWeek));
    }
    Column start = greatest(col(S), col(W));
    Column stop = least(col(E), col(W).plus(7));
    Column isEvent = col(EVT).and(col(E).geq(col(W))).and(col(E).lt(col(W).plus(7)));
    return perPeriod
        .select(
            col("*"),
            prevOk.as(PREV_OK),
            prevKm.divide(PREVIOUS_WEEKS).as(PREV_KM),
            prevMaint.divide(PREVIOUS_WEEKS).as(PREV_MAINT))
        .filter(
            col(W)
                .plus(7)
                .gt(col(S))
                .and(col(W).leq(col(E)))
                .and(stop.gt(start))
                .and(col(PREV_OK))
                .and(col(PREV_KM).notEqual(0.0)))
        .select(
            col(SITE),
            col(PID),
            start.cast(DataTypes.LongType).as("start"),
            stop.cast(DataTypes.LongType).as("stop"),
            when(isEvent, lit(1L)).otherwise(lit(0L)).as("event"),
            col(PREV_MAINT).as("maintenance"),
            col("distance_km").divide(col(PREV_KM)).as("acwr"));
  }
}
