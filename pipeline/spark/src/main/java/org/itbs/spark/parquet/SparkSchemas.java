package org.itbs.spark.parquet;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.itbs.core.dictionary.ColumnSpec;
import org.itbs.core.dictionary.TableSpec;
import org.itbs.lake.LakeTables;

/**
 * The Spark (and so Parquet) schemas of the lake's tables, derived from the data dictionary: the
 * dictionary names every column once, these schemas only map its types.
 */
public final class SparkSchemas {
  /** Column holding the 1-based line of the input file a row came from. */
  public static final String SOURCE_LINE = LakeTables.SOURCE_LINE;

  /** Column holding the input file's name, in quarantine. */
  public static final String SOURCE_FILE = LakeTables.SOURCE_FILE;

  /** Column holding the reasons a row was refused, in quarantine. */
  public static final String FINDINGS = LakeTables.FINDINGS;

  /** The site code: the lake's partition column, which every part file holds too. */
  public static final String SITE = LakeTables.SITE;

  /** The struct of one finding. */
  public static final StructType FINDING =
      new StructType()
          .add("column", DataTypes.StringType, true)
          .add("value", DataTypes.StringType, true)
          .add("rule", DataTypes.StringType, false)
          .add("message", DataTypes.StringType, false);

  private SparkSchemas() {}

  /** The Spark type of a dictionary column. */
  public static DataType typeOf(ColumnSpec c) {
    return switch (c.type()) {
      case TEXT, CODE -> DataTypes.StringType;
      case INTEGER -> DataTypes.LongType;
      case NUMBER -> DataTypes.DoubleType;
      case DATE -> DataTypes.DateType;
    };
  }

  private static Metadata describe(ColumnSpec c) {
    MetadataBuilder m = new MetadataBuilder().putString("comment", c.description());
    if (c.unit() != null) {
      m.putString("unit", c.unit());
    }
    return m.build();
  }

  /** Schema of a curated table: the dictionary's columns, typed, then {@value #SOURCE_LINE}. */
  public static StructType curated(TableSpec t) {
    List<StructField> f = new ArrayList<>();
    for (ColumnSpec c : t.columns()) {
      f.add(new StructField(c.name(), typeOf(c), !c.required(), describe(c)));
    }
    f.add(new StructField(SOURCE_LINE, DataTypes.LongType, false, Metadata.empty()));
    return new StructType(f.toArray(StructField[]::new));
  }

  /**
   * Schema of a quarantine table: the source file and line, every dictionary column as written
   * (text), and the findings.
   */
  public static StructType quarantine(TableSpec t) {
    List<StructField> f = new ArrayList<>();
    f.add(new StructField(SOURCE_FILE, DataTypes.StringType, false, Metadata.empty()));
    f.add(new StructField(SOURCE_LINE, DataTypes.LongType, false, Metadata.empty()));
    for (ColumnSpec c : t.columns()) {
      f.add(new StructField(c.name(), DataTypes.StringType, true, describe(c)));
    }
    f.add(
        new StructField(
            FINDINGS, DataTypes.createArrayType(FINDING, false), false, Metadata.empty()));
    return new StructType(f.toArray(StructField[]::new));
  }

  /**
   * Schema of a curated part file, as its footer records it: {@link #curated} and then {@value
   * #SITE}, the same for every row of the file (the table's identity partition, stored so that
   * readers that do not fill it from the partition see it).
   */
  public static StructType curatedFile(TableSpec t) {
    return withSite(curated(t));
  }

  /** Schema of a quarantine part file: {@link #quarantine} and then {@value #SITE}. */
  public static StructType quarantineFile(TableSpec t) {
    return withSite(quarantine(t));
  }

  private static StructType withSite(StructType s) {
    return s.add(
        new StructField(
            SITE,
            DataTypes.StringType,
            false,
            new MetadataBuilder()
                .putString("comment", "site code (the partition; the same on every row of a file)")
                .build()));
  }
}
