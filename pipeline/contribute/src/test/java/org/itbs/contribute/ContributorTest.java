package org.itbs.contribute;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.itbs.core.dictionary.ColumnSpec;
import org.itbs.core.dictionary.ColumnType;
import org.itbs.core.dictionary.Dictionary;
import org.itbs.core.dictionary.TableSpec;
import org.itbs.core.submission.SubmissionManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContributorTest {
  private static final Instant CREATED = Instant.parse("2025-04-01T10:00:00Z");

  @TempDir Path dir;

  private static Contributor contributor(byte[] key) {
    return Contributor.builder()
        .site("CLINA")
        .key(ClinicKey.of(key))
        .toolVersion("9.9.9-test")
        .build();
  }

  private ContributionResult contribute(Map<String, String> files) {
    Path raw = ContributeFixtures.write(dir.resolve("raw"), files);
    return contributor(ContributeFixtures.keyBytes()).contribute(raw, dir.resolve("out"));
  }

  private static String text(Path p) throws IOException {
    return Files.readString(p, UTF_8);
  }

  private static int col(String[] header, String name) {
    int i = Arrays.asList(header).indexOf(name);
    assertThat(i).as("column %s in %s", name, Arrays.toString(header)).isNotNegative();
    return i;
  }

  @Test
  void replacesParticipantIdInEveryTableByIndependentlyComputedHmac() throws Exception {
    ContributionResult r = contribute(ContributeFixtures.export());
    Map<String, String> expected = new HashMap<>();
    for (String id : List.of("P001", "P002", "P003")) {
      expected.put(id, ContributeFixtures.pseudonym(ContributeFixtures.keyBytes(), id));
    }
    for (String file : ContributeFixtures.export().keySet()) {
      List<String[]> in = ContributeFixtures.read(dir.resolve("raw").resolve(file));
      // The submission is sorted by pseudonym; lines.csv maps its rows back to export lines.
      List<String[]> out = ContributeFixtures.readInExportOrder(r, file);
      assertThat(out).hasSameSizeAs(in);
      int pin = col(in.get(0), "participant_id");
      int pout = col(out.get(0), "participant_id");
      for (int i = 1; i < in.size(); i++) {
        assertThat(out.get(i)[pout]).isEqualTo(expected.get(in.get(i)[pin]));
      }
      List<String[]> sent = ContributeFixtures.read(r.submission().resolve(file));
      List<String> ids = sent.subList(1, sent.size()).stream().map(x -> x[pout]).toList();
      assertThat(ids).as("%s sorted by pseudonym", file).isSorted();
      assertThat(text(r.submission().resolve(file))).doesNotContain("P00");
    }
  }

  @Test
  void dropsIdentifierColumnsAndBirthDateAndWritesSubmissionColumnOrder() throws Exception {
    ContributionResult r = contribute(ContributeFixtures.export());
    List<String[]> p = ContributeFixtures.read(r.submission().resolve("participants.csv"));
    assertThat(p.get(0))
        .containsExactly(
            "participant_id",
            "sex",
            "age_years",
            "enrolment_date",
            "followup_end_date",
            "bmi",
            "running_years",
            "prior_itbs");
    String all = text(r.submission().resolve("participants.csv"));
    assertThat(all)
        .doesNotContainIgnoringCase("name")
        .doesNotContainIgnoringCase("email")
        .doesNotContainIgnoringCase("phone")
        .doesNotContain("birth_date")
        .doesNotContain("Ann")
        .doesNotContain("example.org")
        .doesNotContain("+44")
        .doesNotContain("hills")
        .doesNotContain("1990-06-15");
  }

  @Test
  void ageYearsIsWholeYearsAtEnrolmentAcrossABirthdayBoundary() {
    ContributionResult r = contribute(ContributeFixtures.export());
    List<String[]> p = ContributeFixtures.readInExportOrder(r, "participants.csv");
    int age = col(p.get(0), "age_years");
    // born 1990-06-15: enrolled 2024-06-14 (the day before the birthday), then on the birthday
    assertThat(p.get(1)[age]).isEqualTo("33");
    assertThat(p.get(2)[age]).isEqualTo("34");
    // born 1985-02-28, enrolled 2024-02-27
    assertThat(p.get(3)[age]).isEqualTo("38");
  }

  @Test
  void shiftsEveryDateOfARunnerByTheSameWholeWeeksKeepingWeekdays() {
    ContributionResult r = contribute(ContributeFixtures.export());
    Dictionary cef1 = Dictionary.cef1();
    Map<String, Long> shiftOf = new HashMap<>();
    int datesChecked = 0;
    for (TableSpec t : cef1.tables()) {
      List<String[]> in = ContributeFixtures.read(dir.resolve("raw").resolve(t.file()));
      List<String[]> out = ContributeFixtures.readInExportOrder(r, t.file());
      for (ColumnSpec c : t.columns()) {
        if (c.type() != ColumnType.DATE || c.name().equals("birth_date")) {
          continue;
        }
        int ci = col(in.get(0), c.name());
        int co = col(out.get(0), c.name());
        int pi = col(in.get(0), "participant_id");
        for (int i = 1; i < in.size(); i++) {
          if (in.get(i)[ci].isEmpty()) {
            assertThat(out.get(i)[co]).isEmpty();
            continue;
          }
          LocalDate a = LocalDate.parse(in.get(i)[ci]);
          LocalDate b = LocalDate.parse(out.get(i)[co]);
          long days = ChronoUnit.DAYS.between(a, b);
          String id = in.get(i)[pi];
          assertThat(days % 7).isZero();
          assertThat(Math.abs(days)).isLessThanOrEqualTo(52 * 7);
          assertThat(b.getDayOfWeek()).isEqualTo(a.getDayOfWeek());
          assertThat(days)
              .isEqualTo(7L * ContributeFixtures.shiftWeeks(ContributeFixtures.keyBytes(), id));
          Long before = shiftOf.putIfAbsent(id, days);
          if (before != null) {
            assertThat(days).as("shift of %s in %s", id, t.file()).isEqualTo(before);
          }
          datesChecked++;
        }
      }
    }
    assertThat(datesChecked).isGreaterThan(20);
    // The fixture key moves every fixture runner, so an unshifted date would fail above.
    assertThat(shiftOf.values()).doesNotContain(0L).hasSize(3);
    List<String[]> weeks = ContributeFixtures.read(r.submission().resolve("training_weeks.csv"));
    for (String[] row : weeks.subList(1, weeks.size())) {
      assertThat(LocalDate.parse(row[1]).getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
    }
  }

  @Test
  void keepsMissingValuesAndOtherValuesAsWrittenAndQuotesOnlyWhereNeeded() throws Exception {
    Map<String, String> files = ContributeFixtures.export();
    files.put(
        "injuries.csv",
        "participant_id,onset_date,side,diagnosis,return_to_run_date\n"
            + "P001,2025-01-08,L,\"OTHER, knee\",2025-02-13\n"
            + "P002,2025-03-01,right,\"say \"\"hi\"\"\",\n"
            + "P003,NA,B,ITBS,NaN\n");
    ContributionResult r = contribute(files);
    List<String[]> a = ContributeFixtures.readInExportOrder(r, "assessments.csv");
    assertThat(a.get(3)).containsSubsequence("left", "1.6", "NA", "10.0");
    List<String[]> p = ContributeFixtures.readInExportOrder(r, "participants.csv");
    assertThat(p.get(1)[col(p.get(0), "running_years")]).isEqualTo("NA");
    assertThat(p.get(3)[col(p.get(0), "running_years")]).isEmpty();
    assertThat(p.get(1)[col(p.get(0), "bmi")]).isEqualTo("21.4"); // 60.5 / 1.68²
    String injuries = text(r.submission().resolve("injuries.csv"));
    String[] lines = injuries.split("\n", -1);
    assertThat(lines[0]).isEqualTo("participant_id,onset_date,side,diagnosis,return_to_run_date");
    // Rows are sorted by pseudonym: the line of each export row is found through lines.csv.
    int l1 = (int) ContributeFixtures.submissionLine(r, "injuries.csv", 2) - 1;
    int l2 = (int) ContributeFixtures.submissionLine(r, "injuries.csv", 3) - 1;
    int l3 = (int) ContributeFixtures.submissionLine(r, "injuries.csv", 4) - 1;
    assertThat(List.of(l1, l2, l3)).containsExactlyInAnyOrder(1, 2, 3);
    // Diagnoses that are not allowed values leave the clinic only as a marker.
    assertThat(lines[l1])
        .endsWith(",L,[withheld: allowed_values]," + shifted("P001", "2025-02-13"));
    assertThat(lines[l2]).endsWith(",right,[withheld: allowed_values],");
    assertThat(lines[l3])
        .isEqualTo(
            ContributeFixtures.pseudonym(ContributeFixtures.keyBytes(), "P003") + ",NA,B,ITBS,NaN");
    assertThat(lines).hasSize(5);
    assertThat(lines[4]).isEmpty();
    assertThat(injuries).doesNotContain("\r");
  }

  private static String shifted(String id, String date) {
    return LocalDate.parse(date)
        .plusWeeks(ContributeFixtures.shiftWeeks(ContributeFixtures.keyBytes(), id))
        .toString();
  }

  @Test
  void sameExportAndKeyGiveIdenticalBytesAndCreatedFromTheLatestFileTime() throws Exception {
    Path raw = ContributeFixtures.write(dir.resolve("raw"), ContributeFixtures.export());
    try (Stream<Path> s = Files.list(raw)) {
      for (Path p : s.toList()) {
        Files.setLastModifiedTime(p, FileTime.from(Instant.parse("2025-01-02T03:04:05.678Z")));
      }
    }
    Files.setLastModifiedTime(
        raw.resolve("injuries.csv"), FileTime.from(Instant.parse("2025-01-03T00:00:00.900Z")));
    ContributionResult a =
        contributor(ContributeFixtures.keyBytes()).contribute(raw, dir.resolve("a"));
    ContributionResult b =
        contributor(ContributeFixtures.keyBytes()).contribute(raw, dir.resolve("b"));
    assertThat(a.manifest().created()).isEqualTo(Instant.parse("2025-01-03T00:00:00Z"));
    assertThat(text(a.submission().resolve("manifest.json")))
        .contains("\"created\" : \"2025-01-03T00:00:00Z\"");
    List<String> names = fileNames(a.submission());
    assertThat(names)
        .containsExactly(
            "assessments.csv",
            "gait_frames.csv",
            "injuries.csv",
            "manifest.json",
            "participants.csv",
            "training_weeks.csv");
    assertThat(fileNames(b.submission())).isEqualTo(names);
    for (String n : names) {
      assertThat(Files.readAllBytes(b.submission().resolve(n)))
          .as(n)
          .isEqualTo(Files.readAllBytes(a.submission().resolve(n)));
    }
  }

  @Test
  void createdCanBeGivenAndIsTruncatedToSeconds() throws Exception {
    Path raw = ContributeFixtures.write(dir.resolve("raw"), ContributeFixtures.export());
    ContributionResult r =
        Contributor.builder()
            .site("CLINA")
            .key(ClinicKey.of(ContributeFixtures.keyBytes()))
            .toolVersion("1")
            .created(Instant.parse("2025-04-01T10:00:00.750Z"))
            .build()
            .contribute(raw, dir.resolve("out"));
    assertThat(r.manifest().created()).isEqualTo(CREATED);
    assertThat(SubmissionManifest.read(r.submission().resolve("manifest.json")).created())
        .isEqualTo(CREATED);
  }

  private static List<String> fileNames(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void differentKeyGivesDifferentIdsAndFingerprint() throws Exception {
    Path raw = ContributeFixtures.write(dir.resolve("raw"), ContributeFixtures.export());
    ContributionResult a =
        contributor(ContributeFixtures.keyBytes()).contribute(raw, dir.resolve("a"));
    ContributionResult b =
        contributor(ContributeFixtures.otherKeyBytes()).contribute(raw, dir.resolve("b"));
    List<String[]> pa = ContributeFixtures.read(a.submission().resolve("participants.csv"));
    List<String[]> pb = ContributeFixtures.read(b.submission().resolve("participants.csv"));
    List<String> ida = pa.stream().skip(1).map(x -> x[0]).toList();
    List<String> idb = pb.stream().skip(1).map(x -> x[0]).toList();
    assertThat(idb).hasSameSizeAs(ida).doesNotContainAnyElementsOf(ida);
    assertThat(idb)
        .contains(ContributeFixtures.pseudonym(ContributeFixtures.otherKeyBytes(), "P001"));
    assertThat(b.manifest().keyFingerprint()).isNotEqualTo(a.manifest().keyFingerprint());
  }

  @Test
  void manifestCountsAndChecksumsMatchTheFilesAndCarryNoKey() throws Exception {
    ContributionResult r = contribute(ContributeFixtures.export());
    Path m = r.submission().resolve("manifest.json");
    SubmissionManifest read = SubmissionManifest.read(m);
    assertThat(read).isEqualTo(r.manifest());
    assertThat(read.format()).isEqualTo("cef-1-submission");
    assertThat(read.baseFormat()).isEqualTo("cef-1");
    assertThat(read.site()).isEqualTo("CLINA");
    assertThat(read.toolVersion()).isEqualTo("9.9.9-test");
    assertThat(read.keyFingerprint())
        .isEqualTo(ClinicKey.of(ContributeFixtures.keyBytes()).fingerprint());
    Map<String, Long> inputRows = new LinkedHashMap<>();
    inputRows.put("participants.csv", 3L);
    inputRows.put("assessments.csv", 4L);
    inputRows.put("gait_frames.csv", 4L);
    inputRows.put("training_weeks.csv", 4L);
    inputRows.put("injuries.csv", 2L);
    assertThat(read.files())
        .extracting(SubmissionManifest.FileEntry::file)
        .containsExactlyElementsOf(inputRows.keySet());
    for (SubmissionManifest.FileEntry f : read.files()) {
      byte[] bytes = Files.readAllBytes(r.submission().resolve(f.file()));
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      assertThat(f.sha256()).as(f.file()).isEqualTo(sha);
      assertThat(f.bytes()).isEqualTo(bytes.length);
      assertThat(f.rows()).isEqualTo(inputRows.get(f.file()));
      assertThat(ContributeFixtures.read(r.submission().resolve(f.file())))
          .hasSize((int) f.rows() + 1);
    }
    byte[] key = ContributeFixtures.keyBytes();
    byte[] manifest = Files.readAllBytes(m);
    String json = new String(manifest, UTF_8);
    assertThat(json)
        .doesNotContain(HexFormat.of().formatHex(key))
        .doesNotContain(HexFormat.of().withUpperCase().formatHex(key))
        .doesNotContain(Base64.getEncoder().encodeToString(key));
    assertThat(indexOf(manifest, key)).isNegative();
    assertThat(json).startsWith("{\n  \"format\" : \"cef-1-submission\",\n").endsWith("}\n");
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void omitsOptionalGaitFramesWhenTheExportHasNone() throws Exception {
    Map<String, String> files = ContributeFixtures.export();
    files.remove("gait_frames.csv");
    ContributionResult r = contribute(files);
    assertThat(r.manifest().files())
        .extracting(SubmissionManifest.FileEntry::file)
        .doesNotContain("gait_frames.csv")
        .hasSize(4);
    assertThat(r.submission().resolve("gait_frames.csv")).doesNotExist();
  }

  @Test
  void acceptsAnExistingEmptyOutputFolder() throws Exception {
    Path raw = ContributeFixtures.write(dir.resolve("raw"), ContributeFixtures.export());
    Path out = Files.createDirectory(dir.resolve("out"));
    contributor(ContributeFixtures.keyBytes()).contribute(raw, out);
    assertThat(out.resolve("manifest.json")).exists();
  }

  @Test
  void readsBomAndCrlfInputToTheSameBytesAsPlainInput() throws Exception {
    Path plain = ContributeFixtures.write(dir.resolve("plain"), ContributeFixtures.export());
    Map<String, String> crlf = new LinkedHashMap<>();
    ContributeFixtures.export().forEach((k, v) -> crlf.put(k, "\uFEFF" + v.replace("\n", "\r\n")));
    Path bom = ContributeFixtures.write(dir.resolve("bom"), crlf);
    assertThat(Files.readAllBytes(bom.resolve("participants.csv"))[0]).isEqualTo((byte) 0xEF);
    Contributor c = contributorCreatedAt(CREATED);
    ContributionResult a = c.contribute(plain, dir.resolve("a"));
    ContributionResult b = c.contribute(bom, dir.resolve("b"));
    for (String n : fileNames(a.submission())) {
      assertThat(Files.readAllBytes(b.submission().resolve(n)))
          .as(n)
          .isEqualTo(Files.readAllBytes(a.submission().resolve(n)));
    }
    byte[] out = Files.readAllBytes(b.submission().resolve("participants.csv"));
    assertThat(out[0]).isEqualTo((byte) 'p');
    assertThat(new String(out, UTF_8)).doesNotContain("\r");
  }

  private static Contributor contributorCreatedAt(Instant when) {
    return Contributor.builder()
        .site("CLINA")
        .key(ClinicKey.of(ContributeFixtures.keyBytes()))
        .toolVersion("9.9.9-test")
        .created(when)
        .build();
  }

  @Test
  void readsAZipWithFilesAtItsRootOrInOneTopLevelFolder() throws Exception {
    Contributor c = contributorCreatedAt(CREATED);
    ContributionResult folder =
        c.contribute(
            ContributeFixtures.write(dir.resolve("raw"), ContributeFixtures.export()),
            dir.resolve("f"));
    Path rootZip = ContributeFixtures.zip(dir.resolve("root.zip"), "", ContributeFixtures.export());
    Path nestedZip =
        ContributeFixtures.zip(
            dir.resolve("nested.zip"), "clinic-export/", ContributeFixtures.export());
    ContributionResult root = c.contribute(rootZip, dir.resolve("r"));
    ContributionResult nested = c.contribute(nestedZip, dir.resolve("n"));
    for (String n : fileNames(folder.submission())) {
      byte[] expected = Files.readAllBytes(folder.submission().resolve(n));
      assertThat(Files.readAllBytes(root.submission().resolve(n))).as(n).isEqualTo(expected);
      assertThat(Files.readAllBytes(nested.submission().resolve(n))).as(n).isEqualTo(expected);
    }
    // Without --created, a zip's created is its entries' latest time.
    ContributionResult byTime =
        contributor(ContributeFixtures.keyBytes()).contribute(rootZip, dir.resolve("t"));
    assertThat(byTime.manifest().created()).isEqualTo(Instant.parse("2025-05-06T07:08:09Z"));
  }

  @Test
  void rejectsAZipWithTwoTopLevelFolders() throws Exception {
    Path zip = dir.resolve("two.zip");
    Map<String, String> both = new LinkedHashMap<>();
    ContributeFixtures.export().forEach((k, v) -> both.put("a/" + k, v));
    ContributeFixtures.export().forEach((k, v) -> both.put("b/" + k, v));
    ContributeFixtures.zip(zip, "", both);
    assertThatThrownBy(
            () -> contributor(ContributeFixtures.keyBytes()).contribute(zip, dir.resolve("out")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 top-level folders");
  }

  @Test
  void rejectsASiteThatIsNotThreeToTwelveUpperCaseLettersOrDigits() {
    for (String bad : List.of("ab", "abc", "CLIN-A", "ABCDEFGHIJKLM", "")) {
      assertThatThrownBy(() -> Contributor.builder().site(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("site '" + bad + "'")
          .hasMessageContaining("[A-Z0-9]{3,12}");
    }
    assertThat(Contributor.builder().site("AB1").site("ABCDEFGHIJKL")).isNotNull();
  }

  @Test
  void rejectsAnExportWithoutARequiredFileNamingIt() {
    Map<String, String> files = ContributeFixtures.export();
    files.remove("training_weeks.csv");
    assertThatThrownBy(() -> contribute(files))
        .isInstanceOf(ExportRejectedException.class)
        .hasMessageContaining("training_weeks.csv: required file is missing");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void rejectsAHeaderWithoutARequiredColumn() {
    Map<String, String> files = ContributeFixtures.export();
    files.put(
        "participants.csv",
        files.get("participants.csv").replace("enrolment_date,", "visit,").replace("Name,", ""));
    assertThatThrownBy(() -> contribute(files))
        .isInstanceOf(ExportRejectedException.class)
        .hasMessageContaining("participants.csv: required column 'enrolment_date' is missing");
  }

  @Test
  void rejectsAnUnknownColumnNamingFileAndColumn() {
    Map<String, String> files = ContributeFixtures.export();
    files.put(
        "training_weeks.csv",
        "participant_id,week_start,distance_km,duration_h,maintenance_sessions,Shoe_Size\n"
            + "P001,2024-06-10,30.4,2.5,4,42\n");
    assertThatThrownBy(() -> contribute(files))
        .isInstanceOf(ExportRejectedException.class)
        .hasMessageContaining("training_weeks.csv: column 'Shoe_Size'")
        .hasMessageContaining("neither a column of training_weeks nor a listed direct identifier");
  }

  @Test
  void rejectsAColumnNamedTwice() {
    Map<String, String> files = ContributeFixtures.export();
    files.put(
        "injuries.csv",
        "participant_id,onset_date,side,diagnosis,SIDE\nP001,2025-01-08,L,ITBS,R\n");
    assertThatThrownBy(() -> contribute(files))
        .isInstanceOf(ExportRejectedException.class)
        .hasMessageContaining("injuries.csv: column 'SIDE' appears twice");
  }

  @Test
  void rejectsAnOutputFolderThatIsNotEmpty() throws Exception {
    Path raw = ContributeFixtures.write(dir.resolve("raw"), ContributeFixtures.export());
    Path out = Files.createDirectory(dir.resolve("out"));
    Files.writeString(out.resolve("old.txt"), "x");
    assertThatThrownBy(() -> contributor(ContributeFixtures.keyBytes()).contribute(raw, out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(out.toString())
        .hasMessageContaining("exists and is not empty");
    assertThat(fileNames(out)).containsExactly("old.txt");
  }

  @Test
  void rejectsAFileThatIsNotUtf8MidwayAndLeavesNothingBehind() throws Exception {
    Path raw = ContributeFixtures.write(dir.resolve("raw"), ContributeFixtures.export());
    // Far past the reader's look-ahead, so the earlier tables are written when the bytes show up.
    StringBuilder sb = new StringBuilder(ContributeFixtures.export().get("gait_frames.csv"));
    int frames = 60_000;
    for (int f = 3; f < frames; f++) {
      sb.append("P001,2024-06-16,2,L,").append(f).append(",,0.8,0.4,21.3,0.3,0.6\n");
    }
    sb.append("P001,2024-06-16,2,L,").append(frames).append(",,0.8,0.4,21.3,0.3,\u00b0\n");
    Files.write(
        raw.resolve("gait_frames.csv"),
        sb.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    long badLine = 1 + 4 + (frames - 3) + 1; // header, 4 fixture rows, added rows, the bad row
    Path out = dir.resolve("sub").resolve("out");
    assertThatThrownBy(() -> contributor(ContributeFixtures.keyBytes()).contribute(raw, out))
        .isInstanceOf(ExportRejectedException.class)
        .hasMessageContaining("gait_frames.csv: is not UTF-8 (line " + badLine + " holds bytes")
        .hasCauseInstanceOf(ExportLines.NotUtf8Exception.class);
    assertThat(out).doesNotExist();
    assertThat(fileNames(out.getParent())).isEmpty();
  }

  @Test
  void rejectsAFileThatIsNotUtf8NamingTheLine() throws Exception {
    Path raw = ContributeFixtures.write(dir.resolve("raw"), ContributeFixtures.export());
    byte[] latin1 =
        ("participant_id,onset_date,side,diagnosis,return_to_run_date\n"
                + "P001,2025-01-08,L,ITBS,\n"
                + "P002,2025-03-01,R,OTHER,Jos\u00e9\n")
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    Files.write(raw.resolve("injuries.csv"), latin1);
    Path out = dir.resolve("out");
    assertThatThrownBy(() -> contributor(ContributeFixtures.keyBytes()).contribute(raw, out))
        .isInstanceOf(ExportRejectedException.class)
        .hasMessageContaining("injuries.csv: is not UTF-8 (line 3 holds bytes that are not UTF-8)");
    assertThat(out).doesNotExist();
  }

  @Test
  void rejectsAHeaderThatIsNotUtf8() throws Exception {
    Path raw = ContributeFixtures.write(dir.resolve("raw"), ContributeFixtures.export());
    Files.write(
        raw.resolve("assessments.csv"),
        "participant_id,assessment_date,c\u00f4t\u00e9\n"
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    assertThatThrownBy(
            () -> contributor(ContributeFixtures.keyBytes()).contribute(raw, dir.resolve("out")))
        .isInstanceOf(ExportRejectedException.class)
        .hasMessageContaining("assessments.csv: is not UTF-8");
  }

  @Test
  void warnsAboutAnUnparsableDateAndWithholdsIt() throws Exception {
    Map<String, String> files = ContributeFixtures.export();
    files.put(
        "assessments.csv",
        files.get("assessments.csv").replace("P003,2024-02-20,", "P003,2024-02-30,"));
    ContributionResult r = contribute(files);
    List<String[]> a = ContributeFixtures.readInExportOrder(r, "assessments.csv");
    assertThat(a).hasSize(5);
    assertThat(a.get(4)[0])
        .isEqualTo(ContributeFixtures.pseudonym(ContributeFixtures.keyBytes(), "P003"));
    assertThat(a.get(4)[1]).isEqualTo("[withheld: type]");
    assertThat(Files.readString(r.submission().resolve("assessments.csv")))
        .doesNotContain("2024-02-30");
    long sentAt = ContributeFixtures.submissionLine(r, "assessments.csv", 5);
    assertThat(Files.readAllLines(r.report().resolve("withheld.csv")))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith(
                        "assessments.csv,5," + sentAt + ",assessment_date,2024-02-30,type,"));
    assertThat(r.manifest().withheld("assessments.csv").values())
        .containsExactly(Map.entry("type", 1L));
    assertThat(r.manifest().file("assessments.csv").rows()).isEqualTo(4);
  }

  @Test
  void warnsAboutAnUnknownParticipantButPseudonymisesAndShiftsIt() {
    Map<String, String> files = ContributeFixtures.export();
    files.put(
        "training_weeks.csv",
        files.get("training_weeks.csv") + "P999,2024-07-01,10,1,0\n" + "P999,2024-07-08,12,1,0\n");
    ContributionResult r = contribute(files);
    List<String[]> w = ContributeFixtures.readInExportOrder(r, "training_weeks.csv");
    assertThat(w).hasSize(7);
    assertThat(w.get(5)[0])
        .isEqualTo(ContributeFixtures.pseudonym(ContributeFixtures.keyBytes(), "P999"));
    assertThat(w.get(5)[1]).isEqualTo(shifted("P999", "2024-07-01"));
    assertThat(w.get(6)[1]).isEqualTo(shifted("P999", "2024-07-08"));
    assertThat(r.warnings())
        .filteredOn(x -> x.kind() == ContributionWarning.Kind.UNKNOWN_PARTICIPANT)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.file()).isEqualTo("training_weeks.csv");
              assertThat(x.line()).isEqualTo(6);
              assertThat(x.column()).isEqualTo("participant_id");
              assertThat(x.value()).isEqualTo("P999");
              assertThat(x.rows()).isEqualTo(2);
              assertThat(x.message()).contains("not in participants.csv");
            });
    assertThat(r.manifest().file("training_weeks.csv").rows()).isEqualTo(6);
  }

  @Test
  void unparsableBirthOrEnrolmentDateWithholdsAgeYearsNeverTheBirthDate() throws Exception {
    Map<String, String> files = ContributeFixtures.export();
    files.put(
        "participants.csv",
        files
            .get("participants.csv")
            .replace("P002,Bob Jones,M,1990-06-15,", "P002,Bob Jones,M,15/06/1990,")
            .replace("P003,Cy Young,F,1985-02-28,2024-02-27,", "P003,Cy Young,F,1985-02-28,soon,"));
    ContributionResult r = contribute(files);
    List<String[]> p = ContributeFixtures.readInExportOrder(r, "participants.csv");
    int age = col(p.get(0), "age_years");
    assertThat(p.get(1)[age]).isEqualTo("33");
    assertThat(p.get(2)[age]).isEqualTo("[withheld: type]");
    assertThat(p.get(3)[age]).isEqualTo(Contributor.WITHHELD_AGE);
    assertThat(Files.readString(r.submission().resolve("participants.csv")))
        .doesNotContain("15/06/1990")
        .doesNotContain("1985-02-28");
    assertThat(p.get(3)[col(p.get(0), "enrolment_date")]).isEqualTo("[withheld: type]");
    assertThat(r.warnings())
        .filteredOn(x -> x.kind() == ContributionWarning.Kind.AGE_NOT_COMPUTED)
        .extracting(ContributionWarning::line, ContributionWarning::column)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(4L, "enrolment_date"));
  }

  @Test
  void withholdsTheLinesOfARaggedFileWholeAndKeepsTheOthers() throws Exception {
    Map<String, String> files = ContributeFixtures.export();
    files.put(
        "injuries.csv",
        "participant_id,onset_date,side,diagnosis,return_to_run_date\n"
            + "P001,2025-01-08,L,ITBS\n"
            + "P002,2025-03-01,R,PFPS,,extra\n"
            + ",2025-03-01,R,PFPS,\n");
    ContributionResult r = contribute(files);
    List<String[]> i = ContributeFixtures.read(r.submission().resolve("injuries.csv"));
    assertThat(i).hasSize(2);
    assertThat(r.manifest().withheld("injuries.csv").rows())
        .containsExactly(Map.entry("field_count", 2L));
    assertThat(text(r.submission().resolve("injuries.csv"))).doesNotContain("extra");
    assertThat(i.get(1)[0]).isEmpty();
    // No participant_id, no shift: the real onset date is withheld, not sent unshifted.
    assertThat(i.get(1)[1]).isEqualTo(Contributor.WITHHELD_NO_PARTICIPANT);
    assertThat(r.warnings())
        .extracting(ContributionWarning::kind)
        .contains(ContributionWarning.Kind.MISSING_PARTICIPANT);
    assertThat(r.manifest().file("injuries.csv").rows()).isEqualTo(1);
  }

  @Test
  void leavesOutFilesThatAreNotCef1TablesWithAWarning() throws Exception {
    Map<String, String> files = ContributeFixtures.export();
    files.put("contacts.csv", "name,email\nAnn,ann@example.org\n");
    ContributionResult r = contribute(files);
    assertThat(r.submission().resolve("contacts.csv")).doesNotExist();
    assertThat(r.warnings())
        .filteredOn(x -> x.kind() == ContributionWarning.Kind.IGNORED_FILE)
        .extracting(ContributionWarning::file)
        .containsExactly("contacts.csv");
  }

  @Test
  void headerNamesMatchInAnyCaseAfterTrimming() {
    Map<String, String> files = ContributeFixtures.export();
    files.put(
        "injuries.csv",
        " Participant_ID ,ONSET_DATE,Side,diagnosis,return_to_run_date\n"
            + "P001,2025-01-08,L,ITBS,\n");
    ContributionResult r = contribute(files);
    List<String[]> i = ContributeFixtures.read(r.submission().resolve("injuries.csv"));
    assertThat(i.get(0))
        .containsExactly("participant_id", "onset_date", "side", "diagnosis", "return_to_run_date");
    assertThat(i.get(1)[0])
        .isEqualTo(ContributeFixtures.pseudonym(ContributeFixtures.keyBytes(), "P001"));
    assertThat(i.get(1)[1]).isEqualTo(shifted("P001", "2025-01-08"));
  }

  @Test
  void dropsDirectIdentifiersFromEveryTable() {
    Map<String, String> files = ContributeFixtures.export();
    files.put(
        "assessments.csv",
        "participant_id,MRN,assessment_date,side,hip_abduction_torque_nm_kg,dorsiflexion_lunge_cm,"
            + "notes\n"
            + "P001,MRN-778,2024-06-10,L,1.7,11.9,seen by Dr Who\n");
    ContributionResult r = contribute(files);
    List<String[]> a = ContributeFixtures.read(r.submission().resolve("assessments.csv"));
    assertThat(a.get(0))
        .containsExactly(
            "participant_id",
            "assessment_date",
            "side",
            "hip_abduction_torque_nm_kg",
            "dorsiflexion_lunge_cm");
    assertThat(new ArrayList<>(Arrays.asList(a.get(1))))
        .doesNotContain("MRN-778", "seen by Dr Who");
  }
}
