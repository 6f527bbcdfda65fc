package org.itbs.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.itbs.core.lake.Lake;
import org.itbs.lake.IcebergLake;
import org.itbs.lake.LakeMigration;
import org.itbs.spark.JobFailures;
import org.itbs.spark.JobPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code itbs lake migrate} (issue 17): turns a lake of the layout before Iceberg into its Iceberg
 * tables by registering its Parquet files where they are ({@link LakeMigration}).
 */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = {
      "Turn a lake of the layout before Iceberg (_lake.json, curated/, quarantine/) into Iceberg"
          + " tables in LAKE/catalog.db, registering its Parquet files where they are (no"
          + " re-ingest): lake version k stays version k, superseded submissions included. Then"
          + " _lake.json is renamed _lake.json.migrated. A migration that was stopped goes on"
          + " where it stopped when run again."
    })
final class LakeMigrateCommand implements Callable<Integer> {
  private static final String TOOL = "itbs lake migrate";

  @Mixin LakeOption lake;

  @Override
  public Integer call() {
    try {
      return migrate();
    } catch (RuntimeException e) {
      return JobFailures.report(TOOL, lake.value, e, System.err);
    }
  }

  private int migrate() {
    JobPaths.check("--lake", lake.value);
    if (!JobPaths.isLocal(lake.value)) {
      throw new IllegalArgumentException(
          "--lake "
              + lake.value
              + " is not on this machine: migrate a lake on the local disk (its catalog, "
              + IcebergLake.CATALOG_FILE
              + ", is an SQLite file next to it)");
    }
    Path root = JobPaths.of("--lake", lake.value);
    if (!Files.isDirectory(root)) {
      throw new IllegalArgumentException("--lake " + root + " is not a folder");
    }
    LakeMigration.Result r =
        new LakeMigration(root, new Configuration(), m -> System.err.println(TOOL + ": " + m))
            .migrate();
    Lake old = Lake.at(root);
    switch (r.outcome()) {
      case NOTHING_TO_MIGRATE -> {
        System.out.printf("lake %s has no %s: nothing to migrate%n", old.root(), Lake.STATE_FILE);
        return 0;
      }
      case ALREADY_MIGRATED -> {
        System.out.printf(
            "lake %s was migrated already (%s): nothing to migrate%n",
            old.root(), LakeMigration.migratedStateFile(old).getFileName());
        return 0;
      }
      default -> {
        // printed below
      }
    }
    System.out.printf(
        Locale.ROOT,
        "lake %s: %d versions migrated%s, %d files registered (%d empty placeholder files"
            + " left out)%n",
        old.root(),
        r.versions(),
        r.resumedAfter() > 0 ? " after the " + r.resumedAfter() + " migrated before" : "",
        r.files(),
        r.emptyFilesSkipped());
    System.out.printf("%-32s %12s%n", "table", "rows");
    for (Map.Entry<String, Long> e : r.rowsPerTable().entrySet()) {
      System.out.printf("%-32s %12d%n", e.getKey(), e.getValue());
    }
    System.out.printf(
        "rows: over every version registered (a superseded submission's rows counted too)%n"
            + "catalog: %s; %s renamed %s: an itbs of before issue 17 cannot write this lake any"
            + " more%n",
        old.root().resolve(IcebergLake.CATALOG_FILE),
        Lake.STATE_FILE,
        LakeMigration.migratedStateFile(old).getFileName());
    return 0;
  }
}
