package org.itbs.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.itbs.core.validate.Rule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessyExportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path tmp;
  private static Path messy;
  private static JsonNode faults;

  @BeforeAll
  static void generate() throws IOException {
    messy = tmp.resolve("messy");
    CohortGenerator.generate(
        CohortSpec.builder().sites(3).runners(150).seed(31).faults(CohortSpec.Faults.MESSY).build(),
        messy);
    faults = JSON.readTree(messy.resolve("faults.json").toFile()).get("faults");
  }

  @Test
  void everyListedFaultIsARowTheIngestRefusesWithThatRuleAndNoOtherRowIsRefused() {
    for (Path site : Export.sites(messy)) {
      String code = site.getFileName().toString();
      // What the validator (and the duplicate check) refuses: file:line -> rules.
      Map<String, List<String>> refused = CohortGeneratorTest.validate(site);
      Map<String, Set<String>> actual = new TreeMap<>();
      refused.forEach(
          (where, rules) -> {
            Set<String> ids = new TreeSet<>();
            for (String r : rules) {
              ids.add(r.contains("@") ? r.substring(0, r.indexOf('@')) : r);
            }
            actual.put(where, ids);
          });
      Map<String, Set<String>> listed = new TreeMap<>();
      for (JsonNode f : faults) {
        if (f.get("site").asText().equals(code) && f.get("kind").asText().equals("row")) {
          listed
              .computeIfAbsent(
                  f.get("file").asText() + ":" + f.get("line").asLong(), k -> new TreeSet<>())
              .add(f.get("rule").asText());
        }
      }
      assertThat(actual).as(code).isEqualTo(listed);
    }
  }

  @Test
  void eachFaultNamesTheColumnAndTheValueAsWritten() {
    for (JsonNode f : faults) {
      if (!f.get("kind").asText().equals("row")) {
        continue;
      }
      Path file = messy.resolve(f.get("site").asText()).resolve(f.get("file").asText());
      Export.Table t = Export.read(file);
      var rec =
          t.rows().stream()
              .filter(r -> r.line() == f.get("line").asLong())
              .findFirst()
              .orElseThrow();
      assertThat(t.get(rec, f.get("column").asText()))
          .as(f.toString())
          .isEqualTo(f.get("value").asText());
      assertThat(Rule.ofId(f.get("rule").asText())).isNotNull();
    }
  }

  @Test
  void injectsEveryKindOfFaultAtEverySiteWithinAFewDozenRows() {
    for (String code : List.of("CLINA", "CLINB", "CLINC")) {
      EnumSet<Rule> rules = EnumSet.noneOf(Rule.class);
      List<JsonNode> rows = new ArrayList<>();
      for (JsonNode f : faults) {
        if (f.get("site").asText().equals(code) && f.get("kind").asText().equals("row")) {
          rows.add(f);
          rules.add(Rule.ofId(f.get("rule").asText()));
        }
      }
      assertThat(rules)
          .as(code)
          .contains(
              Rule.REQUIRED,
              Rule.TYPE,
              Rule.RANGE,
              Rule.VALUES,
              Rule.WEEKDAY,
              Rule.WINDOW,
              Rule.UNKNOWN_PARTICIPANT,
              Rule.DUPLICATE_KEY);
      assertThat(rows).as(code).hasSizeBetween(30, 48);
      assertThat(rows.stream().map(f -> f.get("file").asText()).distinct())
          .containsExactlyInAnyOrder(
              "participants.csv",
              "assessments.csv",
              "gait_frames.csv",
              "training_weeks.csv",
              "injuries.csv");
      assertThat(rows.stream().filter(f -> f.get("column").asText().equals("birth_date")))
          .isEmpty();
    }
  }

  @Test
  void duplicateKeysListBothRowsOfThePair() {
    for (String file : List.of("training_weeks.csv", "gait_frames.csv")) {
      List<JsonNode> dups = new ArrayList<>();
      for (JsonNode f : faults) {
        if (f.path("rule").asText().equals("duplicate_key")
            && f.get("file").asText().equals(file)
            && f.get("site").asText().equals("CLINA")) {
          dups.add(f);
        }
      }
      assertThat(dups).as(file).hasSize(2);
      assertThat(dups.get(0).get("key_values")).isEqualTo(dups.get(1).get("key_values"));
      assertThat(dups.get(0).get("line").asLong()).isNotEqualTo(dups.get(1).get("line").asLong());
    }
  }

  @Test
  void participantsCarryIdentifierColumnsAndOneFileHasBomAndCrlf() throws IOException {
    for (Path site : Export.sites(messy)) {
      String code = site.getFileName().toString();
      Export.Table p = Export.read(site.resolve("participants.csv"));
      assertThat(p.header()).contains("name", "email", "phone");
      List<String> listedIds = new ArrayList<>();
      String bomFile = null;
      for (JsonNode f : faults) {
        if (!f.get("site").asText().equals(code)) {
          continue;
        }
        if (f.get("kind").asText().equals("identifier_column")) {
          listedIds.add(f.get("column").asText());
        }
        if (f.get("kind").asText().equals("bom_crlf")) {
          bomFile = f.get("file").asText();
        }
      }
      assertThat(listedIds).containsExactly("name", "email", "phone");
      assertThat(bomFile).isNotNull();
      byte[] bytes = Files.readAllBytes(site.resolve(bomFile));
      assertThat(new byte[] {bytes[0], bytes[1], bytes[2]})
          .containsExactly((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
      String text = new String(bytes, StandardCharsets.UTF_8);
      assertThat(text).contains("\r\n");
      assertThat(text.replace("\r\n", "")).doesNotContain("\n");
      for (String other :
          List.of("participants.csv", "assessments.csv", "training_weeks.csv", "injuries.csv")) {
        if (!other.equals(bomFile)) {
          byte[] b = Files.readAllBytes(site.resolve(other));
          assertThat(b[0]).as(other).isNotEqualTo((byte) 0xEF);
          assertThat(new String(b, StandardCharsets.UTF_8)).as(other).doesNotContain("\r");
        }
      }
    }
  }

  @Test
  void faultsLeaveTheSimulatedCohortUnchanged(@TempDir Path other) throws IOException {
    Path clean = other.resolve("clean");
    CohortGenerator.generate(CohortSpec.builder().sites(3).runners(150).seed(31).build(), clean);
    JsonNode a = JSON.readTree(clean.resolve("truth.json").toFile());
    JsonNode b = JSON.readTree(messy.resolve("truth.json").toFile());
    assertThat(b.get("onset")).isEqualTo(a.get("onset"));
    assertThat(b.get("recurrence")).isEqualTo(a.get("recurrence"));
    for (String k :
        List.of("runners", "itbs_onsets", "itbs_episodes", "itbs_recurrences", "other_injuries")) {
      assertThat(b.get("counts").get(k)).as(k).isEqualTo(a.get("counts").get(k));
    }
  }
}
