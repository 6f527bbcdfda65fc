package org.itbs.core.lake;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The lake (and submission) locations a user gives, as far as this machine's file system goes: a
 * plain path or a {@code file:} URI names a path of the default file system; any other {@code
 * scheme:} value is a URI of another file system (hdfs://, s3a://...), which only the jobs open
 * (through {@code org.itbs.spark.JobPaths}, which takes these rules from here). The commands that
 * read a lake without Spark take it with {@link #of}, after refusing such a URI.
 */
public final class LocalPaths {
  /** A scheme of two characters or more, so that a Windows drive letter is no scheme. */
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");

  private LocalPaths() {}

  /** Whether {@code value} is a URI ({@code scheme:...}) rather than a plain path. */
  public static boolean isUri(String value) {
    return SCHEME.matcher(value).matches();
  }

  /** Whether {@code value} names a path of the default (local) file system. */
  public static boolean isLocal(String value) {
    return !isUri(value) || value.regionMatches(true, 0, "file:", 0, "file:".length());
  }

  /**
   * The URI that {@code value} is.
   *
   * @param option the option or argument that gave the value, named in messages (e.g. {@code
   *     --lake})
   * @return the URI, or {@code null} when {@code value} is a plain path
   * @throws IllegalArgumentException when {@code value} looks like a URI but is none
   */
  public static URI uri(String option, String value) {
    if (!isUri(value)) {
      return null;
    }
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          option + " " + value + ": not a URI (" + e.getMessage() + ")", e);
    }
  }

  /**
   * The path of the default file system that {@code value} names.
   *
   * @param option the option or argument that gave the value, named in messages
   * @param value a plain path (returned as given) or a {@code file:} URI such as {@code
   *     file:///data/lake} (its absolute path)
   * @throws IllegalArgumentException when {@code value} is not a URI it seems to be, a {@code
   *     file:} URI that names no absolute path, or a URI of another file system ({@link #isLocal}
   *     is false)
   */
  public static Path of(String option, String value) {
    URI uri = uri(option, value);
    if (uri == null) {
      return Path.of(value);
    }
    if (!uri.getScheme().equalsIgnoreCase("file")) {
      throw new IllegalArgumentException(
          option
              + " "
              + value
              + ": not on this machine's file system (a "
              + uri.getScheme()
              + ": URI)");
    }
    try {
      return Path.of(uri);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          option + " " + value + ": not an absolute file: URI (" + e.getMessage() + ")", e);
    }
  }
}
