package org.itbs.spark.fs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.PathIsNotEmptyDirectoryException;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.security.AccessControlException;

/**
 * java.nio over Hadoop's {@link org.apache.hadoop.fs.FileSystem}: the lake and the submissions on
 * {@code hdfs://}, {@code s3a://} or any file system Hadoop has a connector for, through the same
 * {@link java.nio.file.Files} calls as on the local disk. One provider per scheme, one {@link
 * HadoopFileSystem} per scheme and authority ({@link #fileSystem}).
 *
 * <p>Not registered as a service ({@code META-INF/services}): Spark loads the jobs' jar in a child
 * class loader, where {@link FileSystemProvider#installedProviders()} would not see it. Paths come
 * from {@link org.itbs.spark.JobPaths} instead, and {@code Path.of(URI)} does not know these
 * schemes.
 *
 * <p>What it does:
 *
 * <ul>
 *   <li>reading: {@code newInputStream} (Hadoop's stream; {@code skip} seeks) and {@code
 *       newByteChannel} with {@code position(long)} seeking;
 *   <li>writing: {@code newOutputStream} and write channels create a file or replace it whole
 *       ({@code CREATE}, {@code CREATE_NEW}, {@code TRUNCATE_EXISTING}; {@code APPEND} where the
 *       store can append); the parent folder must exist, as on a local disk;
 *   <li>{@code newDirectoryStream}, {@code createDirectory}, {@code delete} (a folder only when
 *       empty), {@code copy}, {@code checkAccess}, {@code readAttributes} ({@code basic} only, from
 *       Hadoop's {@code FileStatus}; {@code setTimes} through the basic view);
 *   <li>{@code move}: Hadoop's rename. Without {@code REPLACE_EXISTING} or {@code ATOMIC_MOVE} an
 *       existing target fails the move. With either, an existing file (or empty folder) is
 *       replaced: on HDFS by one atomic {@code rename(src, dst, OVERWRITE)}; on the local file
 *       system by {@code rename(2)}, also atomic; on other stores (object stores such as S3, where
 *       rename is a copy anyway and refuses an existing target) a file is replaced by writing its
 *       bytes over the target, which an object store publishes whole when the write closes, and
 *       then deleting the source, and an empty folder by deleting it and renaming. {@code
 *       ATOMIC_MOVE} is only as atomic as the store's rename: on HDFS it is; on S3 renaming a
 *       folder copies its objects one by one (see {@link org.itbs.core.lake.Lake} for why the lake
 *       stays consistent all the same).
 * </ul>
 *
 * Links, file stores, POSIX attributes, owners and watch services are not supported and throw
 * {@link UnsupportedOperationException}.
 */
public final class HadoopFileSystemProvider extends FileSystemProvider {
  private static final Map<String, HadoopFileSystemProvider> PROVIDERS = new ConcurrentHashMap<>();

  private final String scheme;
  private final Map<String, HadoopFileSystem> systems = new ConcurrentHashMap<>();

  private HadoopFileSystemProvider(String scheme) {
    this.scheme = scheme;
  }

  /**
   * The java.nio file system of the Hadoop file system of {@code uri} (its scheme and authority),
   * made with {@code conf} the first time it is asked for and kept until closed.
   *
   * @throws UncheckedIOException when Hadoop cannot make the file system (no connector for the
   *     scheme, a bad authority)
   */
  public static HadoopFileSystem fileSystem(URI uri, Configuration conf) {
    String s = uri.getScheme().toLowerCase(Locale.ROOT);
    return PROVIDERS.computeIfAbsent(s, HadoopFileSystemProvider::new).systemFor(uri, conf);
  }

  private HadoopFileSystem systemFor(URI uri, Configuration conf) {
    String given = uri.getAuthority() == null ? "" : uri.getAuthority().toLowerCase(Locale.ROOT);
    HadoopFileSystem known = systems.get(given);
    if (known != null) {
      return known;
    }
    org.apache.hadoop.fs.FileSystem hadoop;
    try {
      hadoop = org.apache.hadoop.fs.FileSystem.get(URI.create(scheme + "://" + given + "/"), conf);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the file system of " + uri, e);
    }
    // A URI without authority (hdfs:///lake) names the default one: key it by what Hadoop chose.
    String authority = hadoop.getUri().getAuthority();
    String key = authority == null ? "" : authority.toLowerCase(Locale.ROOT);
    HadoopFileSystem fs =
        systems.computeIfAbsent(key, k -> new HadoopFileSystem(this, authority, hadoop, conf));
    if (!key.equals(given)) {
      systems.putIfAbsent(given, fs);
    }
    return fs;
  }

