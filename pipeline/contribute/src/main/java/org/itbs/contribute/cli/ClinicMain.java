package org.itbs.contribute.cli;

import org.itbs.core.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code itbs-clinic}: the clinic's command line, the Main-Class of {@code itbs-clinic.jar} ({@code
 * java -jar itbs-clinic.jar keygen|contribute ...}). The same {@code keygen} and {@code contribute}
 * commands as {@code itbs keygen} and {@code itbs contribute}, with the same options, output, exit
 * statuses and one-line errors ({@link OneLineErrors}), and nothing of the central side (no Spark).
 */
@Command(
    name = "itbs-clinic",
    mixinStandardHelpOptions = true,
    versionProvider = ClinicMain.VersionProvider.class,
    description = "The clinic side of the ITBS cohort pipeline: make a key, anonymise an export.",
    subcommands = {KeygenCommand.class, ContributeCommand.class, CommandLine.HelpCommand.class})
public final class ClinicMain implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin DebugOption debug;

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit status (0 on success). */
  public static int run(String... args) {
    return OneLineErrors.install(new CommandLine(new ClinicMain())).execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"itbs-clinic " + Version.current()};
    }
  }
}
