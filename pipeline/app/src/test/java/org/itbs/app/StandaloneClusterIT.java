package org.itbs.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.itbs.analysis.Analyse;
import org.itbs.analysis.plan.AnalysisSet;
import org.itbs.analysis.plan.RecurrenceIntervals;
import org.itbs.app.cluster.LocalCluster;
import org.itbs.core.lake.FileCounts;
import org.itbs.core.lake.Lake;
import org.itbs.core.lake.LakeState;
import org.itbs.core.lake.SubmissionRecord;
import org.itbs.lake.PostgresServer;
import org.itbs.spark.JobPaths;
import org.itbs.spark.LakeReads;
import org.itbs.spark.SparkSessions;
import org.itbs.spark.features.FeaturesMain;
import org.itbs.spark.ingest.IngestMain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The jobs on a real Spark standalone cluster: a master and two workers on 127.0.0.1 started by
 * {@link LocalCluster} from a Spark home that holds Spark's jars only. A messy two-site cohort is
 * generated and contributed with {@code itbs}, then ingested into two lakes: in local mode (in this
 * JVM), and on the cluster, ingest by {@code spark-submit --class IngestMain itbs-jobs.jar} and
 * features by {@code itbs features --master spark://...} in a JVM of its own (the driver sends
 * itbs-jobs.jar, see {@link SparkSessions}). Both lakes must hold the same counts and the same
 * analysis set, and the cluster's tasks must have run in executors that the workers started. One
 * test runs both jobs by spark-submit again with the submissions and the lake on HDFS (an
 * in-process {@link MiniDFSCluster} on 127.0.0.1) and finds the same lake.
 *
 * <p>Runs in {@code mvn verify} after {@code package} (it needs {@code target/itbs-jobs.jar},
 * {@code target/lib} and {@code target/spark-runtime.classpath}); the folder {@code
 * target/cluster-it} is left for inspection (logs, executor stderr, the lakes).
 */
class StandaloneClusterIT {
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(4);
  private static final Path BUILD =
      Path.of(System.getProperty("itbs.build.dir", "target")).toAbsolutePath().normalize();
  private static final Path DIR = BUILD.resolve("cluster-it");

  private static final List<String> submissions = new ArrayList<>();
  private static Path localLake;
  private static Path clusterLake;
  private static LocalCluster cluster;
  private static Set<Path> ingestApps;
  private static Set<Path> featuresApps;
  private static String ingestOut;
  private static String featuresOut;
  private static MiniDFSCluster hdfs;

  /**
   * The lake's shared catalog on the cluster (issue 17, point 7): a throw-away PostgreSQL on
   * 127.0.0.1 ({@link PostgresServer}): the spark-submit ingest and features of {@link
   * #anHdfsLakeOnTheClusterEqualsTheLocalLake} commit to it, with the warehouse on HDFS. Null where
   * this machine has no PostgreSQL; that test then uses a SQLite catalog on the driver's disk.
   */
  private static PostgresServer postgres;

  private static String catalogUrl;

