package org.itbs.spark.lake;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.itbs.lake.IcebergLake;

/**
 * Measures the commit overhead of one submission on a fresh lake (issue 17): {@code CommitOverhead
 * [N]} commits N submissions (sites cycling over three, each one refused row and a few runners, the
 * files written beforehand) and prints the median time of each step: stage (one snapshot per
 * table), record (the version row), publish (fast-forward per table), and the whole. See
 * docs/iceberg-plan.md for the command.
 */
public final class CommitOverhead {
  private CommitOverhead() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 12;
    Path dir = Files.createTempDirectory("itbs-commit-overhead");
    List<Long> stage = new ArrayList<>();
    List<Long> record = new ArrayList<>();
    List<Long> publish = new ArrayList<>();
    List<Long> whole = new ArrayList<>();
    try (IcebergLake lake = IcebergLake.open(dir.resolve("lake"), null, new Configuration())) {
      for (int i = 0; i < n; i++) {
        String site = List.of("AAA", "BBB", "CCC").get(i % 3);
        IcebergLake.Submission s =
            LakeFiles.submissionOverAllTables(
                lake, site, "s" + i, "run", List.of("p" + i + "a", "p" + i + "b"), "q" + i);
        long t0 = System.nanoTime();
        IcebergLake.Staged st = lake.stage(s);
        long t1 = System.nanoTime();
        IcebergLake.Version v = lake.recordVersion(st).orElseThrow();
        long t2 = System.nanoTime();
        lake.publish(v);
        long t3 = System.nanoTime();
        if (i > 0) { // the first one loads the classes
          stage.add(t1 - t0);
          record.add(t2 - t1);
          publish.add(t3 - t2);
          whole.add(t3 - t0);
        }
      }
      System.out.printf(
          Locale.ROOT,
          "commit of one submission over %d tables, median of %d: stage %d ms, record %d ms,"
              + " publish %d ms, whole %d ms%n",
          lake.tableIds().size(),
          whole.size(),
          median(stage),
          median(record),
          median(publish),
          median(whole));
    } finally {
      org.itbs.core.lake.Lake.deleteTree(dir);
    }
  }

  static long median(List<Long> ns) {
    List<Long> s = new ArrayList<>(ns);
    Collections.sort(s);
    return s.get(s.size() / 2) / 1_000_000;
  }
}
