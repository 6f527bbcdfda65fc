package org.itbs.core.submission;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.itbs.core.lake.Lake;

/**
 * A submission as a folder: the folder itself, on whatever file system it is (a local disk, HDFS,
 * ...: its files are read where they are), or a zip unpacked into a folder that the caller gives
 * (the lake's own staging area, see {@link Lake#newStaging()}) and that {@link #close()} removes; a
 * zip that cannot be unpacked leaves nothing behind. A zip may hold the files at its root or inside
 * one top-level folder.
 *
 * <p>Only plain files are taken, checked before any is opened: a symbolic link, a hard link (a file
 * with more than one name), a device, a pipe, a file that cannot be read, or a zip entry outside
 * the submission's folder ({@code ../}, an absolute name) refuses the submission by name ({@link
 * SubmissionRejectedException}). A zip is held to {@link SubmissionLimits}: its number of entries
 * and, when it is on the local disk, its declared sizes are checked before anything is unpacked,
 * and the bytes are counted while inflating, so a zip bomb never unpacks more than the lower of
 * {@link SubmissionLimits#maxUnpackedBytes()} and {@link SubmissionLimits#maxUnpackRatio()} times
 * the zip's size.
 */
public final class SubmissionSource implements Closeable {
  private final Path folder;
  private final Path temp;

  private SubmissionSource(Path folder, Path temp) {
    this.folder = folder;
    this.temp = temp;
  }

  /**
   * Opens a submission folder or zip, with the limits of {@link SubmissionLimits#fromSettings()}.
   *
   * @param unpackInto gives an empty folder to unpack a zip into (called for a zip only); the
   *     folder is removed when the zip is refused and by {@link #close()}
   * @throws IllegalArgumentException when the path is neither a folder nor a zip file
   * @throws SubmissionRejectedException when the submission holds something else than plain files
   *     or breaks a limit
   */
  public static SubmissionSource open(Path path, Supplier<Path> unpackInto) {
    return open(path, unpackInto, SubmissionLimits.fromSettings());
  }

