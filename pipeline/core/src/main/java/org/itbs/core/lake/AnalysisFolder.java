package org.itbs.core.lake;

import java.nio.file.Path;
import java.util.Objects;
import org.itbs.core.dictionary.AnalysisDictionary;

/**
 * One analysis version folder of a lake, {@code LAKE/analysis/v<lake version>} ({@link
 * Lake#analysis(long)}), or a staged folder of the same layout that the features job fills before
 * {@link Lake#commitAnalysis} moves it into place:
 *
 * <pre>
 * runners.parquet/                 the analysis set (file named by data-schemas/analysis/runners.json)
 * recurrence_intervals.parquet/    R1's intervals (file named by recurrence_intervals.json)
 * manifest.json                    plan, lake version, submissions read, row counts
 * </pre>
 *
 * @param path the folder, on its lake's file system
 */
public record AnalysisFolder(Path path) {
  /** Name of the manifest file in an analysis version folder. */
  public static final String MANIFEST = "manifest.json";

  /** Checks that the path is given. */
  public AnalysisFolder {
    Objects.requireNonNull(path, "path");
  }

  /** The manifest file. */
  public Path manifest() {
    return path.resolve(MANIFEST);
  }

  /** The Parquet folder of an analysis table: its {@link AnalysisDictionary#file()}. */
  public Path table(AnalysisDictionary table) {
    return path.resolve(table.file());
  }

  /** The Parquet folder of the analysis set ({@code runners.parquet}). */
  public Path runners() {
    return table(AnalysisDictionary.runners());
  }

  /** The Parquet folder of R1's recurrence intervals ({@code recurrence_intervals.parquet}). */
  public Path recurrenceIntervals() {
    return table(AnalysisDictionary.recurrenceIntervals());
  }
}
