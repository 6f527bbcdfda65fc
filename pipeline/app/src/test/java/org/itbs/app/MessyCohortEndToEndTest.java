package org.itbs.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.itbs.contribute.ClinicKey;
import org.itbs.contribute.Contributor;
import org.itbs.core.csv.CsvReader;
import org.itbs.core.csv.CsvRecord;
import org.itbs.core.dictionary.Dictionary;
import org.itbs.core.dictionary.TableSpec;
import org.itbs.core.lake.FileCounts;
import org.itbs.core.lake.LakeState;
import org.itbs.core.lake.SubmissionRecord;
import org.itbs.spark.LakeReads;
import org.itbs.spark.SparkSessions;
import org.itbs.spark.ingest.IngestJob;
import org.itbs.synth.CohortGenerator;
import org.itbs.synth.CohortSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole clinic-to-lake path on a messy generated cohort: generate --messy, contribute each
 * site, ingest. Every fault the generator injected is accounted for: a line withheld whole at the
 * clinic is in the clinic report's withheld.csv at its export line; a value withheld at the clinic
 * is there too, counted in the manifest, and its row (sent with a {@code [withheld: rule]} marker)
 * is in quarantine under that rule; any other fault is in quarantine with its rule. Quarantine
 * lines are the submission's (its rows are sorted by pseudonym), mapped to export lines through the
 * clinic report's lines.csv. The counts add up per file, and neither an identifier column nor a raw
 * participant id is anywhere in the lake.
 */
class MessyCohortEndToEndTest {
  private static SparkSession spark;
  @TempDir static Path tmp;
  private static Path raw;
  private static Path lake;

