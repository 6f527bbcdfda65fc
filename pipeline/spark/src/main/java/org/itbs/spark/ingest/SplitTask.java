package org.itbs.spark.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.itbs.core.dictionary.ColumnSpec;
import org.itbs.core.dictionary.ColumnType;
import org.itbs.core.dictionary.TableSpec;
import org.itbs.core.submission.FilePlan;
import org.itbs.core.validate.Finding;
import org.itbs.core.validate.ParticipantIndex;
import org.itbs.core.validate.Rule;
import org.itbs.core.validate.TypedRow;
import org.itbs.spark.JobPaths;
import org.itbs.spark.parquet.CuratedPartWriter;
import org.itbs.spark.parquet.LakeParquet;
import org.itbs.spark.parquet.QuarantinePartWriter;

/**
 * The one pass of the ingest over a split: parses and validates every record and writes accepted
 * rows to a curated part file and refused rows to a quarantine part file of the task's own (named
 * after the task attempt, in the task output folders of the table, see {@link #curatedDir} and
 * {@link #quarantineDir}). Returns one {@link PartSummary} per split; a file is created only when a
 * row goes into it.
 */
final class SplitTask implements FlatMapFunction<Iterator<WorkUnit>, PartSummary> {
  private static final long serialVersionUID = 1L;

  private final List<FilePlan> plans;
  private final Broadcast<ParticipantIndex> participants;
  private final String site;
  private final String taskRoot;
  private final String sparkVersion;

  /**
   * A task over splits of {@code plans}.
   *
   * @param participants the runners, or {@code null} when the files are participants.csv
   * @param site the submission's site, stored on every row of the part files
   * @param taskRoot folder under which each table has its task output folders (carried to the tasks
   *     as a URI, see {@link JobPaths#toUri})
   * @param sparkVersion the Spark version recorded in the Parquet footers
   */
  SplitTask(
      List<FilePlan> plans,
      Broadcast<ParticipantIndex> participants,
      String site,
      Path taskRoot,
      String sparkVersion) {
    this.plans = List.copyOf(plans);
    this.participants = participants;
    this.site = site;
    this.taskRoot = JobPaths.toUri(taskRoot);
    this.sparkVersion = sparkVersion;
  }

  /** Folder into which tasks write curated part files of {@code table}. */
  static Path curatedDir(Path taskRoot, TableSpec table) {
    return taskRoot.resolve(table.name()).resolve("curated");
  }

  /** Folder into which tasks write quarantine part files of {@code table}. */
  static Path quarantineDir(Path taskRoot, TableSpec table) {
    return taskRoot.resolve(table.name()).resolve("quarantine");
  }

  @Override
  public Iterator<PartSummary> call(Iterator<WorkUnit> units) {
    ParticipantIndex index = participants == null ? null : participants.value();
    TaskContext ctx = TaskContext.get();
    long attempt = ctx == null ? 0 : ctx.taskAttemptId();
    List<PartSummary> out = new ArrayList<>();
    while (units.hasNext()) {
      out.add(run(units.next(), index, attempt));
    }
    return out.iterator();
  }

  private PartSummary run(WorkUnit unit, ParticipantIndex index, long attempt) {
    FilePlan plan = plans.get(unit.file());
    TableSpec t = plan.table();
    Path root = JobPaths.fromUri(taskRoot);
    String name = LakeParquet.partName("t", unit.part(), attempt);
    List<List<String>> uniqueKeys = t.uniqueKeys();
    int[][] keys = new int[uniqueKeys.size()][];
    LongBuffer[] hashes = new LongBuffer[keys.length];
    for (int k = 0; k < keys.length; k++) {
      keys[k] = uniqueKeys.get(k).stream().mapToInt(t::indexOf).toArray();
      hashes[k] = new LongBuffer();
    }
    KeyHash.Memo keyHash = new KeyHash.Memo(t.columns().size());
    Runners runners = t.isParticipants() ? new Runners(t) : null;
    long[] byRule = new long[Rule.values().length];
    long read = 0;
    CuratedPartWriter curated = null;
    QuarantinePartWriter quarantine = null;
    try (SplitReader r = new SplitReader(plan, unit.split(), index)) {
      while (r.next()) {
        read++;
        if (r.valid()) {
          if (curated == null) {
            curated =
                new CuratedPartWriter(
                    created(curatedDir(root, t)).resolve(name), t, site, sparkVersion);
          }
          TypedRow row = r.row();
          curated.write(row, r.line());
          for (int k = 0; k < keys.length; k++) {
            hashes[k].add(keyHash.of(row, keys[k]));
          }
          if (runners != null) {
            runners.accept(row, r.line());
          }
        } else {
          if (quarantine == null) {
            quarantine =
                new QuarantinePartWriter(
                    created(quarantineDir(root, t)).resolve(name),
                    t,
                    site,
                    plan.fileName(),
                    sparkVersion);
          }
          quarantine.write(r.line(), r.raw(), r.findings());
          countRules(r.findings(), byRule);
          if (runners != null && r.raw()[0] != null) {
            runners.refused.add(r.raw()[0]);
          }
        }
      }
    } finally {
      closeAll(curated, quarantine);
    }
    long[][] sorted = new long[keys.length][];
    for (int k = 0; k < keys.length; k++) {
      sorted[k] = hashes[k].toSortedArray();
    }
    return new PartSummary(
        unit.file(),
        unit.part(),
        curated == null ? null : name,
        quarantine == null ? null : name,
        read,
        curated == null ? 0 : curated.rows(),
        quarantine == null ? 0 : quarantine.rows(),
        byRule,
        sorted,
        runners == null ? null : runners.summary());
  }

