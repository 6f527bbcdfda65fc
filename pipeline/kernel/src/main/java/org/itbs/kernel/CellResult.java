package org.itbs.kernel;

import java.util.Objects;
import java.util.Optional;

/**
 * What evaluating one cell produced beside its streamed output: the rendered value of its last
 * expression, or the error that stopped it. Never both.
 */
final class CellResult {
  private static final CellResult NOTHING = new CellResult(null, null);

  private final MimeBundle value;
  private final CellError error;

  private CellResult(MimeBundle value, CellError error) {
    this.value = value;
    this.error = error;
  }

  /**
   * A cell that ran to its end without an expression to show (its last snippet was a statement).
   */
  static CellResult nothingToShow() {
    return NOTHING;
  }

  /** A cell that ran to its end and whose last snippet was an expression. */
  static CellResult showing(MimeBundle value) {
    return new CellResult(Objects.requireNonNull(value, "value"), null);
  }

  /** A cell stopped by a compile error, an exception or incomplete source. */
  static CellResult failed(CellError error) {
    return new CellResult(null, Objects.requireNonNull(error, "error"));
  }

  /**
   * The rendered value of the cell's last expression; empty when it failed or ended in a statement.
   */
  Optional<MimeBundle> value() {
    return Optional.ofNullable(value);
  }

  /** Why the cell failed; empty when it ran to its end. */
  Optional<CellError> error() {
    return Optional.ofNullable(error);
  }

  @Override
  public String toString() {
    return error != null ? "failed: " + error : "ok: " + value;
  }
}
