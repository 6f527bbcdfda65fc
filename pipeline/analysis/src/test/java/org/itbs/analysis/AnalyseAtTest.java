package org.itbs.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.itbs.core.dictionary.AnalysisDictionary;
import org.itbs.lake.IcebergLake;
import org.itbs.lake.LakeTables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Analyse#at}: a lake version's analysis set read from the analysis tables at the snapshots
 * recorded for it (Iceberg's Java reader, no Spark), whatever the tables' current state.
 */
class AnalyseAtTest {
  private static final TableIdentifier RUNNERS =
      LakeTables.analysisId(AnalysisDictionary.runners());
  private static final TableIdentifier INTERVALS =
      LakeTables.analysisId(AnalysisDictionary.recurrenceIntervals());

  @TempDir Path lake;

  @Test
  void asOfEachVersionReadsThatVersionsRowsAndAVersionWithoutAnalysisSaysRunFeatures() {
    try (IcebergLake l = IcebergLake.open(lake, null, new Configuration())) {
      l.commit(new IcebergLake.Submission("sub-a1", "AAA", "run-1", Map.of()));
      l.commit(new IcebergLake.Submission("sub-b1", "BBB", "run-2", Map.of()));
      l.commit(new IcebergLake.Submission("sub-c1", "CCC", "run-3", Map.of()));
      analyse(l, 2, "AAA", "a1", "AAA", "a2", "BBB", "b1");
      // An --as-of run on an older version, made after the newer one.
      analyse(l, 1, "AAA", "a1", "AAA", "a2");
    }

    Analyse.LakeAt v1 = Analyse.at(lake, "1");
    Analyse.LakeAt v2 = Analyse.at(lake, "2");

    assertThat(v1.version().version()).isEqualTo(1);
    assertThat(v1.runners().participantIds()).containsExactly("a1", "a2");
    assertThat(v1.intervals().size()).isEqualTo(2);
    assertThat(v2.runners().participantIds()).containsExactly("a1", "a2", "b1");
    assertThat(v2.runners().sites()).containsExactly("AAA", "AAA", "BBB");
    assertThat(v2.runners().column("km_week")).containsExactly(1.5, 1.5, 1.5);
    assertThat(v2.analysis().snapshots()).isNotEqualTo(v1.analysis().snapshots());
    // The latest lake version (3) has no analysis: one line naming the command to run.
    assertThatThrownBy(() -> Analyse.at(lake, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "lake "
                + lake
                + " version 3 has no analysis set; run `itbs features --lake "
                + lake
                + "` first");
    assertThatThrownBy(() -> Analyse.at(lake, "3"))
        .hasMessageEndingWith("run `itbs features --lake " + lake + " --as-of 3` first");
  }

  private static void analyse(IcebergLake l, long version, String... siteAndRunner) {
    Map<TableIdentifier, List<Record>> rows = new LinkedHashMap<>();
    rows.put(RUNNERS, records(l.table(RUNNERS), siteAndRunner));
    rows.put(INTERVALS, records(l.table(INTERVALS), siteAndRunner));
    l.commitAnalysis(
        l.version(version),
        "analysis-plan v1",
        rows,
        JsonNodeFactory.instance.objectNode().put("lake_version", version),
        "run-features");
  }

  /** One row per (site, runner) pair: every other column a value of its type. */
  private static List<Record> records(Table t, String... siteAndRunner) {
    List<Record> out = new ArrayList<>();
    for (int i = 0; i < siteAndRunner.length; i += 2) {
      Record r = GenericRecord.create(t.schema());
      for (Types.NestedField f : t.schema().columns()) {
        r.setField(
            f.name(),
            switch (f.name()) {
              case "site" -> siteAndRunner[i];
              case "participant_id" -> siteAndRunner[i + 1];
              default ->
                  switch (f.type().typeId()) {
                    case LONG -> 1L;
                    case DOUBLE -> 1.5;
                    default -> "R";
                  };
            });
      }
      out.add(r);
    }
    return out;
  }
}
