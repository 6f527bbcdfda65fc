package org.itbs.contribute;

/**
 * A value that {@link Contributor} could not transform and passed on as written, or a file it left
 * out, told to the clinic so it can fix the export before sending. Rows that share the same kind,
 * column and value in one file make one warning that counts them.
 *
 * @param kind what happened
 * @param file the export file, e.g. {@code assessments.csv}
 * @param line the 1-based line of the first row concerned (the header is line 1), or 0 for a
 *     warning about a whole file
 * @param column the column concerned (lowercase dictionary name), or {@code null}
 * @param value the value as written, or {@code null}
 * @param rows how many rows share this warning (0 for a whole file)
 * @param message what was done and what the central ingest will do with it
 */
public record ContributionWarning(
    Kind kind, String file, long line, String column, String value, long rows, String message) {

  /** What a warning is about. */
  public enum Kind {
    /**
     * A date that is not {@code yyyy-MM-dd}: withheld ({@link Contributor#WITHHELD_NOT_A_DATE});
     * ingest quarantines the row.
     */
    UNPARSABLE_DATE,
    /**
     * The age at enrolment could not be computed (birth_date or enrolment_date not a date):
     * age_years is withheld ({@link Contributor#WITHHELD_AGE}); ingest quarantines the row.
     */
    AGE_NOT_COMPUTED,
    /**
     * A participant_id that participants.csv lacks: pseudonymised and its dates shifted all the
     * same; ingest quarantines the row as an unknown participant.
     */
    UNKNOWN_PARTICIPANT,
    /**
     * A row without participant_id: its dates cannot be shifted and are withheld ({@link
     * Contributor#WITHHELD_NO_PARTICIPANT}); ingest quarantines the row.
     */
    MISSING_PARTICIPANT,
    /** A row with another number of fields than the header: missing fields are empty. */
    FIELD_COUNT,
    /** A file of the export that is not a cef-1 table: not copied into the submission. */
    IGNORED_FILE,
    /** More warnings of the file than are listed. */
    MORE_NOT_LISTED
  }

  /** One line for the clinic: file, line, message, and how many rows share it. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(file);
    if (line > 0) {
      sb.append(" line ").append(line);
    }
    sb.append(": ").append(message);
    if (rows > 1) {
      sb.append(" (").append(rows).append(" rows, the first on line ").append(line).append(')');
    }
    return sb.toString();
  }
}
