package org.itbs.contribute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.itbs.core.csv.CsvCells;
import org.itbs.core.csv.CsvWriter;
import org.itbs.core.submission.SubmissionManifest;
import org.itbs.core.text.Markup;

/**
 * The clinic's own report of a contribution, written next to the submission and never inside it (it
 * holds the withheld values as written, for the clinic's eyes only). Its folder holds:
 *
 * <ul>
 *   <li>{@code withheld.csv}: one row per row or value withheld, columns {@value #WITHHELD_HEADER}.
 *       {@code submission_line} is the line of the row in the submission file (empty for a row
 *       withheld whole), {@code export_line} its line in the export; {@code column} is empty for a
 *       row withheld whole, whose {@code value} is then the whole line. {@code rule} is the
 *       dictionary rule ({@code range}, {@code type}, ...) or the reason a line does not parse
 *       ({@code field_count}, {@code unbalanced_quote}, ...). A text cell that starts with {@code
 *       =}, {@code +}, {@code -}, {@code @}, tab or carriage return is written with a leading
 *       apostrophe ({@code '=HYPERLINK(...)}), so a spreadsheet shows it as text and never runs it
 *       as a formula;
 *   <li>{@code lines.csv}: for every row sent, {@code file,submission_line,export_line}, so the
 *       clinic can find the export row of a line that the centre names (the submission's rows are
 *       sorted, see {@link SortedRows});
 *   <li>{@code report.html}: one self-contained page with the counts per file and the rows of
 *       withheld.csv (the first {@value #HTML_ROWS}).
 * </ul>
 *
 * <p>When the export gave its gait as C3D files ({@link C3dGait}), the folder also holds {@value
 * #CONVERTED} (the gait_frames rows converted from them, as the export's {@code gait_frames.csv}:
 * the {@code export_line} of a gait_frames row is its line there) and {@value #GAIT_CSV}, one row
 * per row of {@code gait/index.csv} with what became of it (columns {@value #GAIT_HEADER}); each
 * index row withheld is also a row of withheld.csv under {@code gait/index.csv}, and report.html
 * lists them all. Index rows are trials, not rows of a submission file, so the manifest does not
 * count them.
 *
 * <p>Not thread-safe; one per contribution.
 */
final class ClinicReport {
  static final String WITHHELD_HEADER = "file,export_line,submission_line,column,value,rule,action";
  static final int HTML_ROWS = 2000;

  /** The gait_frames rows converted from C3D files, kept for the clinic. */
  static final String CONVERTED = "gait_frames.from-c3d.csv";

  /** What became of each row of gait/index.csv. */
  static final String GAIT_CSV = "gait.csv";

  static final String GAIT_HEADER =
      "index_line,participant_id,session_date,trial,run_file,static_file,outcome,rows_sent,"
          + "frame_rate_hz,events,angles,rule,detail";

  private C3dGait.Converted gait;

  /** One row or value withheld. */
  record Entry(
      String file, long exportLine, String column, String value, String rule, String action) {}

  private final Map<String, List<Entry>> entries = new LinkedHashMap<>();
  private final Map<String, Map<String, Long>> rowCounts = new LinkedHashMap<>();
  private final Map<String, Map<String, Long>> valueCounts = new LinkedHashMap<>();
  private final Map<String, long[][]> lines = new LinkedHashMap<>();
  private final Map<String, Long> rowsSent = new LinkedHashMap<>();

  /** Notes the C3D trials the export's gait_frames rows were converted from. */
  void gait(C3dGait.Converted converted) {
    this.gait = converted;
  }

  /** Notes a line withheld whole. */
  void rowWithheld(String file, ExportLines.Broken b) {
    entries
        .computeIfAbsent(file, f -> new ArrayList<>())
        .add(
            new Entry(
                file,
                b.line(),
                "",
                b.text(),
                b.reason().id(),
                "row withheld: the line " + b.reason().text()));
    rowCounts.computeIfAbsent(file, f -> new TreeMap<>()).merge(b.reason().id(), 1L, Long::sum);
  }

