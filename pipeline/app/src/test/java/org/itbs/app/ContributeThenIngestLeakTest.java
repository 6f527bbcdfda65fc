package org.itbs.app;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.itbs.contribute.Contributor;
import org.itbs.core.csv.CsvReader;
import org.itbs.core.csv.CsvRecord;
import org.itbs.core.lake.FileCounts;
import org.itbs.core.lake.LakeState;
import org.itbs.core.lake.SubmissionRecord;
import org.itbs.core.submission.SubmissionManifest;
import org.itbs.spark.LakeReads;
import org.itbs.spark.SparkSessions;
import org.itbs.synth.CohortGenerator;
import org.itbs.synth.CohortSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 end to end, as a clinic and the centre run it (itbs keygen, contribute, ingest, lake
 * status, lake quarantine): identifying values typed into an export (an e-mail in height_cm, a
 * phone number in mass_kg, a name in sex, a spreadsheet formula, a stray quote followed by rows
 * carrying e-mails and phone numbers in an extra column) reach neither the submission nor any byte
 * of the lake, while the clinic's own report lists each with its export line; and the lake's audit
 * record keeps what the clinic withheld, so that read + withheld at the clinic = the export's rows.
 */
class ContributeThenIngestLeakTest {
  @TempDir static Path dir;
  private static Path raw;
  private static Path submission;
  private static Path report;
  private static Path lake;
  private static String site;
  private static long exportParticipants;
  private static CliRun ingest;

  /** Each injected string and the export line of participants.csv it is on. */
  private static final Map<String, Long> INJECTED = new LinkedHashMap<>();

  private static final String EMAIL = "leak.height@example.org";
  private static final String PHONE = "+44 7700 900123";
  private static final String NAME = "Zebedee Quinlan";
  private static final String FORMULA = "=HYPERLINK(\"http://x\")";
  private static final String STRAY_EMAIL_1 = "stray.one@example.org";
  private static final String STRAY_PHONE = "+44 7700 900456";
  private static final String STRAY_EMAIL_2 = "stray.two@example.org";

  /** Fragments of the injected values that must not appear either. */
  private static final List<String> FRAGMENTS =
      List.of("example.org", "7700 900", "Zebedee", "Quinlan", "HYPERLINK", "http://x");

  @BeforeAll
  static void contributeAndIngestAnExportWithIdentifiersTypedIntoIt() throws Exception {
    System.setProperty("spark.ui.enabled", "false");
    Path gen = dir.resolve("gen");
    CohortGenerator.generate(CohortSpec.builder().sites(1).runners(40).seed(7).build(), gen);
    try (Stream<Path> s = Files.list(gen)) {
      site =
          s.filter(Files::isDirectory)
              .map(p -> p.getFileName().toString())
              .sorted()
              .findFirst()
              .orElseThrow();
    }
    raw = gen.resolve(site);
    Path participants = raw.resolve("participants.csv");
    List<String> lines = new ArrayList<>(Files.readAllLines(participants, UTF_8));
    String all = String.join("\n", lines);
    for (String f : FRAGMENTS) {
      assertThat(all).as("the generated export holds no %s", f).doesNotContain(f);
    }
    List<String> header = Arrays.asList(lines.get(0).split(",", -1));
    assertThat(lines.size()).isGreaterThan(15);
    // Export line n is lines.get(n - 1); the header is line 1.
    set(lines, header, 3, "height_cm", EMAIL, EMAIL);
    set(lines, header, 4, "mass_kg", PHONE, PHONE);
    set(lines, header, 5, "sex", NAME, NAME);
    set(lines, header, 6, "running_years", "\"=HYPERLINK(\"\"http://x\"\")\"", FORMULA);
    set(lines, header, 8, "running_years", "\"4.5", null);
    appendField(lines, 9, STRAY_EMAIL_1);
    appendField(lines, 10, STRAY_PHONE);
    appendField(lines, 11, STRAY_EMAIL_2);
    Files.write(participants, lines, UTF_8);
    exportParticipants = lines.size() - 1;

    Path key = dir.resolve("clinic.key");
    assertThat(CliRun.of("keygen", "--out", key.toString()).status()).isZero();
    submission = dir.resolve("submission");
    CliRun c =
        CliRun.of(
            "contribute",
            raw.toString(),
            "--site",
            site,
            "--key-file",
            key.toString(),
            "--out",
            submission.toString());
    assertThat(c.status()).as(c.err()).isZero();
    report = Contributor.defaultReport(submission);
    lake = dir.resolve("lake");
    ingest =
        CliRun.of(
            "ingest", submission.toString(), "--lake", lake.toString(), "--master", "local[2]");
    assertThat(ingest.status()).as(ingest.err()).isZero();
  }

