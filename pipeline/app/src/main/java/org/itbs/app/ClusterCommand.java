package org.itbs.app;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.itbs.app.cluster.LocalCluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code itbs cluster start|stop|status}: a Spark standalone cluster on this machine (a master and
 * two workers of one core and 1 GiB each, on 127.0.0.1 only) to run {@code itbs ingest} and {@code
 * itbs features} against with {@code --master}. See {@link LocalCluster}.
 */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = {
      "A Spark standalone cluster on this machine, on 127.0.0.1 only.",
      "A master and workers of one core and 1 GiB each run in the background",
      "from a Spark home laid out from the application's own jars",
      "(pipeline/app/target/spark-dist). Give the master URL that `start` prints",
      "to `itbs ingest` and `itbs features` with --master."
    },
    subcommands = {
      ClusterCommand.Start.class,
      ClusterCommand.Stop.class,
      ClusterCommand.Status.class,
    })
final class ClusterCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The state folder option, shared by the subcommands. */
  static final class StateOption {
    @Option(
        names = "--state",
        defaultValue = ".itbs-cluster",
        paramLabel = "DIR",
        description =
            "The cluster's state folder: cluster.json (master URL, process ids), logs/, the"
                + " workers' work/ (default: ${DEFAULT-VALUE})")
    Path state;

    Path dir() {
      return state.toAbsolutePath().normalize();
    }
  }

  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = {
        "Start a master and the workers in the background; print the master URL.",
        "Waits until every worker has registered. Logs go to STATE/logs,",
        "executor logs to STATE/work/app-*/N/."
      })
  static final class Start implements Callable<Integer> {
    @picocli.CommandLine.Mixin StateOption state;

    @Option(
        names = "--workers",
        defaultValue = "2",
        paramLabel = "N",
        description = "Workers, one core and 1 GiB each (default: ${DEFAULT-VALUE}).")
    int workers;

    @Override
    public Integer call() {
      Optional<LocalCluster> running = LocalCluster.running(state.dir());
      if (running.isPresent()) {
        System.out.println("a cluster already runs: master " + running.get().masterUrl());
        System.out.println("stop it with: ./itbs cluster stop --state " + state.dir());
        return 0;
      }
      Path build = buildFolder();
      LocalCluster c =
          LocalCluster.builder()
              .build(build)
              .sparkHome(build.resolve("spark-dist"))
              .state(state.dir())
              .workers(workers)
              .timeout(Duration.ofSeconds(90))
              .log(System.out)
              .start();
      System.out.println("master: " + c.masterUrl());
      System.out.println("state and logs: " + c.stateDir());
      System.out.println("next: ./itbs ingest SUBMISSION... --lake LAKE --master " + c.masterUrl());
      System.out.println("      ./itbs features --lake LAKE --master " + c.masterUrl());
      System.out.println("stop: ./itbs cluster stop" + stateArgument(state.dir()));
      return 0;
    }
  }

  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      description = {
        "Stop the workers (and their executors), then the master.",
        "Waits until every one of those processes has ended."
      })
  static final class Stop implements Callable<Integer> {
    @picocli.CommandLine.Mixin StateOption state;

    @Override
    public Integer call() {
      if (!Files.isRegularFile(state.dir().resolve(LocalCluster.STATE_FILE))) {
        System.out.println("no cluster of " + state.dir() + " to stop");
        return 0;
      }
      long t0 = System.nanoTime();
      int n = LocalCluster.stop(state.dir());
      System.out.printf(
          Locale.ROOT,
          "stopped %d running daemon%s in %.1f s; logs stay in %s%n",
          n,
          n == 1 ? "" : "s",
          (System.nanoTime() - t0) / 1e9,
          state.dir().resolve("logs"));
      return 0;
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description =
          "Print the master URL and the number of workers alive; status 1 when none runs.")
  static final class Status implements Callable<Integer> {
    @picocli.CommandLine.Mixin StateOption state;

    @Override
    public Integer call() {
      Optional<LocalCluster> c = LocalCluster.running(state.dir());
      if (c.isEmpty()) {
        System.out.println("no cluster runs (state folder " + state.dir() + ")");
        return 1;
      }
      System.out.println(
          "master "
              + c.get().masterUrl()
              + " (web UI "
              + c.get().webUi()
              + "): "
              + c.get().aliveWorkers()
              + " workers alive; processes "
              + c.get().pids());
      return 0;
    }
  }

  private static String stateArgument(Path state) {
    return state.equals(Path.of(".itbs-cluster").toAbsolutePath().normalize())
        ? ""
        : " --state " + state;
  }

  /**
   * The build folder the application runs from ({@code pipeline/app/target}): where its classes or
   * jar are, beside {@code lib/} and {@value LocalCluster#RUNTIME_LIST}.
   *
   * @throws IllegalStateException when the application does not run from a build folder
   */
  static Path buildFolder() {
    try {
      Path code =
          Path.of(ClusterCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path build = code.getParent();
      if (build == null || !Files.isDirectory(build.resolve("lib"))) {
        throw new IllegalStateException(
            "the application does not run from its build folder (no lib/ beside "
                + code
                + "); run it through ./itbs");
      }
      return build;
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot tell where the application runs from", e);
    }
  }
}
