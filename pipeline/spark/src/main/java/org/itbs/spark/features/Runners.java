package org.itbs.spark.features;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.itbs.spark.features.LakeInput.PID;
import static org.itbs.spark.features.LakeInput.SITE;
import static org.itbs.spark.features.LakeInput.localJoin;
import static org.itbs.spark.features.LakeInput.sideBySide;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * The analysis set: one row per runner of the current submissions, with the derived variables of
 * analysis-plan v1 ("Analysis set and derived variables"), computed as the reference implementation
 * ({@code reference.R}) does. Day offsets are whole days from enrolment_date (day 0); dates in a
 * submission are shifted per runner by whole weeks, so offsets are those of the clinic's data.
 */
final class Runners {
  static final String ENROL = "enrolment_date";
  static final String FOLLOWUP_END = "followup_end_date";
  private static final String OFF = "_off";
  private static final String ONSET = "_onset";
  private static final String END = "_end";
  private static final String KM_WEEK = "km_week";
  private static final String EXPOSURE = "exposure_h";

  /** Assessment columns and the runner variables they give. */
  static final String[][] ASSESSED = {
    {"hip_abduction_torque_nm_kg", "hip_abd"},
    {"hip_external_rotation_torque_nm_kg", "hip_er"},
    {"dorsiflexion_lunge_cm", "df_lunge"},
  };

  /** Assessments this many days or fewer from day 0 can be the baseline assessment of a side. */
  static final int ASSESSMENT_WINDOW_DAYS = 30;

  /** Weeks starting on these days (from day 0, both included) make up the baseline volume. */
  static final int VOLUME_FIRST_DAY = 0;

  static final int VOLUME_LAST_DAY = 27;

  /** Diagnosis of the injury the plan is about. */
  static final String ITBS = "ITBS";

  private Runners() {}

  /**
   * The baseline kinematics ({@link Stances}) of every runner whose baseline gait session has a
   * complete stance, one row per runner, computed once and kept in memory.
   *
   * @param table site, participant_id and the peaks, in the job's session, over {@code rows}
   * @param rows the same rows, persisted: {@link #compute} fills them, {@link #release} frees them
   */
  record Peaks(Dataset<Row> table, JavaRDD<Row> rows) {
    /** Runs the Spark job over the gait frames that fills {@link #rows}. */
    void compute() {
      rows.foreachPartition(partition -> {});
    }

    /** Frees the rows (without waiting). */
    void release() {
      rows.unpersist(false);
    }
  }

  /**
   * Plans the peaks, without computing them. They are planned in a session of their own, without
   * adaptive execution, so that their RDD exists before it runs: the job that computes it ({@link
   * Peaks#compute}) and the runners table's job, planned meanwhile, share its stages and its
   * persisted rows, whichever starts first. Runs the (small) broadcast of the runners' day 0 that
   * the plan holds.
   */
  static Peaks peaks(LakeInput in) {
    SparkSession own = in.spark().newSession();
    own.conf().set("spark.sql.adaptive.enabled", "false");
    LakeInput read = in.in(own);
    Dataset<Row> peaks =
        Stances.peaks(
            read.tableInOnePartition("participants", PID, ENROL),
            read.tableBySite("gait_frames", Stances.frameColumns()));
    if (Boolean.getBoolean("itbs.explain")) {
      peaks.explain("formatted");
    }
    JavaRDD<Row> rows = peaks.javaRDD().persist(StorageLevel.MEMORY_ONLY());
    return new Peaks(in.spark().createDataFrame(rows, peaks.schema()), rows);
  }

  /**
   * The runners' rows, with exactly the columns of {@code data-schemas/analysis/runners.json}.
   *
   * @param peaks the peaks' table ({@link #peaks}), asked for once the rest of the table is built
   *     (they may still be planned on another thread)
   */
  static Dataset<Row> build(LakeInput in, Supplier<Dataset<Row>> peaks) {
    Dataset<Row> participants =
        in.tableInOnePartition(
            "participants",
            PID,
            "sex",
            "age_years",
            ENROL,
            FOLLOWUP_END,
            "height_cm",
            "mass_kg",
            "prior_itbs");
    Dataset<Row> day0 = participants.select(SITE, PID, ENROL);
    Dataset<Row> weeks =
        in.tableInOnePartition("training_weeks", PID, "week_start", "distance_km", "duration_h");
    Dataset<Row> injuries = in.tableInOnePartition("injuries", PID, "onset_date", "diagnosis");
    Dataset<Row> assessments =
        in.tableInOnePartition(
            "assessments",
            PID,
            "assessment_date",
            "side",
            ASSESSED[0][0],
            ASSESSED[1][0],
            ASSESSED[2][0]);

    Dataset<Row> ends = outcome(participants, day0, injuries);

    Column h = col("height_cm").divide(100);
    List<Column> out = new ArrayList<>();
    out.add(col(SITE));
    out.add(col(PID));
    for (String[] p : Stances.PEAKS) {
      out.add(col(p[1]));
    }
    for (String[] a : ASSESSED) {
      out.add(col(a[1]));
    }
    out.add(col(KM_WEEK));
    out.add(when(col("sex").equalTo("F"), lit(1L)).otherwise(lit(0L)).as("sexF"));
    out.add(col("age_years").as("age"));
    out.add(col("mass_kg").divide(h.multiply(h)).as("bmi"));
    out.add(col("prior_itbs"));
    out.add(col("time"));
    out.add(col("event"));
    out.add(coalesce(col(EXPOSURE), lit(0.0)).as(EXPOSURE));
    // Every part holds at most one row per runner and is put beside the runners in their one
    // partition.
    return sideBySide(ends, baselineAssessment(day0, assessments), weekly(ends, weeks), peaks.get())
        .select(out.toArray(Column[]::new));
  }

