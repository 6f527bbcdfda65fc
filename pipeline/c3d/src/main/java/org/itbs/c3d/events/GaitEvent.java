package org.itbs.c3d.events;

import org.itbs.c3d.Side;

/**
 * One gait event: a foot strike or a toe off of one foot.
 *
 * @param side the foot
 * @param kind foot strike or toe off
 * @param frame the file's point frame number nearest the event (as {@code points.csv}'s {@code
 *     frame}: the first frame is {@code POINT}'s first frame, 1 in most files)
 * @param time seconds from the first frame (as {@code points.csv}'s {@code time}); for events from
 *     a force platform, the analog sample's time, finer than a frame
 * @param source where the event was found
 */
public record GaitEvent(Side side, Kind kind, int frame, double time, EventSource source) {
  /** What happened to the foot. */
  public enum Kind {
    /** The foot touches the ground (initial contact). */
    FOOT_STRIKE("foot strike"),
    /** The foot leaves the ground. */
    TOE_OFF("toe off");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** {@code foot strike} or {@code toe off}. */
    public String label() {
      return label;
    }
  }
}
