package org.itbs.core.csv;

import com.univocity.parsers.common.TextParsingException;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Reads a cef-1 CSV file: UTF-8 (a leading byte-order mark is allowed and skipped), comma
 * delimited, RFC 4180 quoting, {@code \n} or {@code \r\n} line ends. Bytes that are not UTF-8 end
 * the read with a {@link NotUtf8Exception}. Blank lines are not records. Each record carries the
 * line it starts on, so a finding can name it.
 */
public final class CsvReader implements Closeable, Iterable<CsvRecord> {
  /** The most fields a record may have; a record with more ends the read. */
  public static final int MAX_COLUMNS = 4096;

  private final CsvParser parser;
  private final long firstLine;
  private String[] header;
  private long nextLine;

  private CsvReader(Reader reader, long firstLine) {
    CsvParserSettings s = new CsvParserSettings();
    s.getFormat().setDelimiter(',');
    s.getFormat().setQuote('"');
    s.getFormat().setQuoteEscape('"');
    s.setNormalizeLineEndingsWithinQuotes(false);
    s.setLineSeparatorDetectionEnabled(true);
    s.setHeaderExtractionEnabled(false);
    s.setIgnoreLeadingWhitespaces(false);
    s.setIgnoreTrailingWhitespaces(false);
    s.setIgnoreLeadingWhitespacesInQuotes(false);
    s.setIgnoreTrailingWhitespacesInQuotes(false);
    s.setNullValue("");
    s.setEmptyValue("");
    s.setSkipEmptyLines(false);
    s.setMaxCharsPerColumn(1 << 20);
    s.setMaxColumns(MAX_COLUMNS);
    s.setCommentProcessingEnabled(false);
    s.setReadInputOnSeparateThread(false);
    this.parser = new CsvParser(s);
    this.firstLine = firstLine;
    this.nextLine = firstLine;
    try {
      parser.beginParsing(reader);
    } catch (TextParsingException e) {
      throw translate(e);
    }
  }

  private RuntimeException translate(TextParsingException e) {
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      if (c instanceof CharacterCodingException) {
        return new NotUtf8Exception("bytes that are not UTF-8 near line " + nextLine, nextLine);
      }
    }
    if (e.getCause() instanceof IOException io) {
      return new UncheckedIOException(io);
    }
    return new MalformedCsvException(
        "cannot parse CSV near line " + nextLine + ": " + e.getMessage(), nextLine);
  }

  /**
   * Opens a whole file: skips a byte-order mark and reads the header.
   *
   * @throws MissingHeaderException when the file has no header row
   * @throws NotUtf8Exception when the header is not UTF-8
   */
  public static CsvReader open(InputStream in) {
    CsvReader r = new CsvReader(utf8(in), 1);
    CsvRecord h = r.next0();
    if (h == null) {
      r.close();
      throw new MissingHeaderException("the file is empty: no header row");
    }
    String[] fields = h.fields();
    if (fields.length > 0 && !fields[0].isEmpty() && fields[0].charAt(0) == '\uFEFF') {
      fields[0] = fields[0].substring(1);
    }
    r.header = fields;
    return r;
  }

  /**
   * Opens part of a file that starts at a record boundary after the header, for a reader that
   * already knows the header (a parallel task reading a byte range).
   *
   * @param firstLine the line number of the first byte of {@code in}
   */
  public static CsvReader openPart(InputStream in, long firstLine) {
    return new CsvReader(utf8(in), firstLine);
  }

  private static Reader utf8(InputStream in) {
    CharsetDecoder d =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    return new InputStreamReader(in, d);
  }

  /** The header fields as written (a byte-order mark removed); {@code null} for a part reader. */
  public String[] header() {
    return header == null ? null : header.clone();
  }

  /**
   * The next record, or {@code null} at the end of the input.
   *
   * @throws NotUtf8Exception when the input holds bytes that are not UTF-8
   * @throws UncheckedIOException when reading fails
   */
  public CsvRecord next() {
    return next0();
  }

  private CsvRecord next0() {
    while (true) {
      String[] row;
      try {
        row = parser.parseNext();
      } catch (TextParsingException e) {
        throw translate(e);
      }
      if (row == null) {
        return null;
      }
      long line = nextLine;
      // A record takes one line plus one per line break inside its quoted fields.
      long inner = 0;
      for (int k = 0; k < row.length; k++) {
        String f = row[k];
        if (f == null) {
          row[k] = "";
          continue;
        }
        for (int i = f.indexOf('\n'); i >= 0; i = f.indexOf('\n', i + 1)) {
          inner++;
        }
      }
      nextLine = line + 1 + inner;
      if (row.length == 0 || (row.length == 1 && onlyCarriageReturns(row[0]))) {
        continue; // a blank line (nothing but a line break) is not a record, as FileScan counts
      }
      return new CsvRecord(line, row);
    }
  }

  /** Whether a field holds nothing but carriage returns (a CRLF blank line in an LF file). */
  private static boolean onlyCarriageReturns(String f) {
    for (int i = 0; i < f.length(); i++) {
      if (f.charAt(i) != '\r') {
        return false;
      }
    }
    return true;
  }

  @Override
  public Iterator<CsvRecord> iterator() {
    return new Iterator<>() {
      private CsvRecord next = next0();

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public CsvRecord next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        CsvRecord r = next;
        next = next0();
        return r;
      }
    };
  }

  @Override
  public void close() {
    parser.stopParsing();
  }

  /** The input holds bytes that are not UTF-8. */
  public static final class NotUtf8Exception extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long line;

    NotUtf8Exception(String message, long line) {
      super(message);
      this.line = line;
    }

    /** The line near which the bad bytes are. */
    public long line() {
      return line;
    }
  }

  /** The file has no header row. */
  public static final class MissingHeaderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MissingHeaderException(String message) {
      super(message);
    }
  }

  /** The file is not parseable as CSV (for example an unterminated quote). */
  public static final class MalformedCsvException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long line;

    MalformedCsvException(String message, long line) {
      super(message);
      this.line = line;
    }

    /** The line near which parsing failed. */
    public long line() {
      return line;
    }
  }
}
