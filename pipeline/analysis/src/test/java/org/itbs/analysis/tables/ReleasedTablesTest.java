package org.itbs.analysis.tables;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.itbs.analysis.plan.ModelCounts;
import org.itbs.core.lake.FileCounts;
import org.itbs.core.lake.SubmissionRecord;
import org.itbs.core.submission.DisclosureRisk;
import org.itbs.core.submission.SubmissionManifest;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** The sites, data-quality and flow tables, and their small-cell suppression. */
class ReleasedTablesTest {

  @Test
  void countsInMessagesAreReleasedButThePlansThresholdsStayAsWritten() {
    Release rel = Release.of(Release.Profile.RELEASE);
    assertThat(rel.text("fewer than 2 runners at risk of recurrence"))
        .isEqualTo("fewer than 2 runners at risk of recurrence");
    assertThat(rel.text("1 site with at least 45 onsets among P1's runners"))
        .isEqualTo("1 site with at least 45 onsets among P1's runners");
    assertThat(rel.text("a sample SD needs at least 2 values; got 3"))
        .isEqualTo("a sample SD needs at least 2 values; got <5");
    assertThat(rel.text("missing km_week: 3 runners; 12 events"))
        .isEqualTo("missing km_week: <5 runners; 10 events");
    assertThat(Release.of(Release.Profile.INTERNAL).text("got 3")).isEqualTo("got 3");
  }

  @Test
  void sitesTableShowsRateWithExactCiAndHidesSmallOnsetCountsWithTheirRate() {
    Table t =
        SitesTable.of(
            List.of(
                new SitesTable.Row("CLINA", 357, 518.14, 87746.73, 63, 0.7179, 0.5517, 0.9186),
                new SitesTable.Row("CLIND", 40, 50.0, 9000.0, 3, 0.333, 0.0687, 0.974),
                new SitesTable.Row("CLINE", 4, 5.0, 900.0, 0, 0.0, 0.0, 4.1)));

    assertThat(t.columnNames()).containsExactlyElementsOf(SitesTable.COLUMNS);
    assertThat(t.row(0).getString("runners")).isEqualTo("357");
    assertThat(t.row(0).getString("follow-up (person-years)")).isEqualTo("518.1");
    assertThat(t.row(0).getString("running hours")).isEqualTo("87747");
    assertThat(t.row(0).getString("ITBS onsets")).isEqualTo("63");
    assertThat(t.row(0).getString("incidence per 1000 h (95% CI)")).isEqualTo("0.72 (0.55–0.92)");
    // 3 onsets in 9000 h: the rate would give the 3 back.
    assertThat(t.row(1).getString("ITBS onsets")).isEqualTo("<5");
    assertThat(t.row(1).getString("incidence per 1000 h (95% CI)")).isEqualTo("<5");
    assertThat(t.row(2).getString("runners")).isEqualTo("<5");
    assertNoSmallCount(t);
  }

  @Test
  void sitesTableHidesOnsetsWhenRunnersWithoutOnsetAreFewerThanFive() {
    Table t = SitesTable.of(List.of(new SitesTable.Row("X", 12, 10.0, 2000.0, 9, 4.5, 2.1, 8.5)));
    assertThat(t.row(0).getString("ITBS onsets")).isEqualTo("<5");
    assertThat(t.row(0).getString("incidence per 1000 h (95% CI)")).isEqualTo("<5");
  }

