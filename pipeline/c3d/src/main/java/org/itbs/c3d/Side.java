package org.itbs.c3d;

import java.util.Locale;

/**
 * A body side: the limb of a gait event ({@link org.itbs.c3d.events.GaitEvent}) and of a joint
 * angle ({@link org.itbs.c3d.kinematics.GaitAngles}), written as {@code cef-1} writes it ({@link
 * #code()}: {@code L}, {@code R}) or in words ({@link #label()}: {@code left}, {@code right}).
 */
public enum Side {
  /** The left limb. */
  LEFT("L"),
  /** The right limb. */
  RIGHT("R");

  private final String code;

  Side(String code) {
    this.code = code;
  }

  /** {@code L} or {@code R}, as {@code cef-1}'s {@code side} column. */
  public String code() {
    return code;
  }

  /** {@code left} or {@code right}, as {@code events.csv} and the C3D {@code EVENT} contexts. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The other side. */
  public Side other() {
    return this == LEFT ? RIGHT : LEFT;
  }
}
