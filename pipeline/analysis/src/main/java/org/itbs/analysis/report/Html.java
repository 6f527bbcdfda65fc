package org.itbs.analysis.report;

import java.util.List;
import org.itbs.core.text.Markup;
import tech.tablesaw.api.Table;

/**
 * Builds the report page: one HTML5 document with its CSS inline, SVG figures inline, no script and
 * no reference to anything outside the page.
 */
final class Html {
  private static final String CSS =
      """
      :root { --ink: #1a1a1a; --muted: #555; --rule: #c8c8c8; --band: #f4f6f8; }
      * { box-sizing: border-box; }
      body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: var(--ink);
             max-width: 1120px; margin: 0 auto; padding: 24px 32px 48px; line-height: 1.45;
             font-size: 14px; background: #fff; }
      h1 { font-size: 24px; margin: 0 0 4px; }
      h2 { font-size: 19px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
      h3 { font-size: 15px; margin: 24px 0 8px; }
      .banner { background: #fde8e8; color: #8a0000; border: 2px solid #b00000; padding: 8px 12px;
             font-weight: bold; margin: 0 0 12px; }
      .subtitle { color: var(--muted); margin: 0 0 16px; }
      dl.provenance { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px;
             background: var(--band); padding: 12px 16px; border-left: 4px solid #0072B2; margin: 0 0 16px; }
      dl.provenance dt { font-weight: bold; }
      dl.provenance dd { margin: 0; word-break: break-word; }
      ul.key-figures { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 12px; margin: 0; }
      ul.key-figures li { border: 1px solid var(--rule); padding: 8px 12px; min-width: 180px; }
      ul.key-figures .value { display: block; font-size: 18px; font-weight: bold; }
      ul.key-figures .label { color: var(--muted); font-size: 12px; }
      table.released { border-collapse: collapse; margin: 6px 0 4px; font-size: 13px;
             font-variant-numeric: tabular-nums; }
      table.released caption { caption-side: top; text-align: left; font-weight: bold; padding-bottom: 4px; }
      table.released th { text-align: left; border-top: 2px solid var(--ink);
             border-bottom: 1px solid var(--ink); padding: 4px 10px; }
      table.released td { padding: 3px 10px; border-bottom: 1px solid #e4e4e4; vertical-align: top; }
      table.released tbody tr:last-child td { border-bottom: 2px solid var(--ink); }
      table.released td.num { text-align: right; white-space: nowrap; }
      p.note { color: var(--muted); font-size: 12px; margin: 2px 0 12px; max-width: 900px; }
      p.warning { color: #7a2e00; background: #fff4e5; border-left: 4px solid #d55e00;
             padding: 6px 12px; margin: 6px 0 10px; max-width: 900px; font-weight: bold; }
      figure { margin: 12px 0 20px; }
      figure svg { max-width: 100%; height: auto; }
      figcaption { color: var(--muted); font-size: 12px; max-width: 900px; }
      footer { margin-top: 40px; border-top: 1px solid var(--rule); padding-top: 8px; color: var(--muted);
             font-size: 12px; }
      @media print { body { max-width: none; padding: 0; } h2 { break-after: avoid; }
             figure, table { break-inside: avoid; } }
      """;

  private final StringBuilder body = new StringBuilder();

  void provenance(List<String[]> items) {
    body.append("<h1>ITBS onset and recurrence: cohort report</h1>\n")
        .append(
            "<p class=\"subtitle\">Contributors to iliotibial band syndrome in runners, from the"
                + " pooled prospective cohort.</p>\n")
        .append("<dl class=\"provenance\" id=\"provenance\">\n");
    for (String[] i : items) {
      body.append("<dt>")
          .append(Markup.escape(i[0]))
          .append("</dt><dd>")
          .append(Markup.escape(i[1]))
          .append("</dd>\n");
    }
    body.append("</dl>\n");
  }

  /** A mark at the top of the page, such as the internal profile's. */
  void banner(String text) {
    body.append("<p class=\"banner\" id=\"profile-mark\">")
        .append(Markup.escape(text))
        .append("</p>\n");
  }

  void keyFigures(List<String[]> items) {
    body.append("<ul class=\"key-figures\" id=\"key-figures\">\n");
    for (String[] i : items) {
      body.append("<li><span class=\"value\">")
          .append(Markup.escape(i[1]))
          .append("</span><span class=\"label\">")
          .append(Markup.escape(i[0]))
          .append("</span></li>\n");
    }
    body.append("</ul>\n");
  }

  void section(String id, String title) {
    body.append("<h2 id=\"")
        .append(id)
        .append("\">")
        .append(Markup.escape(title))
        .append("</h2>\n");
  }

  void subsection(String id, String title) {
    body.append("<h3 id=\"")
        .append(id)
        .append("\">")
        .append(Markup.escape(title))
        .append("</h3>\n");
  }

  void note(String text) {
    body.append("<p class=\"note\">").append(Markup.escape(text)).append("</p>\n");
  }

  /** A warning a reader must not miss, set off from the notes (an {@code alert} role). */
  void warning(String id, String text) {
    body.append("<p class=\"warning\" role=\"alert\" data-warning=\"")
        .append(Markup.escape(id))
        .append("\">")
        .append(Markup.escape(text))
        .append("</p>\n");
  }

  /** A released table; a cell that reads as a number (or {@code <5}) is right-aligned. */
  void table(String id, Table t, String note) {
    body.append("<table class=\"released\" id=\"table-")
        .append(id)
        .append("\" data-table=\"")
        .append(id)
        .append("\">\n<caption>")
        .append(Markup.escape(t.name()))
        .append("</caption>\n<thead><tr>");
    for (String c : t.columnNames()) {
      body.append("<th scope=\"col\">").append(Markup.escape(c)).append("</th>");
    }
    body.append("</tr></thead>\n<tbody>\n");
    for (int r = 0; r < t.rowCount(); r++) {
      body.append("<tr>");
      for (int c = 0; c < t.columnCount(); c++) {
        String v = t.column(c).isMissing(r) ? "" : t.getString(r, c);
        body.append(numeric(v) ? "<td class=\"num\">" : "<td>")
            .append(Markup.escape(v))
            .append("</td>");
      }
      body.append("</tr>\n");
    }
    body.append("</tbody>\n</table>\n");
    if (note != null && !note.isEmpty()) {
      note(note);
    }
  }

  /** An SVG figure, inlined without its XML prolog. */
  void figure(String id, String svg, String caption) {
    String inline = svg.replaceFirst("^<\\?xml[^>]*\\?>\\s*", "");
    body.append("<figure id=\"figure-")
        .append(id)
        .append("\" data-figure=\"")
        .append(id)
        .append("\">\n")
        .append(inline)
        .append("<figcaption>")
        .append(Markup.escape(caption))
        .append("</figcaption>\n</figure>\n");
  }

  void footer(String text) {
    body.append("<footer>").append(Markup.escape(text)).append("</footer>\n");
  }

  String page(String title) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src"
        + " 'unsafe-inline'; img-src data:\">\n"
        + "<title>"
        + Markup.escape(title)
        + "</title>\n<style>\n"
        + CSS
        + "</style>\n</head>\n<body>\n"
        + body
        + "</body>\n</html>\n";
  }

  private static boolean numeric(String v) {
    return v.equals("<5") || v.matches("[-−]?[0-9][0-9.,]*%?( ± [0-9.,]+| \\([-−0-9.,%–]+\\))?");
  }
}
