package org.itbs.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.itbs.app.cluster.LocalCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code itbs-jobs.jar} holds what the jobs run and nothing else: every itbs class in it loads and
 * links (its fields, methods and constructors resolve) on a class path made of Spark's runtime jars
 * alone (the jars {@code target/spark-runtime.classpath} names, what a Spark distribution's {@code
 * jars/} holds) and the libraries shaded into the jar, with the JDK's platform class loader as
 * parent, and it carries no class of the modules a cluster never runs (statistics, analysis,
 * report, generator, clinic tool, command line). The libraries shaded in are the lake's (issue 17)
 * that a Spark 4.2 distribution lacks: Iceberg, Caffeine, parquet-avro, parquet-variant and the
 * PostgreSQL driver; they are not link-checked (Iceberg's REST catalog refers to an HTTP client the
 * lake leaves out), and Spark's runtime list must not name them, or a local cluster would pass
 * where a real one lacks them.
 */
class JobsJarContentsIT {
  private static Path build;
  private static Path jobsJar;
  private static List<String> classes;

  @BeforeAll
  static void open() throws IOException {
    build = Path.of(System.getProperty("itbs.build.dir", "target")).toAbsolutePath().normalize();
    jobsJar = build.resolve("itbs-jobs.jar");
    assertThat(jobsJar).as("run after package").isRegularFile();
    classes = new ArrayList<>();
    try (JarFile jar = new JarFile(jobsJar.toFile())) {
      for (JarEntry e : java.util.Collections.list(jar.entries())) {
        String name = e.getName();
        // A multi-release jar's classes for later Java versions replace classes of the same name.
        if (name.endsWith(".class")
            && !name.endsWith("module-info.class")
            && !name.startsWith("META-INF/versions/")) {
          classes.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
        }
      }
    }
  }

  /** The itbs modules of the jobs. */
  private static final String ITBS = "org\\.itbs\\.(core|lake|spark)\\..*";

  /**
   * The libraries shaded in, by package: Iceberg (its Guava relocated by Iceberg itself), Caffeine
   * and jspecify's annotations, parquet-avro (with the fastutil classes Parquet shades) and
   * parquet-variant, the PostgreSQL driver.
   */
  private static final String SHADED =
      "(org\\.apache\\.iceberg|com\\.github\\.benmanes\\.caffeine|org\\.jspecify|org\\.apache\\.parquet\\.avro"
          + "|org\\.apache\\.parquet\\.variant|shaded\\.parquet\\.it\\.unimi\\.dsi\\.fastutil"
          + "|org\\.postgresql|org\\.sqlite)\\..*";

  @Test
  void holdsTheJobsTheDataContractAndTheLakesLibrariesOnly() {
    assertThat(classes)
        .contains(
            "org.itbs.spark.ingest.IngestMain",
            "org.itbs.spark.features.FeaturesMain",
            "org.itbs.lake.IcebergLake",
            "org.apache.iceberg.jdbc.JdbcCatalog",
            "org.apache.iceberg.parquet.ParquetUtil",
            "org.apache.iceberg.data.IcebergGenerics",
            "org.apache.parquet.avro.AvroSchemaConverter",
            "org.postgresql.Driver",
            "org.sqlite.JDBC");
    assertThat(classes).allSatisfy(c -> assertThat(c).matches(ITBS + "|" + SHADED));
  }

  @Test
  void sparksRuntimeListNamesNoneOfTheLakesLibraries() throws IOException {
    String list = Files.readString(build.resolve(LocalCluster.RUNTIME_LIST), UTF_8).trim();
    for (String jar : list.split(",")) {
      String name = Path.of(jar).getFileName().toString();
      assertThat(name)
          .as("a Spark 4.2 distribution's jars/ lacks it: itbs-jobs.jar must carry it")
          .doesNotStartWith("iceberg-")
          .doesNotStartWith("caffeine-")
          .doesNotStartWith("jspecify-")
          .doesNotStartWith("parquet-avro-")
          .doesNotStartWith("parquet-variant-")
          .doesNotStartWith("postgresql-")
          .doesNotStartWith("sqlite-jdbc-");
    }
    // What the lake leaves to Spark stays in it (an exclusion by group id takes every group it
    // begins: org.xerial would take Spark's snappy-java along).
    assertThat(list)
        .contains(
            "lib/parquet-hadoop-",
            "lib/parquet-column-",
            "lib/avro-",
            "lib/snappy-java-",
            "lib/jackson-databind-",
            "lib/hadoop-client-api-");
  }

  @Test
  void everyClassLoadsAndLinksOnSparksRuntimeJarsAlone() throws Exception {
    List<URL> urls = new ArrayList<>();
    urls.add(jobsJar.toUri().toURL());
    String list = Files.readString(build.resolve(LocalCluster.RUNTIME_LIST), UTF_8).trim();
    for (String jar : list.split(",")) {
      urls.add(build.resolve(jar).toUri().toURL());
    }
    assertThat(urls).hasSizeGreaterThan(50);
    assertThat(list)
        .as("the Spark runtime has none of the libraries the jobs must not need")
        .doesNotContain("smile-", "tablesaw-", "picocli-", "itbs-");

    Map<String, String> failures = new TreeMap<>();
    try (URLClassLoader loader =
        new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      for (String name : classes) {
        if (!name.matches(ITBS)) {
          continue;
        }
        try {
          Class<?> c = Class.forName(name, false, loader);
          assertThat(c.getClassLoader()).as(name).isSameAs(loader);
          c.getDeclaredFields();
          c.getDeclaredMethods();
          c.getDeclaredConstructors();
        } catch (ReflectiveOperationException | LinkageError e) {
          failures.put(name, e.toString());
        }
      }
    }
    assertThat(failures).as("classes of itbs-jobs.jar that do not load on Spark's jars").isEmpty();
    assertThat(classes).hasSizeGreaterThan(50);
  }
}
