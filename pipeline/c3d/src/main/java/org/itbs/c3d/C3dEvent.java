package org.itbs.c3d;

/**
 * One event of a C3D file (a foot strike, a toe-off, …).
 *
 * @param context the side or context ({@code EVENT:CONTEXTS}, such as {@code Left}); empty for a
 *     header event
 * @param label the label ({@code EVENT:LABELS}, such as {@code Foot Strike}; up to 4 characters in
 *     the header)
 * @param time seconds from the start of the trial, as the file gives it ({@code EVENT:TIMES}
 *     minutes × 60 + seconds)
 * @param source where the event was found: {@link Source#EVENT_GROUP} or {@link Source#HEADER}
 */
public record C3dEvent(String context, String label, double time, Source source) {
  /** Where an event was found. */
  public enum Source {
    /** The {@code EVENT} group of the parameters. */
    EVENT_GROUP,
    /** The header's event table. */
    HEADER
  }
}
