package org.itbs.analysis.plots;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import org.itbs.analysis.plan.Effect;
import org.itbs.analysis.plan.MetaRow;
import org.itbs.analysis.plan.SiteEffect;
import org.itbs.analysis.tables.SmallCells;

/**
 * A forest plot of model coefficients as a self-contained SVG document: one row per {@link Effect}
 * with its term on the left, the ratio as a square and its 95% CI as a whisker on a log-scale axis
 * in the middle, and the text {@code "ratio (lower–upper)"} on the right; a dashed vertical line
 * marks a ratio of 1.
 *
 * <p>The axis runs between powers of two chosen to cover every ratio, every CI end and 1, from at
 * least 1/2 to 2; ticks sit at powers of two (every one, or every second, third… power so that at
 * most nine ticks are drawn). CI ends below 1/64 or above 64 (including a lower end of 0 or an
 * infinite upper end) are clipped at the axis end and drawn with an arrowhead; the axis widens
 * beyond that only to keep every point estimate in view. Every doubling spans a whole number of
 * user units, so tick positions are exact.
 *
 * <p>Elements carry classes for machine reading: {@code term}, {@code estimate-text}, {@code point}
 * (a {@code rect} centred on the ratio), {@code whisker}, {@code clip-arrow}, {@code null-line},
 * {@code tick} and {@code tick-label}. The output depends only on the arguments and uses {@link
 * Locale#ROOT}.
 */
public final class ForestPlot {
  private static final double LOG2 = Math.log(2);
  private static final int CLIP_EXPONENT = 6; // whiskers are clipped beyond 1/64 and 64
  private static final int MAX_TICKS = 9;
  private static final double PLOT_WIDTH = 380;
  private static final double ROW_HEIGHT = 26;
  private static final double TOP = 72;
  private static final double POINT_SIZE = 9;
  private static final double POOLED_GAP = 10;
  private static final double DIAMOND_HALF_HEIGHT = 7;
  private static final double PI_HALF_HEIGHT = 4;

  private ForestPlot() {}

  /**
   * Draws the forest plot.
   *
   * @param title the heading printed above the plot
   * @param effects the rows, top to bottom: each with a finite positive {@code ratio} and a CI with
   *     {@code 0 <= ciLower <= ratio <= ciUpper <= +∞}
   * @param ratioName what the ratio is, e.g. {@code "hazard ratio per SD"}; the axis is labelled
   *     {@code ratioName + " (log scale)"}
   * @return a complete SVG 1.1 document (UTF-8 XML text)
   * @throws IllegalArgumentException when an argument is null, {@code effects} is empty or holds a
   *     null, or an effect's ratio or CI is outside the ranges above
   */
  public static String svg(String title, List<Effect> effects, String ratioName) {
    return draw(title, effects, null, ratioName);
  }

  /**
   * The pooled row of a meta-analysis forest plot: the pooled ratio as a diamond spanning its CI,
   * and, when defined, the prediction interval as a band through the diamond.
   *
   * @param label the row's label, e.g. {@code "Pooled (random effects)"}
   * @param ratio the pooled ratio, finite and positive
   * @param ciLower lower end of its 95% CI, {@code 0 <= ciLower <= ratio}
   * @param ciUpper upper end of its 95% CI, {@code ratio <= ciUpper <= +∞}
   * @param piLower lower end of the 95% prediction interval, or {@code NaN} when there is none
   *     (fewer than three sites)
   * @param piUpper upper end of the 95% prediction interval, or {@code NaN} when there is none
   */
  public record Pooled(
      String label, double ratio, double ciLower, double ciUpper, double piLower, double piUpper) {

    /** Whether a prediction interval is drawn: both of its ends are numbers. */
    public boolean hasPredictionInterval() {
      return !Double.isNaN(piLower) && !Double.isNaN(piUpper);
    }
  }

