package org.itbs.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.itbs.contribute.ClinicKey;
import org.itbs.core.lake.Lake;
import org.itbs.core.lake.LakeLock;
import org.itbs.core.lake.LakeState;
import org.itbs.core.lake.SubmissionRecord;
import org.itbs.core.submission.DisclosureRisk;
import org.itbs.core.submission.SubmissionManifest;
import org.itbs.spark.LakeReads;
import org.itbs.synth.CohortGenerator;
import org.itbs.synth.CohortSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The central-side command line: ingest, lake status, lake quarantine, as a user runs them. */
class IngestAndLakeCommandTest {
  @TempDir static Path dir;
  private static Path lake;
  private static Path submission;
  private static CliRun ingest;

  @BeforeAll
  static void ingestAMessySite() {
    System.setProperty("spark.ui.enabled", "false");
    Path raw = dir.resolve("raw");
    CohortGenerator.generate(
        CohortSpec.builder().sites(1).runners(40).seed(5).faults(CohortSpec.Faults.MESSY).build(),
        raw);
    String site = firstSite(raw);
    Path key = dir.resolve("clinic.key");
    assertThat(CliRun.of("keygen", "--out", key.toString()).status()).isZero();
    submission = dir.resolve("submission");
    CliRun c =
        CliRun.of(
            "contribute",
            raw.resolve(site).toString(),
            "--site",
            site,
            "--key-file",
            key.toString(),
            "--out",
            submission.toString());
    assertThat(c.status()).as(c.err()).isZero();
    lake = dir.resolve("lake");
    ingest =
        CliRun.of(
            "ingest", submission.toString(), "--lake", lake.toString(), "--master", "local[2]");
  }