  /** Notes a value replaced by its marker. */
  void valueWithheld(String file, long line, ClinicChecks.Hit h) {
    entries
        .computeIfAbsent(file, f -> new ArrayList<>())
        .add(
            new Entry(
                file,
                line,
                h.column(),
                h.value(),
                h.rule().id(),
                "value sent as " + org.itbs.core.validate.RowValidator.withheldMarker(h.rule())));
    valueCounts.computeIfAbsent(file, f -> new TreeMap<>()).merge(h.rule().id(), 1L, Long::sum);
  }

  /** Notes where the rows of a submission file came from ({@link SortedRows#writeTo}). */
  void linesOf(String file, long[][] submissionAndExportLines) {
    lines.put(file, submissionAndExportLines);
    rowsSent.put(file, (long) submissionAndExportLines.length);
  }

  /** What was withheld, per export file name, as the manifest counts it. */
  Map<String, SubmissionManifest.Withheld> counts() {
    Map<String, SubmissionManifest.Withheld> out = new TreeMap<>();
    for (String f : entries.keySet()) {
      out.put(
          f,
          new SubmissionManifest.Withheld(
              rowCounts.getOrDefault(f, Map.of()), valueCounts.getOrDefault(f, Map.of())));
    }
    return out;
  }

  /** Every entry, in file order then export line order. */
  List<Entry> entries() {
    List<Entry> all = new ArrayList<>();
    for (List<Entry> l : entries.values()) {
      List<Entry> sorted = new ArrayList<>(l);
      sorted.sort(java.util.Comparator.comparingLong(Entry::exportLine));
      all.addAll(sorted);
    }
    return all;
  }

