package org.itbs.core.lake;

/**
 * Another run holds the lake's lock ({@link LakeLock}): the message names the lake and the holder
 * (user, host, process id, since when) and what to do. The command lines exit with status 4.
 */
public final class LakeBusyException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String lake;
  private final transient LakeLock.Holder holder;

  LakeBusyException(String lake, LakeLock.Holder holder) {
    super(
        "lake "
            + lake
            + " is busy: "
            + holder.describe()
            + " holds its lock; run again when it ends, or add --wait to wait for it");
    this.lake = lake;
    this.holder = holder;
  }

  /** The lake's root, as given to the run. */
  public String lake() {
    return lake;
  }

  /** Who holds the lock. */
  public LakeLock.Holder holder() {
    return holder;
  }
}
