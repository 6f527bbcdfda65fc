package org.itbs.analysis.plots;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.itbs.core.text.Markup;
import org.itbs.stats.KaplanMeier;

/**
 * Cumulative incidence curves {@code 1 − S(t)} of Kaplan–Meier fits, one per group, as a
 * self-contained SVG document with a "numbers at risk" table under the time axis and the log-rank
 * p-value printed in the plot.
 *
 * <p>Each group is a step function (a {@code path} of class {@code curve}) with its own colour (the
 * Okabe–Ito colour-blind-safe palette) and dash pattern, named in a legend. The time axis runs from
 * day 0 to the later of the last risk time and the last event time, with a tick at every risk time;
 * a curve stops at its last event time or at the last risk time at which its group still has a
 * runner at risk, whichever is later. The incidence axis runs from 0 to a round value at or above
 * the largest incidence, in percent. Under the axis, one row per group gives {@link
 * KaplanMeier#atRisk(double)} at each risk time (class {@code at-risk}, in a {@code g} of class
 * {@code risk-row} whose {@code data-group} attribute names the group); a number under 5 shows
 * {@code <5}, as in every released table ({@link org.itbs.analysis.tables.SmallCells}).
 *
 * <p>The output depends only on the arguments and uses {@link Locale#ROOT}.
 */
public final class IncidencePlot {
  private static final String[] COLOURS = {
    "#000000", "#E69F00", "#0072B2", "#009E73", "#D55E00", "#CC79A7", "#56B4E9"
  };
  private static final String[] DASHES = {"", "7 4", "2 3", "9 3 2 3", "4 2", "12 4"};
  private static final double[] Y_STEPS = {0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25};
  private static final double LEFT = 170;
  private static final double PLOT_WIDTH = 560;
  private static final double TOP = 52;
  private static final double PLOT_HEIGHT = 330;
  private static final double RISK_ROW = 20;

  private IncidencePlot() {}