  private static String firstSite(Path raw) {
    try (var s = Files.list(raw)) {
      return s.filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .sorted()
          .findFirst()
          .orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, byte[]> bytes(Path root) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (var w = Files.walk(root)) {
      for (Path p : w.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return out;
  }

  @Test
  void ingestPrintsAPerFileSummaryOfReadAcceptedAndQuarantined() {
    assertThat(ingest.status()).as(ingest.err()).isZero();
    assertThat(ingest.out())
        .contains("committed as lake version 1")
        .contains("file", "read", "accepted", "quarantined")
        .contains("gait_frames.csv", "training_weeks.csv", "participants.csv");
  }

  @Test
  void lakeStatusListsSitesSubmissionsVersionAndCounts() {
    CliRun r = CliRun.of("lake", "status", "--lake", lake.toString());
    assertThat(r.status()).isZero();
    assertThat(r.out())
        .contains("version 1")
        .contains("sites: 1")
        .contains("current")
        .contains("gait_frames");
  }

  @Test
  void ingestRecordsTheClinicsDisclosureRiskAndLakeStatusShowsItPerSite() {
    assertThat(ingest.status()).as(ingest.err()).isZero();
    DisclosureRisk sent =
        SubmissionManifest.read(submission.resolve("manifest.json")).disclosureRisk();
    assertThat(sent).isNotNull();
    DisclosureRisk recorded = LakeReads.state(lake).currentSubmissions().get(0).disclosureRisk();
    assertThat(recorded).isEqualTo(sent);
    CliRun r = CliRun.of("lake", "status", "--lake", lake.toString());
    assertThat(r.status()).isZero();
    String site = LakeReads.state(lake).currentSubmissions().get(0).site();
    assertThat(r.out())
        .contains("disclosure risk measured at the clinic")
        .contains("k_min", "below_k5", "max_risk")
        .containsPattern(
            "(?m)^"
                + site
                + " +"
                + sent.runners()
                + " +"
                + sent.kMin()
                + " +"
                + sent.runnersBelowK5()
                + " ")
        .contains(
            "quasi-identifiers: sex, age_years, bmi (whole units), running_years, prior_itbs");
  }

  @Test
  void lakeQuarantinePrintsEveryFindingAsCsvWithFileLineColumnValueAndRule() {
    CliRun r =
        CliRun.of("lake", "quarantine", "--lake", lake.toString(), "--table", "training_weeks");
    assertThat(r.status()).as(r.err()).isZero();
    String[] lines = r.out().split("\n");
    assertThat(lines[0]).isEqualTo("site,submission,file,line,column,value,rule,message");
    assertThat(lines.length).isGreaterThan(1);
    assertThat(r.out()).contains(",training_weeks.csv,").doesNotContain(",gait_frames.csv,");
  }

  @Test
  void ingestOfASubmissionWithAnEmailColumnExitsNonZeroNamesFileAndColumnAndChangesNothing()
      throws IOException {
    Path bad = dir.resolve("bad");
    Files.createDirectories(bad);
    for (Path p : Files.list(submission).toList()) {
      Files.copy(p, bad.resolve(p.getFileName()));
    }
    // Put an email column into injuries.csv and make the manifest agree, as a careless clinic
    // might.
    Path inj = bad.resolve("injuries.csv");
    String text = Files.readString(inj, UTF_8);
    String[] rows = text.split("\n", -1);
    StringBuilder sb = new StringBuilder(rows[0]).append(",email\n");
    for (int i = 1; i < rows.length; i++) {
      if (!rows[i].isEmpty()) {
        sb.append(rows[i]).append(",someone@example.org\n");
      }
    }
    Files.writeString(inj, sb.toString(), UTF_8);
    String manifest = Files.readString(bad.resolve("manifest.json"), UTF_8);
    String oldSha = sha(text.getBytes(UTF_8));
    Files.writeString(
        bad.resolve("manifest.json"),
        manifest.replace(oldSha, sha(sb.toString().getBytes(UTF_8))),
        UTF_8);
    Map<String, byte[]> before = bytes(lake);

    CliRun r =
        CliRun.of("ingest", bad.toString(), "--lake", lake.toString(), "--master", "local[2]");

    assertThat(r.status()).isNotZero();
    assertThat(r.err()).contains("injuries.csv").contains("'email' is a direct identifier");
    Map<String, byte[]> after = bytes(lake);
    assertThat(after.keySet()).isEqualTo(before.keySet());
    before.forEach((k, v) -> assertThat(after.get(k)).as(k).isEqualTo(v));
  }

  @Test
  void ingestRefusesASiteUnderAnotherKeyWithExit3NamingBothFingerprintsUntilRekeyIsGiven()
      throws IOException {
    Path rekeyLake = dir.resolve("lake-rekey");
    CliRun first =
        CliRun.of(
            "ingest",
            submission.toString(),
            "--lake",
            rekeyLake.toString(),
            "--master",
            "local[2]");
    assertThat(first.status()).as(first.err()).isZero();
    String site = LakeReads.state(rekeyLake).current().keySet().iterator().next();
    String oldPrint = LakeReads.state(rekeyLake).keyFingerprint(site).orElseThrow();
    Path newKey = dir.resolve("new.key");
    assertThat(CliRun.of("keygen", "--out", newKey.toString()).status()).isZero();
    String newPrint = ClinicKey.read(newKey).fingerprint();
    Path second = dir.resolve("submission-new-key");
    CliRun c =
        CliRun.of(
            "contribute",
            dir.resolve("raw").resolve(site).toString(),
            "--site",
            site,
            "--key-file",
            newKey.toString(),
            "--out",
            second.toString());
    assertThat(c.status()).as(c.err()).isZero();
    Map<String, byte[]> before = bytes(rekeyLake);

    CliRun refused =
        CliRun.of(
            "ingest", second.toString(), "--lake", rekeyLake.toString(), "--master", "local[2]");

    assertThat(refused.status()).isEqualTo(3);
    assertThat(refused.err().strip())
        .doesNotContain("\n")
        .contains("site " + site + " is bound to key fingerprint " + oldPrint)
        .contains("made with key fingerprint " + newPrint)
        .contains("--rekey " + site);
    assertThat(bytes(rekeyLake).keySet()).isEqualTo(before.keySet());

    CliRun rekeyed =
        CliRun.of(
            "ingest",
            second.toString(),
            "--lake",
            rekeyLake.toString(),
            "--master",
            "local[2]",
            "--rekey",
            site);

    assertThat(rekeyed.status()).as(rekeyed.err()).isZero();
    LakeState s = LakeReads.state(rekeyLake);
    assertThat(s.keyFingerprint(site)).contains(newPrint);
    SubmissionRecord r = s.currentSubmissions().get(0);
    assertThat(r.rekeyedFrom()).isEqualTo(oldPrint);
    assertThat(
            CliRun.of("ingest", "x", "--lake", rekeyLake.toString(), "--rekey", "clin-a").status())
        .isEqualTo(2);
  }

  @Test
  void ingestOfASiteAnotherRunIngestsExits4NamingItAndChangesNothing() throws Exception {
    Map<String, byte[]> before = bytes(lake);
    String site = LakeReads.state(lake).current().keySet().iterator().next();
    ExecutorService other = Executors.newSingleThreadExecutor();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch held = new CountDownLatch(1);
    try {
      other.submit(
          () -> {
            try (LakeLock l = Lake.at(lake).lockSite(site, "ingest", m -> {})) {
              held.countDown();
              release.await();
            }
            return null;
          });
      held.await();
      CliRun r = CliRun.of("ingest", submission.toString(), "--lake", lake.toString());
      assertThat(r.status()).as(r.err()).isEqualTo(4);
      assertThat(r.err().strip())
          .doesNotContain("\n")
          .startsWith(
              "itbs ingest: lake "
                  + lake.toAbsolutePath()
                  + " (site "
                  + site
                  + ") is busy: ingest by")
          .contains("(pid " + ProcessHandle.current().pid() + ") since ")
          .contains("--wait");
    } finally {
      release.countDown();
      other.shutdown();
    }
    assertThat(other.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(bytes(lake).keySet()).isEqualTo(before.keySet());
    assertThat(Lake.at(lake).siteLockFile(site)).doesNotExist();
  }

  @Test
  void ingestWithAnUnreachableMasterFailsInSecondsInOneLine() {
    long t0 = System.nanoTime();
    CliRun r =
        CliRun.of(
            "ingest",
            submission.toString(),
            "--lake",
            dir.resolve("never").toString(),
            "--master",
            "spark://127.0.0.1:1");
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(30);
    assertThat(r.status()).isEqualTo(5);
    assertThat(r.err().strip())
        .doesNotContain("\n")
        .startsWith("itbs ingest: cannot reach the Spark master spark://127.0.0.1:1");
  }

  @Test
  void ingestOnAPortThatIsNoSparkMasterFailsAfterMasterTimeoutWithStatus5() throws Exception {
    // In a JVM of its own, as `itbs` runs: the abandoned Spark start must not outlive the test.
    try (java.net.ServerSocket ss =
        new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      Thread answer =
          new Thread(
              () -> {
                while (!ss.isClosed()) {
                  try {
                    java.net.Socket s = ss.accept();
                    s.getOutputStream().write("SSH-2.0-not-spark\r\n".getBytes(UTF_8));
                  } catch (IOException e) {
                    return;
                  }
                }
              });
      answer.setDaemon(true);
      answer.start();
      Map<String, byte[]> before = bytes(lake);
      // The job jar the driver would serve to executors; none ever starts here.
      Path jar = dir.resolve("jobs.jar");
      try (var j =
          new java.util.jar.JarOutputStream(
              Files.newOutputStream(jar), new java.util.jar.Manifest())) {
        j.flush();
      }
      Path err = dir.resolve("timeout.err");
      String master = "spark://127.0.0.1:" + ss.getLocalPort();
      ProcessBuilder pb =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  "-Dspark.driver.host=127.0.0.1",
                  "-Ditbs.jobs.jar=" + jar,
                  Itbs.class.getName(),
                  "ingest",
                  submission.toString(),
                  "--lake",
                  lake.toString(),
                  "--master",
                  master,
                  "--master-timeout",
                  "2")
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(err.toFile());
      pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
      Process p = pb.start();
      try {
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      } finally {
        p.destroyForcibly();
      }
      assertThat(p.exitValue()).as(Files.readString(err)).isEqualTo(5);
      assertThat(Files.readString(err).lines())
          .singleElement()
          .asString()
          .startsWith(
              "itbs ingest: the Spark master "
                  + master
                  + " did not take the application within 2 s");
      assertThat(bytes(lake).keySet()).isEqualTo(before.keySet());
      for (var e : before.entrySet()) {
        assertThat(bytes(lake).get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
      }
      assertThat(Lake.at(lake).lockFile()).doesNotExist();
      assertThat(Lake.at(lake).staging()).doesNotExist();
    }
  }

  @Test
  void aMasterTimeoutUnderOneSecondIsABadArgument() {
    CliRun r =
        CliRun.of(
            "ingest",
            submission.toString(),
            "--lake",
            dir.resolve("never").toString(),
            "--master-timeout",
            "0");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("--master-timeout must be at least 1 second, not 0");
    assertThat(dir.resolve("never")).doesNotExist();
  }

  private static String sha(byte[] b) {
    try {
      return java.util.HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
