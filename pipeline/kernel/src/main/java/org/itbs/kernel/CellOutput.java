package org.itbs.kernel;

/**
 * Where a running cell's output goes as it is produced: the kernel publishes it on Jupyter's IOPub
 * channel, a test records it. Called from the thread that runs the cell's code (one at a time).
 */
interface CellOutput {
  /**
   * Text the cell wrote to {@code System.out} (whole lines, or what was left at the cell's end).
   */
  void stdout(String text);

  /** Text the cell wrote to {@code System.err}. */
  void stderr(String text);

  /** A value the cell passed to {@link Display#display(Object)}, already rendered. */
  void display(MimeBundle bundle);
}
