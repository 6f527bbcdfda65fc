package org.itbs.c3d;

/**
 * The processor a C3D file was written for (byte 4 of the parameter section: 83 + this code), which
 * fixes the byte order of every integer and the format of every float in the file.
 */
public enum ProcessorType {
  /** Intel: little-endian integers, IEEE 754 floats (code 84). */
  INTEL(84, "Intel (little-endian, IEEE floats)"),
  /** DEC: little-endian integers, VAX F-floating floats (code 85). */
  DEC(85, "DEC (little-endian, VAX floats)"),
  /** MIPS / SGI: big-endian integers, IEEE 754 floats (code 86). */
  MIPS(86, "MIPS (big-endian, IEEE floats)");

  private final int code;
  private final String description;

  ProcessorType(int code, String description) {
    this.code = code;
    this.description = description;
  }

  /** The byte the parameter section stores (84, 85 or 86). */
  public int code() {
    return code;
  }

  /** What the processor type means for the bytes, for people. */
  public String description() {
    return description;
  }

  /** The processor type of a parameter-section code, or {@code null} for any other value. */
  static ProcessorType ofCode(int code) {
    for (ProcessorType p : values()) {
      if (p.code == code) {
        return p;
      }
    }
    return null;
  }
}
