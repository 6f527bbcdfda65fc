package org.itbs.app;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.itbs.spark.ingest.IngestMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code itbs ingest}: the Spark job that validates submissions and lands them in the lake. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Validate anonymised submissions (folders or zips made by `itbs contribute`) row by row and",
      "land them in the lake: accepted rows in curated/, refused rows in quarantine/ with file, line,",
      "column, value and rule. A submission that cannot be read at all is refused whole and nothing",
      "is written. A later submission of a site supersedes its earlier one."
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
      names = "--lake",
      required = true,
      paramLabel = "LAKE",
      description =
          "The lake folder: a path, a file: URI or a Hadoop URI such as hdfs://NN:PORT/lake"
              + " (s3a:// needs the hadoop-aws connector, see README).")
  String lake;

  @Option(
      names = "--master",
      paramLabel = "URL",
      description =
          "Spark master URL, e.g. spark://127.0.0.1:7077 from `itbs cluster start` (default:"
              + " spark-submit's, else local[*]).")
  String master;

  @Override
  public Integer call() {
    List<String> args = new ArrayList<>(List.of("--lake", lake));
    if (master != null) {
      args.add("--master");
      args.add(master);
    }
    args.addAll(submissions);
    return IngestMain.run(args.toArray(String[]::new));
  }
}
