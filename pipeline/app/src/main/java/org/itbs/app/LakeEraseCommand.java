package org.itbs.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.itbs.core.lake.Lake;
import org.itbs.core.lake.LakeLock;
import org.itbs.lake.IcebergLake;
import org.itbs.lake.LakeErasure;
import org.itbs.spark.JobFailures;
import org.itbs.spark.JobPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code itbs lake erase}: removes one runner of one site from every file of the lake when they
 * withdraw consent (issue 17; {@link LakeErasure}), holding the lake's write lock. What it prints
 * and records names no pseudonym.
 */
@Command(
    name = "erase",
    mixinStandardHelpOptions = true,
    description = {
      "Erase one runner of one site from the lake (consent withdrawn, GDPR Art. 17).",
      "Every table, every version (superseded submissions too) and the analysis folders are",
      "rewritten without the runner's rows; the versions that held them can no longer be read as",
      "they were. The",
      "lake's audit records when, why, which site and how many rows, never the pseudonym.",
      "Exit status: 0 done, 2 bad argument or unknown participant (nothing changed), 4 another",
      "run holds the lake's lock, 1 any other failure."
    })
final class LakeEraseCommand implements Callable<Integer> {
  private static final String TOOL = "itbs lake erase";

  @Mixin LakeOption lake;

  @Option(
      names = "--site",
      required = true,
      paramLabel = "SITE",
      description = "The runner's site code.")
  String site;

  @Option(
      names = "--participant",
      required = true,
      paramLabel = "PSEUDONYM",
      description = "The runner's pseudonym, as the site's submissions hold it (20 hex digits).")
  String participant;

  @Option(
      names = "--reason",
      required = true,
      paramLabel = "TEXT",
      description = "Why, for the audit (e.g. \"consent withdrawn 2026-12-01, request 42\").")
  String reason;

  @Override
  public Integer call() {
    try {
      return erase();
    } catch (RuntimeException e) {
      return JobFailures.report(TOOL, lake.value, e, System.err);
    }
  }

  private int erase() {
    JobPaths.check("--lake", lake.value);
    if (!JobPaths.isLocal(lake.value)) {
      throw new IllegalArgumentException(
          "--lake "
              + lake.value
              + ": erase works on a lake on this machine's disk (its catalog is LAKE/"
              + IcebergLake.CATALOG_FILE
              + ")");
    }
    if (!site.matches("[A-Z0-9]{3,12}")) {
      throw new IllegalArgumentException("--site " + site + ": not a site code ([A-Z0-9]{3,12})");
    }
    Path root = JobPaths.of("--lake", lake.value);
    if (!Files.isRegularFile(root.resolve(IcebergLake.CATALOG_FILE))) {
      throw new IllegalArgumentException(
          "--lake "
              + lake.value
              + " has no Iceberg catalog ("
              + IcebergLake.CATALOG_FILE
              + "); a lake of the older layout is migrated first with itbs lake migrate");
    }
    Configuration conf = new Configuration();
    try (LakeLock lock = Lake.at(root).lock("erase", m -> System.err.println(TOOL + ": " + m));
        IcebergLake l = IcebergLake.open(root, null, conf)) {
      LakeErasure.Result r =
          new LakeErasure(l, root.toUri(), conf)
              .erase(site, participant, reason, lock.holder().token());
      print(r);
    }
    return 0;
  }

  private static void print(LakeErasure.Result r) {
    System.out.printf(
        Locale.ROOT,
        "%s: one runner of site %s erased (%s, recorded in the lake's audit with the reason)%n",
        r.erasureId(),
        r.site(),
        r.erasedAt());
    System.out.println(
        r.version()
            .map(v -> "lake version " + v.version() + " written without the runner")
            .orElse("no current file held the runner: no new lake version"));
    System.out.println("the runner's rows removed:");
    System.out.printf("%-34s %8s %12s%n", "table", "latest", "superseded");
    java.util.Set<String> tables = new java.util.TreeSet<>(r.rowsRemoved().keySet());
    tables.addAll(r.supersededRows().keySet());
    for (String t : tables) {
      System.out.printf(
          Locale.ROOT,
          "%-34s %8d %12d%n",
          t,
          r.rowsRemoved().getOrDefault(t, 0L),
          r.supersededRows().getOrDefault(t, 0L));
    }
    System.out.println(
        "latest: rows of the latest version's files, rewritten without them; superseded: rows of"
            + " files only earlier versions named, removed whole");
    System.out.printf(
        Locale.ROOT,
        "files rewritten: %d, files removed: %d, snapshots expired: %d, orphan files deleted: %d%n",
        r.filesRewritten(),
        r.filesRemoved(),
        r.snapshotsExpired(),
        r.orphansDeleted());
    if (!r.erasedVersions().isEmpty()) {
      System.out.println(
          "lake versions that held the runner and can no longer be read as they were: "
              + r.erasedVersions().stream().map(String::valueOf).collect(Collectors.joining(", ")));
    }
  }
}
