package org.itbs.app;

import org.itbs.core.Settings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code --master URL} option of the Spark jobs ({@code ingest}, {@code features}): the master
 * to run on, or {@code null} for spark-submit's, else the embedded {@code local[*]} (see {@code
 * org.itbs.spark.SparkSessions}); and {@code --master-timeout SECONDS}, which sets {@link
 * Settings#MASTER_TIMEOUT} for the run.
 */
final class MasterOption {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--master",
      paramLabel = "URL",
      description =
          "Spark master URL, e.g. spark://127.0.0.1:7077 from `itbs cluster start` (default:"
              + " spark-submit's, else local[*]).")
  String value;

  @Option(
      names = "--master-timeout",
      paramLabel = "SECONDS",
      description =
          "How long to wait, once Spark is up here, for a spark:// master to take the job"
              + " before failing with status 5 (default: "
              + Settings.DEFAULT_MASTER_TIMEOUT_SECONDS
              + "; also ITBS_MASTER_TIMEOUT).")
  void timeout(long seconds) {
    if (seconds < 1) {
      throw new ParameterException(
          spec.commandLine(), "--master-timeout must be at least 1 second, not " + seconds);
    }
    Settings.MASTER_TIMEOUT.set(Long.toString(seconds));
  }
}
