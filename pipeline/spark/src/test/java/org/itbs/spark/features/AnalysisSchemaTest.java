package org.itbs.spark.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class AnalysisSchemaTest {
  private static AnalysisSchema parse(String json) {
    return AnalysisSchema.parse(
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "t.json");
  }

  private static String table(String columns) {
    return "{\"plan\": \"analysis-plan v1\", \"table\": \"t\", \"file\": \"t.parquet\","
        + " \"description\": \"d\", \"columns\": ["
        + columns
        + "]}";
  }

  @Test
  void packagedRunnersSchemaNamesThePlansVariablesWithUnits() {
    AnalysisSchema s = AnalysisSchema.runners();

    assertThat(s.plan()).isEqualTo("analysis-plan v1");
    assertThat(s.file()).isEqualTo("runners.parquet");
    assertThat(s.key()).containsExactly("site", "participant_id");
    assertThat(s.columns())
        .extracting(AnalysisSchema.Field::name)
        .containsExactly(
            "site",
            "participant_id",
            "peak_hip_add",
            "peak_pelvic_drop",
            "peak_knee_ir",
            "peak_df",
            "hip_abd",
            "hip_er",
            "df_lunge",
            "km_week",
            "sexF",
            "age",
            "bmi",
            "prior_itbs",
            "time",
            "event",
            "exposure_h");
    assertThat(s.column("exposure_h").orElseThrow().unit()).isEqualTo("h");
    assertThat(s.column("time").orElseThrow().nullable()).isFalse();
    assertThat(s.column("hip_er").orElseThrow().nullable()).isTrue();
    StructType spark = s.sparkSchema();
    assertThat(spark.apply("time").dataType()).isEqualTo(DataTypes.LongType);
    assertThat(spark.apply("bmi").dataType()).isEqualTo(DataTypes.DoubleType);
    assertThat(spark.apply("bmi").metadata().getString("unit")).isEqualTo("kg/m²");
  }

  @Test
  void packagedIntervalsSchemaHasTheCountingProcessColumns() {
    assertThat(AnalysisSchema.recurrenceIntervals().columns())
        .extracting(AnalysisSchema.Field::name)
        .containsExactly("site", "participant_id", "start", "stop", "event", "maintenance", "acwr");
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
    assertThatThrownBy(() -> AnalysisSchema.load("no_such_table"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/data-schemas/analysis/no_such_table.json");
  }
}
