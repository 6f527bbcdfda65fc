package org.itbs.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.itbs.analysis.notebook.Cohort;
import org.itbs.core.Settings;
import org.itbs.kernel.KernelSpec;
import org.itbs.lake.IcebergLake;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code itbs notebook}: installs the Java kernel's kernelspec for the current user and starts
 * Jupyter on the notebooks folder, bound to 127.0.0.1, with the lake's path handed to the notebooks
 * ({@code ITBS_LAKE}, {@link Settings#LAKE}).
 */
@Command(
    name = "notebook",
    mixinStandardHelpOptions = true,
    header = "Start Jupyter on the notebooks, with the Java kernel and the lake's path.",
    description = {
      "Install the Java kernel (\"Java (ITBS pipeline)\", the pipeline on its class path) for the"
          + " current user and start Jupyter on the notebooks folder, on 127.0.0.1 only, with the"
          + " lake's path in the environment variable ITBS_LAKE (Cohort.fromEnvironment() opens"
          + " it).",
      "Needs Debian's jupyter-notebook, python3-nbconvert and jupyter-client."
    })
final class NotebookCommand implements Callable<Integer> {
  static final String PYTHON = "/usr/bin/python3";

  @Option(
      names = "--lake",
      defaultValue = "demo/lake",
      paramLabel = "LAKE",
      description =
          "The lake whose analysis set the notebooks open, on this machine (default:"
              + " ${DEFAULT-VALUE}).")
  String lake;

  @Option(
      names = "--notebooks",
      defaultValue = "notebooks",
      paramLabel = "DIR",
      description = "The folder Jupyter serves (default: ${DEFAULT-VALUE}).")
  Path notebooks;

  @Option(
      names = "--port",
      defaultValue = "8888",
      paramLabel = "PORT",
      description = "Jupyter's port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--kernels-dir",
      paramLabel = "DIR",
      description =
          "Where to install the kernelspec (default: the user's Jupyter data folder,"
              + " $JUPYTER_DATA_DIR or ~/.local/share/jupyter, /kernels).")
  Path kernelsDir;

  @Option(
      names = "--install-only",
      description = "Install the kernelspec and stop (for `jupyter nbconvert --execute` and CI).")
  boolean installOnly;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Path lakeRoot = AnalyseCommand.localLake("notebook", lake).toAbsolutePath().normalize();
    if (!Files.exists(lakeRoot.resolve(IcebergLake.CATALOG_FILE))) {
      System.err.println(
          "itbs notebook: --lake "
              + lakeRoot
              + " is not a lake (no "
              + IcebergLake.CATALOG_FILE
              + "); run `./itbs demo` or give --lake LAKE");
      return 2;
    }
    Path spec = KernelSpec.install(kernels(), List.of(javaBinary(), "-Xmx2g"));
    System.out.println("kernelspec: " + spec);
    if (installOnly) {
      return 0;
    }
    if (!jupyterPresent()) {
      System.err.println(
          "itbs notebook: Jupyter is not installed; on Debian: apt-get install jupyter-notebook"
              + " python3-nbconvert python3-nbclient jupyter-client");
      return 3;
    }
    List<String> command = new ArrayList<>();
    command.add(PYTHON);
    command.add("-m");
    command.add("notebook");
    command.add("--ip=127.0.0.1");
    command.add("--port=" + port);
    command.add("--no-browser");
    command.add("--notebook-dir=" + notebooks.toAbsolutePath().normalize());
    if ("root".equals(System.getProperty("user.name"))) {
      command.add("--allow-root"); // Jupyter refuses root otherwise (containers, CI machines)
    }
    ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
    pb.environment().put(Cohort.LAKE_ENV, lakeRoot.toString());
    System.out.println("lake: " + lakeRoot + " (" + Cohort.LAKE_ENV + ")");
    System.out.println("starting Jupyter on http://127.0.0.1:" + port + "/ (Ctrl-C stops it)");
    Process p = pb.start();
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
    return p.waitFor();
  }

  private Path kernels() {
    if (kernelsDir != null) {
      return kernelsDir;
    }
    return Settings.JUPYTER_DATA_DIR
        .value()
        .map(Path::of)
        .orElseGet(() -> Path.of(System.getProperty("user.home"), ".local", "share", "jupyter"))
        .resolve("kernels");
  }

  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static boolean jupyterPresent() throws IOException, InterruptedException {
    if (!Files.isExecutable(Path.of(PYTHON))) {
      return false;
    }
    Process probe =
        new ProcessBuilder(PYTHON, "-c", "import notebook, nbconvert, jupyter_client")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    return probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
  }
}
