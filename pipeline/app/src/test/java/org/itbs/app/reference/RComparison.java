package org.itbs.app.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.itbs.contribute.Pseudonymiser;

/**
 * Compares what {@code itbs analyse} writes with what the independent R implementation
 * (reference.R) writes for the same cohort: effects row for row to 1e-6 relative, the analysis set
 * per runner to 1e-9 (relative to max(|R's value|, 1)).
 */
public final class RComparison {
  private RComparison() {}

  public static List<String[]> csv(InputStream in) throws Exception {
    try (in) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.lines().map(l -> l.replace("\"", "").split(",", -1)).toList();
    }
  }

  public static void close(String what, double got, double want, double relative) {
    double scale = relative < 1e-7 ? Math.max(Math.abs(want), 1.0) : Math.abs(want);
    assertThat(Math.abs(got - want))
        .as("%s: got %s, R %s", what, got, want)
        .isLessThanOrEqualTo(relative * scale);
  }

  public static void assertEffectsMatch(InputStream rEffects, InputStream ourEffects)
      throws Exception {
    List<String[]> r = csv(rEffects);
    List<String[]> ours = csv(ourEffects);
    assertThat(ours.get(0)).containsExactly(r.get(0));
    assertThat(ours).hasSameSizeAs(r);
    for (int i = 1; i < r.size(); i++) {
      String[] want = r.get(i);
      String[] got = ours.get(i);
      assertThat(got[0] + " " + got[1]).isEqualTo(want[0] + " " + want[1]);
      for (int k = 2; k < 8; k++) {
        close(
            want[0] + " " + want[1] + " " + r.get(0)[k],
            Double.parseDouble(got[k]),
            Double.parseDouble(want[k]),
            1e-6);
      }
      assertThat(got[8]).as("n of %s %s", want[0], want[1]).isEqualTo(want[8]);
      assertThat(got[9]).as("events of %s %s", want[0], want[1]).isEqualTo(want[9]);
    }
  }

  public static void assertAnalysisSetMatches(InputStream rSet, InputStream ourSet, Pseudonymiser p)
      throws Exception {
    List<String[]> r = csv(rSet);
    List<String[]> ours = csv(ourSet);
    Map<String, String[]> byPseudonym = new HashMap<>();
    List<String> header = List.of(ours.get(0));
    for (String[] row : ours.subList(1, ours.size())) {
      byPseudonym.put(row[header.indexOf("participant_id")], row);
    }
    assertThat(byPseudonym).hasSize(r.size() - 1);
    String[] rHeader = r.get(0);
    for (String[] want : r.subList(1, r.size())) {
      String[] got = byPseudonym.get(p.pseudonymise(want[0]).id());
      assertThat(got).as("runner %s", want[0]).isNotNull();
      for (int k = 1; k < rHeader.length; k++) {
        int j = header.indexOf(rHeader[k]);
        assertThat(j).as("column %s", rHeader[k]).isNotNegative();
        if (want[k].equals("NA")) {
          assertThat(got[j]).as("%s of %s", rHeader[k], want[0]).isEmpty();
        } else {
          close(
              rHeader[k] + " of " + want[0],
              Double.parseDouble(got[j]),
              Double.parseDouble(want[k]),
              1e-9);
        }
      }
    }
  }
}
