package org.itbs.analysis.tables;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.itbs.core.lake.FileCounts;
import org.itbs.core.lake.SubmissionRecord;
import org.itbs.core.submission.SubmissionManifest;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The released data-quality table: per submission of the analysed lake version and per file, what
 * the clinic withheld before sending (rows withheld whole, values sent as {@code [withheld: rule]}
 * markers: the submission's manifest), the rows read, accepted into the curated lake and
 * quarantined, and the quarantined rows by rule. The export's rows = rows read + rows withheld at
 * the clinic.
 *
 * <p>Columns: {@code site}, {@code submission}, {@code file}, {@code withheld at clinic: rows},
 * {@code withheld at clinic: values}, {@code rows read}, {@code accepted}, {@code quarantined},
 * {@code quarantined by rule} ({@code "rule: n; rule: n"} in rule order, or {@code –} when none).
 * The clinic's counts show {@code <5} under 5, like every count. Suppression ({@link SmallCells}):
 * rows read under 5 show {@code <5}; since read = accepted + quarantined, accepted and quarantined
 * each show {@code <5} when under 5, and both do when either counts 1 to 4; a rule's count under 5
 * shows {@code <5}, and when accepted counts 1 to 4 the rules are listed without their counts (a
 * lone rule's count would give quarantined, and so accepted, back). In a release report every count
 * is rounded to the nearest 5 ({@link Release}) and the rules keep their rounded counts.
 */
public final class DataQualityTable {
  /** Column names of the table. */
  public static final List<String> COLUMNS =
      List.of(
          "site",
          "submission",
          "file",
          "withheld at clinic: rows",
          "withheld at clinic: values",
          "rows read",
          "accepted",
          "quarantined",
          "quarantined by rule");

  private DataQualityTable() {}

  /** The table of the given submissions, in their order, files by name. */
  public static Table of(List<SubmissionRecord> submissions) {
    StringColumn site = StringColumn.create(COLUMNS.get(0));
    StringColumn sub = StringColumn.create(COLUMNS.get(1));
    StringColumn file = StringColumn.create(COLUMNS.get(2));
    StringColumn clinicRows = StringColumn.create(COLUMNS.get(3));
    StringColumn clinicValues = StringColumn.create(COLUMNS.get(4));
    StringColumn read = StringColumn.create(COLUMNS.get(5));
    StringColumn accepted = StringColumn.create(COLUMNS.get(6));
    StringColumn quarantined = StringColumn.create(COLUMNS.get(7));
    StringColumn byRule = StringColumn.create(COLUMNS.get(8));
    Release rel = Release.current();
    for (SubmissionRecord s : submissions) {
      for (Map.Entry<String, FileCounts> f : s.files().entrySet()) {
        FileCounts c = f.getValue();
        site.append(s.site());
        sub.append(s.id());
        file.append(f.getKey());
        SubmissionManifest.Withheld w = s.withheldAtClinic(f.getKey());
        clinicRows.append(SmallCells.count(w.rowCount()));
        clinicValues.append(SmallCells.count(w.valueCount()));
        read.append(SmallCells.count(c.read()));
        accepted.append(rel.count(c.accepted(), c.read()));
        quarantined.append(rel.count(c.quarantined(), c.read()));
        boolean countsShown =
            rel.rounds() || c.accepted() == 0 || !SmallCells.suppressed(c.accepted());
        byRule.append(
            c.quarantinedByRule().isEmpty()
                ? Table1.UNDEFINED
                : c.quarantinedByRule().entrySet().stream()
                    .map(
                        e ->
                            countsShown
                                ? e.getKey() + ": " + SmallCells.count(e.getValue())
                                : e.getKey())
                    .collect(Collectors.joining("; ")));
      }
    }
    return Table.create(
        "Data quality",
        site,
        sub,
        file,
        clinicRows,
        clinicValues,
        read,
        accepted,
        quarantined,
        byRule);
  }
}
