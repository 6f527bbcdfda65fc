package org.itbs.analysis.plots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.itbs.analysis.plan.Effect;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class ForestPlotTest {
  private static final String HR = "hazard ratio per SD";

  private static Effect effect(String term, double ratio, double lo, double hi) {
    double se = 0.1;
    return new Effect("P1", term, Math.log(ratio), se, ratio, lo, hi, 0.03, 412, 57);
  }

  private static List<Effect> planEffects() {
    return List.of(
        effect("hip_abduction_strength", 0.71, 0.55, 0.92),
        effect("weekly_distance_km", 1.38, 1.09, 1.75),
        effect("bmi", 1.04, 0.82, 1.32),
        effect("sex_female", 1.62, 0.98, 2.68),
        effect("previous_itbs", 2.9, 1.6, 5.26));
  }

  private static double centre(Element point) {
    return SvgDocs.attr(point, "x") + SvgDocs.attr(point, "width") / 2;
  }

  private static List<Double> centres(Document doc) {
    List<Double> xs = new ArrayList<>();
    for (Element p : SvgDocs.byClass(doc, "point")) {
      xs.add(centre(p));
    }
    return xs;
  }

  private static double tickX(Document doc, String label) {
    List<Element> labels = SvgDocs.byClass(doc, "tick-label");
    for (Element e : labels) {
      if (e.getTextContent().equals(label)) {
        return SvgDocs.attr(e, "x");
      }
    }
    throw new AssertionError("no tick labelled " + label);
  }

  @Test
  void drawsOnePointWhiskerTermAndEstimateTextPerEffect() {
    String svg = ForestPlot.svg("P1: Cox model", planEffects(), HR);
    SvgDocs.keep("forest.svg", svg);
    Document doc = SvgDocs.parse(svg);

    assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("svg");
    assertThat(SvgDocs.byClass(doc, "point")).hasSize(5);
    assertThat(SvgDocs.byClass(doc, "whisker")).hasSize(5);
    assertThat(SvgDocs.byClass(doc, "clip-arrow")).isEmpty();
    assertThat(SvgDocs.byClass(doc, "term"))
        .extracting(Element::getTextContent)
        .containsExactly(
            "hip_abduction_strength", "weekly_distance_km", "bmi", "sex_female", "previous_itbs");
    assertThat(SvgDocs.byClass(doc, "estimate-text"))
        .extracting(Element::getTextContent)
        .containsExactly(
            "0.71 (0.55–0.92)",
            "1.38 (1.09–1.75)",
            "1.04 (0.82–1.32)",
            "1.62 (0.98–2.68)",
            "2.90 (1.60–5.26)");
    assertThat(SvgDocs.byClass(doc, "axis-label").get(0).getTextContent())
        .isEqualTo("hazard ratio per SD (log scale)");
  }

  @Test
  void ticksArePowersOfTwoCoveringEveryCiEndAndOne() {
    Document doc = SvgDocs.parse(ForestPlot.svg("P1", planEffects(), HR));

    // CI ends span 0.55..5.26: the axis runs 0.5..8, one tick label per tick.
    assertThat(SvgDocs.byClass(doc, "tick-label"))
        .extracting(Element::getTextContent)
        .containsExactly("0.5", "1", "2", "4", "8");
    assertThat(SvgDocs.byClass(doc, "tick")).hasSize(5);
  }

  @Test
  void narrowEffectsStillGetAnAxisFromOneHalfToTwo() {
    Document doc = SvgDocs.parse(ForestPlot.svg("P1", List.of(effect("a", 1.1, 1.01, 1.2)), HR));

    assertThat(SvgDocs.byClass(doc, "tick-label"))
        .extracting(Element::getTextContent)
        .containsExactly("0.5", "1", "2");
  }

  @Test
  void wideAxesThinTheTicksToAtMostNine() {
    Document doc =
        SvgDocs.parse(
            ForestPlot.svg(
                "P1", List.of(effect("a", 0.02, 0.016, 0.03), effect("b", 40, 30, 60)), HR));

    // 1/64..64 is twelve doublings: every second power of two.
    assertThat(SvgDocs.byClass(doc, "tick-label"))
        .extracting(Element::getTextContent)
        .containsExactly("1/64", "1/16", "0.25", "1", "4", "16", "64");
  }

  @Test
  void pointPositionIsLinearInTheLogOfTheRatio() {
    Document doc =
        SvgDocs.parse(
            ForestPlot.svg(
                "P1",
                List.of(
                    effect("half", 0.5, 0.4, 0.6),
                    effect("one", 1, 0.9, 1.1),
                    effect("two", 2, 1.8, 2.2)),
                HR));
    List<Double> x = centres(doc);

    assertThat(x.get(2) - x.get(1)).isCloseTo(x.get(1) - x.get(0), within(1e-6));
    assertThat(x.get(1) - x.get(0)).isPositive();
    assertThat(x.get(1)).isCloseTo(tickX(doc, "1"), within(1e-6));
    assertThat(x.get(2)).isCloseTo(tickX(doc, "2"), within(1e-6));
    // The dashed null line sits at a ratio of 1.
    Element nullLine = SvgDocs.byClass(doc, "null-line").get(0);
    assertThat(SvgDocs.attr(nullLine, "x1")).isCloseTo(x.get(1), within(1e-6));
    assertThat(nullLine.getAttribute("stroke-dasharray")).isNotEmpty();
  }

  @Test
  void equalRatiosOfRatiosAreEqualDistancesAwayFromPowersOfTwo() {
    Document doc =
        SvgDocs.parse(
            ForestPlot.svg(
                "P1",
                List.of(
                    effect("a", 0.75, 0.7, 0.8), effect("b", 1.5, 1.4, 1.6), effect("c", 3, 2, 4)),
                HR));
    List<Double> x = centres(doc);

    // Coordinates are written with three decimals.
    assertThat(x.get(2) - x.get(1)).isCloseTo(x.get(1) - x.get(0), within(2e-3));
    assertThat(x.get(2) - x.get(1)).isCloseTo(tickX(doc, "2") - tickX(doc, "1"), within(2e-3));
  }

  @Test
  void whiskersBeyondTheAxisAreClippedWithAnArrow() {
    Document doc =
        SvgDocs.parse(
            ForestPlot.svg(
                "P1",
                List.of(
                    effect("sparse", 3, 0.0, Double.POSITIVE_INFINITY),
                    effect("ok", 1.2, 0.9, 1.5)),
                HR));
    List<Element> whiskers = SvgDocs.byClass(doc, "whisker");
    List<Element> labels = SvgDocs.byClass(doc, "tick-label");
    double first = SvgDocs.attr(labels.get(0), "x");
    double last = SvgDocs.attr(labels.get(labels.size() - 1), "x");

    assertThat(labels.get(0).getTextContent()).isEqualTo("1/64");
    assertThat(labels.get(labels.size() - 1).getTextContent()).isEqualTo("64");
    assertThat(SvgDocs.attr(whiskers.get(0), "x1")).isEqualTo(first);
    assertThat(SvgDocs.attr(whiskers.get(0), "x2")).isEqualTo(last);
    assertThat(SvgDocs.byClass(doc, "clip-arrow")).hasSize(2);
    assertThat(SvgDocs.byClass(doc, "estimate-text").get(0).getTextContent())
        .isEqualTo("3.00 (0.00–∞)");
  }

  @Test
  void escapesMarkupInTermsTitleAndAxisName() {
    String svg =
        ForestPlot.svg("A <b> & \"c\"", List.of(effect("x<&y", 1.3, 1.1, 1.6)), "odds ratio <&>");
    Document doc = SvgDocs.parse(svg);

    assertThat(svg).contains("x&lt;&amp;y").doesNotContain("x<&y");
    assertThat(SvgDocs.byClass(doc, "term").get(0).getTextContent()).isEqualTo("x<&y");
    assertThat(SvgDocs.byClass(doc, "title").get(0).getTextContent()).isEqualTo("A <b> & \"c\"");
    assertThat(SvgDocs.byClass(doc, "axis-label").get(0).getTextContent())
        .isEqualTo("odds ratio <&> (log scale)");
  }

  @Test
  void sameInputGivesTheSameBytes() {
    assertThat(ForestPlot.svg("P1", planEffects(), HR))
        .isEqualTo(ForestPlot.svg("P1", new ArrayList<>(planEffects()), HR));
  }

  @Test
  void numbersUseDotDecimalsWhateverTheDefaultLocale() {
    String svg = ForestPlot.svg("P1", planEffects(), HR);

    assertThat(svg).contains("1.38 (1.09–1.75)").doesNotContain("१").doesNotContain(",5");
  }

  @Test
  void rejectsEmptyEffects() {
    assertThatThrownBy(() -> ForestPlot.svg("P1", List.of(), HR))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("effects are empty");
  }

  @Test
  void rejectsNonPositiveRatioNamingTheTerm() {
    assertThatThrownBy(() -> ForestPlot.svg("P1", List.of(effect("bmi", 0, 0, 1)), HR))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(bmi) has ratio 0.0");
  }

  @Test
  void rejectsCiThatDoesNotContainTheRatio() {
    assertThatThrownBy(() -> ForestPlot.svg("P1", List.of(effect("bmi", 1.2, 1.3, 1.5)), HR))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CI lower end 1.3");
    assertThatThrownBy(() -> ForestPlot.svg("P1", List.of(effect("bmi", 1.2, 1.0, Double.NaN)), HR))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CI upper end NaN");
  }

  @Test
  void rejectsNullTitle() {
    assertThatThrownBy(() -> ForestPlot.svg(null, planEffects(), HR))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("title is null");
  }
}
