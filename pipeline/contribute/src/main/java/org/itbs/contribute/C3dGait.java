package org.itbs.contribute;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.itbs.c3d.C3dFile;
import org.itbs.c3d.C3dFormatException;
import org.itbs.c3d.C3dReader;
import org.itbs.c3d.Side;
import org.itbs.c3d.events.GaitEvent;
import org.itbs.c3d.events.GaitEventDetector;
import org.itbs.c3d.events.GaitEvents;
import org.itbs.c3d.kinematics.Angle;
import org.itbs.c3d.kinematics.AngleModelException;
import org.itbs.c3d.kinematics.GaitAngles;
import org.itbs.c3d.kinematics.JointAngles;
import org.itbs.c3d.kinematics.MarkerFilter;
import org.itbs.core.csv.CsvReader;
import org.itbs.core.csv.CsvWriter;
import org.itbs.core.dictionary.TableSpec;
import org.itbs.core.validate.RowValidator;
import org.itbs.core.validate.Rule;

/**
 * Gait as the laboratory exported it: instead of {@code gait_frames.csv}, an export may carry a
 * folder {@code gait/} with the laboratory's C3D files and {@value #INDEX}, one row per trial with
 * the columns {@link #COLUMNS} ({@code static_file} may be empty when the run carries the lab's
 * model outputs; a session's trials may share one static trial). At the clinic each trial becomes
 * the {@code gait_frames} rows of {@code cef-1}, at the trial's own frame rate:
 *
 * <ul>
 *   <li>angles by {@link JointAngles#of}: the run's model outputs when the Plug-in Gait mapping
 *       fits it, else the project's marker model from the static trial (marker set detected, {@link
 *       MarkerFilter#DEFAULT});
 *   <li>foot strikes and toe offs by {@link GaitEventDetector} ({@code auto}: the file's {@code
 *       EVENT} group, else its force platforms, else its markers), written in {@code event} on the
 *       frame of their side;
 *   <li>one row per side and frame whose five angles are all known, {@code frame} the file's frame
 *       number, {@code frame_rate_hz} the file's point rate; a frame with an angle unknown (a
 *       segment's markers missing past the gap filling) is left out and counted.
 * </ul>
 *
 * <p>Only those computed numbers and the index's participant_id, session_date and trial leave the
 * converter; nothing of a C3D file's parameters (subject and trial names, dates, manufacturer) or
 * its file name does. The rows then go through the contribution like any {@code gait_frames.csv}
 * (the dictionary's checks, pseudonym, date shift, sorted order).
 *
 * <p>Every index row is converted or withheld with its reason ({@link Trial}): a line that does not
 * parse as one record, a missing or malformed participant_id, session_date, trial or run_file, a
 * trial named twice, a file name that is absolute or leaves {@code gait/}, a file missing, a file
 * that is not a readable C3D file, angles that cannot be computed (no model outputs and a marker
 * the set needs missing, or no static trial). A header without a required column or with an unknown
 * one refuses the export, as for the CSV files.
 */
final class C3dGait {
  /** The folder of the C3D files. */
  static final String FOLDER = "gait/";

  /** The index of the trials. */
  static final String INDEX = FOLDER + "index.csv";

  /** The index's columns. */
  static final List<String> COLUMNS =
      List.of("participant_id", "session_date", "trial", "run_file", "static_file");

  /** The index's columns that a row must fill. */
  static final Set<String> REQUIRED = Set.of("participant_id", "session_date", "trial", "run_file");

  /** Rule of a file name that is absolute or leaves the gait folder. */
  static final String FILE_PATH = "file_path";

  /** Rule of a file the index names but the gait folder lacks. */
  static final String FILE_MISSING = "file_missing";

  /** Rule of a file that is not a readable C3D file. */
  static final String C3D_UNREADABLE = "c3d_unreadable";

