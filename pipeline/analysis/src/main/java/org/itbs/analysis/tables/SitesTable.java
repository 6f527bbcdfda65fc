package org.itbs.analysis.tables;

import java.util.List;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The released sites table: per contributing site (and over all sites) the runners, their
 * follow-up, running hours, ITBS onsets and the incidence per 1000 h of running with its exact
 * Poisson 95% CI (plan section P3).
 *
 * <p>Plan v1 ({@link #of}): columns {@link #COLUMNS}: {@code site}, {@code runners} (of the
 * analysis set), {@code follow-up (person-years)} to one decimal, {@code running hours} to whole
 * hours, {@code ITBS onsets}, {@code incidence per 1000 h (95% CI)} to two decimals, all of the
 * analysis set.
 *
 * <p>Plan v2 ({@link #ofOnsetPopulation}): columns {@link #ONSET_POPULATION_COLUMNS}, each naming
 * its population: the runners in the analysis set, of them those in the onset population (no ITBS
 * before enrolment), and the follow-up, running hours, onsets and incidence of the onset population
 * (P3's rate: its runners with running exposure).
 *
 * <p>Suppression ({@link SmallCells}): runners under 5 show {@code <5}; onsets show {@code <5} when
 * they or the runners of their population without an onset are under 5, and then the incidence and
 * its CI do too, since with the hours shown they give the onsets back; under v2 the onset
 * population's runners show {@code <5} also when the runners set aside at the site are 1 to 4. In a
 * release report ({@link Release}) runners and onsets are rounded to the nearest 5 and the
 * incidence is computed from the rounded onsets over the hours, with its exact Poisson CI;
 * follow-up and hours are shown to two significant digits, and not over fewer than 5 runners
 * ({@link Release#sum}).
 */
public final class SitesTable {
  /** Column names of the table (plan v1). */
  public static final List<String> COLUMNS =
      List.of(
          "site",
          "runners",
          "follow-up (person-years)",
          "running hours",
          "ITBS onsets",
          "incidence per 1000 h (95% CI)");

  /** Column names of the table under plan v2, each naming its population. */
  public static final List<String> ONSET_POPULATION_COLUMNS =
      List.of(
          "site",
          "runners in the analysis set",
          "of them in the onset population",
          "follow-up of the onset population (person-years)",
          "running hours of the onset population",
          "ITBS onsets in the onset population",
          "incidence per 1000 h (95% CI)");

  /** The label of the row over all sites. */
  public static final String ALL_SITES = "All sites";

  /**
   * One site's figures.
   *
   * @param site the site code, or {@link #ALL_SITES}
   * @param runners runners of the site in the analysis set
   * @param population runners of the site that the follow-up, hours, onsets and rate are of: the
   *     analysis set's under plan v1 (equal to {@code runners}), the onset population's under v2
   * @param followUpYears their summed follow-up from day 0 to onset or censoring, in years of
   *     365.25 days
   * @param hours running hours at risk (plan P3's exposure)
   * @param onsets ITBS onsets counted in the rate
   * @param rate onsets per 1000 h
   * @param lower exact 95% CI lower bound, per 1000 h
   * @param upper exact 95% CI upper bound, per 1000 h
   * @throws IllegalArgumentException when a count is negative, the population exceeds the runners
   *     or the onsets exceed the population
   */
  public record Row(
      String site,
      long runners,
      long population,
      double followUpYears,
      double hours,
      long onsets,
      double rate,
      double lower,
      double upper) {
    /** Checks the counts. */
    public Row {
      if (onsets < 0 || population < onsets || runners < population) {
        throw new IllegalArgumentException(
            site
                + ": counts must satisfy 0 ≤ onsets ("
                + onsets
                + ") ≤ population ("
                + population
                + ") ≤ runners ("
                + runners
                + ")");
      }
    }

    /** A row of plan v1, whose figures are all of the site's runners in the analysis set. */
    public Row(
        String site,
        long runners,
        double followUpYears,
        double hours,
        long onsets,
        double rate,
        double lower,
        double upper) {
      this(site, runners, runners, followUpYears, hours, onsets, rate, lower, upper);
    }
  }

  private SitesTable() {}

  /**
   * The plan v1 table, one row per given row in order.
   *
   * @throws IllegalArgumentException when a row's population is not its runners
   */
  public static Table of(List<Row> rows) {
    for (Row r : rows) {
      if (r.population() != r.runners()) {
        throw new IllegalArgumentException(
            r.site()
                + ": under plan v1 the figures are of all "
                + r.runners()
                + " runners, not of "
                + r.population());
      }
    }
    return table(COLUMNS, rows, false);
  }

  /** The plan v2 table, one row per given row in order, each column naming its population. */
  public static Table ofOnsetPopulation(List<Row> rows) {
    return table(ONSET_POPULATION_COLUMNS, rows, true);
  }

  private static Table table(List<String> names, List<Row> rows, boolean onsetPopulation) {
    List<StringColumn> cols = names.stream().map(StringColumn::create).toList();
    Release rel = Release.current();
    for (Row r : rows) {
      int k = 0;
      cols.get(k++).append(r.site());
      cols.get(k++).append(rel.count(r.runners()));
      if (onsetPopulation) {
        cols.get(k++).append(rel.count(r.population(), r.runners()));
      }
      cols.get(k++).append(rel.sum(r.followUpYears(), r.population(), "%.1f"));
      cols.get(k++).append(rel.sum(r.hours(), r.population(), "%.0f"));
      cols.get(k++).append(rel.count(r.onsets(), r.population()));
      cols.get(k)
          .append(
              rel.rate(
                  r.onsets(),
                  r.population(),
                  r.hours(),
                  1000,
                  new double[] {r.rate(), r.lower(), r.upper()}));
    }
    return Table.create("Sites", cols.toArray(StringColumn[]::new));
  }
}
