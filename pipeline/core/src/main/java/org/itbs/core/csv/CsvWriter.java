package org.itbs.core.csv;

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
import java.time.LocalDate;
import java.util.HexFormat;

/**
 * The project's CSV writer: writes a new file (never replacing one) field by field, a field quoted
 * (RFC 4180, inner quotes doubled) only when it holds a comma, a quote or a line break. Submissions
 * are written {@link Encoding#PLAIN} (UTF-8 without byte-order mark, {@code \n} line ends); the
 * synthetic generator also writes what spreadsheet exports look like ({@link Encoding#BOM_CRLF}).
 *
 * <p>Bytes go straight into a 64 KiB buffer: plain ASCII text (nearly every field of an export) in
 * one pass that also checks for characters that need quotes, anything else through {@link
 * String#getBytes}; numbers are printed with a fixed number of decimals without {@link
 * String#format}, so neither the default locale nor the formatter's cost get in. The writer counts
 * its lines, so a caller can name the line a row lands on (the header is line 1), and, when made
 * with {@link #createDigested}, the SHA-256 and length of the bytes as they are written.
 *
 * <p>Not thread-safe. I/O failures are thrown as {@link UncheckedIOException} naming the file.
 */
public final class CsvWriter implements Closeable {
  private static final int BUFFER = 1 << 16;
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
  private static final long[] POW10 = {1, 10, 100, 1000, 10000, 100000};

  /** How a file is encoded on disk. */
  public enum Encoding {
    /** UTF-8 without byte-order mark, {@code \n} line ends. */
    PLAIN,
    /** UTF-8 with a byte-order mark, {@code \r\n} line ends (as spreadsheet exports write). */
    BOM_CRLF
  }

  private final Path path;
  private final OutputStream out;
  private final MessageDigest sha256;
  private final boolean crlf;
  private final byte[] buf = new byte[BUFFER];
  private int pos;
  private long flushed;
  private long linesWritten;
  private long rows;
  private boolean rowStarted;
  private boolean closed;
  private String digest;

