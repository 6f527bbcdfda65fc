package org.itbs.contribute.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.itbs.contribute.ClinicKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code itbs keygen} and {@code itbs-clinic keygen}: makes a clinic's secret key for {@code itbs
 * contribute}.
 */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    header = "Write a new random clinic key to KEY.",
    description = {
      "Write a new random clinic key (32 bytes from SecureRandom) to KEY, readable by",
      "its owner only, as one line: itbs-key-v1:<64 hex digits>:<CRC-32, 8 hex digits>.",
      "`itbs contribute` accepts no other key file (no raw or hand-made keys).",
      "The key makes the pseudonyms and date shifts of `itbs contribute`: use the",
      "same key for every submission of the site, keep it secret and back it up;",
      "without it the clinic cannot re-identify its runners. An existing file is",
      "never overwritten."
    })
public final class KeygenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "KEY",
      description = "The key file to create; must not exist.")
  Path out;

  @Override
  public Integer call() {
    ClinicKey key = ClinicKey.generate(out);
    PrintWriter o = spec.commandLine().getOut();
    o.println("wrote a new clinic key to " + out + " (fingerprint " + key.fingerprint() + ")");
    o.println(
        "keep it secret and back it up: every submission of the site must use this key,"
            + " and only it can re-identify the site's runners");
    o.flush();
    return 0;
  }
}
