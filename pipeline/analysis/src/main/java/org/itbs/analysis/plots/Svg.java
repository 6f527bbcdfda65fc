package org.itbs.analysis.plots;

import java.util.Locale;
import org.itbs.core.text.Markup;

/**
 * Small helpers shared by the figures: text elements escaped with {@link Markup#escape} and
 * locale-independent numbers.
 */
final class Svg {
  static final String FONT = "Helvetica, Arial, sans-serif";

  private Svg() {}

  /**
   * A coordinate in user units: at most three decimals, trailing zeros dropped, {@link
   * Locale#ROOT}.
   */
  static String num(double v) {
    String s = String.format(Locale.ROOT, "%.3f", v);
    if (s.indexOf('.') >= 0) {
      s = s.replaceAll("0+$", "");
      if (s.endsWith(".")) {
        s = s.substring(0, s.length() - 1);
      }
    }
    return "-0".equals(s) ? "0" : s;
  }

  /** The XML prolog and the opening {@code svg} element of a {@code width × height} figure. */
  static void open(StringBuilder out, double width, double height) {
    out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"")
        .append(num(width))
        .append("\" height=\"")
        .append(num(height))
        .append("\" viewBox=\"0 0 ")
        .append(num(width))
        .append(' ')
        .append(num(height))
        .append("\" font-family=\"")
        .append(FONT)
        .append("\">\n")
        .append("<rect class=\"background\" x=\"0\" y=\"0\" width=\"")
        .append(num(width))
        .append("\" height=\"")
        .append(num(height))
        .append("\" fill=\"#ffffff\"/>\n");
  }

  /** A text element. */
  static void text(
      StringBuilder out,
      String cssClass,
      double x,
      double y,
      String anchor,
      double size,
      String extra,
      String text) {
    out.append("<text class=\"")
        .append(cssClass)
        .append("\" x=\"")
        .append(num(x))
        .append("\" y=\"")
        .append(num(y))
        .append("\" text-anchor=\"")
        .append(anchor)
        .append("\" font-size=\"")
        .append(num(size))
        .append('"');
    if (!extra.isEmpty()) {
      out.append(' ').append(extra);
    }
    out.append('>').append(Markup.escape(text)).append("</text>\n");
  }

  /** A line element. */
  static void line(
      StringBuilder out,
      String cssClass,
      double x1,
      double y1,
      double x2,
      double y2,
      String extra) {
    out.append("<line class=\"")
        .append(cssClass)
        .append("\" x1=\"")
        .append(num(x1))
        .append("\" y1=\"")
        .append(num(y1))
        .append("\" x2=\"")
        .append(num(x2))
        .append("\" y2=\"")
        .append(num(y2))
        .append("\" ")
        .append(extra)
        .append("/>\n");
  }

  static void checkText(String value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(name + " is null");
    }
  }
}
