package org.itbs.kernel;

import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.itbs.core.text.Markup;
import tech.tablesaw.api.Table;

/**
 * Renders a cell's value for Jupyter, by its type:
 *
 * <ul>
 *   <li>a Tablesaw {@link Table}: {@code text/html} (every cell escaped; at most {@link
 *       #MAX_TABLE_ROWS} rows, then a "… N more rows" note) and a {@code text/plain} fallback;
 *   <li>a {@link String} that is an SVG document (starts with {@code <svg}, after an optional XML
 *       declaration and white space): {@code image/svg+xml}, with a short {@code text/plain};
 *   <li>a {@link RenderedImage} (such as a {@code BufferedImage}): {@code image/png}, base64;
 *   <li>anything else, {@code null} included: {@code text/plain}, its {@code toString} (arrays
 *       element by element).
 * </ul>
 */
final class Rendering {
  /** Rows of a table shown as HTML; the rest are counted in a note. */
  static final int MAX_TABLE_ROWS = 50;

  private Rendering() {}

  /**
   * @param value any value, {@code null} included
   * @return the value's representations, the richest first
   * @throws UncheckedIOException if an image cannot be encoded as PNG
   */
  static MimeBundle render(Object value) {
    if (value instanceof Table table) {
      return table(table);
    }
    if (value instanceof String text && isSvg(text)) {
      return svg(text);
    }
    if (value instanceof RenderedImage image) {
      return png(image);
    }
    return MimeBundle.text(plainText(value));
  }

  /**
   * Whether {@code text} is an SVG document: its first element, after any XML declaration, is svg.
   */
  static boolean isSvg(String text) {
    String rest = text.stripLeading();
    if (rest.startsWith("\uFEFF")) {
      rest = rest.substring(1);
    }
    if (rest.startsWith("<?xml")) {
      int end = rest.indexOf("?>");
      if (end < 0) {
        return false;
      }
      rest = rest.substring(end + 2).stripLeading();
    }
    return rest.startsWith("<svg")
        && (rest.length() == 4 || " \t\r\n/>".indexOf(rest.charAt(4)) >= 0);
  }

  private static MimeBundle table(Table table) {
    int rows = table.rowCount();
    int shown = Math.min(rows, MAX_TABLE_ROWS);
    StringBuilder html = new StringBuilder(256 + 64 * shown * Math.max(1, table.columnCount()));
    html.append("<table class=\"itbs-table\">\n");
    if (table.name() != null && !table.name().isBlank()) {
      html.append("<caption>").append(Markup.escape(table.name())).append("</caption>\n");
    }
    html.append("<thead><tr>");
    for (String column : table.columnNames()) {
      html.append("<th>").append(Markup.escape(column)).append("</th>");
    }
    html.append("</tr></thead>\n<tbody>\n");
    for (int r = 0; r < shown; r++) {
      html.append("<tr>");
      for (int c = 0; c < table.columnCount(); c++) {
        html.append("<td>").append(Markup.escape(table.getString(r, c))).append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</tbody>\n</table>\n");
    String plain = table.print(shown);
    if (rows > shown) {
      String note = "… " + (rows - shown) + " more rows (" + rows + " in all)";
      html.append("<p>").append(note).append("</p>\n");
      plain = plain + "\n" + note;
    }
    Map<String, String> data = new LinkedHashMap<>();
    data.put(MimeBundle.HTML, html.toString());
    data.put(MimeBundle.TEXT, plain);
    return new MimeBundle(data);
  }

  private static MimeBundle svg(String document) {
    // Jupyter front ends and nbconvert embed the SVG in HTML: the XML prolog has no place there
    // (nbconvert's HTML export refuses an encoding declaration).
    String svg = document.strip().replaceFirst("^<\\?xml[^>]*\\?>\\s*", "");
    Map<String, String> data = new LinkedHashMap<>();
    data.put(MimeBundle.SVG, svg);
    // The same picture as an <img> with a data URI: nbconvert's HTML export sanitises inline SVG
    // down to its text, while it keeps an image; front ends prefer text/html, so both show it.
    data.put(
        MimeBundle.HTML,
        "<img src=\"data:image/svg+xml;base64,"
            + java.util.Base64.getEncoder()
                .encodeToString(svg.getBytes(java.nio.charset.StandardCharsets.UTF_8))
            + "\" alt=\"figure\" style=\"max-width: 100%\">");
    data.put(MimeBundle.TEXT, "<SVG image, " + svg.length() + " characters>");
    return new MimeBundle(data);
  }

  private static MimeBundle png(RenderedImage image) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "png", bytes)) {
        return MimeBundle.text(plainText(image));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot encode the image as PNG", e);
    }
    Map<String, String> data = new LinkedHashMap<>();
    data.put(MimeBundle.PNG, Base64.getEncoder().encodeToString(bytes.toByteArray()));
    data.put(MimeBundle.TEXT, "<image " + image.getWidth() + "×" + image.getHeight() + ">");
    return new MimeBundle(data);
  }

  private static String plainText(Object value) {
    if (value != null && value.getClass().isArray()) {
      String wrapped = Arrays.deepToString(new Object[] {value});
      return wrapped.substring(1, wrapped.length() - 1);
    }
    return String.valueOf(value);
  }
}
