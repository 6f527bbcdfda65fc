package org.itbs.core.submission;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    Path sub = Files.createDirectories(dir.resolve("sub"));
    List<SubmissionManifest.FileEntry> entries = new ArrayList<>();
    for (Map.Entry<String, String> e : files.entrySet()) {
      byte[] b = e.getValue().getBytes(UTF_8);
      Files.write(sub.resolve(e.getKey()), b);
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
      entries.add(
          new SubmissionManifest.FileEntry(
              e.getKey(), e.getKey().replace(".csv", ""), 0, b.length, sha));
    }
    SubmissionManifest m =
        new SubmissionManifest(
            "cef-1-submission",
            "cef-1",
            site,
            Instant.parse("2025-01-01T00:00:00Z"),
            "test",
            "0123456789abcdef",
            entries);
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
}