  /** Rule of a trial whose angles cannot be computed (a marker missing, no static trial). */
  static final String C3D_ANGLES = "c3d_angles";

  private static final int MAX_FIELD = 4096;

  /**
   * What became of one index row.
   *
   * @param line its line in {@value #INDEX}
   * @param fields participant_id, session_date, trial, run_file, static_file as written (empty
   *     where the row has none), for the clinic's report only
   * @param frames rows of gait_frames written (both sides), 0 when withheld
   * @param framesLeftOut side-frames left out for an unknown angle
   * @param rate the run's frame rate, NaN when withheld before reading it
   * @param events where the events came from and how many ({@code force platform, 84 events}),
   *     empty when withheld
   * @param angles how the angles were obtained, empty when withheld
   * @param rule null when converted, else why withheld ({@code required}, {@code type}, {@code
   *     range}, {@code duplicate_key}, {@value #FILE_PATH}, {@value #FILE_MISSING}, {@value
   *     #C3D_UNREADABLE}, {@value #C3D_ANGLES}, or a reason a line does not parse, {@code
   *     field_count}, …)
   * @param column the index column the rule concerns, empty for a whole line
   * @param value the value the rule concerns, as written (the whole line for a broken one)
   * @param detail what was wrong or noted, for the clinic
   */
  record Trial(
      long line,
      List<String> fields,
      long frames,
      long framesLeftOut,
      double rate,
      String events,
      String angles,
      String rule,
      String column,
      String value,
      String detail) {
    boolean converted() {
      return rule == null;
    }
  }

  /**
   * The converted trials.
   *
   * @param entry the gait_frames rows written, as the export's {@code gait_frames.csv}
   * @param file where they are, at the clinic (kept in the clinic report)
   * @param trials per index row, in index order, what became of it
   */
  record Converted(RawExport.Entry entry, Path file, List<Trial> trials) {
    long convertedCount() {
      return trials.stream().filter(Trial::converted).count();
    }

    long frames() {
      return trials.stream().mapToLong(Trial::frames).sum();
    }
  }

  private C3dGait() {}

  /** Whether the export gives its gait as C3D files. */
  static boolean present(RawExport export) {
    return export.find(INDEX).isPresent();
  }

