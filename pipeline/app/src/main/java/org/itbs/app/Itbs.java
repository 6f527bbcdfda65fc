package org.itbs.app;

import org.itbs.contribute.cli.ContributeCommand;
import org.itbs.contribute.cli.DebugOption;
import org.itbs.contribute.cli.KeygenCommand;
import org.itbs.contribute.cli.OneLineErrors;
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
      C3dCommand.class,
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

  @CommandLine.Mixin DebugOption debug;

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit status (0 on success). */
  public static int run(String... args) {
    CommandLine cl = OneLineErrors.install(new CommandLine(new Itbs()));
    CommandLine.IExecutionStrategy inner = cl.getExecutionStrategy();
    cl.setExecutionStrategy(parsed -> CatalogOption.during(parsed, inner));
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