  /**
   * Draws the forest plot of a meta-analysis: one row per site (its label in {@code term}, its
   * ratio, 95% CI, and its runners {@code n} and {@code events} in two count columns on the right),
   * then the pooled row: a diamond (class {@code diamond}) from the CI's lower to its upper end,
   * centred on the pooled ratio, and when {@link Pooled#hasPredictionInterval()} the prediction
   * interval as a shaded band (class {@code prediction-band}) with end caps (class {@code
   * prediction-cap}) behind the diamond and its text (class {@code prediction-text}) on the right.
   * The axis covers every site's CI, the pooled CI and the prediction interval, clipped as {@link
   * #svg(String, List, String)} clips. The counts pass through the {@link
   * org.itbs.analysis.tables.Release} in force ({@link SmallCells#count(long)}): in a release
   * report rounded to the nearest 5, {@code <5} under 5; otherwise counts under 5, and an events
   * count whose complement within n is 1 to 4, show {@code <5} (the project's small-cell rule).
   *
   * @param title the heading printed above the plot
   * @param sites the site rows, top to bottom, as for {@link #svg(String, List, String)}, with
   *     {@code term} the site's label and {@code n}, {@code events} its runners and events
   * @param pooled the pooled row
   * @param ratioName what the ratio is; the axis is labelled {@code ratioName + " (log scale)"}
   * @return a complete SVG 1.1 document (UTF-8 XML text)
   * @throws IllegalArgumentException as {@link #svg(String, List, String)} does, and when {@code
   *     pooled} is null or its ratio, CI or prediction interval is out of range (the prediction
   *     interval must contain the pooled ratio, both ends numbers or both {@code NaN})
   */
  public static String svg(String title, List<Effect> sites, Pooled pooled, String ratioName) {
    if (pooled == null) {
      throw new IllegalArgumentException("pooled row is null");
    }
    return draw(title, sites, pooled, ratioName);
  }

  /** z for a two-sided 95% Wald interval of a site's estimate. */
  private static final double Z_975 = 1.959963984540054;

  /**
   * The forest plot of one covariate of a meta-analysis ({@link #svg(String, List, Pooled,
   * String)}): each site's estimate with its Wald 95% CI ({@code estimate ± 1.959964 SE}, as
   * ratios), and the pooled row from {@code pooled} (its CI and prediction interval, log scale, as
   * ratios; label {@code "Pooled (k = K)"}).
   *
   * @param ratioName what the ratio is, e.g. {@code "hazard ratio"}; {@code " per SD"} (or {@code "
   *     F vs M"} for {@code sex}) is added
   */
  public static String metaAnalysis(
      String title, List<SiteEffect> sites, MetaRow pooled, String ratioName) {
    List<Effect> rows = new java.util.ArrayList<>();
    for (SiteEffect e : sites) {
      rows.add(
          new Effect(
              "M1",
              e.site(),
              e.estimate(),
              e.stdError(),
              Math.exp(e.estimate()),
              Math.exp(e.estimate() - Z_975 * e.stdError()),
              Math.exp(e.estimate() + Z_975 * e.stdError()),
              Double.NaN,
              e.n(),
              e.events()));
    }
    Pooled p =
        new Pooled(
            "Pooled (k = " + pooled.k() + ")",
            Math.exp(pooled.estimate()),
            Math.exp(pooled.ciLower()),
            Math.exp(pooled.ciUpper()),
            Math.exp(pooled.piLower()),
            Math.exp(pooled.piUpper()));
    return svg(title, rows, p, ratioName + (pooled.term().equals("sex") ? " F vs M" : " per SD"));
  }

