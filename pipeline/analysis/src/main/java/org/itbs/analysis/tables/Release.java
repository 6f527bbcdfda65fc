package org.itbs.analysis.tables;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.itbs.stats.PoissonRate;

/**
 * The statistical disclosure control of a report: the one place every released count, percentage,
 * rate, statistic, boundary and model passes through, under one of two {@link Profile profiles},
 * recording each decision in a log ({@code sdc.json} and the report's disclosure section).
 *
 * <p>{@link Profile#RELEASE} (the default of {@code itbs report}, {@code analyse} and {@code demo})
 * applies the project's release rules:
 *
 * <ul>
 *   <li>every count of runners, events or rows is shown rounded to the nearest multiple of {@link
 *       #BASE} (5, 6, 7 → 5; 8 to 12 → 10), a count from 0 to 4 as {@link #SMALL}: every figure
 *       shown is a multiple of 5, so no sum or difference of released counts is 1 to 4. A true 0 is
 *       shown as {@code <5} like 1 to 4 (so that {@code <5} does not say "at least one", and a 0
 *       does not tell that every runner of a group shares an attribute); no count of a released
 *       output is zero by construction, so none is shown as {@code 0};
 *   <li>percentages, proportions and rates (with their intervals), and figures per count such as
 *       events per covariate ({@link #perUnit(String, long, long, double, int)}), are computed from
 *       the rounded counts they rest on, and not shown where one of those counts is {@code <5};
 *   <li>a summary statistic (mean, SD) is shown only over 5 runners or more; tertile boundaries are
 *       shown rounded to the variable's display precision with open outer ends, never a minimum or
 *       maximum;
 *   <li>a model with fewer than {@link #MIN_RESIDUAL_DF} residual degrees of freedom (n minus its
 *       parameters) is not released.
 * </ul>
 *
 * <p>{@link Profile#INTERNAL} gives the exact figures of the report as it was before these rules
 * ({@link SmallCells}' per-table suppression of cells under 5), every page marked {@link
 * #INTERNAL_MARK}.
 *
 * <p>The release in force is held for the current thread while a report is written ({@link
 * #activate()}), so the tables and figures ({@link SmallCells}, {@link
 * org.itbs.analysis.plots.IncidencePlot}) need no extra argument; without one, {@link #current()}
 * is an internal release that logs nothing. Not thread-safe: one report per thread.
 */
public final class Release {
  /** The rounding base of released counts. */
  public static final int BASE = 5;

  /** What a count from 0 to 4 shows. */
  public static final String SMALL = SmallCells.SUPPRESSED;

  /** A model needs at least this many residual degrees of freedom to be released. */
  public static final int MIN_RESIDUAL_DF = 10;

  /** The mark on every page, table and figure of an internal report. */
  public static final String INTERNAL_MARK = "internal: exact small counts, not for release";

  /** The rule set, as the report and README state it. */
  public static final String RULES =
      "Release rules: every count of runners, events or rows is rounded to the nearest multiple"
          + " of 5 and a count from 0 to 4 is shown as <5, so no sum or difference of released"
          + " counts gives a count of 1 to 4 back; percentages, rates and their confidence"
          + " intervals, and events per covariate, are computed from the rounded counts and not"
          + " shown where a count they rest on is <5; follow-up and running hours are shown to two significant digits and"
          + " not over fewer than 5 runners; means and SDs are shown over 5 runners or more; tertile boundaries"
          + " are rounded to the variable's display precision with open outer ends, and no"
          + " minimum or maximum of a variable is shown; cumulative incidence is drawn from a"
          + " 30-day life table of rounded event and censoring counts, numbers at risk rounded,"
          + " the log-rank p exact; model estimates are shown as fitted with n and events"
          + " rounded, and a model with fewer than 10 residual degrees of freedom is not"
          + " released. Every decision is listed in sdc.json.";

  /** The two profiles of a report. */
  public enum Profile {
    /** The release rules: safe to leave the research environment. */
    RELEASE,
    /** The exact figures, for the research team only. */
    INTERNAL;

    /** The profile's name as {@code provenance.json} and {@code sdc.json} give it. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final ThreadLocal<Release> CURRENT = new ThreadLocal<>();

  private final Profile profile;
  private final boolean logging;
  private final Map<String, Output> outputs = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();
  private Output output;

  private Release(Profile profile, boolean logging) {
    this.profile = profile;
    this.logging = logging;
  }

  /** A new release under the given profile, with an empty log. */
  public static Release of(Profile profile) {
    return new Release(profile, true);
  }

  /**
   * The release in force on this thread: the one {@link #activate() activated}, else an internal
   * release that logs nothing (what a table made outside a report shows).
   */
  public static Release current() {
    Release r = CURRENT.get();
    return r == null ? new Release(Profile.INTERNAL, false) : r;
  }