  /**
   * Draws the curves.
   *
   * @param title the heading printed above the plot
   * @param byGroup one Kaplan–Meier curve per group label (e.g. {@code T1, T2, T3} from {@link
   *     org.itbs.stats.LogRank#tertiles}), drawn, listed in the legend and tabulated in the map's
   *     iteration order ({@link KaplanMeier#fitByGroup} gives label order)
   * @param riskTimes the times of the time-axis ticks and of the numbers-at-risk columns, in days
   *     of follow-up: finite, {@code >= 0}, strictly ascending, at least one
   * @param logRankP the log-rank p-value of the groups, in [0, 1] ({@link
   *     org.itbs.stats.LogRank#pValue()})
   * @return a complete SVG 1.1 document (UTF-8 XML text)
   * @throws IllegalArgumentException when an argument, a label or a curve is null, {@code byGroup}
   *     is empty, {@code riskTimes} breaks the rules above or {@code logRankP} is outside [0, 1]
   */
  public static String svg(
      String title, Map<String, KaplanMeier> byGroup, double[] riskTimes, double logRankP) {
    checkGroups(byGroup);
    checkRiskTimes(riskTimes);
    Map<String, Curve> curves = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, KaplanMeier> e : byGroup.entrySet()) {
      KaplanMeier km = e.getValue();
      double[] t = km.times();
      double end = t.length == 0 ? 0 : t[t.length - 1];
      String[] atRisk = new String[riskTimes.length];
      for (int i = 0; i < riskTimes.length; i++) {
        if (km.atRisk(riskTimes[i]) > 0) {
          end = Math.max(end, riskTimes[i]);
        }
        atRisk[i] = org.itbs.analysis.tables.SmallCells.count(km.atRisk(riskTimes[i]));
      }
      curves.put(e.getKey(), new Curve(t, km.cumulativeIncidence(), end, atRisk));
    }
    return svgOfCurves(title, curves, riskTimes, logRankP);
  }

  /**
   * One group's cumulative incidence as the plot draws it: a step function rising to {@code
   * incidence[i]} at {@code times[i]}, drawn flat to {@code end}, and the cells of its numbers at
   * risk, one per risk time, as released ({@code <5}, a rounded count).
   *
   * @param times step times in days, ascending
   * @param incidence the cumulative incidence (0 to 1) from each step time on
   * @param end the time the curve is drawn to
   * @param atRisk the numbers-at-risk cells, one per risk time
   */
  public record Curve(double[] times, double[] incidence, double end, String[] atRisk) {}

  /**
   * Draws curves given as steps (such as a life table's, {@link LifeTable}) with their own
   * numbers-at-risk cells, as {@link #svg} draws Kaplan–Meier curves.
   *
   * @throws IllegalArgumentException as {@link #svg}, or when a curve's times and incidences differ
   *     in length or its at-risk cells are not one per risk time
   */
  public static String svgOfCurves(
      String title, Map<String, Curve> byGroup, double[] riskTimes, double logRankP) {
    Svg.checkText(title, "title");
    if (byGroup == null || byGroup.isEmpty()) {
      throw new IllegalArgumentException("curves by group are empty; give at least one group");
    }
    checkRiskTimes(riskTimes);
    if (!(logRankP >= 0 && logRankP <= 1)) {
      throw new IllegalArgumentException("log-rank p-value " + logRankP + " is outside [0, 1]");
    }
    List<String> labels = new ArrayList<>(byGroup.keySet());
    List<Curve> curves = new ArrayList<>(byGroup.values());
    for (int g = 0; g < curves.size(); g++) {
      Curve c = curves.get(g);
      if (c == null
          || c.times().length != c.incidence().length
          || c.atRisk().length != riskTimes.length) {
        throw new IllegalArgumentException(
            "the curve of group " + labels.get(g) + " is malformed (times, incidences, at risk)");
      }
    }
    double lastRisk = riskTimes[riskTimes.length - 1];
    double xMax = lastRisk;
    double yMaxData = 0;
    for (Curve km : curves) {
      double[] t = km.times();
      double[] ci = km.incidence();
      xMax = Math.max(xMax, km.end());
      if (t.length > 0) {
        xMax = Math.max(xMax, t[t.length - 1]);
        yMaxData = Math.max(yMaxData, ci[ci.length - 1]);
      }
    }
    if (xMax == 0) {
      xMax = 1; // only a tick at day 0 and no event after it
    }
    double yStep = yStep(yMaxData);
    int yTicks = Math.max(1, (int) Math.ceil(yMaxData / yStep - 1e-9));
    double yMax = yTicks * yStep;
    double right = LEFT + PLOT_WIDTH;
    double bottom = TOP + PLOT_HEIGHT;
    double riskTop = bottom + 76;
    double width = right + 40;
    double height = riskTop + 14 + labels.size() * RISK_ROW + 12;
    final double scaleX = PLOT_WIDTH / xMax;
    final double scaleY = PLOT_HEIGHT / yMax;

    StringBuilder out = new StringBuilder(8192);
    Svg.open(out, width, height);
    Svg.text(out, "title", 16, 28, "start", 16, "font-weight=\"bold\"", title);

    // Grid and y axis.
    for (int k = 0; k <= yTicks; k++) {
      double y = bottom - k * yStep * scaleY;
      if (k > 0) {
        Svg.line(out, "grid", LEFT, y, right, y, "stroke=\"#e5e5e5\" stroke-width=\"1\"");
      }
      Svg.line(out, "y-tick", LEFT - 5, y, LEFT, y, "stroke=\"#000000\" stroke-width=\"1\"");
      Svg.text(out, "y-tick-label", LEFT - 8, y + 4, "end", 11, "", percent(k * yStep, yStep));
    }
    Svg.line(out, "axis", LEFT, TOP, LEFT, bottom, "stroke=\"#000000\" stroke-width=\"1\"");
    out.append("<text class=\"axis-label\" x=\"0\" y=\"0\" text-anchor=\"middle\"")
        .append(" font-size=\"12\" transform=\"translate(")
        .append(Svg.num(LEFT - 52))
        .append(',')
        .append(Svg.num(TOP + PLOT_HEIGHT / 2))
        .append(") rotate(-90)\">Cumulative incidence</text>\n");

    // Time axis.
    Svg.line(out, "axis", LEFT, bottom, right, bottom, "stroke=\"#000000\" stroke-width=\"1\"");
    for (double t : riskTimes) {
      double x = LEFT + t * scaleX;
      Svg.line(out, "x-tick", x, bottom, x, bottom + 5, "stroke=\"#000000\" stroke-width=\"1\"");
      Svg.text(out, "x-tick-label", x, bottom + 19, "middle", 11, "", day(t));
    }
    Svg.text(
        out,
        "axis-label",
        LEFT + PLOT_WIDTH / 2,
        bottom + 40,
        "middle",
        12,
        "",
        "Days of follow-up");

    // Curves.
    for (int g = 0; g < curves.size(); g++) {
      Curve km = curves.get(g);
      double[] t = km.times();
      double[] ci = km.incidence();
      double end = Math.max(km.end(), t.length == 0 ? 0 : t[t.length - 1]);
      StringBuilder d =
          new StringBuilder("M").append(Svg.num(LEFT)).append(',').append(Svg.num(bottom));
      for (int i = 0; i < t.length; i++) {
        d.append(" H")
            .append(Svg.num(LEFT + t[i] * scaleX))
            .append(" V")
            .append(Svg.num(bottom - ci[i] * scaleY));
      }
      d.append(" H").append(Svg.num(LEFT + end * scaleX));
      out.append("<path class=\"curve\" data-group=\"")
          .append(Markup.escape(labels.get(g)))
          .append("\" d=\"")
          .append(d)
          .append("\" fill=\"none\" ")
          .append(stroke(g))
          .append(" stroke-width=\"2\" stroke-linejoin=\"miter\"/>\n");
    }

    // Legend and p-value, top left inside the plot, where incidence curves start low.
    double legendY = TOP + 16;
    for (int g = 0; g < labels.size(); g++) {
      double y = legendY + g * 18;
      Svg.line(
          out,
          "legend-line",
          LEFT + 14,
          y - 4,
          LEFT + 44,
          y - 4,
          stroke(g) + " stroke-width=\"2\"");
      Svg.text(out, "legend-label", LEFT + 50, y, "start", 12, "", labels.get(g));
    }
    Svg.text(
        out,
        "p-value",
        LEFT + 14,
        legendY + labels.size() * 18 + 6,
        "start",
        12,
        "",
        "Log-rank " + pValue(logRankP));

    // Numbers at risk.
    Svg.text(out, "risk-title", 16, riskTop, "start", 12, "font-weight=\"bold\"", "Number at risk");
    for (int g = 0; g < labels.size(); g++) {
      double y = riskTop + (g + 1) * RISK_ROW;
      out.append("<g class=\"risk-row\" data-group=\"")
          .append(Markup.escape(labels.get(g)))
          .append("\">\n");
      Svg.text(
          out,
          "risk-label",
          LEFT - 36,
          y,
          "end",
          12,
          "fill=\"" + COLOURS[g % COLOURS.length] + "\"",
          labels.get(g));
      for (int i = 0; i < riskTimes.length; i++) {
        Svg.text(
            out,
            "at-risk",
            LEFT + riskTimes[i] * scaleX,
            y,
            "middle",
            11,
            "",
            curves.get(g).atRisk()[i]);
      }
      out.append("</g>\n");
    }
    out.append("</svg>\n");
    return out.toString();
  }

  private static void checkGroups(Map<String, KaplanMeier> byGroup) {
    if (byGroup == null) {
      throw new IllegalArgumentException("curves by group are null");
    }
    if (byGroup.isEmpty()) {
      throw new IllegalArgumentException("curves by group are empty; give at least one group");
    }
    for (var e : byGroup.entrySet()) {
      if (e.getKey() == null) {
        throw new IllegalArgumentException("a group label is null");
      }
      if (e.getValue() == null) {
        throw new IllegalArgumentException("the curve of group " + e.getKey() + " is null");
      }
    }
  }

  private static void checkRiskTimes(double[] riskTimes) {
    if (riskTimes == null) {
      throw new IllegalArgumentException("risk times are null");
    }
    if (riskTimes.length == 0) {
      throw new IllegalArgumentException("risk times are empty; give at least one time in days");
    }
    for (int i = 0; i < riskTimes.length; i++) {
      double t = riskTimes[i];
      if (!(t >= 0) || !Double.isFinite(t)) {
        throw new IllegalArgumentException(
            "risk time " + i + " is " + t + "; need a finite time >= 0 days");
      }
      if (i > 0 && !(t > riskTimes[i - 1])) {
        throw new IllegalArgumentException(
            "risk time "
                + i
                + " ("
                + t
                + ") is not after "
                + riskTimes[i - 1]
                + "; need ascending");
      }
    }
  }

  /** A round tick step giving at most eight steps up to {@code max} (at least one). */
  private static double yStep(double max) {
    for (double s : Y_STEPS) {
      if (max <= 8 * s) {
        return s;
      }
    }
    return 0.25;
  }

  private static String stroke(int g) {
    String dash = DASHES[g % DASHES.length];
    return "stroke=\""
        + COLOURS[g % COLOURS.length]
        + "\""
        + (dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"");
  }

  private static String percent(double p, double step) {
    boolean whole = Math.abs(step * 100 - Math.rint(step * 100)) < 1e-9;
    return String.format(Locale.ROOT, whole ? "%.0f%%" : "%.1f%%", p * 100);
  }

  private static String day(double t) {
    return t == Math.rint(t)
        ? String.format(Locale.ROOT, "%.0f", t)
        : String.format(Locale.ROOT, "%.1f", t);
  }

  /** The log-rank p-value as the plot prints it, {@code "p = 0.012"} or {@code "p < 0.001"}. */
  public static String pValueText(double p) {
    return pValue(p);
  }

  /** {@code "p = 0.012"} (three decimals) or {@code "p < 0.001"}. */
  static String pValue(double p) {
    if (p < 0.001) {
      return "p < 0.001";
    }
    return String.format(Locale.ROOT, "p = %.3f", p);
  }
}
