package org.itbs.c3d.kinematics;

/** A body side, as {@code cef-1} writes it ({@code L}, {@code R}). */
public enum Side {
  /** The left limb. */
  LEFT("L"),
  /** The right limb. */
  RIGHT("R");

  private final String code;

  Side(String code) {
    this.code = code;
  }

  /** {@code L} or {@code R}. */
  public String code() {
    return code;
  }

  /** The other side. */
  public Side other() {
    return this == LEFT ? RIGHT : LEFT;
  }
}