  /** Makes this release the one in force on this thread until the scope is closed. */
  public Scope activate() {
    Release before = CURRENT.get();
    CURRENT.set(this);
    return () -> {
      if (before == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(before);
      }
    };
  }

  /** The scope of an {@link #activate() activated} release. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  /** The profile. */
  public Profile profile() {
    return profile;
  }

  /** Whether this release applies the release rules. */
  public boolean rounds() {
    return profile == Profile.RELEASE;
  }

  /**
   * Starts logging the decisions of one released output (a file of the report folder, such as
   * {@code tables/sites.csv}, or a part of the page, such as {@code report.html#key-figures}).
   *
   * @param name the output's name in the report folder
   * @param what what it shows, in a few words
   */
  public void output(String name, String what) {
    output = outputs.computeIfAbsent(name, n -> new Output(n, what));
  }

  /**
   * Records a decision about a whole output or part of it (a model withheld, a figure not drawn).
   */
  public void note(String decision) {
    if (logging) {
      notes.add(decision);
      if (output != null) {
        output.notes.add(decision);
      }
    }
  }

  // ---- counts ----

  /** A count rounded to the nearest multiple of {@link #BASE}. */
  public static long round(long n) {
    return Math.round(n / (double) BASE) * BASE;
  }

  /**
   * A count of runners, events or rows as a released cell: under {@link Profile#RELEASE} {@code <5}
   * from 0 to 4, else rounded to the nearest 5; under {@link Profile#INTERNAL} {@code <5} under 5,
   * else the number.
   *
   * @throws IllegalArgumentException when {@code n} is negative
   */
  public String count(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("count " + n + " is negative");
    }
    if (n < BASE) {
      return log("count", "0-4 shown as <5", SMALL);
    }
    return rounds()
        ? log("count", "rounded to the nearest 5", Long.toString(round(n)))
        : log("count", "exact", Long.toString(n));
  }

  /**
   * A count that is part of a shown total: as {@link #count(long)}; internally also {@code <5} when
   * the complement {@code total − n} is 1 to 4 (rounding makes that check needless).
   *
   * @throws IllegalArgumentException when {@code n} is negative or, internally, exceeds {@code
   *     total}
   */
  public String count(long n, long total) {
    if (rounds()) {
      return count(n);
    }
    if (SmallCells.suppressed(n, Math.max(total, n))) {
      return log("count", "count or its complement in its total under 5: <5", SMALL);
    }
    return log("count", "exact", Long.toString(n));
  }

  /**
   * Whether a count, part of {@code total}, is shown as {@code <5}: under 5 or, internally, its
   * complement 1 to 4. A total smaller than the count (inconsistent inputs) is taken as the count.
   */
  public boolean hidden(long n, long total) {
    if (rounds()) {
      return n < BASE;
    }
    return SmallCells.suppressed(Math.max(n, 0), Math.max(total, Math.max(n, 0)));
  }

  /**
   * A count of a shown total as {@code "n (p%)"}, the percentage to one decimal: released, both
   * rounded and the percentage of the rounded figures; {@code <5} when the count (or, internally,
   * its complement) hides it.
   */
  public String countPercent(long n, long total) {
    if (hidden(n, total) || total <= 0) {
      return log("percentage", "not shown: its count is <5", SMALL);
    }
    long c = rounds() ? round(n) : n;
    long t = rounds() ? round(total) : total;
    return log(
        "percentage",
        rounds() ? "count rounded, % of rounded counts" : "exact",
        c + " (" + String.format(Locale.ROOT, "%.1f", 100.0 * c / t) + "%)");
  }

  /**
   * The share {@code n / total} a derived figure (such as a standardised difference) may use:
   * released, of the rounded counts; {@code NaN} when hidden.
   */
  public double share(long n, long total) {
    if (total <= 0 || hidden(n, total) || hidden(total, total)) {
      return Double.NaN;
    }
    return rounds() ? (double) round(n) / round(total) : (double) n / total;
  }

  // ---- figures per count ----

  /**
   * A count divided by a number that is not a count, such as events per covariate: released, the
   * rounded count over {@code units}; internally the exact count over it; {@code NaN} when {@code
   * units} is not positive. Whether the count may be shown is the caller's ({@link #hidden}); the
   * cell is {@link #perUnit(String, long, long, double, int)}.
   */
  public double perUnit(long count, double units) {
    return units > 0 ? (rounds() ? round(count) : count) / units : Double.NaN;
  }

