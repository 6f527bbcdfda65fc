package org.itbs.analysis.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import org.itbs.analysis.plots.LifeTable;
import org.itbs.analysis.tables.DataQualityTable;
import org.itbs.analysis.tables.DisclosureRiskTable;
import org.itbs.analysis.tables.EffectsTable;
import org.itbs.analysis.tables.EventsPerCovariate;
import org.itbs.analysis.tables.FlowTable;
import org.itbs.analysis.tables.Markdown;
import org.itbs.analysis.tables.Release;
import org.itbs.analysis.tables.Release.Profile;
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
 * Every released figure passes through one {@link Release}: under {@link Profile#RELEASE} (the
 * default) the release rules (counts rounded to the nearest 5, {@code <5} under 5, rates from the
 * rounded counts, life-table incidence curves, tertile cuts rounded with open ends, models with
 * fewer than 10 residual degrees of freedom withheld); under {@link Profile#INTERNAL} the exact
 * figures with per-table small-cell suppression ({@link SmallCells}), every page marked {@link
 * Release#INTERNAL_MARK}. Every decision is logged in {@code sdc.json} and in the report's section
 * "Disclosure control"; the machine-readable analysis outputs are not copied into the report.
 *
 * <p>Any analysis renders: a cohort too small for a table, a figure or a model gets a report that
 * says what it cannot show.
 */
public final class Report {
  /** The three contributors whose tertiles the cumulative-incidence figures compare. */
  public static final Map<String, String> INCIDENCE_BY =
      mapOf(
          "peak_hip_add", "peak hip adduction",
          "hip_abd", "hip abductor torque",
          "df_lunge", "dorsiflexion (lunge test)");

  /** The display precision (decimals) of each contributor's tertile cuts, in its unit. */
  public static final Map<String, Integer> BOUNDARY_DECIMALS =
      Map.of("peak_hip_add", 1, "hip_abd", 2, "df_lunge", 1);

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
    return write(analysis, out, Clock.systemUTC(), Profile.RELEASE);
  }

  /** As {@link #write(Path, Path)}, under the given profile. */
  public static Path write(Path analysis, Path out, Profile profile) {
    return write(analysis, out, Clock.systemUTC(), profile);
  }

  /** As {@link #write(Path, Path)} (a release report), with the clock that dates the report. */
  public static Path write(Path analysis, Path out, Clock clock) {
    return write(analysis, out, clock, Profile.RELEASE);
  }

  /** As {@link #write(Path, Path)}, with the clock that dates the report and the profile. */
  public static Path write(Path analysis, Path out, Clock clock, Profile profile) {
    AnalysisOutputs a = AnalysisOutputs.read(analysis);
    Release rel = Release.of(profile);
    try (Release.Scope scope = rel.activate()) {
      return write(a, out, clock, rel);
    }
  }

  private static Path write(AnalysisOutputs a, Path out, Clock clock, Release rel) {
    Instant made = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Html html = new Html();
    if (!rel.rounds()) {
      html.banner(Release.INTERNAL_MARK);
    }
    Map<String, Table> tables = new LinkedHashMap<>();
    Map<String, String> figures = new LinkedHashMap<>();
    Map<String, String> warnings = new LinkedHashMap<>();

    provenance(html, a, made, rel);
    rel.output("report.html#key-figures", "key figures");
    keyFigures(html, a, rel);

    html.section("table-1", "Table 1. Baseline characteristics by onset status");
    rel.output("tables/table1.csv", "Table 1 (also tables/table1.md and report.html)");
    Table t1 = a.planV1() ? Table1.of(a.set()) : Table1.ofOnsetPopulation(a.set());
    tables.put("table1", t1);
    html.table(
        "table1",
        t1,
        "Analysis set: "
            + rel.count(a.set().size())
            + " runners. "
            + (a.planV1() ? "" : onsetPopulationNote())
            + smdNote());

    html.section("effects", "Effects of each contributor (" + a.plan() + ")");
    for (String model : List.of("P1", "P2", "P3", "R1")) {
      ModelCounts c = a.counts(model);
      String name = "effects_" + model.toLowerCase(Locale.ROOT);
      html.subsection("effects-" + model.toLowerCase(Locale.ROOT), MODEL_TITLE.get(model));
      if (!c.fitted() || a.effects(model).isEmpty()) {
        html.note(
            "Not fitted: "
                + (c.fitted()
                    ? "no coefficients in effects.csv"
                    // plan v2's reasons start with "not fitted: " themselves
                    : rel.text(c.notFitted().replaceFirst("^not fitted: ", ""))));
        continue;
      }
      rel.output("tables/" + name + ".csv", model + " effects (also .md, report.html)");
      int parameters = a.effects(model).size() + (model.equals("P2") || model.equals("P3") ? 1 : 0);
      if (!rel.modelReleased(model, c.n(), parameters)) {
        html.note(
            "Not released: the model has fewer than "
                + Release.MIN_RESIDUAL_DF
                + " residual degrees of freedom (runners minus its "
                + parameters
                + " parameters), too few to release its estimates (disclosure control).");
        continue;
      }
      Table t = EffectsTable.of(a.effects(), model);
      t.setName(model + " effects (" + a.plan() + ")");
      if (model.equals("P1")) {
        t = withSiteRobust(t, a.summary());
      }
      tables.put(name, t);
      sparseWarning(html, name, c, a.effects(model).size(), warnings);
      html.table(name, t, modelNote(model, c, a.summary(), a.planV1()));
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

    if (!a.planV1()) {
      MetaAnalysisSection.write(html, a, rel, tables, figures, warnings);
    }

    html.section("incidence", "Cumulative incidence of ITBS onset by tertile");
    for (Map.Entry<String, String> v : INCIDENCE_BY.entrySet()) {
      String fig = "incidence_" + v.getKey();
      rel.output("figures/" + fig + ".svg", "cumulative incidence by tertile of " + v.getValue());
      try {
        String svg = incidence(a.set(), v.getKey(), v.getValue(), rel);
        figures.put(fig, svg);
        html.figure(
            fig,
            svg,
            (rel.rounds()
                    ? "Cumulative incidence of onset from a life table of 30-day intervals whose"
                        + " event and censoring counts are rounded to the nearest 5, by tertile of "
                    : "1 − Kaplan–Meier estimate of onset by tertile of ")
                + v.getValue()
                + (rel.rounds()
                    ? " (T1 lowest; tertile cuts rounded, in "
                    : " (T1 lowest; range of each tertile in ")
                + AnalysisSet.unit(v.getKey())
                + "); numbers at risk under the axis; log-rank test of the tertiles"
                + (rel.rounds() ? " (on the exact times)." : "."));
      } catch (IllegalArgumentException e) {
        rel.note("not drawn: " + rel.text(e.getMessage()));
        html.note("Not drawn for " + v.getValue() + ": " + rel.text(e.getMessage()));
      }
    }

    html.section("sites", "Sites: follow-up, running exposure and ITBS incidence");
    rel.output("tables/sites.csv", "sites (also tables/sites.md and report.html)");
    Table sites =
        a.planV1() ? SitesTable.of(siteRows(a)) : SitesTable.ofOnsetPopulation(siteRows(a));
    tables.put("sites", sites);
    html.table(
        "sites",
        sites,
        (a.planV1()
                ? ""
                : "Runners: every runner of the site in the analysis set, and of them those in the"
                    + " onset population (no ITBS before enrolment); follow-up, running hours,"
                    + " onsets and incidence are the onset population's (plan P3: onsets and hours"
                    + " of its runners with running exposure). ")
            + "Follow-up from day 0 to onset or censoring. Incidence: onsets per 1000 h of running"
            + " with an exact Poisson 95% CI (plan P3)"
            + (rel.rounds() ? ", computed from the rounded count of onsets." : "."));

    html.section("flow", "Flow of runners");
    rel.output("tables/flow.csv", "flow of runners (also tables/flow.md and report.html)");
    Table flow = flow(a);
    tables.put("flow", flow);
    html.table(
        "flow",
        flow,
        (a.planV1() ? "" : flowNote(rel))
            + "Complete-case analysis: a runner lacking a covariate of a model is left out of that"
            + " model. A runner may be left out for several reasons.");

    html.section("data-quality", "Data quality by submission");
    rel.output("tables/data_quality.csv", "data quality (also .md and report.html)");
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
    rel.output("tables/disclosure_risk.csv", "re-identification risk (also .md and report.html)");
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

    List<String> released = new ArrayList<>();
    released.add("report.html");
    for (String t : tables.keySet()) {
      released.add("tables/" + t + ".csv");
      released.add("tables/" + t + ".md");
    }
    for (String f : figures.keySet()) {
      released.add("figures/" + f + ".svg");
    }
    released.add("provenance.json");
    released.add("sdc.json");
    disclosure(html, rel, released);

    html.footer(
        rel.rounds()
            ? "Release profile: counts rounded to the nearest 5; <5: a count from 0 to 4, or a"
                + " figure resting on one ("
                + a.plan()
                + "; every decision in sdc.json)."
            : Release.INTERNAL_MARK
                + ". <5: a count under 5, or a figure from which one could be recomputed"
                + " (small-cell suppression, "
                + a.plan()
                + ").");

    try {
      Files.createDirectories(out.resolve("tables"));
      Files.createDirectories(out.resolve("figures"));
      String stamp = provenanceLine(a, made, rel);
      for (Map.Entry<String, Table> t : tables.entrySet()) {
        forSpreadsheet(t.getValue())
            .write()
            .csv(out.resolve("tables").resolve(t.getKey() + ".csv").toFile());
        Files.writeString(
            out.resolve("tables").resolve(t.getKey() + ".md"),
            "**"
                + t.getValue().name()
                + "**\n\n"
                + (warnings.containsKey(t.getKey())
                    ? "> **" + warnings.get(t.getKey()) + "**\n\n"
                    : "")
                + Markdown.of(t.getValue())
                + "\n"
                + stamp
                + "\n",
            StandardCharsets.UTF_8);
      }
      for (Map.Entry<String, String> f : figures.entrySet()) {
        Files.writeString(
            out.resolve("figures").resolve(f.getKey() + ".svg"),
            rel.rounds() ? f.getValue() : markedInternal(f.getValue()),
            StandardCharsets.UTF_8);
      }
      Files.writeString(
          out.resolve("provenance.json"), provenanceJson(a, made, rel), StandardCharsets.UTF_8);
      ObjectNode log = rel.log();
      ArrayNode files = log.putArray("released_files");
      released.forEach(files::add);
      Files.writeString(
          out.resolve("sdc.json"), log.toPrettyString() + "\n", StandardCharsets.UTF_8);
      Path page = out.resolve("report.html");
      Files.writeString(
          page,
          html.page(
              "ITBS cohort report — "
                  + a.plan()
                  + (rel.rounds() ? "" : " — " + Release.INTERNAL_MARK)),
          StandardCharsets.UTF_8);
      return page;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + out, e);
    }
  }

  private static void provenance(Html html, AnalysisOutputs a, Instant made, Release rel) {
    JsonNode s = a.summary();
    List<String[]> items = new ArrayList<>();
    items.add(new String[] {"Analysis plan", s.path("plan").asText()});
    items.add(new String[] {"Lake version", s.path("lake_version").asText()});
    if (s.has("lake_snapshots")) {
      List<String> snaps = new ArrayList<>();
      s.path("lake_snapshots")
          .fields()
          .forEachRemaining(e -> snaps.add(e.getKey() + " " + e.getValue().asText()));
      items.add(new String[] {"Iceberg snapshots read", String.join("; ", snaps)});
    }
    if (s.has("analysis_snapshots")) {
      List<String> snaps = new ArrayList<>();
      s.path("analysis_snapshots")
          .fields()
          .forEachRemaining(e -> snaps.add(e.getKey() + " " + e.getValue().asText()));
      items.add(new String[] {"Analysis tables read (snapshots)", String.join("; ", snaps)});
    }
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
    items.add(
        new String[] {
          "Disclosure control",
          rel.rounds()
              ? "release profile: counts rounded to the nearest 5, <5 under 5 (see \"Disclosure"
                  + " control\" and sdc.json)"
              : "internal profile: " + Release.INTERNAL_MARK
        });
    html.provenance(items);
  }

  private static String provenanceLine(AnalysisOutputs a, Instant made, Release rel) {
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
        + (rel.rounds()
            ? "; release profile: counts rounded to the nearest 5, `<5`: a count from 0 to 4, or a"
                + " figure resting on one (sdc.json)._"
            : ". **"
                + Release.INTERNAL_MARK
                + "**. `<5`: a count under 5, or a figure from which one could be recomputed._");
  }

  private static String provenanceJson(AnalysisOutputs a, Instant made, Release rel) {
    JsonNode s = a.summary();
    com.fasterxml.jackson.databind.node.ObjectNode o =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    o.put("plan", s.path("plan").asText());
    o.put("lake_version", s.path("lake_version").asLong());
    if (s.has("lake_snapshots")) {
      // The Iceberg snapshot of every table the analysed lake version names (issue 17).
      o.set("lake_snapshots", s.path("lake_snapshots"));
    }
    if (s.has("analysis_snapshots")) {
      // The snapshot of each analysis table the analysis read (analysis.runners, ...).
      o.set("analysis_snapshots", s.path("analysis_snapshots"));
    }
    o.set("sites", s.path("sites"));
    o.set("submissions", s.path("submissions"));
    o.put("software_version", Version.current());
    o.put("analysis_software_version", s.path("software_version").asText(""));
    o.put("made", made.toString());
    o.put("profile", rel.profile().label());
    o.put(
        "disclosure_control", rel.rounds() ? "release rules, see sdc.json" : Release.INTERNAL_MARK);
    return o.toPrettyString() + "\n";
  }

  /**
   * The key figures, each naming its population: under plan v2 the onset population's onsets and
   * rate (P3's runners with running exposure), P1's C and P2's AUC of the onset population.
   */
  private static void keyFigures(Html html, AnalysisOutputs a, Release rel) {
    JsonNode s = a.summary();
    JsonNode rate = s.path("p3_rate_per_1000h").path("overall");
    boolean v1 = a.planV1();
    List<String[]> items = new ArrayList<>();
    items.add(new String[] {"Runners in the analysis set", rel.count(a.set().size())});
    long onsets = rate.path("events").asLong();
    long runners = a.set().size();
    if (!v1) {
      runners = a.onsetPopulation().runners();
      items.add(
          new String[] {
            "Runners in the onset population (no ITBS before enrolment)",
            rel.count(runners, a.set().size())
          });
    }
    items.add(
        new String[] {
          v1
              ? "ITBS onsets (runners with running exposure)"
              : "ITBS onsets in the onset population (runners with running exposure)",
          rel.count(onsets, runners)
        });
    items.add(
        new String[] {
          v1
              ? "Onsets per 1000 h of running (95% CI)"
              : "Onsets per 1000 h of running in the onset population (95% CI)",
          rel.rate(
              onsets,
              runners,
              rate.path("hours").asDouble(),
              1000,
              new double[] {
                rate.path("rate").asDouble(Double.NaN),
                rate.path("ci_lower").asDouble(Double.NaN),
                rate.path("ci_upper").asDouble(Double.NaN)
              })
        });
    items.add(
        new String[] {
          v1 ? "P1 concordance (Harrell's C)" : "P1 concordance (Harrell's C, onset population)",
          fixedOrDash(s.path("p1_concordance"), 3)
        });
    items.add(
        new String[] {
          v1 ? "P2 area under the ROC curve" : "P2 area under the ROC curve (onset population)",
          fixedOrDash(s.path("p2_auc"), 3)
        });
    html.keyFigures(items);
  }

  private static String fixedOrDash(JsonNode n, int decimals) {
    return n.isNumber() ? Table1.fixed(n.asDouble(), decimals) : Table1.UNDEFINED;
  }

  private static String smdNote() {
    return "Mean ± SD (sample SD) for continuous variables, n (%) for binary ones; SMD: standardised"
        + " mean difference, ITBS minus no ITBS; missing: runners without a value.";
  }

  /**
   * The plan's warning on a model with fewer than 10 events per covariate: shown above its table
   * and carried by its Markdown file; in a release report decided on, and showing, the figure of
   * the rounded count of events ({@link EventsPerCovariate}).
   */
  private static void sparseWarning(
      Html html, String table, ModelCounts c, int terms, Map<String, String> warnings) {
    int covariates = EventsPerCovariate.covariates(c, terms);
    if (!EventsPerCovariate.sparse(c.events(), c.n(), covariates)) {
      return;
    }
    String w =
        c.model()
            + ": "
            + EventsPerCovariate.warning(
                c.events(), c.n(), covariates, c.model().equals("R1") ? "recurrences" : "onsets");
    html.warning(table, w);
    warnings.put(table, w);
  }

  private static String flowNote(Release rel) {
    return "Each row's runners are taken from the step it names: the analysis set is the onset"
        + " population plus the runners set aside for ITBS before enrolment (their next ITBS is a"
        + " recurrence: not in the onset models P1–P3, but in R1); P1, P2 and P3 each take the"
        + " onset population (runners + left out = the onset population); R1 takes the runners"
        + " at risk of recurrence, those with a risk period (from day 0 for ITBS before"
        + " enrolment, from the return to running after an onset), runners + left out = those at"
        + " risk. "
        + (rel.rounds()
            ? "Each count is rounded to the nearest 5 on its own, so the sums hold to within the"
                + " rounding. "
            : "");
  }

  private static String onsetPopulationNote() {
    return "Onset population: runners without ITBS before enrolment, by ITBS onset during"
        + " follow-up; the runners with ITBS before enrolment are set aside from the onset models"
        + " P1–P3 (their next ITBS is a recurrence, in R1) and shown in the last column. ";
  }

  private static String modelNote(String model, ModelCounts c, JsonNode s, boolean v1) {
    StringBuilder sb = new StringBuilder();
    sb.append("n = ")
        .append(SmallCells.count(c.n()))
        .append(model.equals("R1") ? " runners, " : ", ")
        .append(model.equals("R1") ? "recurrences = " : "onsets = ")
        .append(
            c.events() <= c.n()
                ? SmallCells.count(c.events(), c.n())
                : SmallCells.count(c.events()))
        .append(". ");
    switch (model) {
      case "P1" -> {
        sb.append(
            "Efron ties; Wald 95% CI; continuous covariates per SD over the runners in the model. ");
        if (!v1) {
          sb.append(
              "Onset population; stratified by site (each site its own baseline hazard) when more"
                  + " than one site contributes, Harrell's C within sites. ");
        }
        sb.append("Harrell's C = ").append(fixedOrDash(s.path("p1_concordance"), 3)).append(". ");
        if (s.has("p1_site_robust")) {
          sb.append("Robust CI and p: sandwich variance clustered by site. ");
        }
      }
      case "P2" ->
          sb.append(v1 ? "" : "Onset population; site as a fixed effect (not shown). ")
              .append("Onset within 365 days of day 0; AUC = ")
              .append(fixedOrDash(s.path("p2_auc"), 3))
              .append(". ");
      case "P3" ->
          sb.append(v1 ? "" : "Onset population; site as a fixed effect (not shown). ")
              .append("Event 0/1 per runner, log running hours as offset. ");
      case "R1" ->
          sb.append("Counting-process intervals by training week (")
              .append(s.path("r1_intervals").asText())
              .append("); maintenance and ACWR time-varying; robust variance clustered by runner. ")
              .append(v1 ? "" : "Stratified by site when more than one site contributes. ");
      default -> {}
    }
    if (c.leftOutRunners() > 0) {
      sb.append("Left out: ")
          .append(SmallCells.count(c.leftOutRunners(), c.candidates()))
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

  private static String incidence(AnalysisSet set, String variable, String label, Release rel) {
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
    double p = LogRank.test(data, groups).pValue();
    double step = maxTime <= 540 ? 60 : maxTime <= 1100 ? 90 : maxTime <= 2200 ? 180 : 365;
    int ticks = (int) Math.floor(maxTime / step);
    double[] risk = new double[ticks + 1];
    for (int i = 0; i <= ticks; i++) {
      risk[i] = i * step;
    }
    String title =
        "Cumulative incidence of ITBS onset by tertile of " + label + " (days since enrolment)";
    if (rel.rounds()) {
      return releasedIncidence(title, variable, x, t, e, groups, risk, p, rel);
    }
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
    return IncidencePlot.svg(title, curves, risk, p);
  }

  /**
   * The released figure: per tertile a life table of rounded counts ({@link LifeTable}), the
   * tertile cuts rounded with open outer ends, numbers at risk rounded, the log-rank p exact.
   */
  private static String releasedIncidence(
      String title,
      String variable,
      double[] x,
      double[] t,
      int[] e,
      String[] groups,
      double[] risk,
      double p,
      Release rel) {
    int[] sizes = new int[3];
    for (String g : groups) {
      sizes[g.charAt(1) - '1']++;
    }
    for (int size : sizes) {
      if (size < Release.BASE) {
        throw new IllegalArgumentException(
            "a tertile holds fewer than " + Release.BASE + " runners (disclosure control)");
      }
    }
    double[] breaks = LogRank.tertileBreaks(x);
    String[] labels =
        rel.tertileLabels(breaks[1], breaks[2], BOUNDARY_DECIMALS.getOrDefault(variable, 1));
    Map<String, IncidencePlot.Curve> curves = new LinkedHashMap<>();
    for (int g = 0; g < 3; g++) {
      String tertile = "T" + (g + 1);
      List<Integer> rows = new ArrayList<>();
      for (int k = 0; k < groups.length; k++) {
        if (groups[k].equals(tertile)) {
          rows.add(k);
        }
      }
      double[] time = rows.stream().mapToDouble(k -> t[k]).toArray();
      int[] event = rows.stream().mapToInt(k -> e[k]).toArray();
      curves.put(tertile + " (" + labels[g] + ")", LifeTable.curve(time, event, risk, rel));
    }
    rel.exact("log-rank p", IncidencePlot.pValueText(p));
    return IncidencePlot.svgOfCurves(title, curves, risk, p);
  }

  /** An SVG with the internal mark at its top left. */
  private static String markedInternal(String svg) {
    int open = svg.indexOf("<svg");
    int end = open < 0 ? -1 : svg.indexOf('>', open);
    if (end < 0) {
      return svg;
    }
    return svg.substring(0, end + 1)
        + "\n<text class=\"internal-mark\" x=\"4\" y=\"12\" font-size=\"11\" fill=\"#b00000\">"
        + Release.INTERNAL_MARK.toUpperCase(Locale.ROOT)
        + "</text>"
        + svg.substring(end + 1);
  }

  /** The disclosure-control section: the rules, every released file and what was decided. */
  private static void disclosure(Html html, Release rel, List<String> released) {
    html.section("disclosure-control", "Disclosure control");
    html.note(
        rel.rounds()
            ? Release.RULES
            : Release.INTERNAL_MARK
                + ": this report shows exact counts (cells under 5 suppressed per table only)."
                + " Make the release report with `itbs report` without --internal.");
    StringColumn file = StringColumn.create("released file");
    StringColumn decisions = StringColumn.create("rules applied (figures per rule and outcome)");
    Map<String, String> byOutput = new LinkedHashMap<>();
    for (Map.Entry<String, String> s : rel.summary()) {
      byOutput.put(s.getKey(), s.getValue());
    }
    for (String f : released) {
      file.append(f);
      String direct = byOutput.get(f);
      if (direct == null && f.endsWith(".md")) {
        direct = byOutput.get(f.substring(0, f.length() - 3) + ".csv");
        direct = direct == null ? null : "as the .csv: " + direct;
      }
      decisions.append(
          direct != null
              ? direct
              : switch (f) {
                case "report.html" ->
                    "every table and figure listed here, inline; key figures: "
                        + byOutput.getOrDefault("report.html#key-figures", "none");
                case "provenance.json" -> "no count: plan, lake version, sites, submissions";
                case "sdc.json" -> "this log: the decisions per released file, no exact count";
                default -> "no count or derived figure";
              });
    }
    html.table(
        "sdc",
        Table.create("Released files and disclosure decisions", file, decisions),
        "Each figure of each file is listed in sdc.json with the rule applied and what it shows"
            + " (count: rounded to the nearest 5 or <5; percentage and rate: from the rounded"
            + " counts or not shown; statistic: shown over 5 runners or more; boundary: rounded;"
            + " models withheld for too few residual degrees of freedom).");
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

  /**
   * The sites table's rows: per site its runners in the analysis set and the population the
   * follow-up, hours, onsets and rate are of (v1: the same runners; v2: the onset population,
   * {@code prior_itbs} = 0), with P3's rates of the summary; then all sites.
   */
  private static List<SitesTable.Row> siteRows(AnalysisOutputs a) {
    AnalysisSet set = a.set();
    String[] site = set.sites();
    double[] time = set.column("time");
    double[] prior = set.column("prior_itbs");
    boolean v1 = a.planV1();
    Map<String, long[]> runners = new TreeMap<>();
    Map<String, double[]> followUp = new TreeMap<>();
    for (int i = 0; i < set.size(); i++) {
      long[] c = runners.computeIfAbsent(site[i], k -> new long[2]);
      c[0]++;
      boolean inPopulation = v1 || prior[i] == 0;
      if (inPopulation) {
        c[1]++;
        if (Double.isFinite(time[i])) {
          followUp.computeIfAbsent(site[i], k -> new double[1])[0] += time[i];
        }
      }
    }
    JsonNode p3 = a.summary().path("p3_rate_per_1000h");
    List<SitesTable.Row> rows = new ArrayList<>();
    double allFollowUp = 0;
    long allPopulation = 0;
    for (Map.Entry<String, long[]> r : runners.entrySet()) {
      double fu = followUp.getOrDefault(r.getKey(), new double[1])[0];
      allFollowUp += fu;
      allPopulation += r.getValue()[1];
      rows.add(
          row(
              r.getKey(),
              r.getValue()[0],
              r.getValue()[1],
              fu,
              p3.path("by_site").path(r.getKey())));
    }
    rows.add(row(SitesTable.ALL_SITES, set.size(), allPopulation, allFollowUp, p3.path("overall")));
    return rows;
  }

  private static SitesTable.Row row(
      String site, long runners, long population, double followUpDays, JsonNode rate) {
    return new SitesTable.Row(
        site,
        runners,
        population,
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
    if (a.planV1()) {
      return FlowTable.of(contributed, refused, byRule, a.set().size(), models);
    }
    AnalysisOutputs.OnsetPopulation onset = a.onsetPopulation();
    return FlowTable.ofOnsetPopulation(
        contributed, refused, byRule, a.set().size(), onset.setAside(), onset.runners(), models);
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
