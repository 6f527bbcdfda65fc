package org.itbs.contribute;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.itbs.core.submission.SubmissionManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validation at the clinic, the clinic report and the order of the submission's rows. */
class ClinicValidationTest {
  private static final Instant CREATED = Instant.parse("2025-04-01T10:00:00Z");
  private static final String PARTICIPANTS_HEADER =
      "participant_id,sex,birth_date,enrolment_date,followup_end_date,height_cm,mass_kg,"
          + "running_years,prior_itbs,email,phone\n";

  @TempDir Path dir;

  private ContributionResult contribute(Map<String, String> files) {
    Path raw = ContributeFixtures.write(dir.resolve("raw"), files);
    return Contributor.builder()
        .site("CLINA")
        .key(ClinicKey.of(ContributeFixtures.keyBytes()))
        .toolVersion("9.9.9-test")
        .created(CREATED)
        .build()
        .contribute(raw, dir.resolve("out"));
  }

  /** Every byte of every file of the submission, as one string. */
  private static String allBytes(Path submission) throws IOException {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> s = Files.walk(submission)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        sb.append(new String(Files.readAllBytes(p), UTF_8)).append('\n');
      }
    }
    return sb.toString();
  }

  private static String runner(int i) {
    return String.format(
        "R%03d,%s,1990-01-%02d,2024-06-10,2025-06-10,170.%d,60.%d,5,0,runner%d@example.org,"
            + "+44 7700 9%05d\n",
        i, i % 2 == 0 ? "F" : "M", 1 + i % 28, i % 10, i % 10, i, i);
  }

  private static Map<String, String> exportWith(String participantsBody) {
    Map<String, String> f = ContributeFixtures.export();
    f.put("participants.csv", PARTICIPANTS_HEADER + participantsBody);
    f.put("assessments.csv", f.get("assessments.csv").lines().findFirst().get() + "\n");
    f.put("gait_frames.csv", f.get("gait_frames.csv").lines().findFirst().get() + "\n");
    f.put("training_weeks.csv", f.get("training_weeks.csv").lines().findFirst().get() + "\n");
    f.put("injuries.csv", f.get("injuries.csv").lines().findFirst().get() + "\n");
    return f;
  }

  @Test
  void strayQuoteInRunningYearsCostsOneRowAndNoFollowingIdentifierLeaves() throws Exception {
    StringBuilder body = new StringBuilder();
    for (int i = 1; i <= 40; i++) {
      String row = runner(i);
      if (i == 5) {
        row = row.replace(",5,0,runner5", ",\"4.5,0,runner5");
      }
      body.append(row);
    }
    ContributionResult r = contribute(exportWith(body.toString()));

    SubmissionManifest.FileEntry p = r.manifest().file("participants.csv");
    assertThat(p.rows()).isEqualTo(39);
    assertThat(r.manifest().withheld("participants.csv").rows())
        .containsExactly(Map.entry("line_break", 1L));
    String sent = allBytes(r.submission());
    for (int i = 1; i <= 40; i++) {
      assertThat(sent)
          .doesNotContain("runner" + i + "@")
          .doesNotContain(String.format("7700 9%05d", i));
    }
    List<String> withheld = Files.readAllLines(r.report().resolve("withheld.csv"), UTF_8);
    assertThat(withheld).hasSize(2);
    assertThat(withheld.get(1))
        .startsWith("participants.csv,6,,,")
        .contains("runner5@example.org")
        .contains(",line_break,");
  }

  @Test
  void identifiersTypedIntoFieldsOfEveryTypeAreWithheldAndListedWithTheirExportLine()
      throws Exception {
    String hyperlink = "=HYPERLINK(\"\"http://x\"\")";
    String body =
        runner(1)
            + runner(2).replace("170.2", "anna@example.org")
            + runner(3).replace("60.3", "+44 20 7946 0958")
            + runner(4).replace(",F,", ",Anna Karenina,")
            + runner(5).replace(",5,0,", ",1987-03-04,0,")
            + runner(6).replace(",5,0,", ",\"" + hyperlink + "\",0,")
            + runner(7).replace(",0,runner7", ",\"" + hyperlink + "\",runner7")
            + runner(8).replace("170.8", "987.6");
    Map<String, String> files = exportWith(body);
    files.put(
        "injuries.csv",
        "participant_id,onset_date,side,diagnosis,return_to_run_date\n"
            + "R001,2024-09-01,L,Dr John Watson,\n"
            + "R002,29/02/1980,R,ITBS,\n");
    ContributionResult r = contribute(files);

    String sent = allBytes(r.submission());
    for (String injected :
        List.of(
            "anna@example.org",
            "+44 20 7946 0958",
            "Anna Karenina",
            "1987-03-04",
            "HYPERLINK",
            "http://x",
            "Watson",
            "29/02/1980",
            "987.6")) {
      assertThat(sent).as(injected).doesNotContain(injected);
    }
    assertThat(sent).contains("[withheld: type]").contains("[withheld: allowed_values]");
    // The out-of-range height is withheld too (counted below), but height_cm itself is not
    // released: its runner's bmi is sent empty, so no range marker travels.
    assertThat(r.manifest().file("participants.csv").rows()).isEqualTo(8);
    assertThat(r.manifest().withheld("participants.csv").values())
        .containsEntry("type", 5L)
        .containsEntry("allowed_values", 1L)
        .containsEntry("range", 1L);
    assertThat(r.manifest().withheld("injuries.csv").values())
        .containsEntry("allowed_values", 1L)
        .containsEntry("type", 1L);

    List<String> report = Files.readAllLines(r.report().resolve("withheld.csv"), UTF_8);
    assertThat(report.get(0)).isEqualTo(ClinicReport.WITHHELD_HEADER);
    assertThat(report)
        .anySatisfy(l -> assertThat(l).startsWith("participants.csv,3,").contains("height_cm"))
        .anySatisfy(l -> assertThat(l).startsWith("participants.csv,4,").contains("mass_kg"))
        .anySatisfy(l -> assertThat(l).startsWith("participants.csv,5,").contains(",sex,"))
        .anySatisfy(l -> assertThat(l).startsWith("participants.csv,6,").contains("running_years"))
        .anySatisfy(l -> assertThat(l).startsWith("participants.csv,7,").contains("'=HYPERLINK"))
        .anySatisfy(l -> assertThat(l).startsWith("participants.csv,8,").contains("prior_itbs"))
        .anySatisfy(l -> assertThat(l).startsWith("injuries.csv,2,").contains("Watson"))
        .anySatisfy(l -> assertThat(l).startsWith("injuries.csv,3,").contains("29/02/1980"));
    assertThat(report).noneMatch(l -> l.contains(",=") || l.contains(",\"="));
    String html = Files.readString(r.report().resolve("report.html"), UTF_8);
    assertThat(html)
        .contains("Anna Karenina")
        .contains("=HYPERLINK(&quot;http://x&quot;)")
        .contains("leading apostrophe")
        .doesNotContain("<script");
    assertThat(r.report().getParent()).isEqualTo(r.submission().toAbsolutePath().getParent());
    try (Stream<Path> s = Files.list(r.submission())) {
      assertThat(s.map(x -> x.getFileName().toString()))
          .doesNotContain("withheld.csv", "lines.csv", "report.html");
    }
  }

  @Test
  void rowsAreSentSortedByPseudonymNotInExportOrderAndLinesCsvMapsThemBack() throws Exception {
    StringBuilder body = new StringBuilder();
    for (int i = 1; i <= 30; i++) {
      body.append(runner(i));
    }
    ContributionResult r = contribute(exportWith(body.toString()));
    List<String[]> out = ContributeFixtures.read(r.submission().resolve("participants.csv"));
    List<String> ids = new ArrayList<>();
    for (String[] row : out.subList(1, out.size())) {
      ids.add(row[0]);
    }
    assertThat(ids).isSorted();
    List<String> expectedInExportOrder = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      expectedInExportOrder.add(
          ContributeFixtures.pseudonym(ContributeFixtures.keyBytes(), String.format("R%03d", i)));
    }
    assertThat(ids).containsExactlyInAnyOrderElementsOf(expectedInExportOrder);
    assertThat(ids).isNotEqualTo(expectedInExportOrder);

    List<String> lines = Files.readAllLines(r.report().resolve("lines.csv"), UTF_8);
    assertThat(lines.get(0)).isEqualTo("file,submission_line,export_line");
    for (String l : lines.subList(1, lines.size())) {
      String[] f = l.split(",");
      if (!f[0].equals("participants.csv")) {
        continue;
      }
      int submissionLine = Integer.parseInt(f[1]);
      int exportLine = Integer.parseInt(f[2]);
      assertThat(ids.get(submissionLine - 2)).isEqualTo(expectedInExportOrder.get(exportLine - 2));
    }
  }

  @Test
  void keyColumnsOrderRowsWithinARunnerNumericallyNotAsText() throws Exception {
    Map<String, String> files = ContributeFixtures.export();
    files.put(
        "gait_frames.csv",
        "participant_id,session_date,trial,side,frame,event,hip_adduction_deg,pelvic_drop_deg,"
            + "knee_flexion_deg,knee_internal_rotation_deg,ankle_dorsiflexion_deg\n"
            + "P001,2024-06-16,1,L,10,,1,1,1,1,1\n"
            + "P001,2024-06-16,1,L,9,,1,1,1,1,1\n"
            + "P001,2024-06-16,1,L,2,,1,1,1,1,1\n");
    ContributionResult r = contribute(files);
    List<String[]> out = ContributeFixtures.read(r.submission().resolve("gait_frames.csv"));
    assertThat(out.subList(1, out.size()).stream().map(x -> x[4]).toList())
        .containsExactly("2", "9", "10");
  }

  @Test
  void allValidExportWithholdsNothingAndWritesAnEmptyReport() throws Exception {
    ContributionResult r = contribute(ContributeFixtures.export());
    assertThat(r.manifest().withheld()).isEmpty();
    assertThat(new String(Files.readAllBytes(r.submission().resolve("manifest.json")), UTF_8))
        .doesNotContain("\"withheld\"");
    assertThat(Files.readAllLines(r.report().resolve("withheld.csv"), UTF_8))
        .containsExactly(ClinicReport.WITHHELD_HEADER);
    assertThat(Files.readString(r.report().resolve("report.html"), UTF_8))
        .contains("every row and value passed");
  }

  @Test
  void multiLineQuotedNotesOfAValidExportStayOneRecord() throws Exception {
    Map<String, String> files = ContributeFixtures.export();
    files.put(
        "participants.csv",
        files
            .get("participants.csv")
            .replace("\"likes hills, often\"", "\"likes hills,\nof\"\"ten\""));
    ContributionResult r = contribute(files);
    assertThat(r.manifest().file("participants.csv").rows()).isEqualTo(3);
    assertThat(r.manifest().withheld()).isEmpty();
  }

  @Test
  void refusesAReportFolderInsideTheSubmission() {
    Path raw = ContributeFixtures.write(dir.resolve("raw"), ContributeFixtures.export());
    Contributor c =
        Contributor.builder()
            .site("CLINA")
            .key(ClinicKey.of(ContributeFixtures.keyBytes()))
            .toolVersion("9.9.9-test")
            .build();
    assertThatThrownBy(() -> c.contribute(raw, dir.resolve("out"), dir.resolve("out/report")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inside the submission");
  }
}
