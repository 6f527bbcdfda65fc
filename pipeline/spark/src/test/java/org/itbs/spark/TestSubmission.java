package org.itbs.spark;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.itbs.core.submission.FileScan;
import org.itbs.core.submission.SubmissionManifest;

/**
 * Builds small anonymised submissions for tests: files written byte for byte as given, and a
 * manifest ({@link SubmissionManifest}, as itbs contribute writes it) whose checksums match them
 * (unless a test spoils one on purpose).
 */
public final class TestSubmission {
  /** Pseudonyms of the fixture's runners. */
  public static final String P1 = "aaaaaaaaaaaaaaaaaaa1";

  public static final String P2 = "aaaaaaaaaaaaaaaaaaa2";
  public static final String P3 = "aaaaaaaaaaaaaaaaaaa3";

  private final Map<String, byte[]> files = new LinkedHashMap<>();
  private String site = "CLINA";
  private String created = "2026-01-01T00:00:00Z";
  private String keyFingerprint = "0000000000000000";

  /** A valid submission of three runners, every required file present, no gait frames. */
  public static TestSubmission valid() {
    TestSubmission s = new TestSubmission();
    s.put(
        "participants.csv",
        "participant_id,sex,age_years,enrolment_date,followup_end_date,bmi,running_years,prior_itbs\n"
            + P1
            + ",F,34,2024-03-04,2025-03-03,21.2,5,0\n"
            + P2
            + ",M,41,2024-03-11,2025-06-30,23.3,,1\n"
            + P3
            + ",F,29,2024-04-01,2025-04-01,21,2,0\n");
    s.put(
        "assessments.csv",
        "participant_id,assessment_date,side,hip_abduction_torque_nm_kg,hip_external_rotation_torque_nm_kg,dorsiflexion_lunge_cm\n"
            + P1
            + ",2024-03-04,L,1.41,0.45,11.5\n"
            + P1
            + ",2024-03-04,R,1.45,,11.9\n"
            + P2
            + ",2024-03-11,left,1.62,0.50,10.0\n"
            + P2
            + ",2024-03-11,RIGHT,1.60,0.52,10.4\n");
    s.put(
        "training_weeks.csv",
        "participant_id,week_start,distance_km,duration_h,maintenance_sessions\n"
            + P1
            + ",2024-03-04,30.5,2.9,2\n"
            + P1
            + ",2024-03-11,32.0,3.0,1\n"
            + P2
            + ",2024-03-11,45.0,3.8,0\n"
            + P3
            + ",2024-04-01,20.0,2.1,3\n");
    s.put(
        "injuries.csv",
        "participant_id,onset_date,side,diagnosis,return_to_run_date\n"
            + P1
            + ",2024-09-10,L,ITBS,2024-10-20\n"
            + P2
            + ",2024-05-01,B,PFPS,\n");
    return s;
  }

  /** Sets a file's text (UTF-8). */
  public TestSubmission put(String file, String text) {
    files.put(file, text.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** Sets a file's bytes. */
  public TestSubmission putBytes(String file, byte[] bytes) {
    files.put(file, bytes);
    return this;
  }

  /** Removes a file. */
  public TestSubmission remove(String file) {
    files.remove(file);
    return this;
  }

  /** Sets the site. */
  public TestSubmission site(String s) {
    this.site = s;
    return this;
  }

  /** Sets the key fingerprint stated in the manifest (changes the submission id). */
  public TestSubmission keyFingerprint(String fingerprint) {
    this.keyFingerprint = fingerprint;
    return this;
  }

  /** Sets the creation time stated in the manifest (changes the submission id). */
  public TestSubmission created(String c) {
    this.created = c;
    return this;
  }

  /** Writes the files and a matching manifest into {@code dir} (created). */
  public Path writeTo(Path dir) {
    try {
      Files.createDirectories(dir);
      List<SubmissionManifest.FileEntry> entries = new ArrayList<>();
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        Files.write(dir.resolve(e.getKey()), e.getValue());
        byte[] b = e.getValue();
        entries.add(
            new SubmissionManifest.FileEntry(
                e.getKey(),
                e.getKey().replaceFirst("\\.csv$", ""),
                dataRows(b),
                b.length,
                sha256(b)));
      }
      SubmissionManifest m =
          new SubmissionManifest(
              "cef-1-submission",
              "cef-1",
              site,
              Instant.parse(created),
              "test",
              keyFingerprint,
              entries);
      Files.write(dir.resolve("manifest.json"), m.toJson());
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes the submission as a zip, its files inside {@code topFolder} (or at the root if null).
   */
  public Path writeZip(Path zip, Path scratch, String topFolder) {
    Path dir = writeTo(scratch);
    try (OutputStream out = Files.newOutputStream(zip);
        ZipOutputStream z = new ZipOutputStream(out)) {
      for (Path p : Files.list(dir).sorted().toList()) {
        String name = (topFolder == null ? "" : topFolder + "/") + p.getFileName();
        z.putNextEntry(new ZipEntry(name));
        z.write(Files.readAllBytes(p));
        z.closeEntry();
      }
      return zip;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Data rows as ingest counts them; header-less line count for bytes that are not UTF-8. */
  private static long dataRows(byte[] b) {
    try {
      return FileScan.scan(new ByteArrayInputStream(b), 1 << 20).records();
    } catch (FileScan.NotUtf8Exception | FileScan.RefusedException e) {
      long n = 0;
      for (byte x : b) {
        n += x == '\n' ? 1 : 0;
      }
      return Math.max(0, n - 1);
    }
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** SHA-256 of every file under {@code root}, by relative path: a lake's bytes, for comparing. */
  public static Map<String, String> treeHashes(Path root) {
    Map<String, String> out = new java.util.TreeMap<>();
    if (!Files.exists(root)) {
      return out;
    }
    try (var w = Files.walk(root)) {
      for (Path p : w.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p).toString(), sha256(Files.readAllBytes(p)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
