package org.itbs.c3d;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.itbs.c3d.events.GaitEventDetector;
import org.itbs.c3d.events.GaitEvents;
import org.itbs.c3d.events.GaitEventsCsv;
import org.itbs.core.csv.CsvWriter;

/**
 * Writes a C3D file's data as CSV through the project's {@link CsvWriter} (UTF-8, {@code \n}, a
 * file never replaced):
 *
 * <ul>
 *   <li>{@code points.csv}: {@code frame} (the file's frame number), {@code time} (seconds from the
 *       first frame), then {@code LABEL_x}, {@code LABEL_y}, {@code LABEL_z} per marker, in the
 *       point unit; a missing marker's cells are empty;
 *   <li>{@code analog.csv} (when the file has analog channels): {@code sample}, {@code time}, then
 *       one column per channel label, in the channel's unit;
 *   <li>{@code forces.csv} (when it has force platforms whose channels it recorded): {@code
 *       sample}, {@code time}, then per platform {@code fpN_Fx}, {@code fpN_Fy}, {@code fpN_Fz},
 *       {@code fpN_Mx}, {@code fpN_My}, {@code fpN_Mz}, {@code fpN_COPx}, {@code fpN_COPy}, {@code
 *       fpN_COPz}: force, moment about the surface centre and centre of pressure in the lab frame
 *       ({@link ForcePlatform#forces}); the centre of pressure is empty while the platform is
 *       unloaded;
 *   <li>{@code events.csv}: the trial's foot strikes and toe offs ({@link
 *       org.itbs.c3d.events.GaitEventDetector}: from the file's events, else its force platforms,
 *       else its markers; {@link org.itbs.c3d.events.GaitEventsCsv}), a header alone when none is
 *       found.
 * </ul>
 *
 * Values are printed as the shortest decimal that reads back as the same 32-bit float; times with 5
 * decimals.
 */
public final class C3dExport {
  /** Name of the markers' file. */
  public static final String POINTS = "points.csv";

  /** Name of the analog channels' file. */
  public static final String ANALOG = "analog.csv";

  /** Name of the force platforms' file. */
  public static final String FORCES = "forces.csv";

  private C3dExport() {}

  /**
   * Writes the files of {@code c3d} into {@code dir} (created when missing).
   *
   * @return the files written, in the order above
   * @throws IllegalArgumentException when one of the files already exists in {@code dir}
   * @throws UncheckedIOException when a file cannot be written
   */
  public static List<Path> write(C3dFile c3d, Path dir) {
    List<ForcePlatform> platforms = new ArrayList<>();
    for (ForcePlatform p : c3d.forcePlatforms()) {
      if (p.recordedIn(c3d.analog())) {
        platforms.add(p);
      }
    }
    List<String> names = new ArrayList<>(List.of(POINTS));
    if (c3d.analog().channelCount() > 0) {
      names.add(ANALOG);
    }
    if (!platforms.isEmpty()) {
      names.add(FORCES);
    }
    names.add(GaitEventsCsv.FILE);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    for (String n : names) {
      if (Files.exists(dir.resolve(n))) {
        throw new IllegalArgumentException(
            dir.resolve(n) + " already exists; give an empty --out folder");
      }
    }
    List<Path> out = new ArrayList<>();
    out.add(points(c3d.points(), dir.resolve(POINTS)));
    if (names.contains(ANALOG)) {
      out.add(analog(c3d.analog(), dir.resolve(ANALOG)));
    }
    if (names.contains(FORCES)) {
      out.add(forces(c3d.analog(), platforms, dir.resolve(FORCES)));
    }
    GaitEvents events = GaitEventDetector.withDefaults().detect(c3d);
    out.add(GaitEventsCsv.write(events, dir.resolve(GaitEventsCsv.FILE)));
    return out;
  }

  private static Path points(PointData p, Path file) {
    int n = p.markerCount();
    String[] header = new String[2 + 3 * n];
    header[0] = "frame";
    header[1] = "time";
    for (int m = 0; m < n; m++) {
      String l = p.labels().get(m);
      header[2 + 3 * m] = l + "_x";
      header[3 + 3 * m] = l + "_y";
      header[4 + 3 * m] = l + "_z";
    }
    try (CsvWriter w = CsvWriter.create(file, CsvWriter.Encoding.PLAIN, header)) {
      for (int f = 0; f < p.frameCount(); f++) {
        w.integer((long) p.firstFrame() + f);
        w.fixed(f / p.rate(), 5);
        for (int m = 0; m < n; m++) {
          if (p.missing(f, m)) {
            w.empty();
            w.empty();
            w.empty();
          } else {
            number(w, p.x(f, m));
            number(w, p.y(f, m));
            number(w, p.z(f, m));
          }
        }
        w.endRow();
      }
    }
    return file;
  }

  private static Path analog(AnalogData a, Path file) {
    int n = a.channelCount();
    String[] header = new String[2 + n];
    header[0] = "sample";
    header[1] = "time";
    for (int c = 0; c < n; c++) {
      header[2 + c] = a.labels().get(c);
    }
    try (CsvWriter w = CsvWriter.create(file, CsvWriter.Encoding.PLAIN, header)) {
      for (int s = 0; s < a.sampleCount(); s++) {
        w.integer(s + 1L);
        w.fixed(s / a.rate(), 5);
        for (int c = 0; c < n; c++) {
          number(w, a.value(s, c));
        }
        w.endRow();
      }
    }
    return file;
  }

  private static final String[] FORCE_COLUMNS = {
    "Fx", "Fy", "Fz", "Mx", "My", "Mz", "COPx", "COPy", "COPz"
  };

  private static Path forces(AnalogData a, List<ForcePlatform> platforms, Path file) {
    List<PlatformForces> forces = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("sample", "time"));
    for (ForcePlatform p : platforms) {
      forces.add(p.forces(a));
      for (String c : FORCE_COLUMNS) {
        header.add("fp" + p.number() + "_" + c);
      }
    }
    try (CsvWriter w =
        CsvWriter.create(file, CsvWriter.Encoding.PLAIN, header.toArray(new String[0]))) {
      for (int s = 0; s < a.sampleCount(); s++) {
        w.integer(s + 1L);
        w.fixed(s / a.rate(), 5);
        for (PlatformForces f : forces) {
          for (int k = 0; k < 3; k++) {
            number(w, f.force(s, k));
          }
          for (int k = 0; k < 3; k++) {
            number(w, f.moment(s, k));
          }
          for (int k = 0; k < 3; k++) {
            number(w, f.centerOfPressure(s, k));
          }
        }
        w.endRow();
      }
    }
    return file;
  }

  /** A float as the shortest text that reads back as itself; empty for NaN. */
  private static void number(CsvWriter w, float v) {
    if (Float.isNaN(v)) {
      w.empty();
    } else {
      w.text(Float.toString(v));
    }
  }
}