  @BeforeAll
  static void runBothWays() throws IOException {
    Lake.deleteTree(DIR);
    Files.createDirectories(DIR);
    Path raw = DIR.resolve("raw");
    CliRun g =
        CliRun.of(
            "generate",
            "--out",
            raw.toString(),
            "--sites",
            "2",
            "--runners",
            "150",
            "--seed",
            "606",
            "--messy");
    assertThat(g.status()).as(g.err()).isZero();
    for (String site : sites(raw)) {
      Path key = DIR.resolve("keys").resolve(site + ".key");
      Files.createDirectories(key.getParent());
      assertThat(CliRun.of("keygen", "--out", key.toString()).status()).isZero();
      Path sub = DIR.resolve("submissions").resolve(site);
      CliRun c =
          CliRun.of(
              "contribute",
              raw.resolve(site).toString(),
              "--site",
              site,
              "--key-file",
              key.toString(),
              "--out",
              sub.toString());
      assertThat(c.status()).as(c.err()).isZero();
      submissions.add(sub.toString());
    }

    long t = System.nanoTime();
    localLake = DIR.resolve("lake-local");
    System.setProperty("spark.ui.enabled", "false");
    List<String> ingest = new ArrayList<>(List.of("--lake", localLake.toString()));
    ingest.addAll(List.of("--master", "local[2]"));
    ingest.addAll(submissions);
    assertThat(IngestMain.run(ingest.toArray(String[]::new))).isZero();
    assertThat(
            FeaturesMain.run(new String[] {"--lake", localLake.toString(), "--master", "local[2]"}))
        .isZero();

    t = timing("local mode: ingest and features (this JVM)", t);
    cluster =
        LocalCluster.builder()
            .build(BUILD)
            .sparkHome(DIR.resolve("spark-home"))
            .state(DIR.resolve("cluster"))
            .workers(2)
            .start();
    cluster.stopOnExit();
    t = timing("cluster start", t);
    if (PostgresServer.binaries().isPresent()) {
      postgres = PostgresServer.start();
      catalogUrl = postgres.createDatabase("cluster_lake");
      t = timing("PostgreSQL start (the lake's catalog)", t);
    }

    clusterLake = DIR.resolve("lake-cluster");
    Path jobsJar = BUILD.resolve("itbs-jobs.jar");
    List<String> submit =
        new ArrayList<>(
            List.of(
                "--conf",
                "spark.ui.enabled=false",
                "--class",
                IngestMain.class.getName(),
                jobsJar.toString(),
                "--lake",
                clusterLake.toString()));
    submit.addAll(submissions);
    Set<Path> before = apps();
    ingestOut = run(cluster.sparkSubmit(submit), "ingest-spark-submit");
    ingestApps = newApps(before);
    t = timing("cluster: ingest by spark-submit", t);

    List<String> itbs =
        new ArrayList<>(
            List.of(
                javaBinary(),
                "-Xmx1g",
                "-D" + SparkSessions.JOBS_JAR + "=" + jobsJar,
                "-Dspark.driver.host=127.0.0.1",
                "-Dspark.ui.enabled=false",
                "-cp",
                BUILD.resolve("itbs-app.jar") + ":" + BUILD.resolve("lib") + "/*",
                Itbs.class.getName(),
                "features",
                "--lake",
                clusterLake.toString(),
                "--master",
                cluster.masterUrl()));
    ProcessBuilder pb = new ProcessBuilder(itbs);
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("SPARK_PUBLIC_DNS", "127.0.0.1");
    before = apps();
    featuresOut = run(pb, "features-itbs-cli");
    featuresApps = newApps(before);
    timing("cluster: features by itbs --master", t);
  }

  private static long timing(String what, long startNanos) {
    long now = System.nanoTime();
    System.out.printf(
        Locale.ROOT, "[StandaloneClusterIT] %-40s %6.1f s%n", what, (now - startNanos) / 1e9);
    return now;
  }

  @AfterAll
  static void stopCluster() {
    if (postgres != null) {
      postgres.close();
    }
    if (hdfs != null) {
      hdfs.shutdown();
    }
    if (cluster != null) {
      cluster.stop();
      for (long pid : cluster.pids()) {
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("pid " + pid).isEmpty();
      }
    }
  }

  @Test
  void clusterLakeHoldsTheCountsOfTheLocalLakePerSiteAndTable() {
    assertThat(ingestOut).contains("committed as lake version 2");
    LakeState local = LakeReads.state(localLake);
    LakeState onCluster = LakeReads.state(clusterLake);
    assertThat(onCluster.version()).isEqualTo(local.version()).isEqualTo(2);
    assertThat(counts(onCluster)).containsExactlyElementsOf(counts(local));
    assertThat(counts(local)).anyMatch(c -> !c.endsWith("quarantined 0 {}"));
  }

  @Test
  void clusterAnalysisSetEqualsTheLocalOneRowForRow() {
    // The messy cohort's participants less those quarantined; the runners whose height or mass
    // was mistyped are kept with bmi withheld (height and mass never leave the clinic).
    assertThat(featuresOut).contains("154 runners");
    List<String> local = runners(localLake);
    assertThat(local).hasSize(154);
    assertThat(runners(clusterLake)).containsExactlyElementsOf(local);
    List<String> localIntervals = intervals(localLake);
    assertThat(localIntervals).isNotEmpty();
    assertThat(intervals(clusterLake)).containsExactlyElementsOf(localIntervals);
  }

