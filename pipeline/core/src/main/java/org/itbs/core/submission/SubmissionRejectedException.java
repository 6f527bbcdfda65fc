package org.itbs.core.submission;

import java.util.List;

/**
 * A submission refused as a whole: nothing of it is stored. The message is one sentence per
 * problem, each naming the file and, where there is one, the column.
 */
public final class SubmissionRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * One reason for the refusal.
   *
   * @param file the file at fault, or {@code null} when the submission as a whole is
   * @param column the column at fault, or {@code null}
   * @param message what is wrong and what was expected
   */
  public record Problem(String file, String column, String message) {
    @Override
    public String toString() {
      return (file == null ? "" : file + ": ") + message;
    }
  }

  private final String submission;
  private final List<Problem> problems;

  /** A refusal of {@code submission} (its path as given) for the given problems. */
  public SubmissionRejectedException(String submission, List<Problem> problems) {
    super(message(submission, problems));
    this.submission = submission;
    this.problems = List.copyOf(problems);
  }

  private static String message(String submission, List<Problem> problems) {
    StringBuilder sb =
        new StringBuilder("submission ").append(submission).append(" refused, nothing stored: ");
    for (int i = 0; i < problems.size(); i++) {
      sb.append(i == 0 ? "" : "; ").append(problems.get(i));
    }
    return sb.toString();
  }

  /** The submission as the user named it. */
  public String submission() {
    return submission;
  }

  /** Every reason, in the order found. */
  public List<Problem> problems() {
    return problems;
  }
}
