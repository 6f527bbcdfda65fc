package org.itbs.contribute.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.itbs.contribute.ClinicKey;
import org.itbs.core.Version;
import org.itbs.core.submission.SubmissionManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code itbs-clinic keygen} and {@code itbs-clinic contribute}, run in this JVM. */
class ContributeCommandTest {
  @TempDir Path dir;

  private Path export() throws Exception {
    Path raw = Files.createDirectories(dir.resolve("export"));
    Map<String, String> files =
        Map.of(
            "participants.csv",
            "participant_id,name,sex,birth_date,enrolment_date,followup_end_date,height_cm,"
                + "mass_kg,prior_itbs\n"
                + "P1,Ann,F,1990-06-15,2024-06-14,2025-06-14,168,60,0\n",
            "assessments.csv",
            "participant_id,assessment_date,side,hip_abduction_torque_nm_kg,"
                + "dorsiflexion_lunge_cm\n"
                + "P1,2024-06-31,L,1.7,11.9\n",
            "training_weeks.csv",
            "participant_id,week_start,distance_km,duration_h,maintenance_sessions\n"
                + "P1,2024-06-10,30,2.5,4\n",
            "injuries.csv",
            "participant_id,onset_date,side,diagnosis,return_to_run_date\n");
    for (Map.Entry<String, String> f : files.entrySet()) {
      Files.writeString(raw.resolve(f.getKey()), f.getValue(), UTF_8);
    }
    return raw;
  }

  @Test
  void keygenWritesAKeyOnceAndRefusesToOverwriteIt() throws Exception {
    Path key = dir.resolve("clinic.key");
    ClinicRun first = ClinicRun.of("keygen", "--out", key.toString());
    assertThat(first.status()).isZero();
    assertThat(Files.readString(key)).matches("itbs-key-v1:[0-9a-f]{64}:[0-9a-f]{8}\n");
    assertThat(first.out()).contains(ClinicKey.read(key).fingerprint());
    byte[] before = Files.readAllBytes(key);
    ClinicRun again = ClinicRun.of("keygen", "--out", key.toString());
    assertThat(again.status()).isEqualTo(2);
    assertThat(again.err()).contains("itbs-clinic keygen:").contains("already exists");
    assertThat(Files.readAllBytes(key)).isEqualTo(before);
  }

