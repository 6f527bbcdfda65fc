package org.itbs.analysis.notebook;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.itbs.analysis.Analyse;
import org.itbs.analysis.plan.AnalysisSet;
import org.itbs.analysis.plan.Effect;
import org.itbs.analysis.plan.MetaRow;
import org.itbs.analysis.plan.Plan;
import org.itbs.analysis.plan.PlanResult;
import org.itbs.analysis.plan.RecurrenceIntervals;
import org.itbs.analysis.plan.SiteEffect;
import org.itbs.analysis.plots.DistributionPlot;
import org.itbs.analysis.plots.ForestPlot;
import org.itbs.analysis.tables.EffectsTable;
import org.itbs.analysis.tables.MetaAnalysisTable;
import org.itbs.analysis.tables.Table1;
import org.itbs.core.Settings;
import org.itbs.core.lake.LakeState;
import org.itbs.core.lake.LocalPaths;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A lake's analysis-ready data for a notebook: the analysis set of its current version and R1's
 * recurrence intervals as Tablesaw tables, read straight from Parquet (no Spark), with the planned
 * models one call away.
 *
 * <pre>{@code
 * Cohort c = Cohort.fromEnvironment();    // the lake of `itbs notebook --lake LAKE`
 * Table runners = c.runners();
 * PlanResult plan = c.plan();              // P1, P2, P3, R1, M1 exactly as analysis-plan v2
 * Table p1 = c.effects("P1");
 * String svg = c.forestPlot("P1");
 * }</pre>
 */
public final class Cohort {
  /**
   * The environment variable {@code ./itbs notebook} sets to the lake's path, {@code ITBS_LAKE}
   * ({@link Settings#LAKE}).
   */
  public static final String LAKE_ENV = Settings.LAKE.env();

  private final Path lake;
  private final LakeState state;
  private final AnalysisSet set;
  private final RecurrenceIntervals intervals;
  private PlanResult plan;

  private Cohort(Path lake) {
    this.lake = lake.toAbsolutePath().normalize();
    Analyse.LakeAt at = Analyse.at(this.lake, null);
    this.state = at.state();
    this.set = at.runners();
    this.intervals = at.intervals();
  }

  /**
   * Opens a lake.
   *
   * @throws IllegalArgumentException when the lake holds no data or its current version has no
   *     analysis set (run {@code itbs features} first)
   */
  public static Cohort open(Path lake) {
    return new Cohort(lake);
  }

  /** As {@link #open(Path)}, from a path or a {@code file:} URI. */
  public static Cohort open(String lake) {
    if (lake == null || lake.isBlank()) {
      throw new IllegalArgumentException(
          "no lake path; start Jupyter with `./itbs notebook --lake LAKE` or pass the path");
    }
    return open(LocalPaths.of("lake", lake));
  }

  /**
   * Opens the lake named by {@link Settings#LAKE}: the environment variable {@code ITBS_LAKE} (set
   * by {@code ./itbs notebook --lake LAKE}) or the system property {@code itbs.lake}.
   *
   * @throws IllegalArgumentException when the variable is not set
   */
  public static Cohort fromEnvironment() {
    return open(Settings.LAKE.value().orElse(null));
  }

  /** The lake's folder. */
  public Path lake() {
    return lake;
  }

  /** The lake's version whose analysis set this is. */
  public long version() {
    return state.version();
  }

  /** The contributing sites of that version. */
  public List<String> sites() {
    return List.copyOf(state.current().keySet());
  }

  /** The analysis set (plan section "Analysis set") as the core type the planned models take. */
  public AnalysisSet analysisSet() {
    return set;
  }

  /**
   * The analysis set as a table: {@code site}, {@code participant_id} and one double column per
   * variable of {@link AnalysisSet#VARIABLES} (missing values missing).
   */
  public Table runners() {
    return runnersOf(set);
  }

  /** An analysis set as the table {@link #runners()} gives. */
  public static Table runnersOf(AnalysisSet set) {
    Table t =
        Table.create(
            "runners",
            StringColumn.create("site", set.sites()),
            StringColumn.create("participant_id", set.participantIds()));
    for (String v : set.columnNames()) {
      t.addColumns(DoubleColumn.create(v, set.column(v)));
    }
    return t;
  }

  /**
   * R1's counting-process intervals as a table: {@code site}, {@code participant_id}, {@code
   * start}, {@code stop}, {@code event}, {@code maintenance}, {@code acwr}, and the runner's fixed
   * covariates {@code hip_abd}, {@code df_lunge}, {@code sexF} (natural units).
   */
  public Table recurrenceIntervals() {
    Map<String, Integer> row = new HashMap<>();
    for (int i = 0; i < set.size(); i++) {
      row.put(set.sites()[i] + "\u0000" + set.participantIds()[i], i);
    }
    int n = intervals.size();
    double[] abd = new double[n];
    double[] df = new double[n];
    double[] sex = new double[n];
    for (int j = 0; j < n; j++) {
      Integer i = row.get(intervals.site()[j] + "\u0000" + intervals.participantId()[j]);
      abd[j] = i == null ? Double.NaN : set.column("hip_abd")[i];
      df[j] = i == null ? Double.NaN : set.column("df_lunge")[i];
      sex[j] = i == null ? Double.NaN : set.column("sexF")[i];
    }
    return Table.create(
        "recurrence_intervals",
        StringColumn.create("site", intervals.site()),
        StringColumn.create("participant_id", intervals.participantId()),
        DoubleColumn.create("start", intervals.start()),
        DoubleColumn.create("stop", intervals.stop()),
        IntColumn.create("event", intervals.event()),
        DoubleColumn.create("maintenance", intervals.maintenance()),
        DoubleColumn.create("acwr", intervals.acwr()),
        DoubleColumn.create("hip_abd", abd),
        DoubleColumn.create("df_lunge", df),
        DoubleColumn.create("sexF", sex));
  }

