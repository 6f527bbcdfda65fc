package org.itbs.app;

import java.util.concurrent.Callable;
import org.itbs.spark.features.FeaturesMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code itbs features}: the Spark job that derives the analysis set from the lake. */
@Command(
    name = "features",
    mixinStandardHelpOptions = true,
    header = "Derive the analysis set of analysis-plan v1 from the lake.",
    description = {
      "Derive the analysis tables of analysis-plan v1 from the current submission of every site"
          + " at a lake version (the latest, or --as-of):"
          + " one row per runner (baseline strength, gait peaks per stance, training volume, ITBS"
          + " onset, running exposure) and the weekly risk intervals of the recurrence model."
          + " Committed all or nothing to the lake's Iceberg tables analysis.runners and"
          + " analysis.recurrence_intervals, recorded for that lake version in the catalog with"
          + " its manifest (itbs_analysis_versions); the tables' current snapshot is the newest"
          + " lake version's analysis."
    })
final class FeaturesCommand implements Callable<Integer> {
  @Mixin LakeOption lake;

  @Mixin CatalogOption catalog;

  @Mixin MasterOption master;

  @Mixin WaitOption wait;

  @Option(
      names = "--as-of",
      paramLabel = "VERSION",
      description =
          "Derive the tables of this lake version: a number, or an ISO-8601 time (the latest"
              + " version committed at or before it). Default: the latest version.")
  String asOf;

  @Override
  public Integer call() {
    return FeaturesMain.run(lake.value, master.value, wait.whenBusy(), asOf);
  }
}
