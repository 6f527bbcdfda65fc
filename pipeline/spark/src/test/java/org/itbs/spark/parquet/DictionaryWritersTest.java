package org.itbs.spark.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parquet's own {@code ParquetWriter}, {@link ColumnFileWriter} with Parquet's dictionary writers
 * and {@link ColumnFileWriter} with the faster ones ({@link DictionaryWriters}) write the very same
 * bytes from the same rows, over columns whose dictionaries stay small, fill up and fall back to
 * plain encoding mid-chunk, and restart in every row group (one row group, and many); with nulls,
 * {@code -0.0}, NaN and a BINARY value whose bytes are reused between rows.
 */
class DictionaryWritersTest {
  private static final MessageType SCHEMA =
      MessageTypeParser.parseMessageType(
          "message m {"
              + " optional double angle;" // few values, then many: falls back mid-chunk
              + " required double rate;" // a handful of values, -0.0, 0.0 and NaN among them
              + " optional int64 frame;"
              + " required int32 day;"
              + " optional binary runner (STRING);" // the same Binary while the runner repeats
              + " required binary side (STRING);" // bytes reused between rows
              + " required int64 line;" // every value new: the INT64 dictionary falls back
              + "}");

  @TempDir Path dir;

  @Test
  void sameBytesAsParquetsOwnWriters() throws IOException {
    List<Object[]> rows = rows(300_000);
    for (long rowGroup : new long[] {ParquetWriter.DEFAULT_BLOCK_SIZE, 1L << 20}) {
      Path theirs = dir.resolve("parquet-" + rowGroup + ".parquet");
      write(theirs, rows, "parquet", rowGroup);
      for (String how : List.of("columns", "fast")) {
        Path ours = dir.resolve(how + "-" + rowGroup + ".parquet");
        write(ours, rows, how, rowGroup);
        assertThat(Files.mismatch(ours, theirs))
            .as("first byte where %s differs from Parquet's own writer", how)
            .isEqualTo(-1L);
      }
    }
    // The files do take the paths the test means to cover.
    try (ParquetFileReader r =
        ParquetFileReader.open(new LocalInputFile(dir.resolve("fast-1048576.parquet")))) {
      List<BlockMetaData> blocks = r.getFooter().getBlocks();
      assertThat(blocks.size()).isGreaterThan(3);
      Map<String, ColumnChunkMetaData> first = new HashMap<>();
      blocks.get(0).getColumns().forEach(c -> first.put(c.getPath().toDotString(), c));
      assertThat(first.get("rate").getEncodings()).contains(Encoding.PLAIN_DICTIONARY);
      assertThat(first.get("runner").getEncodings()).contains(Encoding.PLAIN_DICTIONARY);
      assertThat(first.get("line").getEncodings()).contains(Encoding.PLAIN);
    }
    try (ParquetFileReader r =
        ParquetFileReader.open(
            new LocalInputFile(
                dir.resolve("fast-" + ParquetWriter.DEFAULT_BLOCK_SIZE + ".parquet")))) {
      ColumnChunkMetaData angle = r.getFooter().getBlocks().get(0).getColumns().get(0);
      // dictionary pages first, then plain ones once the dictionary passed 1 MiB
      assertThat(angle.getEncodings()).contains(Encoding.PLAIN_DICTIONARY, Encoding.PLAIN);
    }
  }

