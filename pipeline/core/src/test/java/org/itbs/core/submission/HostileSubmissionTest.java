package org.itbs.core.submission;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.itbs.core.dictionary.Dictionary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile submissions refused at the door, before anything is unpacked past a limit or sent to a
 * task: each is a {@link SubmissionRejectedException} with a one-line message naming the file and
 * the limit, the raw bytes never in it, and the unpack folder gone. The end-to-end cases (exit
 * status, lake unchanged) are in {@code HostileIngestTest} of pipeline/spark.
 */
class HostileSubmissionTest {
  @TempDir Path dir;

  private static final String P = "0123456789abcdef0123";
  private static final SubmissionLimits LIMITS =
      new SubmissionLimits(64L << 20, 200, 1000, 1L << 20);

  private final AtomicInteger unpacks = new AtomicInteger();

  private static Map<String, byte[]> files() {
    Map<String, byte[]> f = new LinkedHashMap<>();
    f.put(
        "participants.csv",
        ("participant_id,sex,age_years,enrolment_date,followup_end_date,bmi,prior_itbs\n"
                + P
                + ",F,34,2024-03-04,2025-03-03,21.2,0\n")
            .getBytes(UTF_8));
    f.put(
        "assessments.csv",
        "participant_id,assessment_date,side,hip_abduction_torque_nm_kg,dorsiflexion_lunge_cm\n"
            .getBytes(UTF_8));
    f.put(
        "training_weeks.csv",
        "participant_id,week_start,distance_km,duration_h,maintenance_sessions\n".getBytes(UTF_8));
    f.put("injuries.csv", "participant_id,onset_date,side,diagnosis\n".getBytes(UTF_8));
    return f;
  }