  private static void set(
      List<String> lines,
      List<String> header,
      int exportLine,
      String column,
      String asWritten,
      String injected) {
    String[] f = lines.get(exportLine - 1).split(",", -1);
    assertThat(f).hasSameSizeAs(header.toArray());
    f[header.indexOf(column)] = asWritten;
    lines.set(exportLine - 1, String.join(",", f));
    if (injected != null) {
      INJECTED.put(injected, (long) exportLine);
    }
  }

  private static void appendField(List<String> lines, int exportLine, String injected) {
    lines.set(exportLine - 1, lines.get(exportLine - 1) + "," + injected);
    INJECTED.put(injected, (long) exportLine);
  }

  private static List<String[]> csv(Path file) throws IOException {
    List<String[]> out = new ArrayList<>();
    try (var in = Files.newInputStream(file);
        CsvReader r = CsvReader.open(in)) {
      for (CsvRecord rec : r) {
        out.add(rec.fields());
      }
    }
    return out;
  }

  private static void assertNoInjectedString(String text, String where) {
    for (String s : INJECTED.keySet()) {
      assertThat(text).as("%s in %s", s, where).doesNotContain(s);
    }
    for (String s : FRAGMENTS) {
      assertThat(text).as("%s in %s", s, where).doesNotContain(s);
    }
  }

  private static void assertNoInjectedStringInAnyByteUnder(Path root) throws IOException {
    int files = 0;
    try (Stream<Path> w = Files.walk(root)) {
      for (Path p : w.filter(Files::isRegularFile).toList()) {
        // ISO-8859-1 maps every byte to one char: the check sees every byte as written.
        assertNoInjectedString(new String(Files.readAllBytes(p), ISO_8859_1), p.toString());
        files++;
      }
    }
    assertThat(files).as("files under %s", root).isGreaterThan(5);
  }

  @Test
  void noInjectedStringIsInAnyByteOfTheSubmission() throws Exception {
    assertNoInjectedStringInAnyByteUnder(submission);
    assertThat(report.startsWith(submission)).as("clinic report inside the submission").isFalse();
    assertThat(report.resolve("withheld.csv")).exists();
  }

  @Test
  void noInjectedStringIsInAnyByteOfTheLakeNorInAnyValueSparkReadsFromIt() throws Exception {
    assertNoInjectedStringInAnyByteUnder(lake);
    // Parquet pages may be compressed: read every string column through Spark as well.
    SparkSession spark = SparkSessions.get("itbs-leak-test", "local[2]");
    List<Path> tables = new ArrayList<>();
    try (Stream<Path> w = Files.walk(lake)) {
      // A submission's data folder of a table: warehouse/<ns>/<table>/data/site=<SITE>/<id>/
      w.filter(
              p ->
                  Files.isDirectory(p)
                      && p.getParent().getFileName().toString().startsWith("site="))
          .forEach(tables::add);
    }
    assertThat(tables).isNotEmpty();
    long markers = 0;
    for (Path t : tables) {
      Dataset<Row> df = spark.read().parquet(t.toString());
      for (StructField f : df.schema().fields()) {
        if (f.dataType().equals(DataTypes.StringType)) {
          List<String> values =
              df.select(f.name()).distinct().as(Encoders.STRING()).collectAsList();
          for (String v : values) {
            if (v != null) {
              assertNoInjectedString(v, f.name() + " of " + t);
              if (v.startsWith("[withheld: ")) {
                markers++;
              }
            }
          }
        }
      }
    }
    assertThat(markers).as("the withheld values reach quarantine as markers").isPositive();
  }

  @Test
  void lakeQuarantineCsvHoldsTheMarkersNeverTheValues() {
    CliRun q = CliRun.of("lake", "quarantine", "--lake", lake.toString());
    assertThat(q.status()).as(q.err()).isZero();
    assertNoInjectedString(q.out(), "itbs lake quarantine");
    assertThat(q.out())
        .contains(",participants.csv,")
        .contains(",sex,[withheld: allowed_values],allowed_values,")
        .contains(",running_years,[withheld: type],type,")
        // height_cm and mass_kg never leave the clinic (only bmi does): the e-mail and the phone
        // number typed into them cost their runners' bmi, which is sent empty, and are listed in
        // the clinic's report only.
        .doesNotContain(",height_cm,")
        .doesNotContain(",mass_kg,");
    assertNoInjectedString(ingest.out() + ingest.err(), "itbs ingest's output");
  }

