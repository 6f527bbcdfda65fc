package org.itbs.contribute;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.itbs.core.csv.CsvReader;
import org.itbs.core.csv.CsvRecord;
import org.itbs.core.submission.DisclosureRisk;

/**
 * The re-identification figures of a cohort three ways, with the code {@code itbs contribute} uses:
 * quasi-identifiers at full precision (as submissions carried them before: sex, age in whole years,
 * height_cm and mass_kg as written, running_years as written, prior_itbs), as released (sex, age
 * top-coded at 90, BMI in whole units, running years in whole years, prior_itbs), and with {@code
 * --k-anonymity 5}.
 *
 * <p>Run from the repository root, after {@code mvn -B -q -pl pipeline/contribute -am package
 * -DskipTests}:
 *
 * <pre>
 * java -cp "pipeline/contribute/target/classes:pipeline/core/target/classes:$(cat cp.txt)" \
 *     org.itbs.contribute.RiskFigures cef-1 EXPORT/participants.csv
 * java -cp ... org.itbs.contribute.RiskFigures ric ric_run_data_meta.csv
 * </pre>
 *
 * {@code cef-1}: a clinic export's participants.csv (one site). {@code ric}: the Running Injury
 * Clinic metadata (columns sub_id, datestring, age, Height, Weight, Gender, YrsRunning; one row per
 * visit, the earliest visit per sub_id is used; Gender Female/Male as F/M, anything else missing;
 * prior_itbs 0 for every runner, as the data do not say).
 */
public final class RiskFigures {
  private RiskFigures() {}

  /**
   * One runner's raw values, before release.
   *
   * @param id the runner's id
   * @param sex F, M or empty
   * @param age whole years, or null
   * @param heightCm as written
   * @param massKg as written
   * @param runningYears as written
   * @param priorItbs as written
   */
  record Raw(
      String id,
      String sex,
      Integer age,
      String heightCm,
      String massKg,
      String runningYears,
      String priorItbs) {

    List<String> fullPrecision() {
      return List.of(
          sex,
          age == null ? "" : age.toString(),
          norm(heightCm),
          norm(massKg),
          norm(runningYears),
          priorItbs);
    }

    QuasiIdentifiers released() {
      String a = age == null ? "" : ReleasedValues.ageYears(age.toString());
      return new QuasiIdentifiers(
          id,
          sex,
          ReleasedValues.wholeNumber(a),
          ReleasedValues.number(ReleasedValues.bmi(heightCm, massKg)),
          ReleasedValues.wholeNumber(ReleasedValues.runningYears(runningYears)),
          priorItbs);
    }

    private static String norm(String v) {
      Double d = ReleasedValues.number(v);
      return d == null ? "" : Double.toString(d);
    }
  }

  /** The three rows of figures: full precision, released, released with k-anonymity k. */
  static Map<String, DisclosureRisk> figures(List<Raw> runners, int k) {
    Map<String, DisclosureRisk> out = new LinkedHashMap<>();
    out.put(
        "full precision (sex, age, height_cm, mass_kg, running_years, prior_itbs)",
        DisclosureControl.measure(
            runners.stream().map(Raw::fullPrecision).toList(),
            List.of("sex", "age_years", "height_cm", "mass_kg", "running_years", "prior_itbs"),
            DisclosureControl.policy(Generalisation.RELEASED, null, 0)));
    List<QuasiIdentifiers> released = runners.stream().map(Raw::released).toList();
    out.put(
        "released (sex, age<=90, bmi whole, running whole, prior_itbs)",
        DisclosureControl.decide(released, null).risk());
    out.put("released with --k-anonymity " + k, DisclosureControl.decide(released, k).risk());
    return out;
  }

