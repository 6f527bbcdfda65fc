package org.itbs.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.itbs.core.dictionary.AnalysisDictionary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analysis tables ({@code analysis.runners}, {@code analysis.recurrence_intervals}, issue 17
 * step 6): created with the lake, committed write–audit–publish per lake version ({@link
 * IcebergLake#commitAnalysis}), read at the snapshots recorded for a version, never at the tables'
 * current one.
 */
class AnalysisTablesTest {
  private static final TableIdentifier RUNNERS =
      LakeTables.analysisId(AnalysisDictionary.runners());
  private static final TableIdentifier INTERVALS =
      LakeTables.analysisId(AnalysisDictionary.recurrenceIntervals());

  @TempDir Path root;
  private IcebergLake lake;

  @BeforeEach
  void lakeOfTwoVersions() {
    lake = IcebergLake.open(root, null, new Configuration());
    // Two lake versions (no rows needed: the analysis only names the version it came from).
    lake.commit(new IcebergLake.Submission("sub-a1", "AAA", "run-1", Map.of()));
    lake.commit(new IcebergLake.Submission("sub-b1", "BBB", "run-2", Map.of()));
  }

  @AfterEach
  void close() {
    lake.close();
  }

  @Test
  void theTablesAreCreatedWithTheLakeFromTheAnalysisDictionary() {
    assertThat(lake.analysisTableIds()).containsExactly(RUNNERS, INTERVALS);
    assertThat(lake.catalogTables()).contains(RUNNERS, INTERVALS);
    for (AnalysisDictionary d : LakeTables.analysisTables()) {
      Table t = lake.table(LakeTables.analysisId(d));
      assertThat(t.schema().asStruct()).isEqualTo(LakeTables.analysis(d).asStruct());
      assertThat(t.schema().columns())
          .extracting(c -> c.name())
          .containsExactlyElementsOf(d.columns().stream().map(c -> c.name()).toList());
      assertThat(t.spec().fields()).hasSize(1);
      assertThat(t.spec().fields().get(0).transform().isIdentity()).isTrue();
      assertThat(((org.apache.iceberg.HasTableOperations) t).operations().current().formatVersion())
          .isEqualTo(2);
      assertThat(t.properties())
          .containsEntry(TableProperties.DELETE_MODE, "copy-on-write")
          .containsEntry(
              TableProperties.METRICS_MODE_COLUMN_CONF_PREFIX + "participant_id", "none");
    }
  }

  @Test
  void aLakeMadeBeforeTheAnalysisTablesGetsThemOnItsNextOpen() throws Exception {
    lake.close();
    // A session-6 lake: the catalog knows the 10 curated and quarantine tables only.
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection(
                "jdbc:sqlite:" + root.resolve(IcebergLake.CATALOG_FILE));
        java.sql.Statement st = c.createStatement()) {
      assertThat(st.executeUpdate("DELETE FROM iceberg_tables WHERE table_namespace = 'analysis'"))
          .isEqualTo(2);
      st.executeUpdate("DROP TABLE itbs_analysis_versions");
    }
    lake = IcebergLake.open(root, null, new Configuration());
    assertThat(lake.analysisTableIds()).allSatisfy(id -> assertThat(lake.table(id)).isNotNull());
    assertThat(lake.analysedVersions()).isEmpty();
    assertThat(lake.latest().orElseThrow().version()).isEqualTo(2);
    IcebergLake.AnalysisVersion a = analyse(2, "AAA", "a1");
    assertThat(ids(a, RUNNERS)).containsExactly("AAA/a1");
  }

  @Test
  void eachLakeVersionReadsItsOwnAnalysisAndAnOlderOneDoesNotMoveTheTables() throws Exception {
    IcebergLake.AnalysisVersion a1 = analyse(1, "AAA", "a1", "AAA", "a2");
    assertThat(current()).isEqualTo(a1.snapshots());
    IcebergLake.AnalysisVersion a2 = analyse(2, "AAA", "a1", "AAA", "a2", "BBB", "b1");
    assertThat(current()).isEqualTo(a2.snapshots());

    // --as-of 1 again: recorded for version 1, published nowhere (version 2 is newer).
    IcebergLake.AnalysisVersion again = analyse(1, "AAA", "a1", "AAA", "a2");

    assertThat(current()).isEqualTo(a2.snapshots());
    assertThat(lake.analysedVersions()).containsExactly(1L, 2L);
    assertThat(lake.analysis(1)).contains(again);
    assertThat(lake.analysis(2)).contains(a2);
    assertThat(ids(lake.analysis(1).orElseThrow(), RUNNERS)).containsExactly("AAA/a1", "AAA/a2");
    assertThat(ids(lake.analysis(2).orElseThrow(), RUNNERS))
        .containsExactly("AAA/a1", "AAA/a2", "BBB/b1");
    // One data file per site, each holding the site column.
    assertThat(lake.files(a2, RUNNERS))
        .extracting(IcebergLake::siteOf)
        .containsExactly("AAA", "BBB");
    // The manifest is recorded with the analysis snapshot ids added.
    JsonNode m = new ObjectMapper().readTree(lake.analysis(2).orElseThrow().manifest());
    assertThat(m.get("lake_version").asLong()).isEqualTo(2);
    assertThat(m.get("analysis_snapshots").get("analysis.runners").asLong())
        .isEqualTo(a2.snapshot(RUNNERS));
    // The replaced analysis of version 1 is expired; a version without one has none.
    assertThat(lake.table(RUNNERS).snapshot(a1.snapshot(RUNNERS))).isNull();
    lake.commit(new IcebergLake.Submission("sub-c1", "CCC", "run-3", Map.of()));
    assertThat(lake.analysis(3)).isEmpty();
  }

  @Test
  void aRunStoppedAfterStagingLeavesReadersAndTheTablesOnTheOldAnalysis() {
    IcebergLake.AnalysisVersion a1 = analyse(1, "AAA", "a1");
    Map<String, Long> before = current();

    // Staged for version 2, then killed before its row: nothing reads it.
    IcebergLake.StagedAnalysis staged =
        lake.stageAnalysis(lake.version(2), rows("AAA", "a1", "BBB", "b1"), "run-killed");

    assertThat(staged.snapshots()).hasSize(2);
    for (TableIdentifier id : List.of(RUNNERS, INTERVALS)) {
      assertThat(lake.table(id).snapshot(staged.snapshots().get(LakeTables.name(id)))).isNotNull();
    }
    assertThat(current()).isEqualTo(before);
    assertThat(lake.analysedVersions()).containsExactly(1L);
    assertThat(lake.analysis(2)).isEmpty();
    assertThat(ids(lake.analysis(1).orElseThrow(), RUNNERS)).containsExactly("AAA/a1");
    assertThat(lake.analysis(1)).contains(a1);

    // The clean-up of a later run spares it while its run lives, then removes it with its files.
    assertThat(lake.removeUnpublished(run -> run.equals("run-killed"))).isZero();
    IcebergLake.StagedAnalysis dead =
        lake.stageAnalysis(lake.version(2), rows("AAA", "x1"), "run-dead");
    String deadFile =
        lake.table(RUNNERS)
            .snapshot(dead.snapshots().get("analysis.runners"))
            .addedDataFiles(lake.table(RUNNERS).io())
            .iterator()
            .next()
            .location();
    assertThat(lake.removeUnpublished(run -> run.equals("run-killed"))).isEqualTo(2);
    assertThat(lake.table(RUNNERS).snapshot(dead.snapshots().get("analysis.runners"))).isNull();
    assertThat(Path.of(java.net.URI.create(deadFile))).doesNotExist();
    assertThat(lake.table(RUNNERS).snapshot(staged.snapshots().get("analysis.runners")))
        .isNotNull();
    assertThat(ids(lake.analysis(1).orElseThrow(), RUNNERS)).containsExactly("AAA/a1");

    // Killed after its row, before publishing: readers of version 2 see it; the next run
    // publishes it first.
    lake.recordAnalysis(staged, "analysis-plan v1", JsonNodeFactory.instance.objectNode());
    assertThat(ids(lake.analysis(2).orElseThrow(), RUNNERS)).containsExactly("AAA/a1", "BBB/b1");
    assertThat(current()).isEqualTo(before);
    lake.publishAnalysis();
    assertThat(current()).isEqualTo(staged.snapshots());
  }

  @Test
  void aRowWithoutASiteIsRefused() {
    Map<TableIdentifier, List<Record>> rows = rows("AAA", "a1");
    rows.get(RUNNERS).get(0).setField(LakeTables.SITE, null);
    assertThatThrownBy(() -> lake.stageAnalysis(lake.version(1), rows, "run-x"))
        .hasMessageContaining("table analysis.runners: a row without a site");
  }

  private IcebergLake.AnalysisVersion analyse(long version, String... siteAndRunner) {
    return lake.commitAnalysis(
        lake.version(version),
        "analysis-plan v1",
        rows(siteAndRunner),
        JsonNodeFactory.instance.objectNode().put("lake_version", version),
        "run-features");
  }

  /** Both tables' rows: one runner row and one interval per (site, runner) pair given. */
  private Map<TableIdentifier, List<Record>> rows(String... siteAndRunner) {
    List<String[]> pairs = new ArrayList<>();
    for (int i = 0; i < siteAndRunner.length; i += 2) {
      pairs.add(new String[] {siteAndRunner[i], siteAndRunner[i + 1]});
    }
    Map<TableIdentifier, List<Record>> out = new LinkedHashMap<>();
    out.put(RUNNERS, LakeErasureTest.analysisRecords(lake.table(RUNNERS), pairs));
    out.put(INTERVALS, LakeErasureTest.analysisRecords(lake.table(INTERVALS), pairs));
    return out;
  }

  private List<String> ids(IcebergLake.AnalysisVersion a, TableIdentifier id) {
    return lake.read(a, id).stream()
        .map(r -> r.getField("site") + "/" + r.getField("participant_id"))
        .toList();
  }

  private Map<String, Long> current() {
    Map<String, Long> out = new TreeMap<>();
    for (TableIdentifier id : lake.analysisTableIds()) {
      Table t = lake.table(id);
      out.put(
          LakeTables.name(id),
          t.currentSnapshot() == null ? null : t.currentSnapshot().snapshotId());
    }
    return out;
  }
}
