package org.itbs.spark.ingest;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.List;

/**
 * What one task did with its share of a file: the only output a task returns to the driver. File
 * names are relative to the task output folders of the file's table; {@code null} when the task
 * wrote no such file.
 *
 * @param file index of the file among the files of the job
 * @param part index of the split within the file (when fixing duplicate keys, of the rewrite)
 * @param curatedFile name of the curated part file written
 * @param quarantineFile name of the quarantine part file written
 * @param read records read
 * @param accepted rows written to curated
 * @param quarantined rows written to quarantine
 * @param byRule refused rows per {@link org.itbs.core.validate.Rule} ordinal, each rule once per
 *     row
 * @param keyHashes per unique key of the table, the sorted {@link KeyHash hashes} of the keys of
 *     the accepted rows
 * @param participants for participants.csv only (else {@code null}): the accepted runners and the
 *     ids of refused rows
 */
record PartSummary(
    int file,
    int part,
    String curatedFile,
    String quarantineFile,
    long read,
    long accepted,
    long quarantined,
    long[] byRule,
    long[][] keyHashes,
    Runners participants)
    implements Serializable {

  /**
   * Runners seen in participants.csv.
   *
   * @param ids ids of accepted rows
   * @param dates per accepted row, its date columns in dictionary order
   * @param lines per accepted row, its source line
   * @param refused the id as written of every refused row that has one
   */
  record Runners(List<String> ids, List<LocalDate[]> dates, List<Long> lines, List<String> refused)
      implements Serializable {}
}
