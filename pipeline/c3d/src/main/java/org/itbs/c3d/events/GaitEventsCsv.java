package org.itbs.c3d.events;

import java.nio.file.Path;
import org.itbs.core.csv.CsvWriter;

/**
 * Writes gait events as CSV through the project's {@link CsvWriter} (a file never replaced): {@code
 * side} ({@code left}, {@code right}), {@code kind} ({@code foot_strike}, {@code toe_off}), {@code
 * frame} (the file's frame number), {@code time} (seconds from the first frame, 5 decimals), {@code
 * source} ({@code event-group}, {@code force-platform}, {@code markers}); a header alone when there
 * are none.
 */
public final class GaitEventsCsv {
  /** Name of the file {@code itbs c3d export} writes. */
  public static final String FILE = "events.csv";

  private GaitEventsCsv() {}

  /**
   * Writes {@code events} to {@code file}.
   *
   * @return {@code file}
   */
  public static Path write(GaitEvents events, Path file) {
    try (CsvWriter w =
        CsvWriter.create(
            file, CsvWriter.Encoding.PLAIN, "side", "kind", "frame", "time", "source")) {
      for (GaitEvent e : events.events()) {
        w.text(e.side().label());
        w.text(e.kind().name().toLowerCase(java.util.Locale.ROOT));
        w.integer(e.frame());
        w.fixed(e.time(), 5);
        w.text(e.source().label());
        w.endRow();
      }
    }
    return file;
  }
}
