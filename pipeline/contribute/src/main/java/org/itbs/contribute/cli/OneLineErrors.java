package org.itbs.contribute.cli;

import org.itbs.core.Settings;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * How the command lines ({@code itbs} and {@code itbs-clinic}) report a failed command: one line on
 * standard error, {@code <tool> <command> [<subcommand>…]: <message>}, and no stack trace unless
 * debugging is on ({@link Settings#DEBUG}: {@code ITBS_DEBUG} or {@code -Ditbs.debug}). Exit status
 * 2 for a bad argument ({@link IllegalArgumentException}), 1 for any other failure.
 */
public final class OneLineErrors implements IExecutionExceptionHandler {
  /** Exit status of a command refused for a bad argument. */
  public static final int BAD_ARGUMENT = 2;

  /** Exit status of a command that failed for any other reason. */
  public static final int FAILED = 1;

  /** Sets this handler on a command line (and so on its subcommands); returns the command line. */
  public static CommandLine install(CommandLine cl) {
    cl.setExecutionExceptionHandler(new OneLineErrors());
    return cl;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    // The full path of the command that failed: "itbs c3d info", not "itbs info".
    cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + oneLine(e));
    if (Settings.DEBUG.isOn()) {
      e.printStackTrace(cmd.getErr());
    }
    return e instanceof IllegalArgumentException ? BAD_ARGUMENT : FAILED;
  }

  /** The longest message shown, in characters; a longer one is cut and ends with an ellipsis. */
  public static final int MAX_MESSAGE = 500;

  /**
   * The failure as one line: its message with every line break and the white space around it folded
   * into one space (the kind of the failure when it has no message), at most {@link #MAX_MESSAGE}
   * characters.
   */
  static String oneLine(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      m = e.getClass().getSimpleName();
      if (e.getCause() != null && e.getCause().getMessage() != null) {
        m += ": " + e.getCause().getMessage();
      }
    }
    m = m.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    return m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) + "…" : m;
  }
}