  /**
   * Writes withheld.csv, lines.csv and report.html into {@code dir}, creating it (owner-only on
   * POSIX file systems) and replacing those three files.
   *
   * @throws UncheckedIOException when writing fails
   */
  void write(Path dir, Path submission, SubmissionManifest manifest) {
    try {
      if (!Files.isDirectory(dir)) {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
          Files.createDirectories(
              dir,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
          Files.createDirectories(dir);
        }
      }
      Map<String, Map<Long, Long>> submissionLine = new HashMap<>();
      for (Map.Entry<String, List<Entry>> e : entries.entrySet()) {
        long[][] l = lines.get(e.getKey());
        Map<Long, Long> wanted = new HashMap<>();
        e.getValue().forEach(x -> wanted.put(x.exportLine(), null));
        if (l != null) {
          for (long[] pair : l) {
            if (wanted.containsKey(pair[1])) {
              wanted.put(pair[1], pair[0]);
            }
          }
        }
        submissionLine.put(e.getKey(), wanted);
      }
      List<Entry> all = entries();
      Path withheld = dir.resolve("withheld.csv");
      Files.deleteIfExists(withheld);
      try (CsvWriter w = CsvWriter.create(withheld, CsvWriter.Encoding.PLAIN, header())) {
        for (Entry x : all) {
          Long s = submissionLine.get(x.file()).get(x.exportLine());
          w.text(cell(x.file()));
          w.integer(x.exportLine());
          if (s == null) {
            w.empty();
          } else {
            w.integer(s);
          }
          w.text(cell(x.column()));
          w.text(cell(x.value()));
          w.text(x.rule());
          w.text(cell(x.action()));
          w.endRow();
        }
        if (gait != null) {
          for (C3dGait.Trial t : gait.trials()) {
            if (!t.converted()) {
              w.text(C3dGait.INDEX);
              w.integer(t.line());
              w.empty();
              w.text(cell(t.column()));
              w.text(cell(t.value()));
              w.text(t.rule());
              w.text(cell("trial withheld: " + t.detail()));
              w.endRow();
            }
          }
        }
      }
      if (gait != null) {
        writeGait(dir);
      }
      Path linesCsv = dir.resolve("lines.csv");
      Files.deleteIfExists(linesCsv);
      try (CsvWriter w =
          CsvWriter.create(
              linesCsv, CsvWriter.Encoding.PLAIN, "file", "submission_line", "export_line")) {
        for (Map.Entry<String, long[][]> e : lines.entrySet()) {
          for (long[] pair : e.getValue()) {
            w.text(cell(e.getKey()));
            w.integer(pair[0]);
            w.integer(pair[1]);
            w.endRow();
          }
        }
      }
      Files.write(
          dir.resolve("report.html"),
          html(all, submissionLine, submission, manifest).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the clinic report " + dir, e);
    }
  }

  private void writeGait(Path dir) throws IOException {
    Files.copy(
        gait.file(), dir.resolve(CONVERTED), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Path csv = dir.resolve(GAIT_CSV);
    Files.deleteIfExists(csv);
    try (CsvWriter w = CsvWriter.create(csv, CsvWriter.Encoding.PLAIN, GAIT_HEADER.split(","))) {
      for (C3dGait.Trial t : gait.trials()) {
        w.integer(t.line());
        for (String f : t.fields()) {
          w.text(cell(f));
        }
        w.text(t.converted() ? "sent" : "withheld");
        w.integer(t.frames());
        if (Double.isNaN(t.rate())) {
          w.empty();
        } else {
          w.text(java.math.BigDecimal.valueOf(t.rate()).stripTrailingZeros().toPlainString());
        }
        w.text(cell(t.events()));
        w.text(cell(t.angles()));
        w.text(t.converted() ? "" : t.rule());
        w.text(cell(t.detail()));
        w.endRow();
      }
    }
  }

  private void gaitHtml(StringBuilder h) {
    long sent = gait.convertedCount();
    h.append("<h2>Gait from C3D files (gait/index.csv)</h2>\n<p>")
        .append(gait.trials().size())
        .append(" index row(s): ")
        .append(sent)
        .append(" trial(s) converted into ")
        .append(gait.frames())
        .append(" gait_frames row(s), ")
        .append(gait.trials().size() - sent)
        .append(" withheld. The C3D files themselves, their names and their parameters")
        .append(" (subject, trial, software, dates) stay at the clinic: only the computed angles")
        .append(" and events are sent, under the index's participant, session and trial. The")
        .append(" converted rows are in <code>")
        .append(CONVERTED)
        .append("</code> beside this page (the export lines of gait_frames.csv are its lines),")
        .append(" every index row in <code>")
        .append(GAIT_CSV)
        .append("</code>.</p>\n<table>\n<tr><th>index line</th><th>participant</th>")
        .append("<th>session</th><th>trial</th><th>run file</th><th>static file</th>")
        .append("<th>outcome</th><th>rows sent</th><th>rate (Hz)</th><th>events</th>")
        .append("<th>angles</th><th>rule</th><th>detail</th></tr>\n");
    for (C3dGait.Trial t : gait.trials()) {
      h.append("<tr><td>").append(t.line()).append("</td>");
      for (String f : t.fields()) {
        h.append("<td>").append(Markup.escape(f)).append("</td>");
      }
      h.append("<td>")
          .append(t.converted() ? "sent" : "withheld")
          .append("</td><td>")
          .append(t.frames())
          .append("</td><td>")
          .append(Double.isNaN(t.rate()) ? "" : Markup.escape(String.valueOf(t.rate())))
          .append("</td><td>")
          .append(Markup.escape(t.events()))
          .append("</td><td>")
          .append(Markup.escape(t.angles()))
          .append("</td><td>")
          .append(t.converted() ? "" : Markup.escape(t.rule()))
          .append("</td><td class=\"v\">")
          .append(Markup.escape(t.converted() ? t.detail() : t.value() + ": " + t.detail()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  private static String[] header() {
    return WITHHELD_HEADER.split(",");
  }

  /**
   * A text cell as a spreadsheet reads it safely: {@link CsvCells#neutralise}, a leading apostrophe
   * before {@code = + - @}, tab or carriage return unless the cell is a number, so the cell is
   * never a formula.
   */
  static String cell(String s) {
    return CsvCells.neutralise(s);
  }

  private String html(
      List<Entry> all,
      Map<String, Map<Long, Long>> submissionLine,
      Path submission,
      SubmissionManifest manifest) {
    StringBuilder h = new StringBuilder(4096);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>Clinic report: ")
        .append(Markup.escape(manifest.site()))
        .append("</title>\n<style>\n")
        .append("body{font-family:sans-serif;margin:2em;max-width:70em}")
        .append("table{border-collapse:collapse;margin:1em 0}")
        .append("td,th{border:1px solid #bbb;padding:.25em .5em;text-align:left;")
        .append("vertical-align:top}th{background:#eee}")
        .append("td.v{font-family:monospace;white-space:pre-wrap;word-break:break-all}\n")
        .append("</style>\n</head>\n<body>\n")
        .append("<h1>Clinic report of submission ")
        .append(Markup.escape(String.valueOf(submission.getFileName())))
        .append("</h1>\n<p>Site ")
        .append(Markup.escape(manifest.site()))
        .append(", created ")
        .append(Markup.escape(manifest.created().toString()))
        .append(", key fingerprint ")
        .append(Markup.escape(manifest.keyFingerprint()))
        .append(".</p>\n")
        .append("<p><strong>For the clinic only: this report shows values as the export wrote")
        .append(" them. Do not send it; send only the submission folder.</strong></p>\n")
        .append("<p>Every row was checked against the data dictionary before anything left the")
        .append(" clinic. A line that does not parse as one record was withheld whole; a value")
        .append(" that breaks its column's type, range, allowed values, length or pattern was")
        .append(" sent as a <code>[withheld: rule]</code> marker, and the centre quarantines its")
        .append(" row. Fix them in the export and contribute again.</p>\n");
    h.append("<h2>Per file</h2>\n<table>\n<tr><th>file</th><th>rows sent</th>")
        .append("<th>rows withheld</th><th>values withheld</th></tr>\n");
    Map<String, SubmissionManifest.Withheld> counts = counts();
    for (SubmissionManifest.FileEntry f : manifest.files()) {
      SubmissionManifest.Withheld w =
          counts.getOrDefault(f.file(), new SubmissionManifest.Withheld(Map.of(), Map.of()));
      h.append("<tr><td>")
          .append(Markup.escape(f.file()))
          .append("</td><td>")
          .append(f.rows())
          .append("</td><td>")
          .append(Markup.escape(describe(w.rows())))
          .append("</td><td>")
          .append(Markup.escape(describe(w.values())))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
    if (gait != null) {
      gaitHtml(h);
    }
    h.append("<h2>Rows and values withheld</h2>\n");
    if (all.isEmpty()) {
      h.append("<p>None: every row and value passed the dictionary's rules.</p>\n");
    } else {
      h.append("<p>All of them are in <code>withheld.csv</code> beside this page; there a value")
          .append(" that starts with = + - or @ is written with a leading apostrophe (')")
          .append(" so that a spreadsheet shows it as text and never runs it as a formula.")
          .append(" <code>lines.csv</code> maps every line of the submission to its export")
          .append(" line.</p>\n")
          .append("<table>\n<tr><th>file</th><th>export line</th><th>submission line</th>")
          .append("<th>column</th><th>value as written</th><th>rule</th><th>what was done</th>")
          .append("</tr>\n");
      int shown = 0;
      for (Entry x : all) {
        if (shown++ >= HTML_ROWS) {
          break;
        }
        Long s = submissionLine.get(x.file()).get(x.exportLine());
        h.append("<tr><td>")
            .append(Markup.escape(x.file()))
            .append("</td><td>")
            .append(x.exportLine())
            .append("</td><td>")
            .append(s == null ? "" : s.toString())
            .append("</td><td>")
            .append(Markup.escape(x.column()))
            .append("</td><td class=\"v\">")
            .append(Markup.escape(x.value()))
            .append("</td><td>")
            .append(Markup.escape(x.rule()))
            .append("</td><td>")
            .append(Markup.escape(x.action()))
            .append("</td></tr>\n");
      }
      h.append("</table>\n");
      if (all.size() > HTML_ROWS) {
        h.append("<p>")
            .append(all.size() - HTML_ROWS)
            .append(" further entries are in withheld.csv.</p>\n");
      }
    }
    h.append("</body>\n</html>\n");
    return h.toString();
  }

  private static String describe(Map<String, Long> counts) {
    if (counts.isEmpty()) {
      return "0";
    }
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    StringBuilder sb = new StringBuilder().append(total).append(" (");
    String sep = "";
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      sb.append(sep).append(e.getKey()).append(": ").append(e.getValue());
      sep = ", ";
    }
    return sb.append(')').toString();
  }
}
