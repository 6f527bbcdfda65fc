package org.itbs.analysis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.data.Record;
import org.itbs.analysis.plan.AnalysisSet;
import org.itbs.analysis.plan.Effect;
import org.itbs.analysis.plan.MetaRow;
import org.itbs.analysis.plan.ModelCounts;
import org.itbs.analysis.plan.Plan;
import org.itbs.analysis.plan.PlanResult;
import org.itbs.analysis.plan.PlanV1;
import org.itbs.analysis.plan.RecurrenceIntervals;
import org.itbs.analysis.plan.SiteEffect;
import org.itbs.core.Version;
import org.itbs.core.csv.CsvWriter;
import org.itbs.core.dictionary.AnalysisDictionary;
import org.itbs.core.lake.LakeState;
import org.itbs.core.lake.SubmissionRecord;
import org.itbs.lake.IcebergLake;
import org.itbs.lake.LakeTables;
import org.itbs.stats.PoissonRate;

/**
 * The analyse step: reads the analysis set of a lake version from the lake's analysis tables
 * through Iceberg's Java reader (no Spark), at the snapshots the features job recorded for that
 * version, runs the plan's primary analyses and writes {@code effects.csv}, {@code
 * model_summary.json} and {@code analysis_set.csv}, and under plan v2 also {@code site_effects.csv}
 * and {@code meta_analysis.csv} (M1). Every CSV goes through the project's one writer, {@link
 * CsvWriter}.
 */
public final class Analyse {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Analyse() {}

  /**
   * A lake version as an analysis reads it: the catalog's version (its tables' snapshot ids), the
   * lake's state at it, its analysis (the snapshot ids of {@code analysis.runners} and {@code
   * analysis.recurrence_intervals} the features job recorded for it) and the rows read there.
   */
  public record LakeAt(
      IcebergLake.Version version,
      LakeState state,
      IcebergLake.AnalysisVersion analysis,
      AnalysisSet runners,
      RecurrenceIntervals intervals) {}

