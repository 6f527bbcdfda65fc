package org.itbs.contribute;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Writes a new CSV file the way a submission holds it: UTF-8 without byte-order mark, {@code \n}
 * line ends, a field quoted (RFC 4180, inner quotes doubled) only when it holds a comma, a quote or
 * a line break. Computes the SHA-256 and the length of the bytes as they are written.
 *
 * <p>Fields are encoded straight into a byte buffer: plain ASCII (nearly every field of an export)
 * in one pass that also checks for characters that need quotes; anything else through {@link
 * String#getBytes}.
 */
final class SubmissionCsvWriter implements Closeable {
  private static final int BUFFER = 1 << 16;

  private final Path path;
  private final MessageDigest sha256;
  private final OutputStream out;
  private final byte[] buf = new byte[BUFFER];
  private int pos;
  private long bytes;
  private String digest;

  SubmissionCsvWriter(Path path) {
    this.path = path;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
    try {
      out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + path, e);
    }
  }

  /** Writes one record of the first {@code n} values. */
  void row(String[] values, int n) {
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        put((byte) ',');
      }
      field(values[i]);
    }
    put((byte) '\n');
  }

  private void field(String v) {
    int n = v.length();
    if (n > BUFFER / 4) {
      slowField(v);
      return;
    }
    if (BUFFER - pos < n) {
      flushBuffer();
    }
    int start = pos;
    for (int i = 0; i < n; i++) {
      char c = v.charAt(i);
      if (c >= 0x80 || c == ',' || c == '"' || c == '\n' || c == '\r') {
        pos = start;
        slowField(v);
        return;
      }
      buf[pos++] = (byte) c;
    }
  }

  private void slowField(String v) {
    boolean quote = false;
    for (int i = 0, n = v.length(); i < n && !quote; i++) {
      char c = v.charAt(i);
      quote = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    String text = quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    if (b.length > BUFFER - pos) {
      flushBuffer();
    }
    if (b.length > BUFFER) {
      write(b, b.length);
    } else {
      System.arraycopy(b, 0, buf, pos, b.length);
      pos += b.length;
    }
  }

  private void put(byte b) {
    if (pos == BUFFER) {
      flushBuffer();
    }
    buf[pos++] = b;
  }

  private void flushBuffer() {
    write(buf, pos);
    pos = 0;
  }

  private void write(byte[] b, int len) {
    sha256.update(b, 0, len);
    bytes += len;
    try {
      out.write(b, 0, len);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  /** Lowercase hex SHA-256 of everything written; only after {@link #close()}. */
  String sha256() {
    if (digest == null) {
      throw new IllegalStateException("the file is not closed yet: " + path);
    }
    return digest;
  }

  /** Number of bytes written. */
  long bytes() {
    return bytes + pos;
  }

  @Override
  public void close() {
    if (digest != null) {
      return;
    }
    flushBuffer();
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
    digest = HexFormat.of().formatHex(sha256.digest());
  }
}
