package org.itbs.contribute;

import java.util.List;

/**
 * A clinic export that cannot be turned into a submission at all: a required file or column is
 * missing, a column is unknown, a file is not UTF-8 or not CSV. Nothing is written. The message is
 * one sentence per problem, each naming the file and, where there is one, the column.
 */
public final class ExportRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * One reason for the refusal.
   *
   * @param file the file at fault, or {@code null} when the export as a whole is
   * @param column the column at fault, or {@code null}
   * @param message what is wrong and what was expected
   */
  public record Problem(String file, String column, String message) {
    @Override
    public String toString() {
      return (file == null ? "" : file + ": ") + message;
    }
  }

  private final String export;
  private final List<Problem> problems;

  /** A refusal of {@code export} (its path as given) for the given problems. */
  public ExportRejectedException(String export, List<Problem> problems) {
    this(export, problems, null);
  }

  /** A refusal of {@code export} for the given problems, caused by {@code cause}. */
  public ExportRejectedException(String export, List<Problem> problems, Throwable cause) {
    super(message(export, problems), cause);
    this.export = export;
    this.problems = List.copyOf(problems);
  }

  private static String message(String export, List<Problem> problems) {
    StringBuilder sb =
        new StringBuilder("clinic export ").append(export).append(" cannot be contributed: ");
    for (int i = 0; i < problems.size(); i++) {
      sb.append(i == 0 ? "" : "; ").append(problems.get(i));
    }
    return sb.toString();
  }

  /** The export as the user named it. */
  public String export() {
    return export;
  }

  /** Every reason, in the order found. */
  public List<Problem> problems() {
    return problems;
  }
}
