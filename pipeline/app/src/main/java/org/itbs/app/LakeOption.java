package org.itbs.app;

import picocli.CommandLine.Option;

/**
 * The {@code --lake LAKE} option of the commands that open the lake through Hadoop's file systems
 * ({@code ingest}, {@code features}, {@code lake status}, {@code lake quarantine}): a local path, a
 * {@code file:} URI or a Hadoop URI, checked by {@code org.itbs.spark.JobPaths}. {@code analyse}
 * and {@code notebook} read the lake without Spark, from this machine only, and say so in their own
 * {@code --lake}.
 */
final class LakeOption {
  @Option(
      names = "--lake",
      required = true,
      paramLabel = "LAKE",
      description =
          "The lake folder: a path, a file: URI or a Hadoop URI such as hdfs://NN:PORT/lake"
              + " (s3a:// needs the hadoop-aws connector, see README).")
  String value;
}
