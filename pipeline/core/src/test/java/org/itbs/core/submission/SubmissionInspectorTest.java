package org.itbs.core.submission;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.itbs.core.dictionary.Dictionary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inspector reads manifest.json through {@link SubmissionManifest}, the format's one reader.
 */
class SubmissionInspectorTest {
  @TempDir Path dir;

  private static final String P = "0123456789abcdef0123";

  private static Map<String, String> files() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put(
        "participants.csv",
        "participant_id,sex,age_years,enrolment_date,followup_end_date,bmi,prior_itbs\n"
            + P
            + ",F,34,2024-03-04,2025-03-03,21.2,0\n");
    f.put(
        "assessments.csv",
        "participant_id,assessment_date,side,hip_abduction_torque_nm_kg,dorsiflexion_lunge_cm\n");
    f.put(
        "training_weeks.csv",
        "participant_id,week_start,distance_km,duration_h,maintenance_sessions\n");
    f.put("injuries.csv", "participant_id,onset_date,side,diagnosis\n");
    return f;
  }

  private Path write(Map<String, String> files, String site) throws Exception {
    return write(files, site, Map.of());
  }

  private Path write(
      Map<String, String> files, String site, Map<String, SubmissionManifest.Withheld> withheld)
      throws Exception {
    Path sub = Files.createDirectories(dir.resolve("sub"));
    List<SubmissionManifest.FileEntry> entries = new ArrayList<>();
    for (Map.Entry<String, String> e : files.entrySet()) {
      byte[] b = e.getValue().getBytes(UTF_8);
      Files.write(sub.resolve(e.getKey()), b);
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
      entries.add(
          new SubmissionManifest.FileEntry(
              e.getKey(),
              e.getKey().replace(".csv", ""),
              FileScan.scan(new ByteArrayInputStream(b), 1 << 20).records(),
              b.length,
              sha));
    }
    SubmissionManifest m =
        new SubmissionManifest(
            "cef-1-submission",
            "cef-1",
            site,
            Instant.parse("2025-01-01T00:00:00Z"),
            "test",
            "0123456789abcdef",
            entries,
            withheld);
    Files.write(sub.resolve("manifest.json"), m.toJson());
    return sub;
  }

  @Test
  void acceptsASubmissionWhoseManifestMatchesItsFiles() throws Exception {
    Path sub = write(files(), "CLINA");
    InspectedSubmission s = new SubmissionInspector(Dictionary.submission()).inspect("sub", sub);
    assertThat(s.site()).isEqualTo("CLINA");
    assertThat(s.created()).isEqualTo("2025-01-01T00:00:00Z");
    assertThat(s.id())
        .isEqualTo(
            SubmissionInspector.submissionId(Files.readAllBytes(sub.resolve("manifest.json"))));
    assertThat(s.files()).extracting(FilePlan::fileName).contains("participants.csv");
  }

  @Test
  void carriesWhatTheClinicWithheldAsTheManifestCountsIt() throws Exception {
    SubmissionManifest.Withheld w =
        new SubmissionManifest.Withheld(Map.of("unbalanced_quote", 1L), Map.of("range", 2L));
    Path sub = write(files(), "CLINA", Map.of("participants.csv", w));
    InspectedSubmission s = new SubmissionInspector(Dictionary.submission()).inspect("sub", sub);
    assertThat(s.withheld()).containsExactly(Map.entry("participants.csv", w));
    assertThat(s.withheld("participants.csv").rowCount()).isEqualTo(1);
    assertThat(s.withheld("injuries.csv")).isEqualTo(SubmissionManifest.Withheld.NONE);
    Path plain = dir.resolve("plain");
    Files.move(write(files(), "CLINA"), plain);
    assertThat(new SubmissionInspector(Dictionary.submission()).inspect("p", plain).withheld())
        .isEmpty();
  }

  @Test
  void refusesWithheldCountsOfAFileTheSubmissionDoesNotList() throws Exception {
    Path sub =
        write(
            files(),
            "CLINA",
            Map.of(
                "contacts.csv",
                new SubmissionManifest.Withheld(Map.of("field_count", 4L), Map.of())));
    assertThat(refusal(sub).getMessage())
        .isEqualTo(
            "submission sub refused, nothing stored: manifest.json: withheld counts rows of"
                + " contacts.csv, which is not a file of the submission (withheld names only"
                + " listed files)");
  }

  @Test
  void refusesAManifestThatIsNotOneWithTheParsersWords() throws Exception {
    Path sub = write(files(), "CLINA");
    Path m = sub.resolve("manifest.json");
    Files.writeString(
        m, Files.readString(m, UTF_8).replace("\"tool_version\" : \"test\",", ""), UTF_8);
    assertThatThrownBy(() -> new SubmissionInspector(Dictionary.submission()).inspect("sub", sub))
        .isInstanceOf(SubmissionRejectedException.class)
        .hasMessage(
            "submission sub refused, nothing stored: manifest.json: tool_version is missing or"
                + " not a string");
  }

  @Test
  void refusesABadSiteAndAChangedFileTogether() throws Exception {
    Path sub = write(files(), "clin-a");
    Files.writeString(sub.resolve("injuries.csv"), "participant_id,onset_date,side,diagnosis\n\n");
    assertThatThrownBy(() -> new SubmissionInspector(Dictionary.submission()).inspect("sub", sub))
        .isInstanceOf(SubmissionRejectedException.class)
        .hasMessageContaining("manifest.json: site 'clin-a' does not match [A-Z0-9]{3,12}")
        .hasMessageContaining("injuries.csv: SHA-256 ");
  }

  private static SubmissionRejectedException refusal(Path sub) {
    try {
      new SubmissionInspector(Dictionary.submission()).inspect("sub", sub);
    } catch (SubmissionRejectedException e) {
      return e;
    }
    throw new AssertionError("submission was accepted");
  }

  private static void edit(Path manifest, String from, String to) throws Exception {
    String json = Files.readString(manifest, UTF_8);
    assertThat(json).contains(from);
    Files.writeString(manifest, json.replace(from, to), UTF_8);
  }

  @Test
  void refusesAManifestWhoseRowCountIsNotTheFilesDataRowsNamingBothCounts() throws Exception {
    Path sub = write(files(), "CLINA");
    edit(sub.resolve("manifest.json"), "\"rows\" : 1,", "\"rows\" : 9999,");
    SubmissionRejectedException e = refusal(sub);
    assertThat(e.getMessage())
        .isEqualTo(
            "submission sub refused, nothing stored: participants.csv: rows 9999 in manifest.json"
                + " does not match the file's 1 data rows");
  }

  @Test
  void refusesAManifestCreatedYesterdayInsteadOfAnInstant() throws Exception {
    Path sub = write(files(), "CLINA");
    edit(sub.resolve("manifest.json"), "\"2025-01-01T00:00:00Z\"", "\"yesterday\"");
    assertThat(refusal(sub).getMessage())
        .isEqualTo(
            "submission sub refused, nothing stored: manifest.json: created 'yesterday' is not an"
                + " ISO-8601 UTC instant such as 2025-03-14T09:00:00Z");
  }

  @Test
  void refusesAManifestWithABadToolVersionOrKeyFingerprint() throws Exception {
    Path sub = write(files(), "CLINA");
    edit(sub.resolve("manifest.json"), "\"test\"", "\"test; rm -rf /\"");
    assertThat(refusal(sub).getMessage())
        .startsWith(
            "submission sub refused, nothing stored: manifest.json: tool_version 'test; rm -rf /'"
                + " does not match ");
    Path other = dir.resolve("other");
    Files.move(sub, other);
    Path sub2 = write(files(), "CLINA");
    edit(sub2.resolve("manifest.json"), "\"0123456789abcdef\"", "\"password\"");
    assertThat(refusal(sub2).getMessage())
        .isEqualTo(
            "submission sub refused, nothing stored: manifest.json: key_fingerprint 'password'"
                + " does not match [0-9a-f]{16}");
  }
}
