package org.itbs.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.itbs.c3d.C3dFile;
import org.itbs.c3d.C3dReader;
import org.itbs.c3d.Side;
import org.itbs.c3d.events.GaitEvent;
import org.itbs.c3d.events.GaitEventDetector;
import org.itbs.c3d.events.GaitEvents;
import org.itbs.c3d.kinematics.Angle;
import org.itbs.c3d.kinematics.GaitAngles;
import org.itbs.c3d.kinematics.JointAngles;
import org.itbs.c3d.kinematics.MarkerFilter;
import org.itbs.contribute.ClinicKey;
import org.itbs.contribute.Pseudonymiser;
import org.itbs.core.csv.CsvWriter;
import org.itbs.core.dictionary.AnalysisDictionary;
import org.itbs.core.dictionary.ColumnSpec;
import org.itbs.core.dictionary.Dictionary;
import org.itbs.core.lake.LakeState;
import org.itbs.spark.LakeReads;
import org.itbs.spark.SparkTestSession;
import org.itbs.spark.features.AnalysisTables;
import org.itbs.spark.features.FeaturesJob;
import org.itbs.spark.ingest.IngestJob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 end to end: a cef-1 export whose gait comes as C3D files (the real RBDS run and static
 * trial and the RIC run and static trial of pipeline/c3d's tests, under made-up participant ids)
 * goes through {@code itbs contribute} → ingest → features, and the two runners get peak_hip_add
 * and peak_pelvic_drop from their real markers: plausible, and equal to the stance peaks of the
 * angles and events that org.itbs.c3d computes directly from the same files.
 */
class C3dContributeToFeaturesTest {
  private static final Path REAL = Path.of("../c3d/src/test/resources/org/itbs/c3d");
  private static final String[][] RUNNERS = {
    {"RUNNER-A", "2024-03-04", "RBDS001runT35.c3d", "RBDS001static.c3d"},
    {"RUNNER-B", "2024-03-11", "RIC_20140515T133244_run.c3d", "RIC_20140515T133244_static.c3d"}
  };

  @TempDir static Path tmp;
  private static SparkSession spark;
  private static CliRun contribute;
  private static Map<String, Row> runners;
  private static Path key;

  @BeforeAll
  static void contributeIngestAndDeriveFeatures() throws Exception {
    Path raw = Files.createDirectories(tmp.resolve("export"));
    StringBuilder participants =
        new StringBuilder(
            "participant_id,sex,birth_date,enrolment_date,followup_end_date,height_cm,mass_kg,"
                + "prior_itbs\n");
    StringBuilder assessments =
        new StringBuilder(
            "participant_id,assessment_date,side,hip_abduction_torque_nm_kg,"
                + "dorsiflexion_lunge_cm\n");
    StringBuilder weeks =
        new StringBuilder(
            "participant_id,week_start,distance_km,duration_h,maintenance_sessions\n");
    StringBuilder index =
        new StringBuilder("participant_id,session_date,trial,run_file,static_file\n");
    Path gait = Files.createDirectories(raw.resolve("gait"));
    for (String[] r : RUNNERS) {
      participants.append(r[0]).append(",F,1990-01-01,").append(r[1]);
      participants.append(",2025-03-01,170,62,0\n");
      assessments.append(r[0]).append(',').append(r[1]).append(",L,1.8,11\n");
      assessments.append(r[0]).append(',').append(r[1]).append(",R,1.9,12\n");
      weeks.append(r[0]).append(',').append(r[1]).append(",30,3,2\n");
      index.append(r[0]).append(',').append(r[1]).append(",1,").append(r[2]);
      index.append(',').append(r[3]).append('\n');
      Files.copy(REAL.resolve(r[2]), gait.resolve(r[2]));
      Files.copy(REAL.resolve(r[3]), gait.resolve(r[3]));
    }
    Files.writeString(raw.resolve("participants.csv"), participants, UTF_8);
    Files.writeString(raw.resolve("assessments.csv"), assessments, UTF_8);
    Files.writeString(raw.resolve("training_weeks.csv"), weeks, UTF_8);
    Files.writeString(
        raw.resolve("injuries.csv"),
        "participant_id,onset_date,side,diagnosis,return_to_run_date\n",
        UTF_8);
    Files.writeString(gait.resolve("index.csv"), index, UTF_8);

    key = tmp.resolve("clinic.key");
    ClinicKey.generate(key);
    Path submission = tmp.resolve("submission");
    contribute =
        CliRun.of(
            "contribute",
            raw.toString(),
            "--site",
            "GAITLAB",
            "--key-file",
            key.toString(),
            "--out",
            submission.toString());
    assertThat(contribute.status()).as(contribute.err()).isZero();

    spark = SparkTestSession.start();
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    Path lake = tmp.resolve("lake");
    new IngestJob(spark, quiet).ingest(submission, lake);
    LakeState state = LakeReads.state(lake);
    assertThat(state.current()).containsKey("GAITLAB");
    FeaturesJob.Result result = new FeaturesJob(spark, quiet).run(lake);
    runners = new HashMap<>();
    for (Row r :
        spark
            .read()
            .parquet(AnalysisTables.files(lake, result, AnalysisDictionary.runners()))
            .collectAsList()) {
      runners.put(r.getString(r.fieldIndex("participant_id")), r);
    }
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void contributeSaysWhatBecameOfTheTrials() {
    assertThat(contribute.out())
        .contains("gait/index.csv: 2 trial(s): 2 converted from C3D into ")
        .contains(", 0 withheld");
  }

  @Test
  void bothRunnersGetTheirStancePeaksFromTheirRealMarkers() {
    Pseudonymiser p = Pseudonymiser.of(ClinicKey.read(key), "GAITLAB");
    for (String[] r : RUNNERS) {
      Row row = runners.get(p.pseudonymise(r[0]).id());
      assertThat(row).as(r[0]).isNotNull();
      double hip = row.getDouble(row.fieldIndex("peak_hip_add"));
      double drop = row.getDouble(row.fieldIndex("peak_pelvic_drop"));
      C3dFile run = C3dReader.read(REAL.resolve(r[2]));
      C3dFile statik = C3dReader.read(REAL.resolve(r[3]));
      GaitAngles angles = JointAngles.of(run, statik, null, null, MarkerFilter.DEFAULT);
      GaitEvents events = GaitEventDetector.withDefaults().detect(run);
      double[] expected = peaks(angles, events, Angle.HIP_ADDUCTION, Angle.PELVIC_DROP);
      System.out.printf(
          "%s (%s): peak_hip_add %.3f (direct %.3f), peak_pelvic_drop %.3f (direct %.3f)%n",
          r[0], r[2], hip, expected[0], drop, expected[1]);
      // Running: hip adduction peaks at some 5-20 deg in stance, pelvic drop at some 2-12 deg.
      assertThat(hip).as("peak_hip_add of %s", r[0]).isBetween(3.0, 25.0);
      assertThat(drop).as("peak_pelvic_drop of %s", r[0]).isBetween(1.0, 15.0);
      // The frames as the clinic wrote them (3 decimals): the same peaks to rounding.
      assertThat(hip).isCloseTo(expected[0], within(1e-9));
      assertThat(drop).isCloseTo(expected[1], within(1e-9));
    }
  }

  /**
   * Whether a frame's angle reaches the lake: known, and within the dictionary's range once written
   * with 3 decimals (the clinic sends a value out of range as a {@code [withheld: range]} marker
   * and ingest quarantines its row, e.g. RBDS's left knee rotation below -40 deg).
   */
  private static boolean valid(Angle angle, double v) {
    if (Double.isNaN(v)) {
      return false;
    }
    ColumnSpec c = Dictionary.cef1().table("gait_frames").column(angle.column()).orElseThrow();
    double x = CsvWriter.printed(v, 3);
    return x >= c.min().number() && x <= c.max().number();
  }

  /**
   * Per angle, the analysis plan's peak computed straight from org.itbs.c3d's output: per side the
   * mean over complete stances (an FS to the next TO of that side, both included; an FS before the
   * TO starts again) of the stance's maximum, over the frames whose five angles are known and in
   * range (the rows the lake accepts); then the mean of the two sides.
   */
  private static double[] peaks(GaitAngles a, GaitEvents events, Angle... wanted) {
    double[] out = new double[wanted.length];
    for (int k = 0; k < wanted.length; k++) {
      List<Double> sideMeans = new ArrayList<>();
      for (Side side : Side.values()) {
        Map<Integer, String> event = new HashMap<>();
        for (GaitEvent e : events.events()) {
          if (e.side() == side) {
            event.putIfAbsent(
                e.frame() - a.firstFrame(), e.kind() == GaitEvent.Kind.FOOT_STRIKE ? "FS" : "TO");
          }
        }
        double sum = 0;
        int stances = 0;
        Double max = null;
        for (int f = 0; f < a.frameCount(); f++) {
          boolean valid = true;
          for (Angle x : Angle.values()) {
            valid &= valid(x, a.value(side, x, f));
          }
          if (!valid) {
            continue;
          }
          String e = event.get(f);
          if ("FS".equals(e)) {
            max = Double.NEGATIVE_INFINITY;
          }
          if (max == null) {
            continue;
          }
          max = Math.max(max, CsvWriter.printed(a.value(side, wanted[k], f), 3));
          if ("TO".equals(e)) {
            sum += max;
            stances++;
            max = null;
          }
        }
        assertThat(stances).as("complete stances of %s", side).isGreaterThan(10);
        sideMeans.add(sum / stances);
      }
      out[k] = sideMeans.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
    return out;
  }
}