  /**
   * The same submissions, copied into an HDFS (a {@link MiniDFSCluster} in this JVM, on 127.0.0.1),
   * ingested and featurised by spark-submit on the cluster with the lake on HDFS: the executors
   * read the splits from HDFS and write their part files there, the drivers stage and commit there.
   * The lake's counts and its analysis set (copied down) equal the local lake's.
   */
  @Test
  void anHdfsLakeOnTheClusterEqualsTheLocalLake() throws Exception {
    long t = System.nanoTime();
    Path base = DIR.resolve("minidfs");
    Lake.deleteTree(base);
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
    for (String k :
        List.of(
            "dfs.namenode.rpc-bind-host",
            "dfs.namenode.servicerpc-bind-host",
            "dfs.namenode.http-bind-host",
            "dfs.datanode.hostname")) {
      conf.set(k, "127.0.0.1");
    }
    for (String k :
        List.of(
            "dfs.namenode.http-address",
            "dfs.datanode.address",
            "dfs.datanode.http.address",
            "dfs.datanode.ipc.address")) {
      conf.set(k, "127.0.0.1:0");
    }
    conf.setInt("dfs.replication", 1);
    hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).format(true).build();
    hdfs.waitActive();
    String root = "hdfs://127.0.0.1:" + hdfs.getNameNodePort() + "/itbs";
    FileSystem fs = hdfs.getFileSystem();
    List<String> onHdfs = new ArrayList<>();
    for (String sub : submissions) {
      Path local = Path.of(sub);
      org.apache.hadoop.fs.Path target =
          new org.apache.hadoop.fs.Path(root + "/in/" + local.getFileName());
      fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(local.toUri()), target);
      onHdfs.add(target.toString());
    }
    String lake = root + "/lake";
    // The HDFS lake's catalog (ITBS_CATALOG / itbs.catalog): PostgreSQL on 127.0.0.1 as a shared
    // hub or a cluster has it (issue 17, point 7); where this machine has no PostgreSQL, a SQLite
    // file on the driver's disk (itbs-jobs.jar carries both drivers).
    String catalog = catalogUrl;
    if (catalog == null) {
      catalog = "jdbc:sqlite:" + DIR.resolve("hdfs-catalog.db");
      Files.deleteIfExists(DIR.resolve("hdfs-catalog.db"));
    }
    t = timing("HDFS start, submissions copied in", t);

    Path jobsJar = BUILD.resolve("itbs-jobs.jar");
    List<String> ingest = new ArrayList<>();
    ingest.addAll(
        List.of(
            "--conf",
            "spark.ui.enabled=false",
            "--class",
            IngestMain.class.getName(),
            jobsJar.toString(),
            "--lake",
            lake));
    ingest.addAll(onHdfs);
    Set<Path> before = apps();
    // The driver (client mode: spark-submit's JVM) finds the catalog in ITBS_CATALOG, as the
    // README's
    // spark-submit example sets it.
    ProcessBuilder ingestSubmit = cluster.sparkSubmit(ingest);
    ingestSubmit.environment().put("ITBS_CATALOG", catalog);
    String out = run(ingestSubmit, "ingest-hdfs-spark-submit");
    assertThat(out).contains("committed as lake version 2");
    Set<Path> ingestOnHdfs = newApps(before);
    before = apps();
    List<String> features = new ArrayList<>();
    features.addAll(
        List.of(
            "--conf",
            "spark.ui.enabled=false",
            "--class",
            FeaturesMain.class.getName(),
            jobsJar.toString(),
            "--lake",
            lake));
    ProcessBuilder featuresSubmit = cluster.sparkSubmit(features);
    featuresSubmit.environment().put("ITBS_CATALOG", catalog);
    run(featuresSubmit, "features-hdfs-spark-submit");
    Set<Path> featuresOnHdfs = newApps(before);
    timing("cluster: ingest and features on an HDFS lake", t);

    for (Set<Path> apps : List.of(ingestOnHdfs, featuresOnHdfs)) {
      assertThat(apps).as("one application per job").hasSize(1);
      int tasks = 0;
      try (Stream<Path> s = Files.list(apps.iterator().next())) {
        for (Path e : s.filter(Files::isDirectory).toList()) {
          tasks += count(Files.readString(e.resolve("stderr"), UTF_8), "Finished task");
        }
      }
      assertThat(tasks).as("tasks finished in the executors").isPositive();
    }
    Lake hdfsLake = Lake.at(JobPaths.of("--lake", lake));
    LakeState onHdfsState;
    try (org.itbs.lake.IcebergLake c =
        org.itbs.lake.IcebergLake.openLake(
            hdfsLake.root(), catalog, JobPaths.hadoopConfiguration(), false)) {
      onHdfsState = c.state();
    }
    assertThat(counts(onHdfsState)).containsExactlyElementsOf(counts(LakeReads.state(localLake)));
    if (Files.exists(hdfsLake.staging())) {
      try (var left = Files.list(hdfsLake.staging())) {
        assertThat(left).as("nothing left in staging").isEmpty();
      }
    }
    // `itbs analyse` of the HDFS lake: a local folder (empty) and the lake's catalog, through which
    // the analysis tables are read on HDFS.
    Path copy = DIR.resolve("lake-hdfs-analyse");
    Lake.deleteTree(copy);
    Files.createDirectories(copy);
    List<String> localRunners = runners(localLake);
    List<String> localIntervals = intervals(localLake);
    System.setProperty("itbs.catalog", catalog);
    try {
      assertThat(runners(copy)).hasSize(154).containsExactlyElementsOf(localRunners);
      assertThat(intervals(copy)).containsExactlyElementsOf(localIntervals);
    } finally {
      System.clearProperty("itbs.catalog");
    }
  }

  @Test
  void tasksRanInExecutorsTheWorkersStartedWithTheJobJarTheyFetched() throws IOException {
    for (Set<Path> apps : List.of(ingestApps, featuresApps)) {
      assertThat(apps).as("one application per job").hasSize(1);
      Path app = apps.iterator().next();
      List<Path> executors;
      try (Stream<Path> s = Files.list(app)) {
        executors = s.filter(Files::isDirectory).sorted().toList();
      }
      assertThat(executors).as(app + ": one executor per worker").hasSize(2);
      int tasks = 0;
      for (Path e : executors) {
        String log = Files.readString(e.resolve("stderr"), UTF_8);
        assertThat(log)
            .as(e + "/stderr")
            .contains("Connecting to driver: spark://CoarseGrainedScheduler@127.0.0.1:")
            .doesNotContain("ClassNotFoundException");
        assertThat(e.resolve("itbs-jobs.jar"))
            .as("the job jar the executor fetched")
            .isRegularFile();
        tasks += count(log, "Finished task");
      }
      assertThat(tasks).as(app + ": tasks finished in its executors").isPositive();
    }
  }

  @Test
  void sparkHomeHoldsSparkButNotTheApplication() throws IOException {
    List<String> jars;
    try (Stream<Path> s = Files.list(cluster.sparkHome().resolve("jars"))) {
      jars = s.map(p -> p.getFileName().toString()).toList();
    }
    assertThat(jars).anyMatch(j -> j.startsWith("spark-core_2.13-"));
    assertThat(jars).noneMatch(j -> j.startsWith("itbs-") || j.startsWith("picocli-"));
    assertThat(cluster.aliveWorkers()).isEqualTo(2);
  }

  private static List<String> counts(LakeState s) {
    List<String> out = new ArrayList<>();
    for (SubmissionRecord r : s.currentSubmissions()) {
      for (var e : r.files().entrySet()) {
        FileCounts c = e.getValue();
        out.add(
            r.site()
                + " "
                + r.id()
                + " "
                + e.getKey()
                + " "
                + c.table()
                + ": read "
                + c.read()
                + ", accepted "
                + c.accepted()
                + ", quarantined "
                + c.quarantined()
                + " "
                + c.quarantinedByRule());
      }
    }
    return out;
  }

  private static List<String> runners(Path lake) {
    AnalysisSet a = Analyse.readRunners(lake);
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      StringBuilder b = new StringBuilder(a.sites()[i] + " " + a.participantIds()[i]);
      for (String c : a.columnNames()) {
        b.append(' ').append(c).append('=').append(a.column(c)[i]);
      }
      rows.add(b.toString());
    }
    return rows;
  }

  private static List<String> intervals(Path lake) {
    RecurrenceIntervals r = Analyse.readIntervals(lake);
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < r.size(); i++) {
      rows.add(
          r.site()[i]
              + " "
              + r.participantId()[i]
              + " ("
              + r.start()[i]
              + ", "
              + r.stop()[i]
              + "] event "
              + r.event()[i]
              + " maintenance "
              + r.maintenance()[i]
              + " acwr "
              + r.acwr()[i]);
    }
    return rows;
  }

  /** Runs a driver process to its end, its output in {@code DIR/NAME.log}; returns the output. */
  private static String run(ProcessBuilder pb, String name) throws IOException {
    Path log = DIR.resolve(name + ".log");
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    Process p = pb.start();
    try {
      p.getOutputStream().close();
      boolean done = p.waitFor(JOB_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      String out = Files.readString(log, UTF_8);
      assertThat(done).as(name + " within " + JOB_TIMEOUT + ":\n" + out).isTrue();
      assertThat(p.exitValue()).as(name + ":\n" + out).isZero();
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      if (p.isAlive()) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
          p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private static Set<Path> apps() {
    try (Stream<Path> s = Files.list(cluster.workDir())) {
      return new HashSet<>(s.filter(p -> p.getFileName().toString().startsWith("app-")).toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<Path> newApps(Set<Path> before) {
    Set<Path> now = apps();
    now.removeAll(before);
    return now;
  }

  private static List<String> sites(Path raw) throws IOException {
    try (Stream<Path> s = Files.list(raw)) {
      return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
