package org.itbs.spark;

import org.apache.spark.sql.SparkSession;

/**
 * Builds the Spark session of a job. Everything stays on loopback: the driver binds and advertises
 * 127.0.0.1 unless the cluster's own configuration says otherwise.
 *
 * <p>Which setting wins: a {@code --master} given on the command line, then {@code spark.master}
 * from spark-submit, then {@code local[*]} (the embedded default).
 */
public final class SparkSessions {
  private SparkSessions() {}

  /**
   * The session for a job: an existing active session (spark-submit), else a new one.
   *
   * @param appName name shown in the cluster's UI
   * @param master master URL, or {@code null} for spark-submit's or the embedded default
   */
  public static SparkSession get(String appName, String master) {
    SparkSession.Builder b = SparkSession.builder().appName(appName);
    String configured = System.getProperty("spark.master");
    if (master != null) {
      b.master(master);
    } else if (configured == null) {
      b.master("local[*]");
    }
    boolean local =
        master == null
            ? configured == null || configured.startsWith("local")
            : master.startsWith("local");
    if (local) {
      b.config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.ui.enabled", System.getProperty("spark.ui.enabled", "false"))
          .config("spark.sql.shuffle.partitions", "8");
    } else {
      b.config("spark.driver.host", System.getProperty("spark.driver.host", "127.0.0.1"));
    }
    b.config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.datetime.java8API.enabled", "true")
        .config("spark.sql.sources.partitionOverwriteMode", "static")
        // No _SUCCESS markers and no .crc side files in the lake: commits are ours (see Lake).
        .config("spark.hadoop.mapreduce.fileoutputcommitter.marksuccessfuljobs", "false")
        .config("spark.hadoop.fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem")
        .config("spark.hadoop.fs.file.impl.disable.cache", "true");
    SparkSession s = b.getOrCreate();
    s.sparkContext().setLogLevel(System.getProperty("itbs.spark.log", "WARN"));
    s.conf().set("spark.sql.datetime.java8API.enabled", "true");
    return s;
  }
}
