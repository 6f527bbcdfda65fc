package org.itbs.spark.lake;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.itbs.lake.IcebergLake;

/**
 * A process that commits {@code COUNT} submissions of one site to a lake, one after the other, and
 * prints the version of each: {@code CommitInChild LAKE SITE COUNT} (for {@link
 * TwoProcessCommitTest}).
 */
public final class CommitInChild {
  private CommitInChild() {}

  public static void main(String[] args) throws Exception {
    Path lake = Path.of(args[0]);
    String site = args[1];
    int count = Integer.parseInt(args[2]);
    try (IcebergLake l = IcebergLake.open(lake, null, new Configuration())) {
      for (int i = 1; i <= count; i++) {
        String runner = site.toLowerCase(Locale.ROOT) + i;
        IcebergLake.Version v =
            l.commit(
                LakeFiles.submission(
                    l, site, "s-" + site + "-" + i, "run-" + site, List.of(runner), "q" + runner));
        System.out.println("committed s-" + site + "-" + i + " as version " + v.version());
      }
    }
  }
}
