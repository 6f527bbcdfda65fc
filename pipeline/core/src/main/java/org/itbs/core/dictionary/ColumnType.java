package org.itbs.core.dictionary;

/** The value types a dictionary column can have. */
public enum ColumnType {
  /** Free text, optionally limited in length or by a pattern. */
  TEXT,
  /** A whole number (64-bit). */
  INTEGER,
  /** A decimal number with {@code .} as decimal point. */
  NUMBER,
  /** An ISO 8601 calendar date ({@code 2025-03-14}). */
  DATE,
  /** One of a fixed set of codes. */
  CODE;

  static ColumnType parse(String name) {
    for (ColumnType t : values()) {
      if (t.name().equalsIgnoreCase(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("Unknown column type: " + name);
  }
}
