package org.itbs.spark.parquet;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.io.api.Binary;
import org.itbs.core.dictionary.ColumnSpec;
import org.itbs.core.dictionary.TableSpec;
import org.itbs.core.validate.TypedRow;

/**
 * Writes accepted rows of one table and one site into one curated Parquet part file ({@link
 * LakeParquet#curated}), straight from the validator's typed values into Parquet's column writers
 * ({@link ColumnFileWriter}); the site on every row.
 */
public final class CuratedPartWriter implements Closeable {
  private static final int STRING = 0;
  private static final int LONG = 1;
  private static final int DOUBLE = 2;
  private static final int DATE = 3;

  private final ColumnFileWriter writer;
  private final TableSpec table;
  private final Binary site;
  private final int[] kinds;
  private final int[] levels;
  private final String[] lastText;
  private final Binary[] lastBinary;

  /**
   * Creates the part file.
   *
   * @param site the site code, stored with every row (the partition the file is committed to)
   * @param sparkVersion the Spark version recorded in the footer
   * @throws IllegalArgumentException when the site is empty
   * @throws UncheckedIOException when the file cannot be created
   */
  public CuratedPartWriter(Path file, TableSpec table, String site, String sparkVersion) {
    this.site = LakeParquet.site(site);
    this.table = table;
    List<ColumnSpec> cols = table.columns();
    kinds = new int[cols.size()];
    for (int i = 0; i < kinds.length; i++) {
      kinds[i] =
          switch (cols.get(i).type()) {
            case TEXT, CODE -> STRING;
            case INTEGER -> LONG;
            case NUMBER -> DOUBLE;
            case DATE -> DATE;
          };
    }
    lastText = new String[kinds.length];
    lastBinary = new Binary[kinds.length];
    try {
      this.writer =
          LakeParquet.openColumns(
              file,
              LakeParquet.curated(table),
              LakeParquet.footer(SparkSchemas.curatedFile(table), sparkVersion));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + file, e);
    }
    levels = new int[kinds.length];
    for (int i = 0; i < levels.length; i++) {
      levels[i] = writer.maxDefinitionLevel(i);
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
   * @throws IllegalArgumentException when a required column is missing (nothing of the row is
   *     written; the writer stays usable)
   */
  public void write(TypedRow row, long line) {
    int n = kinds.length;
    for (int i = 0; i < n; i++) {
      if (levels[i] == 0 && !row.isPresent(i)) {
        // Checked before any column is written, so the refused row leaves no trace in the file.
        throw new IllegalArgumentException(
            "the required column " + table.columns().get(i).name() + " has no value");
      }
    }
    ColumnWriter[] out = writer.columns();
    for (int i = 0; i < n; i++) {
      if (!row.isPresent(i)) {
        out[i].writeNull(0, 0);
        continue;
      }
      switch (kinds[i]) {
        case STRING -> out[i].write(binary(i, row.text(i)), 0, levels[i]);
        case LONG -> out[i].write(row.integer(i), 0, levels[i]);
        case DOUBLE -> out[i].write(row.number(i), 0, levels[i]);
        default -> out[i].write(Math.toIntExact(row.epochDay(i)), 0, levels[i]);
      }
    }
    out[n].write(line, 0, 0);
    out[n + 1].write(site, 0, 0);
    try {
      writer.endRow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Rows written so far. */
  public long rows() {
    return writer.rows();
  }

  @Override
  public void close() {
    try {
      writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
