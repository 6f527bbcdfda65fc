package org.itbs.core.submission;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A submission as a folder: the folder itself, on whatever file system it is (a local disk, HDFS,
 * ...: its files are read where they are), or a zip unpacked into a temporary folder of this
 * machine's default file system that {@link #close()} removes; a zip on another file system is
 * streamed from there into that local folder. A zip may hold the files at its root or inside one
 * top-level folder. (So the ingest tasks read an unpacked zip from the driver's local disk: fine in
 * local mode and when the executors run on the driver's machine; on a cluster of several machines
 * give submissions as folders on a file system every executor sees.)
 */
public final class SubmissionSource implements Closeable {
  private final Path folder;
  private final Path temp;

  private SubmissionSource(Path folder, Path temp) {
    this.folder = folder;
    this.temp = temp;
  }

  /**
   * Opens a submission folder or zip.
   *
   * @throws IllegalArgumentException when the path is neither a folder nor a zip file
   */
  public static SubmissionSource open(Path path) {
    if (Files.isDirectory(path)) {
      return new SubmissionSource(path, null);
    }
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException("submission " + path + " does not exist");
    }
    if (!path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".zip")) {
      throw new IllegalArgumentException(
          "submission " + path + " is neither a folder nor a .zip file");
    }
    try {
      Path temp = Files.createTempDirectory("itbs-submission-");
      unzip(path, temp);
      return new SubmissionSource(singleTopFolder(temp), temp);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack " + path, e);
    }
  }

  private static void unzip(Path zip, Path into) throws IOException {
    try (InputStream in = Files.newInputStream(zip);
        ZipInputStream z = new ZipInputStream(in)) {
      ZipEntry e;
      while ((e = z.getNextEntry()) != null) {
        Path target = into.resolve(e.getName()).normalize();
        if (!target.startsWith(into)) {
          throw new IllegalArgumentException(
              "zip " + zip + " holds an entry outside its root: " + e.getName());
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(z, target);
        }
      }
    }
  }

  private static Path singleTopFolder(Path root) throws IOException {
    try (Stream<Path> s = Files.list(root)) {
      List<Path> entries =
          s.filter(p -> !p.getFileName().toString().startsWith("__MACOSX")).toList();
      if (entries.size() == 1 && Files.isDirectory(entries.get(0))) {
        return entries.get(0);
      }
    }
    return root;
  }

  /** The folder holding the submission's files. */
  public Path folder() {
    return folder;
  }

  @Override
  public void close() {
    if (temp == null) {
      return;
    }
    try (Stream<Path> s = Files.walk(temp)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