  @Test
  void longIdsNumberKeysInTheOrderFirstSeen() {
    DictionaryWriters.LongIds ids = new DictionaryWriters.LongIds();
    Map<Long, Integer> expected = new HashMap<>();
    SplittableRandom random = new SplittableRandom(3);
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < 200_000; i++) {
        long key = random.nextInt(4) == 0 ? random.nextLong() : random.nextLong(50_000) << 20;
        Integer known = expected.get(key);
        int id = ids.idOf(key);
        if (known == null) {
          assertThat(id).isEqualTo(~expected.size());
          expected.put(key, expected.size());
        } else {
          assertThat(id).isEqualTo(known);
        }
      }
      assertThat(ids.size()).isEqualTo(expected.size());
      ids.clear();
      expected.clear();
      assertThat(ids.size()).isZero();
    }
  }

  private static List<Object[]> rows(int n) {
    SplittableRandom random = new SplittableRandom(17);
    double[] rates = {100.0, 200.0, -0.0, 0.0, Double.NaN, 250.5};
    List<Object[]> rows = new ArrayList<>(n);
    Binary runner = null;
    for (int i = 0; i < n; i++) {
      if (i % 2_000 == 0) {
        runner = i % 6_000 == 0 ? null : Binary.fromString("runner-" + random.nextInt(300));
      }
      rows.add(
          new Object[] {
            i % 97 == 0
                ? null
                : Math.round(random.nextGaussian() * (i < 100_000 ? 400 : 400_000)) / 1000.0,
            rates[random.nextInt(rates.length)],
            i % 89 == 0 ? null : (long) (i % 2_000),
            20_000 + i / 10_000,
            runner,
            (i / 500) % 2 == 0 ? "L" : "R",
            (long) i + 2
          });
    }
    return rows;
  }

  /**
   * Writes the rows with Parquet's own {@code ParquetWriter} ({@code parquet}), or column by column
   * with {@link ColumnFileWriter} and Parquet's dictionary writers or the faster ones.
   */
  private static void write(Path file, List<Object[]> rows, String how, long rowGroup)
      throws IOException {
    if (how.equals("parquet")) {
      try (ParquetWriter<Object[]> w =
          new Builder(new LocalOutputFile(file))
              .withConf(new PlainParquetConfiguration())
              .withCompressionCodec(CompressionCodecName.SNAPPY)
              .withRowGroupSize(rowGroup)
              .build()) {
        for (Object[] r : rows) {
          w.write(r);
        }
      }
      return;
    }
    ParquetProperties.Builder props = ParquetProperties.builder();
    if (how.equals("fast")) {
      props.withValuesWriterFactory(new DictionaryWriters());
    }
    byte[] side = new byte[1];
    Binary sideBytes = Binary.fromReusedByteArray(side);
    try (ColumnFileWriter w =
        new ColumnFileWriter(
            new LocalOutputFile(file),
            SCHEMA,
            props.build(),
            CompressionCodecName.SNAPPY,
            rowGroup,
            Map.of())) {
      for (Object[] r : rows) {
        ColumnWriter[] c = w.columns();
        for (int i = 0; i < r.length; i++) {
          int level = w.maxDefinitionLevel(i);
          if (r[i] == null) {
            c[i].writeNull(0, 0);
            continue;
          }
          switch (i) {
            case 0, 1 -> c[i].write((Double) r[i], 0, level);
            case 2, 6 -> c[i].write((Long) r[i], 0, level);
            case 3 -> c[i].write((Integer) r[i], 0, level);
            case 4 -> c[i].write((Binary) r[i], 0, level);
            default -> {
              side[0] = ((String) r[i]).getBytes(StandardCharsets.US_ASCII)[0];
              c[i].write(sideBytes, 0, level);
            }
          }
        }
        w.endRow();
      }
      assertThat(w.rows()).isEqualTo(rows.size());
    }
  }

  private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
    Builder(LocalOutputFile file) {
      super(file);
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Object[]> getWriteSupport(ParquetConfiguration conf) {
      return new Support();
    }

    @Override
    @SuppressWarnings("deprecation")
    protected WriteSupport<Object[]> getWriteSupport(Configuration conf) {
      return new Support();
    }
  }

  /** Writes the test's rows; the side is one {@link Binary} over one reused buffer. */
  private static final class Support extends WriteSupport<Object[]> {
    private final byte[] side = new byte[1];
    private final Binary sideBytes = Binary.fromReusedByteArray(side);
    private RecordConsumer out;

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
      return new WriteContext(SCHEMA, Map.of());
    }

    @Override
    @SuppressWarnings("deprecation")
    public WriteContext init(Configuration configuration) {
      return new WriteContext(SCHEMA, Map.of());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.out = recordConsumer;
    }

    @Override
    public void write(Object[] r) {
      out.startMessage();
      for (int i = 0; i < r.length; i++) {
        if (r[i] == null) {
          continue;
        }
        String name = SCHEMA.getFieldName(i);
        out.startField(name, i);
        switch (i) {
          case 0, 1 -> out.addDouble((Double) r[i]);
          case 2, 6 -> out.addLong((Long) r[i]);
          case 3 -> out.addInteger((Integer) r[i]);
          case 4 -> out.addBinary((Binary) r[i]);
          default -> {
            side[0] = ((String) r[i]).getBytes(StandardCharsets.US_ASCII)[0];
            out.addBinary(sideBytes);
          }
        }
        out.endField(name, i);
      }
      out.endMessage();
    }
  }
}
