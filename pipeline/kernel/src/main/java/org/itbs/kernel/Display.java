package org.itbs.kernel;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The {@code display(Object)} helper of notebook cells: shows an intermediate value in the output
 * of the running cell, rendered like the value of a cell's last expression (a Tablesaw table as
 * HTML, an SVG string as an image, anything else as text). The kernel imports it statically at
 * start, so a cell simply calls {@code display(table);}.
 */
public final class Display {
  private static final AtomicReference<Consumer<Object>> TARGET = new AtomicReference<>();

  private Display() {}

  /**
   * Shows {@code value} in the output of the running cell, below what the cell printed so far.
   *
   * @param value any value, {@code null} included (shown as {@code null})
   * @throws IllegalStateException when no cell of an ITBS kernel is running in this JVM
   */
  public static void display(Object value) {
    Consumer<Object> target = TARGET.get();
    if (target == null) {
      throw new IllegalStateException(
          "display() shows values only while a cell of the ITBS Java kernel runs; none is running");
    }
    target.accept(value);
  }

  /** Sends {@link #display} calls to {@code target} until {@link #detach} is called. */
  static void attach(Consumer<Object> target) {
    TARGET.set(target);
  }

  /** Ends the effect of {@link #attach}: {@link #display} throws again. */
  static void detach() {
    TARGET.set(null);
  }
}
