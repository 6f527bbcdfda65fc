package org.itbs.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetTableTest {
  @TempDir Path dir;

  private static final MessageType SCHEMA =
      MessageTypeParser.parseMessageType(
          "message runners { required binary participant_id (STRING); optional double hip_abd;"
              + " required int64 event; optional int32 enrolment_date (DATE); }");

  private void write(Path file, Object[][] rows) throws Exception {
    SimpleGroupFactory f = new SimpleGroupFactory(SCHEMA);
    try (ParquetWriter<Group> w =
        ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(SCHEMA).build()) {
      for (Object[] r : rows) {
        Group g = f.newGroup().append("participant_id", (String) r[0]);
        if (r[1] != null) {
          g.append("hip_abd", (Double) r[1]);
        }
        g.append("event", (Long) r[2]);
        if (r[3] != null) {
          g.append("enrolment_date", (int) ((LocalDate) r[3]).toEpochDay());
        }
        w.write(g);
      }
    }
  }

  @Test
  void readsEveryPartFileOfAFolderWithTypedValuesAndMissingAsNull() throws Exception {
    write(dir.resolve("part-0.parquet"), new Object[][] {{"a", 1.5, 1L, LocalDate.of(2024, 3, 4)}});
    write(dir.resolve("part-1.parquet"), new Object[][] {{"b", null, 0L, null}});

    ParquetTable t = ParquetTable.read(dir);

    assertThat(t.columns()).containsExactly("participant_id", "hip_abd", "event", "enrolment_date");
    assertThat(t.size()).isEqualTo(2);
    assertThat(t.strings("participant_id")).containsExactly("a", "b");
    assertThat(t.doubles("hip_abd")[0]).isEqualTo(1.5);
    assertThat(t.doubles("hip_abd")[1]).isNaN();
    assertThat(t.row(0))
        .containsEntry("event", 1L)
        .containsEntry("enrolment_date", LocalDate.of(2024, 3, 4));
    assertThat(t.row(1).get("enrolment_date")).isNull();
  }

  @Test
  void refusesAFolderWithoutParquetAndAnUnknownColumn() throws Exception {
    assertThatThrownBy(() -> ParquetTable.read(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no Parquet file");
    write(dir.resolve("part-0.parquet"), new Object[][] {{"a", 1.5, 1L, null}});
    assertThatThrownBy(() -> ParquetTable.read(dir).doubles("bmi"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no column bmi");
  }
}