  private CsvWriter(Path path, Encoding encoding, MessageDigest sha256) {
    this.path = path;
    this.sha256 = sha256;
    this.crlf = encoding == Encoding.BOM_CRLF;
    try {
      out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + path, e);
    }
    if (encoding == Encoding.BOM_CRLF) {
      bytes(BOM);
    }
  }

  /**
   * Creates {@code file}, which must not exist, and writes {@code header} as its first line
   * (nothing when the header is empty).
   *
   * @throws UncheckedIOException when the file cannot be created
   */
  public static CsvWriter create(Path file, Encoding encoding, String... header) {
    CsvWriter w = new CsvWriter(file, encoding, null);
    w.header(header);
    return w;
  }

  /**
   * Like {@link #create} with {@link Encoding#PLAIN}, and also computes the SHA-256 of the bytes
   * written ({@link #sha256()}, after {@link #close()}).
   *
   * @throws UncheckedIOException when the file cannot be created
   */
  public static CsvWriter createDigested(Path file, String... header) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
    CsvWriter w = new CsvWriter(file, Encoding.PLAIN, sha);
    w.header(header);
    return w;
  }

  private void header(String[] header) {
    if (header.length > 0) {
      for (String h : header) {
        text(h);
      }
      endRow();
      rows = 0;
    }
  }

  /** The 1-based line number the next row will have. */
  public long nextLine() {
    return linesWritten + 1;
  }

  /** Data rows written (the header not counted). */
  public long rows() {
    return rows;
  }

  /** Number of bytes written so far, byte-order mark included. */
  public long byteCount() {
    return flushed + pos;
  }

  /**
   * Lowercase hex SHA-256 of everything written.
   *
   * @throws IllegalStateException before {@link #close()}, or when made without a digest
   */
  public String sha256() {
    if (sha256 == null) {
      throw new IllegalStateException("no digest was asked for " + path);
    }
    if (digest == null) {
      throw new IllegalStateException("the file is not closed yet: " + path);
    }
    return digest;
  }

  /** Writes one record of the first {@code n} values as text fields and ends the row. */
  public void row(String[] values, int n) {
    for (int i = 0; i < n; i++) {
      text(values[i]);
    }
    endRow();
  }

  /** A text field, quoted when it holds a comma, quote, or line break; {@code null} is empty. */
  public void text(String s) {
    separator();
    if (s == null || s.isEmpty()) {
      return;
    }
    int n = s.length();
    if (n <= BUFFER / 4) {
      ensure(n);
      int start = pos;
      boolean plain = true;
      for (int i = 0; i < n && plain; i++) {
        char c = s.charAt(i);
        if (c >= 0x80 || c == ',' || c == '"' || c == '\n' || c == '\r') {
          plain = false;
        } else {
          buf[pos++] = (byte) c;
        }
      }
      if (plain) {
        return;
      }
      pos = start;
    }
    boolean quote = false;
    for (int i = 0; i < n && !quote; i++) {
      char c = s.charAt(i);
      quote = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    String text = quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
    bytes(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A field of pre-encoded bytes that need no quoting. */
  public void field(byte[] b) {
    separator();
    bytes(b);
  }

  /** An empty field. */
  public void empty() {
    separator();
  }

  /** A whole number. */
  public void integer(long v) {
    separator();
    writeLong(v);
  }

  /**
   * A number given in units of 10^-decimals (so 12345 with 3 decimals prints {@code 12.345});
   * negative zero prints as zero.
   *
   * @param decimals 0 to 5
   */
  public void scaled(long units, int decimals) {
    separator();
    ensure(24);
    if (units < 0) {
      buf[pos++] = '-';
      units = -units;
    }
    long p = POW10[decimals];
    writeLong(units / p);
    if (decimals > 0) {
      buf[pos++] = '.';
      long frac = units % p;
      for (int d = decimals - 1; d >= 0; d--) {
        long q = POW10[d];
        buf[pos++] = (byte) ('0' + (frac / q));
        frac %= q;
      }
    }
  }

  /** A number rounded half away from zero to the given decimals (at most 5). */
  public void fixed(double v, int decimals) {
    scaled(round(v, decimals), decimals);
  }

  /** {@code v} in units of 10^-decimals, rounded half away from zero. */
  public static long round(double v, int decimals) {
    double s = v * POW10[decimals];
    return s < 0 ? -Math.round(-s) : Math.round(s);
  }

  /** The value a reader parses back from what {@link #fixed} prints. */
  public static double printed(double v, int decimals) {
    return round(v, decimals) / (double) POW10[decimals];
  }

  /** An ISO date ({@code yyyy-MM-dd}) given as an epoch day. */
  public void date(long epochDay) {
    separator();
    ensure(10);
    writeDate(buf, pos, LocalDate.ofEpochDay(epochDay));
    pos += 10;
  }

  /**
   * The ISO text of an epoch day, as ASCII bytes.
   *
   * @throws IllegalArgumentException for a year outside 0–9999
   */
  public static byte[] dateBytes(long epochDay) {
    byte[] b = new byte[10];
    writeDate(b, 0, LocalDate.ofEpochDay(epochDay));
    return b;
  }

  /** Raw bytes, no separator (for a pre-encoded run of fields that includes its own commas). */
  public void bytes(byte[] b) {
    if (b.length > BUFFER - pos) {
      flush();
    }
    if (b.length > BUFFER) {
      write(b, b.length);
      return;
    }
    System.arraycopy(b, 0, buf, pos, b.length);
    pos += b.length;
  }

  /** Ends the current row. */
  public void endRow() {
    ensure(2);
    if (crlf) {
      buf[pos++] = '\r';
    }
    buf[pos++] = '\n';
    rowStarted = false;
    linesWritten++;
    rows++;
  }

  /** Flushes and closes the file; closing twice does nothing. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try (out) {
      flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
    if (sha256 != null) {
      digest = HexFormat.of().formatHex(sha256.digest());
    }
  }

  private void separator() {
    if (rowStarted) {
      ensure(1);
      buf[pos++] = ',';
    } else {
      rowStarted = true;
    }
  }

  private void ensure(int n) {
    if (pos + n > BUFFER) {
      flush();
    }
  }

  private void flush() {
    write(buf, pos);
    pos = 0;
  }

  private void write(byte[] b, int len) {
    if (len == 0) {
      return;
    }
    if (sha256 != null) {
      sha256.update(b, 0, len);
    }
    flushed += len;
    try {
      out.write(b, 0, len);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  private static void writeDate(byte[] b, int at, LocalDate d) {
    int y = d.getYear();
    if (y < 0 || y > 9999) {
      throw new IllegalArgumentException("year out of range: " + d);
    }
    b[at] = (byte) ('0' + y / 1000);
    b[at + 1] = (byte) ('0' + (y / 100) % 10);
    b[at + 2] = (byte) ('0' + (y / 10) % 10);
    b[at + 3] = (byte) ('0' + y % 10);
    b[at + 4] = '-';
    int m = d.getMonthValue();
    b[at + 5] = (byte) ('0' + m / 10);
    b[at + 6] = (byte) ('0' + m % 10);
    b[at + 7] = '-';
    int dd = d.getDayOfMonth();
    b[at + 8] = (byte) ('0' + dd / 10);
    b[at + 9] = (byte) ('0' + dd % 10);
  }

  private void writeLong(long v) {
    ensure(21);
    if (v < 0) {
      buf[pos++] = '-';
      v = -v;
    }
    if (v < 10) {
      buf[pos++] = (byte) ('0' + v);
      return;
    }
    int start = pos;
    while (v > 0) {
      buf[pos++] = (byte) ('0' + (v % 10));
      v /= 10;
    }
    for (int i = start, j = pos - 1; i < j; i++, j--) {
      byte t = buf[i];
      buf[i] = buf[j];
      buf[j] = t;
    }
  }
}
