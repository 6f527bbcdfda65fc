package org.itbs.spark.ingest;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.itbs.core.csv.CsvReader;
import org.itbs.core.csv.CsvRecord;
import org.itbs.core.submission.FilePlan;
import org.itbs.core.submission.FileScan;
import org.itbs.core.validate.Finding;
import org.itbs.core.validate.ParticipantIndex;
import org.itbs.core.validate.RowValidator;
import org.itbs.core.validate.Rule;
import org.itbs.core.validate.TypedRow;
import org.itbs.spark.JobPaths;

/**
 * Parses and validates the records of one split of a file, one at a time, with their source lines.
 * After {@link #next()} returned {@code true} the accessors describe the current record: the values
 * as written (dictionary order), the typed values (one {@link TypedRow} filled again for every
 * record, nothing boxed) and the findings, the field-count rule included. Rules that span rows
 * (duplicate keys) are not checked here.
 */
final class SplitReader implements Closeable {
  private final FilePlan plan;
  private final ParticipantIndex participants;
  private final RowValidator validator;
  private final CsvReader reader;
  private long line;
  private String[] raw;
  private final TypedRow row;
  private List<Finding> findings;

  /**
   * Opens a split.
   *
   * @param participants the accepted and refused runners, or {@code null} for participants.csv
   * @throws UncheckedIOException when the file cannot be read
   */
  SplitReader(FilePlan plan, FileScan.Split split, ParticipantIndex participants) {
    this.plan = plan;
    this.participants = participants;
    this.validator = new RowValidator(plan.table());
    this.reader = open(plan, split);
    this.raw = new String[plan.table().columns().size()];
    this.row = new TypedRow(plan.table());
  }

  private static CsvReader open(FilePlan plan, FileScan.Split split) {
    try {
      InputStream in = Files.newInputStream(JobPaths.fromUri(plan.path()));
      try {
        in.skipNBytes(split.start());
      } catch (IOException e) {
        in.close();
        throw e;
      }
      return CsvReader.openPart(new Bounded(in, split.end() - split.start()), split.firstLine());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + plan.path(), e);
    }
  }

  /**
   * Moves to the next record.
   *
   * @return {@code false} at the end of the split
   */
  boolean next() {
    CsvRecord rec = reader.next();
    if (rec == null) {
      return false;
    }
    String[] fields = rec.fields();
    line = rec.line();
    raw = plan.toDictionaryOrder(fields, raw);
    findings = validator.check(raw, participants, row);
    if (fields.length != plan.fieldCount()) {
      findings = new ArrayList<>(findings);
      findings.add(
          0,
          new Finding(
              null,
              String.join(",", fields),
              Rule.FIELD_COUNT,
              "the row has " + fields.length + " fields, the header " + plan.fieldCount()));
    }
    return true;
  }

  /** The 1-based line of the file on which the current record starts. */
  long line() {
    return line;
  }

  /** Whether the current record breaks no single-row rule. */
  boolean valid() {
    return findings.isEmpty();
  }

  /**
   * The current record's values as written, in dictionary order; {@code null} where absent. The
   * array is the reader's own, overwritten by the next {@link #next()}.
   */
  String[] raw() {
    return raw;
  }

  /**
   * The current record's typed values in dictionary order, missing where missing or invalid. The
   * row is the reader's own, overwritten by the next {@link #next()}.
   */
  TypedRow row() {
    return row;
  }

  /** Every rule the current record breaks, the field count first; empty when valid. */
  List<Finding> findings() {
    return findings;
  }

  @Override
  public void close() {
    reader.close();
  }

  /** Reads at most {@code remaining} bytes of the wrapped stream. */
  private static final class Bounded extends FilterInputStream {
    private long remaining;

    Bounded(InputStream in, long length) {
      super(in);
      this.remaining = length;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int b = super.read();
      if (b >= 0) {
        remaining--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = super.read(b, off, (int) Math.min(len, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }
  }
}
