package org.itbs.analysis.tables;

import java.util.Locale;
import org.itbs.analysis.plan.ModelCounts;

/**
 * The plan's warning on a sparse model: a model with fewer than {@link #THRESHOLD} events per
 * covariate is fitted, and its table carries a warning with the figure (analysis-plan v2,
 * "Estimable fits").
 *
 * <p>What a report shows passes through the {@link Release} in force ({@link Release#current()}):
 * in a release report the figure is the rounded count of events over the covariates, the warning is
 * decided on that figure (so that whether it is shown says nothing the released count does not),
 * and with fewer than 5 events the figure is only bounded; internally the exact figure.
 */
public final class EventsPerCovariate {
  /** Events per covariate below which a model's table carries the warning. */
  public static final double THRESHOLD = 10;

  /** The figure's name in the disclosure log. */
  public static final String RULE = "events per covariate";

  private EventsPerCovariate() {}

  /**
   * The exact events per covariate of a model: {@link ModelCounts#eventsPerCovariate()} when the
   * counts state the covariates, else its events over {@code terms} (the coefficients it reports);
   * {@code NaN} when neither is known.
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
   * Whether {@code events} among {@code total} runners over {@code covariates} carry the warning,
   * as the report in force shows them: released, on the rounded count (fewer than 5 events always
   * do); internally on the exact figure. No covariate: no warning.
   */
  public static boolean sparse(long events, long total, int covariates) {
    if (covariates <= 0) {
      return false;
    }
    Release rel = Release.current();
    if (rel.rounds() && rel.hidden(events, total)) {
      return true;
    }
    return sparse(rel.perUnit(events, covariates));
  }

  /**
   * The figure as a released cell to one decimal ({@link Release#perUnit(String, long, long,
   * double, int)}): from the rounded count in a release report, bounded ({@code "<0.6"}) under 5
   * events.
   */
  public static String figure(long events, long total, int covariates) {
    return Release.current().perUnit(RULE, events, total, covariates, 1);
  }

  /**
   * The warning's text, e.g. {@code "Warning: 6.3 events per covariate (57 onsets, 9 covariates),
   * fewer than 10: the estimates may be biased away from 1 and their CIs too narrow."}: the figure
   * ({@link #figure}) and the count ({@link Release#count(long, long)}) as the report in force
   * shows them; with fewer than 5 events the count shows {@code <5} and the figure is only bounded
   * ({@code "<0.6 events per covariate (<5 onsets, 9 covariates)"}), so that the count cannot be
   * recomputed.
   *
   * @param events the model's events
   * @param total the runners they are among (an events count above it, such as recurrences, is its
   *     own total)
   * @param what what the events are: {@code "onsets"} or {@code "recurrences"}
   */
  public static String warning(long events, long total, int covariates, String what) {
    long of = Math.max(total, events);
    return "Warning: "
        + figure(events, of, covariates)
        + " events per covariate ("
        + Release.current().count(events, of)
        + " "
        + what
        + ", "
        + covariates
        + " covariates), fewer than "
        + String.format(Locale.ROOT, "%.0f", THRESHOLD)
        + ": the estimates may be biased away from 1 and their CIs too narrow.";
  }
}
