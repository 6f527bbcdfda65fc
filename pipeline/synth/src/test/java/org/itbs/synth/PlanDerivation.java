package org.itbs.synth;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.itbs.core.csv.CsvRecord;

/**
 * Test helper: an independent implementation of the derived variables of analysis plan v1 (one row
 * per runner) and of R1's counting-process intervals, read from the generated files the way
 * reference.R reads them.
 */
final class PlanDerivation {
  /** One runner of the analysis set. */
  static final class Row {
    String id;
    String site;
    long enrol;
    long end;
    boolean female;
    int age;
    double bmi;
    int prior;
    double hipAbd = Double.NaN;
    double hipEr = Double.NaN;
    double dfLunge = Double.NaN;
    double peakHipAdd = Double.NaN;
    double peakPelvicDrop = Double.NaN;
    double kmWeek = Double.NaN;
    long time;
    int event;
    int gaitRows;

    /** Covariates in the plan's P1 order. */
    double[] covariates() {
      return new double[] {
        peakHipAdd, peakPelvicDrop, hipAbd, hipEr, dfLunge, kmWeek, female ? 1 : 0, age, bmi, prior
      };
    }
  }

  /** One R1 interval. */
  record Interval(String id, long start, long stop, int event, double maintenance, double acwr) {}

  final Map<String, Row> rows = new LinkedHashMap<>();
  final List<Interval> intervals = new ArrayList<>();
  long injuries;
  long itbsInjuries;
  final List<Integer> stanceFrames = new ArrayList<>();

  PlanDerivation(Path root) {
    for (Path site : Export.sites(root)) {
      site(site);
    }
  }

  private static long day(String s) {
    return LocalDate.parse(s).toEpochDay();
  }

  private void site(Path dir) {
    String code = dir.getFileName().toString();
    Export.Table p = Export.read(dir.resolve("participants.csv"));
    Map<String, Row> local = new HashMap<>();
    for (CsvRecord r : p.rows()) {
      Row row = new Row();
      row.id = p.get(r, "participant_id");
      row.site = code;
      row.enrol = day(p.get(r, "enrolment_date"));
      row.end = day(p.get(r, "followup_end_date"));
      row.female = p.get(r, "sex").equals("F");
      row.age = BaselineWriter.wholeYears(day(p.get(r, "birth_date")), row.enrol);
      double h = Double.parseDouble(p.get(r, "height_cm")) / 100;
      row.bmi = Double.parseDouble(p.get(r, "mass_kg")) / (h * h);
      row.prior = Integer.parseInt(p.get(r, "prior_itbs"));
      rows.put(row.id, row);
      local.put(row.id, row);
    }
    assessments(Export.read(dir.resolve("assessments.csv")), local);
    gait(dir.resolve("gait_frames.csv"), local);
    Export.Table w = Export.read(dir.resolve("training_weeks.csv"));
    Map<String, TreeMap<Long, CsvRecord>> weeks = new HashMap<>();
    for (CsvRecord r : w.rows()) {
      weeks
          .computeIfAbsent(w.get(r, "participant_id"), k -> new TreeMap<>())
          .put(day(w.get(r, "week_start")), r);
    }
    Export.Table inj = Export.read(dir.resolve("injuries.csv"));
    Map<String, List<long[]>> itbs = new HashMap<>();
    for (CsvRecord r : inj.rows()) {
      injuries++;
      if (inj.get(r, "diagnosis").equals("ITBS")) {
        itbsInjuries++;
        String back = inj.get(r, "return_to_run_date");
        itbs.computeIfAbsent(inj.get(r, "participant_id"), k -> new ArrayList<>())
            .add(new long[] {day(inj.get(r, "onset_date")), back.isEmpty() ? -1 : day(back)});
      }
    }
    for (Row row : local.values()) {
      TreeMap<Long, CsvRecord> wk = weeks.getOrDefault(row.id, new TreeMap<>());
      double sum = 0;
      int n = 0;
      for (Map.Entry<Long, CsvRecord> e : wk.entrySet()) {
        long off = e.getKey() - row.enrol;
        if (off >= 0 && off <= 27) {
          sum += Double.parseDouble(w.get(e.getValue(), "distance_km"));
          n++;
        }
      }
      row.kmWeek = n == 0 ? Double.NaN : sum / n;
      List<long[]> eps = new ArrayList<>(itbs.getOrDefault(row.id, List.of()));
      eps.sort((a, b) -> Long.compare(a[0], b[0]));
      long first = -1;
      for (long[] e : eps) {
        if (e[0] > row.enrol) {
          first = e[0];
          break;
        }
      }
      row.event = first >= 0 ? 1 : 0;
      row.time = (first >= 0 ? first : row.end) - row.enrol;
      r1(row, eps, wk, w);
    }
  }

