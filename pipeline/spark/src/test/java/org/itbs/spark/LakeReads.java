package org.itbs.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.itbs.core.dictionary.Dictionary;
import org.itbs.core.dictionary.TableSpec;
import org.itbs.core.lake.LakeState;
import org.itbs.lake.IcebergLake;
import org.itbs.lake.LakeTables;
import org.itbs.spark.parquet.SparkSchemas;

/**
 * What the tests read back from a lake, through its Iceberg catalog as the commands do: the state
 * at the latest version, and a site's rows of a curated or quarantine table at it.
 */
public final class LakeReads {
  private LakeReads() {}

  /** The lake's state at its latest version; empty when the folder holds no catalog yet. */
  public static LakeState state(Path lake) {
    if (!Files.exists(lake.resolve(IcebergLake.CATALOG_FILE))) {
      return LakeState.empty();
    }
    try (IcebergLake c = IcebergLake.openLake(lake, null, new Configuration(), false)) {
      return c.state();
    }
  }

  /** The locations of a site's data files of a table at the latest version. */
  public static List<String> files(Path lake, String table, String site, boolean curated) {
    TableSpec t = Dictionary.submission().table(table);
    try (IcebergLake c = IcebergLake.openLake(lake, null, JobPaths.hadoopConfiguration(), false)) {
      IcebergLake.Version v = c.latest().orElseThrow();
      return c
          .files(v, curated ? LakeTables.curatedId(t) : LakeTables.quarantineId(t), site)
          .stream()
          .map(f -> f.location())
          .toList();
    }
  }

  /** A site's accepted rows of a table at the latest version (no site column). */
  public static Dataset<Row> curated(SparkSession spark, Path lake, String table, String site) {
    TableSpec t = Dictionary.submission().table(table);
    return read(spark, files(lake, table, site, true), t, true);
  }

  /** A site's refused rows of a table at the latest version (no site column). */
  public static Dataset<Row> quarantine(SparkSession spark, Path lake, String table, String site) {
    TableSpec t = Dictionary.submission().table(table);
    return read(spark, files(lake, table, site, false), t, false);
  }

  private static Dataset<Row> read(
      SparkSession spark, List<String> files, TableSpec t, boolean curated) {
    var schema = curated ? SparkSchemas.curated(t) : SparkSchemas.quarantine(t);
    if (files.isEmpty()) {
      return spark.createDataFrame(List.of(), schema);
    }
    return spark.read().schema(schema).parquet(files.toArray(String[]::new));
  }
}
