package org.itbs.synth;

import java.util.List;
import java.util.Map;

/**
 * What one run of {@link CohortGenerator} wrote.
 *
 * @param sites the site codes, one folder each
 * @param runners runners over all sites (withdrawn fault rows not counted)
 * @param rows data rows written per cef-1 table (header not counted), in the dictionary's table
 *     order, over all sites, injected fault rows included
 * @param itbsOnsets runners with an ITBS onset after enrolment
 * @param itbsEpisodes ITBS injury rows (onsets and recurrences)
 * @param recurrences ITBS episodes in a recurrence risk period (after a return to running, or from
 *     day 0 for runners with prior ITBS)
 * @param otherInjuries injury rows with another diagnosis
 * @param rowFaults faulty rows recorded in faults.json (0 for a clean export)
 */
public record CohortSummary(
    List<String> sites,
    long runners,
    Map<String, Long> rows,
    long itbsOnsets,
    long itbsEpisodes,
    long recurrences,
    long otherInjuries,
    long rowFaults) {

  /** Copies the collections. */
  public CohortSummary {
    sites = List.copyOf(sites);
    rows = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rows));
  }

  /** Data rows over all tables and sites. */
  public long totalRows() {
    return rows.values().stream().mapToLong(Long::longValue).sum();
  }
}
