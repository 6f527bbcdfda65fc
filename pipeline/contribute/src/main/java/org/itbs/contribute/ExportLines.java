package org.itbs.contribute;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads the data records of one cef-1 CSV file so that a broken line costs one row, not the rest of
 * the file. The grammar is that of {@link org.itbs.core.csv.CsvReader} (UTF-8, a leading byte-order
 * mark skipped, comma delimited, RFC 4180 quoting, {@code \n} or {@code \r\n} line ends, blank
 * lines are not records) and gives the same fields for every valid file; the difference is what
 * happens to a line that does not parse as one record.
 *
 * <p>A record starts at the beginning of a line. It may continue onto following lines only through
 * a quoted field of a column that may hold a line break (text and direct-identifier columns, given
 * by the caller). The record's first line is {@linkplain Broken broken}, and reading restarts at
 * the line after it, when:
 *
 * <ul>
 *   <li>{@link Reason#LINE_BREAK}: a quoted field of another column (a number, date or code) runs
 *       past the end of the line, as a stray {@code "4.5} does;
 *   <li>{@link Reason#UNBALANCED_QUOTE}: a quoted field is still open at the end of the file;
 *   <li>{@link Reason#TEXT_AFTER_QUOTE}: a closing quote is followed by something other than a
 *       comma or the end of the line;
 *   <li>{@link Reason#FIELD_TOO_LONG}: a field is longer than the dictionary's {@code
 *       maxFieldChars} ({@code data-schemas/cef-1/identifiers.json});
 *   <li>{@link Reason#FIELD_COUNT}: the record has another number of fields than the header.
 * </ul>
 *
 * <p>At most {@code maxFieldChars} characters are read ahead for a record, so a broken line costs
 * bounded work. Not thread-safe.
 */
final class ExportLines implements Closeable {
  /** Why a line was withheld whole; {@link #id()} is what the manifest and report count under. */
  enum Reason {
    FIELD_COUNT("field_count", "has another number of fields than the header"),
    UNBALANCED_QUOTE("unbalanced_quote", "opens a quoted field that is never closed"),
    LINE_BREAK(
        "line_break",
        "opens a quoted field that runs past the end of the line in a column that cannot hold one"),
    TEXT_AFTER_QUOTE("text_after_quote", "has text after the closing quote of a field"),
    FIELD_TOO_LONG("field_too_long", "has a field longer than the dictionary allows");

    private final String id;
    private final String text;

    Reason(String id, String text) {
      this.id = id;
      this.text = text;
    }

    /** The stable identifier, e.g. {@code field_count}. */
    String id() {
      return id;
    }

    /** What is wrong with the line, as a clause ("has text after ..."). */
    String text() {
      return text;
    }
  }

  /** What one call of {@link #next()} returns: a record or a broken line. */
  sealed interface Item permits Row, Broken {
    /** The line the item starts on (the header is line 1). */
    long line();
  }

  /** One record: its fields as written, starting on {@code line}. */
  record Row(long line, String[] fields) implements Item {}

  /**
   * One line withheld whole.
   *
   * @param line the line's number
   * @param text the line as written, without its line end (for the clinic's own report)
   * @param reason why it does not parse as one record
   */
  record Broken(long line, String text, Reason reason) implements Item {}

  /** The input holds bytes that are not UTF-8. */
  static final class NotUtf8Exception extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotUtf8Exception(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private record Line(long number, String text, String end) {}

  private final BufferedReader in;
  private final Deque<Line> pending = new ArrayDeque<>();
  private final int width;
  private final boolean[] mayBreak;
  private final int maxFieldChars;
  private long lastLine;
  private boolean first = true;

  /**
   * Opens a whole file; the first record (the header, read by the caller with {@link
   * org.itbs.core.csv.CsvReader}) is skipped.
   *
   * @param width the header's number of fields
   * @param mayBreak per header field, whether the column may hold a line break
   * @param maxFieldChars the longest field allowed, in characters
   */
  static ExportLines open(InputStream in, int width, boolean[] mayBreak, int maxFieldChars) {
    ExportLines r = new ExportLines(in, width, mayBreak, maxFieldChars);
    Line l;
    while ((l = r.line()) != null && l.text().isEmpty()) {
      // blank lines before the header
    }
    if (l != null) {
      r.pending.addFirst(l);
      r.parse(false); // the header, already checked by the caller
    }
    return r;
  }

  private ExportLines(InputStream in, int width, boolean[] mayBreak, int maxFieldChars) {
    this.in =
        new BufferedReader(
            new InputStreamReader(
                in,
                StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)),
            1 << 16);
    this.width = width;
    this.mayBreak = mayBreak.clone();
    this.maxFieldChars = maxFieldChars;
  }

  /**
   * The next record or broken line, or {@code null} at the end of the file.
   *
   * @throws NotUtf8Exception when the file holds bytes that are not UTF-8
   * @throws UncheckedIOException when reading fails
   */
  Item next() {
    while (true) {
      Line l = take();
      if (l == null) {
        return null;
      }
      if (l.text().isEmpty()) {
        continue; // a blank line is not a record
      }
      pending.addFirst(l);
      return parse(true);
    }
  }

  /** Parses the record starting at the first pending line; on failure, keeps the lines after it. */
  private Item parse(boolean check) {
    Line start = pending.pollFirst();
    List<Line> used = new ArrayList<>(1);
    used.add(start);
    List<String> fields = new ArrayList<>(width > 0 ? width : 8);
    StringBuilder f = new StringBuilder();
    String s = start.text();
    int i = 0;
    Reason broken = null;
    record:
    while (true) {
      // at the start of a field
      f.setLength(0);
      if (i < s.length() && s.charAt(i) == '"') {
        i++;
        while (true) {
          int q = s.indexOf('"', i);
          if (q < 0) {
            f.append(s, i, s.length());
            if (check && (fields.size() >= width || !mayBreak[fields.size()])) {
              broken = Reason.LINE_BREAK;
              break record;
            }
            if (check && f.length() > maxFieldChars) {
              broken = Reason.FIELD_TOO_LONG;
              break record;
            }
            Line more = take();
            if (more == null) {
              broken = Reason.UNBALANCED_QUOTE;
              break record;
            }
            used.add(more);
            f.append(used.get(used.size() - 2).end());
            s = more.text();
            i = 0;
            continue;
          }
          f.append(s, i, q);
          if (q + 1 < s.length() && s.charAt(q + 1) == '"') {
            f.append('"');
            i = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        if (i < s.length() && s.charAt(i) != ',') {
          broken = Reason.TEXT_AFTER_QUOTE;
          break;
        }
      } else {
        int c = s.indexOf(',', i);
        int end = c < 0 ? s.length() : c;
        f.append(s, i, end);
        i = end;
      }
      if (check && f.length() > maxFieldChars) {
        broken = Reason.FIELD_TOO_LONG;
        break;
      }
      fields.add(f.toString());
      if (i >= s.length()) {
        break;
      }
      i++; // the comma
      if (i == s.length()) {
        fields.add("");
        break;
      }
    }
    if (broken == null && check && fields.size() != width) {
      broken = Reason.FIELD_COUNT;
    }
    if (broken != null) {
      for (int k = used.size() - 1; k >= 1; k--) {
        pending.addFirst(used.get(k));
      }
      return new Broken(start.number(), start.text(), broken);
    }
    return new Row(start.number(), fields.toArray(String[]::new));
  }

  private Line take() {
    Line l = pending.pollFirst();
    return l != null ? l : line();
  }

  /** The next physical line with its line end ({@code \n}, {@code \r\n}, or empty at the end). */
  private Line line() {
    StringBuilder sb = new StringBuilder();
    try {
      int c;
      while ((c = in.read()) >= 0) {
        if (c == '\n') {
          break;
        }
        sb.append((char) c);
      }
      if (c < 0 && sb.length() == 0) {
        return null;
      }
      String end = c < 0 ? "" : "\n";
      if (c >= 0 && sb.length() > 0 && sb.charAt(sb.length() - 1) == '\r') {
        sb.setLength(sb.length() - 1);
        end = "\r\n";
      }
      if (first) {
        first = false;
        if (sb.length() > 0 && sb.charAt(0) == '\uFEFF') {
          sb.deleteCharAt(0);
        }
      }
      return new Line(++lastLine, sb.toString(), end);
    } catch (CharacterCodingException e) {
      throw new NotUtf8Exception("bytes that are not UTF-8 near line " + (lastLine + 1), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
