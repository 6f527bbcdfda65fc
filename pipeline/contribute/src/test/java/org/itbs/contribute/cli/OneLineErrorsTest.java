package org.itbs.contribute.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class OneLineErrorsTest {
  @Command(
      name = "tool",
      subcommands = {Fails.class, Group.class})
  static final class Tool implements Runnable {
    @Override
    public void run() {}
  }

  @Command(name = "fails")
  static final class Fails implements Callable<Integer> {
    static Exception next;

    @Override
    public Integer call() throws Exception {
      throw next;
    }
  }

  @Command(name = "group", subcommands = Fails.class)
  static final class Group implements Runnable {
    @Override
    public void run() {}
  }

  private static String[] run(Exception e, String... command) {
    Fails.next = e;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandLine cl = OneLineErrors.install(new CommandLine(new Tool()));
    cl.setErr(new PrintWriter(err, true, UTF_8));
    int status = cl.execute(command.length == 0 ? new String[] {"fails"} : command);
    return new String[] {Integer.toString(status), err.toString(UTF_8)};
  }

  @Test
  void aMultiLineMessageIsPrintedOnOneLineWithoutAStackTrace() {
    String[] r = run(new IllegalStateException("first line\n  second line\r\nthird"));
    assertThat(r[0]).isEqualTo("1");
    assertThat(r[1]).isEqualTo("tool fails: first line second line third" + System.lineSeparator());
  }

  @Test
  void aFailureWithoutMessageIsNamedByItsKindAndCauseNeverAsNull() {
    String[] r = run(new UncheckedIOException(null, new java.io.IOException("disk full")));
    assertThat(r[1].strip()).isEqualTo("tool fails: UncheckedIOException: disk full");
    assertThat(run(new NullPointerException())[1].strip())
        .isEqualTo("tool fails: NullPointerException");
  }

  @Test
  void aHugeMessageIsCutAndABadArgumentExitsWithTwo() {
    String[] r = run(new IllegalArgumentException("x".repeat(2_000_000)));
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[1].strip())
        .hasSize("tool fails: ".length() + OneLineErrors.MAX_MESSAGE + 1)
        .endsWith("…");
  }

  @Test
  void aNestedCommandIsNamedByItsFullPath() {
    String[] r = run(new IllegalStateException("broken"), "group", "fails");
    assertThat(r[0]).isEqualTo("1");
    assertThat(r[1]).isEqualTo("tool group fails: broken" + System.lineSeparator());
  }
}
