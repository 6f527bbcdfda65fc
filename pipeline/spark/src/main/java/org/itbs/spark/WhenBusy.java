package org.itbs.spark;

import java.util.function.Consumer;
import org.itbs.core.lake.Lake;
import org.itbs.core.lake.LakeLock;

/** What a job does when another run holds the lake's lock ({@code --wait} or not). */
public enum WhenBusy {
  /** Fail at once with {@link org.itbs.core.lake.LakeBusyException} (exit status 4). */
  FAIL,
  /** Wait until the lock is free ({@code --wait}), saying once whom it waits for. */
  WAIT;

  /**
   * Takes the lake's lock for a run.
   *
   * @param command what the run does ({@code ingest}, {@code features})
   * @param notices where to say that it waits, or takes over a stale lock (one line each)
   * @throws org.itbs.core.lake.LakeBusyException when {@link #FAIL} and another run holds it
   */
  public LakeLock lock(Lake lake, String command, Consumer<String> notices) {
    return this == WAIT ? lake.lockWaiting(command, notices) : lake.lock(command, notices);
  }

  /**
   * Takes the ingest lock of one site ({@link Lake#lockSite}).
   *
   * @throws org.itbs.core.lake.LakeBusyException when {@link #FAIL} and another run holds it
   */
  public LakeLock lockSite(Lake lake, String site, String command, Consumer<String> notices) {
    return this == WAIT
        ? lake.lockSiteWaiting(site, command, notices)
        : lake.lockSite(site, command, notices);
  }
}
