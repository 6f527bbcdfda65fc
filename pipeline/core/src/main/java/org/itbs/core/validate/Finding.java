package org.itbs.core.validate;

import java.io.Serializable;
import java.util.Objects;

/**
 * One reason a row is refused.
 *
 * @param column the offending column, or {@code null} when the whole row is at fault
 * @param value the value as written in the file ({@code ""} when missing)
 * @param rule the rule the value breaks
 * @param message a sentence a clinic can act on, naming column, value and what was expected
 */
public record Finding(String column, String value, Rule rule, String message)
    implements Serializable {

  /** Checks the record's invariants. */
  public Finding {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(message, "message");
    value = value == null ? "" : value;
  }

  /** The finding as a clinic reads it: {@code participants.csv line 42: <message> [rule]}. */
  public String describe(String file, long line) {
    return file + " line " + line + ": " + message + " [" + rule.id() + "]";
  }
}
