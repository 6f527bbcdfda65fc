package org.itbs.spark.parquet;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.itbs.core.dictionary.ColumnSpec;
import org.itbs.core.dictionary.TableSpec;

/**
 * Reads the rows of a curated part file ({@link LakeParquet#curated}) back as the typed values
 * {@link CuratedPartWriter} takes: {@link String}, {@link Long}, {@link Double}, {@link LocalDate}.
 * Only the requested columns are read. Plain parquet-hadoop, no Spark: ingest's duplicate-key pass
 * and the features job's driver-side read of the small runner-level tables use it.
 */
public final class CuratedPartReader implements Closeable {
  private final ParquetReader<Object[]> reader;
  private final int columns;
  private Object[] row;

  /**
   * Opens a part file.
   *
   * @param columns indexes of the dictionary columns to read; the others read as {@code null}
   * @throws UncheckedIOException when the file cannot be opened
   */
  public CuratedPartReader(Path file, TableSpec table, int[] columns) {
    this.columns = table.columns().size();
    try {
      this.reader =
          new Builder(LakeParquet.inputFile(file), new Support(table, columns))
              .withConf(new PlainParquetConfiguration())
              .build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Moves to the next row.
   *
   * @return {@code false} at the end of the file
   */
  public boolean next() {
    try {
      row = reader.read();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return row != null;
  }

  /** The current row's values in dictionary order; {@code null} where missing or not read. */
  public Object[] values() {
    return java.util.Arrays.copyOf(row, columns);
  }

  /** The current row's source line. */
  public long line() {
    return (Long) row[columns];
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class Builder extends ParquetReader.Builder<Object[]> {
    private final Support support;

    Builder(InputFile file, Support support) {
      super(file, new PlainParquetConfiguration());
      this.support = support;
    }

    @Override
    protected ReadSupport<Object[]> getReadSupport() {
      return support;
    }
  }

  /** Materialises rows as {@code Object[]}: the dictionary columns, then the source line. */
  private static final class Support extends ReadSupport<Object[]> {
    private final TableSpec table;
    private final int[] columns;

    Support(TableSpec table, int[] columns) {
      this.table = table;
      this.columns = columns.clone();
    }

    @Override
    public ReadContext init(InitContext context) {
      MessageType file = context.getFileSchema();
      List<Type> fields = new ArrayList<>();
      for (int c : columns) {
        fields.add(file.getType(table.columns().get(c).name()));
      }
      fields.add(file.getType(SparkSchemas.SOURCE_LINE));
      return new ReadContext(new MessageType(file.getName(), fields));
    }

    @Override
    public RecordMaterializer<Object[]> prepareForRead(
        ParquetConfiguration configuration,
        Map<String, String> keyValueMetaData,
        MessageType fileSchema,
        ReadContext readContext) {
      return new Materializer(table, columns);
    }

    @Override
    @SuppressWarnings("deprecation") // abstract in ReadSupport; the reader calls the one above
    public RecordMaterializer<Object[]> prepareForRead(
        Configuration configuration,
        Map<String, String> keyValueMetaData,
        MessageType fileSchema,
        ReadContext readContext) {
      return new Materializer(table, columns);
    }
  }

  private static final class Materializer extends RecordMaterializer<Object[]> {
    private final Root root;

    Materializer(TableSpec table, int[] columns) {
      this.root = new Root(table, columns);
    }

    @Override
    public Object[] getCurrentRecord() {
      return root.row;
    }

    @Override
    public GroupConverter getRootConverter() {
      return root;
    }
  }

  private static final class Root extends GroupConverter {
    private final int size;
    private final Converter[] converters;
    private Object[] row;

    Root(TableSpec table, int[] columns) {
      size = table.columns().size() + 1;
      converters = new Converter[columns.length + 1];
      for (int i = 0; i < columns.length; i++) {
        ColumnSpec c = table.columns().get(columns[i]);
        int at = columns[i];
        converters[i] =
            switch (c.type()) {
              case TEXT, CODE -> new Text(this, at);
              case DATE -> new Date(this, at);
              case INTEGER, NUMBER -> new Plain(this, at);
            };
      }
      converters[columns.length] = new Plain(this, size - 1);
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return converters[fieldIndex];
    }

    @Override
    public void start() {
      row = new Object[size];
    }

    @Override
    public void end() {}
  }

  private static final class Plain extends PrimitiveConverter {
    private final Root root;
    private final int at;

    Plain(Root root, int at) {
      this.root = root;
      this.at = at;
    }

    @Override
    public void addLong(long value) {
      root.row[at] = value;
    }

    @Override
    public void addDouble(double value) {
      root.row[at] = value;
    }
  }

  /** Text, decoded once per dictionary entry. */
  private static final class Text extends PrimitiveConverter {
    private final Root root;
    private final int at;
    private String[] dictionary;

    Text(Root root, int at) {
      this.root = root;
      this.at = at;
    }

    @Override
    public boolean hasDictionarySupport() {
      return true;
    }

    @Override
    public void setDictionary(Dictionary d) {
      dictionary = new String[d.getMaxId() + 1];
      for (int i = 0; i < dictionary.length; i++) {
        dictionary[i] = d.decodeToBinary(i).toStringUsingUTF8();
      }
    }

    @Override
    public void addValueFromDictionary(int id) {
      root.row[at] = dictionary[id];
    }

    @Override
    public void addBinary(Binary value) {
      root.row[at] = value.toStringUsingUTF8();
    }
  }

  /** Days since 1970-01-01, decoded once per dictionary entry. */
  private static final class Date extends PrimitiveConverter {
    private final Root root;
    private final int at;
    private LocalDate[] dictionary;

    Date(Root root, int at) {
      this.root = root;
      this.at = at;
    }

    @Override
    public boolean hasDictionarySupport() {
      return true;
    }

    @Override
    public void setDictionary(Dictionary d) {
      dictionary = new LocalDate[d.getMaxId() + 1];
      for (int i = 0; i < dictionary.length; i++) {
        dictionary[i] = LocalDate.ofEpochDay(d.decodeToInt(i));
      }
    }

    @Override
    public void addValueFromDictionary(int id) {
      root.row[at] = dictionary[id];
    }

    @Override
    public void addInt(int value) {
      root.row[at] = LocalDate.ofEpochDay(value);
    }
  }
}