  /**
   * Per side the assessment nearest day 0 within ±30 days (ties: the earlier), then per runner and
   * variable the mean of the two sides' values; where one side lacks the row or the value, the
   * other side's value (as R's {@code mean(na.rm = TRUE)} over the sides). One aggregation by
   * runner: the nearest row of each side is a {@code min_by} that only that side's rows order.
   */
  static Dataset<Row> baselineAssessment(Dataset<Row> day0, Dataset<Row> assessments) {
    List<Column> values = new ArrayList<>();
    for (String[] a : ASSESSED) {
      values.add(col(a[0]));
    }
    Column row = struct(values.toArray(Column[]::new));
    Column nearness = struct(abs(col(OFF)), col(OFF));
    List<Column> out = new ArrayList<>(List.of(col(SITE), col(PID)));
    for (String[] a : ASSESSED) {
      Column l = col("_l." + a[0]);
      Column r = col("_r." + a[0]);
      out.add(when(l.isNull(), r).when(r.isNull(), l).otherwise(l.plus(r).divide(2)).as(a[1]));
    }
    return localJoin(assessments, day0, "inner")
        .withColumn(OFF, datediff(col("assessment_date"), col(ENROL)))
        .filter(abs(col(OFF)).leq(ASSESSMENT_WINDOW_DAYS))
        .groupBy(SITE, PID)
        .agg(
            min_by(row, when(col("side").equalTo("L"), nearness)).as("_l"),
            min_by(row, when(col("side").equalTo("R"), nearness)).as("_r"))
        .select(out.toArray(Column[]::new));
  }

  /**
   * Every runner with its onset outcome: the first ITBS onset after day 0 ({@code onset_date >
   * enrolment_date}) is the event; without one the runner is censored at followup_end_date. Adds
   * {@code time} (days from day 0), {@code event} (1 or 0) and the end date of the time at risk.
   */
  static Dataset<Row> outcome(Dataset<Row> participants, Dataset<Row> day0, Dataset<Row> injuries) {
    Dataset<Row> first =
        localJoin(injuries.filter(col("diagnosis").equalTo(ITBS)), day0, "inner")
            .filter(col("onset_date").gt(col(ENROL)))
            .groupBy(SITE, PID)
            .agg(min(col("onset_date")).as(ONSET));
    return sideBySide(participants, first)
        .withColumn(END, coalesce(col(ONSET), col(FOLLOWUP_END)))
        .withColumn("time", datediff(col(END), col(ENROL)).cast(DataTypes.LongType))
        .withColumn("event", when(col(ONSET).isNotNull(), lit(1L)).otherwise(lit(0L)));
  }

  /**
   * One pass over the training weeks: {@code km_week}, the mean distance_km of the logged weeks
   * starting on days 0–27, and {@code exposure_h}, the sum of duration_h over the logged weeks
   * whose days [week_start, week_start + 6] overlap the time at risk [day 0, end]. The sum is taken
   * in decimal (each value as its shortest decimal form, as written in the submission), so it is
   * exact and does not depend on the order Spark meets the weeks in; the result is the double
   * nearest to it.
   *
   * @param ends the result of {@link #outcome}
   */
  static Dataset<Row> weekly(Dataset<Row> ends, Dataset<Row> weeks) {
    Column off = datediff(col("week_start"), col(ENROL));
    Column atRisk =
        col("week_start").leq(col(END)).and(date_add(col("week_start"), 6).geq(col(ENROL)));
    return localJoin(weeks, ends.select(SITE, PID, ENROL, END), "inner")
        .groupBy(SITE, PID)
        .agg(
            avg(when(off.between(VOLUME_FIRST_DAY, VOLUME_LAST_DAY), col("distance_km")))
                .as(KM_WEEK),
            sum(when(atRisk, col("duration_h").cast(DataTypes.createDecimalType(38, 18))))
                .cast(DataTypes.DoubleType)
                .as(EXPOSURE));
  }
}
