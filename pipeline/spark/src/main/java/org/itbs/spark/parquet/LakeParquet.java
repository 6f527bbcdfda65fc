package org.itbs.spark.parquet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Schema;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.types.StructType;
import org.itbs.core.dictionary.ColumnSpec;
import org.itbs.core.dictionary.TableSpec;
import org.itbs.lake.LakeTables;
import org.itbs.spark.fs.HadoopFileSystem;

/**
 * The Parquet layout of the lake's part files, as Spark itself would write {@link
 * SparkSchemas#curated} and {@link SparkSchemas#quarantine}: text as UTF-8 strings, whole numbers
 * as INT64, numbers as DOUBLE, dates as INT32 days (proleptic Gregorian), findings as a standard
 * three-level LIST of structs, Snappy compression. The Spark schema is stored in the footer the way
 * Spark stores it, so {@code spark.read().parquet(...)} gives the dictionary's column descriptions
 * back. Every field carries its Iceberg field id ({@link LakeTables}), which Spark ignores. The
 * last column is {@value LakeTables#SITE}, the table's identity partition, the same on every row of
 * a file: Iceberg's readers would fill it from the partition, but many outside readers (PyIceberg
 * before 0.9, Polars, older ClickHouse, StarRocks) read {@code NULL} for a partition column the
 * files lack, so the files hold it, as Iceberg's own writers do. Files written before (a migrated
 * lake) lack it; readers of the lake's files take the site from the partition for those.
 */
public final class LakeParquet {
  /** Footer key under which Spark records the Spark version that wrote a file. */
  public static final String SPARK_VERSION_KEY = "org.apache.spark.version";

  /** Footer key under which Spark records the Spark schema of a file (JSON). */
  public static final String SPARK_SCHEMA_KEY = "org.apache.spark.sql.parquet.row.metadata";

  private LakeParquet() {}

  /** The name of the part file {@code part} written by task attempt {@code attempt}. */
  public static String partName(String kind, int part, long attempt) {
    return String.format(Locale.ROOT, "part-%05d-%s%d.snappy.parquet", part, kind, attempt);
  }

  /**
   * The Parquet schema of a curated part file, every field with its Iceberg field id ({@link
   * LakeTables#curated}): the table's schema, {@value LakeTables#SITE} last.
   */
  public static MessageType curated(TableSpec t) {
    Schema ids = LakeTables.curated(t);
    Types.MessageTypeBuilder m = Types.buildMessage();
    for (ColumnSpec c : t.columns()) {
      Type.Repetition r = c.required() ? Type.Repetition.REQUIRED : Type.Repetition.OPTIONAL;
      int id = LakeTables.id(ids, c.name());
      m.addField(
          switch (c.type()) {
            case TEXT, CODE ->
                Types.primitive(PrimitiveTypeName.BINARY, r)
                    .as(LogicalTypeAnnotation.stringType())
                    .id(id)
                    .named(c.name());
            case INTEGER -> Types.primitive(PrimitiveTypeName.INT64, r).id(id).named(c.name());
            case NUMBER -> Types.primitive(PrimitiveTypeName.DOUBLE, r).id(id).named(c.name());
            case DATE ->
                Types.primitive(PrimitiveTypeName.INT32, r)
                    .as(LogicalTypeAnnotation.dateType())
                    .id(id)
                    .named(c.name());
          });
    }
    m.addField(
        Types.required(PrimitiveTypeName.INT64)
            .id(LakeTables.id(ids, SparkSchemas.SOURCE_LINE))
            .named(SparkSchemas.SOURCE_LINE));
    m.addField(string(Type.Repetition.REQUIRED, LakeTables.SITE, ids));
    return m.named("spark_schema");
  }

  /**
   * The Parquet schema of a quarantine part file, every field with its Iceberg field id ({@link
   * LakeTables#quarantine}): the table's schema, {@value LakeTables#SITE} last.
   */
  public static MessageType quarantine(TableSpec t) {
    Schema ids = LakeTables.quarantine(t);
    org.apache.iceberg.types.Types.ListType list =
        ids.findField(SparkSchemas.FINDINGS).type().asListType();
    org.apache.iceberg.types.Types.StructType finding = list.elementType().asStructType();
    Types.MessageTypeBuilder m = Types.buildMessage();
    m.addField(string(Type.Repetition.REQUIRED, SparkSchemas.SOURCE_FILE, ids));
    m.addField(
        Types.required(PrimitiveTypeName.INT64)
            .id(LakeTables.id(ids, SparkSchemas.SOURCE_LINE))
            .named(SparkSchemas.SOURCE_LINE));
    for (ColumnSpec c : t.columns()) {
      m.addField(string(Type.Repetition.OPTIONAL, c.name(), ids));
    }
    Types.GroupBuilder<GroupType> element = Types.requiredGroup();
    for (String f : List.of("column", "value", "rule", "message")) {
      org.apache.iceberg.types.Types.NestedField n = finding.field(f);
      element.addField(
          string(n.isRequired() ? Type.Repetition.REQUIRED : Type.Repetition.OPTIONAL, f, n));
    }
    m.addField(
        Types.requiredGroup()
            .as(LogicalTypeAnnotation.listType())
            .addField(
                Types.repeatedGroup()
                    .addField(element.id(list.elementId()).named("element"))
                    .named("list"))
            .id(LakeTables.id(ids, SparkSchemas.FINDINGS))
            .named(SparkSchemas.FINDINGS));
    m.addField(string(Type.Repetition.REQUIRED, LakeTables.SITE, ids));
    return m.named("spark_schema");
  }

