package org.itbs.analysis.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An output checker for a release report folder, as a person signing it off would check it: it
 * reads back every released count and searches for a count from 1 to 4 that they give back.
 *
 * <p>Scope of the search:
 *
 * <ul>
 *   <li>the counts: every cell of the count columns of {@code tables/*.csv} (runners, onsets,
 *       events, left out, n, rows, withheld, accepted, quarantined, classes; M1's sites), the
 *       counts in the {@code "reason: n; ..."} cells, Table 1's {@code n (p%)} and {@code missing}
 *       cells (plan v1's two columns, plan v2's three), the numbers at risk of every {@code
 *       figures/*.svg} and the n and events of the M1 forest plots, the key figures and notes of
 *       {@code report.html} ({@code n = }, {@code onsets = }, {@code Left out: }, {@code Analysis
 *       set: }) and the counts of its warnings on events per covariate;
 *   <li>the figures resting on a count: each events per covariate (M1's sites table, the models'
 *       warnings, the sparse-site warning) must be the shown count over the covariates, or only
 *       bounded ({@code <0.6}) where the count is {@code <5}, so that it gives back no more than
 *       the released count;
 *   <li>rule 1: each is {@code <5} or a multiple of 5 of at least 5;
 *   <li>rule 2, within and across tables and figures: no sum or difference of two or three of the
 *       distinct released values ({@code a ± b}, {@code a ± b ± c}) is 1 to 4;
 *   <li>rule 3, the additive relations of the tables, with each released value read as the interval
 *       of true counts it may stand for ({@code <5}: 0 to 4; 5: 5 to 7; {@code R}: R − 2 to R + 2):
 *       the sites (the all-sites row is the sum of the sites' rows: runners and onsets, under plan
 *       v2 runners in the analysis set, of them in the onset population, and onsets), Table 1 (ITBS
 *       + no ITBS, or plan v2's no onset + onset + prior ITBS, = the analysis set of the flow; plan
 *       v2's no onset + onset = the flow's onset population), the flow (plan v2: the analysis set =
 *       the onset population + the runners set aside; each model's runners + left out = the runners
 *       of the step it is {@code taken from}), the data quality (read = accepted + quarantined):
 *       the released figures can add up (their intervals overlap), and no {@code <5} cell is pinned
 *       to one value from 1 to 4 by the others;
 *   <li>the same count in two tables (plan v2's onset population and runners set aside in the flow,
 *       Table 1 and the sites table) shows the same figure.
 * </ul>
 *
 * Not in scope: relations across lake versions or across two reports of the same cohort.
 */
final class DisclosureChecker {
  private static final Pattern COUNT = Pattern.compile("<5|[0-9]+");
  private static final List<String> COUNT_COLUMNS =
      List.of(
          "runners",
          "ITBS onsets",
          "runners in the analysis set",
          "of them in the onset population",
          "ITBS onsets in the onset population",
          "events",
          "left out",
          "n",
          "onsets",
          "withheld at clinic: rows",
          "withheld at clinic: values",
          "rows read",
          "accepted",
          "quarantined",
          "smallest class (k)",
          "runners in classes < 5");

  /** The sites table's counts whose all-sites row is the sum of the sites' (plans v1 and v2). */
  private static final List<String> SITES_SUMMED =
      List.of(
          "runners",
          "ITBS onsets",
          "runners in the analysis set",
          "of them in the onset population",
          "ITBS onsets in the onset population");

  private static final List<String> LIST_COLUMNS = List.of("reasons", "quarantined by rule");
  private static final List<String> TABLE1_GROUPS =
      List.of("ITBS", "no ITBS", "no ITBS onset", "ITBS onset", "prior ITBS (set aside)");
  private static final Pattern EPV_WARNING =
      Pattern.compile(
          "Warning: (&lt;|<)?([0-9]+\\.[0-9]) events per covariate \\((&lt;5|<5|[0-9]+)"
              + " (onsets|recurrences), ([0-9]+) covariates\\)");
  private static final Pattern SITES_WARNING =
      Pattern.compile("events per covariate in the own fit of ([^:]*): ");

  /**
   * What the checker found: the counts it read, the figures resting on a count it checked ({@code
   * "where: figure"}), the additive relations it checked (by where), and the problems, empty when
   * none.
   */
  record Result(
      List<String> counts, List<String> figures, List<String> relations, List<String> problems) {}

  private final List<String> counts = new ArrayList<>();
  private final List<String> figures = new ArrayList<>();
  private final List<String> relations = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private final Map<String, List<Map<String, String>>> tables = new TreeMap<>();

  private DisclosureChecker() {}

  static Result check(Path report) {
    DisclosureChecker c = new DisclosureChecker();
    try {
      c.readTables(report.resolve("tables"));
      c.readFigures(report.resolve("figures"));
      c.readPage(Files.readString(report.resolve("report.html"), StandardCharsets.UTF_8));
      c.readMarkdownWarnings(report.resolve("tables"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    c.searchSumsAndDifferences();
    c.checkRelations();
    c.checkM1Sites();
    return new Result(
        List.copyOf(c.counts),
        List.copyOf(c.figures),
        List.copyOf(c.relations),
        List.copyOf(c.problems));
  }

  private void readTables(Path dir) throws IOException {
    List<Path> csvs;
    try (var files = Files.list(dir)) {
      csvs = files.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
    }
    for (Path csv : csvs) {
      List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
      List<String> header = cells(lines.get(0));
      List<Map<String, String>> rows = new ArrayList<>();
      for (int i = 1; i < lines.size(); i++) {
        List<String> row = cells(lines.get(i));
        Map<String, String> byColumn = new TreeMap<>();
        for (int k = 0; k < header.size() && k < row.size(); k++) {
          String where = csv.getFileName() + " line " + (i + 1) + " " + header.get(k);
          String v = row.get(k);
          byColumn.put(header.get(k), v);
          if (COUNT_COLUMNS.contains(header.get(k)) && !v.isEmpty()) {
            count(where, v);
          } else if (LIST_COLUMNS.contains(header.get(k))) {
            for (String part : v.split("; ")) {
              int colon = part.lastIndexOf(": ");
              if (colon > 0 && COUNT.matcher(part.substring(colon + 2)).matches()) {
                count(where, part.substring(colon + 2));
              }
            }
          } else if (csv.getFileName().toString().equals("table1.csv")
              && TABLE1_GROUPS.contains(header.get(k))) {
            String stat = row.get(1);
            if (stat.equals("n") || stat.equals("missing")) {
              count(where, v);
            } else if (stat.equals("n (%)") && !v.equals("–")) {
              count(where, v.replaceFirst(" \\(.*", ""));
            }
          }
        }
        rows.add(byColumn);
      }
      tables.put(csv.getFileName().toString(), rows);
    }
  }

  private void readFigures(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Path> svgs;
    try (var files = Files.list(dir)) {
      svgs = files.sorted().toList();
    }
    for (Path svg : svgs) {
      Matcher m =
          Pattern.compile("class=\"(at-risk|n|events)\"[^>]*>([^<]*)<")
              .matcher(Files.readString(svg));
      while (m.find()) {
        count(svg.getFileName() + " " + m.group(1), m.group(2).replace("&lt;", "<"));
      }
    }
  }

  private void readPage(String html) {
    Matcher key =
        Pattern.compile("<span class=\"value\">([^<]*)</span><span class=\"label\">([^<]*)<")
            .matcher(html);
    while (key.find()) {
      String label = key.group(2);
      if (label.startsWith("Runners") || label.startsWith("ITBS onsets")) {
        count("key figure " + label, key.group(1).replace("&lt;", "<"));
      }
    }
    Matcher note =
        Pattern.compile("(n = |onsets = |recurrences = |Left out: |Analysis set: )(&lt;5|[0-9]+)")
            .matcher(html);
    while (note.find()) {
      count("report.html " + note.group(1).trim(), note.group(2).replace("&lt;", "<"));
    }
    epvWarnings("report.html", html);
    Matcher sites = SITES_WARNING.matcher(html);
    while (sites.find()) {
      sparseSites("report.html", sites.group(1));
    }
  }

  /** The warnings the tables' Markdown files carry ({@code > **Warning: ...**}). */
  private void readMarkdownWarnings(Path dir) throws IOException {
    List<Path> mds;
    try (var files = Files.list(dir)) {
      mds = files.filter(p -> p.toString().endsWith(".md")).sorted().toList();
    }
    for (Path md : mds) {
      String text = Files.readString(md, StandardCharsets.UTF_8);
      epvWarnings(md.getFileName().toString(), text);
      Matcher sites = SITES_WARNING.matcher(text);
      while (sites.find()) {
        sparseSites(md.getFileName().toString(), sites.group(1));
      }
    }
  }

  /**
   * A model's warning on events per covariate: its count is a released count, and its figure the
   * count over the covariates (bounded where the count is {@code <5}).
   */
  private void epvWarnings(String where, String text) {
    Matcher w = EPV_WARNING.matcher(text);
    while (w.find()) {
      String events = w.group(3).replace("&lt;", "<");
      int covariates = Integer.parseInt(w.group(5));
      String figure = (w.group(1) == null ? "" : "<") + w.group(2);
      String at = where + " warning (" + w.group(4) + ")";
      count(at, events);
      perCovariate(at, figure, events, covariates);
    }
  }

  /**
   * Checks a figure resting on a shown count: {@code <5} counts only bound it ({@code <b} with
   * {@code b} at least 4 over the covariates, and at most 5 over them rounded up), a shown count
   * gives it to one decimal.
   */
  private void perCovariate(String where, String figure, String count, int covariates) {
    figures.add(where + ": " + figure);
    if (count.equals("<5")) {
      if (!figure.startsWith("<")) {
        problems.add(where + ": figure " + figure + " rests on a count <5 and is not a bound");
        return;
      }
      double bound = Double.parseDouble(figure.substring(1));
      if (bound * covariates > 5.5) {
        problems.add(where + ": bound " + figure + " is not 5 over " + covariates);
      }
      return;
    }
    if (!COUNT.matcher(count).matches()) {
      problems.add(where + ": figure " + figure + " rests on " + count + ", not a count");
      return;
    }
    String expected =
        String.format(java.util.Locale.ROOT, "%.1f", Long.parseLong(count) / (double) covariates);
    if (!figure.equals(expected)) {
      problems.add(
          where
              + ": figure "
              + figure
              + " is not its shown count "
              + count
              + " over "
              + covariates
              + " covariates ("
              + expected
              + ")");
    }
  }

  /** The sparse-site warning's figures, {@code "SITEA 6.1, SITEB 7.2"}: as M1's sites table. */
  private void sparseSites(String where, String list) {
    for (String part : list.split(", ")) {
      int space = part.lastIndexOf(' ');
      String site = part.substring(0, space);
      String figure = part.substring(space + 1).replace("&lt;", "<");
      figures.add(where + " sparse site " + site + ": " + figure);
      String inTable = null;
      for (Map<String, String> r : tables.getOrDefault("m1_sites.csv", List.of())) {
        if (r.get("site").equals(site)) {
          inTable = r.get("events per covariate");
        }
      }
      if (!figure.equals(inTable)) {
        problems.add(
            where + ": site " + site + "'s figure " + figure + " is not m1_sites' " + inTable);
      }
    }
  }

  /**
   * M1's sites table: each site's events per covariate is its shown onsets over P1's covariates
   * (the covariates recovered from the figure, so that the check needs no other table).
   */
  private void checkM1Sites() {
    for (Map<String, String> r : tables.getOrDefault("m1_sites.csv", List.of())) {
      String figure = r.get("events per covariate");
      String onsets = r.get("onsets");
      if (figure == null || figure.equals("–")) {
        continue;
      }
      String where = "m1_sites.csv " + r.get("site") + " events per covariate";
      int covariates;
      if (onsets.equals("<5")) {
        covariates =
            figure.startsWith("<")
                ? (int) Math.round(5 / Double.parseDouble(figure.substring(1)))
                : 1;
      } else {
        double f = Double.parseDouble(figure.replace("<", ""));
        covariates = f > 0 ? (int) Math.round(Long.parseLong(onsets) / f) : 1;
      }
      perCovariate(where, figure, onsets, Math.max(covariates, 1));
    }
  }

  private void count(String where, String v) {
    if (v.equals("–")) {
      return; // nothing shown (a submission whose risk was not measured)
    }
    if (!COUNT.matcher(v).matches()) {
      problems.add(where + ": " + v + " is not a count");
      return;
    }
    counts.add(v);
    if (!v.equals("<5")) {
      long n = Long.parseLong(v);
      if (n < 5 || n % 5 != 0) {
        problems.add(where + ": " + v + " is neither <5 nor a multiple of 5 of at least 5");
      }
    }
  }

  private void searchSumsAndDifferences() {
    TreeSet<Long> values = new TreeSet<>();
    for (String c : counts) {
      if (!c.equals("<5")) {
        values.add(Long.parseLong(c));
      }
    }
    List<Long> v = new ArrayList<>(values);
    for (int i = 0; i < v.size(); i++) {
      for (int j = i; j < v.size(); j++) {
        long a = v.get(i);
        long b = v.get(j);
        for (long s : new long[] {b - a, a + b}) {
          if (s >= 1 && s <= 4) {
            problems.add(a + " and " + b + " give " + s);
          }
          // a ± b ± c: some released c within 1 to 4 of s
          for (long c : values.subSet(s - 4, true, s + 4, true)) {
            if (c != s) {
              problems.add(a + ", " + b + " and " + c + " give " + Math.abs(s - c));
            }
          }
        }
      }
    }
  }

  private void checkRelations() {
    List<Map<String, String>> sites = tables.get("sites.csv");
    if (sites != null && !sites.isEmpty()) {
      for (String column : SITES_SUMMED) {
        if (!sites.get(0).containsKey(column)) {
          continue;
        }
        List<String> parts = new ArrayList<>();
        String total = null;
        for (Map<String, String> r : sites) {
          if (r.get("site").equals("All sites")) {
            total = r.get(column);
          } else {
            parts.add(r.get(column));
          }
        }
        if (total != null) {
          pinned("sites.csv " + column, parts, total);
        }
      }
    }
    List<Map<String, String>> quality = tables.get("data_quality.csv");
    if (quality != null) {
      for (Map<String, String> r : quality) {
        pinned(
            "data_quality.csv " + r.get("site") + " " + r.get("file"),
            List.of(r.get("accepted"), r.get("quarantined")),
            r.get("rows read"));
      }
    }
    List<Map<String, String>> flow = tables.get("flow.csv");
    if (flow != null) {
      flowRelations(flow);
    }
    List<Map<String, String>> t1 = tables.get("table1.csv");
    if (t1 != null && flow != null) {
      Map<String, String> n = t1.get(0);
      List<String> groups = new ArrayList<>();
      for (String g : TABLE1_GROUPS) {
        if (n.containsKey(g)) {
          groups.add(n.get(g));
        }
      }
      String set = step(flow, "In the analysis set", "runners");
      if (set != null) {
        pinned("table1.csv n", groups, set);
      }
      // Plan v2: the onset population is Table 1's runners without and with an onset.
      String onset = step(flow, "Onset population (prior_itbs = 0)", "runners");
      if (onset == null && n.containsKey("no ITBS onset")) {
        problems.add(
            "flow.csv: Table 1 is of the onset population (plan v2) but the flow does not show"
                + " the onset population and the runners set aside");
      }
      if (onset != null && n.containsKey("no ITBS onset")) {
        pinned(
            "table1.csv n of the onset population",
            List.of(n.get("no ITBS onset"), n.get("ITBS onset")),
            onset);
        same(
            "table1.csv prior ITBS (set aside) and flow.csv's set aside",
            n.get("prior ITBS (set aside)"),
            step(flow, "Set aside: ITBS before enrolment (prior_itbs = 1)", "left out"));
      }
      if (onset != null && sites != null) {
        for (Map<String, String> r : sites) {
          if (r.get("site").equals("All sites")) {
            same(
                "sites.csv's onset population and flow.csv's",
                r.get("of them in the onset population"),
                onset);
            same(
                "sites.csv's runners in the analysis set and flow.csv's",
                r.get("runners in the analysis set"),
                set);
          }
        }
      }
    }
  }

  /**
   * The flow's additive relations: under plan v2 the analysis set is the onset population plus the
   * runners set aside; every row with a {@code taken from} and both runners and left out (a model)
   * splits the runners of the step it names (its name up to any parenthesis).
   */
  private void flowRelations(List<Map<String, String>> flow) {
    String set = step(flow, "In the analysis set", "runners");
    String onset = step(flow, "Onset population (prior_itbs = 0)", "runners");
    String aside = step(flow, "Set aside: ITBS before enrolment (prior_itbs = 1)", "left out");
    if (set != null && onset != null && aside != null) {
      pinned("flow.csv analysis set", List.of(onset, aside), set);
    } else if (onset != null || aside != null) {
      problems.add("flow.csv: the onset population or the runners set aside is missing");
    }
    for (Map<String, String> r : flow) {
      String from = r.get("taken from");
      if (from == null
          || from.isEmpty()
          || r.get("runners").isEmpty()
          || r.get("left out").isEmpty()) {
        continue;
      }
      String parent = null;
      for (Map<String, String> p : flow) {
        String name = p.get("step");
        if (name.equals(from) || name.startsWith(from + " (")) {
          parent = p.get("runners");
        }
      }
      if (parent == null || parent.isEmpty()) {
        problems.add("flow.csv " + r.get("step") + ": takes its runners from no step " + from);
        continue;
      }
      pinned("flow.csv " + r.get("step"), List.of(r.get("runners"), r.get("left out")), parent);
    }
  }

  private static String step(List<Map<String, String>> flow, String name, String column) {
    for (Map<String, String> r : flow) {
      if (r.get("step").equals(name)) {
        return r.get(column);
      }
    }
    return null;
  }

  /** Two released cells of the same count must show the same figure. */
  private void same(String where, String a, String b) {
    if (a != null && b != null && !a.equals(b)) {
      problems.add(where + ": the same count shows " + a + " and " + b);
    }
  }

  /**
   * Checks one additive relation (the parts make up the total): the released figures must be able
   * to add up (the intervals of true counts they stand for overlap), and no {@code <5} part may be
   * pinned by the total and the other parts to one value from 1 to 4.
   */
  private void pinned(String where, List<String> parts, String total) {
    relations.add(where);
    long[] t = interval(total);
    long sumLo = 0;
    long sumHi = 0;
    for (String p : parts) {
      sumLo += interval(p)[0];
      sumHi += interval(p)[1];
    }
    if (sumLo > t[1] || sumHi < t[0]) {
      problems.add(
          where + ": " + String.join(" + ", parts) + " cannot add up to " + total + " (released)");
    }
    for (int i = 0; i < parts.size(); i++) {
      if (!"<5".equals(parts.get(i))) {
        continue;
      }
      long lo = t[0];
      long hi = t[1];
      for (int j = 0; j < parts.size(); j++) {
        if (j != i) {
          long[] o = interval(parts.get(j));
          lo -= o[1];
          hi -= o[0];
        }
      }
      lo = Math.max(lo, 0);
      hi = Math.min(hi, 4);
      if (lo == hi && lo >= 1) {
        problems.add(where + ": a <5 cell is pinned to " + lo + " by the others and the total");
      }
    }
  }

  private static long[] interval(String released) {
    if (released == null || released.isEmpty() || released.equals("<5")) {
      return new long[] {0, 4};
    }
    long r = Long.parseLong(released);
    return r == 5 ? new long[] {5, 7} : new long[] {r - 2, r + 2};
  }

  private static List<String> cells(String csvLine) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (char ch : csvLine.toCharArray()) {
      if (ch == '"') {
        quoted = !quoted;
      } else if (ch == ',' && !quoted) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(ch);
      }
    }
    out.add(cur.toString());
    return out;
  }
}
