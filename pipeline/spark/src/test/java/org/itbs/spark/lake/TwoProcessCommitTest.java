package org.itbs.spark.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.itbs.spark.lake.LakeFiles.PARTICIPANTS;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.itbs.lake.IcebergLake;
import org.itbs.lake.LakeTables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes committing submissions of two sites to one lake at the same time: every commit that
 * reported success is in the lake (the JDBC catalog on SQLite loses none, where the Hadoop catalog
 * did, issue 17), and every version is one whole submission on top of the one before.
 */
class TwoProcessCommitTest {
  private static final int COUNT = 3;

  @TempDir Path dir;

  private Process child(Path lake, String site, Path log) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(CommitInChild.class.getName());
    cmd.add(lake.toString());
    cmd.add(site);
    cmd.add(Integer.toString(COUNT));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  @Test
  void twoProcessesCommittingTwoSitesLoseNoCommit() throws Exception {
    Path lake = dir.resolve("lake");
    IcebergLake.open(lake, null, new Configuration()).close(); // tables made once, beforehand
    Process a = child(lake, "AAA", dir.resolve("a.log"));
    Process b = child(lake, "BBB", dir.resolve("b.log"));
    assertThat(a.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(b.waitFor(300, TimeUnit.SECONDS)).isTrue();
    String logs = Files.readString(dir.resolve("a.log")) + Files.readString(dir.resolve("b.log"));
    assertThat(a.exitValue()).as(logs).isZero();
    assertThat(b.exitValue()).as(logs).isZero();
    assertThat(logs.lines().filter(l -> l.startsWith("committed ")).count()).isEqualTo(2 * COUNT);

    try (IcebergLake l = IcebergLake.open(lake, null, new Configuration())) {
      List<IcebergLake.Version> versions = l.versions();
      assertThat(versions).hasSize(2 * COUNT);
      assertThat(
              versions.stream().map(IcebergLake.Version::submissionId).collect(Collectors.toSet()))
          .hasSize(2 * COUNT);
      TableIdentifier cur = LakeTables.curatedId(PARTICIPANTS);
      // Replaying the versions' submissions one by one gives what each version reads.
      Map<String, List<String>> expected = new TreeMap<>();
      for (IcebergLake.Version v : versions) {
        String i = v.submissionId().substring(v.submissionId().lastIndexOf('-') + 1);
        expected.put(v.site(), List.of(v.site().toLowerCase(java.util.Locale.ROOT) + i));
        Map<String, List<String>> read = new TreeMap<>();
        for (Record r : l.read(v, cur)) {
          read.computeIfAbsent((String) r.getField(LakeTables.SITE), k -> new ArrayList<>())
              .add((String) r.getField("participant_id"));
        }
        assertThat(read).as("version %d", v.version()).isEqualTo(expected);
      }
      assertThat(expected).isEqualTo(Map.of("AAA", List.of("aaa3"), "BBB", List.of("bbb3")));
      assertThat(l.removeUnpublished(run -> false)).isZero();
      IcebergLake.Version last = versions.get(versions.size() - 1);
      assertThat(last.snapshots()).hasSize(2);
      for (Map.Entry<String, Long> e : last.snapshots().entrySet()) {
        assertThat(l.table(TableIdentifier.parse(e.getKey())).currentSnapshot().snapshotId())
            .isEqualTo(e.getValue());
      }
      assertThat(Set.copyOf(versions.stream().map(IcebergLake.Version::site).toList()))
          .containsExactlyInAnyOrder("AAA", "BBB");
    }
  }
}
