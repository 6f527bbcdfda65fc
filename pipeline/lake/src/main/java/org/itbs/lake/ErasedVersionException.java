package org.itbs.lake;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A lake version that an erasure ({@link LakeErasure}) rewrote: its snapshots were expired so that
 * no file of the erased runner is left, and it can no longer be read as it was.
 */
public final class ErasedVersionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final long version;

  /** The refusal of version {@code version}, erased at {@code erasedAt}. */
  public ErasedVersionException(long version, Instant erasedAt) {
    super(
        "lake version "
            + version
            + " was rewritten by an erasure on "
            + DateTimeFormatter.ISO_LOCAL_DATE.format(erasedAt.atOffset(ZoneOffset.UTC))
            + "; it can no longer be read as it was");
    this.version = version;
  }

  /** The version refused. */
  public long version() {
    return version;
  }
}
