package org.itbs.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.itbs.core.csv.CsvRecord;
import org.itbs.core.dictionary.ColumnSpec;
import org.itbs.core.dictionary.ColumnType;
import org.itbs.core.dictionary.Dictionary;
import org.itbs.core.dictionary.TableSpec;
import org.itbs.core.validate.Finding;
import org.itbs.core.validate.ParticipantIndex;
import org.itbs.core.validate.RowValidator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CohortGeneratorTest {
  private static final Dictionary CEF1 = Dictionary.cef1();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path shared;
  private static Path clean;
  private static CohortSummary cleanSummary;

  @BeforeAll
  static void generateCleanCohort() {
    clean = shared.resolve("clean");
    cleanSummary =
        CohortGenerator.generate(
            CohortSpec.builder().sites(3).runners(120).seed(2024).trials(2).build(), clean);
  }

  @Test
  void sameSeedGivesByteIdenticalFiles(@TempDir Path tmp) throws IOException {
    CohortSpec spec =
        CohortSpec.builder().sites(2).runners(40).seed(99).faults(CohortSpec.Faults.MESSY).build();
    CohortGenerator.generate(spec, tmp.resolve("a"));
    CohortGenerator.generate(spec, tmp.resolve("b"));
    List<Path> a = files(tmp.resolve("a"));
    List<Path> b = files(tmp.resolve("b"));
    assertThat(a.stream().map(p -> tmp.resolve("a").relativize(p).toString()))
        .containsExactlyElementsOf(
            b.stream().map(p -> tmp.resolve("b").relativize(p).toString()).toList());
    assertThat(a).hasSize(2 * 5 + 2);
    for (int i = 0; i < a.size(); i++) {
      assertThat(Files.readAllBytes(a.get(i)))
          .as(a.get(i).toString())
          .isEqualTo(Files.readAllBytes(b.get(i)));
    }
  }

  @Test
  void differentSeedsGiveDifferentCohorts(@TempDir Path tmp) throws IOException {
    CohortGenerator.generate(
        CohortSpec.builder().sites(1).runners(20).seed(1).build(), tmp.resolve("a"));
    CohortGenerator.generate(
        CohortSpec.builder().sites(1).runners(20).seed(2).build(), tmp.resolve("b"));
    for (String f : List.of("participants.csv", "gait_frames.csv", "training_weeks.csv")) {
      assertThat(Files.readAllBytes(tmp.resolve("a/CLINA/" + f)))
          .as(f)
          .isNotEqualTo(Files.readAllBytes(tmp.resolve("b/CLINA/" + f)));
    }
  }

  @Test
  void writesOneFolderPerSiteWithTheDictionaryHeaders() {
    List<Path> sites = Export.sites(clean);
    assertThat(sites)
        .extracting(p -> p.getFileName().toString())
        .containsExactly("CLINA", "CLINB", "CLINC");
    assertThat(cleanSummary.sites()).containsExactly("CLINA", "CLINB", "CLINC");
    for (Path site : sites) {
      assertThat(site.getFileName().toString()).matches("[A-Z0-9]{3,12}");
      for (TableSpec t : CEF1.tables()) {
        Export.Table table = Export.read(site.resolve(t.file()));
        assertThat(table.header())
            .as(t.file())
            .containsExactlyElementsOf(
                t.columns().stream()
                    .map(ColumnSpec::name)
                    // Optional, empty means 200 Hz: the rate of every generated trial.
                    .filter(c -> !c.equals("frame_rate_hz"))
                    .toList());
      }
    }
  }

  @Test
  void splitsRunnersUnevenlyOverSitesWithUniqueClinicStyleIds() {
    int[] sizes = CohortGenerator.siteSizes(1000, 5, 7);
    assertThat(java.util.Arrays.stream(sizes).sum()).isEqualTo(1000);
    assertThat(java.util.Arrays.stream(sizes).distinct().count()).isEqualTo(5);
    assertThat(java.util.Arrays.stream(sizes).min().getAsInt()).isGreaterThanOrEqualTo(1);
    assertThat(CohortGenerator.siteSizes(3, 3, 7)).containsExactly(1, 1, 1);
    Set<String> ids = new HashSet<>();
    for (Path site : Export.sites(clean)) {
      Export.Table p = Export.read(site.resolve("participants.csv"));
      for (CsvRecord r : p.rows()) {
        String id = p.get(r, "participant_id");
        assertThat(id).matches("[A-Z]{2}-\\d{6}");
        assertThat(ids.add(id)).as("unique id " + id).isTrue();
      }
    }
    assertThat(ids).hasSize(120);
    assertThat(Site.code(0)).isEqualTo("CLINA");
    assertThat(Site.code(26)).isEqualTo("CLINAA");
    assertThat(Site.code(CohortSpec.MAX_SITES - 1)).matches("[A-Z0-9]{3,12}");
  }

  @Test
  void everyRowOfACleanExportPassesTheDictionaryRules() {
    for (Path site : Export.sites(clean)) {
      Map<String, List<String>> refused = validate(site);
      assertThat(refused).as(site.toString()).isEmpty();
    }
  }

  @Test
  void gaitTrialsHaveContinuousFramesAndAlternatingStanceEvents() {
    Export.Table g = Export.read(clean.resolve("CLINA/gait_frames.csv"));
    Map<String, List<CsvRecord>> byTrial = new TreeMap<>();
    for (CsvRecord r : g.rows()) {
      byTrial
          .computeIfAbsent(
              g.get(r, "participant_id")
                  + "/"
                  + g.get(r, "session_date")
                  + "/"
                  + g.get(r, "trial")
                  + "/"
                  + g.get(r, "side"),
              k -> new ArrayList<>())
          .add(r);
    }
    int incomplete = 0;
    int stances = 0;
    for (Map.Entry<String, List<CsvRecord>> e : byTrial.entrySet()) {
      List<CsvRecord> rows = e.getValue();
      assertThat(rows).as(e.getKey()).hasSize(410);
      String expected = "FS";
      int lastFs = -1;
      int lastFsForStride = -1;
      for (int i = 0; i < rows.size(); i++) {
        CsvRecord r = rows.get(i);
        assertThat(Integer.parseInt(g.get(r, "frame"))).isEqualTo(i);
        for (String col :
            List.of(
                "hip_adduction_deg",
                "pelvic_drop_deg",
                "knee_flexion_deg",
                "knee_internal_rotation_deg",
                "ankle_dorsiflexion_deg")) {
          assertThat(g.get(r, col)).matches("-?\\d+\\.\\d{3}");
        }
        String ev = g.get(r, "event");
        if (ev.isEmpty()) {
          continue;
        }
        assertThat(ev).as(e.getKey() + " frame " + i).isEqualTo(expected);
        if (ev.equals("FS")) {
          if (lastFsForStride >= 0) {
            assertThat(i - lastFsForStride).as("stride frames").isBetween(110, 170);
          }
          lastFs = i;
          lastFsForStride = i;
          expected = "TO";
        } else {
          assertThat(i - lastFs).as("stance frames").isBetween(38, 65);
          stances++;
          expected = "FS";
        }
      }
      if (expected.equals("TO")) {
        incomplete++;
      }
    }
    assertThat(stances).isGreaterThan(byTrial.size() * 2);
    assertThat(incomplete).as("trials ending mid-stance").isPositive().isLessThan(byTrial.size());
  }

  @Test
  void assessmentsWeeksAndInjuriesFollowTheRunnersTimeline() {
    for (Path site : Export.sites(clean)) {
      Export.Table p = Export.read(site.resolve("participants.csv"));
      Map<String, long[]> dates = new HashMap<>();
      for (CsvRecord r : p.rows()) {
        dates.put(
            p.get(r, "participant_id"),
            new long[] {
              LocalDate.parse(p.get(r, "enrolment_date")).toEpochDay(),
              LocalDate.parse(p.get(r, "followup_end_date")).toEpochDay()
            });
      }
      Export.Table a = Export.read(site.resolve("assessments.csv"));
      Map<String, Integer> baselineSides = new HashMap<>();
      for (CsvRecord r : a.rows()) {
        long[] d = dates.get(a.get(r, "participant_id"));
        long off = LocalDate.parse(a.get(r, "assessment_date")).toEpochDay() - d[0];
        if (Math.abs(off) <= 30) {
          baselineSides.merge(a.get(r, "participant_id"), 1, Integer::sum);
        }
      }
      assertThat(baselineSides).hasSize(dates.size());
      assertThat(baselineSides.values()).allMatch(n -> n == 2);

      Export.Table w = Export.read(site.resolve("training_weeks.csv"));
      Map<String, List<Long>> weeks = new HashMap<>();
      for (CsvRecord r : w.rows()) {
        LocalDate ws = LocalDate.parse(w.get(r, "week_start"));
        assertThat(ws.getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
        double km = Double.parseDouble(w.get(r, "distance_km"));
        double h = Double.parseDouble(w.get(r, "duration_h"));
        if (km >= 3) {
          assertThat(h * 60 / km).as("pace min/km").isBetween(3.5, 8.5);
        }
        weeks
            .computeIfAbsent(w.get(r, "participant_id"), k -> new ArrayList<>())
            .add(ws.toEpochDay());
      }
      for (Map.Entry<String, long[]> e : dates.entrySet()) {
        List<Long> ws = weeks.get(e.getKey());
        assertThat(ws).as(e.getKey()).isNotNull();
        long firstMonday =
            e.getValue()[0] - LocalDate.ofEpochDay(e.getValue()[0]).getDayOfWeek().getValue() + 1;
        assertThat(ws.get(0)).isGreaterThanOrEqualTo(firstMonday);
        assertThat(ws.get(ws.size() - 1)).isLessThanOrEqualTo(e.getValue()[1]);
        long expected = (e.getValue()[1] - firstMonday) / 7 + 1;
        assertThat((long) ws.size())
            .as("logged weeks of " + e.getKey())
            .isBetween(expected * 8 / 10, expected);
      }
    }
  }

  @Test
  void truthJsonRecordsEffectsDefinitionsSeedSitesAndCounts() throws IOException {
    JsonNode t = JSON.readTree(clean.resolve("truth.json").toFile());
    assertThat(t.get("seed").asLong()).isEqualTo(2024);
    assertThat(t.get("sites")).hasSize(3);
    List<String> terms = new ArrayList<>();
    t.get("onset").get("effects").forEach(e -> terms.add(e.get("term").asText()));
    assertThat(terms)
        .containsExactly(
            "peak_hip_add",
            "peak_pelvic_drop",
            "hip_abd",
            "hip_er",
            "df_lunge",
            "km_week",
            "sex",
            "age",
            "bmi",
            "prior_itbs");
    for (JsonNode e : t.get("onset").get("effects")) {
      assertThat(e.get("definition").asText()).isNotBlank();
      assertThat(e.get("per").asText()).isNotBlank();
      assertThat(e.has("log_hazard_ratio")).isTrue();
    }
    assertThat(effect(t.get("onset"), "hip_abd").get("log_hazard_ratio").asDouble()).isNegative();
    assertThat(effect(t.get("onset"), "df_lunge").get("log_hazard_ratio").asDouble()).isNegative();
    assertThat(effect(t.get("onset"), "prior_itbs").get("per").asText()).isEqualTo("1 unit");
    JsonNode rec = t.get("recurrence");
    assertThat(effect(rec, "maintenance").get("log_hazard_ratio").asDouble()).isNegative();
    assertThat(effect(rec, "acwr").get("log_hazard_ratio").asDouble()).isPositive();
    assertThat(effect(rec, "maintenance").get("per").asText()).contains("session a week");
    assertThat(effect(rec, "acwr").get("per").asText()).contains("unit");
    assertThat(t.get("onset").get("baseline_hazard_per_day").asDouble()).isPositive();

    PlanDerivation d = new PlanDerivation(clean);
    JsonNode c = t.get("counts");
    assertThat(c.get("runners").asLong()).isEqualTo(d.rows.size());
    assertThat(c.get("itbs_onsets").asLong())
        .isEqualTo(d.rows.values().stream().filter(r -> r.event == 1).count());
    assertThat(c.get("itbs_episodes").asLong()).isEqualTo(d.itbsInjuries);
    assertThat(c.get("injuries").asLong()).isEqualTo(d.injuries);
    assertThat(c.get("prior_itbs").asLong())
        .isEqualTo(d.rows.values().stream().filter(r -> r.prior == 1).count());
    for (JsonNode s : t.get("sites")) {
      String code = s.get("code").asText();
      assertThat(s.get("runners").asLong())
          .isEqualTo(d.rows.values().stream().filter(r -> r.site.equals(code)).count());
      assertThat(s.get("rows").get("gait_frames").asLong())
          .isEqualTo(Export.read(clean.resolve(code).resolve("gait_frames.csv")).rows().size());
    }
    assertThat(cleanSummary.itbsEpisodes()).isEqualTo(d.itbsInjuries);
    assertThat(Files.exists(clean.resolve("faults.json"))).isFalse();
  }

  @Test
  void zeroIncidenceAndNoOtherInjuriesGiveEmptyInjuryFiles(@TempDir Path tmp) throws IOException {
    CohortSummary s =
        CohortGenerator.generate(
            CohortSpec.builder()
                .sites(2)
                .runners(30)
                .seed(5)
                .itbsIncidence(0)
                .otherInjuriesPerYear(0)
                .build(),
            tmp.resolve("none"));
    assertThat(s.rows().get("injuries")).isZero();
    assertThat(s.itbsEpisodes()).isZero();
    for (Path site : Export.sites(tmp.resolve("none"))) {
      Export.Table inj = Export.read(site.resolve("injuries.csv"));
      assertThat(inj.rows()).isEmpty();
      assertThat(inj.header())
          .containsExactly(
              "participant_id", "onset_date", "side", "diagnosis", "return_to_run_date");
    }
    JsonNode t = JSON.readTree(tmp.resolve("none/truth.json").toFile());
    assertThat(t.get("onset").get("baseline_hazard_per_day").asDouble()).isZero();
    assertThat(t.get("counts").get("injuries").asLong()).isZero();
  }

  @Test
  void refusesAnOutputFolderThatIsNotEmpty(@TempDir Path tmp) throws IOException {
    Files.writeString(tmp.resolve("keep.txt"), "x");
    CohortSpec spec = CohortSpec.builder().sites(1).runners(2).build();
    assertThatThrownBy(() -> CohortGenerator.generate(spec, tmp))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exists and is not empty");
    assertThat(Files.readString(tmp.resolve("keep.txt"))).isEqualTo("x");
    Path file = tmp.resolve("keep.txt");
    assertThatThrownBy(() -> CohortGenerator.generate(spec, file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is a file");
  }

  @Test
  void writesIntoAnEmptyFolderAndLeavesNoStagingFolder(@TempDir Path tmp) throws IOException {
    Path out = Files.createDirectory(tmp.resolve("out"));
    CohortGenerator.generate(CohortSpec.builder().sites(1).runners(3).build(), out);
    assertThat(out.resolve("CLINA/participants.csv")).exists();
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("out");
    }
  }

  static JsonNode effect(JsonNode model, String term) {
    for (JsonNode e : model.get("effects")) {
      if (e.get("term").asText().equals(term)) {
        return e;
      }
    }
    throw new AssertionError("no effect " + term);
  }

  static List<Path> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  /**
   * Validates every row of a site folder as the central ingest would: participants first (building
   * the participant index from the accepted rows), then the other tables with RowValidator, then
   * duplicate keys over all rows of a table.
   *
   * @return for each refused row, {@code file:line} mapped to the rules it breaks
   */
  static Map<String, List<String>> validate(Path site) {
    Map<String, List<String>> refused = new TreeMap<>();
    TableSpec pt = CEF1.table("participants");
    List<String> dateCols =
        pt.columns().stream()
            .filter(c -> c.type() == ColumnType.DATE)
            .map(ColumnSpec::name)
            .toList();
    ParticipantIndex index = new ParticipantIndex(dateCols);
    for (TableSpec t : CEF1.tables()) {
      Export.Table table = Export.read(site.resolve(t.file()));
      RowValidator v = new RowValidator(t);
      Map<String, List<Long>> keys = new HashMap<>();
      for (CsvRecord r : table.rows()) {
        String[] raw = Export.inDictionaryOrder(t, table.header(), r);
        RowValidator.Result res = v.validate(raw, t.isParticipants() ? null : index);
        String where = t.file() + ":" + r.line();
        for (Finding f : res.findings()) {
          refused
              .computeIfAbsent(where, k -> new ArrayList<>())
              .add(f.rule().id() + "@" + f.column());
        }
        if (t.isParticipants()) {
          String id = raw[t.indexOf("participant_id")];
          if (res.valid()) {
            LocalDate[] d = new LocalDate[dateCols.size()];
            for (int i = 0; i < d.length; i++) {
              d[i] = (LocalDate) res.values()[t.indexOf(dateCols.get(i))];
            }
            index.accept(id, d);
          } else {
            index.refuse(id);
          }
        }
        for (List<String> key : t.uniqueKeys()) {
          StringBuilder sb = new StringBuilder();
          for (String k : key) {
            Object val = res.values()[t.indexOf(k)];
            sb.append(val == null ? raw[t.indexOf(k)] : val).append('\u0001');
          }
          keys.computeIfAbsent(sb.toString(), k -> new ArrayList<>()).add(r.line());
        }
      }
      for (List<Long> lines : keys.values()) {
        if (lines.size() > 1) {
          for (long line : lines) {
            refused
                .computeIfAbsent(t.file() + ":" + line, k -> new ArrayList<>())
                .add("duplicate_key");
          }
        }
      }
    }
    return refused;
  }
}