  /** Counts each rule once per row, however many of the row's values break it. */
  static void countRules(List<Finding> findings, long[] byRule) {
    int seen = 0;
    for (Finding f : findings) {
      int bit = 1 << f.rule().ordinal();
      if ((seen & bit) == 0) {
        seen |= bit;
        byRule[f.rule().ordinal()]++;
      }
    }
  }

  private static Path created(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  private static void closeAll(CuratedPartWriter curated, QuarantinePartWriter quarantine) {
    try {
      if (curated != null) {
        curated.close();
      }
    } finally {
      if (quarantine != null) {
        quarantine.close();
      }
    }
  }

  /** The accepted runners and refused ids of a participants split. */
  private static final class Runners {
    private final int[] dateColumns;
    private final List<String> ids = new ArrayList<>();
    private final List<LocalDate[]> dates = new ArrayList<>();
    private final List<Long> lines = new ArrayList<>();
    private final List<String> refused = new ArrayList<>();

    Runners(TableSpec t) {
      List<ColumnSpec> cols = t.columns();
      dateColumns =
          java.util.stream.IntStream.range(0, cols.size())
              .filter(i -> cols.get(i).type() == ColumnType.DATE)
              .toArray();
    }

    void accept(TypedRow row, long line) {
      LocalDate[] d = new LocalDate[dateColumns.length];
      for (int i = 0; i < d.length; i++) {
        d[i] = (LocalDate) row.value(dateColumns[i]);
      }
      ids.add(row.text(0));
      dates.add(d);
      lines.add(line);
    }

    PartSummary.Runners summary() {
      return new PartSummary.Runners(ids, dates, lines, refused);
    }
  }

  /** A growable array of longs. */
  static final class LongBuffer {
    private long[] a = new long[1024];
    private int n;

    void add(long v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, a.length * 2);
      }
      a[n++] = v;
    }

    long[] toArray() {
      return Arrays.copyOf(a, n);
    }

    /**
     * The values in ascending (signed) order: a least-significant-digit radix sort, one pass per
     * byte, about three times faster than {@link Arrays#sort(long[])} on the hundreds of thousands
     * of random key hashes a split gives; {@link Arrays#sort(long[])} for short buffers.
     */
    long[] toSortedArray() {
      long[] x = toArray();
      if (n < 4096) {
        Arrays.sort(x);
        return x;
      }
      long[] y = new long[n];
      int[] count = new int[257];
      for (int shift = 0; shift < 64; shift += 8) {
        Arrays.fill(count, 0);
        // The top byte with its sign bit flipped, so that negative values come first.
        long flip = shift == 56 ? 0x80L : 0;
        for (int i = 0; i < n; i++) {
          count[(int) (((x[i] >>> shift) & 0xff) ^ flip) + 1]++;
        }
        if (count[(int) (((x[0] >>> shift) & 0xff) ^ flip) + 1] == n) {
          continue; // every value has this byte: the pass would not move anything
        }
        for (int b = 0; b < 256; b++) {
          count[b + 1] += count[b];
        }
        for (int i = 0; i < n; i++) {
          y[count[(int) (((x[i] >>> shift) & 0xff) ^ flip)]++] = x[i];
        }
        long[] t = x;
        x = y;
        y = t;
      }
      return x;
    }
  }
}
