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
 * <p>Columns: {@code step}, {@code runners}, {@code events}, {@code left out}, {@code reasons}
 * ({@code "reason: n; reason: n"}). Every count goes through {@link SmallCells#count(long)}; a
 * model's events also show {@code <5} when the runners without an event are under 5, and a model's
 * runners and left-out count show {@code <5} together when either is under 5 (they sum to the
 * model's candidates). A model that could not be fitted says why in {@code reasons}. In a release
 * report every count is rounded to the nearest 5 ({@link Release}).
 */
public final class FlowTable {
  /** Column names of the table. */
  public static final List<String> COLUMNS =
      List.of("step", "runners", "events", "left out", "reasons");

  private static final Map<String, String> MODEL_NAMES =
      Map.of(
          "P1", "P1 Cox model of onset",
          "P2", "P2 logistic model of onset within 365 days",
          "P3", "P3 Poisson model of the onset rate",
          "R1", "R1 Andersen–Gill model of recurrence");

  private FlowTable() {}

  /**
   * The flow table.
   *
   * @param contributed runners contributed (participants rows read over the analysed submissions)
   * @param refusedByRule participants rows quarantined at ingest, by rule (a row breaking several
   *     rules counts under each)
   * @param refused participants rows quarantined at ingest
   * @param analysisSet runners in the analysis set
   * @param models per model P1, P2, P3, R1: its counts, in that order
   */
  public static Table of(
      long contributed,
      long refused,
      Map<String, Long> refusedByRule,
      long analysisSet,
      List<ModelCounts> models) {
    StringColumn step = StringColumn.create(COLUMNS.get(0));
    StringColumn runners = StringColumn.create(COLUMNS.get(1));
    StringColumn events = StringColumn.create(COLUMNS.get(2));
    StringColumn leftOut = StringColumn.create(COLUMNS.get(3));
    StringColumn reasons = StringColumn.create(COLUMNS.get(4));

    step.append("Runners contributed");
    runners.append(SmallCells.count(contributed));
    events.append("");
    leftOut.append("");
    reasons.append("");

    step.append("Refused at ingest (participants row quarantined)");
    runners.append("");
    events.append("");
    leftOut.append(SmallCells.count(refused));
    reasons.append(reasons(refusedByRule));

    step.append("In the analysis set");
    runners.append(SmallCells.count(analysisSet));
    events.append("");
    leftOut.append("");
    reasons.append("");

    Release rel = Release.current();
    for (ModelCounts c : models) {
      long candidates = (long) c.n() + c.leftOutRunners();
      boolean runnersHidden = !rel.rounds() && rel.hidden(c.n(), candidates);
      step.append(
          MODEL_NAMES.getOrDefault(c.model(), c.model())
              + (c.model().equals("R1") ? " (runners with a risk period)" : ""));
      runners.append(rel.count(c.n(), candidates));
      // R1's events are recurrences, which may outnumber its runners: no complement then.
      events.append(c.events() <= c.n() ? rel.count(c.events(), c.n()) : rel.count(c.events()));
      leftOut.append(
          runnersHidden ? SmallCells.SUPPRESSED : rel.count(c.leftOutRunners(), candidates));
      String why =
          reasons(
              c.leftOut().entrySet().stream()
                  .collect(
                      Collectors.toMap(
                          Map.Entry::getKey,
                          e -> e.getValue().longValue(),
                          (a, b) -> a,
                          java.util.TreeMap::new)));
      reasons.append(
          c.fitted()
              ? why
              : "not fitted: " + rel.text(c.notFitted()) + ("–".equals(why) ? "" : "; " + why));
    }
    return Table.create("Flow of runners", step, runners, events, leftOut, reasons);
  }

  private static String reasons(Map<String, Long> byReason) {
    if (byReason.isEmpty()) {
      return Table1.UNDEFINED;
    }
    return byReason.entrySet().stream()
        .map(e -> e.getKey() + ": " + SmallCells.count(e.getValue()))
        .collect(Collectors.joining("; "));
  }
}
