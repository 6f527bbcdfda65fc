package org.itbs.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AucTest {
  /** The definition: every (case, non-case) pair, a tie counting one half. */
  private static double pairwise(double[] score, int[] y) {
    double credit = 0;
    long pairs = 0;
    for (int i = 0; i < score.length; i++) {
      for (int j = 0; j < score.length; j++) {
        if (y[i] == 1 && y[j] == 0) {
          pairs++;
          credit += score[i] > score[j] ? 1 : score[i] == score[j] ? 0.5 : 0;
        }
      }
    }
    return credit / pairs;
  }

  @Test
  void equalsThePairwiseDefinitionWithTiesAcrossAndWithinTheGroups() {
    Random rnd = new Random(42);
    for (int round = 0; round < 20; round++) {
      int n = 2 + rnd.nextInt(300);
      double[] score = new double[n];
      int[] y = new int[n];
      for (int i = 0; i < n; i++) {
        y[i] = i < 2 ? i : rnd.nextInt(3) == 0 ? 1 : 0;
        score[i] = rnd.nextInt(1 + rnd.nextInt(20)) + 0.25 * y[i] * rnd.nextInt(2);
      }
      assertThat(Auc.of(score, y))
          .as("round %d", round)
          .isCloseTo(pairwise(score, y), within(1e-15));
    }
  }

  @Test
  void handWorkedExample() {
    // cases 0.8, 0.4, 0.4; non-cases 0.4, 0.1: pairs (0.8,0.4)=1 (0.8,0.1)=1 (0.4,0.4)=½
    // (0.4,0.1)=1
    // twice, so (1 + 1 + ½ + 1 + ½ + 1) / 6
    double auc = Auc.of(new double[] {0.8, 0.4, 0.4, 0.4, 0.1}, new int[] {1, 1, 1, 0, 0});
    assertThat(auc).isEqualTo(5.0 / 6);
  }

  @Test
  void isOneForPerfectOrderZeroForReversedAndOneHalfWhenAllTied() {
    double[] s = {1, 2, 3, 4};
    assertThat(Auc.of(s, new int[] {0, 0, 1, 1})).isEqualTo(1);
    assertThat(Auc.of(s, new int[] {1, 1, 0, 0})).isEqualTo(0);
    assertThat(Auc.of(new double[] {7, 7, 7}, new int[] {1, 0, 1})).isEqualTo(0.5);
    assertThat(Auc.of(new double[] {-0.0, 0.0}, new int[] {1, 0})).isEqualTo(0.5);
  }

  @Test
  void negatingTheScoresGivesTheComplement() {
    Random rnd = new Random(7);
    double[] s = new double[1000];
    double[] neg = new double[1000];
    int[] y = new int[1000];
    for (int i = 0; i < s.length; i++) {
      y[i] = rnd.nextInt(2);
      s[i] = Math.round(rnd.nextGaussian() * 10 + 3 * y[i]) / 10.0;
      neg[i] = -s[i];
    }
    assertThat(Auc.of(s, y) + Auc.of(neg, y)).isCloseTo(1, within(1e-15));
  }

  @Test
  void rejectsOutcomesOtherThanZeroAndOneAndAMissingGroup() {
    assertThatThrownBy(() -> Auc.of(new double[] {1, 2}, new int[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outcome row 1 is 2");
    assertThatThrownBy(() -> Auc.of(new double[] {1, 2}, new int[] {1, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 2 cases and 0 non-cases");
    assertThatThrownBy(() -> Auc.of(new double[] {1, Double.NaN}, new int[] {1, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("score row 1 is NaN");
    assertThatThrownBy(() -> Auc.of(new double[] {1, 2}, new int[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outcome has 1 values for 2 scores");
  }
}
