package org.itbs.analysis.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.itbs.analysis.plan.AnalysisSet;
import org.itbs.analysis.plan.ModelCounts;
import org.itbs.analysis.plots.ForestPlot;
import org.itbs.analysis.plots.IncidencePlot;
import org.itbs.analysis.tables.DataQualityTable;
import org.itbs.analysis.tables.DisclosureRiskTable;
import org.itbs.analysis.tables.EffectsTable;
import org.itbs.analysis.tables.FlowTable;
import org.itbs.analysis.tables.Markdown;
import org.itbs.analysis.tables.SitesTable;
import org.itbs.analysis.tables.SmallCells;
import org.itbs.analysis.tables.Table1;
import org.itbs.core.Version;
import org.itbs.core.csv.CsvCells;
import org.itbs.core.lake.FileCounts;
import org.itbs.core.lake.SubmissionRecord;
import org.itbs.stats.KaplanMeier;
import org.itbs.stats.LogRank;
import org.itbs.stats.SurvivalData;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The report of an analysis: made from the outputs of {@code itbs analyse} alone ({@code
 * effects.csv}, {@code model_summary.json}, {@code analysis_set.csv}), so every number in it is the
 * analysis's number.
 *
 * <p>Writes into the report folder: {@code report.html} (one self-contained page: inline CSS and
 * SVG, no script, nothing loaded when it is opened), {@code tables/<name>.csv} and {@code
 * tables/<name>.md} for every released table (Table 1, the effects of P1, P2, P3 and R1, sites,
 * flow of runners, data quality, the re-identification risk the clinics measured), {@code
 * figures/<name>.svg} (forest plots of P1, P2 and R1; cumulative incidence of onset by tertile of
 * peak hip adduction, hip abductor torque and dorsiflexion lunge) and {@code provenance.json}.
 * Every released table is small-cell suppressed ({@link SmallCells}); the machine-readable analysis
 * outputs are not copied into the report.
 */
public final class Report {
  /** The three contributors whose tertiles the cumulative-incidence figures compare. */
  public static final Map<String, String> INCIDENCE_BY =
      mapOf(
          "peak_hip_add", "peak hip adduction",
          "hip_abd", "hip abductor torque",
          "df_lunge", "dorsiflexion (lunge test)");

  /** Models with a forest plot, as the plan's reporting rules say. */
  public static final List<String> FOREST_MODELS = List.of("P1", "P2", "R1");

  private static final Map<String, String> MODEL_TITLE =
      Map.of(
          "P1", "P1: Cox model of ITBS onset (hazard ratios)",
          "P2", "P2: logistic model of onset within 365 days (odds ratios)",
          "P3", "P3: Poisson model of onsets per running hour (incidence-rate ratios)",
          "R1", "R1: Andersen–Gill model of ITBS recurrence (hazard ratios)");

  private Report() {}

  /**
   * Writes the report of an analysis folder, stamped with this build's version and the current
   * time.
   *
   * @param analysis the {@code --out} folder of {@code itbs analyse}
   * @param out the report folder (created; files of an earlier report are replaced)
   * @return the path of {@code report.html}
   * @throws IllegalArgumentException when the analysis folder lacks an output or holds a malformed
   *     one
   */
  public static Path write(Path analysis, Path out) {
    return write(analysis, out, Clock.systemUTC());
  }

