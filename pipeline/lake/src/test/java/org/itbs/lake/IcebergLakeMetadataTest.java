package org.itbs.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.itbs.core.dictionary.Dictionary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metadata growth (issue 17): a table keeps at most {@link IcebergLake#METADATA_PREVIOUS_VERSIONS}
 * earlier {@code metadata.json} files plus the current one however many submissions the lake takes,
 * every version still reads back (versions are read by snapshot id, and every snapshot stays), and
 * the tables of a lake made before the properties get them, and lose their surplus metadata files,
 * at its next commit, not when a command only reads it.
 */
class IcebergLakeMetadataTest {
  private static final TableIdentifier CUR_P =
      LakeTables.curatedId(Dictionary.submission().table("participants"));

  /** More commits than the log keeps: each writes two metadata files (staged, published). */
  private static final int COMMITS = IcebergLake.METADATA_PREVIOUS_VERSIONS / 2 + 2;

  @TempDir Path root;
  private final Configuration conf = new Configuration();

  @Test
  void keepsTheLogOnlyAndEveryVersionReadsBack() throws Exception {
    try (IcebergLake lake = IcebergLake.open(root, null, conf)) {
      for (TableIdentifier id : lake.catalogTables()) {
        assertThat(lake.table(id).properties())
            .containsAllEntriesOf(IcebergLake.metadataProperties());
      }
      commitMany(lake, 0, COMMITS);
      Table t = lake.table(CUR_P);
      assertBounded(t);
      assertThat(((HasTableOperations) t).operations().current().previousFiles())
          .hasSize(IcebergLake.METADATA_PREVIOUS_VERSIONS);
      assertEveryVersionReadsBack(lake, COMMITS);
    }
  }

  @Test
  void anExistingLakesTablesGetThePropertiesAtItsNextCommit() throws Exception {
    try (IcebergLake lake = IcebergLake.open(root, null, conf)) {
      commitMany(lake, 0, 1); // this writer has set the properties: it will not look again
      // A lake made before the properties: its tables keep every metadata file, also those
      // older than their metadata log (Iceberg's default log is 100 long; 3 here, to be quick).
      for (TableIdentifier id : lake.catalogTables()) {
        lake.table(id)
            .updateProperties()
            .remove(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED)
            .set(TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "3")
            .commit();
      }
      commitMany(lake, 1, COMMITS);
    }
    int before = metadataJsons(table(CUR_P));
    assertThat(before).isGreaterThan(IcebergLake.METADATA_PREVIOUS_VERSIONS + 1);
    // A command that only reads changes nothing.
    try (IcebergLake reader = IcebergLake.openLake(root, null, conf, false)) {
      reader.read(reader.latest().orElseThrow(), CUR_P);
      assertThat(reader.table(CUR_P).properties())
          .doesNotContainKey(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED);
    }
    assertThat(metadataJsons(table(CUR_P))).isEqualTo(before);
    try (IcebergLake lake = IcebergLake.open(root, null, conf)) {
      commitMany(lake, COMMITS + 1, 1);
      for (TableIdentifier id : lake.catalogTables()) {
        assertThat(lake.table(id).properties())
            .as("%s", id)
            .containsAllEntriesOf(IcebergLake.metadataProperties());
      }
      assertBounded(lake.table(CUR_P));
      assertEveryVersionReadsBack(lake, COMMITS + 2);
      // once per lake: a later writer finds nothing to set
      assertThat(lake.boundMetadata()).isEmpty();
    }
  }

  /** Submissions {@code from..from+n-1}, sites alternating: one runner each, {@code r<i>}. */
  private void commitMany(IcebergLake lake, int from, int n) throws IOException {
    for (int i = from; i < from + n; i++) {
      String site = site(i);
      Table t = lake.table(CUR_P);
      List<Record> rows = List.of(LakeErasureTest.curated(t, "r" + i, 2));
      lake.commit(
          new IcebergLake.Submission(
              "s" + i,
              site,
              "run-" + i,
              Map.of(CUR_P, List.of(LakeErasureTest.write(t, site, "s" + i, rows)))));
    }
  }

  private static String site(int i) {
    return i % 2 == 0 ? "AAA" : "BBB";
  }

  /**
   * At most the log plus the current metadata file on disk, and every file the log names is there
   * (an operator may point the table back at one).
   */
  private static void assertBounded(Table t) {
    TableMetadata md = ((HasTableOperations) t).operations().current();
    assertThat(md.previousFiles()).hasSizeLessThanOrEqualTo(IcebergLake.METADATA_PREVIOUS_VERSIONS);
    assertThat(metadataJsons(t)).isLessThanOrEqualTo(IcebergLake.METADATA_PREVIOUS_VERSIONS + 1);
    for (TableMetadata.MetadataLogEntry e : md.previousFiles()) {
      assertThat(Path.of(java.net.URI.create(e.file()))).exists();
    }
  }

  /** Version v holds, per site, the runner of the latest submission of that site up to v. */
  private static void assertEveryVersionReadsBack(IcebergLake lake, int versions) {
    assertThat(lake.versions()).hasSize(versions);
    for (int v = 1; v <= versions; v++) {
      Map<String, String> expected = new TreeMap<>();
      for (int i = 0; i < v; i++) {
        expected.put(site(i), "r" + i);
      }
      Map<String, String> got = new TreeMap<>();
      for (Record r : lake.read(lake.version(v), CUR_P)) {
        got.merge(
            (String) r.getField(LakeTables.SITE),
            (String) r.getField("participant_id"),
            (a, b) -> a + "," + b);
      }
      assertThat(got).as("version %d", v).isEqualTo(expected);
    }
  }

  private Table table(TableIdentifier id) {
    try (IcebergLake lake = IcebergLake.openLake(root, null, conf, false)) {
      return lake.table(id);
    }
  }

  private static int metadataJsons(Table t) {
    Path dir = Path.of(java.net.URI.create(t.location())).resolve("metadata");
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> p.getFileName().toString().endsWith(".metadata.json")).forEach(out::add);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.size();
  }
}