  private static String draw(String title, List<Effect> effects, Pooled pooled, String ratioName) {
    Svg.checkText(title, "title");
    Svg.checkText(ratioName, "ratio name");
    if (effects == null) {
      throw new IllegalArgumentException("effects are null");
    }
    if (effects.isEmpty()) {
      throw new IllegalArgumentException("effects are empty; a forest plot needs at least one");
    }
    double minLog = 0;
    double maxLog = 0;
    double minPoint = 0;
    double maxPoint = 0;
    int longestTerm = 4;
    for (int i = 0; i < effects.size(); i++) {
      Effect e = effects.get(i);
      check(e, i);
      double p = log2(e.ratio());
      minPoint = Math.min(minPoint, p);
      maxPoint = Math.max(maxPoint, p);
      minLog = Math.min(minLog, e.ciLower() > 0 ? log2(e.ciLower()) : Double.NEGATIVE_INFINITY);
      maxLog = Math.max(maxLog, log2(e.ciUpper()));
      longestTerm = Math.max(longestTerm, e.term().length());
    }
    if (pooled != null) {
      check(pooled);
      double p = log2(pooled.ratio());
      minPoint = Math.min(minPoint, p);
      maxPoint = Math.max(maxPoint, p);
      double lower = pooled.hasPredictionInterval() ? pooled.piLower() : pooled.ciLower();
      double upper = pooled.hasPredictionInterval() ? pooled.piUpper() : pooled.ciUpper();
      lower = Math.min(lower, pooled.ciLower());
      upper = Math.max(upper, pooled.ciUpper());
      minLog = Math.min(minLog, lower > 0 ? log2(lower) : Double.NEGATIVE_INFINITY);
      maxLog = Math.max(maxLog, log2(upper));
      longestTerm = Math.max(longestTerm, pooled.label().length());
    }
    int lo = (int) Math.floor(Math.max(minLog, -CLIP_EXPONENT));
    int hi = (int) Math.ceil(Math.min(maxLog, CLIP_EXPONENT));
    lo = Math.min(Math.min(lo, (int) Math.floor(minPoint)), -1);
    hi = Math.max(Math.max(hi, (int) Math.ceil(maxPoint)), 1);
    int step = (hi - lo + MAX_TICKS - 2) / (MAX_TICKS - 1);
    lo = Math.floorDiv(lo, step) * step;
    hi = -Math.floorDiv(-hi, step) * step;
    Axis axis =
        new Axis(
            lo,
            hi,
            Math.floor(PLOT_WIDTH / (hi - lo)),
            Math.min(300, Math.max(120, Math.ceil(longestTerm * 7.2) + 32)));

    int n = effects.size();
    int rows = pooled == null ? n : n + (pooled.hasPredictionInterval() ? 2 : 1);
    double axisY = TOP + rows * ROW_HEIGHT + 8 + (pooled == null ? 0 : POOLED_GAP);
    double plotRight = axis.x(Math.pow(2, hi));
    double textX = plotRight + 24;
    double nX = textX + 170;
    double eventsX = nX + 60;
    double width = pooled == null ? textX + 190 : eventsX + 24;
    double height = axisY + 66;
    StringBuilder out = new StringBuilder(4096 + rows * 800);
    Svg.open(out, width, height);
    Svg.text(out, "title", 16, 28, "start", 16, "font-weight=\"bold\"", title);
    Svg.text(
        out,
        "header",
        16,
        TOP - 12,
        "start",
        12,
        "font-weight=\"bold\"",
        pooled == null ? "Term" : "Site");
    Svg.text(out, "header", textX, TOP - 12, "start", 12, "font-weight=\"bold\"", "Ratio (95% CI)");
    if (pooled != null) {
      Svg.text(out, "header", nX, TOP - 12, "end", 12, "font-weight=\"bold\"", "n");
      Svg.text(out, "header", eventsX, TOP - 12, "end", 12, "font-weight=\"bold\"", "events");
    }

    double oneX = axis.x(1);
    Svg.line(
        out,
        "null-line",
        oneX,
        TOP - 4,
        oneX,
        axisY,
        "stroke=\"#666666\" stroke-width=\"1\" stroke-dasharray=\"4 3\"");

    double axisLo = Math.pow(2, lo);
    double axisHi = Math.pow(2, hi);
    for (int i = 0; i < n; i++) {
      Effect e = effects.get(i);
      double cy = TOP + (i + 0.5) * ROW_HEIGHT;
      if (i % 2 == 1) {
        out.append("<rect class=\"band\" x=\"8\" y=\"")
            .append(Svg.num(cy - ROW_HEIGHT / 2))
            .append("\" width=\"")
            .append(Svg.num(width - 16))
            .append("\" height=\"")
            .append(Svg.num(ROW_HEIGHT))
            .append("\" fill=\"#f3f3f3\"/>\n");
      }
      Svg.text(out, "term", 16, cy + 4, "start", 12, "", e.term());
      Svg.text(
          out,
          "estimate-text",
          textX,
          cy + 4,
          "start",
          12,
          "",
          ratio(e.ratio()) + " (" + ratio(e.ciLower()) + "–" + ratio(e.ciUpper()) + ")");
      if (pooled != null) {
        Svg.text(out, "n", nX, cy + 4, "end", 12, "", SmallCells.count(e.n()));
        Svg.text(
            out,
            "events",
            eventsX,
            cy + 4,
            "end",
            12,
            "",
            e.events() >= 0 && e.events() <= e.n()
                ? SmallCells.count(e.events(), e.n())
                : SmallCells.SUPPRESSED);
      }
      whisker(
          out,
          axis,
          e.ciLower(),
          e.ciUpper(),
          cy,
          axisLo,
          axisHi,
          "whisker",
          "stroke=\"#000000\" stroke-width=\"1.5\"");
      double px = axis.x(e.ratio());
      out.append("<rect class=\"point\" x=\"")
          .append(Svg.num(px - POINT_SIZE / 2))
          .append("\" y=\"")
          .append(Svg.num(cy - POINT_SIZE / 2))
          .append("\" width=\"")
          .append(Svg.num(POINT_SIZE))
          .append("\" height=\"")
          .append(Svg.num(POINT_SIZE))
          .append("\" fill=\"#000000\"/>\n");
    }
    if (pooled != null) {
      pooledRow(out, axis, pooled, TOP + n * ROW_HEIGHT + POOLED_GAP, width, textX, axisLo, axisHi);
    }

    Svg.line(
        out,
        "axis",
        axis.x(Math.pow(2, lo)),
        axisY,
        plotRight,
        axisY,
        "stroke=\"#000000\" stroke-width=\"1\"");
    for (int e = lo; e <= hi; e += step) {
      double x = axis.left + (e - lo) * axis.unitsPerDoubling;
      Svg.line(out, "tick", x, axisY, x, axisY + 5, "stroke=\"#000000\" stroke-width=\"1\"");
      Svg.text(out, "tick-label", x, axisY + 19, "middle", 11, "", tickLabel(e));
    }
    Svg.text(
        out,
        "axis-label",
        (axis.left + plotRight) / 2,
        axisY + 42,
        "middle",
        12,
        "",
        ratioName + " (log scale)");
    out.append("</svg>\n");
    return out.toString();
  }