  /**
   * Opens a submission folder or zip, as {@link #open(Path, Supplier)}, with the given limits.
   *
   * @throws IllegalArgumentException when the path is neither a folder nor a zip file
   * @throws SubmissionRejectedException when the submission holds something else than plain files
   *     or breaks a limit
   */
  public static SubmissionSource open(
      Path path, Supplier<Path> unpackInto, SubmissionLimits limits) {
    String name = path.toString();
    if (Files.isDirectory(path)) {
      checkPlainFiles(name, path, limits);
      return new SubmissionSource(path, null);
    }
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException("submission " + path + " does not exist");
    }
    if (!path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
      throw new IllegalArgumentException(
          "submission " + path + " is neither a folder nor a .zip file");
    }
    if (!Files.isReadable(path)) {
      throw reject(
          name,
          path.getFileName().toString(),
          "cannot be read (permission denied); make it readable by the user running ingest");
    }
    Path temp = null;
    try {
      long size = Files.size(path);
      if (path.getFileSystem() == FileSystems.getDefault()) {
        checkCentralDirectory(name, path, size, limits);
      }
      temp = unpackInto.get();
      unzip(name, path, temp, size, limits);
      Path top = singleTopFolder(temp);
      checkPlainFiles(name, top, limits);
      return new SubmissionSource(top, temp);
    } catch (IOException e) {
      deleteQuietly(temp, e);
      throw new UncheckedIOException("cannot unpack " + path, e);
    } catch (RuntimeException | Error e) {
      deleteQuietly(temp, e);
      throw e;
    }
  }

  /** Checks a local zip's table of contents: entry count, names and declared sizes. */
  private static void checkCentralDirectory(
      String name, Path zip, long zipBytes, SubmissionLimits limits) {
    String fn = zip.getFileName().toString();
    try (ZipFile z = new ZipFile(zip.toFile())) {
      if (z.size() > limits.maxEntries()) {
        throw reject(name, fn, tooManyEntries(z.size(), limits));
      }
      long declared = 0;
      for (Enumeration<? extends ZipEntry> en = z.entries(); en.hasMoreElements(); ) {
        ZipEntry e = en.nextElement();
        checkEntryName(name, fn, e.getName());
        if (e.getSize() > 0) {
          declared += e.getSize();
        }
        checkUnpacked(name, fn, declared, zipBytes, limits, "declares");
      }
    } catch (ZipException e) {
      throw reject(
          name,
          fn,
          "is not a zip file (its table of contents cannot be read); send the folder or the zip"
              + " that `itbs contribute` made");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + zip, e);
    }
  }

  private static String tooManyEntries(long n, SubmissionLimits limits) {
    return "holds more than "
        + limits.maxEntries()
        + " entries ("
        + n
        + "), over the limit "
        + "itbs.max.entries";
  }

  private static void checkUnpacked(
      String name, String fn, long bytes, long zipBytes, SubmissionLimits limits, String verb) {
    if (bytes > limits.maxUnpackedBytes()) {
      throw reject(
          name,
          fn,
          verb
              + " more than "
              + limits.maxUnpackedBytes()
              + " bytes"
              + (verb.equals("declares") ? " unpacked" : "")
              + ", over the limit itbs.max.unpacked.bytes (refused, nothing kept)");
    }
    long ratioCap =
        zipBytes > Long.MAX_VALUE / limits.maxUnpackRatio()
            ? Long.MAX_VALUE
            : zipBytes * limits.maxUnpackRatio();
    if (bytes > ratioCap) {
      throw reject(
          name,
          fn,
          verb
              + " more than "
              + limits.maxUnpackRatio()
              + " times its own size ("
              + zipBytes
              + " bytes)"
              + (verb.equals("declares") ? " unpacked" : "")
              + ", over the limit itbs.max.unpack.ratio (a zip bomb? refused, nothing kept)");
    }
  }

  private static void checkEntryName(String name, String fn, String entry) {
    String e = entry.replace('\\', '/');
    boolean absolute = e.startsWith("/") || (e.length() > 1 && e.charAt(1) == ':');
    boolean up = false;
    for (String part : e.split("/")) {
      if (part.equals("..")) {
        up = true;
      }
    }
    if (absolute || up) {
      throw reject(
          name,
          fn,
          "entry '"
              + printable(entry)
              + "' points outside the submission's folder ("
              + (absolute ? "an absolute name" : "'..'")
              + "); only files inside the submission are taken");
    }
  }

  private static void unzip(
      String name, Path zip, Path into, long zipBytes, SubmissionLimits limits) throws IOException {
    String fn = zip.getFileName().toString();
    long unpacked = 0;
    long entries = 0;
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(zip);
        ZipInputStream z = new ZipInputStream(in)) {
      ZipEntry e;
      while ((e = z.getNextEntry()) != null) {
        if (++entries > limits.maxEntries()) {
          throw reject(name, fn, tooManyEntries(entries, limits));
        }
        checkEntryName(name, fn, e.getName());
        Path target;
        try {
          target = into.resolve(e.getName()).normalize();
        } catch (InvalidPathException x) {
          throw reject(name, fn, "entry '" + printable(e.getName()) + "' is not a valid file name");
        }
        if (!target.startsWith(into)) {
          throw reject(
              name,
              fn,
              "entry '" + printable(e.getName()) + "' points outside the submission's folder");
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
          continue;
        }
        Files.createDirectories(target.getParent());
        try (OutputStream out = Files.newOutputStream(target)) {
          int n;
          while ((n = z.read(buf)) > 0) {
            unpacked += n;
            checkUnpacked(name, fn, unpacked, zipBytes, limits, "unpacks to");
            out.write(buf, 0, n);
          }
        }
      }
    } catch (ZipException e) {
      throw reject(name, fn, "is not a readable zip file (" + printable(e.getMessage()) + ")");
    }
    if (entries == 0) {
      throw reject(
          name,
          fn,
          "is not a zip file or holds nothing; send the folder or the zip that `itbs contribute`"
              + " made");
    }
  }

  /**
   * Refuses a folder holding anything but plain, readable files and folders, without following a
   * link or opening a file.
   */
  private static void checkPlainFiles(String name, Path folder, SubmissionLimits limits) {
    boolean local = folder.getFileSystem() == FileSystems.getDefault();
    Path base;
    try {
      base = local ? folder.toRealPath() : folder;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + folder, e);
    }
    List<Path> all;
    try (Stream<Path> s = Files.walk(base)) {
      all = s.limit(limits.maxEntries() + 2).toList();
    } catch (IOException e) {
      throw listingFailed(name, folder, e);
    } catch (UncheckedIOException e) {
      throw listingFailed(name, folder, e.getCause());
    }
    if (all.size() > limits.maxEntries() + 1) {
      throw reject(name, null, tooManyEntries(all.size() - 1, limits));
    }
    for (Path p : all) {
      if (p.equals(base)) {
        continue;
      }
      String rel = base.relativize(p).toString();
      BasicFileAttributes a;
      try {
        a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the attributes of " + p, e);
      }
      if (a.isSymbolicLink()) {
        throw reject(
            name, rel, "is a symbolic link; only plain files are taken (its target is not read)");
      }
      if (a.isDirectory()) {
        continue;
      }
      if (!a.isRegularFile()) {
        throw reject(name, rel, "is not a plain file (a device, pipe or socket); refused");
      }
      if (local && links(p) > 1) {
        throw reject(
            name,
            rel,
            "is a hard link (the file has "
                + links(p)
                + " names); only plain files are taken, copy the file instead");
      }
      if (!Files.isReadable(p)) {
        throw reject(
            name,
            rel,
            "cannot be read (permission denied); make it readable by the user running ingest");
      }
    }
  }

  private static RuntimeException listingFailed(String name, Path folder, IOException e) {
    if (e instanceof AccessDeniedException a) {
      return reject(
          name,
          null,
          "folder "
              + a.getFile()
              + " cannot be read (permission denied); make it readable by the user running"
              + " ingest");
    }
    return new UncheckedIOException("cannot list " + folder, e);
  }

  private static int links(Path p) {
    try {
      Object n = Files.getAttribute(p, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
      return n instanceof Integer i ? i : 1;
    } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
      return 1;
    }
  }

  /** A name from a zip, cut short and with control characters shown as '?'. */
  private static String printable(String s) {
    if (s == null) {
      return "";
    }
    String t = s.length() > 200 ? s.substring(0, 200) + "..." : s;
    StringBuilder b = new StringBuilder(t.length());
    t.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return b.toString();
  }

  private static SubmissionRejectedException reject(String name, String file, String message) {
    return new SubmissionRejectedException(
        name, List.of(new SubmissionRejectedException.Problem(file, null, message)));
  }

  private static Path singleTopFolder(Path root) throws IOException {
    try (Stream<Path> s = Files.list(root)) {
      List<Path> entries =
          s.filter(p -> !p.getFileName().toString().startsWith("__MACOSX")).toList();
      if (entries.size() == 1 && Files.isDirectory(entries.get(0), LinkOption.NOFOLLOW_LINKS)) {
        return entries.get(0);
      }
    }
    return root;
  }

  /** The folder holding the submission's files. */
  public Path folder() {
    return folder;
  }

  private static void deleteQuietly(Path p, Throwable cause) {
    if (p == null) {
      return;
    }
    try {
      Lake.deleteTree(p);
    } catch (IOException | UncheckedIOException e) {
      cause.addSuppressed(e);
    }
  }

  /** Removes the folder a zip was unpacked into (nothing for a folder submission). */
  @Override
  public void close() {
    if (temp == null) {
      return;
    }
    try {
      Lake.deleteTree(temp);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + temp, e);
    }
  }
}
