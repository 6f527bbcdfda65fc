package org.itbs.app;

import picocli.CommandLine.Option;

/**
 * The {@code --master URL} option of the Spark jobs ({@code ingest}, {@code features}): the master
 * to run on, or {@code null} for spark-submit's, else the embedded {@code local[*]} (see {@code
 * org.itbs.spark.SparkSessions}).
 */
final class MasterOption {
  @Option(
      names = "--master",
      paramLabel = "URL",
      description =
          "Spark master URL, e.g. spark://127.0.0.1:7077 from `itbs cluster start` (default:"
              + " spark-submit's, else local[*]).")
  String value;
}
