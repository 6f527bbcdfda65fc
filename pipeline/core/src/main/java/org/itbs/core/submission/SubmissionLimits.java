package org.itbs.core.submission;

import org.itbs.core.Settings;

/**
 * The limits a submission must keep before anything of it is unpacked or sent to a task. The
 * longest field is not here: the dictionary sets it ({@code maxFieldChars}).
 *
 * @param maxUnpackedBytes the most bytes a zip's entries may unpack to, in all
 * @param maxUnpackRatio the most bytes unpacked per byte of the zip
 * @param maxEntries the most entries (files and folders) of a zip or a submission folder
 * @param maxLineBytes the longest line of a CSV file, in bytes
 */
public record SubmissionLimits(
    long maxUnpackedBytes, long maxUnpackRatio, long maxEntries, long maxLineBytes) {

  /**
   * @throws IllegalArgumentException when a limit is below 1
   */
  public SubmissionLimits {
    if (maxUnpackedBytes < 1 || maxUnpackRatio < 1 || maxEntries < 1 || maxLineBytes < 1) {
      throw new IllegalArgumentException("every limit must be at least 1");
    }
  }

  /**
   * The limits of {@link Settings} ({@link Settings#MAX_UNPACKED_BYTES}, {@link
   * Settings#MAX_UNPACK_RATIO}, {@link Settings#MAX_ENTRIES}, {@link Settings#MAX_LINE_BYTES}), the
   * defaults where unset.
   *
   * @throws IllegalArgumentException when a setting is not a whole number of at least 1
   */
  public static SubmissionLimits fromSettings() {
    return new SubmissionLimits(
        Settings.limit(Settings.MAX_UNPACKED_BYTES, Settings.DEFAULT_MAX_UNPACKED_BYTES),
        Settings.limit(Settings.MAX_UNPACK_RATIO, Settings.DEFAULT_MAX_UNPACK_RATIO),
        Settings.limit(Settings.MAX_ENTRIES, Settings.DEFAULT_MAX_ENTRIES),
        Settings.limit(Settings.MAX_LINE_BYTES, Settings.DEFAULT_MAX_LINE_BYTES));
  }
}
