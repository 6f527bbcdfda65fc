package org.itbs.core.dictionary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The one reader of {@code data-schemas/analysis}. */
class AnalysisDictionaryTest {
  private static AnalysisDictionary parse(String json) {
    return AnalysisDictionary.parse(
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "t.json");
  }

  private static String table(String columns) {
    return "{\"plan\": \"analysis-plan v1\", \"table\": \"t\", \"file\": \"t.parquet\","
        + " \"description\": \"d\", \"columns\": ["
        + columns
        + "]}";
  }

  @Test
  void packagedRunnersNameThePlansVariablesWithUnitsAndTheirFile() {
    AnalysisDictionary s = AnalysisDictionary.runners();

    assertThat(s.plan()).isEqualTo("analysis-plan v1");
    assertThat(s.table()).isEqualTo("runners");
    assertThat(s.file()).isEqualTo("runners.parquet");
    assertThat(s.source()).isEqualTo("data-schemas/analysis/runners.json");
    assertThat(s.key()).containsExactly("site", "participant_id");
    assertThat(s.columns()).hasSize(17);
    assertThat(s.column("exposure_h").orElseThrow().unit()).isEqualTo("h");
    assertThat(s.column("exposure_h").orElseThrow().type())
        .isEqualTo(AnalysisDictionary.Type.NUMBER);
    assertThat(s.column("sexF").orElseThrow().unit()).isNull();
    assertThat(s.column("time").orElseThrow().nullable()).isFalse();
    assertThat(s.column("hip_er").orElseThrow().nullable()).isTrue();
    assertThat(AnalysisDictionary.recurrenceIntervals().file())
        .isEqualTo("recurrence_intervals.parquet");
  }

  @Test
  void refusesAnUnknownFieldNamingFileAndColumn() {
    String json =
        table(
            "{\"name\": \"a\", \"type\": \"number\", \"nullable\": true, \"description\": \"x\","
                + " \"min\": 0}");

    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("t.json: unknown field min in column a");
  }

  @Test
  void refusesATypeOtherThanTextIntegerOrNumber() {
    String json =
        table("{\"name\": \"a\", \"type\": \"date\", \"nullable\": true, \"description\": \"x\"}");

    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("t.json: type 'date' in column a is not text, integer or number");
  }

  @Test
  void refusesAColumnNamedTwiceAndAColumnWithoutNullable() {
    String col =
        "{\"name\": \"a\", \"type\": \"text\", \"nullable\": true, \"description\": \"x\"}";
    assertThatThrownBy(() -> parse(table(col + ", " + col)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("t.json: column a is named twice");
    assertThatThrownBy(
            () -> parse(table("{\"name\": \"a\", \"type\": \"text\", \"description\": \"x\"}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("t.json: missing field nullable (true or false) in column a");
  }

  @Test
  void refusesAKeyColumnThatIsNotAColumn() {
    String json =
        table("{\"name\": \"a\", \"type\": \"text\", \"nullable\": false, \"description\": \"x\"}")
            .replace("\"columns\"", "\"key\": [\"b\"], \"columns\"");

    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("t.json: key column b is not among the columns [a]");
  }

  @Test
  void refusesATableWithoutSchemaFileNamingTheResource() {
    assertThatThrownBy(() -> AnalysisDictionary.load("no_such_table"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/data-schemas/analysis/no_such_table.json");
  }
}