  /** As {@link #write(Path, Path)}, with the clock that dates the report. */
  public static Path write(Path analysis, Path out, Clock clock) {
    AnalysisOutputs a = AnalysisOutputs.read(analysis);
    Instant made = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Html html = new Html();
    Map<String, Table> tables = new LinkedHashMap<>();
    Map<String, String> figures = new LinkedHashMap<>();

    provenance(html, a, made);
    keyFigures(html, a);

    html.section("table-1", "Table 1. Baseline characteristics by onset status");
    Table t1 = Table1.of(a.set());
    tables.put("table1", t1);
    html.table("table1", t1, "Analysis set: " + a.set().size() + " runners. " + smdNote());

    String plan = a.plan();
    html.section("effects", "Effects of each contributor (" + plan + ")");
    for (String model : List.of("P1", "P2", "P3", "R1")) {
      ModelCounts c = a.counts(model);
      html.subsection("effects-" + model.toLowerCase(Locale.ROOT), MODEL_TITLE.get(model));
      if (!c.fitted() || a.effects(model).isEmpty()) {
        html.note("Not fitted: " + (c.fitted() ? "no coefficients in effects.csv" : c.notFitted()));
        continue;
      }
      Table t = EffectsTable.of(a.effects(), model);
      if (model.equals("P1")) {
        t = withSiteRobust(t, a.summary());
      }
      String name = "effects_" + model.toLowerCase(Locale.ROOT);
      tables.put(name, t);
      html.table(name, t, modelNote(model, c, a.summary()));
      if (FOREST_MODELS.contains(model)) {
        String svg =
            ForestPlot.svg(MODEL_TITLE.get(model), a.effects(model), EffectsTable.measure(model));
        String fig = "forest_" + model.toLowerCase(Locale.ROOT);
        figures.put(fig, svg);
        html.figure(
            fig,
            svg,
            "Forest plot of "
                + model
                + ": "
                + EffectsTable.measure(model)
                + " with 95% CI, log scale; the line marks 1.");
      }
    }

    html.section("incidence", "Cumulative incidence of ITBS onset by tertile");
    for (Map.Entry<String, String> v : INCIDENCE_BY.entrySet()) {
      String fig = "incidence_" + v.getKey();
      try {
        String svg = incidence(a.set(), v.getKey(), v.getValue());
        figures.put(fig, svg);
        html.figure(
            fig,
            svg,
            "1 − Kaplan–Meier estimate of onset by tertile of "
                + v.getValue()
                + " (T1 lowest; range of each tertile in "
                + AnalysisSet.unit(v.getKey())
                + "); numbers at risk under the axis; log-rank test of the tertiles.");
      } catch (IllegalArgumentException e) {
        html.note("Not drawn for " + v.getValue() + ": " + e.getMessage());
      }
    }

    html.section("sites", "Sites: follow-up, running exposure and ITBS incidence");
    Table sites = SitesTable.of(siteRows(a));
    tables.put("sites", sites);
    html.table(
        "sites",
        sites,
        "Follow-up from day 0 to onset or censoring. Incidence: onsets per 1000 h of running with an"
            + " exact Poisson 95% CI (plan P3).");

    html.section("flow", "Flow of runners");
    Table flow = flow(a);
    tables.put("flow", flow);
    html.table(
        "flow",
        flow,
        "Complete-case analysis: a runner lacking a covariate of a model is left out of that model."
            + " A runner may be left out for several reasons.");

    html.section("data-quality", "Data quality by submission");
    Table quality = DataQualityTable.of(a.submissions());
    tables.put("data_quality", quality);
    html.table(
        "data_quality",
        quality,
        "Every row of a clinic's export is withheld at the clinic (a line that does not parse as"
            + " one record; the clinic's own report lists it), accepted into the curated lake or"
            + " quarantined with its reason; a value the clinic withheld travels as a [withheld:"
            + " rule] marker and its row is quarantined under that rule. A row breaking several"
            + " rules counts under each.");

    html.section("disclosure-risk", "Re-identification risk measured at the clinics");
    Table risk = DisclosureRiskTable.of(a.submissions());
    tables.put("disclosure_risk", risk);
    html.table(
        "disclosure_risk",
        risk,
        "Within each site, runners sharing every released quasi-identifier form a class of k;"
            + " a runner's re-identification probability is 1/k (prosecutor model, as ARX"
            + " reports it). Measured by the clinic on what it released (itbs contribute), before"
            + " sending.");

    html.section("definitions", "Definitions of the variables");
    html.table(
        "definitions",
        definitions(),
        "From data-schemas/analysis/runners.json; day 0 is the enrolment date.");

    html.footer(
        "<5: a count under 5, or a figure from which one could be recomputed (small-cell"
            + " suppression, "
            + plan
            + ").");

    try {
      Files.createDirectories(out.resolve("tables"));
      Files.createDirectories(out.resolve("figures"));
      String stamp = provenanceLine(a, made);
      for (Map.Entry<String, Table> t : tables.entrySet()) {
        forSpreadsheet(t.getValue())
            .write()
            .csv(out.resolve("tables").resolve(t.getKey() + ".csv").toFile());
        Files.writeString(
            out.resolve("tables").resolve(t.getKey() + ".md"),
            "**" + t.getValue().name() + "**\n\n" + Markdown.of(t.getValue()) + "\n" + stamp + "\n",
            StandardCharsets.UTF_8);
      }
      for (Map.Entry<String, String> f : figures.entrySet()) {
        Files.writeString(
            out.resolve("figures").resolve(f.getKey() + ".svg"),
            f.getValue(),
            StandardCharsets.UTF_8);
      }
      Files.writeString(
          out.resolve("provenance.json"), provenanceJson(a, made), StandardCharsets.UTF_8);
      Path page = out.resolve("report.html");
      Files.writeString(page, html.page("ITBS cohort report — " + plan), StandardCharsets.UTF_8);
      return page;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + out, e);
    }
  }

  private static void provenance(Html html, AnalysisOutputs a, Instant made) {
    JsonNode s = a.summary();
    List<String[]> items = new ArrayList<>();
    items.add(new String[] {"Analysis plan", s.path("plan").asText()});
    items.add(new String[] {"Lake version", s.path("lake_version").asText()});
    List<String> sites = new ArrayList<>();
    s.path("sites").forEach(n -> sites.add(n.asText()));
    items.add(new String[] {"Sites", sites.size() + ": " + String.join(", ", sites)});
    List<String> subs = new ArrayList<>();
    s.path("submissions")
        .forEach(
            n ->
                subs.add(
                    n.path("site").asText()
                        + " "
                        + n.path("id").asText()
                        + " (made "
                        + n.path("created").asText()
                        + ")"));
    items.add(new String[] {"Submissions", String.join("; ", subs)});
    items.add(
        new String[] {
          "Software",
          "itbs "
              + Version.current()
              + " (analysis by itbs "
              + s.path("software_version").asText("unknown")
              + ")"
        });
    items.add(new String[] {"Report made", made.toString()});
    html.provenance(items);
  }

  private static String provenanceLine(AnalysisOutputs a, Instant made) {
    JsonNode s = a.summary();
    List<String> subs = new ArrayList<>();
    s.path("submissions")
        .forEach(n -> subs.add(n.path("site").asText() + " " + n.path("id").asText()));
    return "_"
        + s.path("plan").asText()
        + "; lake version "
        + s.path("lake_version").asText()
        + "; submissions "
        + String.join(", ", subs)
        + "; itbs "
        + Version.current()
        + "; made "
        + made
        + ". `<5`: a count under 5, or a figure from which one could be recomputed._";
  }

  private static String provenanceJson(AnalysisOutputs a, Instant made) {
    JsonNode s = a.summary();
    com.fasterxml.jackson.databind.node.ObjectNode o =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    o.put("plan", s.path("plan").asText());
    o.put("lake_version", s.path("lake_version").asLong());
    o.set("sites", s.path("sites"));
    o.set("submissions", s.path("submissions"));
    o.put("software_version", Version.current());
    o.put("analysis_software_version", s.path("software_version").asText(""));
    o.put("made", made.toString());
    return o.toPrettyString() + "\n";
  }

  private static void keyFigures(Html html, AnalysisOutputs a) {
    JsonNode s = a.summary();
    JsonNode rate = s.path("p3_rate_per_1000h").path("overall");
    List<String[]> items = new ArrayList<>();
    items.add(new String[] {"Runners in the analysis set", SmallCells.count(a.set().size())});
    long onsets = rate.path("events").asLong();
    boolean hidden = SmallCells.suppressed(onsets, a.set().size());
    items.add(
        new String[] {
          "ITBS onsets (runners with running exposure)",
          hidden ? SmallCells.SUPPRESSED : Long.toString(onsets)
        });
    items.add(
        new String[] {
          "Onsets per 1000 h of running (95% CI)",
          hidden
              ? SmallCells.SUPPRESSED
              : EffectsTable.ratioCi(
                  rate.path("rate").asDouble(),
                  rate.path("ci_lower").asDouble(),
                  rate.path("ci_upper").asDouble())
        });
    items.add(
        new String[] {"P1 concordance (Harrell's C)", fixedOrDash(s.path("p1_concordance"), 3)});
    items.add(new String[] {"P2 area under the ROC curve", fixedOrDash(s.path("p2_auc"), 3)});
    html.keyFigures(items);
  }

  private static String fixedOrDash(JsonNode n, int decimals) {
    return n.isNumber() ? Table1.fixed(n.asDouble(), decimals) : Table1.UNDEFINED;
  }

  private static String smdNote() {
    return "Mean ± SD (sample SD) for continuous variables, n (%) for binary ones; SMD: standardised"
        + " mean difference, ITBS minus no ITBS; missing: runners without a value.";
  }

  private static String modelNote(String model, ModelCounts c, JsonNode s) {
    StringBuilder sb = new StringBuilder();
    sb.append("n = ")
        .append(SmallCells.count(c.n()))
        .append(model.equals("R1") ? " runners, " : ", ")
        .append(model.equals("R1") ? "recurrences = " : "onsets = ")
        .append(
            SmallCells.suppressed(c.events(), c.n())
                ? SmallCells.SUPPRESSED
                : Integer.toString(c.events()))
        .append(". ");
    switch (model) {
      case "P1" -> {
        sb.append(
            "Efron ties; Wald 95% CI; continuous covariates per SD over the runners in the model. ");
        sb.append("Harrell's C = ").append(fixedOrDash(s.path("p1_concordance"), 3)).append(". ");
        if (s.has("p1_site_robust")) {
          sb.append("Robust CI and p: sandwich variance clustered by site. ");
        }
      }
      case "P2" ->
          sb.append("Onset within 365 days of day 0; AUC = ")
              .append(fixedOrDash(s.path("p2_auc"), 3))
              .append(". ");
      case "P3" -> sb.append("Event 0/1 per runner, log running hours as offset. ");
      case "R1" ->
          sb.append("Counting-process intervals by training week (")
              .append(s.path("r1_intervals").asText())
              .append(
                  "); maintenance and ACWR time-varying; robust variance clustered by runner. ");
      default -> {}
    }
    if (c.leftOutRunners() > 0) {
      sb.append("Left out: ")
          .append(
              SmallCells.suppressed(c.leftOutRunners(), c.candidates())
                  ? SmallCells.SUPPRESSED
                  : Integer.toString(c.leftOutRunners()))
          .append(" (see the flow of runners).");
    }
    return sb.toString().trim();
  }

  private static Table withSiteRobust(Table t, JsonNode s) {
    JsonNode robust = s.path("p1_site_robust");
    if (!robust.isArray() || robust.isEmpty()) {
      return t;
    }
    Map<String, JsonNode> byTerm = new TreeMap<>();
    robust.forEach(r -> byTerm.put(r.path("term").asText(), r));
    StringColumn ci = StringColumn.create("robust 95% CI (site)");
    StringColumn p = StringColumn.create("robust p");
    StringColumn terms = t.stringColumn("term");
    for (int i = 0; i < t.rowCount(); i++) {
      JsonNode r = byTerm.get(terms.get(i));
      if (r == null) {
        ci.append(Table1.UNDEFINED);
        p.append(Table1.UNDEFINED);
      } else {
        ci.append(
            Table1.fixed(r.path("ci_lower").asDouble(), 2)
                + "–"
                + Table1.fixed(r.path("ci_upper").asDouble(), 2));
        p.append(EffectsTable.pValue(r.path("p_value").asDouble()));
      }
    }
    Table out = t.copy();
    out.insertColumn(5, ci);
    out.insertColumn(6, p);
    return out;
  }

  private static String incidence(AnalysisSet set, String variable, String label) {
    double[] v = set.column(variable);
    double[] time = set.column("time");
    double[] event = set.column("event");
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < set.size(); i++) {
      if (Double.isFinite(v[i]) && Double.isFinite(time[i]) && Double.isFinite(event[i])) {
        rows.add(i);
      }
    }
    if (rows.size() < 3) {
      throw new IllegalArgumentException(
          rows.size() + " runners have a value, too few for tertiles");
    }
    double[] x = new double[rows.size()];
    double[] t = new double[rows.size()];
    int[] e = new int[rows.size()];
    double maxTime = 0;
    for (int k = 0; k < rows.size(); k++) {
      int i = rows.get(k);
      x[k] = v[i];
      t[k] = time[i];
      e[k] = (int) event[i];
      maxTime = Math.max(maxTime, t[k]);
    }
    String[] groups = LogRank.tertiles(x);
    SurvivalData data = SurvivalData.rightCensored(t, e);
    SortedMap<String, KaplanMeier> byTertile = KaplanMeier.fitByGroup(data, groups);
    double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
    double[] hi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
    for (int k = 0; k < x.length; k++) {
      int g = groups[k].charAt(1) - '1';
      lo[g] = Math.min(lo[g], x[k]);
      hi[g] = Math.max(hi[g], x[k]);
    }
    Map<String, KaplanMeier> curves = new LinkedHashMap<>();
    for (Map.Entry<String, KaplanMeier> c : byTertile.entrySet()) {
      int g = c.getKey().charAt(1) - '1';
      curves.put(
          c.getKey() + " (" + Table1.fixed(lo[g], 2) + "–" + Table1.fixed(hi[g], 2) + ")",
          c.getValue());
    }
    double p = LogRank.test(data, groups).pValue();
    double step = maxTime <= 540 ? 60 : maxTime <= 1100 ? 90 : maxTime <= 2200 ? 180 : 365;
    int ticks = (int) Math.floor(maxTime / step);
    double[] risk = new double[ticks + 1];
    for (int i = 0; i <= ticks; i++) {
      risk[i] = i * step;
    }
    return IncidencePlot.svg(
        "Cumulative incidence of ITBS onset by tertile of " + label + " (days since enrolment)",
        curves,
        risk,
        p);
  }

  private static Table definitions() {
    StringColumn variable = StringColumn.create("variable");
    StringColumn unit = StringColumn.create("unit");
    StringColumn definition = StringColumn.create("definition");
    for (String v : AnalysisSet.VARIABLES) {
      variable.append(v);
      unit.append(AnalysisSet.unit(v));
      definition.append(AnalysisSet.description(v));
    }
    return Table.create("Variables of the analysis set", variable, unit, definition);
  }

  private static List<SitesTable.Row> siteRows(AnalysisOutputs a) {
    AnalysisSet set = a.set();
    String[] site = set.sites();
    double[] time = set.column("time");
    Map<String, long[]> runners = new TreeMap<>();
    Map<String, double[]> followUp = new TreeMap<>();
    for (int i = 0; i < set.size(); i++) {
      runners.computeIfAbsent(site[i], k -> new long[1])[0]++;
      if (Double.isFinite(time[i])) {
        followUp.computeIfAbsent(site[i], k -> new double[1])[0] += time[i];
      }
    }
    JsonNode p3 = a.summary().path("p3_rate_per_1000h");
    List<SitesTable.Row> rows = new ArrayList<>();
    double allFollowUp = 0;
    for (Map.Entry<String, long[]> r : runners.entrySet()) {
      double fu = followUp.getOrDefault(r.getKey(), new double[1])[0];
      allFollowUp += fu;
      rows.add(row(r.getKey(), r.getValue()[0], fu, p3.path("by_site").path(r.getKey())));
    }
    rows.add(row(SitesTable.ALL_SITES, set.size(), allFollowUp, p3.path("overall")));
    return rows;
  }

  private static SitesTable.Row row(String site, long runners, double followUpDays, JsonNode rate) {
    return new SitesTable.Row(
        site,
        runners,
        followUpDays / 365.25,
        rate.path("hours").asDouble(),
        rate.path("events").asLong(),
        rate.path("rate").asDouble(Double.NaN),
        rate.path("ci_lower").asDouble(Double.NaN),
        rate.path("ci_upper").asDouble(Double.NaN));
  }

  private static Table flow(AnalysisOutputs a) {
    long contributed = 0;
    long refused = 0;
    Map<String, Long> byRule = new TreeMap<>();
    for (SubmissionRecord s : a.submissions()) {
      for (FileCounts f : s.files().values()) {
        if (f.table().equals("participants")) {
          contributed += f.read();
          refused += f.quarantined();
          f.quarantinedByRule().forEach((k, v) -> byRule.merge(k, v, Long::sum));
        }
      }
    }
    List<ModelCounts> models = new ArrayList<>();
    for (String m : List.of("P1", "P2", "P3", "R1")) {
      models.add(a.counts(m));
    }
    return FlowTable.of(contributed, refused, byRule, a.set().size(), models);
  }

  private static Map<String, String> mapOf(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(m);
  }

  /**
   * A copy of {@code t} whose text cells are neutralised against formulas ({@link
   * CsvCells#neutralise}): what {@code tables/*.csv} hold, for people who open them in a
   * spreadsheet. Numeric columns, and text cells that are numbers, are unchanged.
   */
  static Table forSpreadsheet(Table t) {
    Table c = t.copy();
    for (int k = 0; k < c.columnCount(); k++) {
      if (c.column(k) instanceof StringColumn s) {
        for (int r = 0; r < s.size(); r++) {
          if (!s.isMissing(r)) {
            s.set(r, CsvCells.neutralise(s.get(r)));
          }
        }
      }
    }
    return c;
  }
}