  /**
   * The lake version an analysis reads, through the lake's Iceberg catalog ({@code
   * LAKE/catalog.db}), with its analysis tables read at the snapshots recorded for it (never the
   * tables' current snapshot: an analysis of an earlier version may have been made since).
   *
   * @param asOf {@code --as-of}: a version number, or an ISO-8601 time meaning the latest version
   *     committed at or before it; {@code null} for the latest version
   * @throws IllegalArgumentException when the lake holds no data, {@code asOf} names no version, or
   *     the version has no analysis set (or an erasure removed it)
   */
  public static LakeAt at(Path lakeRoot, String asOf) {
    try (IcebergLake catalog = IcebergLake.openLake(lakeRoot, null, new Configuration(), false)) {
      IcebergLake.Version v =
          catalog
              .asOf(asOf)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "--lake " + lakeRoot + " holds no data; run `itbs ingest` first"));
      LakeState s = catalog.state(v.version());
      IcebergLake.AnalysisVersion a;
      try {
        a = catalog.analysis(v.version()).orElse(null);
      } catch (IcebergLake.ErasedAnalysisException e) {
        throw new IllegalArgumentException(
            "lake "
                + lakeRoot
                + " version "
                + v.version()
                + ": its analysis set was removed by an erasure; run `itbs features --lake "
                + lakeRoot
                + (asOf == null ? "" : " --as-of " + v.version())
                + "` first",
            e);
      }
      if (a == null) {
        throw new IllegalArgumentException(
            "lake "
                + lakeRoot
                + " version "
                + v.version()
                + " has no analysis set; run `itbs features --lake "
                + lakeRoot
                + (asOf == null ? "" : " --as-of " + v.version())
                + "` first");
      }
      List<Record> runners = catalog.read(a, LakeTables.analysisId(AnalysisDictionary.runners()));
      List<Record> intervals =
          catalog.read(a, LakeTables.analysisId(AnalysisDictionary.recurrenceIntervals()));
      return new LakeAt(v, s, a, runners(runners), intervals(intervals));
    }
  }

  /** Reads the analysis set of the lake's current version. */
  public static AnalysisSet readRunners(Path lakeRoot) {
    return at(lakeRoot, null).runners();
  }

  /** Reads the recurrence intervals of the lake's current version. */
  public static RecurrenceIntervals readIntervals(Path lakeRoot) {
    return at(lakeRoot, null).intervals();
  }

  /** The analysis set from the rows of {@code analysis.runners}, in their order. */
  static AnalysisSet runners(List<Record> rows) {
    Map<String, double[]> cols = new LinkedHashMap<>();
    for (AnalysisDictionary.Column c : AnalysisDictionary.runners().columns()) {
      if (!c.name().equals("site") && !c.name().equals("participant_id")) {
        cols.put(c.name(), doubles(rows, c.name()));
      }
    }
    return AnalysisSet.of(strings(rows, "site"), strings(rows, "participant_id"), cols);
  }

  /** The recurrence intervals from the rows of {@code analysis.recurrence_intervals}. */
  static RecurrenceIntervals intervals(List<Record> rows) {
    double[] ev = doubles(rows, "event");
    int[] event = new int[ev.length];
    for (int i = 0; i < ev.length; i++) {
      event[i] = (int) ev[i];
    }
    return new RecurrenceIntervals(
        strings(rows, "site"),
        strings(rows, "participant_id"),
        doubles(rows, "start"),
        doubles(rows, "stop"),
        event,
        doubles(rows, "maintenance"),
        doubles(rows, "acwr"));
  }

  /** A numeric column as doubles, {@code NaN} where missing. */
  private static double[] doubles(List<Record> rows, String column) {
    double[] out = new double[rows.size()];
    for (int k = 0; k < out.length; k++) {
      Object o = rows.get(k).getField(column);
      out[k] = o == null ? Double.NaN : ((Number) o).doubleValue();
    }
    return out;
  }

  private static String[] strings(List<Record> rows, String column) {
    String[] out = new String[rows.size()];
    for (int k = 0; k < out.length; k++) {
      Object o = rows.get(k).getField(column);
      out[k] = o == null ? null : o.toString();
    }
    return out;
  }

  private static final String ANALYSIS_PREFIX = LakeTables.ANALYSIS + ".";

  /** The snapshot ids an analysis read: the lake version's tables' and the analysis tables'. */
  private static Map<String, Long> snapshots(LakeAt at) {
    Map<String, Long> all = new java.util.TreeMap<>(at.version().snapshots());
    all.putAll(at.analysis().snapshots());
    return all;
  }

  /**
   * Runs the analyses of the given plan and writes the outputs into {@code out} (created).
   *
   * @return the results
   */
  public static PlanResult run(Path lakeRoot, Path out, Plan plan) {
    return run(lakeRoot, out, plan, null);
  }

  /**
   * Runs the analyses of the given plan on lake version {@code asOf} ({@link #at}; {@code null} for
   * the latest) and writes the outputs into {@code out} (created).
   *
   * @return the results
   */
  public static PlanResult run(Path lakeRoot, Path out, Plan plan, String asOf) {
    LakeAt at = at(lakeRoot, asOf);
    AnalysisSet set = at.runners();
    PlanResult r = plan.run(set, at.intervals());
    write(out, lakeRoot, at.state(), snapshots(at), set, r);
    return r;
  }

  /**
   * Writes the outputs of an analysis into {@code out} (created): {@code effects.csv}, {@code
   * analysis_set.csv} and {@code model_summary.json}, the latter stating the lake, its version,
   * sites and submissions (with each submission's audit counts under {@code data_quality}), the
   * plan and the software version; under plan v2 also {@code site_effects.csv} and {@code
   * meta_analysis.csv} (written with their header when M1 has no rows). Files of an earlier run in
   * {@code out} are replaced.
   *
   * @param lakeRoot the lake the analysis set came from, as stated in the summary
   * @param state the lake's state at the analysed version
   */
  public static void write(
      Path out, Path lakeRoot, LakeState state, AnalysisSet set, PlanResult r) {
    write(out, lakeRoot, state, Map.of(), set, r);
  }

  /**
   * As {@link #write(Path, Path, LakeState, AnalysisSet, PlanResult)}, the summary also naming the
   * Iceberg snapshot id of every table the analysed lake version names ({@code lake_snapshots}) and
   * of the analysis tables read ({@code analysis_snapshots}: the names in {@code snapshots} of the
   * namespace {@code analysis}).
   */
  public static void write(
      Path out,
      Path lakeRoot,
      LakeState state,
      Map<String, Long> snapshots,
      AnalysisSet set,
      PlanResult r) {
    try {
      Files.createDirectories(out);
      boolean v2 = !r.plan().equals(PlanV1.VERSION);
      try (CsvWriter w = csv(out.resolve("effects.csv"), Effect.CSV_HEADER.split(","))) {
        for (Effect e : r.effects()) {
          w.text(e.model());
          w.text(e.term());
          w.text(Double.toString(e.estimate()));
          w.text(Double.toString(e.stdError()));
          w.text(Double.toString(e.ratio()));
          w.text(Double.toString(e.ciLower()));
          w.text(Double.toString(e.ciUpper()));
          w.text(Double.toString(e.pValue()));
          w.integer(e.n());
          w.integer(e.events());
          w.endRow();
        }
      }
      writeAnalysisSet(out.resolve("analysis_set.csv"), set);
      if (v2) {
        try (CsvWriter w = csv(out.resolve("site_effects.csv"), SiteEffect.CSV_HEADER)) {
          for (SiteEffect e : r.siteEffects()) {
            w.text(e.site());
            w.text(e.term());
            w.text(Double.toString(e.estimate()));
            w.text(Double.toString(e.stdError()));
            w.integer(e.n());
            w.integer(e.events());
            w.endRow();
          }
        }
        try (CsvWriter w = csv(out.resolve("meta_analysis.csv"), MetaRow.CSV_HEADER)) {
          for (MetaRow m : r.metaAnalysis()) {
            w.text(m.term());
            w.integer(m.k());
            number(w, m.tau2());
            number(w, m.i2());
            number(w, m.q());
            number(w, m.qP());
            number(w, Math.exp(m.piLower()));
            number(w, Math.exp(m.piUpper()));
            w.endRow();
          }
        }
      }
      Files.write(
          out.resolve("model_summary.json"),
          JSON.writeValueAsBytes(summary(lakeRoot, state, snapshots, set, r)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + out, e);
    }
  }

  /** A new CSV file through the project's writer, replacing one of an earlier run. */
  private static CsvWriter csv(Path file, String... header) throws IOException {
    Files.deleteIfExists(file);
    return CsvWriter.create(file, CsvWriter.Encoding.PLAIN, header);
  }

  /** A number at full precision, empty where it is not defined (NaN). */
  private static void number(CsvWriter w, double v) {
    if (Double.isNaN(v)) {
      w.empty();
    } else {
      w.text(Double.toString(v));
    }
  }

  private static void writeAnalysisSet(Path file, AnalysisSet set) throws IOException {
    List<String> names = set.columnNames();
    String[] header = new String[names.size() + 2];
    header[0] = "site";
    header[1] = "participant_id";
    for (int j = 0; j < names.size(); j++) {
      header[j + 2] = names.get(j);
    }
    String[] site = set.sites();
    String[] id = set.participantIds();
    double[][] cols = names.stream().map(set::column).toArray(double[][]::new);
    try (CsvWriter w = csv(file, header)) {
      for (int i = 0; i < set.size(); i++) {
        w.text(site[i]);
        w.text(id[i]);
        for (double[] c : cols) {
          double v = c[i];
          if (Double.isNaN(v)) {
            w.empty();
          } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            w.integer((long) v);
          } else {
            w.text(Double.toString(v));
          }
        }
        w.endRow();
      }
    }
  }

  private static ObjectNode summary(
      Path lakeRoot, LakeState s, Map<String, Long> snapshots, AnalysisSet set, PlanResult r) {
    ObjectNode root = JSON.createObjectNode();
    root.put("plan", r.plan());
    root.put("software_version", Version.current());
    root.put("lake", lakeRoot.toAbsolutePath().toString());
    root.put("lake_version", s.version());
    if (!snapshots.isEmpty()) {
      // The Iceberg snapshot of every table the version names, and of the analysis tables at the
      // version's analysis: exactly what was read.
      ObjectNode snaps = root.putObject("lake_snapshots");
      ObjectNode analysis = JSON.createObjectNode();
      new java.util.TreeMap<>(snapshots)
          .forEach(
              (table, id) -> {
                if (table.startsWith(ANALYSIS_PREFIX)) {
                  analysis.put(table, id);
                } else {
                  snaps.put(table, id);
                }
              });
      if (!analysis.isEmpty()) {
        root.set("analysis_snapshots", analysis);
      }
    }
    ArrayNode subs = root.putArray("submissions");
    for (SubmissionRecord rec : s.currentSubmissions()) {
      subs.addObject().put("site", rec.site()).put("id", rec.id()).put("created", rec.created());
    }
    ArrayNode sites = root.putArray("sites");
    s.current().keySet().forEach(sites::add);
    root.put("runners", set.size());
    number(root, "p1_concordance", r.p1Concordance());
    number(root, "p2_auc", r.p2Auc());
    ObjectNode p3 = root.putObject("p3_rate_per_1000h");
    rate(p3.putObject("overall"), r.rate());
    ObjectNode bySite = p3.putObject("by_site");
    r.rateBySite().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> rate(bySite.putObject(e.getKey()), e.getValue()));
    root.put("r1_intervals", r.r1Intervals());
    boolean v2 = !r.plan().equals(PlanV1.VERSION);
    if (v2) {
      root.put("onset_population", r.onsetPopulation());
      root.put("prior_itbs_set_aside", r.priorItbsSetAside());
      ArrayNode m1 = root.putArray("m1_sites");
      r.m1Sites().forEach(m1::add);
      ObjectNode m1Out = root.putObject("m1_left_out");
      new java.util.TreeMap<>(r.m1LeftOut()).forEach(m1Out::put);
      if (r.m1NotFitted() != null) {
        root.put("m1_not_fitted", r.m1NotFitted());
      }
    }
    ObjectNode models = root.putObject("models");
    for (String m : v2 ? List.of("P1", "P2", "P3", "R1", "M1") : List.of("P1", "P2", "P3", "R1")) {
      ModelCounts c = r.counts().get(m);
      ObjectNode o = models.putObject(m);
      if (v2) {
        o.put("estimable", c.fitted());
      }
      o.put("candidates", c.candidates());
      o.put("n", c.n());
      o.put("events", c.events());
      if (v2) {
        o.put("covariates", c.covariates());
        number(o, "events_per_covariate", c.eventsPerCovariate());
      }
      o.put("left_out", c.leftOutRunners());
      if (!c.fitted()) {
        o.put("not_fitted", c.notFitted());
      }
      ObjectNode reasons = o.putObject("left_out_reasons");
      c.leftOut().forEach(reasons::put);
    }
    ArrayNode quality = root.putArray("data_quality");
    s.currentSubmissions().forEach(rec -> quality.add(JSON.valueToTree(rec)));
    if (!r.p1SiteRobust().isEmpty()) {
      ArrayNode robust = root.putArray("p1_site_robust");
      for (Effect e : r.p1SiteRobust()) {
        robust
            .addObject()
            .put("term", e.term())
            .put("estimate", e.estimate())
            .put("robust_std_error", e.stdError())
            .put("ci_lower", e.ciLower())
            .put("ci_upper", e.ciUpper())
            .put("p_value", e.pValue());
      }
    }
    return root;
  }

  /** A number, or JSON null where a model was not fitted (never NaN in the output). */
  private static void number(ObjectNode o, String field, double v) {
    if (Double.isFinite(v)) {
      o.put(field, v);
    } else {
      o.putNull(field);
    }
  }

  private static void rate(ObjectNode o, PoissonRate r) {
    if (r == null) {
      // no running exposure at all: no rate (plan v2's onset population may have none)
      o.put("events", 0);
      o.put("hours", 0.0);
      o.putNull("rate");
      o.putNull("ci_lower");
      o.putNull("ci_upper");
      return;
    }
    o.put("events", r.events());
    o.put("hours", r.exposure());
    o.put("rate", r.rate());
    o.put("ci_lower", r.interval().lower());
    o.put("ci_upper", r.interval().upper());
  }
}
