package org.itbs.app;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.itbs.spark.features.FeaturesMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code itbs features}: the Spark job that derives the analysis set from the lake. */
@Command(
    name = "features",
    mixinStandardHelpOptions = true,
    description = {
      "Derive the analysis tables of analysis-plan v1 from the current submission",
      "of every site: one row per runner (baseline strength, gait peaks per",
      "stance, training volume, ITBS onset, running exposure) and the weekly risk",
      "intervals of the recurrence model. Written all or nothing to",
      "LAKE/analysis/v<lake version>/ (runners.parquet,",
      "recurrence_intervals.parquet, manifest.json); LAKE/analysis/current.json",
      "names the newest version."
    })
final class FeaturesCommand implements Callable<Integer> {
  @Option(
      names = "--lake",
      required = true,
      paramLabel = "LAKE",
      description =
          "The lake folder: a path, a file: URI or a Hadoop URI such as hdfs://NN:PORT/lake"
              + " (s3a:// needs the hadoop-aws connector, see README).")
  String lake;

  @Option(
      names = "--master",
      paramLabel = "URL",
      description =
          "Spark master URL, e.g. spark://127.0.0.1:7077 from `itbs cluster start` (default:"
              + " spark-submit's, else local[*]).")
  String master;

  @Override
  public Integer call() {
    List<String> args = new ArrayList<>(List.of("--lake", lake));
    if (master != null) {
      args.add("--master");
      args.add(master);
    }
    return FeaturesMain.run(args.toArray(String[]::new));
  }
}
