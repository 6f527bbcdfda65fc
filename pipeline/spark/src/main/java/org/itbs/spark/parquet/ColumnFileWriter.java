package org.itbs.spark.parquet;

import java.io.Closeable;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.MessageType;

/**
 * Writes a Parquet file of a flat schema value by value into Parquet's own column writers: the
 * column store, page store and file writer that Parquet's {@code ParquetWriter} drives, driven the
 * same way (the same row-group size checks, the same flushes, the same footer), without the record
 * consumer that {@code ParquetWriter} puts in front of them. A row is written as one {@code write}
 * or {@code writeNull} on every column of {@link #columns()} followed by {@link #endRow()}.
 *
 * <p>Why not {@code ParquetWriter}: its record consumer costs about a sixth of writing a gait part
 * file, and its builder takes no {@link ParquetProperties} of the caller's, so no value-writer
 * factory such as {@link DictionaryWriters}. Every class used here is public Parquet API. The file
 * is byte for byte the one {@code ParquetWriter} writes with the same properties, with one row
 * group and with many ({@code DictionaryWritersTest}, {@code CuratedPartWriterTest}).
 */
final class ColumnFileWriter implements Closeable {
  private final ParquetFileWriter file;
  private final MessageType schema;
  private final ParquetProperties props;
  private final CodecFactory codecs;
  private final CompressionCodecFactory.BytesInputCompressor compressor;
  private final Map<String, String> footer;
  private final ColumnWriter[] columns;
  private final List<ColumnDescriptor> descriptors;
  private final long rowGroupBytes;
  private long nextRowGroupBytes;
  private ColumnChunkPageWriteStore pages;
  private ColumnWriteStore store;
  private int rowGroupOrdinal;
  private long groupRows;
  private long nextSizeCheck;
  private long rows;
  private boolean closed;

  /**
   * Creates the file (it must not exist) and its first row group.
   *
   * @param rowGroupBytes the row-group size: a row group is written once its buffered columns reach
   *     it, as Parquet's {@code ParquetWriter} does
   * @param footer key-value metadata of the footer
   * @throws IOException when the file exists or cannot be created
   */
  ColumnFileWriter(
      OutputFile out,
      MessageType schema,
      ParquetProperties props,
      CompressionCodecName codec,
      long rowGroupBytes,
      Map<String, String> footer)
      throws IOException {
    this.schema = schema;
    this.props = props;
    this.footer = new HashMap<>(footer);
    this.rowGroupBytes = rowGroupBytes;
    this.nextRowGroupBytes = rowGroupBytes;
    this.descriptors = schema.getColumns();
    this.columns = new ColumnWriter[descriptors.size()];
    this.file =
        new ParquetFileWriter(
            out,
            schema,
            ParquetFileWriter.Mode.CREATE,
            rowGroupBytes,
            LakeParquet.MAX_PADDING_BYTES,
            null,
            props);
    this.codecs = new CodecFactory(new PlainParquetConfiguration(), props.getPageSizeThreshold());
    try {
      file.start();
      this.compressor = codecs.getCompressor(codec);
      startRowGroup();
    } catch (IOException | RuntimeException e) {
      codecs.release();
      throw e;
    }
    this.nextSizeCheck = props.getMinRowCountForPageSizeCheck();
  }

  /**
   * The writers of the schema's columns, in schema order. The array is the writer's own: its
   * elements are replaced when a row group is written, so read them through it for every row.
   */
  ColumnWriter[] columns() {
    return columns;
  }

  /** The definition level of a present value of column {@code i} (0 for a required column). */
  int maxDefinitionLevel(int i) {
    return descriptors.get(i).getMaxDefinitionLevel();
  }

  /**
   * Ends the row whose values were just written to every column; writes a row group once the
   * buffered columns reach the row-group size.
   */
  void endRow() throws IOException {
    store.endRecord();
    rows++;
    groupRows++;
    if (groupRows >= props.getRowGroupRowCountLimit()) {
      nextRowGroup();
    } else if (groupRows >= nextSizeCheck) {
      // Parquet's own schedule: checking the buffered size costs, so not on every row.
      long buffered = store.getBufferedSize();
      long rowBytes = buffered / groupRows;
      if (buffered > nextRowGroupBytes - 2 * rowBytes) {
        nextRowGroup();
      } else {
        nextSizeCheck =
            Math.min(
                Math.max(
                    props.getMinRowCountForPageSizeCheck(),
                    (groupRows + (long) (nextRowGroupBytes / (float) rowBytes)) / 2),
                groupRows + props.getMaxRowCountForPageSizeCheck());
      }
    }
  }

  /** Rows written so far. */
  long rows() {
    return rows;
  }

  private void nextRowGroup() throws IOException {
    flushRowGroup();
    startRowGroup();
    // Parquet sets the next check from the new row group's count, which is 0 by then.
    nextSizeCheck =
        Math.min(props.getMinRowCountForPageSizeCheck(), props.getMaxRowCountForPageSizeCheck());
  }

  private void startRowGroup() {
    pages =
        new ColumnChunkPageWriteStore(
            compressor,
            schema,
            props.getAllocator(),
            props.getColumnIndexTruncateLength(),
            props.getPageWriteChecksumEnabled(),
            null,
            rowGroupOrdinal);
    store = props.newColumnWriteStore(schema, pages, pages);
    for (int i = 0; i < columns.length; i++) {
      columns[i] = store.getColumnWriter(descriptors.get(i));
    }
  }

  private void flushRowGroup() throws IOException {
    try {
      if (groupRows > 0) {
        rowGroupOrdinal++;
        file.startBlock(groupRows);
        store.flush();
        pages.flushToFileWriter(file);
        groupRows = 0;
        file.endBlock();
        nextRowGroupBytes = Math.min(file.getNextRowGroupSize(), rowGroupBytes);
      }
    } finally {
      store.close();
      pages.close();
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      flushRowGroup();
      file.end(footer);
    } catch (IOException | RuntimeException e) {
      file.abort();
      throw e;
    } finally {
      codecs.release();
    }
  }
}
