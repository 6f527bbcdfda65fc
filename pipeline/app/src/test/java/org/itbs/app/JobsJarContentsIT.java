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
 * {@code itbs-jobs.jar} holds what the jobs run and nothing else: every class in it loads and links
 * (its fields, methods and constructors resolve) on a class path made of Spark's runtime jars alone
 * (the jars {@code target/spark-runtime.classpath} names, what a Spark distribution's {@code jars/}
 * holds), with the JDK's platform class loader as parent, and it carries no class of the modules a
 * cluster never runs (statistics, analysis, report, generator, clinic tool, command line).
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
        if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
          classes.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
        }
      }
    }
  }

  @Test
  void holdsTheJobsAndTheDataContractOnly() {
    assertThat(classes)
        .contains("org.itbs.spark.ingest.IngestMain", "org.itbs.spark.features.FeaturesMain");
    assertThat(classes).allSatisfy(c -> assertThat(c).matches("org\\.itbs\\.(core|spark)\\..*"));
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
