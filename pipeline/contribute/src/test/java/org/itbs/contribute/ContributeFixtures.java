package org.itbs.contribute;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.itbs.core.csv.CsvReader;
import org.itbs.core.csv.CsvRecord;

/** A small cef-1 export written by the tests, and an independent pseudonym computation. */
final class ContributeFixtures {
  private ContributeFixtures() {}

  /** A fixed 32-byte key: 0, 1, …, 31. */
  static byte[] keyBytes() {
    byte[] b = new byte[32];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) i;
    }
    return b;
  }

  /** Another fixed 32-byte key. */
  static byte[] otherKeyBytes() {
    byte[] b = new byte[32];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (200 - i);
    }
    return b;
  }

  /** The export's files by name. */
  static Map<String, String> export() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put(
        "participants.csv",
        "participant_id,Name,sex,birth_date,enrolment_date,followup_end_date,height_cm,mass_kg,"
            + "running_years,prior_itbs, Email ,PHONE,notes\n"
            + "P001,Ann Smith,F,1990-06-15,2024-06-14,2025-06-14,168.0,60.5,NA,0,"
            + "ann@example.org,+44 1234,\"likes hills, often\"\n"
            + "P002,Bob Jones,M,1990-06-15,2024-06-15,2025-06-15,180.2,75.0,10,1,"
            + "bob@example.org,+44 5678,\n"
            + "P003,Cy Young,F,1985-02-28,2024-02-27,2025-02-27,170,65,,0,cy@example.org,+44 9,\n");
    f.put(
        "assessments.csv",
        "participant_id,assessment_date,side,hip_abduction_torque_nm_kg,"
            + "hip_external_rotation_torque_nm_kg,dorsiflexion_lunge_cm\n"
            + "P001,2024-06-10,L,1.7,0.4,11.9\n"
            + "P001,2024-06-10,R,1.8,0.5,12.1\n"
            + "P002,2024-06-17,left,1.6,NA,10.0\n"
            + "P003,2024-02-20,R,1.5,0.3,9.5\n");
    f.put(
        "gait_frames.csv",
        "participant_id,session_date,trial,side,frame,event,hip_adduction_deg,pelvic_drop_deg,"
            + "knee_flexion_deg,knee_internal_rotation_deg,ankle_dorsiflexion_deg\n"
            + "P001,2024-06-16,1,L,0,FS,-0.1,0.3,19.9,0.1,-0.1\n"
            + "P001,2024-06-16,1,L,1,,0.8,0.4,21.3,0.3,0.6\n"
            + "P001,2024-06-16,1,L,2,TO,0.9,0.5,22.0,0.4,0.7\n"
            + "P002,2024-06-20,1,R,0,FS,1,1,1,1,1\n");
    f.put(
        "training_weeks.csv",
        "participant_id,week_start,distance_km,duration_h,maintenance_sessions\n"
            + "P001,2024-06-10,30.4,2.5,4\n"
            + "P001,2024-06-17,24.1,2.24,6\n"
            + "P002,2024-06-10,40,3,2\n"
            + "P003,2024-02-26,20,2,1\n");
    f.put(
        "injuries.csv",
        "participant_id,onset_date,side,diagnosis,return_to_run_date\n"
            + "P001,2025-01-08,L,ITBS,2025-02-13\n"
            + "P002,2025-03-01,R,PFPS,\n");
    return f;
  }

  /** Writes the files into a new folder {@code dir}. */
  static Path write(Path dir, Map<String, String> files) {
    try {
      Files.createDirectories(dir);
      for (Map.Entry<String, String> e : files.entrySet()) {
        Files.writeString(dir.resolve(e.getKey()), e.getValue(), UTF_8);
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the files into a zip, each name prefixed by {@code folder} (may be empty). */
  static Path zip(Path zipFile, String folder, Map<String, String> files) {
    try (OutputStream out = Files.newOutputStream(zipFile);
        ZipOutputStream z = new ZipOutputStream(out)) {
      if (!folder.isEmpty()) {
        z.putNextEntry(new ZipEntry(folder));
        z.closeEntry();
      }
      for (Map.Entry<String, String> e : files.entrySet()) {
        ZipEntry entry = new ZipEntry(folder + e.getKey());
        entry.setLastModifiedTime(FileTime.from(Instant.parse("2025-05-06T07:08:09Z")));
        z.putNextEntry(entry);
        z.write(e.getValue().getBytes(UTF_8));
        z.closeEntry();
      }
      return zipFile;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Header and records of a CSV file, read with the project's reader. */
  static List<String[]> read(Path file) {
    try {
      byte[] b = Files.readAllBytes(file);
      try (CsvReader r = CsvReader.open(new ByteArrayInputStream(b))) {
        List<String[]> rows = new ArrayList<>();
        rows.add(r.header());
        for (CsvRecord rec : r) {
          rows.add(rec.fields());
        }
        return rows;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Header and records of a submission file in the export's row order: the submission is sorted by
   * pseudonym ({@link SortedRows}), so its rows are put back in export order through the clinic
   * report's {@code lines.csv} (file, submission_line, export_line). Rows withheld whole at the
   * clinic are not in the submission and so not in the list.
   */
  static List<String[]> readInExportOrder(ContributionResult r, String file) {
    Map<Long, Long> exportLineOf = new java.util.HashMap<>();
    List<String[]> lines = read(r.report().resolve("lines.csv"));
    for (String[] l : lines.subList(1, lines.size())) {
      if (l[0].equals(file)) {
        exportLineOf.put(Long.parseLong(l[1]), Long.parseLong(l[2]));
      }
    }
    try (CsvReader reader =
        CsvReader.open(
            new ByteArrayInputStream(Files.readAllBytes(r.submission().resolve(file))))) {
      List<String[]> rows = new ArrayList<>();
      rows.add(reader.header());
      java.util.TreeMap<Long, String[]> byExportLine = new java.util.TreeMap<>();
      for (CsvRecord rec : reader) {
        Long exportLine = exportLineOf.get(rec.line());
        if (exportLine == null) {
          throw new AssertionError(file + " line " + rec.line() + " is not in lines.csv");
        }
        byExportLine.put(exportLine, rec.fields());
      }
      if (byExportLine.size() != exportLineOf.size()) {
        throw new AssertionError(
            "lines.csv lists "
                + exportLineOf.size()
                + " rows of "
                + file
                + ", the file holds "
                + byExportLine.size());
      }
      rows.addAll(byExportLine.values());
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The line of the submission file that holds the row of an export line, per lines.csv. */
  static long submissionLine(ContributionResult r, String file, long exportLine) {
    List<String[]> lines = read(r.report().resolve("lines.csv"));
    return lines.subList(1, lines.size()).stream()
        .filter(l -> l[0].equals(file) && Long.parseLong(l[2]) == exportLine)
        .mapToLong(l -> Long.parseLong(l[1]))
        .findFirst()
        .orElseThrow(() -> new AssertionError(file + " export line " + exportLine + " not sent"));
  }

  /** The site of the tests' contributions. */
  static final String SITE = "CLINA";

  /** HMAC-SHA256 of {@code site 0x00 id} under the key, computed directly with javax.crypto. */
  static byte[] hmac(byte[] key, String site, String id) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(site.getBytes(UTF_8));
      mac.update((byte) 0);
      return mac.doFinal(id.getBytes(UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The expected pseudonym at {@link #SITE}: hex of the first 10 HMAC bytes. */
  static String pseudonym(byte[] key, String id) {
    return pseudonym(key, SITE, id);
  }

  /** The expected pseudonym at a site: hex of the first 10 HMAC bytes. */
  static String pseudonym(byte[] key, String site, String id) {
    return HexFormat.of().formatHex(hmac(key, site, id), 0, 10);
  }

  /**
   * The expected shift in weeks at {@link #SITE}: HMAC bytes 10..13 as a big-endian int, mod 105,
   * minus 52.
   */
  static int shiftWeeks(byte[] key, String id) {
    return Math.floorMod(ByteBuffer.wrap(hmac(key, SITE, id), 10, 4).getInt(), 105) - 52;
  }
}
