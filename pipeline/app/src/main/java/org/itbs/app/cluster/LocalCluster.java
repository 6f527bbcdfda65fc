package org.itbs.app.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * A Spark standalone cluster on this machine: one master and a few workers of one core and 1 GiB
 * each, every process bound to 127.0.0.1, started as background processes that outlive the JVM that
 * started them until {@link #stop} ends them. {@code itbs cluster start|stop} and the integration
 * test run it through this one class.
 *
 * <p>No Spark distribution is needed: the Spark home is laid out from the build. {@code BUILD/lib/}
 * holds the application's runtime jars and {@code BUILD/spark-runtime.classpath} (written by the
 * build) names those of them that make a Spark runtime; the Spark home gets a {@code jars/} folder
 * of links to them (copies where links cannot be made). The application's own jars are not among
 * them, so a job's classes reach the executors only the way they reach a real cluster's: in the job
 * jar (itbs-jobs.jar) the driver sends.
 *
 * <p>The state folder holds:
 *
 * <pre>
 * STATE/cluster.json            master URL, web UI port, Spark home, the process id and start time of each daemon
 * STATE/logs/master.log         the master's log; logs/worker-N.log each worker's
 * STATE/work/app-ID/N/          executor N of application ID: stdout, stderr, the jars it fetched
 * </pre>
 *
 * <p>Every process gets {@code SPARK_LOCAL_IP=127.0.0.1}, {@code SPARK_PUBLIC_DNS=127.0.0.1}, and
 * {@code --host 127.0.0.1}; ports are free ones on 127.0.0.1 (the master's, its web UI's and each
 * worker's web UI).
 */
public final class LocalCluster implements AutoCloseable {
  /** Name of the state file in the state folder. */
  public static final String STATE_FILE = "cluster.json";

  /** Name of the build's list of the jars of lib/ that make a Spark runtime. */
  public static final String RUNTIME_LIST = "spark-runtime.classpath";

  /** Cores each worker offers. */
  public static final int WORKER_CORES = 1;

  /** Memory each worker offers, as Spark writes it (one executor of Spark's default 1g fits). */
  public static final String WORKER_MEMORY = "1g";

  private static final String MASTER_CLASS = "org.apache.spark.deploy.master.Master";
  private static final String WORKER_CLASS = "org.apache.spark.deploy.worker.Worker";
  private static final String SUBMIT_CLASS = "org.apache.spark.deploy.SparkSubmit";
  private static final String LOOPBACK = "127.0.0.1";
  private static final long STOP_GRACE_SECONDS = 20;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path state;
  private final State s;

  private LocalCluster(Path state, State s) {
    this.state = state;
    this.s = s;
  }

  /**
   * What the state file records.
   *
   * @param masterUrl the master's URL, {@code spark://127.0.0.1:PORT}
   * @param webUiPort the port of the master's web UI on 127.0.0.1
   * @param sparkHome the Spark home the daemons run from
   * @param daemons the master first, then the workers
   * @param started when the cluster was started (UTC, ISO-8601)
   */
  record State(
      @JsonProperty("master_url") String masterUrl,
      @JsonProperty("web_ui_port") int webUiPort,
      @JsonProperty("spark_home") String sparkHome,
      @JsonProperty("daemons") List<Daemon> daemons,
      @JsonProperty("started") String started) {}

  /**
   * One daemon process.
   *
   * @param role {@code master} or {@code worker-N}
   * @param pid its process id
   * @param startMillis its start time (milliseconds since the epoch) as the system reports it, or
   *     -1 when unknown: tells the daemon from a later process that got the same id
   */
  record Daemon(
      @JsonProperty("role") String role,
      @JsonProperty("pid") long pid,
      @JsonProperty("start_millis") long startMillis) {}

  /** A builder of a cluster to start. */
  public static Builder builder() {
    return new Builder();
  }

  /** Options of a cluster to start; {@link #start} starts it. */
  public static final class Builder {
    private Path build;
    private Path sparkHome;
    private Path state;
    private int workers = 2;
    private Duration timeout = Duration.ofSeconds(90);
    private PrintStream log = System.out;

    private Builder() {}

    /**
     * The build folder ({@code pipeline/app/target}) whose {@code lib/} and {@value #RUNTIME_LIST}
     * the Spark home is laid out from. Required.
     */
    public Builder build(Path dir) {
      this.build = dir.toAbsolutePath().normalize();
      return this;
    }

    /** The Spark home to lay out (created or brought up to date). Required. */
    public Builder sparkHome(Path dir) {
      this.sparkHome = dir.toAbsolutePath().normalize();
      return this;
    }

    /** The state folder: state file, logs, the workers' work folder. Required. */
    public Builder state(Path dir) {
      this.state = dir.toAbsolutePath().normalize();
      return this;
    }

    /**
     * The number of workers (default 2).
     *
     * @throws IllegalArgumentException when {@code n} is not between 1 and 8
     */
    public Builder workers(int n) {
      if (n < 1 || n > 8) {
        throw new IllegalArgumentException("workers must be between 1 and 8: " + n);
      }
      this.workers = n;
      return this;
    }

    /** How long to wait for every worker to register with the master (default 90 s). */
    public Builder timeout(Duration t) {
      this.timeout = t;
      return this;
    }

    /** Where progress lines go (default standard output). */
    public Builder log(PrintStream out) {
      this.log = out;
      return this;
    }

    /**
     * Lays out the Spark home, starts the master and the workers and waits until every worker has
     * registered.
     *
     * @return the running cluster
     * @throws IllegalStateException when a required option is missing, a cluster of this state
     *     folder still runs, the build has no Spark runtime list, or the cluster did not come up in
     *     time (then every process it started has been stopped and the message quotes the logs)
     */
    public LocalCluster start() {
      if (build == null || sparkHome == null || state == null) {
        throw new IllegalStateException("build, sparkHome and state are required");
      }
      Optional<LocalCluster> running = running(state);
      if (running.isPresent()) {
        throw new IllegalStateException(
            "a cluster of "
                + state
                + " still runs at "
                + running.get().masterUrl()
                + "; stop it first (`itbs cluster stop`)");
      }
      layOut(build, sparkHome);
      return LocalCluster.launch(this);
    }
  }

  /**
   * The cluster whose state folder is {@code state}, when its master still runs.
   *
   * @return the cluster, or empty when there is no state file or its master is gone
   */
  public static Optional<LocalCluster> running(Path state) {
    Path dir = state.toAbsolutePath().normalize();
    Path f = dir.resolve(STATE_FILE);
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    State s;
    try {
      s = JSON.readValue(f.toFile(), State.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + f, e);
    }
    LocalCluster c = new LocalCluster(dir, s);
    return c.handle(s.daemons().get(0)).isPresent() ? Optional.of(c) : Optional.empty();
  }

  /**
   * Stops the cluster of {@code state}, whatever is left of it: every daemon still running, and
   * every process they started (executors), then removes the state file.
   *
   * @return the number of daemons that were still running
   */
  public static int stop(Path state) {
    Path f = state.toAbsolutePath().normalize().resolve(STATE_FILE);
    if (!Files.isRegularFile(f)) {
      return 0;
    }
    try {
      return new LocalCluster(f.getParent(), JSON.readValue(f.toFile(), State.class)).stop();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + f, e);
    }
  }

  /** The master's URL, {@code spark://127.0.0.1:PORT}. */
  public String masterUrl() {
    return s.masterUrl();
  }

  /** The master's web UI, {@code http://127.0.0.1:PORT/}. */
  public URI webUi() {
    return URI.create("http://" + LOOPBACK + ":" + s.webUiPort() + "/");
  }

  /** The state folder. */
  public Path stateDir() {
    return state;
  }

  /** The workers' work folder: {@code app-ID/N/} per executor, with its stdout and stderr. */
  public Path workDir() {
    return state.resolve("work");
  }

  /** The Spark home the daemons run from. */
  public Path sparkHome() {
    return Path.of(s.sparkHome());
  }

  /** The process ids of the daemons, the master first. */
  public List<Long> pids() {
    return s.daemons().stream().map(Daemon::pid).toList();
  }

  /**
   * The number of workers registered and alive, as the master's web UI reports it.
   *
   * @throws IllegalStateException when the master does not answer
   */
  public int aliveWorkers() {
    try {
      return masterJson(HttpClient.newHttpClient(), s.webUiPort())
          .map(j -> j.path("aliveworkers").asInt(0))
          .orElseThrow(() -> new IllegalStateException("the master at " + webUi() + " is down"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * A {@code spark-submit} to this cluster in client mode, run from its Spark home (the driver in
   * the new process, on 127.0.0.1): {@code SparkSubmit --master URL --deploy-mode client --conf
   * spark.driver.host=127.0.0.1 ARGS}, ARGS such as {@code --class C JAR JOB-ARGS...}.
   *
   * @return the process to start; its environment keeps Spark on loopback
   */
  public ProcessBuilder sparkSubmit(List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaBinary());
    cmd.addAll(Arrays.asList(JavaModuleOptions.defaultModuleOptionArray()));
    cmd.add("-Xmx1g");
    cmd.add("-cp");
    cmd.add(sparkHome().resolve("jars") + "/*");
    cmd.add(SUBMIT_CLASS);
    cmd.addAll(
        List.of(
            "--master",
            masterUrl(),
            "--deploy-mode",
            "client",
            "--conf",
            "spark.driver.host=" + LOOPBACK,
            "--conf",
            "spark.driver.bindAddress=" + LOOPBACK));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    loopbackEnvironment(pb.environment(), sparkHome());
    return pb;
  }

  /**
   * Sets what every Spark process of the cluster needs: the Spark home, its Scala version (without
   * it the workers cannot build an executor's command) and 127.0.0.1 as the address to bind and to
   * advertise.
   */
  public static void loopbackEnvironment(Map<String, String> env, Path sparkHome) {
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", LOOPBACK);
    env.put("SPARK_PUBLIC_DNS", LOOPBACK);
    env.remove("SPARK_CONF_DIR");
    env.remove("SPARK_MASTER_HOST");
  }

  /**
   * Stops the daemons still running, the workers first (each ends its executors), then the master;
   * processes they started that outlive them are ended too; then removes the state file. Each
   * process gets SIGTERM and 20 seconds, then SIGKILL.
   *
   * @return the number of daemons that were still running
   */
  public int stop() {
    int stopped = 0;
    List<ProcessHandle> children = new ArrayList<>();
    List<ProcessHandle> workers = new ArrayList<>();
    for (Daemon d : s.daemons().subList(1, s.daemons().size())) {
      Optional<ProcessHandle> h = handle(d);
      if (h.isPresent()) {
        children.addAll(h.get().descendants().toList());
        workers.add(h.get());
        stopped++;
      }
    }
    end(workers);
    end(children);
    Optional<ProcessHandle> master = handle(s.daemons().get(0));
    if (master.isPresent()) {
      List<ProcessHandle> m = new ArrayList<>(master.get().descendants().toList());
      end(List.of(master.get()));
      end(m);
      stopped++;
    }
    try {
      Files.deleteIfExists(state.resolve(STATE_FILE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return stopped;
  }

  /** {@link #stop}. */
  @Override
  public void close() {
    stop();
  }

  /**
   * Stops the cluster when this JVM exits, unless it was stopped before (for tests: a run that
   * fails or is interrupted leaves no process behind).
   */
  public void stopOnExit() {
    Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "itbs-cluster-stop"));
  }

  /** SIGTERM to each, then waits; SIGKILL to what is left, then waits again. */
  private static void end(List<ProcessHandle> processes) {
    processes.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_GRACE_SECONDS);
    for (ProcessHandle p : processes) {
      await(p, Math.max(0, deadline - System.nanoTime()));
    }
    for (ProcessHandle p : processes) {
      if (p.isAlive()) {
        p.destroyForcibly();
        await(p, TimeUnit.SECONDS.toNanos(10));
      }
    }
  }

  private static void await(ProcessHandle p, long nanos) {
    try {
      p.onExit().get(nanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // Still running: the caller decides.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The daemon's process, when it still runs and is the same process that was started. */
  private Optional<ProcessHandle> handle(Daemon d) {
    return ProcessHandle.of(d.pid())
        .filter(ProcessHandle::isAlive)
        .filter(
            h -> {
              long started = startMillis(h);
              if (d.startMillis() >= 0 && started >= 0) {
                return Math.abs(started - d.startMillis()) < 2000;
              }
              return h.info()
                  .commandLine()
                  .map(c -> c.contains("org.apache.spark.deploy"))
                  .orElse(false);
            });
  }

  private static long startMillis(ProcessHandle h) {
    return h.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
  }

  /** Starts the daemons of {@code b} and waits for the workers; stops them all on failure. */
  private static LocalCluster launch(Builder b) {
    long t0 = System.nanoTime();
    Path logs = b.state.resolve("logs");
    Path work = b.state.resolve("work");
    try {
      Files.createDirectories(logs);
      Files.createDirectories(work);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + logs, e);
    }
    int[] ports = freePorts(2 + b.workers);
    String url = "spark://" + LOOPBACK + ":" + ports[0];
    List<Daemon> daemons = new ArrayList<>();
    List<Process> processes = new ArrayList<>();
    State s = new State(url, ports[1], b.sparkHome.toString(), daemons, Instant.now().toString());
    LocalCluster cluster = new LocalCluster(b.state, s);
    boolean ready = false;
    try {
      processes.add(
          cluster.daemon(
              "master",
              MASTER_CLASS,
              // No REST submission server: it would take port 6066, whoever else needs it.
              List.of("-Dspark.master.rest.enabled=false"),
              List.of(
                  "--host",
                  LOOPBACK,
                  "--port",
                  String.valueOf(ports[0]),
                  "--webui-port",
                  String.valueOf(ports[1])),
              logs,
              daemons));
      for (int w = 1; w <= b.workers; w++) {
        processes.add(
            cluster.daemon(
                "worker-" + w,
                WORKER_CLASS,
                List.of(),
                List.of(
                    url,
                    "--host",
                    LOOPBACK,
                    "--cores",
                    String.valueOf(WORKER_CORES),
                    "--memory",
                    WORKER_MEMORY,
                    "--webui-port",
                    String.valueOf(ports[1 + w]),
                    "--work-dir",
                    work.toString()),
                logs,
                daemons));
      }
      cluster.writeState();
      awaitWorkers(cluster, processes, b.workers, b.timeout, logs);
      ready = true;
      b.log.printf(
          Locale.ROOT,
          "cluster ready in %.1f s: master %s (web UI %s), %d workers of %d core and %s%n",
          (System.nanoTime() - t0) / 1e9,
          url,
          cluster.webUi(),
          b.workers,
          WORKER_CORES,
          WORKER_MEMORY);
      return cluster;
    } finally {
      if (!ready) {
        cluster.stop();
        processes.forEach(Process::destroyForcibly);
      }
    }
  }

  /** Starts one daemon, its output in {@code logs/ROLE.log}, and records it. */
  private Process daemon(
      String role,
      String mainClass,
      List<String> jvmOptions,
      List<String> args,
      Path logs,
      List<Daemon> daemons) {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaBinary());
    cmd.addAll(Arrays.asList(JavaModuleOptions.defaultModuleOptionArray()));
    cmd.add("-Xmx512m");
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(sparkHome().resolve("jars") + "/*");
    cmd.add(mainClass);
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(state.toFile());
    loopbackEnvironment(pb.environment(), sparkHome());
    Path log = logs.resolve(role + ".log");
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      daemons.add(new Daemon(role, p.pid(), startMillis(p.toHandle())));
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start the " + role + " (" + String.join(" ", cmd) + ")", e);
    }
  }

  private void writeState() {
    Path f = state.resolve(STATE_FILE);
    Path tmp = state.resolve(STATE_FILE + ".tmp");
    try {
      Files.write(tmp, JSON.writeValueAsBytes(s));
      Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + f, e);
    }
  }

  /** Polls the master's JSON until {@code workers} are alive. */
  private static void awaitWorkers(
      LocalCluster c, List<Process> processes, int workers, Duration timeout, Path logs) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    int alive = 0;
    try {
      while (System.nanoTime() < deadline) {
        for (int i = 0; i < processes.size(); i++) {
          if (!processes.get(i).isAlive()) {
            String role = c.s.daemons().get(i).role();
            throw new IllegalStateException(
                "the "
                    + role
                    + " exited with status "
                    + processes.get(i).exitValue()
                    + "; "
                    + tail(logs.resolve(role + ".log")));
          }
        }
        Optional<JsonNode> j = masterJson(http, c.s.webUiPort());
        if (j.isPresent()) {
          if (!c.masterUrl().equals(j.get().path("url").asText())) {
            throw new IllegalStateException(
                "the master runs at " + j.get().path("url").asText() + ", not " + c.masterUrl());
          }
          alive = j.get().path("aliveworkers").asInt(0);
          if (alive >= workers) {
            return;
          }
        }
        Thread.sleep(200);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the workers", e);
    }
    throw new IllegalStateException(
        alive
            + " of "
            + workers
            + " workers registered within "
            + timeout.toSeconds()
            + " s; "
            + tail(logs.resolve("master.log")));
  }

  /**
   * The master's state as JSON ({@code /json/} of its web UI), or empty while it does not answer.
   */
  private static Optional<JsonNode> masterJson(HttpClient http, int webUiPort)
      throws InterruptedException {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://" + LOOPBACK + ":" + webUiPort + "/json/"))
            .timeout(Duration.ofSeconds(5))
            .build();
    try {
      HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString(UTF_8));
      return r.statusCode() == 200 ? Optional.of(JSON.readTree(r.body())) : Optional.empty();
    } catch (IOException e) {
      // Not up yet (connection refused, timeout) or going down.
      return Optional.empty();
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, UTF_8);
      return log
          + " ends:\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "no log at " + log;
    }
  }

  /** Distinct free TCP ports on 127.0.0.1. */
  private static int[] freePorts(int n) {
    List<ServerSocket> held = new ArrayList<>();
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK));
        held.add(s);
        ports[i] = s.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find free ports on " + LOOPBACK, e);
    } finally {
      for (ServerSocket s : held) {
        try {
          s.close();
        } catch (IOException e) {
          // Nothing held.
        }
      }
    }
  }

  /**
   * Lays out (or brings up to date) a Spark home from a build: {@code jars/} with a link to each
   * jar that {@code BUILD/spark-runtime.classpath} names in {@code BUILD/lib/}, nothing else, and
   * an empty {@code conf/}.
   *
   * @return the number of jars in {@code jars/}
   * @throws IllegalStateException when the build has no runtime list or a listed jar is missing
   */
  static int layOut(Path build, Path sparkHome) {
    Path list = build.resolve(RUNTIME_LIST);
    if (!Files.isRegularFile(list)) {
      throw new IllegalStateException(
          "no "
              + list
              + ": build the application first (`mvn -B package -pl pipeline/app -am`, or ./itbs)");
    }
    Set<String> names = new HashSet<>();
    try {
      for (String entry : Files.readString(list, UTF_8).trim().split(",")) {
        String e = entry.trim();
        if (!e.isEmpty()) {
          names.add(e.substring(e.lastIndexOf('/') + 1));
        }
      }
      Path jars = Files.createDirectories(sparkHome.resolve("jars"));
      Files.createDirectories(sparkHome.resolve("conf"));
      try (Stream<Path> old = Files.list(jars)) {
        for (Path p : old.toList()) {
          if (!names.contains(p.getFileName().toString()) || !Files.exists(p)) {
            Files.delete(p);
          }
        }
      }
      for (String name : names) {
        Path target = build.resolve("lib").resolve(name);
        if (!Files.isRegularFile(target)) {
          throw new IllegalStateException(
              list + " names " + name + ", which is not in " + target.getParent());
        }
        Path link = jars.resolve(name);
        if (Files.exists(link)) {
          continue;
        }
        try {
          Files.createSymbolicLink(link, target);
        } catch (UnsupportedOperationException | IOException e) {
          Files.copy(target, link);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lay out the Spark home " + sparkHome, e);
    }
    return names.size();
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