  private void assessments(Export.Table a, Map<String, Row> local) {
    Map<String, CsvRecord> best = new HashMap<>();
    Map<String, long[]> bestKey = new HashMap<>();
    for (CsvRecord r : a.rows()) {
      Row row = local.get(a.get(r, "participant_id"));
      if (row == null) {
        continue;
      }
      long off = day(a.get(r, "assessment_date")) - row.enrol;
      if (Math.abs(off) > 30) {
        continue;
      }
      String key = row.id + "/" + a.get(r, "side");
      long[] k = {Math.abs(off), off};
      long[] old = bestKey.get(key);
      if (old == null || k[0] < old[0] || (k[0] == old[0] && k[1] < old[1])) {
        best.put(key, r);
        bestKey.put(key, k);
      }
    }
    for (Row row : local.values()) {
      row.hipAbd = sideMean(a, best, row.id, "hip_abduction_torque_nm_kg");
      row.hipEr = sideMean(a, best, row.id, "hip_external_rotation_torque_nm_kg");
      row.dfLunge = sideMean(a, best, row.id, "dorsiflexion_lunge_cm");
    }
  }

  private static double sideMean(
      Export.Table a, Map<String, CsvRecord> best, String id, String col) {
    double sum = 0;
    int n = 0;
    for (String side : new String[] {"L", "R"}) {
      CsvRecord r = best.get(id + "/" + side);
      if (r != null && !a.get(r, col).isEmpty()) {
        sum += Double.parseDouble(a.get(r, col));
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  private void gait(Path file, Map<String, Row> local) {
    // One session per runner in generated data; peaks per complete stance, mean per side.
    Map<String, double[]> sums = new HashMap<>(); // id/side -> {hipAdd, pelvic, count}
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(file);
        org.itbs.core.csv.CsvReader reader = org.itbs.core.csv.CsvReader.open(in)) {
      String[] h = reader.header();
      int id = indexOf(h, "participant_id");
      int trial = indexOf(h, "trial");
      int side = indexOf(h, "side");
      int frameCol = indexOf(h, "frame");
      int event = indexOf(h, "event");
      int hip = indexOf(h, "hip_adduction_deg");
      int pelvic = indexOf(h, "pelvic_drop_deg");
      String lastKey = "";
      double[] cur = null;
      int stanceStart = -1;
      for (CsvRecord r : reader) {
        String[] f = r.fields();
        Row row = local.get(f[id]);
        if (row == null) {
          continue;
        }
        row.gaitRows++;
        String key = f[id] + "/" + f[trial] + "/" + f[side];
        if (!key.equals(lastKey)) {
          cur = null;
          lastKey = key;
        }
        String ev = f[event];
        double ha = Double.parseDouble(f[hip]);
        double pd = Double.parseDouble(f[pelvic]);
        int frame = Integer.parseInt(f[frameCol]);
        if (ev.equals("FS")) {
          cur = new double[] {ha, pd};
          stanceStart = frame;
        } else if (cur != null) {
          cur[0] = Math.max(cur[0], ha);
          cur[1] = Math.max(cur[1], pd);
          if (ev.equals("TO")) {
            double[] s = sums.computeIfAbsent(f[id] + "/" + f[side], k -> new double[3]);
            s[0] += cur[0];
            s[1] += cur[1];
            s[2]++;
            stanceFrames.add(frame - stanceStart + 1);
            cur = null;
          }
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    for (Row row : local.values()) {
      double ha = 0;
      double pd = 0;
      int sides = 0;
      for (String side : new String[] {"L", "R"}) {
        double[] s = sums.get(row.id + "/" + side);
        if (s != null && s[2] > 0) {
          ha += s[0] / s[2];
          pd += s[1] / s[2];
          sides++;
        }
      }
      if (sides > 0) {
        row.peakHipAdd = ha / sides;
        row.peakPelvicDrop = pd / sides;
      }
    }
  }

  private static int indexOf(String[] h, String name) {
    for (int i = 0; i < h.length; i++) {
      if (h[i].equals(name)) {
        return i;
      }
    }
    throw new IllegalStateException("no column " + name);
  }

  private void r1(Row row, List<long[]> eps, TreeMap<Long, CsvRecord> wk, Export.Table w) {
    List<Long> starts = new ArrayList<>();
    if (row.prior == 1) {
      starts.add(row.enrol);
    }
    for (long[] e : eps) {
      if (e[1] >= 0) {
        starts.add(e[1]);
      }
    }
    for (long s : starts) {
      long pend = row.end;
      boolean evt = false;
      for (long[] e : eps) {
        if (e[0] > s) {
          pend = e[0];
          evt = true;
          break;
        }
      }
      for (Map.Entry<Long, CsvRecord> e : wk.entrySet()) {
        long ws = e.getKey();
        if (ws + 7 <= s || ws > pend) {
          continue;
        }
        long a = Math.max(s, ws);
        long z = Math.min(pend, ws + 7);
        boolean isEvent = evt && pend >= ws && pend < ws + 7;
        if (!isEvent) {
          z = Math.min(z, pend);
        }
        if (z <= a) {
          continue;
        }
        double m = 0;
        double d = 0;
        boolean all = true;
        for (int k = 1; k <= 4; k++) {
          CsvRecord prev = wk.get(ws - 7L * k);
          if (prev == null) {
            all = false;
            break;
          }
          m += Integer.parseInt(w.get(prev, "maintenance_sessions"));
          d += Double.parseDouble(w.get(prev, "distance_km"));
        }
        if (!all || d == 0) {
          continue;
        }
        double acwr = Double.parseDouble(w.get(e.getValue(), "distance_km")) / (d / 4);
        intervals.add(
            new Interval(row.id, a - row.enrol, z - row.enrol, isEvent ? 1 : 0, m / 4, acwr));
      }
    }
  }
}