  /**
   * Converts the trials of {@value #INDEX} into gait_frames rows in {@code out}.
   *
   * @param gaitFrames cef-1's gait_frames table (its columns head the file)
   * @param problems where a header that cannot be read is noted (then null is returned)
   * @return the converted trials, or null when the index's header is refused
   * @throws UncheckedIOException when reading or writing fails
   */
  static Converted convert(
      RawExport export,
      Path out,
      TableSpec gaitFrames,
      List<ExportRejectedException.Problem> problems) {
    RawExport.Entry index = export.find(INDEX).orElseThrow();
    int[] fieldOf = header(index, problems);
    if (fieldOf == null) {
      return null;
    }
    int width = headerWidth(index);
    List<Trial> trials = new ArrayList<>();
    Instant[] modified = {index.modified()};
    List<String> columns = new ArrayList<>();
    gaitFrames.columns().forEach(c -> columns.add(c.name()));
    Set<String> seen = new HashSet<>();
    Map<String, C3dFile> statics = new HashMap<>();
    boolean[] mayBreak = new boolean[width];
    try (CsvWriter w =
            CsvWriter.create(out, CsvWriter.Encoding.PLAIN, columns.toArray(String[]::new));
        InputStream in = index.open();
        ExportLines lines = ExportLines.open(in, width, mayBreak, MAX_FIELD)) {
      ExportLines.Item item;
      while ((item = lines.next()) != null) {
        if (item instanceof ExportLines.Broken b) {
          trials.add(
              new Trial(
                  b.line(),
                  List.of("", "", "", "", ""),
                  0,
                  0,
                  Double.NaN,
                  "",
                  "",
                  b.reason().id(),
                  "",
                  b.text(),
                  "the line " + b.reason().text()));
          continue;
        }
        ExportLines.Row r = (ExportLines.Row) item;
        String[] f = new String[COLUMNS.size()];
        for (int k = 0; k < f.length; k++) {
          f[k] = fieldOf[k] < 0 ? "" : r.fields()[fieldOf[k]].strip();
        }
        trials.add(trial(export, r.line(), f, seen, statics, modified, columns, w));
      }
    } catch (ExportLines.NotUtf8Exception | CsvReader.NotUtf8Exception e) {
      problems.add(
          new ExportRejectedException.Problem(
              INDEX, null, "is not UTF-8 (" + e.getMessage() + "); export the file as UTF-8"));
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + INDEX, e);
    }
    Instant when = modified[0];
    RawExport.Entry entry =
        new RawExport.Entry() {
          @Override
          String name() {
            return gaitFrames.file();
          }

          @Override
          Instant modified() {
            return when;
          }

          @Override
          InputStream open() throws IOException {
            return java.nio.file.Files.newInputStream(out);
          }
        };
    return new Converted(entry, out, List.copyOf(trials));
  }

  /** Per index column, its header field, or null (problems noted) when the header is refused. */
  private static int[] header(RawExport.Entry index, List<ExportRejectedException.Problem> p) {
    String[] header;
    try (InputStream in = index.open();
        CsvReader r = CsvReader.open(in)) {
      header = r.header();
    } catch (CsvReader.MissingHeaderException e) {
      p.add(new ExportRejectedException.Problem(INDEX, null, "has no header row"));
      return null;
    } catch (CsvReader.NotUtf8Exception e) {
      p.add(
          new ExportRejectedException.Problem(
              INDEX, null, "is not UTF-8 (" + e.getMessage() + "); export the file as UTF-8"));
      return null;
    } catch (CsvReader.MalformedCsvException e) {
      p.add(new ExportRejectedException.Problem(INDEX, null, e.getMessage()));
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + INDEX, e);
    }
    int[] fieldOf = new int[COLUMNS.size()];
    Arrays.fill(fieldOf, -1);
    int before = p.size();
    for (int i = 0; i < header.length; i++) {
      String name = header[i].trim().toLowerCase(Locale.ROOT);
      int k = COLUMNS.indexOf(name);
      if (k < 0) {
        p.add(
            new ExportRejectedException.Problem(
                INDEX,
                name,
                "column '"
                    + header[i].trim()
                    + "' is not a column of the gait index "
                    + COLUMNS
                    + "; remove it or rename it"));
      } else if (fieldOf[k] >= 0) {
        p.add(
            new ExportRejectedException.Problem(
                INDEX, name, "column '" + header[i].trim() + "' appears twice in the header"));
      } else {
        fieldOf[k] = i;
      }
    }
    for (int k = 0; k < COLUMNS.size(); k++) {
      if (fieldOf[k] < 0 && REQUIRED.contains(COLUMNS.get(k))) {
        p.add(
            new ExportRejectedException.Problem(
                INDEX,
                COLUMNS.get(k),
                "required column '" + COLUMNS.get(k) + "' is missing from the header"));
      }
    }
    return p.size() > before ? null : fieldOf;
  }

  private static int headerWidth(RawExport.Entry index) {
    try (InputStream in = index.open();
        CsvReader r = CsvReader.open(in)) {
      return r.header().length;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + INDEX, e);
    }
  }

  /** One index row: checked, its files read, its rows written; or withheld with the reason. */
  private static Trial trial(
      RawExport export,
      long line,
      String[] f,
      Set<String> seen,
      Map<String, C3dFile> statics,
      Instant[] modified,
      List<String> columns,
      CsvWriter w) {
    List<String> fields = List.of(f);
    for (int k = 0; k < COLUMNS.size(); k++) {
      String c = COLUMNS.get(k);
      if (REQUIRED.contains(c) && RowValidator.isMissing(f[k])) {
        return withheld(line, fields, Rule.REQUIRED.id(), c, f[k], c + " is missing");
      }
    }
    try {
      RowValidator.parseDate(f[1]);
    } catch (DateTimeParseException e) {
      return withheld(
          line, fields, Rule.TYPE.id(), "session_date", f[1], "session_date is not yyyy-MM-dd");
    }
    long trialNumber;
    try {
      trialNumber = Long.parseLong(f[2]);
    } catch (NumberFormatException e) {
      return withheld(line, fields, Rule.TYPE.id(), "trial", f[2], "trial is not an integer");
    }
    if (trialNumber < 1) {
      return withheld(line, fields, Rule.RANGE.id(), "trial", f[2], "trial must be 1 or more");
    }
    if (!seen.add(f[0] + '\u0000' + f[1] + '\u0000' + trialNumber)) {
      return withheld(
          line,
          fields,
          Rule.DUPLICATE_KEY.id(),
          "trial",
          f[2],
          "an earlier row names the same participant_id, session_date and trial");
    }
    Trial bad = checkPath(line, fields, "run_file", f[3]);
    if (bad == null && !RowValidator.isMissing(f[4])) {
      bad = checkPath(line, fields, "static_file", f[4]);
    }
    if (bad != null) {
      return bad;
    }
    C3dFile run;
    C3dFile statik = null;
    try {
      run = read(export, f[3], modified);
      if (!RowValidator.isMissing(f[4])) {
        statik = statics.get(f[4]);
        if (statik == null) {
          statik = read(export, f[4], modified);
          statics.put(f[4], statik);
        }
      }
    } catch (MissingFile e) {
      String column = e.getMessage().equals(f[3]) ? "run_file" : "static_file";
      return withheld(
          line,
          fields,
          FILE_MISSING,
          column,
          e.getMessage(),
          "no file " + FOLDER + e.getMessage() + " in the export");
    } catch (C3dFormatException e) {
      String column = e.file().equals(f[3]) ? "run_file" : "static_file";
      String value = column.equals("run_file") ? f[3] : f[4];
      return withheld(
          line,
          fields,
          C3D_UNREADABLE,
          column,
          value,
          "not a readable C3D file: " + e.getMessage());
    }
    GaitAngles angles;
    try {
      angles = JointAngles.of(run, statik, null, null, MarkerFilter.DEFAULT);
    } catch (AngleModelException | IllegalArgumentException e) {
      return withheld(line, fields, C3D_ANGLES, "run_file", f[3], e.getMessage());
    }
    GaitEvents events = GaitEventDetector.withDefaults().detect(run);
    return write(line, fields, trialNumber, angles, events, columns, w);
  }

  private static Trial checkPath(long line, List<String> fields, String column, String value) {
    if (!RawExport.inside(value)) {
      return withheld(
          line,
          fields,
          FILE_PATH,
          column,
          value,
          "a file name relative to gait/, without .. or a drive, is needed");
    }
    return null;
  }

  /** Reads a C3D file of the gait folder, or fails naming it (by its index name). */
  private static C3dFile read(RawExport export, String name, Instant[] modified) {
    Optional<RawExport.Entry> e = export.find(FOLDER + name);
    if (e.isEmpty()) {
      throw new MissingFile(name);
    }
    byte[] bytes;
    try (InputStream in = e.get().open()) {
      bytes = in.readAllBytes();
    } catch (IOException x) {
      throw new UncheckedIOException("cannot read " + FOLDER + name, x);
    }
    Instant m = e.get().modified();
    if (m.isAfter(modified[0])) {
      modified[0] = m;
    }
    return C3dReader.read(bytes, name);
  }

  /** A file the index names is not in the gait folder. */
  private static final class MissingFile extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MissingFile(String name) {
      super(name);
    }
  }

  private static Trial withheld(
      long line, List<String> fields, String rule, String column, String value, String detail) {
    return new Trial(line, fields, 0, 0, Double.NaN, "", "", rule, column, value, detail);
  }

  /** Writes the rows of one converted trial: per side, every frame with its five angles known. */
  private static Trial write(
      long line,
      List<String> fields,
      long trial,
      GaitAngles a,
      GaitEvents events,
      List<String> columns,
      CsvWriter w) {
    int n = a.frameCount();
    String rate = BigDecimal.valueOf(a.rate()).stripTrailingZeros().toPlainString();
    long written = 0;
    long leftOut = 0;
    long eventsLost = 0;
    long eventsClash = 0;
    Angle[] order = angleColumns(columns);
    for (Side side : Side.values()) {
      String[] event = new String[n];
      for (GaitEvent e : events.events()) {
        int f = e.frame() - a.firstFrame();
        if (e.side() != side || f < 0 || f >= n) {
          continue;
        }
        if (event[f] != null) {
          eventsClash++;
          continue;
        }
        event[f] = e.kind() == GaitEvent.Kind.FOOT_STRIKE ? "FS" : "TO";
      }
      for (int f = 0; f < n; f++) {
        boolean known = true;
        for (Angle x : order) {
          known &= !Double.isNaN(a.value(side, x, f));
        }
        if (!known) {
          leftOut++;
          if (event[f] != null) {
            eventsLost++;
          }
          continue;
        }
        w.text(fields.get(0));
        w.text(fields.get(1));
        w.integer(trial);
        w.text(side.code());
        w.integer((long) a.firstFrame() + f);
        w.text(rate);
        if (event[f] == null) {
          w.empty();
        } else {
          w.text(event[f]);
        }
        for (Angle x : order) {
          w.fixed(a.value(side, x, f), 3);
        }
        w.endRow();
        written++;
      }
    }
    StringBuilder detail = new StringBuilder();
    if (events.events().isEmpty()) {
      detail.append("no gait events found (").append(String.join("; ", events.notes()));
      detail.append("): the frames carry no stance");
    }
    if (leftOut > 0) {
      sep(detail).append(leftOut).append(" side-frame(s) left out: an angle could not be computed");
    }
    if (eventsLost > 0) {
      sep(detail).append(eventsLost).append(" event(s) on those frames lost");
    }
    if (eventsClash > 0) {
      sep(detail).append(eventsClash).append(" event(s) on a frame that had one already dropped");
    }
    String source =
        events
            .source()
            .map(s -> s.label() + ", " + events.events().size() + " events")
            .orElse("none");
    return new Trial(
        line,
        fields,
        written,
        leftOut,
        a.rate(),
        source,
        a.method(),
        null,
        "",
        "",
        detail.toString());
  }

  /**
   * The angles in the order of the gait_frames columns after {@code participant_id, session_date,
   * trial, side, frame, frame_rate_hz, event}, which {@link #write} writes first.
   *
   * @throws IllegalStateException when the dictionary's columns are not those
   */
  static Angle[] angleColumns(List<String> columns) {
    List<String> head =
        List.of(
            "participant_id", "session_date", "trial", "side", "frame", "frame_rate_hz", "event");
    if (!columns.subList(0, Math.min(head.size(), columns.size())).equals(head)
        || columns.size() != head.size() + Angle.values().length) {
      throw new IllegalStateException(
          "gait_frames columns " + columns + " are not " + head + " and the angles");
    }
    Angle[] order = new Angle[Angle.values().length];
    for (int i = 0; i < order.length; i++) {
      String c = columns.get(head.size() + i);
      order[i] =
          Arrays.stream(Angle.values())
              .filter(a -> a.column().equals(c))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("no angle gives gait_frames." + c));
    }
    return order;
  }

  private static StringBuilder sep(StringBuilder sb) {
    return sb.isEmpty() ? sb : sb.append("; ");
  }
}
