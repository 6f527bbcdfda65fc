package org.itbs.spark.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.itbs.core.lake.Lake;
import org.itbs.spark.JobPaths;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The java.nio contract of {@link HadoopFileSystemProvider} on a real HDFS ({@link MiniHdfs}): path
 * algebra and URIs, create/read/seek, listing and walking, moves that replace, deletes, attributes,
 * and the java.nio exceptions for what is missing or in the way. The replacing move of object
 * stores is checked on {@link ObjectStoreLikeFileSystem}.
 */
class HadoopFileSystemProviderTest {
  private static HadoopFileSystem fs;
  private static Path root;
  @TempDir static Path tmp;

  @BeforeAll
  static void connect() throws IOException {
    fs = HadoopFileSystemProvider.fileSystem(MiniHdfs.uri(), new Configuration());
    root = fs.getPath("/contract-" + UUID.randomUUID());
    Files.createDirectory(root);
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + i / 251);
    }
    return b;
  }

  @Test
  void pathsArePosixPathsOfTheirHadoopUri() {
    String nn = MiniHdfs.uri().toString();
    Path p = fs.getPath("/lake/curated/../audit/x.json");
    assertThat(p.normalize().toString()).isEqualTo(nn + "/lake/audit/x.json");
    assertThat(p.normalize().toUri()).isEqualTo(URI.create(nn + "/lake/audit/x.json"));
    assertThat(p.normalize().getFileName().toString()).isEqualTo("x.json");
    assertThat(p.normalize().getParent()).isEqualTo(fs.getPath("/lake/audit"));
    assertThat(fs.getPath("/lake").resolve("curated").resolve("t/site=A"))
        .isEqualTo(fs.getPath("/lake/curated/t/site=A"));
    assertThat(fs.getPath("/lake").relativize(fs.getPath("/lake/a/b")).toString()).isEqualTo("a/b");
    assertThat(fs.getPath("/lake/a/b").startsWith(fs.getPath("/lake"))).isTrue();
    assertThat(fs.getPath("/lake/a/b").startsWith(Path.of("/lake"))).isFalse();
    assertThat(fs.getPath("/lake/a/b").getNameCount()).isEqualTo(3);
    assertThat(fs.getPath("/lake/a/b").iterator())
        .toIterable()
        .map(Path::toString)
        .containsExactly("lake", "a", "b");
    assertThat(fs.getPath("/lake/a").compareTo(fs.getPath("/lake/b"))).isNegative();
    assertThat(fs.getPath("/lake/a").resolveSibling("b")).isEqualTo(fs.getPath("/lake/b"));
    assertThat(fs.getPath("/lake/a").getRoot()).isEqualTo(fs.getPath("/"));
    assertThat(fs.getPath("a").isAbsolute()).isFalse();
    assertThat(fs.getPath("a").toAbsolutePath().isAbsolute()).isTrue();
    assertThatThrownBy(() -> fs.getPath("/a").resolve(Path.of("b")))
        .isInstanceOf(java.nio.file.ProviderMismatchException.class);
    assertThatThrownBy(() -> fs.getPath("/a").toFile())
        .isInstanceOf(UnsupportedOperationException.class);
    // A name with a space: escaped in the URI, as written in toString (what Hadoop and Spark take).
    Path spaced = fs.getPath("/in/site A");
    assertThat(spaced.toUri().toString()).isEqualTo(nn + "/in/site%20A");
    assertThat(spaced.toString()).isEqualTo(nn + "/in/site A");
    assertThat(JobPaths.fromUri(JobPaths.toUri(spaced))).isEqualTo(spaced);
    assertThat(fs.getPathMatcher("glob:**/*.json").matches(p)).isTrue();
  }

  @Test
  void jobPathsGivesTheSameFileSystemForTheSameNameNode() {
    Path lake = JobPaths.of("--lake", MiniHdfs.uri() + "/lake");
    assertThat(lake.getFileSystem()).isSameAs(fs);
    assertThat(lake).isEqualTo(fs.getPath("/lake"));
    assertThat(JobPaths.forSpark(lake)).isEqualTo(MiniHdfs.uri() + "/lake");
    assertThat(JobPaths.of("--lake", MiniHdfs.uri().toString())).isEqualTo(fs.getPath("/"));
  }

  @Test
  void writesReadsAndSeeks() throws IOException {
    Path dir = Files.createDirectories(root.resolve("rw/a/b"));
    assertThat(Files.isDirectory(dir)).isTrue();
    Path f = dir.resolve("data.bin");
    byte[] data = bytes(300_000);
    Files.write(f, data);
    assertThat(Files.readAllBytes(f)).isEqualTo(data);
    try (SeekableByteChannel c = Files.newByteChannel(f)) {
      assertThat(c.size()).isEqualTo(data.length);
      c.position(123_456);
      ByteBuffer b = ByteBuffer.allocate(1000);
      while (b.hasRemaining() && c.read(b) > 0) {}
      assertThat(c.position()).isEqualTo(124_456);
      assertThat(b.array()).isEqualTo(java.util.Arrays.copyOfRange(data, 123_456, 124_456));
      c.position(10);
      ByteBuffer one = ByteBuffer.allocate(1);
      c.read(one);
      assertThat(one.get(0)).isEqualTo(data[10]);
      c.position(data.length + 10);
      assertThat(c.position()).isEqualTo(data.length + 10);
      assertThat(c.read(ByteBuffer.allocate(1))).isEqualTo(-1);
      c.position(data.length - 1);
      one.clear();
      assertThat(c.read(one)).isEqualTo(1);
      assertThat(one.get(0)).isEqualTo(data[data.length - 1]);
      assertThat(c.read(ByteBuffer.allocate(1))).isEqualTo(-1);
    }
    try (InputStream in = Files.newInputStream(f)) {
      in.skipNBytes(250_000);
      assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(data, 250_000, 300_000));
    }
    // Replaced whole by a default write; a write channel writes from the start.
    Files.writeString(f, "short");
    assertThat(Files.readString(f)).isEqualTo("short");
    try (SeekableByteChannel c =
        Files.newByteChannel(f, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      c.write(ByteBuffer.wrap("via channel".getBytes(UTF_8)));
    }
    assertThat(Files.readString(f)).isEqualTo("via channel");
    BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
    assertThat(a.isRegularFile()).isTrue();
    assertThat(a.isDirectory()).isFalse();
    assertThat(a.size()).isEqualTo(11);
    assertThat(a.lastModifiedTime().toMillis()).isPositive();
    assertThat(Files.size(f)).isEqualTo(11);
    assertThat(Files.readAttributes(dir, BasicFileAttributes.class).isDirectory()).isTrue();
    assertThat(Files.readAttributes(f, "basic:size,isDirectory"))
        .isEqualTo(Map.of("size", 11L, "isDirectory", false));
    assertThat(Files.isReadable(f)).isTrue();
    assertThat(Files.isWritable(f)).isTrue();
    assertThatThrownBy(() -> Files.readAttributes(f, PosixFileAttributes.class))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void missingAndExistingPathsFailAsOnALocalDisk() throws IOException {
    Path d = Files.createDirectories(root.resolve("errors"));
    Path f = Files.writeString(d.resolve("f.txt"), "x");
    Path missing = d.resolve("missing");
    assertThat(Files.exists(missing)).isFalse();
    assertThat(Files.notExists(missing)).isTrue();
    assertThatThrownBy(() -> Files.newInputStream(missing)).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> Files.readAttributes(missing, BasicFileAttributes.class))
        .isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> Files.delete(missing)).isInstanceOf(NoSuchFileException.class);
    assertThat(Files.deleteIfExists(missing)).isFalse();
    assertThatThrownBy(() -> Files.writeString(missing.resolve("child.txt"), "x"))
        .isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> Files.createDirectory(missing.resolve("child")))
        .isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> Files.move(missing, d.resolve("elsewhere")))
        .isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> Files.writeString(f, "y", StandardOpenOption.CREATE_NEW))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThatThrownBy(() -> Files.createDirectory(d))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThatThrownBy(() -> Files.delete(d)).isInstanceOf(DirectoryNotEmptyException.class);
    assertThatThrownBy(() -> Files.list(f)).isInstanceOf(NotDirectoryException.class);
    Path other = Files.writeString(d.resolve("g.txt"), "g");
    assertThatThrownBy(() -> Files.move(other, f)).isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(f)).isEqualTo("x");
    assertThat(Files.readString(other)).isEqualTo("g");
  }

  @Test
  void listsWalksAndDeletesATree() throws IOException {
    Path t = root.resolve("tree");
    for (String f : List.of("a/1.txt", "a/2.txt", "a/b/3.txt", "c/4.txt", "5.txt")) {
      Path p = t.resolve(f);
      Files.createDirectories(p.getParent());
      Files.writeString(p, f);
    }
    try (Stream<Path> s = Files.list(t)) {
      assertThat(s.map(p -> p.getFileName().toString()).sorted())
          .containsExactly("5.txt", "a", "c");
    }
    try (Stream<Path> s = Files.walk(t)) {
      assertThat(s.map(p -> t.relativize(p).toString()).sorted())
          .containsExactly(
              "", "5.txt", "a", "a/1.txt", "a/2.txt", "a/b", "a/b/3.txt", "c", "c/4.txt");
    }
    try (Stream<Path> s = Files.walk(t)) {
      assertThat(s.filter(Files::isRegularFile).map(p -> uncheckedRead(p)).sorted())
          .containsExactly("5.txt", "a/1.txt", "a/2.txt", "a/b/3.txt", "c/4.txt");
    }
    Lake.deleteTree(t);
    assertThat(Files.exists(t)).isFalse();
    assertThat(Files.exists(root)).isTrue();
  }

  private static String uncheckedRead(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void atomicMoveReplacesAFileAndMovesFolders() throws IOException {
    Path d = Files.createDirectories(root.resolve("moves"));
    Path target = Files.writeString(d.resolve("_lake.json"), "old");
    Path tmpFile = Files.writeString(d.resolve("._lake.json.tmp"), "new");
    Files.move(
        tmpFile, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.readString(target)).isEqualTo("new");
    assertThat(Files.exists(tmpFile)).isFalse();

    Path staged = d.resolve("_staging/curated/t");
    Files.createDirectories(staged);
    Files.writeString(staged.resolve("part-0.parquet"), "p0");
    Path placed = d.resolve("curated/t/site=A/submission=1");
    Files.createDirectories(placed.getParent());
    Files.move(staged, placed, StandardCopyOption.ATOMIC_MOVE);
    assertThat(Files.readString(placed.resolve("part-0.parquet"))).isEqualTo("p0");
    assertThat(Files.exists(staged)).isFalse();

    // Onto a folder: only an empty one is replaced.
    Path again = Files.createDirectories(d.resolve("again"));
    Files.writeString(again.resolve("x"), "x");
    assertThatThrownBy(() -> Files.move(again, placed, StandardCopyOption.REPLACE_EXISTING))
        .isInstanceOf(DirectoryNotEmptyException.class);
    Path empty = Files.createDirectories(d.resolve("empty"));
    Files.move(again, empty, StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.readString(empty.resolve("x"))).isEqualTo("x");

    Path copy = d.resolve("copy.json");
    Files.copy(target, copy);
    assertThat(Files.readString(copy)).isEqualTo("new");
    assertThatThrownBy(() -> Files.copy(target, copy))
        .isInstanceOf(FileAlreadyExistsException.class);
  }

  @Test
  void lakeCommitsTwiceOnHdfs() {
    Lake lake = Lake.at(root.resolve("lake"));
    commitTwice(lake);
  }

  /** The S3 way: rename refuses an existing file, so the state is replaced by a whole write. */
  @Test
  void objectStoreLikeFileSystemReplacesByWritingWhole() throws IOException {
    Configuration conf = new Configuration();
    conf.set(
        "fs." + ObjectStoreLikeFileSystem.SCHEME + ".impl",
        ObjectStoreLikeFileSystem.class.getName());
    conf.setBoolean("fs." + ObjectStoreLikeFileSystem.SCHEME + ".impl.disable.cache", true);
    HadoopFileSystem obj =
        HadoopFileSystemProvider.fileSystem(
            URI.create(ObjectStoreLikeFileSystem.SCHEME + ":///"), conf);
    assertThat(obj.hadoop()).isInstanceOf(ObjectStoreLikeFileSystem.class);
    Path dir = obj.getPath(tmp.toAbsolutePath().toString()).resolve("obj");
    Files.createDirectories(dir);
    Path target = Files.writeString(dir.resolve("state.json"), "old");
    Path src = Files.writeString(dir.resolve("state.json.tmp"), "new");
    assertThat(
            obj.hadoop()
                .rename(
                    new org.apache.hadoop.fs.Path(src.toUri()),
                    new org.apache.hadoop.fs.Path(target.toUri())))
        .as("the store's own rename refuses an existing target")
        .isFalse();
    Files.move(src, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.readString(target)).isEqualTo("new");
    assertThat(Files.exists(src)).isFalse();
    assertThat(Files.readString(tmp.resolve("obj/state.json"))).isEqualTo("new");
    commitTwice(Lake.at(dir.resolve("lake")));
  }

  /**
   * What the lake still keeps on its own file system besides the Iceberg tables: runs' staging
   * folders (an ingest's work in progress), written, then cleared once their run is gone.
   */
  private static void commitTwice(Lake lake) {
    try {
      for (int i = 0; i < 2; i++) {
        Path staged = lake.newStaging("run" + i);
        Files.writeString(staged.resolve("part-0.parquet"), "run " + i);
        assertThat(Files.readString(staged.resolve("part-0.parquet"))).isEqualTo("run " + i);
      }
      assertThat(lake.removeDeadStaging()).isEqualTo(2);
      assertThat(Files.exists(lake.staging())).isFalse();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void outputStreamsCreateAndAppendOnlyWhereAsked() throws IOException {
    Path f = root.resolve("out.txt");
    try (OutputStream o = Files.newOutputStream(f, StandardOpenOption.CREATE_NEW)) {
      o.write("one".getBytes(UTF_8));
    }
    assertThatThrownBy(
            () -> Files.newOutputStream(root.resolve("none.txt"), StandardOpenOption.WRITE))
        .isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> Files.newOutputStream(f, StandardOpenOption.WRITE))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("TRUNCATE_EXISTING or APPEND");
    assertThat(Files.readString(f)).isEqualTo("one");
  }
}
