package org.itbs.lake;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.itbs.core.dictionary.Dictionary;

/**
 * A measurement, not a test: the time of one erasure on a lake of {@code SITES} sites, each with
 * two submissions (the second superseding the first) of {@code RUNNERS} runners in curated
 * participants and injuries and one refused row in quarantine participants, files snappy as the
 * lake's default; the runner erased is in both submissions of the first site. Prints the times.
 *
 * <pre>
 * java -cp pipeline/lake/target/test-classes:pipeline/lake/target/classes:$(cat /tmp/cp.txt) \
 *     org.itbs.lake.EraseOverhead 6 500
 * </pre>
 */
public final class EraseOverhead {
  private EraseOverhead() {}

  public static void main(String[] args) throws Exception {
    int sites = args.length > 0 ? Integer.parseInt(args[0]) : 6;
    int runners = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    Path root = Files.createTempDirectory("erase-overhead");
    Configuration conf = new Configuration();
    Dictionary d = Dictionary.submission();
    TableIdentifier curP = LakeTables.curatedId(d.table("participants"));
    TableIdentifier curI = LakeTables.curatedId(d.table("injuries"));
    TableIdentifier quaP = LakeTables.quarantineId(d.table("participants"));
    String p = LakeErasureTest.pseudonym("S00", "RUN-1");
    try (IcebergLake lake = IcebergLake.open(root, null, conf)) {
      long t0 = System.nanoTime();
      for (int s = 0; s < sites; s++) {
        String site = String.format(Locale.ROOT, "S%02d", s);
        for (int sub = 1; sub <= 2; sub++) {
          List<Record> cp = new ArrayList<>();
          List<Record> ci = new ArrayList<>();
          Table tp = lake.table(curP);
          Table ti = lake.table(curI);
          for (int r = 0; r < runners; r++) {
            String id = r == 0 ? p : LakeErasureTest.pseudonym(site, "RUN-" + (r + 2));
            cp.add(LakeErasureTest.curated(tp, id, r + 2));
            ci.add(LakeErasureTest.curated(ti, id, r + 2));
          }
          Table tq = lake.table(quaP);
          String subId = site + "-" + sub;
          Map<TableIdentifier, List<DataFile>> files = new LinkedHashMap<>();
          files.put(curP, List.of(LakeErasureTest.write(tp, site, subId, cp)));
          files.put(curI, List.of(LakeErasureTest.write(ti, site, subId, ci)));
          files.put(
              quaP,
              List.of(
                  LakeErasureTest.write(
                      tq,
                      site,
                      subId,
                      List.of(LakeErasureTest.refused(tq, "x" + sub, 2, "sex", "X")))));
          lake.commit(new IcebergLake.Submission(subId, site, "run-" + subId, files));
        }
      }
      long t1 = System.nanoTime();
      LakeErasure.Result r =
          new LakeErasure(lake, root.toUri(), conf).erase("S00", p, "measurement", "run-erase");
      long t2 = System.nanoTime();
      System.out.printf(
          Locale.ROOT,
          "lake of %d sites x 2 submissions x %d runners (%d versions): built in %.1f s;"
              + " erasure %.2f s: rows %s, superseded %s, files rewritten %d, removed %d,"
              + " snapshots expired %d, orphans %d, versions erased %s%n",
          sites,
          runners,
          2 * sites,
          (t1 - t0) / 1e9,
          (t2 - t1) / 1e9,
          r.rowsRemoved(),
          r.supersededRows(),
          r.filesRewritten(),
          r.filesRemoved(),
          r.snapshotsExpired(),
          r.orphansDeleted(),
          r.erasedVersions());
    }
  }
}
