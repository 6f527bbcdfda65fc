package org.itbs.c3d.events;

import java.util.Locale;

/**
 * Where gait events come from, in the order {@link GaitEventDetector#detect(org.itbs.c3d.C3dFile)}
 * tries them.
 */
public enum EventSource {
  /** The file's own events: the {@code EVENT} group, or the header's events. */
  EVENT_GROUP,
  /** The vertical force of the force platforms, the foot told by the markers. */
  FORCE_PLATFORM,
  /** The markers alone (Zeni et al. 2008). */
  MARKERS;

  /** The name on the command line and in {@code events.csv}: {@code event-group}, … */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The source of that {@linkplain #label() label}.
   *
   * @throws IllegalArgumentException for any other text
   */
  public static EventSource of(String label) {
    for (EventSource s : values()) {
      if (s.label().equals(label.strip().toLowerCase(Locale.ROOT))) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown event source '" + label + "'; expected event-group, force-platform or markers");
  }
}
