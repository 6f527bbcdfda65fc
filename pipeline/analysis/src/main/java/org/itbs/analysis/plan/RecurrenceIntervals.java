package org.itbs.analysis.plan;

/**
 * The counting-process intervals of the recurrence model R1, as the features job writes them to
 * {@code recurrence_intervals.parquet}: per interval the runner (site and pseudonym), {@code
 * (start, stop]} in days since day 0, the event flag and the time-varying covariates.
 *
 * @param site the runner's site
 * @param participantId the runner's pseudonym
 * @param start interval start (excluded), days
 * @param stop interval end (included), days
 * @param event 1 when a recurrence ends the interval
 * @param maintenance mean maintenance sessions per week of the four weeks before
 * @param acwr acute:chronic workload ratio
 */
public record RecurrenceIntervals(
    String[] site,
    String[] participantId,
    double[] start,
    double[] stop,
    int[] event,
    double[] maintenance,
    double[] acwr) {

  /**
   * Checks the lengths.
   *
   * @throws IllegalArgumentException when the arrays differ in length
   */
  public RecurrenceIntervals {
    int n = site.length;
    if (participantId.length != n
        || start.length != n
        || stop.length != n
        || event.length != n
        || maintenance.length != n
        || acwr.length != n) {
      throw new IllegalArgumentException("recurrence interval columns differ in length");
    }
  }

  /** Number of intervals. */
  public int size() {
    return site.length;
  }
}
