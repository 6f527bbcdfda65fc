package org.itbs.synth;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.itbs.core.csv.CsvWriter;
import org.itbs.core.dictionary.ColumnSpec;
import org.itbs.core.dictionary.Dictionary;

/**
 * Writes gait_frames.csv of one site: per runner one baseline session within 30 days of enrolment,
 * {@code trials} trials, both sides, 200 Hz, frames numbered from 0 per trial and side. Stances run
 * from a foot strike ({@code FS}) to the toe off ({@code TO}) of that side (stance about 0.25 s,
 * stride about 0.70 s); a trial that ends mid-stance leaves a last {@code FS} without {@code TO}.
 * Each angle is a smooth waveform (quarter-sine rises and falls between the value at foot strike,
 * the stance peak, the value at toe off and the swing extreme) plus 0.1° noise; each stance's peak
 * scatters around the side's peak, which scatters around the runner's latent peak.
 *
 * <p>Calibration (literature.md): peak contralateral pelvic drop 4.0 ± 2.0° and peak hip adduction
 * 10 ± 3.5° (Bramah 2018 controls 3.7 ± 1.9° and 9.7 ± 3.5°; the cohort is mostly runners who stay
 * uninjured), women 2° more hip adduction than men, pelvic drop correlated −0.3 with hip abductor
 * strength and hip adduction 0.4 with pelvic drop; knee flexion passes 30° in early stance
 * (Fairclough 2006) and peaks near 42° in stance and 92° in swing.
 *
 * <p>The per-stance peaks are taken from the printed values (3 decimals), so the runner's mean
 * peaks recorded here are exactly what an analysis derives from the file. Speed: values are
 * computed from table-driven sines and printed by {@link CsvWriter} without formatting objects;
 * nothing of a runner's frames is kept after the row is written.
 */
final class GaitWriter {
  static final int HZ = 200;
  static final String[] FIELDS = {
    "participant_id",
    "session_date",
    "trial",
    "side",
    "frame",
    "event",
    "hip_adduction_deg",
    "pelvic_drop_deg",
    "knee_flexion_deg",
    "knee_internal_rotation_deg",
    "ankle_dorsiflexion_deg"
  };
  private static final int F_ID = 0;
  private static final int F_DATE = 1;
  private static final int F_TRIAL = 2;
  private static final int F_SIDE = 3;
  private static final int F_FRAME = 4;
  private static final int F_EVENT = 5;
  private static final int F_ANGLE0 = 6;
  private static final int ANGLES = 5;
  private static final int HIP_ADD = 0;
  private static final int PELVIC = 1;
  private static final int KNEE_FLEX = 2;
  private static final int KNEE_IR = 3;
  private static final int ANKLE_DF = 4;

  private static final int SIN_STEPS = 1024;
  private static final double[] SIN = new double[SIN_STEPS + 2];
  private static final int NOISE_MASK = 4095;
  private static final double[] NOISE = new double[NOISE_MASK + 1];
  private static final byte[] FS = "FS".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TO = "TO".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EMPTY = new byte[0];
  private static final byte[][] SIDES = {
    "L".getBytes(StandardCharsets.US_ASCII), "R".getBytes(StandardCharsets.US_ASCII)
  };

  static {
    for (int i = 0; i <= SIN_STEPS + 1; i++) {
      SIN[i] = StrictMath.sin(StrictMath.PI / 2 * Math.min(1.0, i / (double) SIN_STEPS));
    }
    Rng r = new Rng(0x6A17L);
    for (int i = 0; i < NOISE.length; i++) {
      NOISE[i] = Math.max(-3.5, Math.min(3.5, r.gaussian()));
    }
  }

  /** Phase of the stance peak, phase of the swing extreme, noise SD, side SD, stride SD. */
  private static final double[] PEAK_PHASE = {0.50, 0.35, 0.40, 0.45, 0.55};

  private static final double[] SWING_PHASE = {0.50, 0.50, 0.45, 0.50, 0.20};
  private static final double[] NOISE_SD = {0.10, 0.08, 0.25, 0.10, 0.12};
  private static final double[] SIDE_SD = {0.8, 0.4, 1.0, 0.8, 1.0};
  private static final double[] STRIDE_SD = {0.6, 0.35, 1.0, 0.6, 0.8};

