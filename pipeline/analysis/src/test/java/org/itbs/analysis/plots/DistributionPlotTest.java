package org.itbs.analysis.plots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class DistributionPlotTest {
  @Test
  void drawsOneHistogramAndMeanPerGroupAndSkipsGroupsUnderFive() {
    Random r = new Random(1);
    Map<String, double[]> g = new LinkedHashMap<>();
    g.put("ITBS", r.doubles(200).map(x -> 12 + 3 * x).toArray());
    g.put("no ITBS", r.doubles(800).map(x -> 10 + 3 * x).toArray());
    g.put("tiny", new double[] {1, 2, 3});

    Document doc = SvgDocs.parse(DistributionPlot.svg("Peak hip adduction", "deg", g));

    assertThat(SvgDocs.byClass(doc, "histogram")).hasSize(2);
    assertThat(SvgDocs.byClass(doc, "mean")).hasSize(2);
    assertThat(SvgDocs.byClass(doc, "legend-label"))
        .extracting(e -> e.getTextContent())
        .containsExactly("ITBS (n = 200)", "no ITBS (n = 800)", "tiny (fewer than 5, not drawn)");
  }

  @Test
  void refusesWhenNoGroupHasFiveValues() {
    assertThatThrownBy(
            () -> DistributionPlot.svg("t", "x", Map.of("a", new double[] {1, 2, Double.NaN})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no group has 5 values");
  }
}
