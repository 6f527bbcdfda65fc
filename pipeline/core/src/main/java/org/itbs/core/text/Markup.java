package org.itbs.core.text;

/**
 * The project's one HTML/XML escaper, for the report page ({@code org.itbs.analysis.report}), the
 * SVG figures ({@code org.itbs.analysis.plots}) and the notebook kernel's table rendering ({@code
 * org.itbs.kernel}).
 *
 * <p>Contract of {@link #escape}:
 *
 * <ul>
 *   <li>{@code &} becomes {@code &amp;}, {@code <} becomes {@code &lt;}, {@code >} becomes {@code
 *       &gt;} and {@code "} becomes {@code &quot;};
 *   <li>a C0 control character other than tab, line feed and carriage return (U+0000 to U+001F)
 *       becomes a space: XML 1.0 does not allow them even as character references, and in HTML they
 *       are parse errors;
 *   <li>every other character, the apostrophe included, is kept as it is (the report's prose, such
 *       as "Harrell's C", stays readable in the page's source).
 * </ul>
 *
 * <p>The result is safe as the text of an element (HTML or XML, SVG included) and as the value of
 * an attribute written in <em>double</em> quotes, the only quoting the project writes. It is not
 * safe in an attribute value written in single quotes or without quotes, nor inside {@code
 * <script>} or {@code <style>}, whose content is not parsed for character references.
 */
public final class Markup {
  private Markup() {}

  /**
   * Escapes text for an element's content or a double-quoted attribute value (see the class
   * comment).
   *
   * @param text any text (non-null)
   * @return the text with {@code & < > "} replaced by entities and control characters by spaces
   */
  public static String escape(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String replacement =
          switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            default -> c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? " " : null;
          };
      if (replacement != null) {
        if (out == null) {
          out = new StringBuilder(text.length() + 16).append(text, 0, i);
        }
        out.append(replacement);
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }
}
