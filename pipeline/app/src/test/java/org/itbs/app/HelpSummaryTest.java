package org.itbs.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What {@code itbs --help} and each command's own {@code --help} say. */
class HelpSummaryTest {

  /** The command list of a usage message: command name to its summary, wrapped lines joined. */
  static Map<String, String> summaries(String usage) {
    Map<String, String> out = new LinkedHashMap<>();
    String[] lines = usage.split("\\R");
    int i = 0;
    while (i < lines.length && !lines[i].equals("Commands:")) {
      i++;
    }
    String name = null;
    for (i++; i < lines.length && lines[i].startsWith("  "); i++) {
      String line = lines[i];
      if (!line.startsWith("   ")) { // "  name  summary": a new command
        String[] parts = line.strip().split("\\s+", 2);
        name = parts[0];
        out.put(name, parts.length > 1 ? parts[1] : "");
      } else {
        out.merge(name, line.strip(), (a, b) -> a + " " + b);
      }
    }
    return out;
  }

  @Test
  void everyCommandsSummaryInItbsHelpIsAWholeSentence() {
    CliRun help = CliRun.of("--help");
    assertThat(help.status()).isZero();
    Map<String, String> summaries = summaries(help.out());
    assertThat(summaries.keySet())
        .containsAll(
            List.of(
                "generate",
                "keygen",
                "contribute",
                "c3d",
                "ingest",
                "lake",
                "features",
                "analyse",
                "report",
                "notebook",
                "cluster",
                "demo",
                "help"));
    assertThat(summaries)
        .allSatisfy((name, summary) -> assertThat(summary).as(name).isNotBlank().endsWith("."));
  }

  @Test
  void everyNestedCommandsSummaryIsAWholeSentenceToo() {
    for (String group : List.of("lake", "cluster", "c3d")) {
      Map<String, String> summaries = summaries(CliRun.of(group, "--help").out());
      assertThat(summaries).as(group).isNotEmpty();
      assertThat(summaries)
          .allSatisfy(
              (name, summary) ->
                  assertThat(summary).as(group + " " + name).isNotBlank().endsWith("."));
    }
  }

  /** A command's own help, its lines joined (picocli wraps them at 80 columns). */
  private static String ownHelp(String command) {
    CliRun r = CliRun.of((command + " --help").split(" "));
    assertThat(r.status()).as(command).isZero();
    return r.out().replaceAll("\\s+", " ");
  }

  @Test
  void eachCommandsOwnHelpKeepsItsFullDescription() {
    assertThat(ownHelp("ingest"))
        .contains("Validate anonymised submissions and land them in the lake.")
        .contains("row by row and land them in the lake")
        .contains("A later submission of a site supersedes its earlier one.");
    assertThat(ownHelp("features"))
        .contains("Committed all or nothing to the lake's Iceberg tables analysis.runners")
        .contains("the newest lake version's analysis.");
    assertThat(ownHelp("report"))
        .contains("--internal for the exact figures, marked not for release.");
    assertThat(ownHelp("notebook")).contains("Needs Debian's jupyter-notebook");
    assertThat(ownHelp("contribute")).contains("never inside the submission.");
    assertThat(ownHelp("analyse")).contains("unless --no-report.");
    assertThat(ownHelp("c3d info"))
        .contains("can be personal data and are left out unless --show-identifying.");
  }

  @Test
  void theSharedLakeAndMasterOptionsReadTheSameInEveryCommand() {
    String lake = "a Hadoop URI such as hdfs://NN:PORT/lake";
    for (String[] command :
        List.of(
            new String[] {"ingest"},
            new String[] {"features"},
            new String[] {"lake", "status"},
            new String[] {"lake", "quarantine"})) {
      CommandLine.Model.CommandSpec spec =
          new CommandLine(new Itbs()).getSubcommands().get(command[0]).getCommandSpec();
      if (command.length > 1) {
        spec = spec.subcommands().get(command[1]).getCommandSpec();
      }
      assertThat(String.join(" ", spec.findOption("--lake").description()))
          .as(String.join(" ", command))
          .contains(lake);
      assertThat(spec.findOption("--lake").required()).isTrue();
    }
    for (String command : List.of("ingest", "features")) {
      assertThat(
              new CommandLine(new Itbs())
                  .getSubcommands()
                  .get(command)
                  .getCommandSpec()
                  .findOption("--master")
                  .paramLabel())
          .isEqualTo("URL");
      assertThat(
              String.join(
                  " ",
                  new CommandLine(new Itbs())
                      .getSubcommands()
                      .get(command)
                      .getCommandSpec()
                      .findOption("--wait")
                      .description()))
          .contains("exiting at once with status 4");
    }
  }
}
