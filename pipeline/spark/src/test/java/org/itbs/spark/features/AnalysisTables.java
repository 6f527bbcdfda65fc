package org.itbs.spark.features;

import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.data.Record;
import org.itbs.core.dictionary.AnalysisDictionary;
import org.itbs.lake.IcebergLake;
import org.itbs.lake.LakeTables;

/**
 * The analysis tables a features run committed, read back at the snapshots it recorded (never the
 * tables' current one): their rows through Iceberg's Java reader, or their data files (one Parquet
 * file per site) for Spark to read.
 */
public final class AnalysisTables {
  private AnalysisTables() {}

  /** The rows of an analysis table of a run, in the order written (site, then the key). */
  public static List<Record> rows(Path lake, FeaturesJob.Result r, AnalysisDictionary table) {
    return rows(lake, r.analysis(), table);
  }

  /** The rows of an analysis table at an analysis version. */
  public static List<Record> rows(
      Path lake, IcebergLake.AnalysisVersion a, AnalysisDictionary table) {
    try (IcebergLake l = IcebergLake.open(lake, null, new Configuration())) {
      return l.read(a, LakeTables.analysisId(table));
    }
  }

  /** The locations of an analysis table's data files of a run, in site order. */
  public static String[] files(Path lake, FeaturesJob.Result r, AnalysisDictionary table) {
    try (IcebergLake l = IcebergLake.open(lake, null, new Configuration())) {
      return l.files(r.analysis(), LakeTables.analysisId(table)).stream()
          .map(DataFile::location)
          .toArray(String[]::new);
    }
  }
}
