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
import org.itbs.core.lake.Lake;
import org.itbs.core.lake.LakeState;
import org.itbs.core.lake.SubmissionRecord;
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
 * site, ingest. Every fault the generator injected is in quarantine at its line with its rule, the
 * counts add up per file, and neither an identifier column nor a raw participant id is anywhere in
 * the lake.
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
    LakeState s = Lake.at(lake).state();
    return s.submission(s.current().get(site)).orElseThrow();
  }

  private static String table(String file) {
    return Dictionary.submission().tableForFile(file).orElseThrow().name();
  }

  @Test
  void everyInjectedRowFaultIsQuarantinedAtItsLineWithItsRule() throws Exception {
    Map<String, Map<Long, Set<String>>> found = new HashMap<>();
    int checked = 0;
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
      String key = site + "/" + file;
      Map<Long, Set<String>> rules =
          found.computeIfAbsent(
              key,
              k -> {
                SubmissionRecord r = current(site);
                Dataset<Row> q =
                    spark
                        .read()
                        .parquet(Lake.at(lake).quarantine(table(file), site, r.id()).toString());
                Map<Long, Set<String>> m = new HashMap<>();
                for (Row row : q.collectAsList()) {
                  Set<String> rs = new HashSet<>();
                  row.<Row>getList(row.fieldIndex("findings")).forEach(x -> rs.add(x.getString(2)));
                  m.put(row.getLong(row.fieldIndex("source_line")), rs);
                }
                return m;
              });
      long line = f.path("line").asLong();
      assertThat(rules).as("fault %s", f).containsKey(line);
      assertThat(rules.get(line))
          .as("rules at %s line %d", key, line)
          .contains(f.path("rule").asText());
      checked++;
    }
    assertThat(checked).as("the messy cohort injects row faults").isGreaterThan(20);
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
      Dataset<Row> q =
          spark
              .read()
              .parquet(Lake.at(lake).quarantine(table(file), site, current(site).id()).toString());
      List<Row> rows =
          q.filter(q.col("source_line").equalTo(f.path("line").asLong())).collectAsList();
      assertThat(rows).as("fault %s", f).hasSize(1);
      Row row = rows.get(0);
      assertThat(row.<String>getAs(column)).isEqualTo(Contributor.WITHHELD_NOT_A_DATE);
      List<Row> findings = row.getList(row.fieldIndex("findings"));
      assertThat(findings)
          .as("fault %s", f)
          .anySatisfy(
              x -> {
                assertThat(x.getString(0)).isEqualTo(column);
                assertThat(x.getString(1)).isEqualTo(Contributor.WITHHELD_NOT_A_DATE);
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
        assertThat(c.read()).as("%s %s read", site, t.file()).isEqualTo(rows);
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
        if (n.startsWith("submission=")) {
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