  @Test
  void contributeWritesTheSubmissionAndListsWarningsOnStandardError() throws Exception {
    Path key = dir.resolve("clinic.key");
    assertThat(ClinicRun.of("keygen", "--out", key.toString()).status()).isZero();
    Path out = dir.resolve("submission");
    ClinicRun r =
        ClinicRun.of(
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
    assertThat(m.site()).isEqualTo("CLINA");
    assertThat(m.created()).hasToString("2025-03-14T09:00:00Z");
    assertThat(m.toolVersion()).isEqualTo(Version.current());
    assertThat(m.keyFingerprint()).isEqualTo(ClinicKey.read(key).fingerprint());
    assertThat(m.files()).extracting(SubmissionManifest.FileEntry::rows).containsOnly(1L, 0L);
    assertThat(r.out())
        .contains("participants.csv")
        .contains("withheld at the clinic: 0 row(s), 1 value(s)")
        .contains(out + ".clinic-report");
    assertThat(Files.readString(Path.of(out + ".clinic-report", "withheld.csv"), UTF_8))
        .contains("assessments.csv,2,2,assessment_date,2024-06-31,type,");
    assertThat(r.out())
        .contains(
            "re-identification risk within the site, on sex, age_years, bmi (whole units),"
                + " running_years, prior_itbs:")
        .contains(
            "1 runners, smallest class k = 1, 1 runners (100.0%) in classes smaller than 5,"
                + " highest risk 1/k = 1.000");
    assertThat(m.disclosureRisk().kMin()).isEqualTo(1);
    assertThat(Files.readString(out.resolve("participants.csv"), UTF_8))
        .doesNotContain("P1")
        .doesNotContain("Ann");
  }

  @Test
  void contributeRefusesABadSiteOrCreatedAsABadArgument() throws Exception {
    Path key = dir.resolve("clinic.key");
    assertThat(ClinicRun.of("keygen", "--out", key.toString()).status()).isZero();
    String raw = export().toString();
    ClinicRun site =
        ClinicRun.of(
            "contribute", raw, "--site", "clin-a", "--key-file", key.toString(), "--out", "x");
    assertThat(site.status()).isEqualTo(2);
    assertThat(site.err()).contains("itbs-clinic contribute: site 'clin-a'");
    ClinicRun created =
        ClinicRun.of(
            "contribute",
            raw,
            "--site",
            "CLINA",
            "--key-file",
            key.toString(),
            "--out",
            "x",
            "--created",
            "yesterday");
    assertThat(created.status()).isEqualTo(2);
    assertThat(created.err()).contains("--created must be an ISO-8601 UTC instant");
    assertThat(dir.resolve("x")).doesNotExist();
  }

  @Test
  void aFailureIsOneLineAndTheStackTraceComesOnlyWithDebug() throws Exception {
    Path key = dir.resolve("clinic.key");
    assertThat(ClinicRun.of("keygen", "--out", key.toString()).status()).isZero();
    String[] args = {
      "contribute",
      export().toString(),
      "--site",
      "clin-a",
      "--key-file",
      key.toString(),
      "--out",
      "x"
    };
    ClinicRun plain = ClinicRun.of(args);
    assertThat(plain.status()).isEqualTo(2);
    assertThat(plain.err().strip()).doesNotContain("\n").doesNotContain("\tat ");
    String[] debugArgs = java.util.Arrays.copyOf(args, args.length + 1);
    debugArgs[args.length] = "--debug";
    try {
      ClinicRun debug = ClinicRun.of(debugArgs);
      assertThat(debug.status()).isEqualTo(2);
      assertThat(debug.err())
          .startsWith(plain.err().strip())
          .contains("IllegalArgumentException")
          .contains("\tat org.itbs.");
    } finally {
      System.clearProperty(org.itbs.core.Settings.DEBUG.property());
    }
  }

  @Test
  void contributeRefusesAShortKeyAndAnExportWithoutARequiredFile() throws Exception {
    Path shortKey = dir.resolve("short.key");
    Files.write(shortKey, new byte[16]);
    Path raw = export();
    ClinicRun r =
        ClinicRun.of(
            "contribute",
            raw.toString(),
            "--site",
            "CLINA",
            "--key-file",
            shortKey.toString(),
            "--out",
            dir.resolve("o1").toString());
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("not a key made by itbs keygen");
    Path key = dir.resolve("clinic.key");
    assertThat(ClinicRun.of("keygen", "--out", key.toString()).status()).isZero();
    Files.delete(raw.resolve("training_weeks.csv"));
    ClinicRun missing =
        ClinicRun.of(
            "contribute",
            raw.toString(),
            "--site",
            "CLINA",
            "--key-file",
            key.toString(),
            "--out",
            dir.resolve("o2").toString());
    assertThat(missing.status()).isEqualTo(1);
    assertThat(missing.err()).contains("training_weeks.csv: required file is missing");
    assertThat(dir.resolve("o2")).doesNotExist();
  }

  @Test
  void contributeRefusesAHandMadeKeyAndAnOldRawKeyInOneLineWithTheKeygenAdvice() throws Exception {
    Path raw = export();
    Path handMade = dir.resolve("WK");
    Files.writeString(handMade, "passwordpasswordpasswordpassword");
    Path old = dir.resolve("old.key");
    byte[] rawKey = new byte[32];
    new java.security.SecureRandom().nextBytes(rawKey);
    Files.write(old, rawKey);
    for (Path key : List.of(handMade, old)) {
      ClinicRun r =
          ClinicRun.of(
              "contribute",
              raw.toString(),
              "--site",
              "CLINA",
              "--key-file",
              key.toString(),
              "--out",
              dir.resolve("o-" + key.getFileName()).toString());
      assertThat(r.status()).isEqualTo(2);
      assertThat(r.err().strip())
          .startsWith("itbs-clinic contribute: key file " + key)
          .contains("itbs keygen --out")
          .doesNotContain("\n");
      assertThat(dir.resolve("o-" + key.getFileName())).doesNotExist();
    }
  }

  @Test
  void contributeRefusesAKeyFileWithACorruptChecksum() throws Exception {
    Path key = dir.resolve("clinic.key");
    assertThat(ClinicRun.of("keygen", "--out", key.toString()).status()).isZero();
    String text = Files.readString(key);
    int crcStart = text.lastIndexOf(':') + 1;
    char c = text.charAt(crcStart);
    Files.writeString(
        key, text.substring(0, crcStart) + (c == 'f' ? 'e' : 'f') + text.substring(crcStart + 1));
    ClinicRun r =
        ClinicRun.of(
            "contribute",
            export().toString(),
            "--site",
            "CLINA",
            "--key-file",
            key.toString(),
            "--out",
            dir.resolve("o").toString());
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("key file " + key + " is damaged: its checksum");
  }

  @Test
  void keygenPrintsTheFingerprintAndWritesTheVersionedOneLineFormat() throws Exception {
    Path key = dir.resolve("clinic.key");
    ClinicRun r = ClinicRun.of("keygen", "--out", key.toString());
    assertThat(r.status()).isZero();
    String text = Files.readString(key, UTF_8);
    assertThat(text).matches("itbs-key-v1:[0-9a-f]{64}:[0-9a-f]{8}\n");
    assertThat(r.out())
        .contains("fingerprint " + ClinicKey.read(key).fingerprint())
        .doesNotContain(text.substring(12, 76));
  }

  @Test
  void contributeWithKAnonymityRecordsThePolicyAndWarnsWhenKIsNotReached() throws Exception {
    Path key = dir.resolve("clinic.key");
    assertThat(ClinicRun.of("keygen", "--out", key.toString()).status()).isZero();
    Path out = dir.resolve("submission");
    ClinicRun r =
        ClinicRun.of(
            "contribute",
            export().toString(),
            "--site",
            "CLINA",
            "--key-file",
            key.toString(),
            "--out",
            out.toString(),
            "--k-anonymity",
            "5");
    assertThat(r.status()).as(r.err()).isZero();
    SubmissionManifest m = SubmissionManifest.read(out.resolve("manifest.json"));
    assertThat(m.disclosureRisk().policy().kAnonymity()).isEqualTo(5);
    assertThat(m.disclosureRisk().policy().withheldRunners()).isEqualTo(1);
    assertThat(r.out())
        .contains("--k-anonymity 5: 1 runners' age, BMI and running years withheld")
        .contains("warning: k = 5 not reached (smallest class 1)");
  }
}