  private final Site site;
  private final long seed;
  private final int trials;
  private final int frames;
  private final FaultPlan faults;
  private final FaultLog log;
  private final Columns cols;
  private final CsvWriter sink;
  private final int[] fieldAt;
  private final double[] lo = new double[ANGLES];
  private final double[] hi = new double[ANGLES];
  private final byte[][] trialBytes;

  // Per-runner scratch, reused.
  private final double[] fs = new double[ANGLES];
  private final double[] to = new double[ANGLES];
  private final double[] swing = new double[ANGLES];
  private final double[] latent = new double[ANGLES];
  private final double[][] sidePeak = new double[2][ANGLES];
  private final double[][] peakSum = new double[2][ANGLES];
  private final int[] stanceCount = new int[2];
  private int[] strideFs = new int[16];
  private int[] strideTo = new int[16];
  private double[][] stridePeak = new double[16][ANGLES];
  private final long[] millis = new long[ANGLES];
  private final long[] stanceMax = new long[ANGLES];

  GaitWriter(
      Site site,
      long seed,
      int trials,
      double trialSeconds,
      Dictionary dict,
      FaultPlan faults,
      FaultLog log,
      Path dir,
      CsvWriter.Encoding encoding) {
    this.site = site;
    this.seed = seed;
    this.trials = trials;
    this.frames = (int) Math.round(trialSeconds * HZ);
    this.faults = faults;
    this.log = log;
    // frame_rate_hz left out: empty means 200 Hz, the rate every trial here has.
    this.cols = new Columns(dict.table("gait_frames"), java.util.Set.of("frame_rate_hz"), FIELDS);
    this.fieldAt = new int[cols.size()];
    for (int i = 0; i < fieldAt.length; i++) {
      fieldAt[i] = cols.field(i);
    }
    for (int a = 0; a < ANGLES; a++) {
      ColumnSpec c = cols.spec(F_ANGLE0 + a);
      lo[a] = c.min() == null ? -1e6 : c.min().number();
      hi[a] = c.max() == null ? 1e6 : c.max().number();
    }
    trialBytes = new byte[trials + 1][];
    for (int t = 1; t <= trials; t++) {
      trialBytes[t] = Integer.toString(t).getBytes(StandardCharsets.US_ASCII);
    }
    this.sink = CsvWriter.create(dir.resolve(FaultKind.Table.GAIT.file()), encoding, cols.header());
  }

  long rows() {
    return sink.rows();
  }

  void close() {
    sink.close();
  }

