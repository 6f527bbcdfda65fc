package org.itbs.c3d;

import java.nio.charset.StandardCharsets;

/**
 * The bytes of one C3D file, read in the byte order and float format of its processor type. Every
 * read is bounded: a read past the end throws {@link C3dFormatException} naming the offset and the
 * section being read, never an index exception.
 */
final class Bytes {
  private final byte[] b;
  private final String file;
  private ProcessorType processor = ProcessorType.INTEL;

  Bytes(byte[] b, String file) {
    this.b = b;
    this.file = file;
  }

  int length() {
    return b.length;
  }

  String file() {
    return file;
  }

  void processor(ProcessorType p) {
    processor = p;
  }

  ProcessorType processor() {
    return processor;
  }

  C3dFormatException error(long offset, String section, String what) {
    return new C3dFormatException(file, "byte " + offset + " (" + section + ")", what);
  }

  /** Checks that {@code n} bytes from {@code offset} are in the file. */
  void need(long offset, long n, String section) {
    if (offset < 0 || n < 0 || offset + n > b.length) {
      throw error(
          offset,
          section,
          "the file ends at byte " + b.length + " but " + n + " bytes are needed from here");
    }
  }

  int u8(int off, String section) {
    need(off, 1, section);
    return b[off] & 0xff;
  }

  int s8(int off, String section) {
    need(off, 1, section);
    return b[off];
  }

  int u16(int off, String section) {
    need(off, 2, section);
    return u16(off);
  }

  int s16(int off, String section) {
    return (short) u16(off, section);
  }

  float f32(int off, String section) {
    need(off, 4, section);
    return f32(off);
  }

  /** A Latin-1 string of {@code n} bytes, trailing blanks and NULs removed. */
  String ascii(int off, int n, String section) {
    need(off, n, section);
    return trimmed(b, off, n);
  }

  static String trimmed(byte[] b, int off, int n) {
    int end = off + n;
    while (end > off && (b[end - 1] == ' ' || b[end - 1] == 0)) {
      end--;
    }
    return new String(b, off, end - off, StandardCharsets.ISO_8859_1);
  }

  byte[] copy(int off, int n, String section) {
    need(off, n, section);
    byte[] out = new byte[n];
    System.arraycopy(b, off, out, 0, n);
    return out;
  }

  // Unchecked reads: callers check the whole range once with need().

  int u16(int off) {
    if (processor == ProcessorType.MIPS) {
      return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }
    return (b[off] & 0xff) | ((b[off + 1] & 0xff) << 8);
  }

  short s16(int off) {
    return (short) u16(off);
  }

  float f32(int off) {
    switch (processor) {
      case MIPS:
        return Float.intBitsToFloat(
            ((b[off] & 0xff) << 24)
                | ((b[off + 1] & 0xff) << 16)
                | ((b[off + 2] & 0xff) << 8)
                | (b[off + 3] & 0xff));
      case DEC:
        return decFloat(b[off], b[off + 1], b[off + 2], b[off + 3]);
      default:
        return Float.intBitsToFloat(
            (b[off] & 0xff)
                | ((b[off + 1] & 0xff) << 8)
                | ((b[off + 2] & 0xff) << 16)
                | ((b[off + 3] & 0xff) << 24));
    }
  }

  /**
   * A VAX F-floating number from its four bytes as stored: the first 16-bit word (little-endian)
   * holds the sign, the 8-bit exponent (excess 128) and the high 7 bits of the fraction, the second
   * the low 16 bits; the value is 0.1f × 2^(e − 128) with a hidden leading 1. Exponent 0 is zero (a
   * set sign bit there, VAX's reserved operand, is read as NaN).
   */
  static float decFloat(byte b0, byte b1, byte b2, byte b3) {
    int hi = (b0 & 0xff) | ((b1 & 0xff) << 8);
    int lo = (b2 & 0xff) | ((b3 & 0xff) << 8);
    int bits = (hi << 16) | lo;
    int exponent = (bits >>> 23) & 0xff;
    boolean negative = (bits & 0x80000000) != 0;
    if (exponent == 0) {
      return negative ? Float.NaN : 0f;
    }
    int mantissa = (bits & 0x7fffff) | 0x800000;
    float v = Math.scalb((float) mantissa, exponent - 128 - 24);
    return negative ? -v : v;
  }
}
