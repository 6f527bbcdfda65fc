package org.itbs.contribute;

import java.time.LocalDate;

/**
 * What a clinic key makes of one clinic participant id.
 *
 * @param id the pseudonym: lowercase hex, as the submission dictionary's participant_id pattern
 *     requires
 * @param shiftWeeks the whole number of weeks every date of the runner moves by (negative: earlier)
 */
public record Pseudonym(String id, int shiftWeeks) {

  /** The shift in days: always a multiple of 7, so weekdays survive. */
  public int shiftDays() {
    return shiftWeeks * 7;
  }

  /** The date moved by {@link #shiftWeeks()} weeks. */
  public LocalDate shift(LocalDate date) {
    return date.plusWeeks(shiftWeeks);
  }
}
