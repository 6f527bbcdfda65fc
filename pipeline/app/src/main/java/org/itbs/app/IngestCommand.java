package org.itbs.app;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.itbs.spark.ingest.IngestMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code itbs ingest}: the Spark job that validates submissions and lands them in the lake. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    header = "Validate anonymised submissions and land them in the lake.",
    description = {
      "Validate anonymised submissions (folders or zips made by `itbs contribute`) row by row and"
          + " land them in the lake: accepted rows in curated/, refused rows in quarantine/ with"
          + " file, line, column, value and rule. A submission that cannot be read at all is"
          + " refused whole and nothing is written. A later submission of a site supersedes its"
          + " earlier one. The lake binds each site to the key fingerprint of its current"
          + " submission: a submission made with another key is refused (exit 3) unless its site"
          + " is named with --rekey, which the audit record keeps. One run writes a lake at a time:"
          + " a second one exits with status 4 naming the first, or waits with --wait."
    })
final class IngestCommand implements Callable<Integer> {
  @Parameters(
      arity = "1..*",
      paramLabel = "SUBMISSION",
      description =
          "Submission folders or zips: paths, file: URIs or Hadoop URIs (hdfs://NN:PORT/in/CLINA;"
              + " a zip there is unpacked into a local temporary folder).")
  List<String> submissions;

  @Option(
      names = "--rekey",
      paramLabel = "SITE",
      description =
          "Accept a submission of SITE made with another clinic key than the site's current"
              + " one, and bind SITE to the new key (recorded in the audit). Repeatable.")
  List<String> rekey = new ArrayList<>();

  @Mixin LakeOption lake;

  @Mixin CatalogOption catalog;

  @Mixin MasterOption master;

  @Mixin WaitOption wait;

  @Override
  public Integer call() {
    return IngestMain.run(lake.value, master.value, submissions, rekey, wait.whenBusy());
  }
}
