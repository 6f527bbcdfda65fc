package org.itbs.contribute.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

/**
 * One run of the {@code itbs-clinic} command line in this JVM, with its exit status and what it
 * printed.
 *
 * @param status exit status
 * @param out standard output
 * @param err standard error
 */
record ClinicRun(int status, String out, String err) {
  /** Runs the command line, capturing standard output and error. */
  static ClinicRun of(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, UTF_8));
      System.setErr(new PrintStream(e, true, UTF_8));
      int status = ClinicMain.run(args);
      return new ClinicRun(status, o.toString(UTF_8), e.toString(UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }
}
