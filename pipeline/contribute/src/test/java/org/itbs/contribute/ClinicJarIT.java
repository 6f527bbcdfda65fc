package org.itbs.contribute;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.itbs.core.Version;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * itbs-clinic.jar as a clinic runs it: {@code java -jar itbs-clinic.jar keygen|contribute ...} in a
 * new JVM (this JVM's {@code java}) with nothing but the jar on its class path. Runs after {@code
 * package} (maven-failsafe), which tells it the build directory ({@code itbs.build.dir}).
 */
class ClinicJarIT {
  private static final String CREATED = "2025-01-01T00:00:00Z";
  private static final long MAX_JAR_BYTES = 15L * 1024 * 1024;

  private static Path jar;

  @TempDir Path dir;

  @BeforeAll
  static void findJar() {
    String build = System.getProperty("itbs.build.dir", "target");
    jar = Path.of(build, "itbs-clinic.jar").toAbsolutePath();
    assertThat(jar).as("run `mvn package` first").isRegularFile();
  }

  /** One run of the jar in its own JVM. */
  private record Run(int status, String out, String err) {}

  private Run java(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-jar");
    cmd.add(jar.toString());
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "stdout", ".txt");
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    // Nothing but the jar: no class path, agent or options inherited from the build.
    for (String v :
        List.of(
            "CLASSPATH", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "ITBS_DEBUG")) {
      pb.environment().remove(v);
    }
    Process p = pb.start();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("java -jar itbs-clinic.jar " + List.of(args) + " timed out");
    }
    return new Run(p.exitValue(), Files.readString(out, UTF_8), Files.readString(err, UTF_8));
  }

  private static Map<String, byte[]> files(Path folder) throws IOException {
    Map<String, byte[]> m = new TreeMap<>();
    try (Stream<Path> s = Files.list(folder)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        m.put(p.getFileName().toString(), Files.readAllBytes(p));
      }
    }
    return m;
  }

  @Test
  void contributeFromTheJarWritesTheSameBytesAsTheContributorInProcess() throws Exception {
    Path raw = ContributeFixtures.write(dir.resolve("raw"), ContributeFixtures.export());
    Path key = dir.resolve("clinic.key");
    Run keygen = java("keygen", "--out", key.toString());
    assertThat(keygen.status()).as(keygen.err()).isZero();
    ClinicKey clinicKey = ClinicKey.read(key);
    assertThat(keygen.out()).contains("fingerprint " + clinicKey.fingerprint());

    Path sub = dir.resolve("submission");
    Run r =
        java(
            "contribute",
            raw.toString(),
            "--site",
            "CLINA",
            "--key-file",
            key.toString(),
            "--out",
            sub.toString(),
            "--created",
            CREATED);
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out())
        .startsWith(
            "wrote submission "
                + sub
                + " (site CLINA, created "
                + CREATED
                + ", key fingerprint "
                + clinicKey.fingerprint()
                + ")");

    // What `itbs contribute` does in process (ContributeCommand): the same key and created time.
    Path inProcess = dir.resolve("in-process");
    Contributor.builder()
        .site("CLINA")
        .key(clinicKey)
        .toolVersion(Version.current())
        .created(Instant.parse(CREATED))
        .build()
        .contribute(raw, inProcess);

    Map<String, byte[]> expected = files(inProcess);
    Map<String, byte[]> actual = files(sub);
    assertThat(actual.keySet()).isEqualTo(expected.keySet()).contains("manifest.json");
    expected.forEach((name, bytes) -> assertThat(actual.get(name)).as(name).isEqualTo(bytes));
  }

  @Test
  void contributeFromTheJarConvertsGaitGivenAsC3dAsInProcess() throws Exception {
    Path raw = C3dGaitTest.export(dir.resolve("raw-c3d"));
    Path key = dir.resolve("clinic-c3d.key");
    assertThat(java("keygen", "--out", key.toString()).status()).isZero();
    Path sub = dir.resolve("submission-c3d");
    Run r =
        java(
            "contribute",
            raw.toString(),
            "--site",
            "CLINA",
            "--key-file",
            key.toString(),
            "--out",
            sub.toString(),
            "--created",
            CREATED);
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(
            "gait/index.csv: "
                + C3dGaitTest.INDEX.size()
                + " trial(s): 2 converted from C3D into ");
    Path inProcess = dir.resolve("in-process-c3d");
    Contributor.builder()
        .site("CLINA")
        .key(ClinicKey.read(key))
        .toolVersion(Version.current())
        .created(Instant.parse(CREATED))
        .build()
        .contribute(raw, inProcess);
    Map<String, byte[]> expected = files(inProcess);
    Map<String, byte[]> actual = files(sub);
    assertThat(actual.keySet()).isEqualTo(expected.keySet()).contains("gait_frames.csv");
    expected.forEach((name, bytes) -> assertThat(actual.get(name)).as(name).isEqualTo(bytes));
  }

  @Test
  void aBadArgumentExitsWithTwoAndOneLineWithoutAStackTrace() throws Exception {
    Path raw = ContributeFixtures.write(dir.resolve("raw"), ContributeFixtures.export());
    Path key = dir.resolve("clinic.key");
    assertThat(java("keygen", "--out", key.toString()).status()).isZero();
    Run r =
        java(
            "contribute",
            raw.toString(),
            "--site",
            "CLINA",
            "--key-file",
            key.toString(),
            "--out",
            dir.resolve("x").toString(),
            "--created",
            "yesterday");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err().lines().toList())
        .singleElement()
        .asString()
        .startsWith("itbs-clinic contribute: --created must be an ISO-8601 UTC instant");
    assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(r.out()).isEmpty();
    assertThat(dir.resolve("x")).doesNotExist();
  }

  @Test
  void theJarIsSmallAndHoldsNoCentralSideLibraries() throws IOException {
    assertThat(Files.size(jar)).isLessThan(MAX_JAR_BYTES);
    List<String> banned =
        List.of("org/apache/spark/", "org/apache/hadoop/", "smile/", "tech/tablesaw/");
    List<String> found = new ArrayList<>();
    try (JarFile j = new JarFile(jar.toFile())) {
      assertThat(j.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo("org.itbs.contribute.cli.ClinicMain");
      for (Enumeration<? extends ZipEntry> e = j.entries(); e.hasMoreElements(); ) {
        String name = e.nextElement().getName();
        if (banned.stream().anyMatch(name::startsWith)) {
          found.add(name);
        }
      }
      assertThat(j.getEntry("picocli/CommandLine.class")).isNotNull();
      assertThat(j.getEntry("org/itbs/core/Version.class")).isNotNull();
      assertThat(j.getEntry("com/fasterxml/jackson/databind/ObjectMapper.class")).isNotNull();
      assertThat(j.getEntry("com/univocity/parsers/csv/CsvParser.class")).isNotNull();
      // Gait given as C3D files is converted at the clinic: the reader, the model and its sets.
      assertThat(j.getEntry("org/itbs/c3d/C3dReader.class")).isNotNull();
      assertThat(j.getEntry("org/itbs/c3d/kinematics/cast-isb.markers")).isNotNull();
      assertThat(j.getEntry("org/itbs/c3d/kinematics/plug-in-gait.mapping")).isNotNull();
    }
    assertThat(found).isEmpty();
  }
}
