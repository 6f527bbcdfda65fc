package org.itbs.analysis.plots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import org.itbs.analysis.tables.SmallCells;
import org.itbs.stats.KaplanMeier;
import org.itbs.stats.LogRank;
import org.itbs.stats.SurvivalData;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class IncidencePlotTest {
  private static final double[] RISK_TIMES = {0, 30, 60, 90, 120, 150, 180};

  /**
   * A seeded cohort: hazard rises with the covariate, follow-up censored at 180 days or earlier.
   */
  private record Cohort(SurvivalData data, String[] tertile) {
    static Cohort of(int n, long seed) {
      Random rnd = new Random(seed);
      double[] x = new double[n];
      double[] time = new double[n];
      int[] event = new int[n];
      for (int i = 0; i < n; i++) {
        x[i] = rnd.nextGaussian();
        double rate = 0.002 * Math.exp(0.6 * x[i]);
        double t = -Math.log(1 - rnd.nextDouble()) / rate;
        double censor = 60 + rnd.nextDouble() * 130;
        double followed = Math.min(Math.min(t, censor), 180);
        time[i] = Math.ceil(followed);
        event[i] = t <= Math.min(censor, 180) ? 1 : 0;
      }
      return new Cohort(SurvivalData.rightCensored(time, event), LogRank.tertiles(x));
    }
  }

  private static final Cohort COHORT = Cohort.of(600, 20261126L);

  private static SortedMap<String, KaplanMeier> curves() {
    return KaplanMeier.fitByGroup(COHORT.data(), COHORT.tertile());
  }

  private static String plot() {
    double p = LogRank.test(COHORT.data(), COHORT.tertile()).pValue();
    return IncidencePlot.svg("ITBS by hip abduction strength tertile", curves(), RISK_TIMES, p);
  }

  @Test
  void drawsOneCurveAndOneLegendEntryPerGroupWithDistinctStrokes() {
    String svg = plot();
    SvgDocs.keep("incidence.svg", svg);
    Document doc = SvgDocs.parse(svg);

    List<Element> paths = SvgDocs.byClass(doc, "curve");
    assertThat(paths)
        .extracting(e -> e.getAttribute("data-group"))
        .containsExactly("T1", "T2", "T3");
    assertThat(paths)
        .extracting(e -> e.getAttribute("stroke") + "|" + e.getAttribute("stroke-dasharray"))
        .doesNotHaveDuplicates();
    assertThat(SvgDocs.byClass(doc, "legend-label"))
        .extracting(Element::getTextContent)
        .containsExactly("T1", "T2", "T3");
    assertThat(doc.getDocumentElement().getElementsByTagName("path").getLength()).isEqualTo(3);
  }

  @Test
  void numbersAtRiskEqualTheKaplanMeierCountsAtTheRiskTimes() {
    Document doc = SvgDocs.parse(plot());
    SortedMap<String, KaplanMeier> curves = curves();

    List<Element> rows = SvgDocs.byClass(doc, "risk-row");
    assertThat(rows)
        .extracting(e -> e.getAttribute("data-group"))
        .containsExactly("T1", "T2", "T3");
    for (Element row : rows) {
      KaplanMeier km = curves.get(row.getAttribute("data-group"));
      List<Element> cells = SvgDocs.byClass(row, "at-risk");
      assertThat(cells).hasSize(RISK_TIMES.length);
      for (int i = 0; i < RISK_TIMES.length; i++) {
        assertThat(cells.get(i).getTextContent())
            .as("%s at day %s", row.getAttribute("data-group"), RISK_TIMES[i])
            .isEqualTo(SmallCells.count(km.atRisk(RISK_TIMES[i])));
      }
      assertThat(Integer.parseInt(cells.get(0).getTextContent())).isEqualTo(200);
    }
  }

  @Test
  void timeAxisHasOneLabelledTickPerRiskTimeAlignedWithTheRiskColumns() {
    Document doc = SvgDocs.parse(plot());

    List<Element> labels = SvgDocs.byClass(doc, "x-tick-label");
    assertThat(labels)
        .extracting(Element::getTextContent)
        .containsExactly("0", "30", "60", "90", "120", "150", "180");
    assertThat(SvgDocs.byClass(doc, "x-tick")).hasSize(RISK_TIMES.length);
    List<Element> firstRow = SvgDocs.byClass(SvgDocs.byClass(doc, "risk-row").get(0), "at-risk");
    for (int i = 0; i < labels.size(); i++) {
      assertThat(SvgDocs.attr(firstRow.get(i), "x")).isEqualTo(SvgDocs.attr(labels.get(i), "x"));
    }
    // Equal steps in days are equal steps on the page.
    double step = SvgDocs.attr(labels.get(1), "x") - SvgDocs.attr(labels.get(0), "x");
    assertThat(SvgDocs.attr(labels.get(6), "x") - SvgDocs.attr(labels.get(0), "x"))
        .isCloseTo(6 * step, within(1e-2));
  }

  @Test
  void curveEndsAtTheCumulativeIncidenceOfItsLastEventOnTheIncidenceAxis() {
    Document doc = SvgDocs.parse(plot());
    KaplanMeier t3 = curves().get("T3");
    double[] ci = t3.cumulativeIncidence();

    List<Element> yLabels = SvgDocs.byClass(doc, "y-tick-label");
    assertThat(yLabels.get(0).getTextContent()).isEqualTo("0%");
    double y0 = SvgDocs.attr(SvgDocs.byClass(doc, "y-tick").get(0), "y1");
    Element topTick = SvgDocs.byClass(doc, "y-tick").get(yLabels.size() - 1);
    String top = yLabels.get(yLabels.size() - 1).getTextContent();
    double topValue = Double.parseDouble(top.substring(0, top.length() - 1)) / 100;
    assertThat(topValue).isGreaterThanOrEqualTo(ci[ci.length - 1]);
    double perUnit = (y0 - SvgDocs.attr(topTick, "y1")) / topValue;

    String d = SvgDocs.byClass(doc, "curve").get(2).getAttribute("d");
    String[] parts = d.split(" ");
    String lastV = parts[parts.length - 2];
    assertThat(lastV).startsWith("V");
    double y = Double.parseDouble(lastV.substring(1));
    assertThat((y0 - y) / perUnit).isCloseTo(ci[ci.length - 1], within(1e-4));
    assertThat(d.split(" V")).hasSize(t3.times().length + 1);
  }

  @Test
  void printsTheLogRankPValue() {
    Document doc = SvgDocs.parse(IncidencePlot.svg("t", curves(), RISK_TIMES, 0.0123));
    Document tiny = SvgDocs.parse(IncidencePlot.svg("t", curves(), RISK_TIMES, 2e-9));

    assertThat(SvgDocs.byClass(doc, "p-value").get(0).getTextContent())
        .isEqualTo("Log-rank p = 0.012");
    assertThat(SvgDocs.byClass(tiny, "p-value").get(0).getTextContent())
        .isEqualTo("Log-rank p < 0.001");
  }

  @Test
  void escapesMarkupInGroupLabels() {
    Map<String, KaplanMeier> byGroup = new LinkedHashMap<>();
    byGroup.put("<50 & slow", curves().get("T1"));
    byGroup.put("fast", curves().get("T3"));
    String svg = IncidencePlot.svg("a & b", byGroup, RISK_TIMES, 0.5);
    Document doc = SvgDocs.parse(svg);

    assertThat(svg).contains("&lt;50 &amp; slow");
    assertThat(SvgDocs.byClass(doc, "legend-label").get(0).getTextContent())
        .isEqualTo("<50 & slow");
    assertThat(SvgDocs.byClass(doc, "curve").get(0).getAttribute("data-group"))
        .isEqualTo("<50 & slow");
  }

  @Test
  void sameInputGivesTheSameBytes() {
    assertThat(plot()).isEqualTo(plot());
  }

  @Test
  void rejectsRiskTimesThatAreNotAscending() {
    assertThatThrownBy(() -> IncidencePlot.svg("t", curves(), new double[] {0, 60, 30}, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("risk time 2 (30.0) is not after 60.0");
  }

  @Test
  void rejectsNegativeRiskTimes() {
    assertThatThrownBy(() -> IncidencePlot.svg("t", curves(), new double[] {-1, 60}, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("risk time 0 is -1.0");
  }

  @Test
  void rejectsPValueOutsideTheUnitInterval() {
    assertThatThrownBy(() -> IncidencePlot.svg("t", curves(), RISK_TIMES, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("p-value NaN is outside [0, 1]");
  }

  @Test
  void rejectsNoGroups() {
    assertThatThrownBy(() -> IncidencePlot.svg("t", Map.of(), RISK_TIMES, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("curves by group are empty");
  }
}
