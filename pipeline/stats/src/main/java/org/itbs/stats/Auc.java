package org.itbs.stats;

/**
 * The area under the ROC curve (the C-statistic of a binary outcome) as the Mann–Whitney
 * probability: over every (case, non-case) pair, the share in which the case has the higher score,
 * a tie counting one half. This is what R's {@code mean(outer(pos, neg, ">") + 0.5 * outer(pos,
 * neg, "=="))} computes, and the plan's AUC of P2 when the scores are the fitted risks.
 */
public final class Auc {
  private Auc() {}

  /**
   * The AUC of scores against a 0/1 outcome, in O(n log n): rows are sorted by score once and each
   * group of equal scores is credited with its cases times the non-cases below it, plus half its
   * cases times its own non-cases. Scores are compared exactly, as R's {@code >} and {@code ==}.
   *
   * @param score one finite score per row, higher meaning more likely a case (e.g. fitted risk)
   * @param outcome 1 for a case, 0 for a non-case, per row
   * @return the probability, in [0, 1], that a random case scores above a random non-case
   * @throws IllegalArgumentException when an array is null, the lengths differ, a score is not
   *     finite, an outcome is neither 0 nor 1, or there is no case or no non-case
   */
  public static double of(double[] score, int[] outcome) {
    if (score == null) {
      throw new IllegalArgumentException("scores are null");
    }
    if (outcome == null) {
      throw new IllegalArgumentException("outcomes are null");
    }
    if (score.length != outcome.length) {
      throw new IllegalArgumentException(
          "outcome has " + outcome.length + " values for " + score.length + " scores");
    }
    long cases = 0;
    for (int i = 0; i < score.length; i++) {
      if (!Double.isFinite(score[i])) {
        throw new IllegalArgumentException("score row " + i + " is " + score[i]);
      }
      if (outcome[i] != 0 && outcome[i] != 1) {
        throw new IllegalArgumentException(
            "outcome row " + i + " is " + outcome[i] + "; a case is 1 and a non-case 0");
      }
      cases += outcome[i];
    }
    long controls = score.length - cases;
    if (cases == 0 || controls == 0) {
      throw new IllegalArgumentException(
          "the AUC needs cases and non-cases; got "
              + cases
              + " cases and "
              + controls
              + " non-cases");
    }
    double[] key = score; // IndexSort and == both take -0.0 and 0.0 as equal, as R does
    int[] order = IndexSort.descending(key);
    // walk from the lowest score up; twice the credit keeps the half-pairs in integers
    long twiceCredit = 0;
    long controlsBelow = 0;
    int end = order.length;
    while (end > 0) {
      double s = key[order[end - 1]];
      int start = end - 1;
      while (start > 0 && key[order[start - 1]] == s) {
        start--;
      }
      long groupCases = 0;
      for (int k = start; k < end; k++) {
        groupCases += outcome[order[k]];
      }
      long groupControls = (end - start) - groupCases;
      twiceCredit += 2 * groupCases * controlsBelow + groupCases * groupControls;
      controlsBelow += groupControls;
      end = start;
    }
    return twiceCredit / (2.0 * cases * controls);
  }
}