  /** Prints the figures as a Markdown table. */
  static void print(String what, List<Raw> runners, int k, PrintStream out) {
    out.printf(Locale.ROOT, "%s: %d runners%n%n", what, runners.size());
    out.println(
        "| quasi-identifiers | k_min | runners in classes < 5 | share | max risk 1/k | withheld |");
    out.println("|---|---|---|---|---|---|");
    for (Map.Entry<String, DisclosureRisk> e : figures(runners, k).entrySet()) {
      DisclosureRisk d = e.getValue();
      out.printf(
          Locale.ROOT,
          "| %s | %d | %d | %.1f%% | %.3f | %d |%n",
          e.getKey(),
          d.kMin(),
          d.runnersBelowK5(),
          100 * d.shareBelowK5(),
          d.maxRisk(),
          d.policy().withheldRunners());
    }
    DisclosureRisk kd = figures(runners, k).values().stream().reduce((a, b) -> b).orElseThrow();
    out.printf(
        "%nwith --k-anonymity %d: age_years %s; bmi %s; running_years %s%n",
        k, kd.policy().ageYears(), kd.policy().bmi(), kd.policy().runningYears());
  }

  /** Reads a cef-1 participants.csv. */
  static List<Raw> cef1(InputStream in) throws IOException {
    List<Raw> rows = new ArrayList<>();
    try (CsvReader r = CsvReader.open(in)) {
      String[] h = r.header();
      CsvRecord rec;
      while ((rec = r.next()) != null) {
        Map<String, String> m = fields(h, rec.fields());
        rows.add(
            new Raw(
                m.get("participant_id"),
                m.getOrDefault("sex", "").strip(),
                ReleasedValues.age(m.get("birth_date"), m.get("enrolment_date")),
                m.get("height_cm"),
                m.get("mass_kg"),
                m.getOrDefault("running_years", ""),
                m.getOrDefault("prior_itbs", "").strip()));
      }
    }
    return rows;
  }

  /** Reads the Running Injury Clinic metadata: the earliest visit of each sub_id. */
  static List<Raw> ric(InputStream in) throws IOException {
    Map<String, Map<String, String>> first = new LinkedHashMap<>();
    try (CsvReader r = CsvReader.open(in)) {
      String[] h = r.header();
      CsvRecord rec;
      while ((rec = r.next()) != null) {
        Map<String, String> m = fields(h, rec.fields());
        first.merge(m.get("sub_id"), m, (a, b) -> visit(b).compareTo(visit(a)) < 0 ? b : a);
      }
    }
    List<Raw> rows = new ArrayList<>();
    for (Map.Entry<String, Map<String, String>> e : first.entrySet()) {
      Map<String, String> m = e.getValue();
      String g = m.getOrDefault("Gender", "");
      rows.add(
          new Raw(
              e.getKey(),
              g.equals("Female") ? "F" : g.equals("Male") ? "M" : "",
              ReleasedValues.wholeNumber(m.get("age")),
              m.get("Height"),
              m.get("Weight"),
              m.getOrDefault("YrsRunning", ""),
              "0"));
    }
    return rows;
  }

  /** The visit's time; a missing time (NaT) sorts last. */
  private static String visit(Map<String, String> m) {
    String d = m.getOrDefault("datestring", "");
    return d.isEmpty() || d.equals("NaT") ? "\uffff" : d;
  }

  private static Map<String, String> fields(String[] header, String[] f) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < header.length; i++) {
      m.put(header[i].strip(), i < f.length ? f[i] : "");
    }
    return m;
  }

  /**
   * Prints the figures of a cohort.
   *
   * @param args {@code cef-1 PARTICIPANTS_CSV} or {@code ric META_CSV}, then optionally K (5)
   */
  public static void main(String[] args) {
    if (args.length < 2 || !(args[0].equals("cef-1") || args[0].equals("ric"))) {
      System.err.println("usage: RiskFigures cef-1|ric FILE [K]");
      System.exit(2);
    }
    int k = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Path file = Path.of(args[1]);
    try (InputStream in = Files.newInputStream(file)) {
      List<Raw> rows = args[0].equals("ric") ? ric(in) : cef1(in);
      print(file.toString(), rows, k, System.out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
