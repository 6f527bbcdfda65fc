package org.itbs.core.lake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A lake: a folder of any java.nio file system, the local disk or, through the jobs' Hadoop-backed
 * provider ({@code org.itbs.spark.fs}), HDFS, S3 and the other Hadoop file systems. The lake is
 * reached from its root {@link Path} only ({@code root.resolve(...)}), never through {@code
 * Path.of} or {@code toFile()}, so every path of a lake is of its root's file system. Layout:
 *
 * <pre>
 * LAKE/_lake.json                                        committed state (version, current, audit)
 * LAKE/curated/&lt;table&gt;/site=&lt;SITE&gt;/submission=&lt;ID&gt;/      Parquet, accepted rows
 * LAKE/quarantine/&lt;table&gt;/site=&lt;SITE&gt;/submission=&lt;ID&gt;/   Parquet, refused rows with reasons
 * LAKE/audit/&lt;ID&gt;.json                                   one audit record per submission
 * LAKE/_staging/                                         work in progress of a running ingest
 * </pre>
 *
 * <p>A commit moves staged folders into place and then replaces {@code _lake.json} by an atomic
 * rename: a run killed at any moment leaves the committed state as it was, and what it left behind
 * is not referenced by it; {@link #removeUncommitted()} clears such leftovers. Readers take the
 * current submissions from {@link #state()}, never by listing folders.
 *
 * <p>What atomic means depends on the file system. On a local disk and on HDFS a rename is atomic,
 * folders included, and {@code _lake.json} is replaced by one atomic rename (HDFS: {@code
 * rename(OVERWRITE)}). On an object store such as S3 a rename is a copy of every object and then a
 * delete, so a staged folder appears in its place object by object, and {@code _lake.json} is
 * replaced by writing it whole, which the store publishes in one piece when the write closes. The
 * lake stays consistent all the same because the state file is written last, after every folder and
 * the audit record it names are complete, and readers follow only the state: a folder that is half
 * copied, or left behind by a killed run, is named by no committed state, and the next run removes
 * it. What an object store does not give is mutual exclusion: as everywhere, run one ingest at a
 * time (the version check in {@link #commit} catches most overlaps, not all).
 */
public final class Lake {
  /** Name of the state file. */
  public static final String STATE_FILE = "_lake.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path root;

  private Lake(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** The lake at {@code root}, which need not exist yet. */
  public static Lake at(Path root) {
    return new Lake(root);
  }

  /** The lake's root folder. */
  public Path root() {
    return root;
  }

  /** The committed state; {@link LakeState#empty()} when nothing was committed yet. */
  public LakeState state() {
    Path f = root.resolve(STATE_FILE);
    if (!Files.exists(f)) {
      return LakeState.empty();
    }
    try (InputStream in = Files.newInputStream(f)) {
      return JSON.readValue(in, LakeState.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read lake state " + f, e);
    }
  }

  /** Folder of one submission's accepted rows of a table. */
  public Path curated(String table, String site, String submissionId) {
    return root.resolve("curated")
        .resolve(table)
        .resolve("site=" + site)
        .resolve("submission=" + submissionId);
  }

  /** Folder of one submission's refused rows of a table. */
  public Path quarantine(String table, String site, String submissionId) {
    return root.resolve("quarantine")
        .resolve(table)
        .resolve("site=" + site)
        .resolve("submission=" + submissionId);
  }

  /** The audit record file of a submission. */
  public Path audit(String submissionId) {
    return root.resolve("audit").resolve(submissionId + ".json");
  }

  /** A new, empty staging folder for one run. */
  public Path newStaging() {
    Path p = root.resolve("_staging").resolve(UUID.randomUUID().toString());
    try {
      Files.createDirectories(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  /**
   * Commits a submission: moves each staged folder to its place, writes the audit record, then
   * atomically replaces the state with {@code next}.
   *
   * @param moves pairs of (staged folder, final folder)
   * @param record the submission's audit record
   * @param next the state to commit; its version must follow the current one
   * @throws IllegalStateException when another run committed in between
   */
  public void commit(List<Path[]> moves, SubmissionRecord record, LakeState next) {
    LakeState now = state();
    if (next.version() != now.version() + 1) {
      throw new IllegalStateException(
          "lake "
              + root
              + " changed during the run (version "
              + now.version()
              + ", expected "
              + (next.version() - 1)
              + "); run again");
    }
    try {
      for (Path[] m : moves) {
        deleteTree(m[1]);
        Files.createDirectories(m[1].getParent());
        Files.move(m[0], m[1], StandardCopyOption.ATOMIC_MOVE);
      }
      writeAtomically(audit(record.id()), JSON.writeValueAsBytes(record));
      writeAtomically(root.resolve(STATE_FILE), JSON.writeValueAsBytes(next));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit to lake " + root, e);
    }
  }

  private void writeAtomically(Path target, byte[] bytes) throws IOException {
    Files.createDirectories(target.getParent());
    Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    Files.write(tmp, bytes);
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  /**
   * Removes what runs that did not commit left behind: the staging area, submission folders and
   * audit files that the committed state does not name, and temporary state files.
   *
   * @return number of paths removed
   */
  public int removeUncommitted() {
    LakeState s = state();
    Set<String> known = new HashSet<>();
    s.submissions().forEach(r -> known.add(r.id()));
    int removed = 0;
    try {
      if (Files.exists(root.resolve("_staging"))) {
        deleteTree(root.resolve("_staging"));
        removed++;
      }
      for (String area : List.of("curated", "quarantine")) {
        Path a = root.resolve(area);
        if (!Files.isDirectory(a)) {
          continue;
        }
        try (Stream<Path> w = Files.walk(a, 3)) {
          for (Path p : w.toList()) {
            String n = p.getFileName().toString();
            if (n.startsWith("submission=")
                && !known.contains(n.substring("submission=".length()))) {
              deleteTree(p);
              removed++;
            }
          }
        }
      }
      Path audit = root.resolve("audit");
      if (Files.isDirectory(audit)) {
        try (Stream<Path> w = Files.list(audit)) {
          for (Path p : w.toList()) {
            String n = p.getFileName().toString();
            if (n.endsWith(".tmp")
                || (n.endsWith(".json") && !known.contains(n.substring(0, n.length() - 5)))) {
              Files.delete(p);
              removed++;
            }
          }
        }
      }
      if (Files.isDirectory(root)) {
        try (Stream<Path> w = Files.list(root)) {
          for (Path p : w.toList()) {
            if (p.getFileName().toString().endsWith(".tmp")) {
              Files.delete(p);
              removed++;
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return removed;
  }

  /** Deletes a file or folder tree if it exists. */
  public static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(x);
      }
    }
  }
}
