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

  private static Effect site(String name, double ratio, double lo, double hi, int n, int events) {
    return new Effect("M1", name, Math.log(ratio), 0.1, ratio, lo, hi, Double.NaN, n, events);
  }

  private static List<Effect> threeSites() {
    return List.of(
        site("AMS01", 1.43, 1.07, 1.92, 447, 60),
        site("MAD02", 1.71, 1.25, 2.34, 401, 58),
        site("PRG03", 1.39, 1.02, 1.90, 420, 53));
  }

  private static double x(Document doc, String label) {
    // The axis position of a ratio, from the ticks at 1 and 2.
    double one = tickX(doc, "1");
    double two = tickX(doc, "2");
    return one + Math.log(Double.parseDouble(label)) / Math.log(2) * (two - one);
  }

  @Test
  void metaAnalysisPlotDrawsSitesWithCountsThePooledDiamondAndThePredictionBand() {
    ForestPlot.Pooled pooled =
        new ForestPlot.Pooled("Pooled (random effects)", 1.5, 1.2, 1.875, 1.0625, 2.3125);
    String svg = ForestPlot.svg("M1: peak_hip_add", threeSites(), pooled, HR);
    SvgDocs.keep("forest-m1.svg", svg);
    Document doc = SvgDocs.parse(svg);

    assertThat(SvgDocs.byClass(doc, "term"))
        .extracting(Element::getTextContent)
        .containsExactly("AMS01", "MAD02", "PRG03");
    assertThat(SvgDocs.byClass(doc, "point")).hasSize(3);
    assertThat(SvgDocs.byClass(doc, "whisker")).hasSize(3);
    assertThat(SvgDocs.byClass(doc, "n"))
        .extracting(Element::getTextContent)
        .containsExactly("447", "401", "420");
    assertThat(SvgDocs.byClass(doc, "events"))
        .extracting(Element::getTextContent)
        .containsExactly("60", "58", "53");
    assertThat(SvgDocs.byClass(doc, "pooled-label").get(0).getTextContent())
        .isEqualTo("Pooled (random effects)");
    assertThat(SvgDocs.byClass(doc, "pooled-text").get(0).getTextContent())
        .isEqualTo("1.50 (1.20–1.88)");
    assertThat(SvgDocs.byClass(doc, "prediction-text").get(0).getTextContent())
        .isEqualTo("1.06–2.31");

    // The diamond spans the pooled CI, its top and bottom vertices at the pooled ratio.
    Element diamond = SvgDocs.byClass(doc, "diamond").get(0);
    String[] pts = diamond.getAttribute("points").split(" ");
    assertThat(pts).hasSize(4);
    assertThat(Double.parseDouble(pts[0].split(",")[0])).isCloseTo(x(doc, "1.2"), within(2e-3));
    assertThat(Double.parseDouble(pts[1].split(",")[0])).isCloseTo(x(doc, "1.5"), within(2e-3));
    assertThat(Double.parseDouble(pts[2].split(",")[0])).isCloseTo(x(doc, "1.875"), within(2e-3));
    // The prediction band spans the prediction interval, and lies below the last site's row.
    Element band = SvgDocs.byClass(doc, "prediction-band").get(0);
    assertThat(SvgDocs.attr(band, "x")).isCloseTo(x(doc, "1.0625"), within(2e-3));
    assertThat(SvgDocs.attr(band, "x") + SvgDocs.attr(band, "width"))
        .isCloseTo(x(doc, "2.3125"), within(2e-3));
    double lastSiteY = SvgDocs.attr(SvgDocs.byClass(doc, "whisker").get(2), "y1");
    assertThat(Double.parseDouble(pts[0].split(",")[1])).isGreaterThan(lastSiteY);
    assertThat(SvgDocs.attr(band, "y")).isGreaterThan(lastSiteY);
    assertThat(SvgDocs.byClass(doc, "prediction-cap")).hasSize(2);
    // The diamond is drawn after (over) the band.
    assertThat(svg.indexOf("class=\"diamond\"")).isGreaterThan(svg.indexOf("prediction-band"));
  }

  @Test
  void withoutAPredictionIntervalNoBandIsDrawn() {
    ForestPlot.Pooled pooled =
        new ForestPlot.Pooled("Pooled", 1.5, 1.1, 2.0, Double.NaN, Double.NaN);
    Document doc = SvgDocs.parse(ForestPlot.svg("M1", threeSites().subList(0, 2), pooled, HR));

    assertThat(SvgDocs.byClass(doc, "diamond")).hasSize(1);
    assertThat(SvgDocs.byClass(doc, "prediction-band")).isEmpty();
    assertThat(SvgDocs.byClass(doc, "prediction-text")).isEmpty();
    assertThat(SvgDocs.byClass(doc, "term")).hasSize(2);
  }

  @Test
  void theAxisCoversThePredictionIntervalAndClipsItBeyondSixtyFour() {
    ForestPlot.Pooled wide = new ForestPlot.Pooled("Pooled", 1.5, 1.2, 1.9, 0.2, 9);
    Document doc = SvgDocs.parse(ForestPlot.svg("M1", threeSites(), wide, HR));
    assertThat(SvgDocs.byClass(doc, "tick-label"))
        .extracting(Element::getTextContent)
        .containsExactly("0.125", "0.25", "0.5", "1", "2", "4", "8", "16");

    ForestPlot.Pooled huge = new ForestPlot.Pooled("Pooled", 1.5, 1.2, 1.9, 0.001, 5000);
    Document clipped = SvgDocs.parse(ForestPlot.svg("M1", threeSites(), huge, HR));
    assertThat(SvgDocs.byClass(clipped, "clip-arrow")).hasSize(2);
  }

  @Test
  void smallSiteCountsShowUnderFive() {
    ForestPlot.Pooled pooled = new ForestPlot.Pooled("Pooled", 1.5, 1.1, 2.0, 0.9, 2.5);
    Document doc =
        SvgDocs.parse(
            ForestPlot.svg(
                "M1",
                List.of(site("A", 1.4, 1.0, 1.9, 50, 47), site("B", 1.6, 1.1, 2.2, 60, 45)),
                pooled,
                HR));

    // 47 events of 50 runners: the 3 without an event could be recovered.
    assertThat(SvgDocs.byClass(doc, "events"))
        .extracting(Element::getTextContent)
        .containsExactly("<5", "45");
  }

  @Test
  void rejectsAPooledRowWhosePredictionIntervalMissesTheRatio() {
    ForestPlot.Pooled bad = new ForestPlot.Pooled("Pooled", 1.5, 1.2, 1.9, 1.6, 2.0);
    assertThatThrownBy(() -> ForestPlot.svg("M1", threeSites(), bad, HR))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prediction interval 1.6");
    assertThatThrownBy(() -> ForestPlot.svg("M1", threeSites(), null, HR))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pooled row is null");
  }

  @Test
  void thePlainPlotIsUnchangedByThePooledVariant() {
    String svg = ForestPlot.svg("P1", planEffects(), HR);
    assertThat(svg).doesNotContain("diamond", "class=\"n\"", "Site");
  }
}
