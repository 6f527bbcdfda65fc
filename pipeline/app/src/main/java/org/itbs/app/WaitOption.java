package org.itbs.app;

import org.itbs.spark.WhenBusy;
import picocli.CommandLine.Option;

/**
 * The {@code --wait} option of the jobs that write the lake ({@code ingest}, {@code features}):
 * wait while another run holds the lake's lock instead of exiting with status 4 at once.
 */
final class WaitOption {
  @Option(
      names = "--wait",
      description =
          "When another run holds the lake's lock (LAKE/_lock.json), wait until it ends instead"
              + " of exiting at once with status 4. A lock whose holder stopped refreshing it for"
              + " 2 minutes, or whose process is gone from this host, is taken over.")
  boolean value;

  /** What to do when the lake is busy. */
  WhenBusy whenBusy() {
    return value ? WhenBusy.WAIT : WhenBusy.FAIL;
  }
}
