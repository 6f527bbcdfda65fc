package org.itbs.c3d;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parameter section of a C3D file: its groups by upper-case name, in file order. Lists longer
 * than one parameter can hold (255 labels) continue in {@code NAME2}, {@code NAME3}, …, which
 * {@link #strings} and {@link #values} join.
 */
public final class Parameters {
  private final Map<String, ParameterGroup> groups;
  private final int blocks;

  Parameters(Map<String, ParameterGroup> groups, int blocks) {
    this.groups = groups;
    this.blocks = blocks;
  }

  /** The groups by upper-case name, in file order. */
  public Map<String, ParameterGroup> groups() {
    return Collections.unmodifiableMap(groups);
  }

  /** Number of 512-byte blocks the parameter section declares. */
  public int blocks() {
    return blocks;
  }

  /** The group of that name (case-insensitive), if present. */
  public Optional<ParameterGroup> group(String name) {
    return Optional.ofNullable(groups.get(name.toUpperCase(Locale.ROOT)));
  }

  /** The parameter {@code group:name} (case-insensitive), if present. */
  public Optional<Parameter> find(String group, String name) {
    return group(group).flatMap(g -> g.parameter(name));
  }

  /**
   * The strings of {@code group:name} followed by those of its continuations {@code name2}, {@code
   * name3}, … while they exist; empty when the parameter is absent.
   *
   * @throws C3dFormatException when one of them is not a character parameter
   */
  List<String> strings(String file, String group, String name) {
    List<String> out = new ArrayList<>();
    for (Parameter p : withContinuations(group, name)) {
      if (p.type() != Parameter.Type.CHAR) {
        throw new C3dFormatException(
            file, "parameter " + p.qualifiedName(), "is " + p.type() + ", expected CHAR");
      }
      out.addAll(p.strings());
    }
    return out;
  }

  /**
   * The values of {@code group:name} followed by those of its continuations; empty when absent.
   *
   * @throws C3dFormatException when one of them is a character parameter
   */
  double[] values(String file, String group, String name) {
    List<Parameter> ps = withContinuations(group, name);
    int n = 0;
    for (Parameter p : ps) {
      if (p.type() == Parameter.Type.CHAR) {
        throw new C3dFormatException(
            file, "parameter " + p.qualifiedName(), "is CHAR, expected a number");
      }
      n += p.elementCount();
    }
    double[] out = new double[n];
    int i = 0;
    for (Parameter p : ps) {
      double[] v = p.values();
      System.arraycopy(v, 0, out, i, v.length);
      i += v.length;
    }
    return out;
  }

  private List<Parameter> withContinuations(String group, String name) {
    List<Parameter> out = new ArrayList<>();
    Optional<Parameter> first = find(group, name);
    if (first.isEmpty()) {
      return out;
    }
    out.add(first.get());
    for (int k = 2; ; k++) {
      Optional<Parameter> next = find(group, name + k);
      if (next.isEmpty()) {
        return out;
      }
      out.add(next.get());
    }
  }
}
