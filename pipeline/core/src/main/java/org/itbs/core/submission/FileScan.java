package org.itbs.core.submission;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.itbs.core.csv.CsvReader;

/**
 * One pass over the bytes of a CSV file that the central side must read in full anyway: its
 * SHA-256, a check that every byte sequence is UTF-8 (naming the line where one is not), the number
 * of data records (RFC 4180: line breaks inside quotes do not end a record; blank lines are not
 * records), and byte ranges that start on record boundaries so that parallel tasks can parse the
 * file and still know the line of every record.
 *
 * @param sha256 lowercase hex SHA-256 of the file bytes
 * @param bytes file length
 * @param records data records after the header
 * @param headerEnd byte offset just after the header record
 * @param splits byte ranges covering every data record, in file order
 */
public record FileScan(String sha256, long bytes, long records, long headerEnd, List<Split> splits)
    implements Serializable {

  private static final int BUFFER_BYTES = 1 << 18;

  /**
   * A byte range of a file that starts and ends on record boundaries.
   *
   * @param start first byte
   * @param end one past the last byte
   * @param firstLine 1-based line number of the first byte
   */
  public record Split(long start, long end, long firstLine) implements Serializable {}

  /** The file is not UTF-8. */
  public static final class NotUtf8Exception extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long line;

    NotUtf8Exception(long line, long offset) {
      super("byte sequence that is not UTF-8 on line " + line + " (byte offset " + offset + ")");
      this.line = line;
    }

    /** The 1-based line holding the bad bytes. */
    public long line() {
      return line;
    }
  }

  /**
   * The file breaks a limit (a line or a field too long) or holds a NUL byte; the message names the
   * line and the limit, never the bytes.
   */
  public static final class RefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long line;

    RefusedException(String message, long line) {
      super(message);
      this.line = line;
    }

    /** The 1-based line at fault. */
    public long line() {
      return line;
    }
  }

  /**
   * Limits a scan holds a file to.
   *
   * @param maxLineBytes the longest line, in bytes (line break excluded)
   * @param maxFieldChars the longest field, in characters (Unicode code points; the quotes around a
   *     quoted field are not counted)
   * @param maxLineSetting how to change the line limit, for messages
   */
  public record Limits(long maxLineBytes, long maxFieldChars, String maxLineSetting)
      implements Serializable {
    /** No limit. */
    public static final Limits NONE = new Limits(Long.MAX_VALUE, Long.MAX_VALUE, "");
  }

  /**
   * Scans a stream on the calling thread, checksum included.
   *
   * @param in the file's bytes; read to the end, not closed
   * @param targetSplitBytes approximate size of each split
   * @throws NotUtf8Exception when the bytes are not UTF-8
   * @throws UncheckedIOException when reading fails
   */
  public static FileScan scan(InputStream in, long targetSplitBytes) {
    return scan(in, targetSplitBytes, Limits.NONE);
  }

  /**
   * Scans a stream as {@link #scan(InputStream, long)}, holding it to {@code limits}.
   *
   * @throws RefusedException when a line or a field is too long, or a NUL byte is found
   */
  public static FileScan scan(InputStream in, long targetSplitBytes, Limits limits) {
    MessageDigest sha = newSha256();
    Scanner s = new Scanner(targetSplitBytes, limits);
    byte[] buf = new byte[BUFFER_BYTES];
    try {
      int n;
      while ((n = in.read(buf)) > 0) {
        sha.update(buf, 0, n);
        s.feed(buf, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return s.finish(HexFormat.of().formatHex(sha.digest()));
  }

  /**
   * Scans a file with two threads: the SHA-256 is computed on a second thread that reads the file
   * on its own while the calling thread checks UTF-8 and finds records and splits. The result is
   * the same as {@link #scan(InputStream, long)} on the file's bytes.
   *
   * @param file the file
   * @param targetSplitBytes approximate size of each split
   * @throws NotUtf8Exception when the bytes are not UTF-8 (the checksum thread is then stopped)
   * @throws UncheckedIOException when reading fails
   */
  public static FileScan scan(Path file, long targetSplitBytes) {
    return scan(file, targetSplitBytes, Limits.NONE);
  }

  /**
   * Scans a file as {@link #scan(Path, long)}, holding it to {@code limits}: reading stops at the
   * first line or field over its limit.
   *
   * @throws RefusedException when a line or a field is too long, or a NUL byte is found
   */
  public static FileScan scan(Path file, long targetSplitBytes, Limits limits) {
    FutureTask<String> digest = new FutureTask<>(() -> sha256Of(file));
    Thread t = new Thread(digest, "itbs-sha256-" + file.getFileName());
    t.setDaemon(true);
    t.start();
    Scanner s = new Scanner(targetSplitBytes, limits);
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[BUFFER_BYTES];
      int n;
      while ((n = in.read(buf)) > 0) {
        s.feed(buf, n);
      }
    } catch (IOException e) {
      digest.cancel(true);
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (RuntimeException e) {
      digest.cancel(true);
      throw e;
    }
    try {
      return s.finish(digest.get());
    } catch (InterruptedException e) {
      digest.cancel(true);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while computing the SHA-256 of " + file, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw new UncheckedIOException("cannot read " + file, io);
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("cannot compute the SHA-256 of " + file, e.getCause());
    }
  }

  private static String sha256Of(Path file) throws IOException {
    MessageDigest sha = newSha256();
    byte[] buf = new byte[BUFFER_BYTES];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedIOException("SHA-256 of " + file + " cancelled");
        }
        sha.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The incremental state of a scan: fed buffer by buffer, in file order. */
  private static final class Scanner {
    // Byte classes: ordinary ASCII content, the quote, line feed, carriage return, UTF-8 lead
    // bytes of 2, 3 and 4 byte sequences, and bytes that cannot start a sequence.
    private static final byte ORDINARY = 0;
    private static final byte QUOTE = 1;
    private static final byte LF = 2;
    private static final byte CR = 3;
    private static final byte LEAD2 = 4;
    private static final byte LEAD3 = 5;
    private static final byte LEAD4 = 6;
    private static final byte BAD = 7;
    private static final byte COMMA = 8;
    private static final byte NUL = 9;
    private static final byte[] CLASS = new byte[256];

    static {
      for (int b = 0; b < 256; b++) {
        byte c;
        if (b < 0x80) {
          c =
              b == '"'
                  ? QUOTE
                  : b == '\n' ? LF : b == '\r' ? CR : b == ',' ? COMMA : b == 0 ? NUL : ORDINARY;
        } else if (b >= 0xc2 && b <= 0xdf) {
          c = LEAD2;
        } else if (b >= 0xe0 && b <= 0xef) {
          c = LEAD3;
        } else if (b >= 0xf0 && b <= 0xf4) {
          c = LEAD4;
        } else {
          c = BAD;
        }
        CLASS[b] = c;
      }
    }

    private final long targetSplitBytes;
    private final Limits limits;
    private long lineBytes;
    private long fieldChars;
    private long fields = 1;
    private long offset;
    private long line = 1;
    private boolean inQuotes;
    private int utfPending; // continuation bytes still expected
    private int utfLead; // lead byte of the sequence being checked (for overlong/surrogate checks)
    private int utfIndex;
    private boolean headerDone;
    private long headerEnd = -1;
    private long records;
    private boolean recordHasContent;
    private long splitStart = -1;
    private long splitLine = -1;
    private final List<Split> splits = new ArrayList<>();

    Scanner(long targetSplitBytes, Limits limits) {
      this.targetSplitBytes = targetSplitBytes;
      this.limits = limits;
    }

    private void checkLimits() {
      if (lineBytes > limits.maxLineBytes()) {
        throw new RefusedException(
            "line "
                + line
                + " is longer than "
                + limits.maxLineBytes()
                + " bytes, over the limit "
                + limits.maxLineSetting(),
            line);
      }
      if (fieldChars > limits.maxFieldChars()) {
        throw new RefusedException(
            "line "
                + line
                + " has a field longer than "
                + limits.maxFieldChars()
                + " characters, over the dictionary's maxFieldChars (identifiers.json)",
            line);
      }
    }

    void feed(byte[] buf, int n) {
      int i = 0;
      while (i < n) {
        int b = buf[i] & 0xff;
        if (utfPending > 0) {
          if ((b & 0xc0) != 0x80 || !secondByteOk(utfLead, b, utfIndex)) {
            throw new NotUtf8Exception(line, offset + i);
          }
          utfPending--;
          utfIndex++;
          i++;
          lineBytes++;
          continue;
        }
        switch (CLASS[b]) {
          case ORDINARY -> {
            recordHasContent = true;
            int from = i;
            i++;
            while (i < n && CLASS[buf[i] & 0xff] == ORDINARY) {
              i++;
            }
            lineBytes += i - from;
            fieldChars += i - from;
            checkLimits();
          }
          case COMMA -> {
            recordHasContent = true;
            i++;
            lineBytes++;
            if (inQuotes) {
              fieldChars++;
            } else {
              fieldChars = 0;
              if (++fields > CsvReader.MAX_COLUMNS) {
                throw new RefusedException(
                    "line " + line + " has more than " + CsvReader.MAX_COLUMNS + " fields", line);
              }
            }
            checkLimits();
          }
          case QUOTE -> {
            inQuotes = !inQuotes;
            recordHasContent = true;
            i++;
            lineBytes++;
            checkLimits();
          }
          case LF -> {
            line++;
            i++;
            lineBytes = 0;
            if (!inQuotes) {
              fieldChars = 0;
              endOfRecord(offset + i);
            } else {
              fieldChars++;
              checkLimits();
            }
          }
          case CR -> i++;
          case NUL ->
              throw new RefusedException(
                  "line " + line + " holds a NUL byte (binary data, not CSV text)", line);
          case LEAD2, LEAD3, LEAD4 -> {
            utfPending = CLASS[b] - LEAD2 + 1;
            utfLead = b;
            utfIndex = 0;
            recordHasContent = true;
            i++;
            lineBytes++;
            fieldChars++;
            checkLimits();
          }
          default -> throw new NotUtf8Exception(line, offset + i);
        }
      }
      offset += n;
    }

    /** A line feed outside quotes ends a record; {@code next} is the offset after it. */
    private void endOfRecord(long next) {
      fields = 1;
      if (!headerDone) {
        if (recordHasContent) {
          headerDone = true;
          headerEnd = next;
          splitStart = next;
          splitLine = line;
        }
      } else {
        if (recordHasContent) {
          records++;
        }
        if (next - splitStart >= targetSplitBytes) {
          splits.add(new Split(splitStart, next, splitLine));
          splitStart = next;
          splitLine = line;
        }
      }
      recordHasContent = false;
    }

    FileScan finish(String sha256) {
      if (utfPending > 0) {
        throw new NotUtf8Exception(line, offset);
      }
      if (!headerDone && recordHasContent) {
        headerDone = true;
        headerEnd = offset;
        splitStart = offset;
        splitLine = line + 1;
      } else if (headerDone && recordHasContent) {
        records++; // last record without a final line break
      }
      if (headerDone && offset > splitStart) {
        splits.add(new Split(splitStart, offset, splitLine));
      }
      return new FileScan(sha256, offset, records, headerEnd, List.copyOf(splits));
    }
  }

  /** Rejects overlong encodings, surrogates and code points above U+10FFFF (RFC 3629). */
  private static boolean secondByteOk(int lead, int b, int index) {
    if (index != 0) {
      return true;
    }
    return switch (lead) {
      case 0xe0 -> b >= 0xa0;
      case 0xed -> b <= 0x9f;
      case 0xf0 -> b >= 0x90;
      case 0xf4 -> b <= 0x8f;
      default -> true;
    };
  }
}
