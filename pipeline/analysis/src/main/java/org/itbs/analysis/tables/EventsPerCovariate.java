package org.itbs.analysis.tables;

import java.util.Locale;
import org.itbs.analysis.plan.ModelCounts;

/**
 * The plan's warning on a sparse model: a model with fewer than {@link #THRESHOLD} events per
 * covariate is fitted, and its table carries a warning with the figure (analysis-plan v2,
 * "Estimable fits").
 */
public final class EventsPerCovariate {
  /** Events per covariate below which a model's table carries the warning. */
  public static final double THRESHOLD = 10;

  private EventsPerCovariate() {}

  /**
   * The events per covariate of a model: {@link ModelCounts#eventsPerCovariate()} when the counts
   * state the covariates, else its events over {@code terms} (the coefficients it reports); {@code
   * NaN} when neither is known.
   */
  public static double of(ModelCounts c, int terms) {
    int k = covariates(c, terms);
    return k > 0 ? c.events() / (double) k : Double.NaN;
  }

  /** A model's covariates: as its counts state them, else {@code terms}. */
  public static int covariates(ModelCounts c, int terms) {
    return c.covariates() > 0 ? c.covariates() : terms;
  }

  /** Whether a model with these events per covariate carries the warning. */
  public static boolean sparse(double epv) {
    return epv < THRESHOLD;
  }

  /**
   * The warning's text, e.g. {@code "Warning: 6.3 events per covariate (57 onsets, 9 covariates),
   * fewer than 10: the estimates may be biased away from 1 and their CIs too narrow."}. With fewer
   * than 5 events the count is not shown and the figure only bounded ({@code "<0.6 events per
   * covariate (<5 onsets, 9 covariates)"}), so that the count cannot be recomputed.
   *
   * @param what what the events are: {@code "onsets"} or {@code "recurrences"}
   */
  public static String warning(double epv, int events, int covariates, String what) {
    boolean hidden = SmallCells.suppressed(events);
    String figure =
        hidden
            ? "<" + String.format(Locale.ROOT, "%.1f", SmallCells.THRESHOLD / (double) covariates)
            : String.format(Locale.ROOT, "%.1f", epv);
    return "Warning: "
        + figure
        + " events per covariate ("
        + (hidden ? SmallCells.SUPPRESSED : Integer.toString(events))
        + " "
        + what
        + ", "
        + covariates
        + " covariates), fewer than "
        + String.format(Locale.ROOT, "%.0f", THRESHOLD)
        + ": the estimates may be biased away from 1 and their CIs too narrow.";
  }
}