  /**
   * {@link #perUnit(long, double)} as a cell to {@code decimals}, logged under {@code rule}: where
   * the count is hidden ({@link #hidden(long, long)}) not shown, only bounded when it is under 5
   * ({@code "<0.6"}: fewer than 5 over the units, a bound that holds whatever the count), else
   * {@code <5}; {@code –} when {@code units} is not positive.
   *
   * @param rule the figure's name in the log, such as {@code "events per covariate"}
   * @param count the count the figure rests on
   * @param total the total it is part of (for the internal complement rule)
   */
  public String perUnit(String rule, long count, long total, double units, int decimals) {
    if (!(units > 0)) {
      return log(rule, "not defined", "–");
    }
    if (hidden(count, total)) {
      return count < BASE
          ? log(rule, "not shown: its count is <5, bounded", "<" + bound(units, decimals))
          : log(rule, "not shown: its count is <5", SMALL);
    }
    return log(
        rule,
        rounds() ? "from the rounded count" : "exact",
        fixed(perUnit(count, units), decimals));
  }

  /**
   * {@code 5 / units} rounded up to {@code decimals}: an upper bound of a count under 5 over them.
   */
  public static String bound(double units, int decimals) {
    double scale = Math.pow(10, decimals);
    return fixed(Math.ceil(BASE / units * scale - 1e-9) / scale, decimals);
  }

  // ---- rates ----

  /**
   * An event rate per {@code per} units of exposure with its exact Poisson 95% CI, as {@code "0.72
   * (0.55–0.92)"}: released, from the rounded count of events over the exposure; {@code <5} when
   * the events are hidden (0 to 4, or internally when the runners without an event are 1 to 4).
   *
   * @param events the events the rate counts
   * @param runners the runners they are among (for the internal complement rule)
   * @param exposure the exposure, such as running hours
   * @param per units of exposure the rate is per, such as 1000
   * @param exact the analysis's rate, lower and upper limits, shown internally
   */
  public String rate(long events, long runners, double exposure, double per, double[] exact) {
    if (hidden(events, runners)) {
      return log("rate", "not shown: its count of events is <5", SMALL);
    }
    if (!rounds()) {
      return log("rate", "exact", ratioCi(exact[0], exact[1], exact[2]));
    }
    if (!(exposure > 0) || !Double.isFinite(exposure)) {
      return log("rate", "not shown: no exposure", "–");
    }
    PoissonRate r = PoissonRate.exact((int) round(events), exposure, per);
    return log(
        "rate",
        "from the rounded count, exact Poisson CI",
        ratioCi(r.rate(), r.interval().lower(), r.interval().upper()));
  }

  // ---- statistics, boundaries, models ----

  /**
   * Whether a summary statistic (mean, SD, standardised difference) over {@code n} runners with a
   * value is shown: released, over 5 runners or more; internally always.
   */
  public boolean statisticShown(long n) {
    boolean shown = !rounds() || n >= BASE;
    if (rounds()) {
      log(
          "statistic",
          shown ? "shown: over 5 runners or more" : "not shown: fewer than 5 runners",
          shown ? "shown" : "–");
    }
    return shown;
  }

  /**
   * The labels of three tertiles cut at {@code lower} and {@code upper}, to {@code decimals}:
   * {@code "≤ 9.0"}, {@code "9.0–12.1"}, {@code "> 12.1"} (T1 holds values up to and at the lower
   * cut).
   */
  public String[] tertileLabels(double lower, double upper, int decimals) {
    String a = fixed(lower, decimals);
    String b = fixed(upper, decimals);
    String[] out = {"≤ " + a, a + "–" + b, "> " + b};
    for (String s : out) {
      log("boundary", "tertile cut to the variable's precision, open outer ends", s);
    }
    return out;
  }

  /**
   * Whether a model of {@code n} units and {@code parameters} estimated parameters is released: its
   * residual degrees of freedom {@code n − parameters} are at least {@link #MIN_RESIDUAL_DF};
   * internally always.
   */
  public boolean modelReleased(String model, long n, int parameters) {
    if (!rounds() || n - parameters >= MIN_RESIDUAL_DF) {
      return true;
    }
    note(
        model
            + " not released: fewer than "
            + MIN_RESIDUAL_DF
            + " residual degrees of freedom (n minus its "
            + parameters
            + " parameters)");
    return false;
  }

