package org.itbs.spark.ingest;

import java.io.Serializable;
import org.itbs.core.submission.FileScan;

/**
 * One task's share of an ingest: one split of one file.
 *
 * @param file index of the file among the files of the job
 * @param part index of the split within its file
 * @param split the byte range to read
 */
record WorkUnit(int file, int part, FileScan.Split split) implements Serializable {

  /** Bytes to read. */
  long bytes() {
    return split.end() - split.start();
  }
}