  /**
   * Table 1 of the reporting rules of {@code analysis-plan v2} (small-cell suppressed, as
   * released): the onset population by onset, and the runners with ITBS before enrolment set aside.
   */
  public Table table1() {
    return Table1.ofOnsetPopulation(set);
  }

  /**
   * The planned analyses of {@code analysis-plan v2} (P1, P2, P3, R1 and M1), computed once: what
   * {@code itbs analyse} writes for this lake.
   */
  public PlanResult plan() {
    if (plan == null) {
      plan = Plan.V2.run(set, intervals);
    }
    return plan;
  }

  /** The planned analyses of the given plan version ({@code Plan.V1} reproduces v1's outputs). */
  public PlanResult plan(Plan version) {
    return version == Plan.V2 ? plan() : version.run(set, intervals);
  }

  /**
   * The analysis set's onset population ({@code prior_itbs} = 0) as a table, the rows the onset
   * models P1–P3 of plan v2 start from.
   */
  public Table onsetPopulation() {
    Table t = runners();
    return t.where(t.numberColumn("prior_itbs").isEqualTo(0));
  }

  /**
   * M1's pooled table (analysis-plan v2): per covariate k, the pooled hazard ratio with its HKSJ
   * CI, τ², I², Q and the prediction interval, as released.
   *
   * @throws IllegalArgumentException when M1 was not fitted, saying why
   */
  public Table metaAnalysis() {
    if (plan().metaAnalysis().isEmpty()) {
      throw new IllegalArgumentException("M1 " + plan().m1NotFitted());
    }
    return MetaAnalysisTable.pooled(plan().metaAnalysis(), plan().plan());
  }

  /**
   * M1's forest plot of one covariate: each pooled site's hazard ratio with its n and onsets, the
   * pooled diamond and the prediction band, as SVG.
   *
   * @throws IllegalArgumentException when M1 was not fitted or has no such covariate
   */
  public String siteForestPlot(String term) {
    MetaRow m =
        plan().metaAnalysis().stream()
            .filter(r -> r.term().equals(term))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "M1 has no pooled "
                            + term
                            + (plan().m1NotFitted() == null ? "" : ": " + plan().m1NotFitted())));
    List<SiteEffect> sites =
        plan().siteEffects(term).stream().filter(e -> plan().m1Sites().contains(e.site())).toList();
    return ForestPlot.metaAnalysis("M1: " + term + " by site", sites, m, "hazard ratio");
  }

  /**
   * One planned model's coefficients as a table (the numbers {@code itbs analyse} writes to {@code
   * effects.csv}): term, estimate, std_error, ratio, ci_lower, ci_upper, p_value, n, events.
   */
  public Table effects(String model) {
    List<Effect> e = plan().effects(model);
    if (e.isEmpty()) {
      throw new IllegalArgumentException(
          "model " + model + " has no coefficients: " + plan().counts().get(model));
    }
    ModelFit f =
        new ModelFit(
            model + " (" + plan().plan() + ")",
            model.equals("M1") ? "HR" : EffectsTable.measure(model),
            e,
            e.get(0).n(),
            e.get(0).events(),
            Map.of(),
            Map.of());
    return f.table();
  }

  /** The forest plot of one planned model, as SVG. */
  public String forestPlot(String model) {
    return ForestPlot.svg(
        model + " (" + plan().plan() + ")",
        plan().effects(model),
        model.equals("M1") ? "HR" : EffectsTable.measure(model));
  }

  /**
   * The distribution of a variable of the analysis set in runners with and without an ITBS onset,
   * as SVG ({@link DistributionPlot}).
   *
   * @throws IllegalArgumentException when the analysis set has no such variable
   */
  public String distributionByOnset(String variable) {
    double[] v = set.column(variable);
    double[] event = set.column("event");
    java.util.List<Double> yes = new java.util.ArrayList<>();
    java.util.List<Double> no = new java.util.ArrayList<>();
    for (int i = 0; i < v.length; i++) {
      (event[i] == 1 ? yes : no).add(v[i]);
    }
    Map<String, double[]> groups = new java.util.LinkedHashMap<>();
    groups.put("ITBS", yes.stream().mapToDouble(Double::doubleValue).toArray());
    groups.put("no ITBS", no.stream().mapToDouble(Double::doubleValue).toArray());
    String unit = AnalysisSet.unit(variable);
    return DistributionPlot.svg(
        variable + " by onset status",
        unit.isEmpty() ? variable : variable + " (" + unit + ")",
        groups);
  }

  @Override
  public String toString() {
    double[] event = set.column("event");
    int onsets = 0;
    for (double e : event) {
      onsets += e == 1 ? 1 : 0;
    }
    return "lake "
        + lake
        + " version "
        + state.version()
        + ": "
        + sites().size()
        + " sites "
        + sites()
        + ", "
        + set.size()
        + " runners, "
        + onsets
        + " ITBS onsets, "
        + intervals.size()
        + " recurrence intervals";
  }
}
