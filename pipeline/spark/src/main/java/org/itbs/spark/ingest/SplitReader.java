package org.itbs.spark.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.itbs.core.csv.CsvReader;
import org.itbs.core.csv.CsvRecord;
import org.itbs.core.submission.FilePlan;
import org.itbs.core.submission.FileScan;
import org.itbs.core.validate.Finding;
import org.itbs.core.validate.ParticipantIndex;
import org.itbs.core.validate.RowValidator;
import org.itbs.core.validate.Rule;

/**
 * Parses and validates the records of some splits of one file, lazily, as rows of the working
 * schema: the typed dictionary columns, the source line, a validity flag, the values as written
 * (only for refused rows) and the findings (only for refused rows).
 */
final class SplitReader implements Iterator<Row> {
  private final FilePlan plan;
  private final Iterator<FileScan.Split> splits;
  private final ParticipantIndex participants;
  private final RowValidator validator;
  private final int columns;
  private CsvReader reader;
  private Row next;

  SplitReader(FilePlan plan, Iterator<FileScan.Split> splits, ParticipantIndex participants) {
    this.plan = plan;
    this.splits = splits;
    this.participants = participants;
    this.validator = new RowValidator(plan.table());
    this.columns = plan.table().columns().size();
    advance();
  }

  @Override
  public boolean hasNext() {
    return next != null;
  }

  @Override
  public Row next() {
    if (next == null) {
      throw new NoSuchElementException();
    }
    Row r = next;
    advance();
    return r;
  }

  private void advance() {
    while (true) {
      if (reader == null) {
        if (!splits.hasNext()) {
          next = null;
          return;
        }
        reader = open(splits.next());
      }
      CsvRecord rec = reader.next();
      if (rec == null) {
        reader.close();
        reader = null;
        continue;
      }
      next = toRow(rec);
      return;
    }
  }

  private CsvReader open(FileScan.Split split) {
    try {
      InputStream in = Files.newInputStream(Path.of(plan.path()));
      in.skipNBytes(split.start());
      return CsvReader.openPart(new Bounded(in, split.end() - split.start()), split.firstLine());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + plan.path(), e);
    }
  }

  private Row toRow(CsvRecord rec) {
    String[] raw = plan.toDictionaryOrder(rec.fields());
    RowValidator.Result res = validator.validate(raw, participants);
    List<Finding> findings = res.findings();
    if (rec.fields().length != plan.fieldCount()) {
      findings = new ArrayList<>(findings);
      findings.add(
          0,
          new Finding(
              null,
              String.join(",", rec.fields()),
              Rule.FIELD_COUNT,
              "the row has " + rec.fields().length + " fields, the header " + plan.fieldCount()));
    }
    Object[] out = new Object[columns + 4];
    Object[] values = res.values();
    boolean valid = findings.isEmpty();
    if (valid) {
      System.arraycopy(values, 0, out, 0, columns);
    }
    out[columns] = rec.line();
    out[columns + 1] = valid;
    if (!valid) {
      out[columns + 2] =
          scala.jdk.javaapi.CollectionConverters.asScala(java.util.Arrays.asList(raw)).toSeq();
      Row[] f = new Row[findings.size()];
      for (int i = 0; i < f.length; i++) {
        Finding x = findings.get(i);
        f[i] = RowFactory.create(x.column(), x.value(), x.rule().id(), x.message());
      }
      out[columns + 3] =
          scala.jdk.javaapi.CollectionConverters.asScala(java.util.Arrays.asList(f)).toSeq();
    }
    return RowFactory.create(out);
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
