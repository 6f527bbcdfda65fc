package org.itbs.bench;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.itbs.core.dictionary.Dictionary;
import org.itbs.core.dictionary.TableSpec;
import org.itbs.core.validate.ParticipantIndex;
import org.itbs.core.validate.RowValidator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of {@link RowValidator} on {@code gait_frames} rows, the largest table of an export
 * (one row per frame and side at 200 Hz). Each benchmark call validates one row, so the score is
 * rows per second on one thread (one core). Rows come from a seeded generator in the order a gait
 * lab writes them: per runner, trial and frame, the left then the right side, angles with two
 * decimals, foot strike and toe off events every 40 frames. Every row is checked against its
 * participant (reference and session-date window).
 *
 * <p>Run from the repository root:
 *
 * <pre>
 * mvn -B -q package -pl pipeline/bench -am -DskipTests
 * java -jar pipeline/bench/target/benchmarks.jar RowValidatorBench
 * </pre>
 *
 * Add {@code -prof gc} for allocation per row, or {@code -p rows=65536} for one size only.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RowValidatorBench {
  /** Rows generated, validated round-robin: a small hot set and one beyond the CPU caches. */
  @Param({"1024", "262144"})
  public int rows;

  private static final int RUNNERS = 40;
  private static final LocalDate ENROLMENT = LocalDate.of(2024, 3, 4);

  private RowValidator validator;
  private ParticipantIndex participants;
  private String[][] valid;
  private String[][] mixed;
  private int cursor;

  /** Generates the rows and the participant index. */
  @Setup
  public void setUp() {
    TableSpec table = Dictionary.cef1().table("gait_frames");
    validator = new RowValidator(table);
    participants = new ParticipantIndex(List.of("enrolment_date", "followup_end_date"));
    for (int p = 0; p < RUNNERS; p++) {
      participants.accept(runner(p), new LocalDate[] {ENROLMENT, ENROLMENT.plusDays(300)});
    }
    valid = generate(table, rows, new Random(20240304L));
    mixed = new String[rows][];
    int knee = table.indexOf("knee_flexion_deg");
    int frame = table.indexOf("frame");
    for (int i = 0; i < rows; i++) {
      mixed[i] = valid[i].clone();
      // One row in ten is refused: alternately out of range and not a number.
      if (i % 20 == 5) {
        mixed[i][knee] = "130.50";
      } else if (i % 20 == 15) {
        mixed[i][frame] = "1,5";
      }
    }
    // Fail fast if the generator drifts from the dictionary: every generated row must be valid.
    for (String[] row : valid) {
      RowValidator.Result r = validator.validate(row, participants);
      if (!r.valid()) {
        throw new IllegalStateException("generated row refused: " + r.findings());
      }
    }
  }

  private static String runner(int p) {
    return String.format(Locale.ROOT, "RUN-%04d", p);
  }

  /** Rows in dictionary column order, as a gait lab writes them. */
  static String[][] generate(TableSpec table, int count, Random random) {
    List<String[]> out = new ArrayList<>(count);
    String session = ENROLMENT.plusDays(7).toString();
    int n = table.columns().size();
    outer:
    for (int p = 0; ; p = (p + 1) % RUNNERS) {
      for (int trial = 1; trial <= 3; trial++) {
        double phase = random.nextDouble() * 2 * Math.PI;
        for (int frame = 0; frame < 400; frame++) {
          for (String side : new String[] {"L", "R"}) {
            if (out.size() == count) {
              break outer;
            }
            double t = phase + frame * (2 * Math.PI / 140) + ("L".equals(side) ? 0 : Math.PI);
            String[] row = new String[n];
            row[table.indexOf("participant_id")] = runner(p);
            row[table.indexOf("session_date")] = session;
            row[table.indexOf("trial")] = Integer.toString(trial);
            row[table.indexOf("side")] = side;
            row[table.indexOf("frame")] = Integer.toString(frame);
            row[table.indexOf("event")] = frame % 40 == 0 ? "FS" : frame % 40 == 24 ? "TO" : "";
            row[table.indexOf("hip_adduction_deg")] = angle(5 + 8 * Math.sin(t), random);
            row[table.indexOf("pelvic_drop_deg")] = angle(2 + 4 * Math.sin(t + 0.3), random);
            row[table.indexOf("knee_flexion_deg")] = angle(45 + 40 * Math.sin(t + 1), random);
            row[table.indexOf("knee_internal_rotation_deg")] = angle(3 * Math.cos(t), random);
            row[table.indexOf("ankle_dorsiflexion_deg")] = angle(5 + 15 * Math.sin(t - 1), random);
            out.add(row);
          }
        }
      }
    }
    return out.toArray(new String[0][]);
  }

  private static String angle(double degrees, Random random) {
    return String.format(Locale.ROOT, "%.2f", degrees + random.nextGaussian() * 0.5);
  }

  private int next() {
    int i = cursor;
    cursor = i + 1 == rows ? 0 : i + 1;
    return i;
  }

  /** Validates one valid gait frame row: score is rows per second. */
  @Benchmark
  public RowValidator.Result validRows() {
    return validator.validate(valid[next()], participants);
  }

  /** Validates one row of a stream where one row in ten is refused: score is rows per second. */
  @Benchmark
  public RowValidator.Result oneRowInTenRefused() {
    return validator.validate(mixed[next()], participants);
  }
}
