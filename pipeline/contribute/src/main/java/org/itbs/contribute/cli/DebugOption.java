package org.itbs.contribute.cli;

import org.itbs.core.Settings;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code --debug} option of the command lines ({@code itbs}, {@code itbs-clinic}), given
 * anywhere on the line ({@code itbs ingest --debug ...}): a failing command then prints its stack
 * trace after the one-line message ({@link OneLineErrors}), and Spark logs its warnings. The same
 * as {@link Settings#DEBUG} ({@code ITBS_DEBUG=1}).
 */
public final class DebugOption {
  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "On a failure, also print the stack trace (same as ITBS_DEBUG=1).")
  void debug(boolean on) {
    if (on) {
      Settings.DEBUG.set("true");
    }
  }
}
