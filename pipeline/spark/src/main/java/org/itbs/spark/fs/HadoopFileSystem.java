package org.itbs.spark.fs;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/**
 * One Hadoop file system (a scheme and an authority: {@code hdfs://nn:8020}, {@code s3a://bucket})
 * as a java.nio {@link FileSystem}. Made by {@link HadoopFileSystemProvider#fileSystem}; its paths
 * are {@link HadoopPath}s.
 *
 * <p>It uses the Hadoop {@link org.apache.hadoop.fs.FileSystem} instance that Hadoop's own cache
 * hands out for the URI, the same one Spark uses: {@link #close()} therefore only forgets this
 * java.nio view and leaves the Hadoop instance open (Hadoop closes its cached instances at JVM
 * exit).
 */
public final class HadoopFileSystem extends FileSystem {
  private final HadoopFileSystemProvider provider;
  private final String scheme;
  private final String authority;
  private final org.apache.hadoop.fs.FileSystem hadoop;
  private final Configuration conf;
  private volatile boolean open = true;

  HadoopFileSystem(
      HadoopFileSystemProvider provider,
      String authority,
      org.apache.hadoop.fs.FileSystem hadoop,
      Configuration conf) {
    this.provider = provider;
    this.scheme = provider.getScheme();
    this.authority = authority;
    this.hadoop = hadoop;
    this.conf = conf;
  }

  /** The scheme, e.g. {@code hdfs}. */
  String scheme() {
    return scheme;
  }

  /** The authority, e.g. {@code nn:8020}; {@code null} when the URI has none. */
  String authority() {
    return authority;
  }

  /** What absolute paths start with: {@code hdfs://nn:8020}. */
  String prefix() {
    return scheme + "://" + (authority == null ? "" : authority);
  }

  /** The Hadoop file system behind this one. */
  public org.apache.hadoop.fs.FileSystem hadoop() {
    return hadoop;
  }

  /** The Hadoop configuration the file system was made with. */
  public Configuration configuration() {
    return conf;
  }

  /** Hadoop's working directory (what relative paths are against), as a POSIX path. */
  Path workingDirectory() {
    return FileSystems.getDefault().getPath(hadoop.getWorkingDirectory().toUri().getPath());
  }

  void checkOpen() {
    if (!open) {
      throw new java.nio.file.ClosedFileSystemException();
    }
  }

  @Override
  public HadoopFileSystemProvider provider() {
    return provider;
  }

  /** Forgets this view; the Hadoop file system, shared with Spark, stays open. */
  @Override
  public void close() throws IOException {
    open = false;
    provider.forget(this);
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public boolean isReadOnly() {
    return false;
  }

  @Override
  public String getSeparator() {
    return "/";
  }

  @Override
  public Iterable<Path> getRootDirectories() {
    return List.of(getPath("/"));
  }

  @Override
  public Iterable<FileStore> getFileStores() {
    return List.of();
  }

  @Override
  public Set<String> supportedFileAttributeViews() {
    return Set.of("basic");
  }

  @Override
  public Path getPath(String first, String... more) {
    StringBuilder b = new StringBuilder(first);
    for (String m : more) {
      if (!m.isEmpty()) {
        if (b.length() > 0) {
          b.append('/');
        }
        b.append(m);
      }
    }
    return new HadoopPath(this, b.toString());
  }

  /** A matcher of the names of paths, {@code glob:} or {@code regex:} as on the default one. */
  @Override
  public PathMatcher getPathMatcher(String syntaxAndPattern) {
    PathMatcher m = FileSystems.getDefault().getPathMatcher(syntaxAndPattern);
    return p ->
        p instanceof HadoopPath h && m.matches(FileSystems.getDefault().getPath(h.pathString()));
  }

  @Override
  public UserPrincipalLookupService getUserPrincipalLookupService() {
    throw new UnsupportedOperationException(
        "user principals of a Hadoop file system are not supported: " + this);
  }

  @Override
  public WatchService newWatchService() {
    throw new UnsupportedOperationException("a Hadoop file system cannot be watched: " + this);
  }

  @Override
  public String toString() {
    return prefix();
  }
}
