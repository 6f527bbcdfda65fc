package org.itbs.analysis.plots;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.itbs.core.text.Markup;

/**
 * The distribution of one variable in two or more groups (such as onset status), as a
 * self-contained SVG: per group a histogram outline over shared bins, in percent of the group's
 * runners with a value, and a vertical mark at the group's mean. Groups with fewer than 5 values
 * are not drawn (small-cell rule) and say so in the legend.
 *
 * <p>The output depends only on the arguments and uses {@link Locale#ROOT}.
 */
public final class DistributionPlot {
  private static final String[] COLOURS = {"#D55E00", "#0072B2", "#009E73", "#E69F00", "#CC79A7"};
  private static final String[] DASHES = {"", "6 3", "2 3", "9 3 2 3", "4 2"};
  private static final double LEFT = 70;
  private static final double TOP = 50;
  private static final double W = 520;
  private static final double H = 260;
  private static final int BINS = 24;

  private DistributionPlot() {}

  /**
   * Draws the distributions.
   *
   * @param title heading above the plot
   * @param axisLabel the variable and its unit, under the x axis
   * @param groups values per group label, in legend order; non-finite values are ignored
   * @return a complete SVG 1.1 document
   * @throws IllegalArgumentException when there is no group, or no group has 5 finite values
   */
  public static String svg(String title, String axisLabel, Map<String, double[]> groups) {
    Svg.checkText(title, "title");
    Svg.checkText(axisLabel, "axis label");
    if (groups == null || groups.isEmpty()) {
      throw new IllegalArgumentException("no groups to draw");
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    List<String> labels = new ArrayList<>();
    List<double[]> values = new ArrayList<>();
    for (Map.Entry<String, double[]> g : groups.entrySet()) {
      double[] v = java.util.Arrays.stream(g.getValue()).filter(Double::isFinite).toArray();
      labels.add(g.getKey());
      values.add(v);
      if (v.length >= 5) {
        for (double x : v) {
          lo = Math.min(lo, x);
          hi = Math.max(hi, x);
        }
      }
    }
    if (lo == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException("no group has 5 values to draw");
    }
    if (hi == lo) {
      hi = lo + 1;
    }
    double width = (hi - lo) / BINS;
    List<double[]> percents = new ArrayList<>();
    double yMax = 0;
    for (double[] v : values) {
      double[] p = new double[BINS];
      if (v.length >= 5) {
        for (double x : v) {
          p[Math.min(BINS - 1, (int) ((x - lo) / width))] += 100.0 / v.length;
        }
        for (double q : p) {
          yMax = Math.max(yMax, q);
        }
      }
      percents.add(p);
    }
    double yStep = yMax <= 10 ? 2 : yMax <= 25 ? 5 : 10;
    int yTicks = (int) Math.ceil(yMax / yStep);
    double scaleY = H / (yTicks * yStep);
    double bottom = TOP + H;
    StringBuilder out = new StringBuilder(8192);
    Svg.open(out, LEFT + W + 190, bottom + 60);
    Svg.text(out, "title", 12, 26, "start", 15, "font-weight=\"bold\"", title);
    for (int k = 0; k <= yTicks; k++) {
      double y = bottom - k * yStep * scaleY;
      if (k > 0) {
        Svg.line(out, "grid", LEFT, y, LEFT + W, y, "stroke=\"#e5e5e5\" stroke-width=\"1\"");
      }
      Svg.text(
          out,
          "y-tick-label",
          LEFT - 6,
          y + 4,
          "end",
          11,
          "",
          String.format(Locale.ROOT, "%.0f%%", k * yStep));
    }
    Svg.line(out, "axis", LEFT, bottom, LEFT + W, bottom, "stroke=\"#000000\" stroke-width=\"1\"");
    Svg.line(out, "axis", LEFT, TOP, LEFT, bottom, "stroke=\"#000000\" stroke-width=\"1\"");
    for (int k = 0; k <= 4; k++) {
      double x = LEFT + k * W / 4;
      Svg.line(out, "x-tick", x, bottom, x, bottom + 5, "stroke=\"#000000\" stroke-width=\"1\"");
      Svg.text(
          out, "x-tick-label", x, bottom + 18, "middle", 11, "", label(lo + k * (hi - lo) / 4));
    }
    Svg.text(out, "axis-label", LEFT + W / 2, bottom + 40, "middle", 12, "", axisLabel);
    for (int g = 0; g < labels.size(); g++) {
      String colour = COLOURS[g % COLOURS.length];
      String dash = DASHES[g % DASHES.length];
      double[] v = values.get(g);
      double ly = TOP + 10 + g * 20;
      boolean drawn = v.length >= 5;
      Svg.line(
          out,
          "legend-key",
          LEFT + W + 16,
          ly - 4,
          LEFT + W + 40,
          ly - 4,
          "stroke=\"" + colour + "\" stroke-width=\"2\"" + dashAttr(dash));
      Svg.text(
          out,
          "legend-label",
          LEFT + W + 46,
          ly,
          "start",
          12,
          "",
          labels.get(g) + (drawn ? " (n = " + v.length + ")" : " (fewer than 5, not drawn)"));
      if (!drawn) {
        continue;
      }
      StringBuilder d =
          new StringBuilder("M").append(Svg.num(LEFT)).append(' ').append(Svg.num(bottom));
      double[] p = percents.get(g);
      for (int b = 0; b < BINS; b++) {
        double x0 = LEFT + b * W / BINS;
        double x1 = LEFT + (b + 1) * W / BINS;
        double y = bottom - p[b] * scaleY;
        d.append(" L").append(Svg.num(x0)).append(' ').append(Svg.num(y));
        d.append(" L").append(Svg.num(x1)).append(' ').append(Svg.num(y));
      }
      d.append(" L").append(Svg.num(LEFT + W)).append(' ').append(Svg.num(bottom));
      out.append("<path class=\"histogram\" data-group=\"")
          .append(Markup.escape(labels.get(g)))
          .append("\" d=\"")
          .append(d)
          .append("\" fill=\"none\" stroke=\"")
          .append(colour)
          .append("\" stroke-width=\"2\"")
          .append(dashAttr(dash))
          .append("/>\n");
      double mean = java.util.Arrays.stream(v).average().orElse(Double.NaN);
      double mx = LEFT + (mean - lo) / (hi - lo) * W;
      Svg.line(
          out,
          "mean",
          mx,
          TOP,
          mx,
          bottom,
          "stroke=\"" + colour + "\" stroke-width=\"1\" stroke-dasharray=\"1 3\"");
    }
    out.append("</svg>\n");
    return out.toString();
  }

  private static String dashAttr(String dash) {
    return dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"";
  }

  private static String label(double v) {
    double a = Math.abs(v);
    return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f", v);
  }
}
