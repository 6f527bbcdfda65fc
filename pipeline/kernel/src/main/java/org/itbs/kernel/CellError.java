package org.itbs.kernel;

import java.util.List;
import java.util.Objects;

/**
 * Why a cell failed, in the shape of a Jupyter {@code error} message.
 *
 * @param name what failed: the exception's class name (such as {@code
 *     java.lang.ArithmeticException}) for a runtime exception, {@code CompilationError} when a
 *     snippet does not compile, {@code IncompleteSource} when the cell stops inside a statement,
 *     {@code Interrupted} when it was stopped between two statements
 * @param message the exception's message, or the first compiler diagnostic; may be empty
 * @param traceback the lines to show, each without a line break: diagnostics with the failing
 *     source line, or the exception with the stack frames of the cells ({@code In [3], line 2})
 */
record CellError(String name, String message, List<String> traceback) {
  static final String COMPILATION_ERROR = "CompilationError";
  static final String INCOMPLETE_SOURCE = "IncompleteSource";
  static final String INTERRUPTED = "Interrupted";

  CellError {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(message, "message");
    traceback = List.copyOf(traceback);
  }
}
