package org.itbs.core.submission;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

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
   * Scans a file.
   *
   * @param in the file's bytes; read to the end, not closed
   * @param targetSplitBytes approximate size of each split
   * @throws NotUtf8Exception when the bytes are not UTF-8
   * @throws UncheckedIOException when reading fails
   */
  public static FileScan scan(InputStream in, long targetSplitBytes) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
    byte[] buf = new byte[1 << 16];
    long offset = 0;
    long line = 1;
    boolean inQuotes = false;
    int utfPending = 0; // continuation bytes still expected
    int utfLead = 0; // lead byte of the sequence being checked (for overlong/surrogate checks)
    int utfIndex = 0;
    boolean headerDone = false;
    long headerEnd = -1;
    long records = 0;
    boolean recordHasContent = false;
    long splitStart = -1;
    long splitLine = -1;
    List<Split> splits = new ArrayList<>();
    try {
      int n;
      while ((n = in.read(buf)) > 0) {
        sha.update(buf, 0, n);
        for (int i = 0; i < n; i++) {
          int b = buf[i] & 0xff;
          if (utfPending > 0) {
            if ((b & 0xc0) != 0x80 || !secondByteOk(utfLead, b, utfIndex)) {
              throw new NotUtf8Exception(line, offset + i);
            }
            utfPending--;
            utfIndex++;
            continue;
          }
          if (b >= 0x80) {
            if (b >= 0xc2 && b <= 0xdf) {
              utfPending = 1;
            } else if (b >= 0xe0 && b <= 0xef) {
              utfPending = 2;
            } else if (b >= 0xf0 && b <= 0xf4) {
              utfPending = 3;
            } else {
              throw new NotUtf8Exception(line, offset + i);
            }
            utfLead = b;
            utfIndex = 0;
            recordHasContent = true;
            continue;
          }
          if (b == '"') {
            inQuotes = !inQuotes;
            recordHasContent = true;
          } else if (b == '\n') {
            line++;
            if (!inQuotes) {
              long next = offset + i + 1;
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
          } else if (b != '\r') {
            recordHasContent = true;
          }
        }
        offset += n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
    return new FileScan(
        HexFormat.of().formatHex(sha.digest()), offset, records, headerEnd, List.copyOf(splits));
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
