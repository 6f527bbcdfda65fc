package org.itbs.spark;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.function.ForeachFunction;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Out of memory in a Spark task ends a job like every other failure: exit status 1 and one line
 * that says to give the job more memory, naming the settings. Spark wraps a task's failure in a
 * {@link SparkException} whose cause chain holds the task's error; in local mode its executor would
 * end the whole JVM at once on an {@link OutOfMemoryError} (exit 52, no message, the lake's lock
 * and staging left to the shutdown), which {@link SparkSessions} turns off.
 */
class OutOfMemoryTest {
  @TempDir Path tmp;

  private static String report(Throwable e, int[] status) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    status[0] =
        JobFailures.report("itbs ingest", "/data/lake", e, new PrintStream(buf, true, UTF_8));
    return buf.toString(UTF_8);
  }

  @Test
  void aTaskFailureWhoseCauseIsOutOfMemoryExits1SayingWhichMemoryToRaise() {
    OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
    SparkException e =
        new SparkException(
            "Job aborted due to stage failure: Task 3 in stage 2.0 failed 1 times, most recent"
                + " failure: Lost task 3.0 in stage 2.0 (TID 17) (127.0.0.1 executor driver):"
                + " java.lang.OutOfMemoryError: Java heap space\n\tat org.itbs.X.y(X.java:1)\n",
            oom);
    int[] status = new int[1];
    String err = report(e, status);
    assertThat(status[0]).isEqualTo(JobFailures.FAILED);
    assertThat(err.lines())
        .singleElement()
        .asString()
        .isEqualTo(
            "itbs ingest: out of memory (Java heap space); nothing was committed: give the JVM"
                + " more memory (ITBS_JAVA_OPTS=-Xmx8g) or, on a cluster, the executors"
                + " (spark.executor.memory)");
  }

  @Test
  void anExecutorThatSparkEndedForRunningOutOfMemoryIsToldAsOutOfMemory() {
    // On a cluster the executor's JVM ends with Spark's exit code for out of memory (52) and the
    // driver only learns of the lost executor.
    SparkException e =
        new SparkException(
            "Job aborted due to stage failure: Task 0 in stage 1.0 failed 4 times, most recent"
                + " failure: Lost task 0.3 in stage 1.0 (TID 5) (127.0.0.1 executor 2):"
                + " ExecutorLostFailure (executor 2 exited caused by one of the running tasks)"
                + " Reason: Command exited with code 52");
    int[] status = new int[1];
    String err = report(e, status);
    assertThat(status[0]).isEqualTo(JobFailures.FAILED);
    assertThat(err.lines())
        .singleElement()
        .asString()
        .startsWith("itbs ingest: out of memory (an executor ended with Spark's exit code 52)")
        .contains("spark.executor.memory");
  }

  /**
   * A job whose one task asks for more memory than the heap holds, ending as {@code IngestMain} and
   * {@code FeaturesMain} end: {@link JobFailures#report} on whatever reaches the driver.
   */
  public static final class TaskOutOfMemory {
    private TaskOutOfMemory() {}

    public static void main(String[] args) {
      SparkSession spark = null;
      int status;
      try {
        spark = SparkSessions.get("itbs-oom-test", "local[1]");
        spark
            .range(1)
            .foreach(
                (ForeachFunction<Long>)
                    i -> {
                      long[] big = new long[Integer.MAX_VALUE - 16];
                      big[0] = i;
                    });
        status = JobFailures.OK;
      } catch (Exception | Error e) {
        status = JobFailures.report("itbs ingest", "/data/lake", e, System.err);
      } finally {
        if (spark != null) {
          spark.stop();
        }
      }
      System.exit(status);
    }
  }

  @Test
  void aRealOutOfMemoryInATaskEndsTheJobWithStatus1AndOneLine() throws Exception {
    Path err = tmp.resolve("err.txt");
    ProcessBuilder pb =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    "-Dspark.ui.enabled=false",
                    TaskOutOfMemory.class.getName()))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(err.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process p = pb.start();
    try {
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    } finally {
      p.destroyForcibly();
    }
    String text = Files.readString(err);
    assertThat(p.exitValue()).as(text).isEqualTo(JobFailures.FAILED);
    assertThat(text.lines())
        .singleElement()
        .asString()
        .startsWith("itbs ingest: out of memory (Java heap space); nothing was committed:")
        .contains("ITBS_JAVA_OPTS=-Xmx8g")
        .contains("spark.executor.memory");
  }
}
