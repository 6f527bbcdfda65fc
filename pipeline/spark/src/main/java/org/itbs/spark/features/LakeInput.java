package org.itbs.spark.features;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.itbs.core.dictionary.Dictionary;
import org.itbs.core.dictionary.TableSpec;
import org.itbs.core.lake.FileCounts;
import org.itbs.core.lake.LakeState;
import org.itbs.core.lake.SubmissionRecord;
import org.itbs.lake.IcebergLake;
import org.itbs.lake.LakeTables;
import org.itbs.spark.JobPaths;
import org.itbs.spark.parquet.CuratedPartReader;
import org.itbs.spark.parquet.SparkSchemas;

/**
 * The curated tables of a lake's current submissions, one site after another: the gait frames as
 * Spark scans, one per site ({@link #tableBySite}), and the small runner-level tables as rows read
 * on the driver, each with its {@value #SITE} ({@link #rows}). Which submissions are current comes
 * from the lake version read ({@link IcebergLake#state(long)}) and their files from Iceberg's plan
 * of the version's snapshots ({@link IcebergLake#files}), never from listing folders; a submission
 * whose audit record lists no file of a table adds no rows.
 */
final class LakeInput {
  /** Column naming the contributing site. */
  static final String SITE = "site";

  /** Column holding the runner's pseudonym. */
  static final String PID = "participant_id";

  /** The key of a runner: site and pseudonym. */
  static final String[] KEYS = {SITE, PID};

  private final SparkSession spark;
  private final IcebergLake catalog;
  private final IcebergLake.Version version;
  private final List<SubmissionRecord> submissions;
  private final Dictionary dictionary = Dictionary.submission();

  /**
   * The tables of lake version {@code version}, whose state ({@link IcebergLake#state(long)}) is
   * {@code state}.
   */
  LakeInput(SparkSession spark, IcebergLake catalog, IcebergLake.Version version, LakeState state) {
    this.spark = spark;
    this.catalog = catalog;
    this.version = version;
    this.submissions = state.currentSubmissions();
  }

  /** Per curated table, its data files at the version read by site (planned once per table). */
  private final Map<String, Map<String, List<String>>> planned = new HashMap<>();

  /**
   * The curated data files of a table's site at the version read, as Iceberg plans them, in the
   * order of their locations.
   */
  private List<String> files(TableSpec t, String site) {
    Map<String, List<String>> bySite =
        planned.computeIfAbsent(
            t.name(),
            n -> {
              Map<String, List<String>> m = new HashMap<>();
              for (var f : catalog.files(version, LakeTables.curatedId(t))) {
                m.computeIfAbsent(IcebergLake.siteOf(f), x -> new ArrayList<>()).add(f.location());
              }
              m.values().forEach(l -> l.sort(Comparator.naturalOrder()));
              return m;
            });
    return bySite.getOrDefault(site, List.of());
  }

  /** The session the tables are read in. */
  SparkSession spark() {
    return spark;
  }

  /** The current submissions read, one per site, in site order. */
  List<SubmissionRecord> submissions() {
    return submissions;
  }

  /**
   * The accepted rows of a table per current submission that has it, by site in site order: the
   * named columns, typed as curated, without a site column. For a pass that reads each site's
   * Parquet scan as it is.
   *
   * @throws IllegalStateException when the data dictionary has no such table or column
   */
  Map<String, Dataset<Row>> tableBySite(String name, String... columns) {
    TableSpec t = spec(name, columns);
    Map<String, Dataset<Row>> bySite = new LinkedHashMap<>();
    for (Map.Entry<String, Dataset<Row>> site : read(t).entrySet()) {
      bySite.put(
          site.getKey(),
          site.getValue().select(Stream.of(columns).map(c -> col(c)).toArray(Column[]::new)));
    }
    return bySite;
  }

  /**
   * The accepted rows of a small table (a few rows per runner) over every current submission, read
   * on the driver without Spark ({@link CuratedPartReader}): per row {@value #SITE} and then the
   * named columns, typed as curated ({@link String}, {@link Long}, {@link Double}, {@link
   * LocalDate}, {@code null} where empty). Sites come in site order and, within a submission, the
   * rows in the order a Spark scan of its folder meets them: part files largest first (as Spark
   * packs a scan's files), each file's rows in file order.
   *
   * @throws IllegalStateException when the data dictionary has no such table or column
   * @throws UncheckedIOException when a part file cannot be listed or read
   */
  List<Object[]> rows(String name, String... columns) {
    TableSpec t = spec(name, columns);
    int[] read = Stream.of(columns).mapToInt(t::indexOf).toArray();
    List<Object[]> rows = new ArrayList<>();
    for (SubmissionRecord r : submissions) {
      if (!hasTable(r, t)) {
        continue;
      }
      for (Path part : parts(files(t, r.site()))) {
        try (CuratedPartReader reader = new CuratedPartReader(part, t, read)) {
          while (reader.next()) {
            Object[] values = reader.values();
            Object[] row = new Object[1 + read.length];
            row[0] = r.site();
            for (int i = 0; i < read.length; i++) {
              row[1 + i] = values[read[i]];
            }
            rows.add(row);
          }
        }
      }
    }
    return rows;
  }

  /** The Parquet part files of a site's table, largest first (then by name), as a folder scan. */
  private static List<Path> parts(List<String> locations) {
    List<Path> parts =
        locations.stream()
            .map(JobPaths::fromUri)
            .sorted(Comparator.comparing(Path::getFileName))
            .collect(Collectors.toCollection(ArrayList::new));
    Map<Path, Long> size = new HashMap<>();
    try {
      for (Path p : parts) {
        size.put(p, Files.size(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the size of a part file", e);
    }
    parts.sort(Comparator.comparing((Path p) -> size.get(p)).reversed());
    return parts;
  }

  private static boolean hasTable(SubmissionRecord r, TableSpec t) {
    return r.files().values().stream().map(FileCounts::table).anyMatch(t.name()::equals);
  }

  private TableSpec spec(String name, String... columns) {
    TableSpec t =
        dictionary.tables().stream()
            .filter(x -> x.name().equals(name))
            .findFirst()
            .orElseThrow(
                () -> new IllegalStateException("the submission dictionary has no table " + name));
    for (String c : columns) {
      if (t.column(c).isEmpty()) {
        throw new IllegalStateException(
            "the submission dictionary's " + name + " has no column " + c);
      }
    }
    return t;
  }

  /** Every current submission's curated Parquet of a table, all columns, by site. */
  private Map<String, Dataset<Row>> read(TableSpec t) {
    StructType curated = SparkSchemas.curated(t);
    Map<String, Dataset<Row>> bySite = new LinkedHashMap<>();
    for (SubmissionRecord r : submissions) {
      if (hasTable(r, t)) {
        List<String> files = files(t, r.site());
        bySite.put(
            r.site(),
            files.isEmpty()
                ? spark.createDataFrame(List.of(), curated)
                : spark.read().schema(curated).parquet(files.toArray(String[]::new)));
      }
    }
    return bySite;
  }
}