  @Test
  void theClinicReportListsEveryInjectedValueWithItsExportLine() throws Exception {
    List<String[]> withheld = csv(report.resolve("withheld.csv"));
    // file, export_line, submission_line, column, value, rule, action
    for (Map.Entry<String, Long> e : INJECTED.entrySet()) {
      assertThat(withheld)
          .as("%s at export line %d", e.getKey(), e.getValue())
          .anySatisfy(
              w -> {
                assertThat(w[0]).isEqualTo("participants.csv");
                assertThat(w[1]).isEqualTo(Long.toString(e.getValue()));
                assertThat(w[4]).contains(e.getKey());
              });
    }
    // The stray quote costs its own line only: the rows after it are withheld for their own
    // reason (an extra field), each at its line, and every other row is sent.
    assertThat(withheld)
        .anySatisfy(
            w -> {
              assertThat(w[1]).isEqualTo("8");
              assertThat(w[2]).as("withheld whole: no submission line").isEmpty();
              assertThat(w[3]).as("withheld whole: no column").isEmpty();
              assertThat(w[4]).contains("\"4.5");
            });
    for (long line = 9; line <= 11; line++) {
      String l = Long.toString(line);
      assertThat(withheld)
          .anySatisfy(
              w -> {
                assertThat(w[1]).isEqualTo(l);
                assertThat(w[5]).isEqualTo("field_count");
              });
    }
    // A spreadsheet opening withheld.csv shows the formula as text.
    assertThat(withheld).anySatisfy(w -> assertThat(w[4]).isEqualTo("'" + FORMULA));
    String html = Files.readString(report.resolve("report.html"), UTF_8);
    assertThat(html).contains(NAME).contains(STRAY_EMAIL_1).contains("&quot;http://x&quot;");
  }

  @Test
  void theAuditRecordKeepsWhatTheClinicWithheldAndTheCountsAddUpToTheExport() throws Exception {
    SubmissionManifest m = SubmissionManifest.read(submission.resolve("manifest.json"));
    SubmissionManifest.Withheld atClinic = m.withheld("participants.csv");
    assertThat(atClinic.rowCount()).isEqualTo(4);
    assertThat(atClinic.rows()).containsEntry("field_count", 3L);
    // Values sent as markers: running_years (type) and sex (allowed_values); the failing height and
    // mass are not released at all (bmi is sent empty), so no marker of theirs travels.
    // Values withheld at the clinic: height_cm, mass_kg, running_years (type), sex
    // (allowed_values).
    assertThat(atClinic.values()).containsEntry("allowed_values", 1L).containsEntry("type", 3L);

    LakeState s = LakeReads.state(lake);
    SubmissionRecord r = s.submission(s.current().get(site)).orElseThrow();
    assertThat(r.withheldAtClinic()).isEqualTo(m.withheld());
    assertThat(r.withheldAtClinic("participants.csv")).isEqualTo(atClinic);
    FileCounts p = r.files().get("participants.csv");
    assertThat(p.read()).isEqualTo(exportParticipants - 4);
    assertThat(p.read() + r.withheldAtClinic("participants.csv").rowCount())
        .isEqualTo(exportParticipants);
    assertThat(r.exportRows("participants.csv")).isEqualTo(exportParticipants);
    assertThat(p.conserved()).isTrue();
    // Every value withheld at the clinic that travels as a marker has its row in quarantine under
    // the rule it names: sex and running_years. height_cm and mass_kg are not released at all
    // (only bmi is, sent empty for those two runners), so their rows are accepted.
    assertThat(p.quarantinedByRule()).containsEntry("allowed_values", 1L).containsEntry("type", 1L);
    // Every other file: nothing withheld, read = the export's rows.
    for (Map.Entry<String, FileCounts> e : r.files().entrySet()) {
      if (!e.getKey().equals("participants.csv")) {
        assertThat(r.exportRows(e.getKey()))
            .as(e.getKey())
            .isEqualTo(csv(raw.resolve(e.getKey())).size());
      }
    }
    // The audit record in the catalog says so too.
    String audit =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .writeValueAsString(r)
            .replaceAll("\\s", "");
    assertThat(audit).contains("\"withheld_at_clinic\":{\"participants.csv\":{");
    assertThat(ingest.out())
        .contains("withheld at the clinic, never sent: participants.csv 4 rows");
  }

  @Test
  void lakeStatusShowsPerSiteTheRowsWithheldAtTheClinic() {
    CliRun st = CliRun.of("lake", "status", "--lake", lake.toString());
    assertThat(st.status()).as(st.err()).isZero();
    assertThat(st.out()).contains("clinic_rows").contains("clinic_values").contains("export_rows");
    String line =
        st.out()
            .lines()
            .filter(l -> l.startsWith(site + " ") && l.contains(" participants "))
            .findFirst()
            .orElseThrow();
    String[] f = line.trim().split("\\s+");
    // site table read accepted quarantined clinic_rows clinic_values export_rows
    assertThat(f).hasSize(8);
    assertThat(Long.parseLong(f[2])).isEqualTo(exportParticipants - 4);
    assertThat(f[5]).isEqualTo("4");
    assertThat(f[6]).isEqualTo("4");
    assertThat(Long.parseLong(f[7])).isEqualTo(exportParticipants);
    String sub =
        st.out().lines().filter(l -> l.contains(" current ")).findFirst().orElseThrow().trim();
    String[] cols = sub.split("\\s+");
    assertThat(cols[cols.length - 1]).isEqualTo("4");
  }
}
