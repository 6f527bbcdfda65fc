package org.itbs.analysis.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.itbs.analysis.plan.AnalysisSet;
import org.itbs.analysis.plan.Effect;
import org.itbs.analysis.plan.MetaRow;
import org.itbs.analysis.plan.ModelCounts;
import org.itbs.analysis.plan.PlanV1;
import org.itbs.analysis.plan.SiteEffect;
import org.itbs.core.csv.CsvReader;
import org.itbs.core.csv.CsvRecord;
import org.itbs.core.lake.SubmissionRecord;

/**
 * The outputs of {@code itbs analyse} read back from their folder: {@code effects.csv}, {@code
 * model_summary.json} and {@code analysis_set.csv}, and under plan v2 {@code site_effects.csv} and
 * {@code meta_analysis.csv}. A report is made from these alone, so its numbers are the analysis's
 * numbers.
 *
 * @param folder the analysis folder
 * @param effects every row of {@code effects.csv}, in file order
 * @param summary {@code model_summary.json}
 * @param set the analysis set of {@code analysis_set.csv}
 * @param siteEffects the rows of {@code site_effects.csv} in file order; empty when the folder has
 *     none (plan v1)
 * @param metaAnalysis per row of {@code meta_analysis.csv}, the pooling of M1 with the pooled
 *     estimate, its HKSJ standard error, CI and p from M1's row of {@code effects.csv}; log scale;
 *     empty when the folder has no such file (plan v1) or M1 was not fitted
 */