  /** A valid submission folder. */
  private Path write(Path sub, Map<String, byte[]> files) throws Exception {
    Files.createDirectories(sub);
    List<SubmissionManifest.FileEntry> entries = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      byte[] b = e.getValue();
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
            "CLINA",
            Instant.parse("2025-01-01T00:00:00Z"),
            "test",
            "0123456789abcdef",
            entries,
            Map.of());
    Files.write(sub.resolve("manifest.json"), m.toJson());
    return sub;
  }

  private Supplier<Path> unpackArea() {
    return () -> {
      unpacks.incrementAndGet();
      try {
        return Files.createDirectories(dir.resolve("lake/_staging/run"));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };
  }

  /** Opens and inspects; the source is closed whatever happens. */
  private InspectedSubmission ingestSide(Path submission) {
    try (SubmissionSource s = SubmissionSource.open(submission, unpackArea(), LIMITS)) {
      return new SubmissionInspector(Dictionary.submission(), 1 << 20, LIMITS.maxLineBytes())
          .inspect(submission.toString(), s.folder());
    }
  }

  private SubmissionRejectedException refusal(Path submission) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> ingestSide(submission));
    assertThat(t).isInstanceOf(SubmissionRejectedException.class);
    assertThat(t.getMessage()).doesNotContain("\n").hasSizeLessThan(600);
    assertThat(leftInStaging()).isEmpty();
    return (SubmissionRejectedException) t;
  }

  private List<Path> leftInStaging() {
    Path staging = dir.resolve("lake/_staging/run");
    if (!Files.exists(staging)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(staging)) {
      return s.toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A zip of the valid submission plus one extra entry of {@code zeros} zero bytes. */
  private Path bomb(long zeros) throws Exception {
    Path src = write(dir.resolve("src"), files());
    Path zip = dir.resolve("bomb.zip");
    try (OutputStream out = Files.newOutputStream(zip);
        ZipOutputStream z = new ZipOutputStream(out)) {
      for (Path p : Files.list(src).sorted().toList()) {
        z.putNextEntry(new ZipEntry(p.getFileName().toString()));
        z.write(Files.readAllBytes(p));
        z.closeEntry();
      }
      z.putNextEntry(new ZipEntry("padding.bin"));
      byte[] buf = new byte[1 << 20];
      for (long n = 0; n < zeros; n += buf.length) {
        z.write(buf, 0, (int) Math.min(buf.length, zeros - n));
      }
      z.closeEntry();
    }
    return zip;
  }

  @Test
  void refusesAZipBombByItsDeclaredSizesBeforeUnpackingAnything() throws Exception {
    Path zip = bomb(256L << 20);
    long start = System.nanoTime();
    SubmissionRejectedException e = refusal(zip);
    assertThat(e.getMessage()).contains("bomb.zip: declares more than").contains("itbs.max.unpack");
    assertThat(unpacks.get()).isZero();
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(5);
  }

  @Test
  void stopsAZipBombWhoseTableOfContentsLiesAtTheCapWhileInflating() throws Exception {
    Path zip = bomb(256L << 20);
    long zipBytes = Files.size(zip);
    byte[] b = Files.readAllBytes(zip);
    // Every central directory record declares 1 byte unpacked.
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i + 46 < b.length; i++) {
      if (bb.getInt(i) == 0x02014b50) {
        bb.putInt(i + 24, 1);
      }
    }
    Files.write(zip, b);
    SubmissionRejectedException e = refusal(zip);
    assertThat(e.getMessage())
        .contains("bomb.zip: unpacks to more than 200 times its own size (" + zipBytes)
        .contains("itbs.max.unpack.ratio");
    assertThat(unpacks.get()).isOne();
  }

  @Test
  void refusesAZipOfTooManyEntries() throws Exception {
    Path zip = dir.resolve("many.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
      for (int i = 0; i < 1001; i++) {
        z.putNextEntry(new ZipEntry("f" + i + ".csv"));
        z.closeEntry();
      }
    }
    assertThat(refusal(zip).getMessage())
        .contains("many.zip: holds more than 1000 entries (1001)")
        .contains("itbs.max.entries");
  }

  private Path zipWith(String name, String entry) throws Exception {
    Path src = write(dir.resolve("src"), files());
    Path zip = dir.resolve(name);
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
      for (Path p : Files.list(src).sorted().toList()) {
        z.putNextEntry(new ZipEntry(p.getFileName().toString()));
        z.write(Files.readAllBytes(p));
        z.closeEntry();
      }
      z.putNextEntry(new ZipEntry(entry));
      z.write("x\n".getBytes(UTF_8));
      z.closeEntry();
    }
    return zip;
  }

  @Test
  void refusesAZipEntryThatClimbsOutOfTheSubmission() throws Exception {
    Path zip = zipWith("slip.zip", "../../escaped.csv");
    assertThat(refusal(zip).getMessage())
        .contains("slip.zip: entry '../../escaped.csv' points outside the submission's folder");
    try (Stream<Path> s = Files.walk(dir)) {
      assertThat(s.filter(p -> p.getFileName().toString().equals("escaped.csv"))).isEmpty();
    }
  }

  @Test
  void refusesAnAbsoluteZipEntry() throws Exception {
    Path zip = zipWith("abs.zip", "/tmp/itbs-absolute-entry.csv");
    assertThat(refusal(zip).getMessage())
        .contains("abs.zip: entry '/tmp/itbs-absolute-entry.csv' points outside")
        .contains("absolute");
    assertThat(Path.of("/tmp/itbs-absolute-entry.csv")).doesNotExist();
  }

  @Test
  void refusesAZipEntryWhoseNameIsNoFileName() throws Exception {
    Path zip = zipWith("nul.zip", "inj\0uries.csv");
    assertThat(refusal(zip).getMessage()).contains("nul.zip: entry 'inj?uries.csv'");
  }

  @Test
  void refusesRandomBytesNamedZipSayingItIsNotAZip() throws Exception {
    byte[] junk = new byte[4096];
    new Random(13).nextBytes(junk);
    Path zip = Files.write(dir.resolve("junk.zip"), junk);
    assertThat(refusal(zip).getMessage())
        .contains("junk.zip: is not a zip file")
        .doesNotContain("manifest.json");
  }

  @Test
  void refusesASymbolicLinkByNameWithoutReadingItsTarget() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "root:x:0:0:SECRET\n");
    Path sub = write(dir.resolve("sub"), files());
    Files.delete(sub.resolve("injuries.csv"));
    Files.createSymbolicLink(sub.resolve("injuries.csv"), secret);
    String m = refusal(sub).getMessage();
    assertThat(m).contains("injuries.csv: is a symbolic link").doesNotContain("SECRET");
  }

  @Test
  void refusesAHardLinkByName() throws Exception {
    Path outside = Files.writeString(dir.resolve("outside.csv"), "participant_id\n");
    Path sub = write(dir.resolve("sub"), files());
    Files.delete(sub.resolve("injuries.csv"));
    Files.createLink(sub.resolve("injuries.csv"), outside);
    assertThat(refusal(sub).getMessage()).contains("injuries.csv: is a hard link");
  }

  @Test
  void refusesAnOwnerOnlyFileSayingItCannotBeRead() throws Exception {
    assumeFalse("root".equals(System.getProperty("user.name")), "root reads every file");
    Path sub = write(dir.resolve("sub"), files());
    Files.setPosixFilePermissions(
        sub.resolve("manifest.json"), PosixFilePermissions.fromString("---------"));
    assertThat(refusal(sub).getMessage())
        .contains("manifest.json: cannot be read (permission denied)")
        .doesNotContain("missing");
  }

  private Path withFile(String file, byte[] bytes) throws Exception {
    Path sub = write(dir.resolve("sub"), files());
    Files.write(sub.resolve(file), bytes);
    return sub;
  }

  @Test
  void refusesAFieldLongerThanTheDictionaryAllowsWithoutPrintingIt() throws Exception {
    String big = "Q".repeat(2 << 20);
    byte[] b =
        ("participant_id,onset_date,side,diagnosis\n" + P + ",2024-09-10,L," + big + "\n")
            .getBytes(UTF_8);
    String m = refusal(withFile("injuries.csv", b)).getMessage();
    assertThat(m)
        .contains("injuries.csv: line 2 has a field longer than 4096 characters")
        .contains("maxFieldChars")
        .doesNotContain("QQQQ");
  }

  @Test
  void refusesAHeaderLineOverTheLineLimitQuickly() throws Exception {
    Path sub = write(dir.resolve("sub"), files());
    try (OutputStream out = Files.newOutputStream(sub.resolve("injuries.csv"))) {
      // Fields of 4000 characters: under maxFieldChars, so the line limit is the one that speaks.
      byte[] chunk = ("h".repeat(4000) + ",").repeat(16).getBytes(UTF_8);
      for (long n = 0; n < 200_000_000L; n += chunk.length) {
        out.write(chunk);
      }
    }
    long start = System.nanoTime();
    String m = refusal(sub).getMessage();
    assertThat(m)
        .contains("injuries.csv: line 1 is longer than 1048576 bytes")
        .contains("itbs.max.line.bytes")
        .doesNotContain("hhhh");
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(5);
  }

  @Test
  void refusesNulBytes() throws Exception {
    byte[] b =
        ("participant_id,onset_date,side,diagnosis\n" + P + ",2024-09-10,L,IT\0BS\n")
            .getBytes(UTF_8);
    assertThat(refusal(withFile("injuries.csv", b)).getMessage())
        .contains("injuries.csv: line 2 holds a NUL byte");
  }

  @Test
  void refusesALineOfMoreFieldsThanAReaderTakes() throws Exception {
    byte[] b =
        ("participant_id,onset_date,side,diagnosis\n" + ",".repeat(5000) + "\n").getBytes(UTF_8);
    assertThat(refusal(withFile("injuries.csv", b)).getMessage())
        .contains("injuries.csv: line 2 has more than 4096 fields");
  }

  @Test
  void takesAValidZipAndRemovesWhatItUnpackedOnClose() throws Exception {
    Path src = write(dir.resolve("src"), files());
    Path zip = dir.resolve("ok.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
      for (Path p : Files.list(src).sorted().toList()) {
        z.putNextEntry(new ZipEntry("CLINA/" + p.getFileName()));
        z.write(Files.readAllBytes(p));
        z.closeEntry();
      }
    }
    assertThat(ingestSide(zip).site()).isEqualTo("CLINA");
    assertThat(leftInStaging()).isEmpty();
  }
}
