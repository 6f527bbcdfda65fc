package org.itbs.synth;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.itbs.core.csv.CsvReader;
import org.itbs.core.csv.CsvRecord;
import org.itbs.core.dictionary.TableSpec;

/** Test helper: reads the files of a generated export with the project's {@link CsvReader}. */
final class Export {
  private Export() {}

  /** A whole file: its header and records. */
  record Table(String[] header, List<CsvRecord> rows) {
    /** Position of a column in the file (case-insensitive), or -1. */
    int col(String name) {
      for (int i = 0; i < header.length; i++) {
        if (header[i].trim().toLowerCase(Locale.ROOT).equals(name)) {
          return i;
        }
      }
      return -1;
    }

    String get(CsvRecord r, String name) {
      int i = col(name);
      if (i < 0) {
        throw new IllegalArgumentException("no column " + name);
      }
      return r.fields()[i];
    }
  }

  static Table read(Path file) {
    try (InputStream in = Files.newInputStream(file);
        CsvReader r = CsvReader.open(in)) {
      List<CsvRecord> rows = new ArrayList<>();
      r.forEach(rows::add);
      return new Table(r.header(), rows);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The values of a record in the dictionary's column order (null for a column the file lacks). */
  static String[] inDictionaryOrder(TableSpec spec, String[] header, CsvRecord r) {
    String[] out = new String[spec.columns().size()];
    for (int i = 0; i < header.length; i++) {
      int k = spec.indexOf(header[i]);
      if (k >= 0) {
        out[k] = i < r.fields().length ? r.fields()[i] : null;
      }
    }
    return out;
  }

  /** The site folders of an export, in name order. */
  static List<Path> sites(Path root) {
    try (var s = Files.list(root)) {
      return s.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
