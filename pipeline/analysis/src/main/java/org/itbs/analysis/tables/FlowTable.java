package org.itbs.analysis.tables;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.itbs.analysis.plan.ModelCounts;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The released flow of runners: contributed, refused at ingest, in the analysis set, and in each
 * planned model with the reasons for leaving runners out (complete-case analysis, plan section
 * "Analysis set").
 *
 * <p>Plan v1 ({@link #of}): columns {@code step}, {@code runners}, {@code events}, {@code left
 * out}, {@code reasons} ({@code "reason: n; reason: n"}); every model hangs off the analysis set.
 *
 * <p>Plan v2 ({@link #ofOnsetPopulation}): columns {@link #ONSET_POPULATION_COLUMNS}, with {@code
 * taken from} naming the step whose runners a row splits ({@link #takenFrom(String) its name up to
 * any parenthesis}), so that every row's arithmetic is visible: the analysis set is the {@link
 * #SET_ASIDE runners set aside for ITBS before enrolment} plus the {@link #ONSET_POPULATION onset
 * population}; P1, P2 and P3 each take the onset population (runners + left out = the onset
 * population); R1 takes the {@link #AT_RISK runners at risk of recurrence} (a risk period: ITBS
 * before enrolment, or a return to running after an onset), a part of the analysis set (runners +
 * left out = those at risk).
 *
 * <p>Every count goes through {@link SmallCells#count(long)}; a model's events also show {@code <5}
 * when the runners without an event are under 5, and a model's runners and left-out count show
 * {@code <5} together when either is under 5 (they sum to the model's candidates); likewise the
 * runners set aside and the onset population (they sum to the analysis set). A model that could not
 * be fitted says why in {@code reasons}. In a release report every count is rounded to the nearest
 * 5 on its own ({@link Release}), so the sums hold to within that rounding.
 */
public final class FlowTable {
  /** Column names of the table (plan v1). */
  public static final List<String> COLUMNS =
      List.of("step", "runners", "events", "left out", "reasons");

  /** Column names of the table under plan v2: {@link #COLUMNS} with {@code taken from}. */
  public static final List<String> ONSET_POPULATION_COLUMNS =
      List.of("step", "taken from", "runners", "events", "left out", "reasons");

  /** The first step: runners contributed. */
  public static final String CONTRIBUTED = "Runners contributed";

  /** The step of the runners refused at ingest. */
  public static final String REFUSED = "Refused at ingest (participants row quarantined)";

  /** The step of the analysis set. */
  public static final String ANALYSIS_SET = "In the analysis set";

  /** Plan v2: the runners set aside from the onset models for having had ITBS before enrolment. */
  public static final String SET_ASIDE = "Set aside: ITBS before enrolment (prior_itbs = 1)";

  /** Plan v2: the onset population, the runners of P1–P3. */
  public static final String ONSET_POPULATION = "Onset population (prior_itbs = 0)";

  /** Plan v2: the runners R1's selection starts from, those with a risk period. */
  public static final String AT_RISK =
      "At risk of recurrence (ITBS before enrolment, or back to running after an onset)";

  private static final Map<String, String> MODEL_NAMES =
      Map.of(
          "P1", "P1 Cox model of onset",
          "P2", "P2 logistic model of onset within 365 days",
          "P3", "P3 Poisson model of the onset rate",
          "R1", "R1 Andersen–Gill model of recurrence");

  private FlowTable() {}

  /**
   * The plan v1 flow table: every model's runners from the analysis set.
   *
   * @param contributed runners contributed (participants rows read over the analysed submissions)
   * @param refused participants rows quarantined at ingest
   * @param refusedByRule participants rows quarantined at ingest, by rule (a row breaking several
   *     rules counts under each)
   * @param analysisSet runners in the analysis set
   * @param models per model P1, P2, P3, R1: its counts, in that order
   */
  public static Table of(
      long contributed,
      long refused,
      Map<String, Long> refusedByRule,
      long analysisSet,
      List<ModelCounts> models) {
    Rows t = new Rows(false);
    head(t, contributed, refused, refusedByRule, analysisSet);
    for (ModelCounts c : models) {
      model(
          t,
          MODEL_NAMES.getOrDefault(c.model(), c.model())
              + (c.model().equals("R1") ? " (runners with a risk period)" : ""),
          "",
          c);
    }
    return t.table();
  }

  /**
   * The plan v2 flow table: the analysis set split into the runners set aside for ITBS before
   * enrolment and the onset population; P1, P2 and P3 taken from the onset population, R1 from the
   * runners at risk of recurrence (its {@link ModelCounts#candidates() candidates}).
   *
   * @param contributed runners contributed (participants rows read over the analysed submissions)
   * @param refused participants rows quarantined at ingest
   * @param refusedByRule participants rows quarantined at ingest, by rule
   * @param analysisSet runners in the analysis set
   * @param setAside runners of the analysis set with ITBS before enrolment ({@code prior_itbs} = 1)
   * @param onsetPopulation runners of the analysis set without ({@code prior_itbs} = 0)
   * @param models per model P1, P2, P3, R1: its counts, in that order
   * @throws IllegalArgumentException when the set aside and the onset population do not make up the
   *     analysis set, or a model is missing or out of order
   */
  public static Table ofOnsetPopulation(
      long contributed,
      long refused,
      Map<String, Long> refusedByRule,
      long analysisSet,
      long setAside,
      long onsetPopulation,
      List<ModelCounts> models) {
    if (setAside < 0 || onsetPopulation < 0 || setAside + onsetPopulation != analysisSet) {
      throw new IllegalArgumentException(
          "runners set aside ("
              + setAside
              + ") and the onset population ("
              + onsetPopulation
              + ") do not make up the analysis set ("
              + analysisSet
              + ")");
    }
    List<String> order = models.stream().map(ModelCounts::model).toList();
    if (!order.equals(List.of("P1", "P2", "P3", "R1"))) {
      throw new IllegalArgumentException("models must be P1, P2, P3, R1 in order, not " + order);
    }
    Release rel = Release.current();
    Rows t = new Rows(true);
    head(t, contributed, refused, refusedByRule, analysisSet);
    String set = takenFrom(ANALYSIS_SET);
    t.add(SET_ASIDE, set, "", "", rel.count(setAside, analysisSet), "");
    t.add(ONSET_POPULATION, set, rel.count(onsetPopulation, analysisSet), "", "", "");
    for (ModelCounts c : models.subList(0, 3)) {
      model(t, MODEL_NAMES.get(c.model()), takenFrom(ONSET_POPULATION), c);
    }
    ModelCounts r1 = models.get(3);
    t.add(AT_RISK, set, rel.count(r1.candidates()), "", "", "");
    model(t, MODEL_NAMES.get("R1"), takenFrom(AT_RISK), r1);
    return t.table();
  }

  /**
   * How the {@code taken from} column names a step: its name up to any parenthesis ({@code "Onset
   * population (prior_itbs = 0)"}: {@code "Onset population"}).
   */
  public static String takenFrom(String step) {
    int open = step.indexOf(" (");
    return open < 0 ? step : step.substring(0, open);
  }

  private static void head(
      Rows t, long contributed, long refused, Map<String, Long> refusedByRule, long analysisSet) {
    t.add(CONTRIBUTED, "", SmallCells.count(contributed), "", "", "");
    t.add(
        REFUSED, takenFrom(CONTRIBUTED), "", "", SmallCells.count(refused), reasons(refusedByRule));
    t.add(ANALYSIS_SET, takenFrom(CONTRIBUTED), SmallCells.count(analysisSet), "", "", "");
  }

  private static void model(Rows t, String name, String from, ModelCounts c) {
    Release rel = Release.current();
    long candidates = (long) c.n() + c.leftOutRunners();
    boolean runnersHidden = !rel.rounds() && rel.hidden(c.n(), candidates);
    // in the order of the cells, as the disclosure log lists them
    String runners = rel.count(c.n(), candidates);
    // R1's events are recurrences, which may outnumber its runners: no complement then.
    String events = c.events() <= c.n() ? rel.count(c.events(), c.n()) : rel.count(c.events());
    String leftOut =
        runnersHidden ? SmallCells.SUPPRESSED : rel.count(c.leftOutRunners(), candidates);
    String why =
        reasons(
            c.leftOut().entrySet().stream()
                .collect(
                    Collectors.toMap(
                        Map.Entry::getKey,
                        e -> e.getValue().longValue(),
                        (a, b) -> a,
                        java.util.TreeMap::new)));
    t.add(
        name,
        from,
        runners,
        events,
        leftOut,
        c.fitted()
            ? why
            : "not fitted: "
                // plan v2's reasons start with "not fitted: " themselves
                + rel.text(c.notFitted().replaceFirst("^not fitted: ", ""))
                + ("–".equals(why) ? "" : "; " + why));
  }

  private static String reasons(Map<String, Long> byReason) {
    if (byReason.isEmpty()) {
      return Table1.UNDEFINED;
    }
    return byReason.entrySet().stream()
        .map(e -> e.getKey() + ": " + SmallCells.count(e.getValue()))
        .collect(Collectors.joining("; "));
  }

  /** The columns being filled; {@code taken from} only under plan v2. */
  private static final class Rows {
    final boolean takenFrom;
    final StringColumn step = StringColumn.create("step");
    final StringColumn from = StringColumn.create("taken from");
    final StringColumn runners = StringColumn.create("runners");
    final StringColumn events = StringColumn.create("events");
    final StringColumn leftOut = StringColumn.create("left out");
    final StringColumn reasons = StringColumn.create("reasons");

    Rows(boolean takenFrom) {
      this.takenFrom = takenFrom;
    }

    void add(
        String step, String from, String runners, String events, String leftOut, String reasons) {
      this.step.append(step);
      this.from.append(from);
      this.runners.append(runners);
      this.events.append(events);
      this.leftOut.append(leftOut);
      this.reasons.append(reasons);
    }

    Table table() {
      return takenFrom
          ? Table.create("Flow of runners", step, from, runners, events, leftOut, reasons)
          : Table.create("Flow of runners", step, runners, events, leftOut, reasons);
    }
  }
}