  /** A horizontal interval at height {@code cy}, clipped at the axis ends with arrowheads. */
  private static void whisker(
      StringBuilder out,
      Axis axis,
      double lower,
      double upper,
      double cy,
      double axisLo,
      double axisHi,
      String cssClass,
      String style) {
    boolean clipLow = lower < axisLo;
    boolean clipHigh = upper > axisHi;
    double x1 = axis.x(clipLow ? axisLo : lower);
    double x2 = axis.x(clipHigh ? axisHi : upper);
    Svg.line(out, cssClass, x1, cy, x2, cy, style);
    if (clipLow) {
      arrow(out, x1, cy, -1);
    }
    if (clipHigh) {
      arrow(out, x2, cy, 1);
    }
  }

  /**
   * The pooled row below the sites (a rule above it): the prediction band first, so that the
   * diamond is drawn over it, then the diamond; on a second row the prediction interval's text.
   */
  private static void pooledRow(
      StringBuilder out,
      Axis axis,
      Pooled pooled,
      double top,
      double width,
      double textX,
      double axisLo,
      double axisHi) {
    Svg.line(
        out,
        "separator",
        8,
        top - POOLED_GAP / 2,
        width - 8,
        top - POOLED_GAP / 2,
        "stroke=\"#999999\" stroke-width=\"1\"");
    double cy = top + ROW_HEIGHT / 2;
    Svg.text(out, "pooled-label", 16, cy + 4, "start", 12, "font-weight=\"bold\"", pooled.label());
    Svg.text(
        out,
        "pooled-text",
        textX,
        cy + 4,
        "start",
        12,
        "font-weight=\"bold\"",
        ratio(pooled.ratio())
            + " ("
            + ratio(pooled.ciLower())
            + "–"
            + ratio(pooled.ciUpper())
            + ")");
    if (pooled.hasPredictionInterval()) {
      double pl = Math.max(pooled.piLower(), axisLo);
      double pu = Math.min(pooled.piUpper(), axisHi);
      double x1 = axis.x(pl);
      double x2 = axis.x(pu);
      out.append("<rect class=\"prediction-band\" x=\"")
          .append(Svg.num(x1))
          .append("\" y=\"")
          .append(Svg.num(cy - PI_HALF_HEIGHT))
          .append("\" width=\"")
          .append(Svg.num(x2 - x1))
          .append("\" height=\"")
          .append(Svg.num(2 * PI_HALF_HEIGHT))
          .append("\" fill=\"#9ecae1\" fill-opacity=\"0.6\"/>\n");
      whisker(
          out,
          axis,
          pooled.piLower(),
          pooled.piUpper(),
          cy,
          axisLo,
          axisHi,
          "prediction-line",
          "stroke=\"#3182bd\" stroke-width=\"1.5\"");
      for (double x : new double[] {x1, x2}) {
        Svg.line(
            out,
            "prediction-cap",
            x,
            cy - PI_HALF_HEIGHT,
            x,
            cy + PI_HALF_HEIGHT,
            "stroke=\"#3182bd\" stroke-width=\"1.5\"");
      }
      double ty = cy + ROW_HEIGHT;
      Svg.text(
          out,
          "prediction-label",
          16,
          ty + 4,
          "start",
          12,
          "fill=\"#3182bd\"",
          "95% prediction interval");
      Svg.text(
          out,
          "prediction-text",
          textX,
          ty + 4,
          "start",
          12,
          "fill=\"#3182bd\"",
          ratio(pooled.piLower()) + "–" + ratio(pooled.piUpper()));
    }
    double left = axis.x(Math.max(pooled.ciLower(), axisLo));
    double right = axis.x(Math.min(pooled.ciUpper(), axisHi));
    double mid = axis.x(pooled.ratio());
    out.append("<polygon class=\"diamond\" points=\"")
        .append(Svg.num(left))
        .append(',')
        .append(Svg.num(cy))
        .append(' ')
        .append(Svg.num(mid))
        .append(',')
        .append(Svg.num(cy - DIAMOND_HALF_HEIGHT))
        .append(' ')
        .append(Svg.num(right))
        .append(',')
        .append(Svg.num(cy))
        .append(' ')
        .append(Svg.num(mid))
        .append(',')
        .append(Svg.num(cy + DIAMOND_HALF_HEIGHT))
        .append("\" fill=\"#000000\"/>\n");
  }

