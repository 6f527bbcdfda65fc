package org.itbs.spark.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.itbs.core.dictionary.ColumnSpec;
import org.itbs.core.dictionary.Dictionary;
import org.itbs.core.dictionary.TableSpec;
import org.itbs.core.validate.TypedRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A curated part file written column by column is byte for byte the file Parquet's own {@code
 * ParquetWriter} writes from the same rows through a record consumer ({@link LakeParquet#open}, the
 * lake's settings: Snappy, no dictionary for the source line, no statistics for the runner), for
 * every table of the submission, with missing values, repeated and changing runners and codes.
 */
class CuratedPartWriterTest {
  @TempDir Path dir;

  @Test
  void sameBytesAsParquetsRecordWriterForEveryTable() throws IOException {
    for (TableSpec t : Dictionary.submission().tables()) {
      List<TypedRow> rows = rows(t, t.name().equals("gait_frames") ? 120_000 : 5_000);
      Path ours = dir.resolve(t.name() + "-columns.parquet");
      Path theirs = dir.resolve(t.name() + "-parquet.parquet");
      try (CuratedPartWriter w = new CuratedPartWriter(ours, t, "CLINA", "4.2.0")) {
        long line = 2;
        for (TypedRow r : rows) {
          w.write(r, line++);
        }
        assertThat(w.rows()).isEqualTo(rows.size());
      }
      try (ParquetWriter<TypedRow> w =
          LakeParquet.open(
              theirs,
              new RecordSupport(
                  t,
                  Binary.fromString("CLINA"),
                  LakeParquet.footer(SparkSchemas.curatedFile(t), "4.2.0")))) {
        long line = 2;
        for (TypedRow r : rows) {
          RecordSupport.line = line++;
          w.write(r);
        }
      }
      assertThat(Files.mismatch(ours, theirs))
          .as("first byte where the %s part file differs from Parquet's record writer's", t.name())
          .isEqualTo(-1L);
    }
    // The lake's settings did reach the file written column by column.
    try (ParquetFileReader r =
        ParquetFileReader.open(new LocalInputFile(dir.resolve("gait_frames-columns.parquet")))) {
      Map<String, ColumnChunkMetaData> cols = new HashMap<>();
      r.getFooter()
          .getBlocks()
          .get(0)
          .getColumns()
          .forEach(c -> cols.put(c.getPath().toDotString(), c));
      assertThat(cols.get("participant_id").getStatistics().hasNonNullValue()).isFalse();
      assertThat(cols.get("site").getStatistics().hasNonNullValue()).isTrue();
      assertThat(cols.get(SparkSchemas.SOURCE_LINE).getEncodings())
          .noneMatch(e -> e.usesDictionary());
      assertThat(r.getFooter().getFileMetaData().getKeyValueMetaData())
          .containsKey(LakeParquet.SPARK_SCHEMA_KEY);
    }
  }

  @Test
  void aRowWithoutARequiredValueIsRefusedAndLeavesNoTrace() throws IOException {
    TableSpec t = Dictionary.submission().table("gait_frames");
    Path file = dir.resolve("x.parquet");
    List<TypedRow> valid = rows(t, 1);
    try (CuratedPartWriter w = new CuratedPartWriter(file, t, "CLINA", "4.2.0")) {
      TypedRow missing = new TypedRow(t);
      assertThatThrownBy(() -> w.write(missing, 2))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("required column " + t.columns().get(0).name());
      w.write(valid.get(0), 3);
      assertThat(w.rows()).isEqualTo(1);
    }
    try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file))) {
      assertThat(r.getRecordCount()).isEqualTo(1);
      r.getFooter()
          .getBlocks()
          .get(0)
          .getColumns()
          .forEach(c -> assertThat(c.getValueCount()).as(c.getPath().toDotString()).isEqualTo(1));
    }
  }

  /** Rows of a table: runners in runs, now and then a missing optional value. */
  private static List<TypedRow> rows(TableSpec t, int n) {
    SplittableRandom random = new SplittableRandom(t.name().hashCode());
    List<TypedRow> rows = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      Object[] v = new Object[t.columns().size()];
      for (int i = 0; i < v.length; i++) {
        ColumnSpec c = t.columns().get(i);
        if (!c.required() && random.nextInt(7) == 0) {
          continue;
        }
        v[i] =
            switch (c.type()) {
              case TEXT -> "runner-" + (k / 400);
              case CODE ->
                  c.values().isEmpty() ? "code" : c.values().get((k / 50 + i) % c.values().size());
              case INTEGER -> (long) (k % 2_000) - (i == 0 ? 0 : 7);
              case NUMBER -> Math.round(random.nextGaussian() * 40_000) / 1000.0;
              case DATE -> LocalDate.of(2025, 1, 1).plusDays(k / 1_000 + i);
            };
      }
      rows.add(TypedRow.of(t, v));
    }
    return rows;
  }

  /**
   * The part writer as it was before it wrote columns: a Parquet {@code WriteSupport} that hands
   * every value to the record consumer, the reference the new writer's bytes are compared with.
   */
  private static final class RecordSupport extends WriteSupport<TypedRow> {
    static long line;
    private final TableSpec table;
    private final MessageType schema;
    private final Map<String, String> footer;
    private final Binary site;
    private RecordConsumer out;

    RecordSupport(TableSpec table, Binary site, Map<String, String> footer) {
      this.table = table;
      this.schema = LakeParquet.curated(table);
      this.footer = footer;
      this.site = site;
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
      return new WriteContext(schema, footer);
    }

    @Override
    @SuppressWarnings("deprecation")
    public WriteContext init(Configuration configuration) {
      return new WriteContext(schema, footer);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.out = recordConsumer;
    }

    @Override
    public void write(TypedRow r) {
      List<ColumnSpec> cols = table.columns();
      out.startMessage();
      for (int i = 0; i < cols.size(); i++) {
        if (!r.isPresent(i)) {
          continue;
        }
        String name = cols.get(i).name();
        out.startField(name, i);
        switch (cols.get(i).type()) {
          case TEXT, CODE ->
              out.addBinary(
                  Binary.fromConstantByteArray(r.text(i).getBytes(StandardCharsets.UTF_8)));
          case INTEGER -> out.addLong(r.integer(i));
          case NUMBER -> out.addDouble(r.number(i));
          case DATE -> out.addInteger(Math.toIntExact(r.epochDay(i)));
        }
        out.endField(name, i);
      }
      out.startField(SparkSchemas.SOURCE_LINE, cols.size());
      out.addLong(line);
      out.endField(SparkSchemas.SOURCE_LINE, cols.size());
      out.startField(SparkSchemas.SITE, cols.size() + 1);
      out.addBinary(site);
      out.endField(SparkSchemas.SITE, cols.size() + 1);
      out.endMessage();
    }
  }
}