  private static Type string(Type.Repetition r, String name, Schema ids) {
    return Types.primitive(PrimitiveTypeName.BINARY, r)
        .as(LogicalTypeAnnotation.stringType())
        .id(LakeTables.id(ids, name))
        .named(name);
  }

  private static Type string(
      Type.Repetition r, String name, org.apache.iceberg.types.Types.NestedField field) {
    return Types.primitive(PrimitiveTypeName.BINARY, r)
        .as(LogicalTypeAnnotation.stringType())
        .id(field.fieldId())
        .named(name);
  }

  /**
   * The {@value LakeTables#SITE} value of every row of a part file.
   *
   * @throws IllegalArgumentException when the site is {@code null} or empty
   */
  static Binary site(String site) {
    if (site == null || site.isEmpty()) {
      throw new IllegalArgumentException("a part file needs the site of its partition");
    }
    return Binary.fromConstantByteArray(site.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The footer entries that make Spark read a file with {@code schema}. */
  public static Map<String, String> footer(StructType schema, String sparkVersion) {
    return Map.of(SPARK_SCHEMA_KEY, schema.json(), SPARK_VERSION_KEY, sparkVersion);
  }

  /**
   * The Parquet output file of a path: parquet's own local file for a path of the default file
   * system, as before; Hadoop's for a path of a Hadoop file system ({@code hdfs://}, {@code
   * s3a://}, see {@link org.itbs.spark.JobPaths}).
   */
  public static OutputFile outputFile(Path file) throws IOException {
    if (file.getFileSystem() instanceof HadoopFileSystem h) {
      return HadoopOutputFile.fromPath(
          new org.apache.hadoop.fs.Path(file.toUri()), h.configuration());
    }
    return new LocalOutputFile(file);
  }

  /** The Parquet input file of a path (see {@link #outputFile}). */
  public static InputFile inputFile(Path file) throws IOException {
    if (file.getFileSystem() instanceof HadoopFileSystem h) {
      return HadoopInputFile.fromPath(
          new org.apache.hadoop.fs.Path(file.toUri()), h.configuration());
    }
    return new LocalInputFile(file);
  }

  /**
   * Opens a writer of a new file.
   *
   * @throws IOException when the file exists or cannot be created
   */
  public static <T> ParquetWriter<T> open(Path file, WriteSupport<T> support) throws IOException {
    return new Builder<>(file, support)
        .withConf(new PlainParquetConfiguration())
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        // Every row has its own line: a dictionary would only fill up and fall back to PLAIN, the
        // encoding the column ends up with anyway, after a hash look-up per row.
        .withDictionaryEncoding(SparkSchemas.SOURCE_LINE, false)
        // No minimum and maximum pseudonym in the footer and page indexes: the lake keeps no
        // statistics of participant_id anywhere (the tables' manifests neither), so a runner's
        // pseudonym is only where their rows are.
        .withStatisticsEnabled(PARTICIPANT_ID, false)
        .build();
  }

  /**
   * The properties of a part file written column by column ({@link ColumnFileWriter}): those {@link
   * #open} gives Parquet's writer (no dictionary for {@value SparkSchemas#SOURCE_LINE}, no
   * statistics for {@value #PARTICIPANT_ID}, Parquet's defaults otherwise), with {@link
   * DictionaryWriters}' faster dictionaries (the same bytes). Both places must say the same: {@code
   * CuratedPartWriterTest} requires a file written each way to be the same bytes.
   */
  static ParquetProperties properties() {
    return ParquetProperties.builder()
        .withDictionaryEncoding(SparkSchemas.SOURCE_LINE, false)
        .withStatisticsEnabled(PARTICIPANT_ID, false)
        .withValuesWriterFactory(new DictionaryWriters())
        .build();
  }

  /**
   * Opens a part file to be written column by column: {@link #properties}, Snappy, Parquet's
   * default row-group size, the footer's key-value metadata.
   *
   * @throws IOException when the file exists or cannot be created
   */
  static ColumnFileWriter openColumns(Path file, MessageType schema, Map<String, String> footer)
      throws IOException {
    return new ColumnFileWriter(
        outputFile(file),
        schema,
        properties(),
        CompressionCodecName.SNAPPY,
        ParquetWriter.DEFAULT_BLOCK_SIZE,
        footer);
  }

  /** Parquet's default padding of a row group to an HDFS block, as {@link #open} has it. */
  static final int MAX_PADDING_BYTES = ParquetWriter.MAX_PADDING_SIZE_DEFAULT;

  /** The column that holds a runner's pseudonym in every table of the lake. */
  private static final String PARTICIPANT_ID = "participant_id";

  private static final class Builder<T> extends ParquetWriter.Builder<T, Builder<T>> {
    private final WriteSupport<T> support;

    Builder(Path file, WriteSupport<T> support) throws IOException {
      super(outputFile(file));
      this.support = support;
    }

    @Override
    protected Builder<T> self() {
      return this;
    }

    @Override
    protected WriteSupport<T> getWriteSupport(ParquetConfiguration conf) {
      return support;
    }

    @Override
    @SuppressWarnings("deprecation") // abstract in the builder; build() calls the one above
    protected WriteSupport<T> getWriteSupport(Configuration conf) {
      return support;
    }
  }
}
