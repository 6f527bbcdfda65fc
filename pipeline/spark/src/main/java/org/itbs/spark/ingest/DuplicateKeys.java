package org.itbs.spark.ingest;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.itbs.core.dictionary.TableSpec;
import org.itbs.core.validate.Finding;
import org.itbs.core.validate.Rule;
import org.itbs.spark.JobPaths;
import org.itbs.spark.parquet.CuratedPartReader;
import org.itbs.spark.parquet.CuratedPartWriter;
import org.itbs.spark.parquet.LakeParquet;
import org.itbs.spark.parquet.QuarantinePartWriter;

/**
 * The rule that spans rows: every otherwise valid row whose key another valid row of the file
 * shares is refused, all rows of such a key alike. The tasks of the ingest return the 64-bit {@link
 * KeyHash hashes} of the keys of the rows they accepted; only when a hash repeats does this class
 * read the key columns of the staged curated part files that hold such a hash, confirm the
 * duplicates on the key values themselves, and rewrite the part files that hold confirmed
 * duplicates: the other rows into a new curated part file, the duplicates into a quarantine part
 * file with a {@code duplicate_key} finding and their values as text (as Spark casts them).
 */
final class DuplicateKeys {
  private DuplicateKeys() {}

  /**
   * What a fix-up did.
   *
   * @param moved rows moved from curated to quarantine
   * @param movedLines source lines of the moved rows
   * @param movedFirst the first dictionary column of each moved row as text (for participants.csv,
   *     the runner id), where not missing
   */
  record Fixed(long moved, List<Long> movedLines, List<String> movedFirst) {
    /** Nothing moved. */
    static final Fixed NONE = new Fixed(0, List.of(), List.of());

    /** Both fix-ups together. */
    Fixed plus(Fixed o) {
      List<Long> lines = new ArrayList<>(movedLines);
      lines.addAll(o.movedLines);
      List<String> first = new ArrayList<>(movedFirst);
      first.addAll(o.movedFirst);
      return new Fixed(moved + o.moved, lines, first);
    }
  }

  /**
   * The values that occur more than once in a set of sorted arrays.
   *
   * @param sorted arrays each sorted ascending (signed)
   * @return the repeated values, ascending, each once
   */
  static long[] repeated(List<long[]> sorted) {
    // Merged two by two (a part's hashes with its neighbour's, then those pairs, ...): about
    // log2(k) passes over the values, not one comparison per array per value as a k-way scan,
    // and the merges of a level run on the driver's cores at once: 10 parts of 400,000 random
    // hashes took 177 ms with a k-way scan, 83 ms merged two by two on one core, 66 ms on two.
    List<long[]> level = new ArrayList<>(sorted);
    while (level.size() > 1) {
      List<long[]> current = level;
      List<long[]> next =
          new ArrayList<>(
              java.util.stream.IntStream.range(0, current.size() / 2)
                  .parallel()
                  .mapToObj(i -> merge(current.get(2 * i), current.get(2 * i + 1)))
                  .toList());
      if (current.size() % 2 == 1) {
        next.add(current.get(current.size() - 1));
      }
      level = next;
    }
    long[] all = level.isEmpty() ? new long[0] : level.get(0);
    SplitTask.LongBuffer out = new SplitTask.LongBuffer();
    for (int i = 1; i < all.length; i++) {
      if (all[i] == all[i - 1] && (i == 1 || all[i - 2] != all[i])) {
        out.add(all[i]);
      }
    }
    return out.toArray();
  }

  /** Two ascending arrays merged into one, duplicates kept. */
  private static long[] merge(long[] a, long[] b) {
    long[] out = new long[a.length + b.length];
    int i = 0;
    int j = 0;
    int o = 0;
    while (i < a.length && j < b.length) {
      out[o++] = a[i] <= b[j] ? a[i++] : b[j++];
    }
    System.arraycopy(a, i, out, o, a.length - i);
    System.arraycopy(b, j, out, o + a.length - i, b.length - j);
    return out;
  }