  @Test
  void dataQualityHidesSmallQuarantineCountsAndTheAcceptedCountThatWouldGiveThemBack() {
    SubmissionRecord s =
        new SubmissionRecord(
            "abc",
            "CLINA",
            "2026-11-26T00:00:00Z",
            "/x",
            "2026-11-26T00:00:00Z",
            1,
            Map.of(
                "participants.csv",
                new FileCounts("participants", 357, 354, 3, Map.of("range", 3L)),
                "gait_frames.csv",
                new FileCounts("gait_frames", 1000, 980, 20, Map.of("range", 12L, "missing", 8L)),
                "injuries.csv",
                new FileCounts("injuries", 600, 600, 0, Map.of()),
                "assessments.csv",
                new FileCounts("assessments", 50, 2, 48, Map.of("window", 48L))));

    Table t = DataQualityTable.of(List.of(s));

    // Files in name order.
    assertThat(t.stringColumn("file").asList())
        .containsExactly("assessments.csv", "gait_frames.csv", "injuries.csv", "participants.csv");
    // 2 accepted of 50: both counts hidden, and the lone rule's count too (it would be 48).
    assertThat(t.row(0).getString("accepted")).isEqualTo("<5");
    assertThat(t.row(0).getString("quarantined")).isEqualTo("<5");
    assertThat(t.row(0).getString("quarantined by rule")).isEqualTo("window");
    assertThat(t.row(1).getString("accepted")).isEqualTo("980");
    assertThat(t.row(1).getString("quarantined by rule")).isEqualTo("missing: 8; range: 12");
    // Nothing quarantined: the zero shows <5, the accepted rows stay shown.
    assertThat(t.row(2).getString("accepted")).isEqualTo("600");
    assertThat(t.row(2).getString("quarantined")).isEqualTo("<5");
    assertThat(t.row(2).getString("quarantined by rule")).isEqualTo("–");
    // 3 quarantined of 357: read minus accepted would give the 3 back.
    assertThat(t.row(3).getString("rows read")).isEqualTo("357");
    assertThat(t.row(3).getString("accepted")).isEqualTo("<5");
    assertThat(t.row(3).getString("quarantined")).isEqualTo("<5");
    assertThat(t.row(3).getString("quarantined by rule")).isEqualTo("range: <5");
    assertNoSmallCount(t);
  }

  @Test
  void flowShowsEachModelWithReasonsAndHidesLeftOutCountsUnderFive() {
    Table t =
        FlowTable.of(
            1503,
            3,
            Map.of("range", 3L),
            1500,
            List.of(
                new ModelCounts("P1", 1500, 1493, 219, Map.of("missing km_week", 7), 7, null),
                new ModelCounts("P2", 1500, 1497, 194, Map.of("missing km_week", 3), 3, null),
                new ModelCounts("P3", 1500, 1493, 219, Map.of("missing km_week", 7), 7, null),
                new ModelCounts("R1", 334, 0, 0, Map.of(), 0, "no recurrence among its runners")));

    assertThat(t.columnNames()).containsExactlyElementsOf(FlowTable.COLUMNS);
    assertThat(t.row(0).getString("runners")).isEqualTo("1503");
    assertThat(t.row(1).getString("left out")).isEqualTo("<5");
    assertThat(t.row(1).getString("reasons")).isEqualTo("range: <5");
    assertThat(t.row(2).getString("runners")).isEqualTo("1500");
    assertThat(t.row(3).getString("runners")).isEqualTo("1493");
    assertThat(t.row(3).getString("events")).isEqualTo("219");
    assertThat(t.row(3).getString("left out")).isEqualTo("7");
    assertThat(t.row(3).getString("reasons")).isEqualTo("missing km_week: 7");
    // 3 left out of 1500: 1497 beside the 1500 above would give the 3 back.
    assertThat(t.row(4).getString("runners")).isEqualTo("<5");
    assertThat(t.row(4).getString("left out")).isEqualTo("<5");
    assertThat(t.row(4).getString("reasons")).isEqualTo("missing km_week: <5");
    assertThat(t.row(6).getString("reasons")).startsWith("not fitted: no recurrence");
    assertNoSmallCount(t);
  }

  @Test
  void markdownEscapesPipesAndKeepsOneLinePerRow() {
    Table t =
        Table.create(
            "t",
            tech.tablesaw.api.StringColumn.create("a", "x|y", "two\nlines"),
            tech.tablesaw.api.StringColumn.create("b", "1", "<5"));
    assertThat(Markdown.of(t))
        .isEqualTo("| a | b |\n| --- | --- |\n| x\\|y | 1 |\n| two lines | <5 |\n");
  }

