package org.itbs.core.validate;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The runners of an export as the other tables see them: which participant ids were accepted (with
 * their dates, for date windows), which were present but refused. Small (one entry per runner), so
 * a Spark job broadcasts it.
 */
public final class ParticipantIndex implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What an id refers to. */
  public enum Status {
    /** An accepted row of participants.csv. */
    ACCEPTED,
    /** A row of participants.csv that was refused. */
    REFUSED,
    /** No row of participants.csv. */
    UNKNOWN
  }

  private final List<String> dateColumns;
  private final Map<String, LocalDate[]> accepted = new HashMap<>();
  private final Set<String> refused = new HashSet<>();
  private int version;

  /**
   * An empty index that stores the given participant date columns.
   *
   * @param dateColumns names of the participants table's date columns
   */
  public ParticipantIndex(List<String> dateColumns) {
    this.dateColumns = List.copyOf(dateColumns);
  }

  /**
   * Records an accepted participant.
   *
   * @param dates values of the date columns, in the order given at construction
   */
  public void accept(String id, LocalDate[] dates) {
    if (dates.length != dateColumns.size()) {
      throw new IllegalArgumentException(
          "expected " + dateColumns.size() + " dates, got " + dates.length);
    }
    accepted.put(id, dates.clone());
    version++;
  }

  /** Records a participant whose row was refused. */
  public void refuse(String id) {
    refused.add(id);
    version++;
  }

  /** Changes whenever an id is accepted or refused, so a reader can cache what it looked up. */
  int version() {
    return version;
  }

  /** What the id refers to; accepted wins over refused. */
  public Status status(String id) {
    if (accepted.containsKey(id)) {
      return Status.ACCEPTED;
    }
    return refused.contains(id) ? Status.REFUSED : Status.UNKNOWN;
  }

  /**
   * A date column of an accepted participant.
   *
   * @return the date, or {@code null} when the id is not accepted or the value is missing
   * @throws IllegalArgumentException when the column is not one of the index's date columns
   */
  public LocalDate date(String id, String column) {
    int i = dateColumns.indexOf(column);
    if (i < 0) {
      throw new IllegalArgumentException("participants has no indexed date column " + column);
    }
    LocalDate[] d = accepted.get(id);
    return d == null ? null : d[i];
  }

  /** Names of the stored date columns. */
  public List<String> dateColumns() {
    return dateColumns;
  }

  /** Number of accepted participants. */
  public int acceptedCount() {
    return accepted.size();
  }
}
