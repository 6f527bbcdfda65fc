package org.itbs.spark.lake;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.itbs.core.dictionary.ColumnSpec;
import org.itbs.core.dictionary.Dictionary;
import org.itbs.core.dictionary.TableSpec;
import org.itbs.core.validate.Finding;
import org.itbs.core.validate.Rule;
import org.itbs.lake.IcebergLake;
import org.itbs.lake.LakeTables;
import org.itbs.spark.parquet.CuratedPartWriter;
import org.itbs.spark.parquet.LakeParquet;
import org.itbs.spark.parquet.QuarantinePartWriter;

/**
 * Writes a submission's part files the way the ingest tasks do (the lake's own Parquet writers),
 * into the tables' data folders, and returns them as the data files the driver commits.
 */
public final class LakeFiles {
  public static final Dictionary DICTIONARY = Dictionary.submission();
  public static final TableSpec PARTICIPANTS = DICTIONARY.table("participants");

  private LakeFiles() {}

  /**
   * One submission that touches the participants tables only (the lake versions carry the other
   * tables over): curated participants with {@code runners}, one refused participants row ({@code
   * refused}).
   */
  public static IcebergLake.Submission submission(
      IcebergLake lake, String site, String id, String run, List<String> runners, String refused)
      throws Exception {
    return submission(
        lake,
        site,
        id,
        run,
        runners,
        refused,
        List.of(LakeTables.curatedId(PARTICIPANTS), LakeTables.quarantineId(PARTICIPANTS)));
  }

  /**
   * One submission as ingest makes it, touching every table: the participants as {@link
   * #submission}, one row per runner in every other curated table, no refused row in the other
   * quarantine tables.
   */
  public static IcebergLake.Submission submissionOverAllTables(
      IcebergLake lake, String site, String id, String run, List<String> runners, String refused)
      throws Exception {
    return submission(lake, site, id, run, runners, refused, lake.tableIds());
  }

  private static IcebergLake.Submission submission(
      IcebergLake lake,
      String site,
      String id,
      String run,
      List<String> runners,
      String refused,
      List<TableIdentifier> tables)
      throws Exception {
    Map<TableIdentifier, List<DataFile>> files = new LinkedHashMap<>();
    for (TableIdentifier t : tables) {
      files.put(t, new ArrayList<>());
    }
    Table cur = lake.table(LakeTables.curatedId(PARTICIPANTS));
    String cloc = IcebergLake.dataLocation(cur, site, id) + "/" + LakeParquet.partName("c", 0, 0);
    try (CuratedPartWriter w = new CuratedPartWriter(local(cloc), PARTICIPANTS, site, "4.2.0")) {
      long line = 2;
      for (String r : runners) {
        w.write(row(PARTICIPANTS, r), line++);
      }
    }
    files.get(LakeTables.curatedId(PARTICIPANTS)).add(IcebergLake.dataFile(cur, site, cloc));
    Table qua = lake.table(LakeTables.quarantineId(PARTICIPANTS));
    String qloc = IcebergLake.dataLocation(qua, site, id) + "/" + LakeParquet.partName("q", 0, 0);
    try (QuarantinePartWriter w =
        new QuarantinePartWriter(local(qloc), PARTICIPANTS, site, "participants.csv", "4.2.0")) {
      String[] text = new String[PARTICIPANTS.columns().size()];
      text[0] = refused;
      text[1] = "X";
      w.write(9, text, List.of(new Finding("sex", "X", Rule.VALUES, "sex must be F or M")));
    }
    files.get(LakeTables.quarantineId(PARTICIPANTS)).add(IcebergLake.dataFile(qua, site, qloc));
    for (TableSpec spec : DICTIONARY.tables()) {
      TableIdentifier tid = LakeTables.curatedId(spec);
      if (spec == PARTICIPANTS || !tables.contains(tid)) {
        continue;
      }
      Table t = lake.table(tid);
      String loc = IcebergLake.dataLocation(t, site, id) + "/" + LakeParquet.partName("c", 0, 0);
      try (CuratedPartWriter w = new CuratedPartWriter(local(loc), spec, site, "4.2.0")) {
        long line = 2;
        for (String r : runners) {
          w.write(row(spec, r), line++);
        }
      }
      files.get(tid).add(IcebergLake.dataFile(t, site, loc));
    }
    return new IcebergLake.Submission(id, site, run, files);
  }

  /** A curated row of runner {@code id} (typed, not validated). */
  static Object[] row(TableSpec t, String id) {
    List<ColumnSpec> cols = t.columns();
    Object[] v = new Object[cols.size()];
    for (int i = 0; i < v.length; i++) {
      ColumnSpec c = cols.get(i);
      v[i] =
          switch (c.type()) {
            case TEXT -> id;
            case CODE -> c.values().get(0);
            case INTEGER -> 1L;
            case NUMBER -> 22.5;
            case DATE -> LocalDate.of(2024, 3, 4);
          };
    }
    return v;
  }

  /** The path of a file location, local or on a Hadoop file system, its folder created. */
  static Path local(String location) throws Exception {
    Path p = org.itbs.spark.JobPaths.fromUri(location);
    Files.createDirectories(p.getParent());
    return p;
  }
}