  @Test
  void dataQualityShowsWhatTheClinicWithheldPerFileWithSmallCountsHidden() {
    SubmissionRecord s =
        new SubmissionRecord(
            "sub1",
            "CLINA",
            "2026-11-26T00:00:00Z",
            "/x",
            "2026-11-26T00:00:00Z",
            1,
            Map.of(
                "participants.csv",
                new FileCounts("participants", 357, 350, 7, Map.of("type", 7L)),
                "injuries.csv",
                new FileCounts("injuries", 600, 600, 0, Map.of())),
            "0123456789abcdef",
            null,
            Map.of(
                "participants.csv",
                new SubmissionManifest.Withheld(
                    Map.of("field_count", 2L, "line_break", 10L), Map.of("type", 7L))));

    Table t = DataQualityTable.of(List.of(s));

    assertThat(t.columnNames()).containsExactlyElementsOf(DataQualityTable.COLUMNS);
    // injuries.csv: nothing withheld; participants.csv: 12 rows withheld whole, 7 values marked.
    assertThat(t.row(0).getString("withheld at clinic: rows")).isEqualTo("<5");
    assertThat(t.row(1).getString("withheld at clinic: rows")).isEqualTo("12");
    assertThat(t.row(1).getString("withheld at clinic: values")).isEqualTo("7");
    assertThat(t.row(1).getString("rows read")).isEqualTo("357");
    assertNoSmallCount(t);
  }

  @Test
  void disclosureRiskShowsEachSitesFiguresAndHidesACountOfOneToFourRunners() {
    DisclosureRisk.Policy none = new DisclosureRisk.Policy(null, "whole years", "0.1", "whole", 0);
    SubmissionRecord a = withRisk("CLINA", new DisclosureRisk(QI, 400, 1, 97, 0.2425, 1.0, none));
    SubmissionRecord b =
        withRisk(
            "CLINB",
            new DisclosureRisk(
                QI, 300, 2, 3, 0.01, 0.5, new DisclosureRisk.Policy(5, "5-year", "2", "5", 40)));
    SubmissionRecord c =
        new SubmissionRecord(
            "sub-c", "CLINC", "2026-11-26T00:00:00Z", "/x", "2026-11-26T00:00:00Z", 1, Map.of());

    Table t = DisclosureRiskTable.of(List.of(a, b, c));

    assertThat(t.columnNames()).containsExactlyElementsOf(DisclosureRiskTable.COLUMNS);
    assertThat(t.row(0).getString("quasi-identifiers")).isEqualTo(String.join(", ", QI));
    assertThat(t.row(0).getString("runners")).isEqualTo("400");
    assertThat(t.row(0).getString("smallest class (k)")).isEqualTo("1");
    assertThat(t.row(0).getString("runners in classes < 5")).isEqualTo("97");
    assertThat(t.row(0).getString("share in classes < 5")).isEqualTo("24.3%");
    assertThat(t.row(0).getString("highest risk (1/k)")).isEqualTo("1.000");
    assertThat(t.row(0).getString("policy")).isEqualTo("none");
    // 3 runners in small classes: hidden, and so is their share (3 / 300 would give it back).
    assertThat(t.row(1).getString("runners in classes < 5")).isEqualTo("<5");
    assertThat(t.row(1).getString("share in classes < 5")).isEqualTo("–");
    assertThat(t.row(1).getString("policy"))
        .isEqualTo("k-anonymity 5; quasi-identifiers withheld for 40 runners");
    assertThat(t.row(2).getString("quasi-identifiers")).isEqualTo(DisclosureRiskTable.NOT_MEASURED);
  }

  private static final List<String> QI =
      List.of("sex", "age_years", "bmi (whole units)", "running_years", "prior_itbs");

  private static SubmissionRecord withRisk(String site, DisclosureRisk risk) {
    return new SubmissionRecord(
        "sub-" + site,
        site,
        "2026-11-26T00:00:00Z",
        "/x",
        "2026-11-26T00:00:00Z",
        1,
        Map.of(),
        "0123456789abcdef",
        null,
        Map.of(),
        risk);
  }

  /** No cell of the table is a bare count 0 to 4, nor starts with one followed by " (". */
  static void assertNoSmallCount(Table t) {
    for (int r = 0; r < t.rowCount(); r++) {
      for (String c : t.columnNames()) {
        String v = t.getString(r, c);
        assertThat(v).as("%s row %d", c, r).doesNotMatch("[0-4]( \\(.*)?");
        for (String part : v.split("; ")) {
          assertThat(part).as("%s row %d", c, r).doesNotMatch(".* [0-4]");
        }
      }
    }
  }
}
