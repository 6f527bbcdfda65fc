package org.itbs.c3d.kinematics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.itbs.c3d.Side;
import org.itbs.core.csv.CsvWriter;

/**
 * Per side and frame of a run, the angles {@code cef-1}'s {@code gait_frames} needs ({@link
 * Angle}), in degrees; NaN where they could not be computed (a segment with fewer than 3 of its
 * markers in that frame after gap filling). Made by {@link MarkerModel} or {@link ModelOutputs}.
 */
public final class GaitAngles {
  /** The columns of {@link #write}, in order. */
  public static final List<String> COLUMNS;

  static {
    List<String> c = new ArrayList<>(List.of("side", "frame", "time"));
    for (Angle a : Angle.values()) {
      c.add(a.column());
    }
    COLUMNS = List.copyOf(c);
  }

  private final double rate;
  private final int firstFrame;
  private final int frames;
  private final String method;
  private final double[][] values;

  GaitAngles(double rate, int firstFrame, int frames, String method) {
    this.rate = rate;
    this.firstFrame = firstFrame;
    this.frames = frames;
    this.method = method;
    this.values = new double[Side.values().length * Angle.values().length][frames];
    for (double[] v : values) {
      java.util.Arrays.fill(v, Double.NaN);
    }
  }

  /** Frames per second (the run's point rate). */
  public double rate() {
    return rate;
  }

  /** The file's number of the first frame. */
  public int firstFrame() {
    return firstFrame;
  }

  /** Number of frames. */
  public int frameCount() {
    return frames;
  }

  /** How the angles were obtained, for messages (the model and marker set, or the mapping). */
  public String method() {
    return method;
  }

  /** The angle in frame {@code f} (0-based), degrees, NaN when unknown. */
  public double value(Side side, Angle angle, int f) {
    return values[index(side, angle)][f];
  }

  /** A copy of the angle over all frames, degrees, NaN where unknown. */
  public double[] series(Side side, Angle angle) {
    return values[index(side, angle)].clone();
  }

  double[] mutableSeries(Side side, Angle angle) {
    return values[index(side, angle)];
  }

  private static int index(Side side, Angle angle) {
    return side.ordinal() * Angle.values().length + angle.ordinal();
  }

  /**
   * Writes the angles as CSV ({@link #COLUMNS}: side {@code L}/{@code R}, the file's frame number,
   * seconds from the first frame, then the angles with 3 decimals, empty where unknown): all frames
   * of the left side, then of the right.
   *
   * @throws IllegalArgumentException when {@code file} exists
   */
  public Path write(Path file) {
    if (Files.exists(file)) {
      throw new IllegalArgumentException(file + " already exists; give an empty --out folder");
    }
    try (CsvWriter w =
        CsvWriter.create(file, CsvWriter.Encoding.PLAIN, COLUMNS.toArray(new String[0]))) {
      for (Side s : Side.values()) {
        for (int f = 0; f < frames; f++) {
          w.text(s.code());
          w.integer((long) firstFrame + f);
          w.fixed(f / rate, 5);
          for (Angle a : Angle.values()) {
            double v = value(s, a, f);
            if (Double.isNaN(v)) {
              w.empty();
            } else {
              w.fixed(v, 3);
            }
          }
          w.endRow();
        }
      }
    }
    return file;
  }
}