  @BeforeAll
  static void runPipeline() throws Exception {
    System.setProperty("spark.ui.enabled", "false");
    spark = SparkSessions.get("itbs-e2e-test", "local[2]");
    raw = tmp.resolve("raw");
    lake = tmp.resolve("lake");
    CohortGenerator.generate(
        CohortSpec.builder().sites(2).runners(120).seed(11).faults(CohortSpec.Faults.MESSY).build(),
        raw);
    IngestJob job =
        new IngestJob(
            spark, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    for (String site : sites()) {
      ClinicKey key =
          ClinicKey.of(
              ("test-key-of-site-" + site + "-0123456789abcdef").getBytes(StandardCharsets.UTF_8));
      Path sub = tmp.resolve("sub").resolve(site);
      Contributor.builder()
          .site(site)
          .key(key)
          .toolVersion("test")
          .build()
          .contribute(raw.resolve(site), sub);
      job.ingest(sub, lake);
    }
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static List<String> sites() throws Exception {
    List<String> out = new ArrayList<>();
    try (var s = Files.list(raw)) {
      s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().forEach(out::add);
    }
    return out;
  }

  private static JsonNode faults() throws Exception {
    JsonNode n = new ObjectMapper().readTree(raw.resolve("faults.json").toFile());
    return n.isArray() ? n : n.path("faults");
  }

  private static SubmissionRecord current(String site) {
    LakeState s = LakeReads.state(lake);
    return s.submission(s.current().get(site)).orElseThrow();
  }

  /** The rules whose breaking value the clinic withholds (sent as a marker, listed locally). */
  private static final Set<String> WITHHELD_AT_CLINIC =
      Set.of("type", "range", "allowed_values", "length", "pattern");

  private static Path clinicReport(String site) {
    return Contributor.defaultReport(tmp.resolve("sub").resolve(site));
  }

  private static List<String[]> csv(Path file) throws Exception {
    List<String[]> out = new ArrayList<>();
    try (var in = Files.newInputStream(file);
        CsvReader reader = CsvReader.open(in)) {
      for (CsvRecord r : reader) {
        out.add(r.fields());
      }
    }
    return out;
  }

  /** Per file, export line to submission line, from the clinic report's lines.csv. */
  private static Map<String, Map<Long, Long>> submissionLines(String site) throws Exception {
    Map<String, Map<Long, Long>> m = new HashMap<>();
    for (String[] l : csv(clinicReport(site).resolve("lines.csv"))) {
      m.computeIfAbsent(l[0], k -> new HashMap<>()).put(Long.parseLong(l[2]), Long.parseLong(l[1]));
    }
    return m;
  }

  /**
   * The rows of the clinic report's withheld.csv (file, export_line, submission_line, column,
   * value, rule, action).
   */
  private static List<String[]> withheldAtClinic(String site) throws Exception {
    return csv(clinicReport(site).resolve("withheld.csv"));
  }

  private static String table(String file) {
    return Dictionary.submission().tableForFile(file).orElseThrow().name();
  }

  @Test
  void everyInjectedRowFaultIsQuarantinedAtItsLineWithItsRule() throws Exception {
    Map<String, Map<Long, Set<String>>> found = new HashMap<>();
    Map<String, Map<String, Map<Long, Long>>> linesOf = new HashMap<>();
    Map<String, List<String[]>> withheldOf = new HashMap<>();
    Map<String, Map<String, Long>> withheldValues = new HashMap<>();
    int checked = 0;
    int quarantined = 0;
    int withheldValuesChecked = 0;
    for (JsonNode f : faults()) {
      if (!"row".equals(f.path("kind").asText())) {
        continue;
      }
      String column = f.path("column").asText();
      if (column.equals("height_cm") || column.equals("mass_kg")) {
        // These stay at the clinic: a failing one withholds bmi (empty, allowed), so the row is
        // accepted without bmi rather than quarantined.
        continue;
      }
      String site = f.path("site").asText();
      String file = f.path("file").asText();
      String rule = f.path("rule").asText();
      long exportLine = f.path("line").asLong();
      String key = site + "/" + file;
      Map<Long, Long> lines =
          linesOf
              .computeIfAbsent(
                  site,
                  s -> {
                    try {
                      return submissionLines(s);
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  })
              .getOrDefault(file, Map.of());
      List<String[]> withheld =
          withheldOf.computeIfAbsent(
              site,
              s -> {
                try {
                  return withheldAtClinic(s);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      if (!lines.containsKey(exportLine)) {
        // Not sent: the line was withheld whole at the clinic, and the clinic report says so.
        assertThat(withheld)
            .as("fault %s: not sent, so withheld whole in the clinic report", f)
            .anySatisfy(
                w -> {
                  assertThat(w[0]).isEqualTo(file);
                  assertThat(w[1]).isEqualTo(Long.toString(exportLine));
                  assertThat(w[2]).isEmpty();
                  assertThat(w[3]).isEmpty();
                });
        checked++;
        continue;
      }
      long line = lines.get(exportLine);
      if (WITHHELD_AT_CLINIC.contains(rule)) {
        // The value never left the clinic: listed in its report with both lines, counted in the
        // manifest, and its row reaches quarantine with the marker under the same rule (below).
        assertThat(withheld)
            .as("fault %s: value withheld in the clinic report", f)
            .anySatisfy(
                w -> {
                  assertThat(w[0]).isEqualTo(file);
                  assertThat(w[1]).isEqualTo(Long.toString(exportLine));
                  assertThat(w[2]).isEqualTo(Long.toString(line));
                  assertThat(w[3]).isEqualTo(column);
                  assertThat(w[4]).endsWith(f.path("value").asText());
                  assertThat(w[5]).isEqualTo(rule);
                });
        withheldValues
            .computeIfAbsent(site + "/" + file, k -> new HashMap<>())
            .merge(rule, 1L, Long::sum);
        withheldValuesChecked++;
      }
      Map<Long, Set<String>> rules =
          found.computeIfAbsent(
              key,
              k -> {
                SubmissionRecord r = current(site);
                Dataset<Row> q = LakeReads.quarantine(spark, lake, table(file), site);
                Map<Long, Set<String>> m = new HashMap<>();
                for (Row row : q.collectAsList()) {
                  Set<String> rs = new HashSet<>();
                  row.<Row>getList(row.fieldIndex("findings")).forEach(x -> rs.add(x.getString(2)));
                  m.put(row.getLong(row.fieldIndex("source_line")), rs);
                }
                return m;
              });
      assertThat(rules).as("fault %s at submission line %d", f, line).containsKey(line);
      assertThat(rules.get(line))
          .as("rules at %s line %d (export line %d)", key, line, exportLine)
          .contains(rule);
      quarantined++;
      checked++;
    }
    assertThat(checked).as("the messy cohort injects row faults").isGreaterThan(20);
    assertThat(quarantined).as("faults that reach quarantine").isGreaterThan(20);
    assertThat(withheldValuesChecked).as("faults withheld at the clinic").isGreaterThan(5);
    // The manifest counts at least the injected values per file and rule (a generated row may
    // break a rule by chance, too).
    for (Map.Entry<String, Map<String, Long>> e : withheldValues.entrySet()) {
      String site = e.getKey().substring(0, e.getKey().indexOf('/'));
      String file = e.getKey().substring(e.getKey().indexOf('/') + 1);
      org.itbs.core.submission.SubmissionManifest m =
          org.itbs.core.submission.SubmissionManifest.read(
              tmp.resolve("sub").resolve(site).resolve("manifest.json"));
      e.getValue()
          .forEach(
              (rule, n) ->
                  assertThat(m.withheld(file).values().getOrDefault(rule, 0L))
                      .as("%s withheld %s in the manifest", e.getKey(), rule)
                      .isGreaterThanOrEqualTo(n));
    }
  }

  @Test
  void aDateThatCannotBeShiftedReachesQuarantineWithheldNeverAsWritten() throws Exception {
    int checked = 0;
    for (JsonNode f : faults()) {
      if (!"row".equals(f.path("kind").asText())
          || !"type".equals(f.path("rule").asText())
          || !f.path("column").asText().endsWith("_date")) {
        continue;
      }
      String site = f.path("site").asText();
      String file = f.path("file").asText();
      String column = f.path("column").asText();
      long exportLine = f.path("line").asLong();
      Long line = submissionLines(site).getOrDefault(file, Map.of()).get(exportLine);
      assertThat(line).as("fault %s: its row is sent (lines.csv)", f).isNotNull();
      // At the clinic: the date as written is in the clinic's own report only.
      assertThat(withheldAtClinic(site))
          .as("fault %s in the clinic report", f)
          .anySatisfy(
              w ->
                  assertThat(w)
                      .containsExactly(
                          file,
                          Long.toString(exportLine),
                          Long.toString(line),
                          column,
                          f.path("value").asText(),
                          "type",
                          "value sent as [withheld: type]"));
      Dataset<Row> q = LakeReads.quarantine(spark, lake, table(file), site);
      List<Row> rows = q.filter(q.col("source_line").equalTo(line)).collectAsList();
      assertThat(rows).as("fault %s", f).hasSize(1);
      Row row = rows.get(0);
      String marker = "[withheld: type]";
      assertThat(row.<String>getAs(column)).isEqualTo(marker);
      List<Row> findings = row.getList(row.fieldIndex("findings"));
      assertThat(findings)
          .as("fault %s", f)
          .anySatisfy(
              x -> {
                assertThat(x.getString(0)).isEqualTo(column);
                assertThat(x.getString(1)).isEqualTo(marker);
                assertThat(x.getString(2)).isEqualTo("type");
              })
          .noneSatisfy(x -> assertThat(x.getString(1)).isEqualTo(f.path("value").asText()));
      checked++;
    }
    assertThat(checked).as("the messy cohort writes day-first dates").isGreaterThan(0);
  }

  @Test
  void countsAddUpPerFileAndEqualTheRowsOfTheClinicExport() throws Exception {
    for (String site : sites()) {
      SubmissionRecord r = current(site);
      for (TableSpec t : Dictionary.cef1().tables()) {
        Path f = raw.resolve(site).resolve(t.file());
        if (!Files.exists(f)) {
          continue;
        }
        long rows = 0;
        try (var in = Files.newInputStream(f);
            CsvReader reader = CsvReader.open(in)) {
          for (CsvRecord ignored : reader) {
            rows++;
          }
        }
        FileCounts c = r.files().get(t.file());
        assertThat(c).as("%s %s", site, t.file()).isNotNull();
        // What the centre read plus the rows the clinic withheld whole = the export's rows.
        assertThat(c.read() + r.withheldAtClinic(t.file()).rowCount())
            .as("%s %s read + withheld at the clinic", site, t.file())
            .isEqualTo(rows);
        assertThat(r.exportRows(t.file())).isEqualTo(rows);
        assertThat(r.withheldAtClinic(t.file()))
            .isEqualTo(
                org.itbs.core.submission.SubmissionManifest.read(
                        tmp.resolve("sub").resolve(site).resolve("manifest.json"))
                    .withheld(t.file()));
        assertThat(c.accepted() + c.quarantined()).isEqualTo(c.read());
      }
    }
  }

  @Test
  void noIdentifierColumnAndNoRawParticipantIdAnywhereUnderTheLake() throws Exception {
    Set<String> rawIds = new HashSet<>();
    for (String site : sites()) {
      for (TableSpec t : Dictionary.cef1().tables()) {
        Path f = raw.resolve(site).resolve(t.file());
        if (!Files.exists(f)) {
          continue;
        }
        try (var in = Files.newInputStream(f);
            CsvReader reader = CsvReader.open(in)) {
          int idCol = -1;
          String[] h = reader.header();
          for (int i = 0; i < h.length; i++) {
            if (h[i].trim().equalsIgnoreCase("participant_id")) {
              idCol = i;
            }
          }
          for (CsvRecord rec : reader) {
            if (idCol >= 0 && idCol < rec.fields().length && !rec.fields()[idCol].isBlank()) {
              rawIds.add(rec.fields()[idCol]);
            }
          }
        }
      }
    }
    assertThat(rawIds).isNotEmpty();
    Set<String> identifiers = Dictionary.cef1().identifierColumns();
    List<Path> parquetDirs = new ArrayList<>();
    try (var w = Files.walk(lake)) {
      for (Path p : w.toList()) {
        String n = p.getFileName().toString();
        // A submission's data folder of a table: warehouse/<ns>/<table>/data/site=<SITE>/<id>/
        if (Files.isDirectory(p) && p.getParent().getFileName().toString().startsWith("site=")) {
          parquetDirs.add(p);
        } else if (Files.isRegularFile(p)) {
          String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
          for (String id : rawIds) {
            assertThat(text).as("raw id %s in %s", id, p).doesNotContain(id);
          }
        }
      }
    }
    assertThat(parquetDirs).isNotEmpty();
    for (Path dir : parquetDirs) {
      Dataset<Row> df = spark.read().parquet(dir.toString());
      for (StructField f : df.schema().fields()) {
        assertThat(identifiers)
            .as("column %s of %s", f.name(), dir)
            .doesNotContain(f.name().toLowerCase(Locale.ROOT));
        assertThat(f.name()).isNotEqualTo("birth_date");
        if (f.dataType().equals(DataTypes.StringType)) {
          List<String> values =
              df.select(f.name())
                  .distinct()
                  .as(org.apache.spark.sql.Encoders.STRING())
                  .collectAsList();
          assertThat(values).as("%s of %s", f.name(), dir).doesNotContainAnyElementsOf(rawIds);
        }
      }
    }
  }
}
