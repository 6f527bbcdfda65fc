package org.itbs.analysis.tables;

import java.util.List;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The released sites table: per contributing site (and over all sites) the runners in the analysis
 * set, their follow-up, running hours, ITBS onsets and the incidence per 1000 h of running with its
 * exact Poisson 95% CI (plan section P3).
 *
 * <p>Columns: {@code site}, {@code runners}, {@code follow-up (person-years)} to one decimal,
 * {@code running hours} to whole hours, {@code ITBS onsets}, {@code incidence per 1000 h (95% CI)}
 * to two decimals. Suppression ({@link SmallCells}): runners under 5 show {@code <5}; onsets show
 * {@code <5} when they or the runners without an onset are under 5, and then the incidence and its
 * CI do too, since with the hours shown they give the onsets back. In a release report ({@link
 * Release}) runners and onsets are rounded to the nearest 5 and the incidence is computed from the
 * rounded onsets over the hours, with its exact Poisson CI; follow-up and hours are shown to two
 * significant digits, and not for a site of fewer than 5 runners ({@link Release#sum}).
 */
public final class SitesTable {
  /** Column names of the table. */
  public static final List<String> COLUMNS =
      List.of(
          "site",
          "runners",
          "follow-up (person-years)",
          "running hours",
          "ITBS onsets",
          "incidence per 1000 h (95% CI)");

  /** The label of the row over all sites. */
  public static final String ALL_SITES = "All sites";

  /**
   * One site's figures.
   *
   * @param site the site code, or {@link #ALL_SITES}
   * @param runners runners of the site in the analysis set
   * @param followUpYears their summed follow-up from day 0 to onset or censoring, in years of
   *     365.25 days
   * @param hours running hours at risk (plan P3's exposure)
   * @param onsets ITBS onsets counted in the rate
   * @param rate onsets per 1000 h
   * @param lower exact 95% CI lower bound, per 1000 h
   * @param upper exact 95% CI upper bound, per 1000 h
   */
  public record Row(
      String site,
      long runners,
      double followUpYears,
      double hours,
      long onsets,
      double rate,
      double lower,
      double upper) {}

  private SitesTable() {}

  /**
   * The table, one row per given row in order.
   *
   * @throws IllegalArgumentException when a row's onsets exceed its runners or a count is negative
   */
  public static Table of(List<Row> rows) {
    StringColumn site = StringColumn.create(COLUMNS.get(0));
    StringColumn runners = StringColumn.create(COLUMNS.get(1));
    StringColumn followUp = StringColumn.create(COLUMNS.get(2));
    StringColumn hours = StringColumn.create(COLUMNS.get(3));
    StringColumn onsets = StringColumn.create(COLUMNS.get(4));
    StringColumn rate = StringColumn.create(COLUMNS.get(5));
    Release rel = Release.current();
    for (Row r : rows) {
      site.append(r.site());
      runners.append(rel.count(r.runners()));
      followUp.append(rel.sum(r.followUpYears(), r.runners(), "%.1f"));
      hours.append(rel.sum(r.hours(), r.runners(), "%.0f"));
      onsets.append(rel.count(r.onsets(), r.runners()));
      rate.append(
          rel.rate(
              r.onsets(),
              r.runners(),
              r.hours(),
              1000,
              new double[] {r.rate(), r.lower(), r.upper()}));
    }
    return Table.create("Sites", site, runners, followUp, hours, onsets, rate);
  }
}
