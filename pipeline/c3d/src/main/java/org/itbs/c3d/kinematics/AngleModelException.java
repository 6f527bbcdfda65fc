package org.itbs.c3d.kinematics;

/**
 * Angles cannot be computed from a pair of C3D files as asked: a marker the marker set needs is not
 * in a file, a mapping names a model output the file lacks, a marker-set or mapping file is
 * malformed. The message is one line naming the file and what is missing or wrong.
 */
public final class AngleModelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message one line: the file, what was missing or wrong and what was expected
   */
  public AngleModelException(String message) {
    super(message);
  }
}
