package org.itbs.spark;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.util.VersionInfo;
import org.apache.spark.SparkEnv;
import org.apache.spark.sql.SparkSession;
import org.itbs.core.lake.LocalPaths;
import org.itbs.spark.fs.HadoopFileSystemProvider;
import scala.Option;
import scala.Tuple2;

/**
 * The paths the jobs are given (the lake, the submissions) and the paths they hand to their tasks,
 * as java.nio {@link Path}s:
 *
 * <ul>
 *   <li>a plain path or a {@code file:} URI: the default (local) file system, as before. On a
 *       cluster of several machines it must name the same folder for the driver and every executor
 *       (a shared mount);
 *   <li>a URI of any other scheme Hadoop has a file system for ({@code hdfs://nn:8020/lake}, {@code
 *       s3a://bucket/lake}, {@code abfs://…}, {@code gs://…}): a path of {@link
 *       HadoopFileSystemProvider}, java.nio over Hadoop's {@code FileSystem}, so the lake's state,
 *       the staging and commit, the submissions and the ingest tasks' Parquet part files go through
 *       the same code on every file system. The Hadoop configuration is that of the active Spark
 *       session ({@code spark.hadoop.*} settings, {@code core-site.xml}, {@code hdfs-site.xml}),
 *       else, in an executor, Hadoop's defaults plus the application's {@code spark.hadoop.*}
 *       settings, else Hadoop's defaults. The connector must be on the class path: HDFS is in every
 *       Spark distribution; S3A is not, and comes with {@code spark-submit --packages
 *       org.apache.hadoop:hadoop-aws:3.5.0} (the Hadoop version of the cluster's Spark), which
 *       brings its AWS SDK; no cloud SDK is bundled in {@code itbs-jobs.jar}. A scheme without a
 *       connector is refused with a message saying what to add.
 * </ul>
 *
 * Which values are plain paths, {@code file:} URIs or other URIs is {@link LocalPaths}'s to say.
 * Make a session before {@link #of} names a Hadoop path (the mains check their arguments with
 * {@link #check} first): the java.nio file system, and the Hadoop one behind it, which Hadoop
 * caches and Spark shares, keep the configuration they were first made with. Paths cross into Spark
 * tasks as URI strings ({@link #toUri}) and come back with {@link #fromUri}.
 */
public final class JobPaths {
  private JobPaths() {}