  /** Whether two ascending arrays share a value. */
  static boolean intersect(long[] a, long[] b) {
    int i = 0;
    int j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] == b[j]) {
        return true;
      }
      if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    return false;
  }

  /**
   * Moves the rows of duplicated keys from a table's staged curated part files to its staged
   * quarantine.
   *
   * @param jsc the Spark context that runs the reading and rewriting tasks
   * @param table the table
   * @param site the submission's site, stored on every row of the rewritten part files
   * @param fileName the input file's name, for quarantine
   * @param key the unique key's columns
   * @param hashes key hashes that occur more than once among the accepted rows (ascending)
   * @param files names of the part files in {@code curated} that may hold such a key
   * @param curated the staged curated folder of the table
   * @param quarantine the staged quarantine folder of the table
   * @param taskRoot the task output root (see {@link SplitTask#curatedDir})
   * @param curatedRows rows per part file name of {@code curated}; updated to the new files
   * @param sparkVersion the Spark version recorded in the Parquet footers
   * @return what moved
   * @throws IllegalStateException when a rewritten part file does not hold the rows it should
   */
  static Fixed fix(
      JavaSparkContext jsc,
      TableSpec table,
      String site,
      String fileName,
      List<String> key,
      long[] hashes,
      List<String> files,
      Path curated,
      Path quarantine,
      Path taskRoot,
      Map<String, Long> curatedRows,
      String sparkVersion) {
    if (files.isEmpty()) {
      return Fixed.NONE;
    }
    int[] keyColumns = key.stream().mapToInt(table::indexOf).toArray();
    Broadcast<long[]> b = jsc.broadcast(hashes);
    List<Candidate> candidates;
    try {
      candidates =
          jsc.parallelize(files, files.size())
              .mapPartitions(new FindCandidates(table, keyColumns, b, curated))
              .collect();
    } finally {
      b.destroy();
    }
    Map<List<Object>, List<Candidate>> byKey = new LinkedHashMap<>();
    for (Candidate c : candidates) {
      byKey.computeIfAbsent(c.key(), x -> new ArrayList<>()).add(c);
    }
    Map<String, Map<Long, Dup>> byFile = new TreeMap<>();
    List<Long> movedLines = new ArrayList<>();
    List<String> movedFirst = new ArrayList<>();
    for (Map.Entry<List<Object>, List<Candidate>> e : byKey.entrySet()) {
      List<Candidate> rows = e.getValue();
      if (rows.size() < 2) {
        continue; // only the hash is shared: another key
      }
      StringJoiner text = new StringJoiner("|");
      e.getKey().stream().map(DuplicateKeys::asText).filter(s -> s != null).forEach(text::add);
      Dup d = new Dup(rows.size(), text.toString());
      for (Candidate c : rows) {
        byFile.computeIfAbsent(c.file(), x -> new HashMap<>()).put(c.line(), d);
        movedLines.add(c.line());
        if (c.first() != null) {
          movedFirst.add(c.first());
        }
      }
    }
    if (byFile.isEmpty()) {
      return Fixed.NONE;
    }
    List<Rewrite> rewrites = new ArrayList<>();
    byFile.forEach((f, dups) -> rewrites.add(new Rewrite(rewrites.size(), f, dups)));
    List<PartSummary> parts =
        jsc.parallelize(rewrites, rewrites.size())
            .mapPartitions(
                new RewriteTask(
                    table, site, fileName, String.join("+", key), curated, taskRoot, sparkVersion))
            .collect();
    long moved = 0;
    try {
      for (PartSummary p : parts) {
        Rewrite r = rewrites.get(p.part());
        Long rows = curatedRows.get(r.file());
        if (rows == null || p.read() != rows || p.quarantined() != r.dups().size()) {
          throw new IllegalStateException(
              fileName
                  + ": rewriting "
                  + r.file()
                  + " for duplicate keys read "
                  + p.read()
                  + " rows of "
                  + rows
                  + " and moved "
                  + p.quarantined()
                  + " of "
                  + r.dups().size());
        }
        moved += p.quarantined();
        if (p.curatedFile() != null) {
          move(SplitTask.curatedDir(taskRoot, table), p.curatedFile(), curated);
          curatedRows.put(p.curatedFile(), p.accepted());
        }
        if (p.quarantineFile() != null) {
          move(SplitTask.quarantineDir(taskRoot, table), p.quarantineFile(), quarantine);
        }
        curatedRows.remove(r.file());
        Files.delete(curated.resolve(r.file()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stage the rewritten part files of " + fileName, e);
    }
    return new Fixed(moved, movedLines, movedFirst);
  }

  /** Moves a part file written by a task into a staged folder. */
  static void move(Path fromDir, String name, Path toDir) throws IOException {
    Files.move(fromDir.resolve(name), toDir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
  }

  /** A typed value as Spark casts it to a string; {@code null} stays {@code null}. */
  static String asText(Object v) {
    if (v == null || v instanceof String) {
      return (String) v;
    }
    if (v instanceof Long || v instanceof Double || v instanceof LocalDate) {
      return v.toString(); // Spark's cast of bigint, double and date to string gives the same
    }
    throw new IllegalArgumentException("not a curated value: " + v.getClass().getName());
  }

  /**
   * An accepted row whose key hash repeats.
   *
   * @param file the part file holding it
   * @param line its source line
   * @param key its key values in key order ({@code -0.0} as {@code 0.0})
   * @param first its first dictionary column as text
   */
  record Candidate(String file, long line, List<Object> key, String first)
      implements Serializable {}

  /**
   * A confirmed duplicate.
   *
   * @param count valid rows of the file that share the key
   * @param keyText the key's values as text, joined by {@code |}
   */
  record Dup(long count, String keyText) implements Serializable {}

  /**
   * One part file to rewrite.
   *
   * @param part index of the rewrite
   * @param file the part file's name
   * @param dups the duplicates it holds, by source line
   */
  record Rewrite(int part, String file, Map<Long, Dup> dups) implements Serializable {}

  /** Reads the key columns of part files and keeps rows whose key hash is a candidate. */
  private static final class FindCandidates
      implements FlatMapFunction<Iterator<String>, Candidate> {
    private static final long serialVersionUID = 1L;
    private final TableSpec table;
    private final int[] key;
    private final Broadcast<long[]> hashes;
    private final String dir;

    FindCandidates(TableSpec table, int[] key, Broadcast<long[]> hashes, Path dir) {
      this.table = table;
      this.key = key.clone();
      this.hashes = hashes;
      this.dir = JobPaths.toUri(dir);
    }

    @Override
    public Iterator<Candidate> call(Iterator<String> files) {
      long[] h = hashes.value();
      int[] read =
          IntStream.concat(IntStream.of(0), Arrays.stream(key)).distinct().sorted().toArray();
      List<Candidate> out = new ArrayList<>();
      while (files.hasNext()) {
        String f = files.next();
        try (CuratedPartReader r =
            new CuratedPartReader(JobPaths.fromUri(dir).resolve(f), table, read)) {
          while (r.next()) {
            Object[] v = r.values();
            if (Arrays.binarySearch(h, KeyHash.of(v, key)) >= 0) {
              Object[] k = new Object[key.length];
              for (int i = 0; i < k.length; i++) {
                Object x = v[key[i]];
                k[i] = x instanceof Double d && d == 0.0 ? (Object) 0.0 : x; // as Spark groups
              }
              out.add(new Candidate(f, r.line(), Arrays.asList(k), asText(v[0])));
            }
          }
        }
      }
      return out.iterator();
    }
  }

  /**
   * Rewrites part files: rows that are not duplicates into a new curated part file, duplicates into
   * a quarantine part file with a {@code duplicate_key} finding.
   */
  private static final class RewriteTask
      implements FlatMapFunction<Iterator<Rewrite>, PartSummary> {
    private static final long serialVersionUID = 1L;
    private final TableSpec table;
    private final String site;
    private final String fileName;
    private final String keyName;
    private final String curated;
    private final String taskRoot;
    private final String sparkVersion;

    RewriteTask(
        TableSpec table,
        String site,
        String fileName,
        String keyName,
        Path curated,
        Path taskRoot,
        String sparkVersion) {
      this.table = table;
      this.site = site;
      this.fileName = fileName;
      this.keyName = keyName;
      this.curated = JobPaths.toUri(curated);
      this.taskRoot = JobPaths.toUri(taskRoot);
      this.sparkVersion = sparkVersion;
    }

    @Override
    public Iterator<PartSummary> call(Iterator<Rewrite> rewrites) {
      TaskContext ctx = TaskContext.get();
      long attempt = ctx == null ? 0 : ctx.taskAttemptId();
      List<PartSummary> out = new ArrayList<>();
      while (rewrites.hasNext()) {
        out.add(rewrite(rewrites.next(), attempt));
      }
      return out.iterator();
    }

    private PartSummary rewrite(Rewrite rw, long attempt) {
      Path root = JobPaths.fromUri(taskRoot);
      String name = LakeParquet.partName("f", rw.part(), attempt);
      int[] all = IntStream.range(0, table.columns().size()).toArray();
      long[] byRule = new long[Rule.values().length];
      long read = 0;
      CuratedPartWriter kept = null;
      QuarantinePartWriter moved = null;
      try (CuratedPartReader r =
          new CuratedPartReader(JobPaths.fromUri(curated).resolve(rw.file()), table, all)) {
        while (r.next()) {
          read++;
          Object[] v = r.values();
          Dup d = rw.dups().get(r.line());
          if (d == null) {
            if (kept == null) {
              kept =
                  new CuratedPartWriter(
                      created(SplitTask.curatedDir(root, table)).resolve(name),
                      table,
                      site,
                      sparkVersion);
            }
            kept.write(v, r.line());
            continue;
          }
          if (moved == null) {
            moved =
                new QuarantinePartWriter(
                    created(SplitTask.quarantineDir(root, table)).resolve(name),
                    table,
                    site,
                    fileName,
                    sparkVersion);
          }
          String[] text = new String[v.length];
          for (int i = 0; i < v.length; i++) {
            text[i] = asText(v[i]);
          }
          List<Finding> findings =
              List.of(
                  new Finding(
                      keyName,
                      d.keyText(),
                      Rule.DUPLICATE_KEY,
                      "key ("
                          + keyName
                          + ") = "
                          + d.keyText()
                          + " occurs "
                          + d.count()
                          + " times in "
                          + table.file()));
          moved.write(r.line(), text, findings);
          SplitTask.countRules(findings, byRule);
        }
      } finally {
        try {
          if (kept != null) {
            kept.close();
          }
        } finally {
          if (moved != null) {
            moved.close();
          }
        }
      }
      return new PartSummary(
          0,
          rw.part(),
          kept == null ? null : name,
          moved == null ? null : name,
          read,
          kept == null ? 0 : kept.rows(),
          moved == null ? 0 : moved.rows(),
          byRule,
          new long[0][],
          null);
    }

    private static Path created(Path dir) {
      try {
        return Files.createDirectories(dir);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create " + dir, e);
      }
    }
  }
}
