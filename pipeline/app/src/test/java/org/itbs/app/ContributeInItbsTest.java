package org.itbs.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.itbs.contribute.ClinicKey;
import org.itbs.core.submission.SubmissionManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code itbs keygen} and {@code itbs contribute} still work from the {@code itbs} command line,
 * which registers the clinic's commands (org.itbs.contribute.cli, tested in pipeline/contribute).
 */
class ContributeInItbsTest {
  @TempDir Path dir;

  private Path export() throws Exception {
    Path raw = Files.createDirectories(dir.resolve("export"));
    Files.writeString(
        raw.resolve("participants.csv"),
        "participant_id,name,sex,birth_date,enrolment_date,followup_end_date,height_cm,"
            + "mass_kg,prior_itbs\n"
            + "P1,Ann,F,1990-06-15,2024-06-14,2025-06-14,168,60,0\n",
        UTF_8);
    Files.writeString(
        raw.resolve("assessments.csv"),
        "participant_id,assessment_date,side,hip_abduction_torque_nm_kg,dorsiflexion_lunge_cm\n"
            + "P1,2024-06-31,L,1.7,11.9\n",
        UTF_8);
    Files.writeString(
        raw.resolve("training_weeks.csv"),
        "participant_id,week_start,distance_km,duration_h,maintenance_sessions\n"
            + "P1,2024-06-10,30,2.5,4\n",
        UTF_8);
    Files.writeString(
        raw.resolve("injuries.csv"),
        "participant_id,onset_date,side,diagnosis,return_to_run_date\n",
        UTF_8);
    return raw;
  }

  @Test
  void keygenAndContributeRunUnderItbsWithItsOneLineErrors() throws Exception {
    Path key = dir.resolve("clinic.key");
    CliRun keygen = CliRun.of("keygen", "--out", key.toString());
    assertThat(keygen.status()).isZero();
    assertThat(keygen.out()).contains(ClinicKey.read(key).fingerprint());
    CliRun again = CliRun.of("keygen", "--out", key.toString());
    assertThat(again.status()).isEqualTo(2);
    assertThat(again.err()).startsWith("itbs keygen:").contains("already exists");

    Path out = dir.resolve("submission");
    CliRun r =
        CliRun.of(
            "contribute",
            export().toString(),
            "--site",
            "CLINA",
            "--key-file",
            key.toString(),
            "--out",
            out.toString(),
            "--created",
            "2025-03-14T09:00:00Z");
    assertThat(r.status()).as(r.err()).isZero();
    SubmissionManifest m = SubmissionManifest.read(out.resolve("manifest.json"));
    assertThat(m.toolVersion()).isEqualTo(Itbs.version());
    assertThat(r.out())
        .startsWith("wrote submission " + out + " (site CLINA, created 2025-03-14T09:00:00Z")
        .contains("withheld at the clinic: 0 row(s), 1 value(s)");
    assertThat(Files.readString(Path.of(out + ".clinic-report", "withheld.csv"), UTF_8))
        .contains("assessments.csv,2,2,assessment_date,2024-06-31,type,");

    CliRun site =
        CliRun.of(
            "contribute",
            export().toString(),
            "--site",
            "clin-a",
            "--key-file",
            key.toString(),
            "--out",
            dir.resolve("x").toString());
    assertThat(site.status()).isEqualTo(2);
    assertThat(site.err()).startsWith("itbs contribute: site 'clin-a'");
    assertThat(site.err().strip()).doesNotContain("\n");
  }
}
