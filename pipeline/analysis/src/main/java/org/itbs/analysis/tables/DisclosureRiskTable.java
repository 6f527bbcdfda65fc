package org.itbs.analysis.tables;

import java.util.List;
import java.util.Locale;
import org.itbs.core.lake.SubmissionRecord;
import org.itbs.core.submission.DisclosureRisk;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The re-identification risk each clinic measured on the quasi-identifiers it released (its
 * submission's manifest, {@code disclosure_risk}): one row per analysed submission.
 *
 * <p>Columns: {@code site}, {@code submission}, {@code quasi-identifiers}, {@code runners}, {@code
 * smallest class (k)}, {@code runners in classes < 5}, {@code share in classes < 5}, {@code highest
 * risk (1/k)}, {@code policy} (the k the clinic asked for with {@code --k-anonymity} and the
 * runners whose quasi-identifiers it withheld, or {@code none}). A submission made before the
 * clinic measured the risk shows {@code not measured}. Counts of runners follow {@link SmallCells}:
 * under 5 (or 1 to 4 short of the runners) they show {@code <5}, and the share is not shown where
 * its count is hidden (it would give the count back with the runners). The smallest class and the
 * highest risk are shown as measured: they say how small the smallest class is, not who is in it,
 * and are the figures the table is for. In a release report ({@link Release}) the smallest class is
 * a count like any other (rounded, {@code <5} under 5), the share and the highest risk come from
 * the rounded figures, and a highest risk from a class under 5 shows {@code > 0.200}.
 */
public final class DisclosureRiskTable {
  /** Column names of the table. */
  public static final List<String> COLUMNS =
      List.of(
          "site",
          "submission",
          "quasi-identifiers",
          "runners",
          "smallest class (k)",
          "runners in classes < 5",
          "share in classes < 5",
          "highest risk (1/k)",
          "policy");

  /** What a submission without a measured risk shows. */
  public static final String NOT_MEASURED = "not measured";

  private DisclosureRiskTable() {}

  /** The table of the given submissions, in their order. */
  public static Table of(List<SubmissionRecord> submissions) {
    StringColumn[] c = new StringColumn[COLUMNS.size()];
    for (int i = 0; i < c.length; i++) {
      c[i] = StringColumn.create(COLUMNS.get(i));
    }
    Release rel = Release.current();
    for (SubmissionRecord s : submissions) {
      DisclosureRisk d = s.disclosureRisk();
      c[0].append(s.site());
      c[1].append(s.id());
      if (d == null) {
        c[2].append(NOT_MEASURED);
        for (int i = 3; i < c.length; i++) {
          c[i].append(Table1.UNDEFINED);
        }
        continue;
      }
      c[2].append(String.join(", ", d.quasiIdentifiers()));
      c[3].append(SmallCells.count(d.runners()));
      c[4].append(rel.rounds() ? rel.count(d.kMin()) : Long.toString(d.kMin()));
      boolean below = rel.hidden(d.runnersBelowK5(), d.runners());
      c[5].append(rel.count(d.runnersBelowK5(), d.runners()));
      double share = rel.rounds() ? rel.share(d.runnersBelowK5(), d.runners()) : d.shareBelowK5();
      c[6].append(
          below || Double.isNaN(share)
              ? Table1.UNDEFINED
              : String.format(Locale.ROOT, "%.1f%%", 100 * share));
      c[7].append(
          !rel.rounds()
              ? String.format(Locale.ROOT, "%.3f", d.maxRisk())
              : d.kMin() < Release.BASE
                  ? "> 0.200"
                  : String.format(Locale.ROOT, "%.3f", 1.0 / Release.round(d.kMin())));
      DisclosureRisk.Policy p = d.policy();
      c[8].append(
          p.kAnonymity() == null
              ? "none"
              : "k-anonymity "
                  + p.kAnonymity()
                  + "; quasi-identifiers withheld for "
                  + SmallCells.count(p.withheldRunners())
                  + " runners");
    }
    return Table.create("Re-identification risk at the clinics", c);
  }
}
