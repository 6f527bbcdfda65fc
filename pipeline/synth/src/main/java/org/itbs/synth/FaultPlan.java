package org.itbs.synth;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.itbs.core.csv.CsvWriter;

/**
 * Where the faults of one site go: each kind is aimed at a random runner before the files are
 * written, and lands on the first runner at or after that one whose rows can carry it (a runner
 * with too short a follow-up cannot carry a follow-up assessment, say). An empty plan injects
 * nothing.
 */
final class FaultPlan {
  private static final FaultPlan NONE = new FaultPlan();

  private final Map<FaultKind.Table, List<Target>> pending = new EnumMap<>(FaultKind.Table.class);
  private final Rng rng;
  private final FaultKind.Table bomFile;
  private int unknownCounter;

  private record Target(FaultKind kind, int runner) {}

  private FaultPlan() {
    this.rng = null;
    this.bomFile = null;
  }

  private FaultPlan(Site site, long seed) {
    this.rng = Rng.stream(seed, Streams.FAULTS, site.index);
    for (FaultKind k : FaultKind.values()) {
      pending
          .computeIfAbsent(k.table, t -> new ArrayList<>())
          .add(new Target(k, rng.nextInt(site.runners)));
    }
    for (List<Target> l : pending.values()) {
      l.sort(Comparator.comparingInt(Target::runner).thenComparing(t -> t.kind().ordinal()));
    }
    FaultKind.Table[] tables = FaultKind.Table.values();
    this.bomFile = tables[rng.nextInt(tables.length)];
  }

  /** No faults. */
  static FaultPlan none() {
    return NONE;
  }

  /** One fault of each kind for the site, plus one file with BOM and CRLF line ends. */
  static FaultPlan messy(Site site, long seed) {
    return new FaultPlan(site, seed);
  }

  boolean active() {
    return rng != null;
  }

  /**
   * How to encode a table's file: with BOM and CRLF when it is this site's chosen file (recorded in
   * the log), plain otherwise.
   */
  CsvWriter.Encoding encoding(FaultKind.Table t, Site site, FaultLog log) {
    if (active() && bomFile == t) {
      log.encoding(site, t);
      return CsvWriter.Encoding.BOM_CRLF;
    }
    return CsvWriter.Encoding.PLAIN;
  }

  /** The random stream for fault values and positions (only when {@link #active()}). */
  Rng rng() {
    return rng;
  }

  /**
   * Removes and returns the faults of the table due at this runner that the runner can carry.
   * Faults the runner cannot carry stay for a later runner.
   */
  List<FaultKind> take(FaultKind.Table table, int runner, Predicate<FaultKind> canCarry) {
    List<Target> l = pending.get(table);
    if (l == null || l.isEmpty() || l.get(0).runner() > runner) {
      return List.of();
    }
    List<FaultKind> out = new ArrayList<>(2);
    for (int i = 0; i < l.size(); ) {
      Target t = l.get(i);
      if (t.runner() > runner) {
        break;
      }
      if (canCarry.test(t.kind())) {
        out.add(t.kind());
        l.remove(i);
      } else {
        i++;
      }
    }
    return out;
  }

  /** A participant id no site uses, for rows that refer to an unknown runner. */
  String unknownParticipant(Site site) {
    unknownCounter++;
    return "ZZ-" + (900000 + site.index * 1000L + unknownCounter);
  }
}
