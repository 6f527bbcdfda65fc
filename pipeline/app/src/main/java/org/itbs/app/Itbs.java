package org.itbs.app;

import org.itbs.core.Settings;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code itbs} command line. Each subcommand is one step of the flow in DESIGN.md. Options win
 * over defaults; there is no configuration file.
 */
@Command(
    name = "itbs",
    mixinStandardHelpOptions = true,
    versionProvider = Itbs.Version.class,
    description = "Research data pipeline for prospective cohort studies of ITBS in runners.",
    subcommands = {
      // One line per subcommand; keep in flow order.
      GenerateCommand.class,
      KeygenCommand.class,
      ContributeCommand.class,
      IngestCommand.class,
      LakeCommand.class,
      FeaturesCommand.class,
      AnalyseCommand.class,
      ReportCommand.class,
      NotebookCommand.class,
      ClusterCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class,
    })
public final class Itbs implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit status (0 on success). */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new Itbs());
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("itbs " + cmd.getCommandName() + ": " + e.getMessage());
          if (Settings.DEBUG.isOn()) {
            e.printStackTrace(cmd.getErr());
          }
          return e instanceof IllegalArgumentException ? 2 : 1;
        });
    return cl.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The tool version, from the jar manifest when packaged. */
  public static String version() {
    return org.itbs.core.Version.current();
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"itbs " + version()};
    }
  }
}