  /**
   * Writes the runner's baseline session and sets the runner's mean stance peaks.
   *
   * @param zAbductor the runner's standardised hip abductor strength (weak hips drop the pelvis)
   * @param lunge the runner's latent lunge distance (cm), which shapes peak dorsiflexion
   */
  void write(Runner runner, double zAbductor, double lunge) {
    Rng r = Rng.stream(seed, Streams.GAIT, site.index, runner.index);
    long date = runner.enrol + (long) BaselineWriter.clamp(Math.round(r.normal(0, 6)), -28, 28);
    if (date > runner.end) {
      date = runner.end;
    }
    double strideFrames = r.truncatedNormal(0.70, 0.035, 0.60, 0.82) * HZ;
    double stanceFrames = r.truncatedNormal(0.25, 0.018, 0.20, 0.31) * HZ;
    double zPelvic = -0.3 * zAbductor + 0.954 * r.gaussian();
    double pelvic = BaselineWriter.clamp(4.0 + site.pelvicDropOffset + 1.95 * zPelvic, -2, 17);
    double hipAdd =
        BaselineWriter.clamp(
            10.0
                + site.hipAddOffset
                + (runner.female ? 1.0 : -1.0)
                + 3.3 * (0.4 * zPelvic + 0.917 * r.gaussian()),
            -3,
            30);
    double kneeIr =
        BaselineWriter.clamp(
            4.0 + 2.8 * (0.3 * (hipAdd - 10) / 3.4 + 0.954 * r.gaussian()), -6, 20);
    double dfPeak = BaselineWriter.clamp(16 + 0.5 * (lunge - 11) + 2.5 * r.gaussian(), 4, 35);
    latent[HIP_ADD] = hipAdd;
    latent[PELVIC] = pelvic;
    latent[KNEE_FLEX] = r.truncatedNormal(42, 4, 30, 55);
    latent[KNEE_IR] = kneeIr;
    latent[ANKLE_DF] = dfPeak;
    fs[HIP_ADD] = Math.min(1.5 + r.normal(0, 1), hipAdd - 4);
    to[HIP_ADD] = Math.min(0.5, hipAdd - 4);
    swing[HIP_ADD] = Math.min(fs[HIP_ADD], to[HIP_ADD]) - 3 - Math.abs(r.normal(0, 1.5));
    fs[PELVIC] = Math.min(0.3 + r.normal(0, 0.4), pelvic - 2);
    to[PELVIC] = Math.min(0.0, pelvic - 2);
    swing[PELVIC] = Math.min(fs[PELVIC], to[PELVIC]) - 2 - Math.abs(r.normal(0, 0.8));
    fs[KNEE_FLEX] = r.truncatedNormal(15, 3, 5, 25);
    to[KNEE_FLEX] = r.truncatedNormal(22, 4, 10, 30);
    swing[KNEE_FLEX] = r.truncatedNormal(92, 8, 70, 110);
    fs[KNEE_IR] = Math.min(-0.5 + r.normal(0, 1), kneeIr - 2.5);
    to[KNEE_IR] = Math.min(0.5, kneeIr - 2.5);
    swing[KNEE_IR] = Math.min(fs[KNEE_IR], to[KNEE_IR]) - 2 - Math.abs(r.normal(0, 1.5));
    fs[ANKLE_DF] = Math.min(3 + r.normal(0, 2), dfPeak - 5);
    to[ANKLE_DF] = -12 + r.normal(0, 3);
    swing[ANKLE_DF] = Math.min(to[ANKLE_DF], fs[ANKLE_DF]) - 4 - Math.abs(r.normal(0, 3));
    for (int s = 0; s < 2; s++) {
      for (int a = 0; a < ANGLES; a++) {
        sidePeak[s][a] = latent[a] + r.normal(0, SIDE_SD[a]);
        peakSum[s][a] = 0;
      }
      stanceCount[s] = 0;
    }

    byte[] id = runner.id.getBytes(StandardCharsets.UTF_8);
    byte[] dateBytes = CsvWriter.dateBytes(date);
    long totalRows = (long) trials * 2 * frames;
    long[] targets = new long[0];
    List<FaultKind> kinds = List.of();
    if (faults.active()) {
      kinds = faults.take(FaultKind.Table.GAIT, runner.index, k -> true);
      targets = new long[kinds.size()];
      for (int i = 0; i < targets.length; i++) {
        targets[i] = (long) (faults.rng().nextDouble() * totalRows);
      }
      // Faults land in target order; sort the kinds along with their targets.
      Integer[] order = new Integer[targets.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      long[] t0 = targets;
      Arrays.sort(order, (a, b) -> Long.compare(t0[a], t0[b]));
      List<FaultKind> sortedKinds = new java.util.ArrayList<>();
      long[] sortedTargets = new long[targets.length];
      for (int i = 0; i < order.length; i++) {
        sortedKinds.add(kinds.get(order[i]));
        sortedTargets[i] = targets[order[i]];
      }
      kinds = sortedKinds;
      targets = sortedTargets;
    }
    int nextTarget = 0;
    long pendingAt = targets.length == 0 ? Long.MAX_VALUE : targets[0];
    long ordinal = 0;
    int noise = (int) (r.nextLong() & NOISE_MASK);
    int noiseStep = 1 + 2 * r.nextInt(1000);

    for (int t = 1; t <= trials; t++) {
      for (int s = 0; s < 2; s++) {
        int count = strides(r, strideFrames, stanceFrames, s);
        int k = -1;
        int nextFs = strideFs[0];
        double firstSwing = Math.max(1, (int) (strideFrames - stanceFrames));
        boolean complete = false;
        for (int f = 0; f < frames; f++) {
          if (f == nextFs) {
            k++;
            nextFs = k + 1 < count ? strideFs[k + 1] : Integer.MAX_VALUE;
            complete = strideTo[k] < frames;
            Arrays.fill(stanceMax, Long.MIN_VALUE);
          }
          boolean stance;
          byte[] event = EMPTY;
          if (k < 0) {
            stance = false;
            double q = 1 - (strideFs[0] - f) / firstSwing;
            swingValues(q < 0 ? 0 : q, noise);
          } else if (f <= strideTo[k]) {
            stance = true;
            double p = (f - strideFs[k]) / (double) (strideTo[k] - strideFs[k]);
            stanceValues(p, stridePeak[k], noise);
            if (f == strideFs[k]) {
              event = FS;
            } else if (f == strideTo[k]) {
              event = TO;
            }
          } else {
            stance = false;
            double q = (f - strideTo[k]) / (double) (strideFs[k + 1] - strideTo[k]);
            swingValues(q, noise);
          }
          noise = (noise + noiseStep * ANGLES) & NOISE_MASK;
          if (stance && complete) {
            for (int a = 0; a < ANGLES; a++) {
              if (millis[a] > stanceMax[a]) {
                stanceMax[a] = millis[a];
              }
            }
            if (f == strideTo[k]) {
              for (int a = 0; a < ANGLES; a++) {
                peakSum[s][a] += stanceMax[a] / 1000.0;
              }
              stanceCount[s]++;
            }
          }
          if (ordinal >= pendingAt && !stance) {
            fault(kinds.get(nextTarget), runner, id, dateBytes, t, s, f);
            nextTarget++;
            pendingAt =
                nextTarget < targets.length
                    ? Math.max(ordinal + 1, targets[nextTarget])
                    : Long.MAX_VALUE;
          } else {
            row(id, dateBytes, trialBytes[t], SIDES[s], f, event, -1, null);
          }
          ordinal++;
        }
      }
    }
    double[] mean = new double[ANGLES];
    for (int a = 0; a < ANGLES; a++) {
      double sum = 0;
      int sides = 0;
      for (int s = 0; s < 2; s++) {
        if (stanceCount[s] > 0) {
          sum += peakSum[s][a] / stanceCount[s];
          sides++;
        }
      }
      mean[a] = sides == 0 ? Double.NaN : sum / sides;
    }
    runner.set(Covariate.PEAK_HIP_ADD, mean[HIP_ADD]);
    runner.set(Covariate.PEAK_PELVIC_DROP, mean[PELVIC]);
    runner.peakKneeIr = mean[KNEE_IR];
    runner.peakDf = mean[ANKLE_DF];
  }

  /** Lays out the strides of one trial and side; returns how many start before the trial ends. */
  private int strides(Rng r, double strideFrames, double stanceFrames, int side) {
    int swingFrames = (int) Math.max(1, strideFrames - stanceFrames);
    int f = r.nextInt(swingFrames);
    int n = 0;
    while (true) {
      if (n + 1 >= strideFs.length) {
        strideFs = Arrays.copyOf(strideFs, n * 2 + 2);
        strideTo = Arrays.copyOf(strideTo, n * 2 + 2);
        double[][] p = new double[n * 2 + 2][];
        for (int i = 0; i < p.length; i++) {
          p[i] = i < stridePeak.length ? stridePeak[i] : new double[ANGLES];
        }
        stridePeak = p;
      }
      int stance = (int) Math.round(stanceFrames * (1 + 0.03 * r.gaussian()));
      int stride = (int) Math.round(strideFrames * (1 + 0.015 * r.gaussian()));
      stance = Math.max(20, stance);
      stride = Math.max(stance + 30, stride);
      strideFs[n] = f;
      strideTo[n] = f + stance;
      for (int a = 0; a < ANGLES; a++) {
        stridePeak[n][a] = sidePeak[side][a] + r.normal(0, STRIDE_SD[a]);
      }
      n++;
      if (f >= frames) {
        return n;
      }
      f += stride;
    }
  }

  private static double sine(double x) {
    double pos = x * SIN_STEPS;
    int i = (int) pos;
    double w = pos - i;
    return SIN[i] + (SIN[i + 1] - SIN[i]) * w;
  }

  private void stanceValues(double p, double[] peak, int noise) {
    for (int a = 0; a < ANGLES; a++) {
      double pp = PEAK_PHASE[a];
      double v =
          p <= pp
              ? fs[a] + (peak[a] - fs[a]) * sine(p / pp)
              : to[a] + (peak[a] - to[a]) * sine((1 - p) / (1 - pp));
      store(a, v, noise);
    }
  }

  private void swingValues(double q, int noise) {
    for (int a = 0; a < ANGLES; a++) {
      double qp = SWING_PHASE[a];
      double v =
          q <= qp
              ? to[a] + (swing[a] - to[a]) * sine(q / qp)
              : fs[a] + (swing[a] - fs[a]) * sine((1 - q) / (1 - qp));
      store(a, v, noise);
    }
  }

  private void store(int a, double v, int noise) {
    v += NOISE_SD[a] * NOISE[(noise + a * 977) & NOISE_MASK];
    if (v < lo[a]) {
      v = lo[a];
    } else if (v > hi[a]) {
      v = hi[a];
    }
    millis[a] = CsvWriter.round(v, 3);
  }

  private void row(
      byte[] id,
      byte[] date,
      byte[] trial,
      byte[] side,
      long frame,
      byte[] event,
      int overrideField,
      String overrideValue) {
    CsvWriter out = sink;
    for (int i = 0; i < fieldAt.length; i++) {
      int f = fieldAt[i];
      if (f == overrideField) {
        out.text(overrideValue);
        continue;
      }
      switch (f) {
        case F_ID -> out.field(id);
        case F_DATE -> out.field(date);
        case F_TRIAL -> out.field(trial);
        case F_SIDE -> out.field(side);
        case F_FRAME -> out.integer(frame);
        case F_EVENT -> out.field(event);
        default -> out.scaled(millis[f - F_ANGLE0], 3);
      }
    }
    out.endRow();
  }

  private void fault(
      FaultKind k, Runner runner, byte[] id, byte[] date, int trial, int side, int frame) {
    Rng fr = faults.rng();
    byte[] tb = trialBytes[trial];
    byte[] sb = SIDES[side];
    long line = sink.nextLine();
    int field;
    String value;
    switch (k) {
      case G_HIP_ADDUCTION_SPIKE -> {
        field = F_ANGLE0 + HIP_ADD;
        value = BaselineWriter.decimal(millis[HIP_ADD] + 80_000 + fr.nextInt(20_000), 3);
      }
      case G_KNEE_FLEXION_MISSING -> {
        field = F_ANGLE0 + KNEE_FLEX;
        value = "";
      }
      case G_PELVIC_DROP_SPREADSHEET_ERROR -> {
        field = F_ANGLE0 + PELVIC;
        value = "#VALUE!";
      }
      case G_SIDE_CODE -> {
        field = F_SIDE;
        value = "X";
      }
      case G_SESSION_BEFORE_WINDOW -> {
        field = F_DATE;
        value = java.time.LocalDate.ofEpochDay(runner.enrol - fr.between(35, 90)).toString();
      }
      case G_UNKNOWN_PARTICIPANT -> {
        field = F_ID;
        value = faults.unknownParticipant(site);
      }
      case G_NEGATIVE_FRAME -> {
        field = F_FRAME;
        value = "-" + Math.max(1, frame);
      }
      case G_DUPLICATE_FRAME -> {
        row(id, date, tb, sb, frame, EMPTY, -1, null);
        long second = sink.nextLine();
        row(id, date, tb, sb, frame, EMPTY, -1, null);
        List<String> keyCols =
            List.of(
                cols.name(F_ID),
                cols.name(F_DATE),
                cols.name(F_TRIAL),
                cols.name(F_SIDE),
                cols.name(F_FRAME));
        List<String> keyVals =
            List.of(
                runner.id,
                new String(date, StandardCharsets.US_ASCII),
                Integer.toString(trial),
                side == 0 ? "L" : "R",
                Integer.toString(frame));
        log.duplicate(site, FaultKind.Table.GAIT, line, keyCols, keyVals);
        log.duplicate(site, FaultKind.Table.GAIT, second, keyCols, keyVals);
        return;
      }
      default -> throw new IllegalStateException("not a gait fault: " + k);
    }
    row(id, date, tb, sb, frame, EMPTY, field, value);
    log.row(site, FaultKind.Table.GAIT, line, cols.name(field), value, k.rule);
  }
}
