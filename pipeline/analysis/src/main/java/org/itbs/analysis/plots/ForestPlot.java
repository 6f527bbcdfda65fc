package org.itbs.analysis.plots;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import org.itbs.analysis.plan.Effect;

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
    double axisY = TOP + n * ROW_HEIGHT + 8;
    double plotRight = axis.x(Math.pow(2, hi));
    double textX = plotRight + 24;
    double width = textX + 190;
    double height = axisY + 66;
    StringBuilder out = new StringBuilder(4096 + n * 800);
    Svg.open(out, width, height);
    Svg.text(out, "title", 16, 28, "start", 16, "font-weight=\"bold\"", title);
    Svg.text(out, "header", 16, TOP - 12, "start", 12, "font-weight=\"bold\"", "Term");
    Svg.text(out, "header", textX, TOP - 12, "start", 12, "font-weight=\"bold\"", "Ratio (95% CI)");

    double oneX = axis.x(1);
    Svg.line(
        out,
        "null-line",
        oneX,
        TOP - 4,
        oneX,
        axisY,
        "stroke=\"#666666\" stroke-width=\"1\" stroke-dasharray=\"4 3\"");

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
      double axisLo = Math.pow(2, lo);
      double axisHi = Math.pow(2, hi);
      boolean clipLow = e.ciLower() < axisLo;
      boolean clipHigh = e.ciUpper() > axisHi;
      double x1 = axis.x(clipLow ? axisLo : e.ciLower());
      double x2 = axis.x(clipHigh ? axisHi : e.ciUpper());
      Svg.line(out, "whisker", x1, cy, x2, cy, "stroke=\"#000000\" stroke-width=\"1.5\"");
      if (clipLow) {
        arrow(out, x1, cy, -1);
      }
      if (clipHigh) {
        arrow(out, x2, cy, 1);
      }
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
