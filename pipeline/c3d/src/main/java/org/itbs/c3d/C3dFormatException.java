package org.itbs.c3d;

/**
 * A C3D file that cannot be read as the specification describes: truncated, corrupt, or with
 * parameters that contradict its data. The message is one line naming the file, where (a byte
 * offset or a section such as {@code POINT:LABELS}) and what was wrong; it never carries a value
 * from the file's identifying parameters.
 */
public final class C3dFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final String where;

  /**
   * @param file the file's name as the caller gave it
   * @param where the byte offset ({@code "byte 512"}) or section ({@code "parameter POINT:SCALE"})
   * @param what what was wrong and what was expected
   */
  C3dFormatException(String file, String where, String what) {
    super(file + ": " + where + ": " + what);
    this.file = file;
    this.where = where;
  }

  /** The file's name as the caller gave it. */
  public String file() {
    return file;
  }

  /** Where in the file: a byte offset or a section. */
  public String where() {
    return where;
  }
}
