package org.itbs.core.validate;

/**
 * Why a row was refused. The identifiers are stable: they are stored in quarantine and shown to
 * clinics.
 */
public enum Rule {
  /** A required value is missing (empty, {@code NA} or {@code NaN}). */
  REQUIRED("required"),
  /** The value does not parse as the column's type. */
  TYPE("type"),
  /** The value lies outside its fixed valid range. */
  RANGE("range"),
  /** The value is not one of the allowed codes. */
  VALUES("allowed_values"),
  /** The text is shorter or longer than allowed. */
  LENGTH("length"),
  /** The text does not match the required pattern. */
  PATTERN("pattern"),
  /** The date falls on the wrong day of the week. */
  WEEKDAY("weekday"),
  /** The date lies outside its window relative to another date of the row or the runner. */
  WINDOW("date_window"),
  /** The row refers to a participant that participants.csv lacks. */
  UNKNOWN_PARTICIPANT("unknown_participant"),
  /** The row refers to a participant whose own row in participants.csv was refused. */
  PARTICIPANT_REFUSED("participant_refused"),
  /** Another row of the file has the same key. */
  DUPLICATE_KEY("duplicate_key"),
  /** The row has a different number of fields than the header. */
  FIELD_COUNT("field_count");

  private final String id;

  Rule(String id) {
    this.id = id;
  }

  /** The stable identifier stored with a refused row. */
  public String id() {
    return id;
  }

  /** The rule with that identifier. */
  public static Rule ofId(String id) {
    for (Rule r : values()) {
      if (r.id.equals(id)) {
        return r;
      }
    }
    throw new IllegalArgumentException("Unknown rule: " + id);
  }
}
