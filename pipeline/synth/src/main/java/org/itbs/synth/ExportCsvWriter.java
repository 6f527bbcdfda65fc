package org.itbs.synth;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * A fast CSV writer for generated exports: bytes go straight into a 64 KiB buffer, numbers are
 * printed with a fixed number of decimals without {@link String#format} (so neither the default
 * locale nor the formatter's cost get in), fields that need it are quoted per RFC 4180. It counts
 * the lines it has written, so a fault can name the line it lands on (the header is line 1).
 */
final class ExportCsvWriter implements Closeable {
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
  private static final long[] POW10 = {1, 10, 100, 1000, 10000, 100000};

  private final OutputStream out;
  private final byte[] buf = new byte[1 << 16];
  private final boolean crlf;
  private int pos;
  private long linesWritten;
  private boolean rowStarted;
  private long rows;

  private ExportCsvWriter(OutputStream out, boolean crlf) {
    this.out = out;
    this.crlf = crlf;
  }

  /** How a file is encoded on disk. */
  enum Encoding {
    /** UTF-8 without byte-order mark, {@code \n} line ends. */
    PLAIN,
    /** UTF-8 with a byte-order mark, {@code \r\n} line ends (as spreadsheet exports write). */
    BOM_CRLF
  }

  /**
   * Creates the file (replacing nothing: it must not exist) and writes its header.
   *
   * @throws UncheckedIOException when the file cannot be created
   */
  static ExportCsvWriter create(Path file, Encoding encoding, String... header) {
    try {
      OutputStream os = Files.newOutputStream(file, java.nio.file.StandardOpenOption.CREATE_NEW);
      ExportCsvWriter s = new ExportCsvWriter(os, encoding == Encoding.BOM_CRLF);
      if (encoding == Encoding.BOM_CRLF) {
        s.bytes(BOM);
      }
      for (String h : header) {
        s.text(h);
      }
      s.endRow();
      s.rows = 0;
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + file, e);
    }
  }

  /** The 1-based line number the next row will have. */
  long nextLine() {
    return linesWritten + 1;
  }

  /** Data rows written (the header not counted). */
  long rows() {
    return rows;
  }

  private void ensure(int n) {
    if (pos + n > buf.length) {
      flush();
    }
  }

  private void flush() {
    try {
      out.write(buf, 0, pos);
      pos = 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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

  /** Raw bytes, no separator (for a pre-encoded run of fields that includes its own commas). */
  void bytes(byte[] b) {
    if (b.length > buf.length) {
      flush();
      try {
        out.write(b);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return;
    }
    ensure(b.length);
    System.arraycopy(b, 0, buf, pos, b.length);
    pos += b.length;
  }

  /** A text field, quoted when it holds a comma, quote, or line break; {@code null} is empty. */
  void text(String s) {
    separator();
    if (s == null || s.isEmpty()) {
      return;
    }
    boolean quote = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ',' || c == '"' || c == '\n' || c == '\r') {
        quote = true;
        break;
      }
    }
    if (quote) {
      s = "\"" + s.replace("\"", "\"\"") + "\"";
    }
    bytes(s.getBytes(StandardCharsets.UTF_8));
  }

  /** A field of pre-encoded bytes that need no quoting. */
  void field(byte[] b) {
    separator();
    bytes(b);
  }

  /** An empty field. */
  void empty() {
    separator();
  }

  /** A whole number. */
  void integer(long v) {
    separator();
    writeLong(v);
  }

  /**
   * A number given in units of 10^-decimals (so 12345 with 3 decimals prints {@code 12.345});
   * negative zero prints as zero.
   */
  void scaled(long units, int decimals) {
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
  void fixed(double v, int decimals) {
    scaled(round(v, decimals), decimals);
  }

  /** {@code v} in units of 10^-decimals, rounded half away from zero. */
  static long round(double v, int decimals) {
    double s = v * POW10[decimals];
    return s < 0 ? -Math.round(-s) : Math.round(s);
  }

  /** The value a reader parses back from what {@link #fixed} prints. */
  static double printed(double v, int decimals) {
    return round(v, decimals) / (double) POW10[decimals];
  }

  /** An ISO date ({@code yyyy-MM-dd}) given as an epoch day. */
  void date(long epochDay) {
    separator();
    ensure(10);
    writeDate(buf, pos, LocalDate.ofEpochDay(epochDay));
    pos += 10;
  }

  /** The ISO text of an epoch day, as ASCII bytes. */
  static byte[] dateBytes(long epochDay) {
    byte[] b = new byte[10];
    writeDate(b, 0, LocalDate.ofEpochDay(epochDay));
    return b;
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

  /** Ends the current row. */
  void endRow() {
    ensure(2);
    if (crlf) {
      buf[pos++] = '\r';
    }
    buf[pos++] = '\n';
    rowStarted = false;
    linesWritten++;
    rows++;
  }

  @Override
  public void close() {
    try (out) {
      flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
