package org.itbs.spark.parquet;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.itbs.core.dictionary.TableSpec;
import org.itbs.core.validate.Finding;

/**
 * Writes refused rows of one input file into one quarantine Parquet part file ({@link
 * LakeParquet#quarantine}): source file and line, every column as written, the findings, and the
 * site.
 */
public final class QuarantinePartWriter implements Closeable {
  private final ParquetWriter<Record> writer;
  private final Record record = new Record();
  private long rows;

  /**
   * Creates the part file.
   *
   * @param site the site code, stored with every row (the partition the file is committed to)
   * @param sourceFile the input file's name, stored with every row
   * @param sparkVersion the Spark version recorded in the footer
   * @throws IllegalArgumentException when the site is empty
   * @throws UncheckedIOException when the file cannot be created
   */
  public QuarantinePartWriter(
      Path file, TableSpec table, String site, String sourceFile, String sparkVersion) {
    Binary s = LakeParquet.site(site);
    try {
      this.writer = LakeParquet.open(file, new Support(table, s, sourceFile, sparkVersion));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + file, e);
    }
  }

  /**
   * Writes one refused row.
   *
   * @param line the row's source line
   * @param text the values as written, in dictionary column order; {@code null} for a column the
   *     file lacks
   * @param findings why the row was refused; not empty
   */
  public void write(long line, String[] text, List<Finding> findings) {
    if (findings.isEmpty()) {
      throw new IllegalArgumentException("line " + line + ": a refused row needs a finding");
    }
    record.line = line;
    record.text = text;
    record.findings = findings;
    try {
      writer.write(record);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    rows++;
  }

  /** Rows written so far. */
  public long rows() {
    return rows;
  }

  @Override
  public void close() {
    try {
      writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class Record {
    long line;
    String[] text;
    List<Finding> findings;
  }

  private static final class Support extends WriteSupport<Record> {
    private final MessageType schema;
    private final Map<String, String> footer;
    private final String[] names;
    private final Binary sourceFile;
    private final Binary site;
    private final int findingsIndex;
    private RecordConsumer out;

    Support(TableSpec table, Binary site, String sourceFile, String sparkVersion) {
      this.schema = LakeParquet.quarantine(table);
      this.footer =
          new HashMap<>(LakeParquet.footer(SparkSchemas.quarantineFile(table), sparkVersion));
      this.names = table.columns().stream().map(c -> c.name()).toArray(String[]::new);
      this.sourceFile = Binary.fromString(sourceFile);
      this.site = site;
      this.findingsIndex = names.length + 2;
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
      return new WriteContext(schema, footer);
    }

    @Override
    @SuppressWarnings("deprecation") // abstract in WriteSupport; the writer calls the one above
    public WriteContext init(Configuration configuration) {
      return new WriteContext(schema, footer);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.out = recordConsumer;
    }

    @Override
    public void write(Record r) {
      out.startMessage();
      out.startField(SparkSchemas.SOURCE_FILE, 0);
      out.addBinary(sourceFile);
      out.endField(SparkSchemas.SOURCE_FILE, 0);
      out.startField(SparkSchemas.SOURCE_LINE, 1);
      out.addLong(r.line);
      out.endField(SparkSchemas.SOURCE_LINE, 1);
      for (int i = 0; i < names.length; i++) {
        string(names[i], i + 2, r.text[i]);
      }
      out.startField(SparkSchemas.FINDINGS, findingsIndex);
      out.startGroup();
      out.startField("list", 0);
      for (Finding f : r.findings) {
        out.startGroup();
        out.startField("element", 0);
        out.startGroup();
        string("column", 0, f.column());
        string("value", 1, f.value());
        string("rule", 2, f.rule().id());
        string("message", 3, f.message());
        out.endGroup();
        out.endField("element", 0);
        out.endGroup();
      }
      out.endField("list", 0);
      out.endGroup();
      out.endField(SparkSchemas.FINDINGS, findingsIndex);
      out.startField(SparkSchemas.SITE, findingsIndex + 1);
      out.addBinary(site);
      out.endField(SparkSchemas.SITE, findingsIndex + 1);
      out.endMessage();
    }

    private void string(String field, int index, String value) {
      if (value == null) {
        return;
      }
      out.startField(field, index);
      out.addBinary(Binary.fromString(value));
      out.endField(field, index);
    }
  }
}
