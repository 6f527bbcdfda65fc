package org.itbs.contribute;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The files of a clinic export, read in place: a folder's files, or the entries of a zip (at its
 * root, or inside its one top-level folder) streamed without unpacking.
 */
abstract class RawExport implements Closeable {

  /** One file of the export. */
  abstract static class Entry {
    /** The file name as written, without folder. */
    abstract String name();

    /** Its last-modified time. */
    abstract Instant modified();

    /** Its bytes, from the start. */
    abstract InputStream open() throws IOException;
  }

  /**
   * Opens a folder or a zip file.
   *
   * @throws IllegalArgumentException when the path does not exist, is neither a folder nor a zip,
   *     or the zip holds its files neither at its root nor in one top-level folder
   */
  static RawExport open(Path raw) {
    if (Files.isDirectory(raw)) {
      return new Folder(raw);
    }
    if (!Files.exists(raw)) {
      throw new IllegalArgumentException("clinic export " + raw + " does not exist");
    }
    if (!Files.isRegularFile(raw)
        || !raw.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
      throw new IllegalArgumentException(
          "clinic export " + raw + " is neither a folder nor a .zip file");
    }
    return Zip.open(raw);
  }

  /** The files of the export, sorted by name; hidden files and folders left out. */
  abstract List<Entry> entries();

  /**
   * A file in a folder of the export, such as {@code gait/index.csv}: {@code path} is relative to
   * the export's root (for a zip, the folder its CSV files are in), with {@code /} between names.
   *
   * @return the file, or empty when there is none there, or the path is absolute or leaves the
   *     export ({@code ..})
   */
  abstract Optional<Entry> find(String path);

  /** Whether a relative path stays inside the export: not absolute, no empty or {@code ..} name. */
  static boolean inside(String path) {
    if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.contains(":")) {
      return false;
    }
    for (String name : path.split("/", -1)) {
      if (name.isEmpty() || name.equals(".") || name.equals("..")) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {}

  private static boolean hidden(String name) {
    return name.startsWith(".") || name.equals("Thumbs.db") || name.equals("desktop.ini");
  }

  private static final class Folder extends RawExport {
    private final Path dir;
    private final List<Entry> entries = new ArrayList<>();

    Folder(Path dir) {
      this.dir = dir.toAbsolutePath().normalize();
      try (Stream<Path> s = Files.list(dir)) {
        for (Path p : s.sorted().toList()) {
          String name = p.getFileName().toString();
          if (Files.isRegularFile(p) && !hidden(name)) {
            entries.add(entry(p, name));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list clinic export " + dir, e);
      }
    }

    private static Entry entry(Path p, String name) {
      return new Entry() {
        @Override
        String name() {
          return name;
        }

        @Override
        Instant modified() {
          try {
            return Files.getLastModifiedTime(p).toInstant();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }

        @Override
        InputStream open() throws IOException {
          return Files.newInputStream(p);
        }
      };
    }

    @Override
    List<Entry> entries() {
      return entries;
    }

    @Override
    Optional<Entry> find(String path) {
      if (!inside(path)) {
        return Optional.empty();
      }
      Path p = dir.resolve(path).normalize();
      if (!p.startsWith(dir) || !Files.isRegularFile(p)) {
        return Optional.empty();
      }
      return Optional.of(entry(p, path));
    }
  }

  private static final class Zip extends RawExport {
    private final ZipFile zip;
    private final List<Entry> entries = new ArrayList<>();
    private final TreeMap<String, ZipEntry> byPath = new TreeMap<>();
    private String prefix = "";

    private Zip(ZipFile zip) {
      this.zip = zip;
    }

    static Zip open(Path path) {
      ZipFile zf;
      try {
        zf = new ZipFile(path.toFile());
      } catch (ZipException e) {
        throw new IllegalArgumentException(
            "clinic export " + path + " is not a readable zip file: " + e.getMessage(), e);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open clinic export " + path, e);
      }
      Zip z = new Zip(zf);
      try {
        z.index(path);
      } catch (RuntimeException e) {
        z.close();
        throw e;
      }
      return z;
    }

    private void index(Path path) {
      TreeMap<String, ZipEntry> root = new TreeMap<>();
      TreeMap<String, TreeMap<String, ZipEntry>> folders = new TreeMap<>();
      Enumeration<? extends ZipEntry> all = zip.entries();
      while (all.hasMoreElements()) {
        ZipEntry e = all.nextElement();
        String n = e.getName().replace('\\', '/');
        if (e.isDirectory() || n.startsWith("__MACOSX/")) {
          continue;
        }
        byPath.putIfAbsent(n, e);
        int slash = n.indexOf('/');
        if (slash < 0) {
          if (!hidden(n)) {
            root.put(n, e);
          }
          continue;
        }
        String top = n.substring(0, slash);
        String rest = n.substring(slash + 1);
        if (!rest.contains("/") && !hidden(rest) && !hidden(top)) {
          folders.computeIfAbsent(top, k -> new TreeMap<>()).put(rest, e);
        }
      }
      boolean csvAtRoot =
          root.keySet().stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).endsWith(".csv"));
      TreeMap<String, ZipEntry> chosen;
      if (csvAtRoot || folders.isEmpty()) {
        chosen = root;
      } else if (folders.size() == 1) {
        chosen = folders.firstEntry().getValue();
        prefix = folders.firstKey() + "/";
      } else {
        throw new IllegalArgumentException(
            "clinic export "
                + path
                + " holds its files in "
                + folders.size()
                + " top-level folders "
                + new TreeSet<>(folders.keySet())
                + "; a zip must hold the CSV files at its root or inside one top-level folder");
      }
      chosen.forEach((name, e) -> entries.add(entry(e, name)));
    }

    private Entry entry(ZipEntry e, String name) {
      return new Entry() {
        @Override
        String name() {
          return name;
        }

        @Override
        Instant modified() {
          return e.getLastModifiedTime().toInstant();
        }

        @Override
        InputStream open() throws IOException {
          return zip.getInputStream(e);
        }
      };
    }

    @Override
    List<Entry> entries() {
      return entries;
    }

    @Override
    Optional<Entry> find(String path) {
      if (!inside(path)) {
        return Optional.empty();
      }
      ZipEntry e = byPath.get(prefix + path);
      return e == null ? Optional.empty() : Optional.of(entry(e, path));
    }

    @Override
    public void close() {
      try {
        zip.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
