package org.itbs.spark.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.spark.sql.SparkSession;
import org.itbs.core.lake.Lake;
import org.itbs.spark.SparkTestSession;
import org.itbs.spark.TestSubmission;
import org.itbs.spark.lake.QuarantineExport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corpus of hostile submissions, end to end through {@code IngestMain} (what {@code itbs
 * ingest} runs) on a lake that already holds a submission: each is refused with exit status 3 and
 * one line on standard error naming it and what is wrong (never its raw bytes), the lake stays byte
 * for byte as it was, and neither the lake's {@code _staging} nor the system temp folder keeps
 * anything. The inspection-level detail of each case is pinned in core's {@code
 * HostileSubmissionTest}; a lying manifest is covered by {@code IngestJobTest} and the key tests.
 */
class HostileIngestTest {
  @TempDir Path tmp;

  private Path zipOf(Path folder, Path zip, Map<String, byte[]> extra) throws IOException {
    try (OutputStream out = Files.newOutputStream(zip);
        ZipOutputStream z = new ZipOutputStream(out)) {
      for (Path p : Files.list(folder).sorted().toList()) {
        z.putNextEntry(new ZipEntry(p.getFileName().toString()));
        z.write(Files.readAllBytes(p));
        z.closeEntry();
      }
      for (Map.Entry<String, byte[]> e : extra.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue());
        z.closeEntry();
      }
    }
    return zip;
  }

  private static List<String> tempLeftovers() throws IOException {
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("itbs-submission-"))
          .toList();
    }
  }

  @Test
  void refusesEveryHostileSubmissionInOneLineLeavingTheLakeAndTempAsTheyWere() throws Exception {
    Path lake = tmp.resolve("lake");
    Path good = TestSubmission.valid().site("GOODS").writeTo(tmp.resolve("good"));
    assertThat(IngestMain.run(lake.toString(), "local[2]", List.of(good.toString()))).isZero();
    Map<String, String> before = TestSubmission.treeHashes(lake);
    List<String> tempBefore = tempLeftovers();

    Map<String, Path> cases = new LinkedHashMap<>();
    Path base = TestSubmission.valid().writeTo(tmp.resolve("base"));
    // zip bomb: 512 MiB of zeros (~0.5 MiB zipped)
    Path bomb = tmp.resolve("bomb.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(bomb))) {
      for (Path p : Files.list(base).sorted().toList()) {
        z.putNextEntry(new ZipEntry(p.getFileName().toString()));
        z.write(Files.readAllBytes(p));
        z.closeEntry();
      }
      z.putNextEntry(new ZipEntry("gait_frames.csv"));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 512; i++) {
        z.write(zeros);
      }
      z.closeEntry();
    }
    cases.put("bomb.zip: declares more than", bomb);
    cases.put(
        "slip.zip: entry '../escaped.csv' points outside",
        zipOf(base, tmp.resolve("slip.zip"), Map.of("../escaped.csv", "x\n".getBytes(UTF_8))));
    cases.put(
        "abs.zip: entry '/tmp/itbs-abs.csv' points outside",
        zipOf(base, tmp.resolve("abs.zip"), Map.of("/tmp/itbs-abs.csv", "x\n".getBytes(UTF_8))));
    byte[] junk = new byte[8192];
    new Random(13).nextBytes(junk);
    cases.put("junk.zip: is not a zip file", Files.write(tmp.resolve("junk.zip"), junk));
    Path link = TestSubmission.valid().writeTo(tmp.resolve("link"));
    Files.delete(link.resolve("injuries.csv"));
    Files.createSymbolicLink(link.resolve("injuries.csv"), Path.of("/etc/passwd"));
    cases.put("injuries.csv: is a symbolic link", link);
    String field = "Q".repeat(2 << 20);
    cases.put(
        "injuries.csv: line 2 has a field longer than 4096 characters",
        TestSubmission.valid()
            .put(
                "injuries.csv",
                "participant_id,onset_date,side,diagnosis,return_to_run_date\n"
                    + TestSubmission.P1
                    + ",2024-09-10,L,"
                    + field
                    + ",\n")
            .writeTo(tmp.resolve("field")));
    Path header = TestSubmission.valid().writeTo(tmp.resolve("header"));
    try (OutputStream out = Files.newOutputStream(header.resolve("injuries.csv"))) {
      byte[] chunk = ("h".repeat(4000) + ",").repeat(16).getBytes(UTF_8);
      for (long n = 0; n < 200_000_000L; n += chunk.length) {
        out.write(chunk);
      }
    }
    cases.put("injuries.csv: line 1 is longer than 1048576 bytes", header);
    cases.put(
        "injuries.csv: line 2 holds a NUL byte",
        TestSubmission.valid()
            .put(
                "injuries.csv",
                "participant_id,onset_date,side,diagnosis,return_to_run_date\n"
                    + TestSubmission.P1
                    + ",2024-09-10,L,IT\0BS,\n")
            .writeTo(tmp.resolve("nul")));
    if (!"root".equals(System.getProperty("user.name"))) {
      Path owner = TestSubmission.valid().writeTo(tmp.resolve("owner"));
      Files.setPosixFilePermissions(
          owner.resolve("manifest.json"), PosixFilePermissions.fromString("---------"));
      cases.put("manifest.json: cannot be read (permission denied)", owner);
    }

    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream was = System.err;
    long start = System.nanoTime();
    int status;
    System.setErr(new PrintStream(err, true, UTF_8));
    try {
      status =
          IngestMain.run(
              lake.toString(),
              "local[2]",
              cases.values().stream().map(Path::toString).toList(),
              Set.of());
    } finally {
      System.setErr(was);
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    assertThat(status).isEqualTo(3);
    List<String> lines =
        err.toString(UTF_8).lines().filter(l -> l.startsWith("itbs ingest: ")).toList();
    assertThat(lines).hasSize(cases.size());
    List<String> expected = new ArrayList<>(cases.keySet());
    for (int i = 0; i < lines.size(); i++) {
      assertThat(lines.get(i))
          .contains(cases.get(expected.get(i)).toString() + " refused, nothing stored")
          .contains(expected.get(i))
          .hasSizeLessThan(600);
    }
    assertThat(err.toString(UTF_8))
        .doesNotContain("root:")
        .doesNotContain("QQQQ")
        .doesNotContain("hhhh")
        .doesNotContain("\tat ");
    assertThat(TestSubmission.treeHashes(lake)).isEqualTo(before);
    assertThat(Lake.at(lake).staging()).doesNotExist();
    assertThat(tempLeftovers()).isSubsetOf(tempBefore);
    assertThat(tmp.resolve("escaped.csv")).doesNotExist();
    assertThat(Path.of("/tmp/itbs-abs.csv")).doesNotExist();
    assertThat(seconds).isLessThan(60);
  }

  @Test
  void theQuarantineExportShowsAFormulaAsText() throws Exception {
    Path lake = tmp.resolve("lake");
    Path sub =
        TestSubmission.valid()
            .put(
                "injuries.csv",
                "participant_id,onset_date,side,diagnosis,return_to_run_date\n"
                    + TestSubmission.P1
                    + ",2024-09-10,L,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",\n")
            .writeTo(tmp.resolve("formula"));
    SparkSession spark = SparkTestSession.start();
    try {
      new IngestJob(spark, new PrintStream(new ByteArrayOutputStream(), true, UTF_8))
          .ingest(sub, lake);
      ByteArrayOutputStream csv = new ByteArrayOutputStream();
      new QuarantineExport(spark).write(lake, null, null, new PrintStream(csv, true, UTF_8));
      String text = csv.toString(UTF_8);
      assertThat(text).contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",");
      assertThat(text.lines().skip(1)).noneMatch(l -> l.contains(",=HYPERLINK"));
    } finally {
      spark.stop();
    }
  }
}