  /** The log-scale axis: power-of-two exponents {@code lo..hi} over whole user units. */
  private record Axis(int lo, int hi, double unitsPerDoubling, double left) {
    double x(double ratio) {
      return left + (log2(ratio) - lo) * unitsPerDoubling;
    }
  }

  private static void check(Effect e, int index) {
    if (e == null) {
      throw new IllegalArgumentException("effect " + index + " is null");
    }
    if (e.term() == null) {
      throw new IllegalArgumentException("effect " + index + " has a null term");
    }
    if (!(e.ratio() > 0) || !Double.isFinite(e.ratio())) {
      throw new IllegalArgumentException(
          "effect " + index + " (" + e.term() + ") has ratio " + e.ratio() + "; need finite > 0");
    }
    if (!(e.ciLower() >= 0 && e.ciLower() <= e.ratio())) {
      throw new IllegalArgumentException(
          "effect "
              + index
              + " ("
              + e.term()
              + ") has CI lower end "
              + e.ciLower()
              + "; need 0 <= lower <= ratio "
              + e.ratio());
    }
    if (!(e.ciUpper() >= e.ratio())) {
      throw new IllegalArgumentException(
          "effect "
              + index
              + " ("
              + e.term()
              + ") has CI upper end "
              + e.ciUpper()
              + "; need upper >= ratio "
              + e.ratio());
    }
  }

  private static void check(Pooled p) {
    if (p.label() == null) {
      throw new IllegalArgumentException("pooled row has a null label");
    }
    if (!(p.ratio() > 0) || !Double.isFinite(p.ratio())) {
      throw new IllegalArgumentException(
          "pooled row (" + p.label() + ") has ratio " + p.ratio() + "; need finite > 0");
    }
    if (!(p.ciLower() >= 0 && p.ciLower() <= p.ratio() && p.ciUpper() >= p.ratio())) {
      throw new IllegalArgumentException(
          "pooled row ("
              + p.label()
              + ") has CI "
              + p.ciLower()
              + "–"
              + p.ciUpper()
              + "; need 0 <= lower <= ratio "
              + p.ratio()
              + " <= upper");
    }
    boolean none = Double.isNaN(p.piLower()) && Double.isNaN(p.piUpper());
    if (!none && !(p.piLower() >= 0 && p.piLower() <= p.ratio() && p.piUpper() >= p.ratio())) {
      throw new IllegalArgumentException(
          "pooled row ("
              + p.label()
              + ") has prediction interval "
              + p.piLower()
              + "–"
              + p.piUpper()
              + "; need 0 <= lower <= ratio "
              + p.ratio()
              + " <= upper, or both NaN");
    }
  }

  private static void arrow(StringBuilder out, double x, double y, int direction) {
    double tip = x + direction * 7;
    out.append("<polygon class=\"clip-arrow\" points=\"")
        .append(Svg.num(tip))
        .append(',')
        .append(Svg.num(y))
        .append(' ')
        .append(Svg.num(x))
        .append(',')
        .append(Svg.num(y - 4))
        .append(' ')
        .append(Svg.num(x))
        .append(',')
        .append(Svg.num(y + 4))
        .append("\" fill=\"#000000\"/>\n");
  }

  private static double log2(double v) {
    return Math.log(v) / LOG2;
  }

  /** {@code 2^e} as a plain decimal ("0.25", "4") or, below 1/8, as a fraction ("1/32"). */
  static String tickLabel(int e) {
    if (e >= 0) {
      return Long.toString(1L << e);
    }
    if (e >= -3) {
      return BigDecimal.ONE.divide(BigDecimal.valueOf(1L << -e)).toPlainString();
    }
    return "1/" + (1L << -e);
  }

  private static String ratio(double v) {
    if (v == Double.POSITIVE_INFINITY) {
      return "∞";
    }
    return String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.2f", v);
  }
}
