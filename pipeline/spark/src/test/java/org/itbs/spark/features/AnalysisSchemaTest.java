package org.itbs.spark.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.itbs.core.dictionary.AnalysisDictionary;
import org.junit.jupiter.api.Test;

/**
 * The Spark schemas made from the analysis dictionaries (their parsing is tested in itbs-core,
 * AnalysisDictionaryTest).
 */
class AnalysisSchemaTest {
  @Test
  void packagedRunnersSchemaNamesThePlansVariablesWithUnits() {
    AnalysisSchema schema = AnalysisSchema.runners();
    AnalysisDictionary s = schema.dictionary();

    assertThat(s.plan()).isEqualTo("analysis-plan v1");
    assertThat(s.file()).isEqualTo("runners.parquet");
    assertThat(s.key()).containsExactly("site", "participant_id");
    assertThat(s.columns())
        .extracting(AnalysisDictionary.Column::name)
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
    StructType spark = schema.sparkSchema();
    assertThat(spark.apply("site").dataType()).isEqualTo(DataTypes.StringType);
    assertThat(spark.apply("time").dataType()).isEqualTo(DataTypes.LongType);
    assertThat(spark.apply("bmi").dataType()).isEqualTo(DataTypes.DoubleType);
    assertThat(spark.apply("bmi").metadata().getString("unit")).isEqualTo("kg/m²");
  }

  @Test
  void packagedIntervalsSchemaHasTheCountingProcessColumns() {
    assertThat(AnalysisSchema.recurrenceIntervals().dictionary().columns())
        .extracting(AnalysisDictionary.Column::name)
        .containsExactly("site", "participant_id", "start", "stop", "event", "maintenance", "acwr");
  }

  @Test
  void refusesATableWithoutSchemaFileNamingTheResource() {
    assertThatThrownBy(() -> AnalysisSchema.load("no_such_table"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/data-schemas/analysis/no_such_table.json");
  }
}
