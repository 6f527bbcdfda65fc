package org.itbs.spark;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The paths the jobs are given (the lake, the submissions): plain paths or {@code file:} URIs. The
 * lake's state and the submissions are read and written with java.nio, on the driver and in the
 * tasks, so a path must name the same folder on a POSIX file system for the driver and every
 * executor: a local disk in local mode or when every process runs on one machine, else a shared
 * mount (NFS and the like) at the same path everywhere. {@code hdfs://}, {@code s3a://} and other
 * Hadoop file systems are refused with a message that says so.
 */
public final class JobPaths {
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");

  private JobPaths() {}

  /**
   * The local path that {@code value} names.
   *
   * @param option the option or argument that gave the value, named in messages (e.g. {@code
   *     --lake})
   * @param value a path, or a {@code file:} URI such as {@code file:///data/lake}
   * @return the path, absolute when {@code value} is a URI
   * @throws IllegalArgumentException when {@code value} is a URI of another scheme, or a {@code
   *     file:} URI that names no absolute path
   */
  public static Path of(String option, String value) {
    if (!SCHEME.matcher(value).matches()) {
      return Path.of(value);
    }
    URI uri = URI.create(value);
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("file")) {
      throw new IllegalArgumentException(
          option
              + " "
              + value
              + ": "
              + scheme
              + ": paths are not supported; the lake and the submissions must be on a POSIX"
              + " file system that the driver and every executor see at the same path (a local"
              + " disk or a shared mount), given as a path or a file: URI");
    }
    try {
      return Path.of(uri);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          option + " " + value + ": not an absolute file: URI (" + e.getMessage() + ")", e);
    }
  }
}