  /**
   * A sum over {@code runners} runners (follow-up, running hours) as a released cell: internally as
   * computed with {@code format}; released, to two significant digits (so that the sum over all
   * sites minus the other sites' sums does not give a small site's sum back) and {@code –} over
   * fewer than 5 runners (a sum over one runner is that runner's value).
   */
  public String sum(double value, long runners, String format) {
    if (!rounds()) {
      return String.format(Locale.ROOT, format, value);
    }
    if (runners < BASE) {
      return log("sum", "not shown: over fewer than 5 runners", "–");
    }
    if (!(Math.abs(value) > 0) || !Double.isFinite(value)) {
      return log("sum", "two significant digits", String.format(Locale.ROOT, format, value));
    }
    double scale = Math.pow(10, Math.floor(Math.log10(Math.abs(value))) - 1);
    double r = Math.round(value / scale) * scale;
    String shown =
        scale >= 1
            ? String.format(Locale.ROOT, "%.0f", r)
            : String.format(Locale.ROOT, "%." + (int) Math.round(-Math.log10(scale)) + "f", r);
    return log("sum", "two significant digits", shown);
  }

  private static final java.util.regex.Pattern COUNT_IN_TEXT =
      java.util.regex.Pattern.compile(
          // A threshold of the plan ("fewer than 2 runners", "at least 45 onsets") is a rule, not
          // a count of data: it stays as written.
          "(?<![.\\d])(?<!fewer than )(?<!at least )(?:(?<=got )\\d+(?![.\\d])|\\d+(?="
              + " (?:rows|runners|values|events|onsets|ids|labels|estimates|recurrences)\\b))");

  /**
   * A free-text message (why a model was not fitted, why a figure was not drawn) as released: each
   * count in it ({@code got 3}, {@code 37 rows}, {@code 2 runners}) passes through {@link
   * #count(long)}; internally the message as it is.
   */
  public String text(String message) {
    if (!rounds() || message == null) {
      return message;
    }
    java.util.regex.Matcher m = COUNT_IN_TEXT.matcher(message);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(
          sb, java.util.regex.Matcher.quoteReplacement(count(Long.parseLong(m.group()))));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** Records a figure that is shown as computed (an estimate, a p-value): no disclosure rule. */
  public String exact(String rule, String shown) {
    return log(rule, "shown as computed", shown);
  }

  // ---- the log ----

  /** The log as {@code sdc.json}: the profile, the rules, and per released output its decisions. */
  public ObjectNode log() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode o = f.objectNode();
    o.put("profile", profile.label());
    o.put("rounding_base", BASE);
    o.put("small", SMALL);
    o.put("min_residual_df", MIN_RESIDUAL_DF);
    o.put("rules", rounds() ? RULES : INTERNAL_MARK);
    ArrayNode files = o.putArray("outputs");
    for (Output out : outputs.values()) {
      ObjectNode e = files.addObject();
      e.put("output", out.name);
      e.put("shows", out.what);
      ObjectNode byRule = e.putObject("decisions");
      out.tally.forEach(
          (rule, outcomes) -> {
            ObjectNode r = byRule.putObject(rule);
            outcomes.forEach(r::put);
          });
      ArrayNode cells = e.putArray("figures");
      for (String[] c : out.cells) {
        ArrayNode a = cells.addArray();
        a.add(c[0]).add(c[1]).add(c[2]);
      }
      ArrayNode n = e.putArray("notes");
      out.notes.forEach(n::add);
    }
    return o;
  }

  /** The released outputs logged, in order, each with its tally of decisions per rule. */
  public List<Map.Entry<String, String>> summary() {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (Output o : outputs.values()) {
      StringBuilder sb = new StringBuilder();
      o.tally.forEach(
          (rule, outcomes) ->
              outcomes.forEach(
                  (outcome, n) -> {
                    if (sb.length() > 0) {
                      sb.append("; ");
                    }
                    sb.append(rule).append(", ").append(outcome).append(": ").append(n);
                  }));
      for (String note : o.notes) {
        sb.append(sb.length() > 0 ? "; " : "").append(note);
      }
      out.add(Map.entry(o.name, sb.length() == 0 ? "no count or derived figure" : sb.toString()));
    }
    return out;
  }

  /** Every note recorded, in order. */
  public List<String> notes() {
    return List.copyOf(notes);
  }

  private String log(String rule, String outcome, String shown) {
    if (logging && output != null) {
      output
          .tally
          .computeIfAbsent(rule, k -> new LinkedHashMap<>())
          .merge(outcome, 1, Integer::sum);
      output.cells.add(new String[] {rule, outcome, shown});
    }
    return shown;
  }

  private static String ratioCi(double ratio, double lower, double upper) {
    return fixed(ratio, 2) + " (" + fixed(lower, 2) + "–" + fixed(upper, 2) + ")";
  }

  private static String fixed(double v, int decimals) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "–";
  }

  private static final class Output {
    final String name;
    final String what;
    final Map<String, Map<String, Integer>> tally = new LinkedHashMap<>();
    final List<String[]> cells = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    Output(String name, String what) {
      this.name = name;
      this.what = what;
    }
  }
}
