package org.itbs.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.itbs.core.lake.SubmissionRecord;
import org.itbs.lake.IcebergLake;
import org.itbs.lake.LakeTables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's "Done when", as a new user does it: a cohort generated, contributed and ingested (two
 * submissions of one site, so a superseded version holds the runner too), features and analyse run;
 * then {@code itbs lake erase} of one runner; then no file under the lake holds the runner's
 * pseudonym (every file's bytes searched, and every string value of every Parquet file read, since
 * the lake's Parquet is Snappy-compressed and a byte search alone could miss a value), and {@code
 * itbs features} and {@code itbs analyse} run again. The same search finds the pseudonym before the
 * erasure, so the test can fail.
 */
class EraseThenAnalyseTest {
  @TempDir Path dir;

  @Test
  void afterEraseNoFileUnderTheLakeHoldsTheRunnerAndTheAnalysisRuns() throws Exception {
    System.setProperty("spark.ui.enabled", "false");
    Path raw = dir.resolve("raw");
    Path raw2 = dir.resolve("raw2");
    for (Object[] draw : new Object[][] {{raw, "17"}, {raw2, "18"}}) {
      CliRun g =
          CliRun.of(
              "generate",
              "--out",
              draw[0].toString(),
              "--sites",
              "2",
              "--runners",
              "80",
              "--seed",
              (String) draw[1],
              "--trials",
              "1",
              "--trial-seconds",
              "1.5",
              "--itbs-incidence",
              "0.5");
      assertThat(g.status()).as(g.err()).isZero();
    }
    Path key = dir.resolve("clinic.key");
    assertThat(CliRun.of("keygen", "--out", key.toString()).status()).isZero();
    List<String> sites;
    try (Stream<Path> s = Files.list(raw)) {
      sites = s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertThat(sites).hasSize(2);
    Path lake = dir.resolve("lake");
    String site = sites.get(0);
    // The first site twice (its first submission superseded by a later draw), then the second.
    for (Path export : List.of(raw.resolve(site), raw2.resolve(site), raw.resolve(sites.get(1)))) {
      String s = export.getFileName().toString();
      Path sub = dir.resolve("sub-" + s + "-" + System.nanoTime());
      CliRun c =
          CliRun.of(
              "contribute",
              export.toString(),
              "--site",
              s,
              "--key-file",
              key.toString(),
              "--out",
              sub.toString());
      assertThat(c.status()).as(c.err()).isZero();
      CliRun i =
          CliRun.of("ingest", sub.toString(), "--lake", lake.toString(), "--master", "local[2]");
      assertThat(i.status()).as(i.err()).isZero();
    }
    run("features", "--lake", lake.toString(), "--master", "local[2]");
    run(
        "analyse",
        "--lake",
        lake.toString(),
        "--out",
        dir.resolve("before").toString(),
        "--no-report");

    String pseudonym;
    try (IcebergLake l = IcebergLake.open(lake, null, new Configuration())) {
      IcebergLake.Version v = l.latest().orElseThrow();
      assertThat(v.version()).as(l.versions().toString()).isEqualTo(3);
      pseudonym =
          l
              .read(
                  v,
                  LakeTables.curatedId(
                      org.itbs.core.dictionary.Dictionary.submission().table("participants")))
              .stream()
              .filter(r -> site.equals(r.getField(LakeTables.SITE)))
              .map(r -> (String) r.getField("participant_id"))
              .sorted()
              .findFirst()
              .orElseThrow();
    }
    assertThat(filesHolding(lake, pseudonym))
        .as("the search finds the runner before the erasure, in the analysis tables too")
        .isNotEmpty()
        .anySatisfy(
            f -> assertThat(f.toString()).contains("/warehouse/analysis/runners/data/site="));

    // lake status: version 3 has an analysis set (when it was made), versions 1 and 2 none.
    assertThat(versionLine(lake, 3)).matches(".* \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$");
    assertThat(versionLine(lake, 2)).endsWith(" -");

    CliRun erase =
        CliRun.of(
            "lake",
            "erase",
            "--lake",
            lake.toString(),
            "--site",
            site,
            "--participant",
            pseudonym,
            "--reason",
            "consent withdrawn (GDPR Art. 17)");
    assertThat(erase.status()).as(erase.err()).isZero();
    assertThat(erase.out() + erase.err()).doesNotContain(pseudonym);

    assertThat(filesHolding(lake, pseudonym)).as("files holding the runner after erase").isEmpty();
    // Version 3 held the runner: its analysis set went with it (lake status says so).
    assertThat(versionLine(lake, 3)).endsWith(" erased");

    // The erasure made a new lake version, which has no analysis yet; the one of version 3 went
    // with its snapshots.
    for (String[] asOf : new String[][] {{"--as-of", "4"}, {"--as-of", "3"}}) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "analyse",
                  "--lake",
                  lake.toString(),
                  "--out",
                  dir.resolve("none").toString(),
                  "--no-report"));
      args.addAll(List.of(asOf));
      CliRun none = CliRun.of(args.toArray(String[]::new));
      assertThat(none.status()).as(none.err()).isNotZero();
      assertThat(none.err().strip().lines()).as(none.err()).hasSize(1);
      assertThat(none.err())
          .contains(
              asOf[1].equals("4")
                  ? "version 4 has no analysis set; run `itbs features --lake"
                  : "lake version 3 was rewritten by an erasure");
    }
    // The analysis runs on the lake without the runner.
    run("features", "--lake", lake.toString(), "--master", "local[2]");
    Path after = dir.resolve("after");
    run("analyse", "--lake", lake.toString(), "--out", after.toString(), "--no-report");
    assertThat(Files.readString(after.resolve("analysis_set.csv"))).doesNotContain(pseudonym);
    assertThat(Files.readString(dir.resolve("before").resolve("analysis_set.csv")))
        .contains(pseudonym);
    assertThat(filesHolding(lake, pseudonym)).as("after features ran again").isEmpty();
    try (IcebergLake l = IcebergLake.open(lake, null, new Configuration())) {
      SubmissionRecord current = l.state().submission(l.state().current().get(site)).orElseThrow();
      assertThat(current.site()).isEqualTo(site);
    }
  }

  /** The line of a version in the versions table of {@code itbs lake status}. */
  private static String versionLine(Path lake, long version) {
    CliRun st = CliRun.of("lake", "status", "--lake", lake.toString());
    assertThat(st.status()).as(st.err()).isZero();
    List<String> lines =
        st.out()
            .lines()
            .dropWhile(l -> !l.startsWith("versions (Iceberg catalog"))
            .filter(l -> l.matches("\\s+" + version + " .*"))
            .toList();
    assertThat(lines).as(st.out()).hasSize(1);
    return lines.get(0).strip();
  }

  private static void run(String... args) {
    CliRun r = CliRun.of(args);
    assertThat(r.status()).as(String.join(" ", args) + ": " + r.err()).isZero();
  }

  /**
   * Every file under the lake whose bytes, or (for Parquet) whose string values, hold {@code p}.
   */
  private static List<Path> filesHolding(Path lake, String p) throws IOException {
    byte[] needle = p.getBytes(StandardCharsets.UTF_8);
    List<Path> out = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> w = Files.walk(lake)) {
      files = w.filter(Files::isRegularFile).toList();
    }
    for (Path f : files) {
      byte[] b = Files.readAllBytes(f);
      if (indexOf(b, needle) >= 0
          || (f.getFileName().toString().endsWith(".parquet") && parquetHolds(f, p))) {
        out.add(f);
      }
    }
    return out;
  }

  private static boolean parquetHolds(Path f, String p) throws IOException {
    org.apache.hadoop.fs.Path hp = new org.apache.hadoop.fs.Path(f.toUri());
    Configuration conf = new Configuration();
    try (ParquetFileReader meta = ParquetFileReader.open(HadoopInputFile.fromPath(hp, conf))) {
      if (meta.getFooter().getFileMetaData().getKeyValueMetaData().toString().contains(p)) {
        return true;
      }
    }
    try (ParquetReader<Group> r =
        ParquetReader.builder(new GroupReadSupport(), hp).withConf(conf).build()) {
      for (Group g; (g = r.read()) != null; ) {
        if (holds(g, p)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean holds(Group g, String p) {
    for (int i = 0; i < g.getType().getFieldCount(); i++) {
      Type t = g.getType().getType(i);
      for (int k = 0; k < g.getFieldRepetitionCount(i); k++) {
        if (!t.isPrimitive()) {
          if (holds(g.getGroup(i, k), p)) {
            return true;
          }
        } else if (t.asPrimitiveType().getPrimitiveTypeName()
                == PrimitiveType.PrimitiveTypeName.BINARY
            && g.getString(i, k).contains(p)) {
          return true;
        }
      }
    }
    return false;
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
