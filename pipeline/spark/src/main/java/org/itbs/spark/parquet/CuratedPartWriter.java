package org.itbs.spark.parquet;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.itbs.core.dictionary.ColumnSpec;
import org.itbs.core.dictionary.TableSpec;
import org.itbs.core.validate.TypedRow;

/**
 * Writes accepted rows of one table and one site into one curated Parquet part file ({@link
 * LakeParquet#curated}), straight from the validator's typed values; the site on every row.
 */
public final class CuratedPartWriter implements Closeable {
  private final ParquetWriter<TypedRow> writer;
  private final TableSpec table;
  private final Support support;
  private long rows;

  /**
   * Creates the part file.
   *
   * @param site the site code, stored with every row (the partition the file is committed to)
   * @param sparkVersion the Spark version recorded in the footer
   * @throws IllegalArgumentException when the site is empty
   * @throws UncheckedIOException when the file cannot be created
   */
  public CuratedPartWriter(Path file, TableSpec table, String site, String sparkVersion) {
    Binary s = LakeParquet.site(site);
    this.table = table;
    this.support = new Support(table, s, sparkVersion);
    try {
      this.writer = LakeParquet.open(file, support);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + file, e);
    }
  }

  /**
   * Writes one row.
   *
   * @param values typed values in dictionary column order: {@link String}, {@link Long}, {@link
   *     Double}, {@link LocalDate} (or {@link java.sql.Date}), {@code null} where missing
   * @param line the row's source line
   */
  public void write(Object[] values, long line) {
    write(TypedRow.of(table, values), line);
  }

  /**
   * Writes one row from a validator's typed values (nothing boxed).
   *
   * @param row a row of the writer's table
   * @param line the row's source line
   */
  public void write(TypedRow row, long line) {
    support.line = line;
    try {
      writer.write(row);
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

  private static final int STRING = 0;
  private static final int LONG = 1;
  private static final int DOUBLE = 2;
  private static final int DATE = 3;

  private static final class Support extends WriteSupport<TypedRow> {
    private final MessageType schema;
    private final java.util.Map<String, String> footer;
    private final String[] names;
    private final int[] kinds;
    private final Binary site;
    private final String[] lastText;
    private final Binary[] lastBinary;
    private RecordConsumer out;
    private long line;

    Support(TableSpec table, Binary site, String sparkVersion) {
      this.schema = LakeParquet.curated(table);
      this.footer =
          new HashMap<>(LakeParquet.footer(SparkSchemas.curatedFile(table), sparkVersion));
      this.site = site;
      List<ColumnSpec> cols = table.columns();
      names = new String[cols.size()];
      kinds = new int[cols.size()];
      for (int i = 0; i < names.length; i++) {
        names[i] = cols.get(i).name();
        kinds[i] =
            switch (cols.get(i).type()) {
              case TEXT, CODE -> STRING;
              case INTEGER -> LONG;
              case NUMBER -> DOUBLE;
              case DATE -> DATE;
            };
      }
      lastText = new String[names.length];
      lastBinary = new Binary[names.length];
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
    public void write(TypedRow r) {
      out.startMessage();
      for (int i = 0; i < names.length; i++) {
        if (!r.isPresent(i)) {
          continue;
        }
        out.startField(names[i], i);
        switch (kinds[i]) {
          case STRING -> out.addBinary(binary(i, r.text(i)));
          case LONG -> out.addLong(r.integer(i));
          case DOUBLE -> out.addDouble(r.number(i));
          default -> out.addInteger(Math.toIntExact(r.epochDay(i)));
        }
        out.endField(names[i], i);
      }
      out.startField(SparkSchemas.SOURCE_LINE, names.length);
      out.addLong(line);
      out.endField(SparkSchemas.SOURCE_LINE, names.length);
      out.startField(SparkSchemas.SITE, names.length + 1);
      out.addBinary(site);
      out.endField(SparkSchemas.SITE, names.length + 1);
      out.endMessage();
    }

    /** The UTF-8 bytes of a value, reused while a column repeats its value (runner ids, codes). */
    private Binary binary(int i, String s) {
      if (!s.equals(lastText[i])) {
        lastText[i] = s;
        lastBinary[i] = Binary.fromConstantByteArray(s.getBytes(StandardCharsets.UTF_8));
      }
      return lastBinary[i];
    }
  }
}
