package org.itbs.kernel;

import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicReference;
import jdk.jshell.execution.DirectExecutionControl;

/**
 * JShell's in-process ("local") execution engine, keeping the object each snippet returned so the
 * kernel can render the object rather than its {@code toString}. Like {@code
 * LocalExecutionControl}, each snippet runs on a thread of its own, which {@link #stop()}
 * interrupts; snippet classes are loaded by a class loader whose parent is the system class loader,
 * so cells share the kernel's classes (the pipeline, Tablesaw, {@link Display}).
 */
final class CellExecutionControl extends DirectExecutionControl {
  private final AtomicReference<Thread> running = new AtomicReference<>();
  private volatile boolean stopping;
  private volatile Object lastValue;

  @Override
  protected String invoke(Method doitMethod) throws Exception {
    Object[] value = new Object[1];
    Throwable[] failure = new Throwable[1];
    Thread worker =
        new Thread(
            () -> {
              try {
                value[0] = doitMethod.invoke(null);
              } catch (Throwable t) { // reported through JShell as the snippet's exception
                failure[0] = t;
              }
            },
            "itbs-cell");
    running.set(worker);
    if (stopping) { // stop() came before this snippet's thread was known
      worker.interrupt();
    }
    try {
      worker.start();
      worker.join();
    } finally {
      running.set(null);
    }
    if (failure[0] instanceof Exception e) {
      throw e;
    }
    if (failure[0] instanceof Error e) {
      throw e;
    }
    lastValue = value[0];
    return valueString(value[0]);
  }

  /**
   * Returns the object the last snippet run returned (its expression's value; {@code null} for a
   * statement), and forgets it so that it can be collected.
   */
  Object takeLastValue() {
    Object value = lastValue;
    lastValue = null;
    return value;
  }

  /** Forgets an earlier {@link #stop()}: called when a cell starts. */
  void clearStop() {
    stopping = false;
  }

  /** Whether {@link #stop()} was called since {@link #clearStop()}: the cell must not go on. */
  boolean stopping() {
    return stopping;
  }

  /**
   * Interrupts the running snippet, if any, and marks the cell as stopping: code that waits, sleeps
   * or checks {@link Thread#interrupted()} stops with an exception; a busy loop that never checks
   * runs on.
   */
  @Override
  public void stop() {
    stopping = true;
    Thread worker = running.get();
    if (worker != null) {
      worker.interrupt();
    }
  }
}
