package org.itbs.core.anon;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Writes a new CSV file the way a submission holds it: UTF-8 without byte-order mark, {@code \n}
 * line ends, a field quoted (RFC 4180, inner quotes doubled) only when it holds a comma, a quote or
 * a line break. Computes the SHA-256 of the bytes as they are written.
 */
final class CsvSink implements Closeable {
  private final Path path;
  private final MessageDigest sha256;
  private final Writer out;
  private String digest;

  CsvSink(Path path) {
    this.path = path;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
    try {
      DigestOutputStream d =
          new DigestOutputStream(
              new BufferedOutputStream(
                  Files.newOutputStream(
                      path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                  1 << 16),
              sha256);
      out = new BufferedWriter(new OutputStreamWriter(d, StandardCharsets.UTF_8), 1 << 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + path, e);
    }
  }

  /** Writes one record of the first {@code n} values. */
  void row(String[] values, int n) {
    try {
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          out.write(',');
        }
        String v = values[i];
        if (needsQuotes(v)) {
          out.write('"');
          out.write(v.replace("\"", "\"\""));
          out.write('"');
        } else {
          out.write(v);
        }
      }
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  private static boolean needsQuotes(String v) {
    for (int i = 0, n = v.length(); i < n; i++) {
      char c = v.charAt(i);
      if (c == ',' || c == '"' || c == '\n' || c == '\r') {
        return true;
      }
    }
    return false;
  }

  /** Lowercase hex SHA-256 of everything written; only after {@link #close()}. */
  String sha256() {
    if (digest == null) {
      throw new IllegalStateException("the file is not closed yet: " + path);
    }
    return digest;
  }

  @Override
  public void close() {
    if (digest != null) {
      return;
    }
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
    digest = HexFormat.of().formatHex(sha256.digest());
  }
}
