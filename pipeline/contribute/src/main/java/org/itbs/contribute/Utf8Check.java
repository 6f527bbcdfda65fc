package org.itbs.contribute;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Finds where a file stops being UTF-8, so a refusal can name the exact line. */
final class Utf8Check {
  private Utf8Check() {}

  /**
   * The 1-based line holding the first byte sequence that is not UTF-8, or -1 when every byte is
   * UTF-8. Reads {@code in} to that point; does not close it.
   */
  static long firstBadLine(InputStream in) throws IOException {
    CharsetDecoder d =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
    CharBuffer chars = CharBuffer.allocate(1 << 16);
    long line = 1;
    boolean end = false;
    while (true) {
      int n = end ? -1 : in.read(bytes.array(), bytes.position(), bytes.remaining());
      if (n < 0) {
        end = true;
      } else {
        bytes.position(bytes.position() + n);
      }
      bytes.flip();
      CoderResult r = d.decode(bytes, chars, end);
      chars.flip();
      while (chars.hasRemaining()) {
        if (chars.get() == '\n') {
          line++;
        }
      }
      chars.clear();
      if (r.isError()) {
        return line;
      }
      bytes.compact();
      if (end && !r.isOverflow()) {
        return -1;
      }
    }
  }
}
