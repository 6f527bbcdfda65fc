package org.itbs.contribute;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.itbs.c3d.C3dFile;
import org.itbs.c3d.C3dReader;
import org.itbs.c3d.Parameter;
import org.itbs.c3d.ParameterGroup;
import org.itbs.core.submission.SubmissionManifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An export whose gait comes as C3D files ({@code gait/index.csv}) on the real RBDS and RIC runs
 * (pipeline/c3d's test files; its README there says where they come from): the trials become
 * gait_frames rows at their own frame rate with events, every other index row is withheld with its
 * rule in the clinic report, the counts add up, and nothing of the files' parameters or names
 * reaches the submission.
 */
class C3dGaitTest {
  static final Path REAL = Path.of("../c3d/src/test/resources/org/itbs/c3d");
  static final String RBDS_RUN = "RBDS001runT35.c3d";
  static final String RBDS_STATIC = "RBDS001static.c3d";
  static final String RIC_RUN = "RIC_20140515T133244_run.c3d";
  static final String RIC_STATIC = "RIC_20140515T133244_static.c3d";

  /** Index rows, line 2 onwards, and the rule each must get (null: converted). */
  static final List<String[]> INDEX =
      List.of(
          new String[] {"P001,2024-06-16,1,lab/" + RBDS_RUN + "," + RBDS_STATIC, null},
          new String[] {"P002,2024-06-20,2," + RIC_RUN + "," + RIC_STATIC, null},
          new String[] {"P001,2024-06-16,1," + RIC_RUN + "," + RIC_STATIC, "duplicate_key"},
          new String[] {"P003,2024-02-27,1,missing.c3d," + RIC_STATIC, "file_missing"},
          new String[] {"P003,2024-02-27,2,broken.c3d,", "c3d_unreadable"},
          new String[] {"P003,2024-02-27,3," + RIC_RUN + ",", "c3d_angles"},
          new String[] {"P003,2024-02-27,4," + RIC_RUN + "," + RBDS_STATIC, "c3d_angles"},
          new String[] {"P003,2024-02-27,5,../participants.csv,", "file_path"},
          new String[] {"P003,27/02/2024,6," + RIC_RUN + "," + RIC_STATIC, "type"},
          new String[] {"P003,2024-02-27,0," + RIC_RUN + "," + RIC_STATIC, "range"},
          new String[] {",2024-02-27,7," + RIC_RUN + "," + RIC_STATIC, "required"},
          new String[] {"P003,2024-02-27,8,\"" + RIC_RUN + "," + RIC_STATIC, "line_break"});

  @TempDir static Path dir;
  static ContributionResult result;
  static Path export;

  static Path export(Path into) throws IOException {
    Map<String, String> files = ContributeFixtures.export();
    files.remove("gait_frames.csv");
    Path raw = ContributeFixtures.write(into, files);
    Path gait = Files.createDirectories(raw.resolve("gait"));
    Files.createDirectories(gait.resolve("lab"));
    Files.copy(REAL.resolve(RBDS_RUN), gait.resolve("lab").resolve(RBDS_RUN));
    for (String f : List.of(RBDS_STATIC, RIC_RUN, RIC_STATIC)) {
      Files.copy(REAL.resolve(f), gait.resolve(f));
    }
    Files.writeString(gait.resolve("broken.c3d"), "not a C3D file at all\n", UTF_8);
    StringBuilder index =
        new StringBuilder("participant_id,session_date,trial,run_file,static_file\n");
    for (String[] row : INDEX) {
      index.append(row[0]).append('\n');
    }
    Files.writeString(gait.resolve("index.csv"), index.toString(), UTF_8);
    return raw;
  }

  static Contributor contributor() {
    return Contributor.builder()
        .site("CLINA")
        .key(ClinicKey.of(ContributeFixtures.keyBytes()))
        .toolVersion("9.9.9-test")
        .build();
  }

  @BeforeAll
  static void contribute() throws IOException {
    export = export(dir.resolve("export"));
    result = contributor().contribute(export, dir.resolve("submission"));
  }

  @Test
  void everyIndexRowIsConvertedOrWithheldWithItsRule() {
    assertThat(result.gait().indexRows()).isEqualTo(INDEX.size());
    assertThat(result.gait().converted()).isEqualTo(2);
    assertThat(result.gait().withheld()).isEqualTo(INDEX.size() - 2);
    List<String[]> gait = ContributeFixtures.read(result.report().resolve("gait.csv"));
    assertThat(gait.get(0)).containsExactly(ClinicReport.GAIT_HEADER.split(","));
    assertThat(gait).hasSize(INDEX.size() + 1);
    for (int i = 0; i < INDEX.size(); i++) {
      String[] row = gait.get(i + 1);
      assertThat(row[0]).isEqualTo(Integer.toString(i + 2)); // index line
      String rule = INDEX.get(i)[1];
      if (rule == null) {
        assertThat(row[6]).as("line %s", row[0]).isEqualTo("sent");
        assertThat(Long.parseLong(row[7])).isGreaterThan(1000);
      } else {
        assertThat(row[6]).as("line %s", row[0]).isEqualTo("withheld");
        assertThat(row[11]).as("line %s: %s", row[0], row[12]).isEqualTo(rule);
        assertThat(row[7]).isEqualTo("0");
      }
    }
    // The frame rates and event sources of the two runs.
    assertThat(gait.get(1)[8]).isEqualTo("150");
    assertThat(gait.get(1)[9]).startsWith("force-platform");
    assertThat(gait.get(2)[8]).isEqualTo("200");
    assertThat(gait.get(2)[9]).startsWith("markers");
    assertThat(gait.get(2)[10]).contains("RIC");
    // Rows sent add up to the submission's gait_frames rows.
    long sent = gait.subList(1, gait.size()).stream().mapToLong(r -> Long.parseLong(r[7])).sum();
    assertThat(sent).isEqualTo(result.gait().frames());
    SubmissionManifest.FileEntry frames =
        result.manifest().files().stream()
            .filter(f -> f.file().equals("gait_frames.csv"))
            .findFirst()
            .orElseThrow();
    assertThat(frames.rows()).isEqualTo(sent);
  }

  @Test
  void withheldIndexRowsAreInWithheldCsvWithFileLineColumnValueAndRule() throws IOException {
    List<String[]> w = ContributeFixtures.read(result.report().resolve("withheld.csv"));
    List<String[]> index = w.stream().filter(r -> r[0].equals("gait/index.csv")).toList();
    assertThat(index).hasSize(INDEX.size() - 2);
    String[] missing = index.stream().filter(r -> r[1].equals("5")).findFirst().orElseThrow();
    assertThat(missing)
        .containsExactly(
            "gait/index.csv",
            "5",
            "",
            "run_file",
            "missing.c3d",
            "file_missing",
            "trial withheld: no file gait/missing.c3d in the export");
    String[] corrupt = index.stream().filter(r -> r[1].equals("6")).findFirst().orElseThrow();
    assertThat(corrupt[3]).isEqualTo("run_file");
    assertThat(corrupt[4]).isEqualTo("broken.c3d");
    assertThat(corrupt[6]).contains("not a readable C3D file");
    String[] markers = index.stream().filter(r -> r[1].equals("8")).findFirst().orElseThrow();
    assertThat(markers[5]).isEqualTo("c3d_angles");
    String[] date = index.stream().filter(r -> r[1].equals("10")).findFirst().orElseThrow();
    assertThat(Arrays.copyOfRange(date, 3, 6))
        .containsExactly("session_date", "27/02/2024", "type");
    String[] broken = index.stream().filter(r -> r[1].equals("13")).findFirst().orElseThrow();
    assertThat(broken[3]).isEmpty();
    assertThat(broken[5]).isEqualTo("line_break");
    // Index rows are trials, not rows of a submission file: the manifest does not count them.
    assertThat(result.manifest().withheld()).doesNotContainKey("gait/index.csv");
    assertThat(Files.readString(result.report().resolve("report.html"), UTF_8))
        .contains("Gait from C3D files")
        .contains("12 index row(s): 2 trial(s) converted");
  }

  @Test
  void theRowsCarryTheRateAndTheEventsOfEachSideAtTheFilesFrameNumbers() {
    List<String[]> rows = ContributeFixtures.read(result.report().resolve(ClinicReport.CONVERTED));
    assertThat(rows.get(0))
        .containsExactly(
            "participant_id",
            "session_date",
            "trial",
            "side",
            "frame",
            "frame_rate_hz",
            "event",
            "hip_adduction_deg",
            "pelvic_drop_deg",
            "knee_flexion_deg",
            "knee_internal_rotation_deg",
            "ankle_dorsiflexion_deg");
    Set<String> seen = new HashSet<>();
    long fs = 0;
    long to = 0;
    for (String[] r : rows.subList(1, rows.size())) {
      seen.add(r[0] + " " + r[2] + " " + r[3] + " " + r[5]);
      fs += r[6].equals("FS") ? 1 : 0;
      to += r[6].equals("TO") ? 1 : 0;
      assertThat(Integer.parseInt(r[4])).isPositive();
    }
    assertThat(seen)
        .containsExactlyInAnyOrder("P001 1 L 150", "P001 1 R 150", "P002 2 L 200", "P002 2 R 200");
    assertThat(fs).isGreaterThan(100);
    assertThat(to).isGreaterThan(100);
    // The submission holds the same rows, pseudonymised, dates shifted and sorted.
    List<String[]> sent = ContributeFixtures.read(result.submission().resolve("gait_frames.csv"));
    assertThat(sent).hasSameSizeAs(rows);
    assertThat(sent.get(0)).contains("frame_rate_hz");
  }

  @Test
  void nothingOfTheC3dParametersOrFileNamesLeavesTheClinic() throws IOException {
    Set<String> identifying = new HashSet<>();
    for (String f : List.of(RBDS_RUN, RBDS_STATIC, RIC_RUN, RIC_STATIC)) {
      identifying.add(f);
      identifying.add(f.replace(".c3d", ""));
      C3dFile c = C3dReader.read(REAL.resolve(f));
      for (String g : List.of("SUBJECTS", "TRIAL", "MANUFACTURER")) {
        for (ParameterGroup group : c.parameters().group(g).stream().toList()) {
          for (Parameter p : group.parameters().values()) {
            if (p.type() == Parameter.Type.CHAR) {
              for (String s : p.strings()) {
                if (s.strip().length() >= 4) {
                  identifying.add(s.strip());
                }
              }
            }
          }
        }
      }
    }
    assertThat(identifying).contains(RBDS_RUN).hasSizeGreaterThan(8);
    List<String> leaks = new ArrayList<>();
    try (Stream<Path> files = Files.walk(result.submission())) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        String text = new String(Files.readAllBytes(p), ISO_8859_1);
        for (String s : identifying) {
          if (text.contains(s)) {
            leaks.add(p.getFileName() + ": " + s);
          }
        }
        assertThat(text).doesNotContain("P001").doesNotContain("P002").doesNotContain(".c3d");
      }
    }
    assertThat(leaks).isEmpty();
  }

  @Test
  void aZipExportCarriesItsGaitFolderToo() throws IOException {
    Path folder = export(dir.resolve("zipped"));
    Path zip = dir.resolve("export.zip");
    try (OutputStream out = Files.newOutputStream(zip);
        ZipOutputStream z = new ZipOutputStream(out);
        Stream<Path> files = Files.walk(folder)) {
      for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = "export/" + folder.relativize(p).toString().replace('\\', '/');
        if (name.contains("RBDS")) {
          continue; // keep the zip small: the RBDS rows are withheld as missing files
        }
        z.putNextEntry(new ZipEntry(name));
        z.write(Files.readAllBytes(p));
        z.closeEntry();
      }
    }
    ContributionResult r = contributor().contribute(zip, dir.resolve("from-zip"));
    assertThat(r.gait().indexRows()).isEqualTo(INDEX.size());
    assertThat(r.gait().converted()).isEqualTo(1);
    List<String[]> gait = ContributeFixtures.read(r.report().resolve("gait.csv"));
    assertThat(gait.get(1)[11]).isEqualTo("file_missing");
    assertThat(gait.get(2)[6]).isEqualTo("sent");
    assertThat(gait.get(2)[7])
        .isEqualTo(ContributeFixtures.read(result.report().resolve("gait.csv")).get(2)[7]);
  }

  @Test
  void anExportWithBothGaitFramesCsvAndAGaitFolderIsRefused() throws IOException {
    Path raw = export(dir.resolve("both"));
    Files.writeString(
        raw.resolve("gait_frames.csv"), ContributeFixtures.export().get("gait_frames.csv"), UTF_8);
    assertThatThrownBy(() -> contributor().contribute(raw, dir.resolve("both-out")))
        .isInstanceOf(ExportRejectedException.class)
        .hasMessageContaining("gait/index.csv")
        .hasMessageContaining("keep one of the two");
    assertThat(dir.resolve("both-out")).doesNotExist();
  }

  @Test
  void anIndexWithoutARequiredColumnOrWithAnUnknownOneIsRefused() throws IOException {
    Path raw = export(dir.resolve("header"));
    Files.writeString(
        raw.resolve("gait/index.csv"),
        "participant_id,session_date,run_file,static_file,subject_name\n"
            + "P001,2024-06-16,lab/"
            + RBDS_RUN
            + ",,Jane\n",
        UTF_8);
    assertThatThrownBy(() -> contributor().contribute(raw, dir.resolve("header-out")))
        .isInstanceOf(ExportRejectedException.class)
        .hasMessageContaining("required column 'trial'")
        .hasMessageContaining("subject_name");
  }
}