record AnalysisOutputs(
    Path folder,
    List<Effect> effects,
    JsonNode summary,
    AnalysisSet set,
    List<SiteEffect> siteEffects,
    List<MetaRow> metaAnalysis) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Reads an analysis folder.
   *
   * @throws IllegalArgumentException when a file is missing or malformed, naming it
   */
  static AnalysisOutputs read(Path folder) {
    Path effects = need(folder, "effects.csv");
    Path summary = need(folder, "model_summary.json");
    Path set = need(folder, "analysis_set.csv");
    try {
      List<Effect> all = readEffects(effects);
      return new AnalysisOutputs(
          folder,
          all,
          JSON.readTree(summary.toFile()),
          readSet(set),
          readSiteEffects(folder.resolve("site_effects.csv")),
          readMeta(folder.resolve("meta_analysis.csv"), all));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + folder, e);
    }
  }

  private static Path need(Path folder, String name) {
    Path p = folder.resolve(name);
    if (!Files.isRegularFile(p)) {
      throw new IllegalArgumentException(
          "--analysis "
              + folder
              + " has no "
              + name
              + "; run `itbs analyse --lake LAKE --out "
              + folder
              + "` first");
    }
    return p;
  }

  private static List<Effect> readEffects(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(0).equals(Effect.CSV_HEADER)) {
      throw new IllegalArgumentException(
          file + " line 1: header is not `" + Effect.CSV_HEADER + "`");
    }
    List<Effect> out = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isEmpty()) {
        continue;
      }
      try {
        out.add(Effect.fromCsv(lines.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** The records of an optional CSV file with a fixed header; none when the file is absent. */
  private static List<CsvRecord> records(Path file, String[] header) throws IOException {
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    List<CsvRecord> out = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file);
        CsvReader r = CsvReader.open(in)) {
      if (!Arrays.equals(r.header(), header)) {
        throw new IllegalArgumentException(
            file
                + " line 1: header is not `"
                + String.join(",", header)
                + "` but `"
                + String.join(",", r.header())
                + "`");
      }
      for (CsvRecord rec : r) {
        if (rec.fields().length != header.length) {
          throw new IllegalArgumentException(
              file
                  + " line "
                  + rec.line()
                  + ": "
                  + rec.fields().length
                  + " fields, expected "
                  + header.length);
        }
        out.add(rec);
      }
    } catch (CsvReader.MissingHeaderException e) {
      throw new IllegalArgumentException(file + " is empty: no header row", e);
    }
    return out;
  }

  /** A number of an output CSV; {@code NA} or empty (R's and our "not defined") is NaN. */
  private static double number(Path file, CsvRecord rec, int field, String[] header) {
    String v = rec.fields()[field];
    if (v.isEmpty() || v.equals("NA") || v.equals("NaN")) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          file + " line " + rec.line() + " column " + header[field] + ": " + v + " is no number",
          e);
    }
  }

  private static List<SiteEffect> readSiteEffects(Path file) throws IOException {
    String[] h = SiteEffect.CSV_HEADER;
    List<SiteEffect> out = new ArrayList<>();
    for (CsvRecord r : records(file, h)) {
      out.add(
          new SiteEffect(
              r.fields()[0],
              r.fields()[1],
              number(file, r, 2, h),
              number(file, r, 3, h),
              (int) number(file, r, 4, h),
              (int) number(file, r, 5, h)));
    }
    return out;
  }

  private static List<MetaRow> readMeta(Path file, List<Effect> effects) throws IOException {
    String[] h = MetaRow.CSV_HEADER;
    Map<String, Effect> pooled = new LinkedHashMap<>();
    effects.stream().filter(e -> e.model().equals("M1")).forEach(e -> pooled.put(e.term(), e));
    List<MetaRow> out = new ArrayList<>();
    for (CsvRecord r : records(file, h)) {
      String term = r.fields()[0];
      Effect e = pooled.get(term);
      if (e == null) {
        throw new IllegalArgumentException(
            file
                + " line "
                + r.line()
                + ": term "
                + term
                + " has no M1 row in effects.csv (its pooled estimate)");
      }
      out.add(
          new MetaRow(
              term,
              (int) number(file, r, 1, h),
              e.estimate(),
              e.stdError(),
              Math.log(e.ciLower()),
              Math.log(e.ciUpper()),
              e.pValue(),
              number(file, r, 2, h),
              number(file, r, 3, h),
              number(file, r, 4, h),
              number(file, r, 5, h),
              Math.log(number(file, r, 6, h)),
              Math.log(number(file, r, 7, h))));
    }
    return out;
  }

  private static AnalysisSet readSet(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      throw new IllegalArgumentException(file + " is empty");
    }
    String[] header = lines.get(0).split(",", -1);
    if (header.length < 2 || !header[0].equals("site") || !header[1].equals("participant_id")) {
      throw new IllegalArgumentException(
          file + " line 1: expected site,participant_id,… but found " + lines.get(0));
    }
    int n = lines.size() - 1;
    while (n > 0 && lines.get(n).isEmpty()) {
      n--;
    }
    String[] sites = new String[n];
    String[] ids = new String[n];
    double[][] cols = new double[header.length - 2][n];
    for (int r = 0; r < n; r++) {
      String[] f = lines.get(r + 1).split(",", -1);
      if (f.length != header.length) {
        throw new IllegalArgumentException(
            file + " line " + (r + 2) + ": " + f.length + " fields, expected " + header.length);
      }
      sites[r] = f[0];
      ids[r] = f[1];
      for (int c = 2; c < f.length; c++) {
        try {
          cols[c - 2][r] = f[c].isEmpty() ? Double.NaN : Double.parseDouble(f[c]);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              file + " line " + (r + 2) + " column " + header[c] + ": " + f[c] + " is no number",
              e);
        }
      }
    }
    Map<String, double[]> byName = new LinkedHashMap<>();
    for (int c = 2; c < header.length; c++) {
      byName.put(header[c], cols[c - 2]);
    }
    return AnalysisSet.of(sites, ids, byName);
  }

  /**
   * The plan the analysis followed, as its summary states it ({@code analysis-plan v1} for a
   * summary written before the plan was recorded).
   */
  String plan() {
    return summary.path("plan").asText(org.itbs.analysis.plan.PlanV1.VERSION);
  }

  /** The coefficients of one model, in file order. */
  List<Effect> effects(String model) {
    return effects.stream().filter(e -> e.model().equals(model)).toList();
  }

  /** The counts of one model from the summary's {@code models} section. */
  ModelCounts counts(String model) {
    JsonNode m = summary.path("models").path(model);
    if (m.isMissingNode()) {
      throw new IllegalArgumentException(
          folder.resolve("model_summary.json") + " has no models." + model);
    }
    Map<String, Integer> reasons = new TreeMap<>();
    m.path("left_out_reasons")
        .fields()
        .forEachRemaining(e -> reasons.put(e.getKey(), e.getValue().asInt()));
    return new ModelCounts(
        model,
        m.path("candidates").asInt(),
        m.path("n").asInt(),
        m.path("events").asInt(),
        reasons,
        m.path("left_out").asInt(),
        m.hasNonNull("not_fitted") ? m.get("not_fitted").asText() : null,
        m.path("covariates").asInt(0));
  }

  /** Whether the analysis followed plan v1 (no M1, no onset population). */
  boolean planV1() {
    return plan().equals(PlanV1.VERSION);
  }

  /**
   * Plan v2: the runners of the onset population ({@code prior_itbs} = 0) and those set aside from
   * the onset models for ITBS before enrolment, as the summary states them ({@code
   * onset_population}, {@code prior_itbs_set_aside}).
   *
   * @throws IllegalArgumentException when the summary lacks them, or they are not the analysis
   *     set's runners without and with {@code prior_itbs}
   */
  OnsetPopulation onsetPopulation() {
    Path file = folder.resolve("model_summary.json");
    if (!summary.path("onset_population").canConvertToLong()
        || !summary.path("prior_itbs_set_aside").canConvertToLong()) {
      throw new IllegalArgumentException(
          file
              + " has no onset_population or prior_itbs_set_aside (plan v2); rerun `itbs analyse`"
              + " with this version");
    }
    long population = summary.path("onset_population").asLong();
    long setAside = summary.path("prior_itbs_set_aside").asLong();
    double[] prior = set.column("prior_itbs");
    long withoutPrior = java.util.Arrays.stream(prior).filter(v -> v == 0).count();
    if (population != withoutPrior || population + setAside != set.size()) {
      throw new IllegalArgumentException(
          file
              + ": onset_population "
              + population
              + " and prior_itbs_set_aside "
              + setAside
              + " are not analysis_set.csv's "
              + withoutPrior
              + " runners with prior_itbs = 0 and "
              + (set.size() - withoutPrior)
              + " with prior_itbs = 1");
    }
    return new OnsetPopulation(population, setAside);
  }

  /**
   * Plan v2's split of the analysis set.
   *
   * @param runners runners of the onset population ({@code prior_itbs} = 0)
   * @param setAside runners set aside for ITBS before enrolment ({@code prior_itbs} = 1)
   */
  record OnsetPopulation(long runners, long setAside) {}

  /** The audit records of the analysed submissions (the summary's {@code data_quality}). */
  List<SubmissionRecord> submissions() {
    JsonNode q = summary.path("data_quality");
    if (!q.isArray()) {
      throw new IllegalArgumentException(
          folder.resolve("model_summary.json")
              + " has no data_quality section; rerun `itbs analyse` with this version");
    }
    List<SubmissionRecord> out = new ArrayList<>();
    for (JsonNode s : q) {
      try {
        out.add(JSON.treeToValue(s, SubmissionRecord.class));
      } catch (IOException e) {
        throw new IllegalArgumentException(
            folder.resolve("model_summary.json") + ": data_quality entry is malformed: " + s, e);
      }
    }
    return out;
  }
}
