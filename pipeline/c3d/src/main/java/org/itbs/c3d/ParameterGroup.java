package org.itbs.c3d;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** One group of a C3D file's parameter section and its parameters, in file order. */
public final class ParameterGroup {
  private final int id;
  private final String name;
  private final String description;
  private final boolean locked;
  private final Map<String, Parameter> parameters = new LinkedHashMap<>();

  ParameterGroup(int id, String name, String description, boolean locked) {
    this.id = id;
    this.name = name;
    this.description = description;
    this.locked = locked;
  }

  /** The group number (positive; stored negated in the file). */
  public int id() {
    return id;
  }

  /** The group's name, upper case. */
  public String name() {
    return name;
  }

  /** The description the file gives (may be empty). */
  public String description() {
    return description;
  }

  /** Whether the file marks the group locked. */
  public boolean locked() {
    return locked;
  }

  /** The parameters by upper-case name, in file order. */
  public Map<String, Parameter> parameters() {
    return Collections.unmodifiableMap(parameters);
  }

  /** The parameter of that name (case-insensitive), if the group has it. */
  public Optional<Parameter> parameter(String parameterName) {
    return Optional.ofNullable(parameters.get(parameterName.toUpperCase(java.util.Locale.ROOT)));
  }

  void add(Parameter p) {
    parameters.put(p.name(), p);
  }
}
