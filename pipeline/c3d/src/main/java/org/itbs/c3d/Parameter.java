package org.itbs.c3d;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One parameter of a C3D file's parameter section: its group, name, type, dimensions (the first
 * varies fastest) and values. Character parameters are arrays of fixed-width strings whose first
 * dimension is the width; numeric ones hold their values in file order.
 */
public final class Parameter {
  /** The data type of a parameter, as its type byte gives it. */
  public enum Type {
    /** Characters (type byte -1), Latin-1. */
    CHAR(-1),
    /** Bytes (type byte 1), signed. */
    BYTE(1),
    /** 16-bit integers (type byte 2), signed; see {@link #unsignedInts()}. */
    INT16(2),
    /** 32-bit floats (type byte 4), in the processor type's format. */
    FLOAT(4);

    private final int code;

    Type(int code) {
      this.code = code;
    }

    /** The type byte of the parameter section: -1, 1, 2 or 4. */
    public int code() {
      return code;
    }

    /** Bytes per element. */
    public int size() {
      return Math.abs(code);
    }

    static Type ofCode(int code) {
      for (Type t : values()) {
        if (t.code == code) {
          return t;
        }
      }
      return null;
    }
  }

  private final String group;
  private final String name;
  private final String description;
  private final Type type;
  private final int[] dimensions;
  private final boolean locked;
  private final byte[] chars;
  private final double[] numbers;

  Parameter(
      String group,
      String name,
      String description,
      Type type,
      int[] dimensions,
      boolean locked,
      byte[] chars,
      double[] numbers) {
    this.group = group;
    this.name = name;
    this.description = description;
    this.type = type;
    this.dimensions = dimensions;
    this.locked = locked;
    this.chars = chars;
    this.numbers = numbers;
  }

  /** This parameter in group {@code groupName} (the reader learns the group's name last). */
  Parameter inGroup(String groupName) {
    return new Parameter(groupName, name, description, type, dimensions, locked, chars, numbers);
  }

  /** The group's name, upper case. */
  public String group() {
    return group;
  }

  /** The parameter's name, upper case. */
  public String name() {
    return name;
  }

  /** {@code GROUP:NAME}. */
  public String qualifiedName() {
    return group + ":" + name;
  }

  /** The description the file gives (may be empty). */
  public String description() {
    return description;
  }

  /** The data type. */
  public Type type() {
    return type;
  }

  /** The dimensions, first varying fastest; empty for a scalar. */
  public int[] dimensions() {
    return dimensions.clone();
  }

  /** Whether the file marks the parameter locked (a negative name length). */
  public boolean locked() {
    return locked;
  }

  /** Number of elements: the product of the dimensions (1 for a scalar). */
  public int elementCount() {
    int n = 1;
    for (int d : dimensions) {
      n *= d;
    }
    return n;
  }

  /**
   * The strings of a character parameter: one per column of width {@code dimensions[0]}, trailing
   * blanks and NULs removed; a scalar or one-dimensional parameter is one string.
   *
   * @throws IllegalStateException when the parameter is not of type {@link Type#CHAR}
   */
  public List<String> strings() {
    if (type != Type.CHAR) {
      throw new IllegalStateException(qualifiedName() + " is " + type + ", not CHAR");
    }
    List<String> out = new ArrayList<>();
    if (dimensions.length <= 1) {
      out.add(Bytes.trimmed(chars, 0, chars.length));
      return out;
    }
    int width = dimensions[0];
    int count = productAfterFirst();
    for (int i = 0; i < count; i++) {
      out.add(width == 0 ? "" : Bytes.trimmed(chars, i * width, width));
    }
    return out;
  }

  private int productAfterFirst() {
    int n = 1;
    for (int i = 1; i < dimensions.length; i++) {
      n *= dimensions[i];
    }
    return n;
  }

  /** The first string of a character parameter, or {@code ""} when it has none. */
  public String string() {
    List<String> s = strings();
    return s.isEmpty() ? "" : s.get(0);
  }

  /**
   * The values of a numeric parameter in file order (16-bit integers and bytes signed).
   *
   * @throws IllegalStateException for a {@link Type#CHAR} parameter
   */
  public double[] values() {
    if (type == Type.CHAR) {
      throw new IllegalStateException(qualifiedName() + " is CHAR, not numeric");
    }
    return numbers.clone();
  }

  /** The first value of a numeric parameter, or {@code fallback} when it has none. */
  public double value(double fallback) {
    if (type == Type.CHAR) {
      throw new IllegalStateException(qualifiedName() + " is CHAR, not numeric");
    }
    return numbers.length == 0 ? fallback : numbers[0];
  }

  /**
   * The values of an integer parameter read as unsigned (0–65535 for {@link Type#INT16}, 0–255 for
   * {@link Type#BYTE}), as counts and frame numbers above 32767 are stored; floats are truncated.
   */
  public int[] unsignedInts() {
    double[] v = values();
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      int x = (int) v[i];
      out[i] =
          switch (type) {
            case INT16 -> x & 0xffff;
            case BYTE -> x & 0xff;
            default -> x;
          };
    }
    return out;
  }

  @Override
  public String toString() {
    return qualifiedName()
        + " "
        + type
        + Arrays.toString(dimensions)
        + (type == Type.CHAR ? " " + strings() : " " + Arrays.toString(numbers));
  }
}
