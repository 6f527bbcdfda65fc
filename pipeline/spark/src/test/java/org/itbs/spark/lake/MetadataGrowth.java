package org.itbs.spark.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.TableIdentifier;
import org.itbs.lake.IcebergLake;

/**
 * Measures how a lake grows with its history (issue 17, metadata growth): {@code MetadataGrowth [N
 * [EVERY [CATALOG_URL | postgres]]]} commits N submissions (default 300) over three sites to one
 * lake, as {@link CommitOverhead} does (every table touched, the files written beforehand, not
 * timed), and every EVERY commits (default 50) prints: the commit time (median of the last EVERY),
 * the largest table's current {@code metadata.json} and how many metadata files that table keeps,
 * the files and bytes under every table's {@code metadata} folder, the manifests the largest
 * table's current snapshot lists, and the time to open the lake, resolve a version and plan every
 * table's files ({@code files(version, table)}) at the latest version and at version 1, to read
 * every version ({@code versions()}) and to look for unpublished snapshots as ingest does first
 * (median of 5). A measurement, not a test; the command is in docs/iceberg-plan.md. {@code
 * postgres} starts a throw-away PostgreSQL server for the catalog ({@code
 * org.itbs.lake.PostgresServer}).
 */
public final class MetadataGrowth {
  private static final int REPEATS = 5;

  private MetadataGrowth() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int every = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    String url = args.length > 2 ? args[2] : null;
    org.itbs.lake.PostgresServer pg = null;
    if ("postgres".equals(url)) {
      pg = org.itbs.lake.PostgresServer.start();
      url = pg.createDatabase("growth");
    }
    Path dir = Files.createTempDirectory("itbs-metadata-growth");
    Path root = dir.resolve("lake");
    Configuration conf = new Configuration();
    List<Long> commits = new ArrayList<>();
    System.out.printf(
        Locale.ROOT,
        "%8s %10s %12s %9s %13s %9s %9s %11s %11s %9s %9s%n",
        "commits",
        "commit ms",
        "largest json",
        "its json",
        "metadata dirs",
        "manifests",
        "open ms",
        "plan latest",
        "plan as-of 1",
        "versions",
        "clean-up");
    try (IcebergLake lake = IcebergLake.open(root, url, conf)) {
      for (int i = 0; i < n; i++) {
        String site = List.of("AAA", "BBB", "CCC").get(i % 3);
        IcebergLake.Submission s =
            LakeFiles.submissionOverAllTables(
                lake, site, "s" + i, "run", List.of("p" + i + "a", "p" + i + "b"), "q" + i);
        long t0 = System.nanoTime();
        lake.commit(s);
        commits.add(System.nanoTime() - t0);
        if ((i + 1) % every == 0) {
          report(
              lake,
              root,
              url,
              conf,
              i + 1,
              commits.subList(commits.size() - every, commits.size()));
        }
      }
    } finally {
      org.itbs.core.lake.Lake.deleteTree(dir);
      if (pg != null) {
        pg.close();
      }
    }
  }

  private static void report(
      IcebergLake lake, Path root, String url, Configuration conf, int done, List<Long> recent)
      throws IOException {
    // the table whose current metadata.json is the largest
    long largest = -1;
    Table big = null;
    for (TableIdentifier id : lake.tableIds()) {
      Table t = lake.table(id);
      TableMetadata md = ((HasTableOperations) t).operations().current();
      long size = Files.size(Path.of(java.net.URI.create(md.metadataFileLocation())));
      if (size > largest) {
        largest = size;
        big = t;
      }
    }
    Path bigMeta = Path.of(java.net.URI.create(big.location())).resolve("metadata");
    long jsons;
    try (Stream<Path> s = Files.list(bigMeta)) {
      jsons = s.filter(p -> p.getFileName().toString().endsWith(".metadata.json")).count();
    }
    long[] filesBytes = metadataFolders(root.resolve(IcebergLake.WAREHOUSE));
    int manifests = big.currentSnapshot().allManifests(big.io()).size();
    List<Long> open = new ArrayList<>();
    List<Long> latest = new ArrayList<>();
    List<Long> first = new ArrayList<>();
    List<Long> versions = new ArrayList<>();
    List<Long> cleanUp = new ArrayList<>();
    for (int r = 0; r < REPEATS; r++) {
      long t0 = System.nanoTime();
      try (IcebergLake reader = IcebergLake.openLake(root, url, conf, false)) {
        long t1 = System.nanoTime();
        planAll(reader, null);
        long t2 = System.nanoTime();
        planAll(reader, "1");
        long t3 = System.nanoTime();
        reader.versions();
        long t4 = System.nanoTime();
        reader.removeUnpublished(run -> true); // what ingest does first (nothing to remove here)
        long t5 = System.nanoTime();
        versions.add(t4 - t3);
        cleanUp.add(t5 - t4);
        open.add(t1 - t0);
        latest.add(t2 - t1);
        first.add(t3 - t2);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%8d %10d %9.1f KiB %9d %6d / %5.1f MiB %9d %9d %11d %11d %9d %9d%n",
        done,
        CommitOverhead.median(recent),
        largest / 1024.0,
        jsons,
        filesBytes[0],
        filesBytes[1] / (1024.0 * 1024.0),
        manifests,
        CommitOverhead.median(open),
        CommitOverhead.median(latest),
        CommitOverhead.median(first),
        CommitOverhead.median(versions),
        CommitOverhead.median(cleanUp));
  }

  /** Resolves a version and plans every table's files at it, as the features job does. */
  private static void planAll(IcebergLake lake, String asOf) {
    IcebergLake.Version v = lake.asOf(asOf).orElseThrow();
    for (TableIdentifier id : lake.tableIds()) {
      lake.files(v, id);
    }
  }

  /** Files and bytes under every folder named {@code metadata} of the warehouse. */
  private static long[] metadataFolders(Path warehouse) throws IOException {
    long[] out = new long[2];
    try (Stream<Path> s = Files.walk(warehouse)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (Files.isRegularFile(p) && p.getParent().getFileName().toString().equals("metadata")) {
          out[0]++;
          out[1] += Files.size(p);
        }
      }
    }
    return out;
  }
}
