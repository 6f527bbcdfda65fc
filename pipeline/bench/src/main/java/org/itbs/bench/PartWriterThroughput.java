package org.itbs.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.itbs.core.csv.CsvReader;
import org.itbs.core.csv.CsvRecord;
import org.itbs.core.dictionary.ColumnSpec;
import org.itbs.core.dictionary.Dictionary;
import org.itbs.core.dictionary.TableSpec;
import org.itbs.core.lake.Lake;
import org.itbs.core.validate.RowValidator;
import org.itbs.core.validate.TypedRow;
import org.itbs.spark.parquet.CuratedPartWriter;
import org.itbs.spark.parquet.LakeParquet;

/**
 * Writes one curated gait part file (the lake's layout, {@link LakeParquet#curated}) from rows
 * validated beforehand, in turns with Parquet's {@code ParquetWriter} through a record consumer and
 * Parquet's dictionary writers (how the part writer wrote until session 9) and with {@link
 * CuratedPartWriter} (column by column, the lake's faster dictionaries; the same bytes), and prints
 * the writing thread's CPU time of each: the Parquet half of an ingest task, without Spark. Not a
 * test.
 *
 * <p>Arguments: {@code GAIT_FRAMES_CSV [ROWS [REPEATS]]} (default 400,000 rows, one split of the
 * 4,000,000-row submission on 2 cores; 16 repeats, the first 3 not counted).
 */
public final class PartWriterThroughput {
  private PartWriterThroughput() {}

  /** Runs the measurement. */
  public static void main(String[] args) throws Exception {
    Path csv = Path.of(args[0]);
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 400_000;
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    TableSpec t = Dictionary.submission().table("gait_frames");
    RowValidator validator = new RowValidator(t);
    List<TypedRow> rows = new ArrayList<>();
    try (CsvReader r = CsvReader.open(Files.newInputStream(csv))) {
      int[] column = Arrays.stream(r.header()).mapToInt(t::indexOf).toArray();
      CsvRecord rec;
      while (rows.size() < n && (rec = r.next()) != null) {
        String[] raw = new String[t.columns().size()];
        Arrays.fill(raw, "");
        for (int i = 0; i < column.length; i++) {
          raw[column[i]] = rec.fields()[i];
        }
        rows.add(TypedRow.of(t, validator.validate(raw, null).values()));
      }
    }
    String spark = org.apache.spark.package$.MODULE$.SPARK_VERSION();
    Map<String, String> footer =
        LakeParquet.footer(org.itbs.spark.parquet.SparkSchemas.curatedFile(t), spark);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Path dir = Files.createTempDirectory("itbs-part-writer");
    double[][] cpu = new double[2][repeats];
    long[] bytes = new long[2];
    try {
      for (int rep = 0; rep < repeats; rep++) {
        for (int k = 0; k < 2; k++) {
          int side = (rep + k) % 2; // in turns: neither always runs on the other's garbage
          Path f = dir.resolve(side + "-" + rep + ".parquet");
          long c0 = threads.getCurrentThreadCpuTime();
          if (side == 0) {
            try (ParquetWriter<TypedRow> w = LakeParquet.open(f, new Records(t, footer))) {
              long line = 2;
              for (TypedRow row : rows) {
                Records.line = line++;
                w.write(row);
              }
            }
          } else {
            try (CuratedPartWriter w = new CuratedPartWriter(f, t, "CLINA", spark)) {
              long line = 2;
              for (TypedRow row : rows) {
                w.write(row, line++);
              }
            }
          }
          cpu[side][rep] = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
          bytes[side] = Files.size(f);
          Files.delete(f);
        }
      }
    } finally {
      Lake.deleteTree(dir);
    }
    double before = median(cpu[0]);
    double now = median(cpu[1]);
    System.out.printf(
        Locale.ROOT,
        "one gait part file, %,d rows, writing thread's CPU, median of %d:%n",
        rows.size(),
        repeats - 3);
    System.out.printf(
        Locale.ROOT,
        "  ParquetWriter, record consumer, Parquet's dictionaries: %.3f s (%,d bytes)%n",
        before,
        bytes[0]);
    System.out.printf(
        Locale.ROOT,
        "  CuratedPartWriter, by column, DictionaryWriters:        %.3f s (%,d bytes)%n",
        now,
        bytes[1]);
    System.out.printf(Locale.ROOT, "  ratio %.2f%n", before / now);
  }

  private static double median(double[] all) {
    double[] a = Arrays.copyOfRange(all, Math.min(3, all.length - 1), all.length);
    Arrays.sort(a);
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }

  /** The curated layout through Parquet's record consumer, as the part writer wrote before. */
  private static final class Records extends WriteSupport<TypedRow> {
    static long line;
    private final TableSpec table;
    private final MessageType schema;
    private final Map<String, String> footer;
    private final String[] lastText;
    private final Binary[] lastBinary;
    private final Binary site = Binary.fromString("CLINA");
    private RecordConsumer out;

    Records(TableSpec table, Map<String, String> footer) {
      this.table = table;
      this.schema = LakeParquet.curated(table);
      this.footer = footer;
      this.lastText = new String[table.columns().size()];
      this.lastBinary = new Binary[table.columns().size()];
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
      int n = cols.size();
      out.startMessage();
      for (int i = 0; i < n; i++) {
        if (!r.isPresent(i)) {
          continue;
        }
        String name = cols.get(i).name();
        out.startField(name, i);
        switch (cols.get(i).type()) {
          case TEXT, CODE -> {
            String s = r.text(i);
            if (!s.equals(lastText[i])) {
              lastText[i] = s;
              lastBinary[i] = Binary.fromConstantByteArray(s.getBytes(StandardCharsets.UTF_8));
            }
            out.addBinary(lastBinary[i]);
          }
          case INTEGER -> out.addLong(r.integer(i));
          case NUMBER -> out.addDouble(r.number(i));
          case DATE -> out.addInteger(Math.toIntExact(r.epochDay(i)));
        }
        out.endField(name, i);
      }
      out.startField("source_line", n);
      out.addLong(line);
      out.endField("source_line", n);
      out.startField("site", n + 1);
      out.addBinary(site);
      out.endField("site", n + 1);
      out.endMessage();
    }
  }
}