  /**
   * The path that {@code value} names.
   *
   * @param option the option or argument that gave the value, named in messages (e.g. {@code
   *     --lake})
   * @param value a path, a {@code file:} URI such as {@code file:///data/lake}, or a Hadoop file
   *     system URI such as {@code hdfs://nn:8020/lake}
   * @return the path; absolute when {@code value} is a URI
   * @throws IllegalArgumentException when {@code value} is a URI that names no absolute path, or of
   *     a scheme that no Hadoop file system on the class path serves (the message names the option,
   *     the value and what to add)
   */
  public static Path of(String option, String value) {
    URI uri = check(option, value);
    if (uri == null || uri.getScheme().equalsIgnoreCase("file")) {
      return LocalPaths.of(option, value);
    }
    try {
      return HadoopFileSystemProvider.fileSystem(uri, hadoopConfiguration())
          .getPath(uri.getPath().isEmpty() ? "/" : uri.getPath());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          option + " " + value + ": cannot open its file system: " + e.getMessage(), e);
    }
  }

  /**
   * Checks {@code value} as {@link #of} would, without opening a file system.
   *
   * @return its URI, or {@code null} when it is a plain path
   * @throws IllegalArgumentException as {@link #of} does
   */
  public static URI check(String option, String value) {
    URI uri = LocalPaths.uri(option, value);
    if (uri == null) {
      return null;
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("file")) {
      LocalPaths.of(option, value);
      return uri;
    }
    if (uri.isOpaque() || uri.getPath() == null) {
      throw new IllegalArgumentException(
          option
              + " "
              + value
              + ": not an absolute "
              + scheme
              + ": URI (write "
              + scheme
              + "://AUTHORITY/PATH)");
    }
    if (!hasFileSystem(scheme)) {
      throw new IllegalArgumentException(
          option
              + " "
              + value
              + ": no Hadoop file system for "
              + scheme
              + ": on the class path; "
              + connectorHint(scheme));
    }
    return uri;
  }

  /**
   * Whether {@code value} names a path of the default (local) file system ({@link
   * LocalPaths#isLocal}).
   */
  public static boolean isLocal(String value) {
    return LocalPaths.isLocal(value);
  }

  /** What to add for a scheme Hadoop has no file system for. */
  private static String connectorHint(String scheme) {
    String v = VersionInfo.getVersion();
    return switch (scheme) {
      case "s3a" ->
          "add the S3A connector, which is not bundled: spark-submit --packages"
              + " org.apache.hadoop:hadoop-aws:"
              + v
              + " (it brings the AWS SDK), with credentials in spark.hadoop.fs.s3a.* settings"
              + " or the environment";
      case "s3", "s3n" ->
          "use s3a:// with the S3A connector (org.apache.hadoop:hadoop-aws:" + v + ")";
      case "abfs", "abfss", "wasb", "wasbs" ->
          "add the Azure connector: spark-submit --packages org.apache.hadoop:hadoop-azure:" + v;
      case "gs" ->
          "add Google's Cloud Storage connector (com.google.cloud.bigdataoss:gcs-connector)";
      default ->
          "add the Hadoop connector that serves "
              + scheme
              + ": (its jar with spark-submit --packages or --jars, or fs."
              + scheme
              + ".impl in spark.hadoop.* settings)";
    };
  }

  private static boolean hasFileSystem(String scheme) {
    Configuration conf = new Configuration();
    // spark-submit passes --conf settings to the driver as system properties.
    System.getProperties()
        .stringPropertyNames()
        .forEach(
            k -> {
              if (k.startsWith("spark.hadoop.")) {
                conf.set(k.substring("spark.hadoop.".length()), System.getProperty(k));
              }
            });
    SparkSession s = activeSession();
    Configuration c = s == null ? conf : s.sparkContext().hadoopConfiguration();
    try {
      return FileSystem.getFileSystemClass(scheme, c) != null;
    } catch (IOException | RuntimeException | LinkageError e) {
      return false; // no connector, or one named in the configuration that is not there
    }
  }

  /**
   * The URI string of a path, to hand to a Spark task: {@code file:///…} for a local path, the
   * Hadoop URI for another.
   */
  public static String toUri(Path p) {
    return p.toAbsolutePath().toUri().toString();
  }

  /**
   * The path of a URI string made by {@link #toUri} (in a task: the Hadoop configuration is then
   * the executor's, see the class comment).
   *
   * @throws IllegalArgumentException when the string is not such a URI
   */
  public static Path fromUri(String uri) {
    URI u = URI.create(uri);
    if (u.getScheme() == null) {
      throw new IllegalArgumentException("not a URI: " + uri);
    }
    if (u.getScheme().equalsIgnoreCase("file")) {
      return Path.of(u);
    }
    return HadoopFileSystemProvider.fileSystem(u, hadoopConfiguration())
        .getPath(u.getPath().isEmpty() ? "/" : u.getPath());
  }

  /**
   * The path as Spark's readers and writers take it ({@code spark.read().parquet(...)}): the {@code
   * file:} URI of a local path (so that a cluster whose default file system is HDFS reads the local
   * one), the Hadoop path string of another.
   */
  public static String forSpark(Path p) {
    if (p.getFileSystem() == FileSystems.getDefault()) {
      return p.toAbsolutePath().toUri().toString();
    }
    return p.toAbsolutePath().toString();
  }

  /**
   * The Hadoop configuration for new Hadoop paths: the active (or default) Spark session's; in an
   * executor Hadoop's defaults with the application's {@code spark.hadoop.*} settings; else
   * Hadoop's defaults.
   */
  public static Configuration hadoopConfiguration() {
    SparkSession s = activeSession();
    if (s != null) {
      return s.sparkContext().hadoopConfiguration();
    }
    Configuration c = new Configuration();
    SparkEnv env = SparkEnv.get();
    if (env != null) {
      for (Tuple2<String, String> kv : env.conf().getAll()) {
        if (kv._1().startsWith("spark.hadoop.")) {
          c.set(kv._1().substring("spark.hadoop.".length()), kv._2());
        }
      }
    }
    return c;
  }

  private static SparkSession activeSession() {
    Option<SparkSession> s = SparkSession.getActiveSession();
    if (s.isEmpty()) {
      s = SparkSession.getDefaultSession();
    }
    return s.isDefined() ? s.get() : null;
  }
}