  void forget(HadoopFileSystem fs) {
    systems.values().removeIf(f -> f == fs);
  }

  @Override
  public String getScheme() {
    return scheme;
  }

  @Override
  public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
    Object conf = env.get("hadoop.configuration");
    return fileSystem(uri, conf instanceof Configuration c ? c : new Configuration());
  }

  @Override
  public FileSystem getFileSystem(URI uri) {
    String a = uri.getAuthority() == null ? "" : uri.getAuthority().toLowerCase(Locale.ROOT);
    HadoopFileSystem fs = systems.get(a);
    if (fs == null) {
      throw new FileSystemNotFoundException(uri.toString());
    }
    return fs;
  }

  @Override
  public Path getPath(URI uri) {
    HadoopFileSystem fs = (HadoopFileSystem) getFileSystem(uri);
    return fs.getPath(uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath());
  }

  private static HadoopPath hadoop(Path p) {
    if (!(p instanceof HadoopPath h)) {
      throw new ProviderMismatchException("not a Hadoop file system path: " + p);
    }
    h.getFileSystem().checkOpen();
    return h;
  }

  /** Hadoop's exception as the java.nio one a caller of {@link java.nio.file.Files} expects. */
  static IOException translate(IOException e, Path p, Path other) {
    String file = p.toString();
    String to = other == null ? null : other.toString();
    IOException t;
    if (e instanceof FileNotFoundException) {
      t = new NoSuchFileException(file, to, e.getMessage());
    } else if (e instanceof org.apache.hadoop.fs.FileAlreadyExistsException) {
      t = new FileAlreadyExistsException(file, to, e.getMessage());
    } else if (e instanceof AccessControlException) {
      t = new AccessDeniedException(file, to, e.getMessage());
    } else if (e instanceof PathIsNotEmptyDirectoryException) {
      t = new DirectoryNotEmptyException(file);
    } else {
      return e;
    }
    t.initCause(e);
    return t;
  }

  private static FileStatus status(HadoopPath p) throws IOException {
    try {
      return p.getFileSystem().hadoop().getFileStatus(p.hadoopPath());
    } catch (IOException e) {
      throw translate(e, p, null);
    }
  }

  /** The status, or {@code null} when nothing is there. */
  private static FileStatus statusOrNull(HadoopPath p) throws IOException {
    try {
      return p.getFileSystem().hadoop().getFileStatus(p.hadoopPath());
    } catch (FileNotFoundException e) {
      return null;
    } catch (IOException e) {
      throw translate(e, p, null);
    }
  }

  private static void requireParentFolder(HadoopPath p) throws IOException {
    Path parent = p.toAbsolutePath().getParent();
    if (parent == null) {
      return;
    }
    FileStatus s = statusOrNull((HadoopPath) parent);
    if (s == null) {
      throw new NoSuchFileException(p.toString(), null, "no parent folder " + parent);
    }
    if (!s.isDirectory()) {
      throw new NotDirectoryException(parent.toString());
    }
  }

  @Override
  public InputStream newInputStream(Path path, OpenOption... options) throws IOException {
    HadoopPath p = hadoop(path);
    for (OpenOption o : options) {
      if (o == StandardOpenOption.WRITE || o == StandardOpenOption.APPEND) {
        throw new UnsupportedOperationException("'" + o + "' not allowed when reading " + p);
      }
      if (o == StandardOpenOption.DELETE_ON_CLOSE) {
        throw new UnsupportedOperationException("DELETE_ON_CLOSE is not supported: " + p);
      }
    }
    return open(p);
  }

  private static FSDataInputStream open(HadoopPath p) throws IOException {
    FileStatus s = status(p);
    if (s.isDirectory()) {
      throw new FileSystemException(p.toString(), null, "is a directory");
    }
    try {
      return p.getFileSystem().hadoop().open(p.hadoopPath());
    } catch (IOException e) {
      throw translate(e, p, null);
    }
  }

  @Override
  public OutputStream newOutputStream(Path path, OpenOption... options) throws IOException {
    Set<OpenOption> opts = new HashSet<>(List.of(options));
    if (opts.isEmpty()) {
      opts.addAll(
          List.of(
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE));
    }
    if (opts.contains(StandardOpenOption.READ)) {
      throw new IllegalArgumentException("READ not allowed when writing " + path);
    }
    return create(hadoop(path), opts);
  }

  private static FSDataOutputStream create(HadoopPath p, Set<? extends OpenOption> opts)
      throws IOException {
    if (opts.contains(StandardOpenOption.DELETE_ON_CLOSE)) {
      throw new UnsupportedOperationException("DELETE_ON_CLOSE is not supported: " + p);
    }
    org.apache.hadoop.fs.FileSystem fs = p.getFileSystem().hadoop();
    FileStatus s = statusOrNull(p);
    try {
      if (s == null) {
        if (!opts.contains(StandardOpenOption.CREATE)
            && !opts.contains(StandardOpenOption.CREATE_NEW)) {
          throw new NoSuchFileException(p.toString());
        }
        requireParentFolder(p);
        return fs.create(p.hadoopPath(), false);
      }
      if (s.isDirectory()) {
        throw new FileSystemException(p.toString(), null, "is a directory");
      }
      if (opts.contains(StandardOpenOption.CREATE_NEW)) {
        throw new FileAlreadyExistsException(p.toString());
      }
      if (opts.contains(StandardOpenOption.APPEND)) {
        try {
          return fs.append(p.hadoopPath());
        } catch (UnsupportedOperationException e) {
          throw new UnsupportedOperationException(
              fs.getScheme() + ": cannot append to " + p + " (the store does not append)", e);
        }
      }
      if (!opts.contains(StandardOpenOption.TRUNCATE_EXISTING)) {
        throw new UnsupportedOperationException(
            "cannot write into an existing file without TRUNCATE_EXISTING or APPEND: "
                + p
                + " (Hadoop file systems write files whole)");
      }
      return fs.create(p.hadoopPath(), true);
    } catch (IOException e) {
      throw translate(e, p, null);
    }
  }

  @Override
  public SeekableByteChannel newByteChannel(
      Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
    HadoopPath p = hadoop(path);
    if (attrs.length > 0) {
      throw new UnsupportedOperationException("file attributes on create are not supported: " + p);
    }
    if (options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND)) {
      if (options.contains(StandardOpenOption.READ)) {
        throw new UnsupportedOperationException(
            "a file of a Hadoop file system is read or written, not both: " + p);
      }
      return new WriteChannel(create(p, options));
    }
    if (options.contains(StandardOpenOption.DELETE_ON_CLOSE)) {
      throw new UnsupportedOperationException("DELETE_ON_CLOSE is not supported: " + p);
    }
    FileStatus s = status(p);
    return new ReadChannel(open(p), s.getLen());
  }

  @Override
  public DirectoryStream<Path> newDirectoryStream(
      Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
    HadoopPath p = hadoop(dir);
    FileStatus s = status(p);
    if (!s.isDirectory()) {
      throw new NotDirectoryException(p.toString());
    }
    FileStatus[] children;
    try {
      children = p.getFileSystem().hadoop().listStatus(p.hadoopPath());
    } catch (IOException e) {
      throw translate(e, p, null);
    }
    List<Path> entries = new ArrayList<>();
    for (FileStatus c : children) {
      Path e = p.resolve(c.getPath().getName());
      if (filter == null || filter.accept(e)) {
        entries.add(e);
      }
    }
    return new DirectoryStream<>() {
      private boolean iterated;

      @Override
      public Iterator<Path> iterator() {
        if (iterated) {
          throw new IllegalStateException("the directory stream of " + p + " was iterated");
        }
        iterated = true;
        return entries.iterator();
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
    HadoopPath p = hadoop(dir);
    if (attrs.length > 0) {
      throw new UnsupportedOperationException("file attributes on create are not supported: " + p);
    }
    if (statusOrNull(p) != null) {
      throw new FileAlreadyExistsException(p.toString());
    }
    requireParentFolder(p);
    try {
      if (!p.getFileSystem().hadoop().mkdirs(p.hadoopPath())) {
        throw new FileSystemException(p.toString(), null, "cannot create the folder");
      }
    } catch (IOException e) {
      throw translate(e, p, null);
    }
  }

  @Override
  public void delete(Path path) throws IOException {
    HadoopPath p = hadoop(path);
    FileStatus s = status(p);
    org.apache.hadoop.fs.FileSystem fs = p.getFileSystem().hadoop();
    try {
      if (s.isDirectory() && fs.listStatus(p.hadoopPath()).length > 0) {
        throw new DirectoryNotEmptyException(p.toString());
      }
      if (!fs.delete(p.hadoopPath(), false) && fs.exists(p.hadoopPath())) {
        throw new FileSystemException(p.toString(), null, "cannot delete");
      }
    } catch (IOException e) {
      throw translate(e, p, null);
    }
  }

  @Override
  public void copy(Path source, Path target, CopyOption... options) throws IOException {
    HadoopPath src = hadoop(source);
    HadoopPath dst = hadoop(target);
    boolean replace = List.of(options).contains(StandardCopyOption.REPLACE_EXISTING);
    if (List.of(options).contains(StandardCopyOption.ATOMIC_MOVE)) {
      throw new UnsupportedOperationException("ATOMIC_MOVE is not an option of copy");
    }
    FileStatus s = status(src);
    FileStatus d = statusOrNull(dst);
    if (d != null) {
      if (!replace) {
        throw new FileAlreadyExistsException(dst.toString());
      }
      delete(dst);
    } else {
      requireParentFolder(dst);
    }
    if (s.isDirectory()) {
      createDirectory(dst);
      return;
    }
    try (InputStream in = open(src);
        OutputStream out = dst.getFileSystem().hadoop().create(dst.hadoopPath(), true)) {
      in.transferTo(out);
    } catch (IOException e) {
      throw translate(e, src, dst);
    }
  }

  @Override
  public void move(Path source, Path target, CopyOption... options) throws IOException {
    HadoopPath src = hadoop(source);
    HadoopPath dst = hadoop(target);
    List<CopyOption> opts = List.of(options);
    boolean atomic = opts.contains(StandardCopyOption.ATOMIC_MOVE);
    boolean replace = atomic || opts.contains(StandardCopyOption.REPLACE_EXISTING);
    if (!src.getFileSystem().equals(dst.getFileSystem())) {
      if (atomic) {
        throw new AtomicMoveNotSupportedException(
            src.toString(), dst.toString(), "the paths are on two file systems");
      }
      throw new UnsupportedOperationException(
          "moving between two Hadoop file systems is not supported: " + src + " to " + dst);
    }
    FileStatus s = status(src);
    if (src.toAbsolutePath().normalize().equals(dst.toAbsolutePath().normalize())) {
      return;
    }
    FileStatus d = statusOrNull(dst);
    if (d == null) {
      requireParentFolder(dst);
      rename(src, dst);
      return;
    }
    if (!replace) {
      throw new FileAlreadyExistsException(dst.toString());
    }
    org.apache.hadoop.fs.FileSystem fs = src.getFileSystem().hadoop();
    try {
      if (d.isDirectory() && fs.listStatus(dst.hadoopPath()).length > 0) {
        throw new DirectoryNotEmptyException(dst.toString());
      }
      if (s.isDirectory() != d.isDirectory()) {
        // rename(2) and HDFS refuse to put a folder over a file and the other way round.
        delete(dst);
        rename(src, dst);
      } else if (fs instanceof DistributedFileSystem dfs) {
        dfs.rename(src.hadoopPath(), dst.hadoopPath(), Options.Rename.OVERWRITE);
      } else if (fs.getClass() == RawLocalFileSystem.class
          || fs.getClass() == LocalFileSystem.class) {
        // Hadoop's own local file systems: rename(2) replaces a file or an empty folder atomically.
        rename(src, dst);
      } else if (s.isDirectory()) {
        delete(dst);
        rename(src, dst);
      } else {
        // An object store: writing the bytes over the target publishes them whole on close.
        try (InputStream in = fs.open(src.hadoopPath());
            OutputStream out = fs.create(dst.hadoopPath(), true)) {
          in.transferTo(out);
        }
        fs.delete(src.hadoopPath(), false);
      }
    } catch (IOException e) {
      throw translate(e, src, dst);
    }
  }

  private static void rename(HadoopPath src, HadoopPath dst) throws IOException {
    boolean done;
    try {
      done = src.getFileSystem().hadoop().rename(src.hadoopPath(), dst.hadoopPath());
    } catch (IOException e) {
      throw translate(e, src, dst);
    }
    if (!done) {
      throw new FileSystemException(src.toString(), dst.toString(), "rename failed");
    }
  }

  @Override
  public boolean isSameFile(Path path, Path path2) throws IOException {
    if (path.equals(path2)) {
      return true;
    }
    if (!(path2 instanceof HadoopPath)) {
      return false;
    }
    HadoopPath a = hadoop(path);
    HadoopPath b = hadoop(path2);
    return a.getFileSystem().equals(b.getFileSystem())
        && a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
  }

  /** Hidden as on Unix: the name starts with a dot. */
  @Override
  public boolean isHidden(Path path) {
    Path name = path.getFileName();
    return name != null && name.toString().startsWith(".");
  }

  @Override
  public FileStore getFileStore(Path path) {
    throw new UnsupportedOperationException(
        "file stores of a Hadoop file system are not supported: " + path);
  }

  @Override
  public void checkAccess(Path path, AccessMode... modes) throws IOException {
    HadoopPath p = hadoop(path);
    status(p);
    if (modes.length == 0) {
      return;
    }
    FsAction action = FsAction.NONE;
    for (AccessMode m : modes) {
      action =
          action.or(
              switch (m) {
                case READ -> FsAction.READ;
                case WRITE -> FsAction.WRITE;
                case EXECUTE -> FsAction.EXECUTE;
              });
    }
    try {
      p.getFileSystem().hadoop().access(p.hadoopPath(), action);
    } catch (IOException e) {
      throw translate(e, p, null);
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public <V extends FileAttributeView> V getFileAttributeView(
      Path path, Class<V> type, LinkOption... options) {
    HadoopPath p = hadoop(path);
    if (type != BasicFileAttributeView.class) {
      return null;
    }
    return (V)
        new BasicFileAttributeView() {
          @Override
          public String name() {
            return "basic";
          }

          @Override
          public BasicFileAttributes readAttributes() throws IOException {
            return new Attributes(status(p));
          }

          @Override
          public void setTimes(FileTime lastModified, FileTime lastAccess, FileTime create)
              throws IOException {
            status(p);
            try {
              p.getFileSystem()
                  .hadoop()
                  .setTimes(
                      p.hadoopPath(),
                      lastModified == null ? -1 : lastModified.toMillis(),
                      lastAccess == null ? -1 : lastAccess.toMillis());
            } catch (IOException e) {
              throw translate(e, p, null);
            }
          }
        };
  }

  @Override
  @SuppressWarnings("unchecked")
  public <A extends BasicFileAttributes> A readAttributes(
      Path path, Class<A> type, LinkOption... options) throws IOException {
    if (type != BasicFileAttributes.class) {
      throw new UnsupportedOperationException(
          type.getSimpleName() + " of a Hadoop file system are not supported; use basic");
    }
    return (A) new Attributes(status(hadoop(path)));
  }

  @Override
  public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
      throws IOException {
    String names = attributes;
    int colon = attributes.indexOf(':');
    if (colon >= 0) {
      String view = attributes.substring(0, colon);
      if (!view.equals("basic")) {
        throw new UnsupportedOperationException(
            "attribute view '" + view + "' of a Hadoop file system is not supported; use basic");
      }
      names = attributes.substring(colon + 1);
    }
    Attributes a = new Attributes(status(hadoop(path)));
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("lastModifiedTime", a.lastModifiedTime());
    all.put("lastAccessTime", a.lastAccessTime());
    all.put("creationTime", a.creationTime());
    all.put("size", a.size());
    all.put("isRegularFile", a.isRegularFile());
    all.put("isDirectory", a.isDirectory());
    all.put("isSymbolicLink", a.isSymbolicLink());
    all.put("isOther", a.isOther());
    all.put("fileKey", a.fileKey());
    if (names.equals("*")) {
      return all;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (String n : names.split(",")) {
      if (n.equals("*")) {
        out.putAll(all);
      } else if (all.containsKey(n)) {
        out.put(n, all.get(n));
      } else {
        throw new IllegalArgumentException("'" + n + "' is not a basic attribute");
      }
    }
    return out;
  }

  @Override
  public void setAttribute(Path path, String attribute, Object value, LinkOption... options) {
    throw new UnsupportedOperationException(
        "setting attributes of a Hadoop file system is not supported: " + attribute);
  }

  /** Basic attributes from a Hadoop {@link FileStatus}; creation time is the modification time. */
  private record Attributes(FileStatus status) implements BasicFileAttributes {
    @Override
    public FileTime lastModifiedTime() {
      return FileTime.fromMillis(status.getModificationTime());
    }

    @Override
    public FileTime lastAccessTime() {
      return FileTime.fromMillis(status.getAccessTime());
    }

    @Override
    public FileTime creationTime() {
      return lastModifiedTime();
    }

    @Override
    public boolean isRegularFile() {
      return status.isFile();
    }

    @Override
    public boolean isDirectory() {
      return status.isDirectory();
    }

    @Override
    public boolean isSymbolicLink() {
      return false;
    }

    @Override
    public boolean isOther() {
      return !status.isFile() && !status.isDirectory();
    }

    @Override
    public long size() {
      return status.getLen();
    }

    @Override
    public Object fileKey() {
      return null;
    }
  }

  /** Reads a file; {@code position(long)} seeks (past the end: reads give end of stream). */
  private static final class ReadChannel implements SeekableByteChannel {
    private final FSDataInputStream in;
    private final long size;
    private final byte[] buf = new byte[64 << 10];
    private boolean open = true;
    private long pastEnd = -1; // a position set past the end of the file, else -1

    ReadChannel(FSDataInputStream in, long size) {
      this.in = in;
      this.size = size;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      checkOpen();
      if (pastEnd >= 0) {
        return -1;
      }
      int want = Math.min(dst.remaining(), buf.length);
      if (want == 0) {
        return 0;
      }
      int n = in.read(buf, 0, want);
      if (n > 0) {
        dst.put(buf, 0, n);
      }
      return n;
    }

    @Override
    public int write(ByteBuffer src) {
      throw new NonWritableChannelException();
    }

    @Override
    public long position() throws IOException {
      checkOpen();
      return pastEnd >= 0 ? pastEnd : in.getPos();
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
      checkOpen();
      if (newPosition < 0) {
        throw new IllegalArgumentException("negative position " + newPosition);
      }
      in.seek(Math.min(newPosition, size));
      pastEnd = newPosition > size ? newPosition : -1;
      return this;
    }

    @Override
    public long size() throws IOException {
      checkOpen();
      return size;
    }

    @Override
    public SeekableByteChannel truncate(long s) {
      throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void close() throws IOException {
      if (open) {
        open = false;
        in.close();
      }
    }

    private void checkOpen() throws ClosedChannelException {
      if (!open) {
        throw new ClosedChannelException();
      }
    }
  }

  /** Writes a new file from its start; it cannot seek. */
  private static final class WriteChannel implements SeekableByteChannel {
    private final FSDataOutputStream out;
    private final byte[] buf = new byte[64 << 10];
    private boolean open = true;

    WriteChannel(FSDataOutputStream out) {
      this.out = out;
    }

    @Override
    public int read(ByteBuffer dst) {
      throw new NonReadableChannelException();
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      checkOpen();
      int n = 0;
      while (src.hasRemaining()) {
        int k = Math.min(src.remaining(), buf.length);
        src.get(buf, 0, k);
        out.write(buf, 0, k);
        n += k;
      }
      return n;
    }

    @Override
    public long position() throws IOException {
      checkOpen();
      return out.getPos();
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
      if (newPosition != position()) {
        throw new UnsupportedOperationException(
            "a file of a Hadoop file system is written from start to end, without seeking");
      }
      return this;
    }

    @Override
    public long size() throws IOException {
      return position();
    }

    @Override
    public SeekableByteChannel truncate(long s) {
      throw new UnsupportedOperationException("a file of a Hadoop file system is not truncated");
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void close() throws IOException {
      if (open) {
        open = false;
        out.close();
      }
    }

    private void checkOpen() throws ClosedChannelException {
      if (!open) {
        throw new ClosedChannelException();
      }
    }
  }
}
