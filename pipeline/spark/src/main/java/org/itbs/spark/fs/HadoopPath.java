package org.itbs.spark.fs;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystems;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A path of a {@link HadoopFileSystem}: the path part of a Hadoop URI ({@code /lake/_lake.json} of
 * {@code hdfs://nn:8020/lake/_lake.json}). The path algebra (resolve, normalize, relativize,
 * parent, names, comparison) is POSIX and delegated to a path of the default file system holding
 * the same string, which is POSIX on the platforms the pipeline runs on (Linux, macOS). {@link
 * #toString()} of an absolute path is the whole Hadoop path, scheme and authority included ({@code
 * hdfs://nn:8020/lake/_lake.json}), unescaped as Hadoop's {@code Path(String)} and Spark's readers
 * and writers take it; of a relative path just the relative names. {@link #toUri()} is the escaped
 * {@link URI} of the absolute path.
 */
final class HadoopPath implements Path {
  private final HadoopFileSystem fs;
  private final Path posix;

  HadoopPath(HadoopFileSystem fs, String path) {
    this(fs, FileSystems.getDefault().getPath(path));
  }

  private HadoopPath(HadoopFileSystem fs, Path posix) {
    if (!FileSystems.getDefault().getSeparator().equals("/")) {
      throw new UnsupportedOperationException(
          "Hadoop file system paths need a POSIX default file system (Linux, macOS)");
    }
    this.fs = fs;
    this.posix = posix;
  }

  /** The path part, {@code /lake/_lake.json}; relative names stay relative. */
  String pathString() {
    return posix.toString();
  }

  /** The same path as Hadoop names it (absolute, with scheme and authority). */
  org.apache.hadoop.fs.Path hadoopPath() {
    return new org.apache.hadoop.fs.Path(toAbsolutePath().toUri());
  }

  private HadoopPath wrap(Path p) {
    return p == null ? null : new HadoopPath(fs, p);
  }

  private Path check(Path other) {
    Objects.requireNonNull(other, "other");
    if (!(other instanceof HadoopPath h)) {
      throw new ProviderMismatchException(
          "not a path of " + fs + ": " + other + " (" + other.getClass().getName() + ")");
    }
    if (!h.fs.equals(fs)) {
      throw new ProviderMismatchException("a path of " + h.fs + " is not a path of " + fs);
    }
    return h.posix;
  }

  @Override
  public HadoopFileSystem getFileSystem() {
    return fs;
  }

  @Override
  public boolean isAbsolute() {
    return posix.isAbsolute();
  }

  @Override
  public Path getRoot() {
    return wrap(posix.getRoot());
  }

  @Override
  public Path getFileName() {
    return wrap(posix.getFileName());
  }

  @Override
  public Path getParent() {
    return wrap(posix.getParent());
  }

  @Override
  public int getNameCount() {
    return posix.getNameCount();
  }

  @Override
  public Path getName(int index) {
    return wrap(posix.getName(index));
  }

  @Override
  public Path subpath(int beginIndex, int endIndex) {
    return wrap(posix.subpath(beginIndex, endIndex));
  }

  @Override
  public boolean startsWith(Path other) {
    if (!(other instanceof HadoopPath h) || !h.fs.equals(fs)) {
      return false;
    }
    return posix.startsWith(h.posix);
  }

  @Override
  public boolean startsWith(String other) {
    return posix.startsWith(other);
  }

  @Override
  public boolean endsWith(Path other) {
    if (!(other instanceof HadoopPath h) || !h.fs.equals(fs)) {
      return false;
    }
    return posix.endsWith(h.posix);
  }

  @Override
  public boolean endsWith(String other) {
    return posix.endsWith(other);
  }

  @Override
  public Path normalize() {
    return wrap(posix.normalize());
  }

  @Override
  public Path resolve(Path other) {
    return wrap(posix.resolve(check(other)));
  }

  @Override
  public Path resolve(String other) {
    return wrap(posix.resolve(other));
  }

  @Override
  public Path resolveSibling(Path other) {
    return wrap(posix.resolveSibling(check(other)));
  }

  @Override
  public Path resolveSibling(String other) {
    return wrap(posix.resolveSibling(other));
  }

  @Override
  public Path relativize(Path other) {
    return wrap(posix.relativize(check(other)));
  }

  /**
   * The escaped URI of the absolute path, e.g. {@code hdfs://nn:8020/lake/site=A}.
   *
   * @throws IllegalStateException when the path does not make a URI
   */
  @Override
  public URI toUri() {
    HadoopPath abs = (HadoopPath) toAbsolutePath();
    try {
      return new URI(fs.scheme(), fs.authority(), abs.posix.toString(), null, null);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("not a URI: " + abs, e);
    }
  }

  /** The path against the Hadoop file system's working directory when relative. */
  @Override
  public Path toAbsolutePath() {
    return isAbsolute() ? this : wrap(fs.workingDirectory().resolve(posix));
  }

  @Override
  public Path toRealPath(LinkOption... options) throws IOException {
    Path p = toAbsolutePath().normalize();
    fs.provider().checkAccess(p);
    return p;
  }

  @Override
  public WatchKey register(
      WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
    throw new UnsupportedOperationException("a Hadoop file system cannot be watched: " + this);
  }

  @Override
  public Iterator<Path> iterator() {
    return new Iterator<>() {
      private int i;

      @Override
      public boolean hasNext() {
        return i < getNameCount();
      }

      @Override
      public Path next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return getName(i++);
      }
    };
  }

  @Override
  public int compareTo(Path other) {
    return posix.compareTo(((HadoopPath) other).posix);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HadoopPath h && h.fs.equals(fs) && h.posix.equals(posix);
  }

  @Override
  public int hashCode() {
    return 31 * fs.hashCode() + posix.hashCode();
  }

  @Override
  public String toString() {
    return isAbsolute() ? fs.prefix() + posix : posix.toString();
  }
}
