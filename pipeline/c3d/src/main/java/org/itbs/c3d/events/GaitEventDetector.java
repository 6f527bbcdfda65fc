package org.itbs.c3d.events;

import java.util.ArrayList;
import java.util.List;
import org.itbs.c3d.C3dFile;
import org.itbs.c3d.C3dFormatException;

/**
 * Foot strikes and toe offs of each foot in a C3D trial, from the first of these sources that gives
 * any (or from the one asked for):
 *
 * <ol>
 *   <li><b>{@link EventSource#EVENT_GROUP}</b>: the events the file carries. Those of the {@code
 *       EVENT} group whose label is a foot strike ({@code Foot Strike}, {@code Foot Contact},
 *       {@code Heel Strike}, {@code Initial Contact}, {@code FS}, {@code HS}, {@code IC}) or a toe
 *       off ({@code Foot Off}, {@code Toe Off}, {@code FO}, {@code TO}) and whose context is {@code
 *       Left} or {@code Right} (as Vicon Nexus writes them; a side may also lead the label, as in
 *       {@code LFS} or {@code Left Foot Strike}); when the group has none, the header's events
 *       labelled so ({@code RHS}, {@code LTO}, …). An event at time t seconds is at frame round(t ×
 *       point rate) + 1 (time 0 is frame 1 of the capture, as Vicon and BTK count); events outside
 *       the trial's frames are left out.
 *   <li><b>{@link EventSource#FORCE_PLATFORM}</b>: per platform, the force normal to its surface
 *       (from {@code CORNERS}), with hysteresis: a contact starts at the first analog sample at or
 *       above {@link Settings#risingNewtons()} (default 20 N) and ends at the first sample below
 *       {@link Settings#fallingNewtons()} (default 10 N); complete contacts shorter than {@link
 *       Settings#minContactSeconds()} (default 0.05 s) are dropped as noise, then contacts less
 *       than {@link Settings#minFlightSeconds()} (default 0.05 s) apart are joined. The foot strike
 *       is the contact's first sample, the toe off its end sample (times to the analog sample, the
 *       frame the nearest point frame). The foot is the side whose heel, toe or foot-cluster marker
 *       is nearest the centre of pressure, in the platform's plane, at the sample nearest
 *       mid-stance; on an instrumented treadmill with one platform both feet alternate on it and
 *       each contact is told apart so. A contact loaded from the first sample gives only its toe
 *       off, one still loaded at the last sample only its foot strike; a contact with no foot
 *       marker present is left out (and counted in the notes).
 *   <li><b>{@link EventSource#MARKERS}</b>: Zeni, Richards and Higginson (2008), Gait &amp; Posture
 *       27:710–714. Heel, toe and pelvis markers are found from their labels ({@link MarkerRoles});
 *       the pelvis centre is the mean of the pelvis markers; a foot without heel or toe marker uses
 *       its foot cluster for both. The lab's vertical axis is the one along which the pelvis is
 *       farthest from the heels; the direction of travel (or treadmill belt axis) is the other axis
 *       along which the heels move most relative to the pelvis, forward being the way opposite to
 *       the heels' motion relative to the pelvis in the lowest quarter of their height (stance).
 *       Heel − pelvis and toe − pelvis along it are filtered (zero-lag Butterworth, {@link
 *       Settings#cutoffHz()}, default 7 Hz; gaps of up to {@link Settings#maxGapFrames()}, default
 *       10, filled linearly, longer gaps split the signal); a foot strike is the largest value of
 *       each excursion of heel − pelvis above its mean, a toe off the smallest of each excursion of
 *       toe − pelvis below its mean (an excursion begins and ends a tenth of a standard deviation
 *       beyond the mean; those cut by the start, the end or a gap are left out).
 * </ol>
 *
 * Zeni's method was made for walking; in running its toe offs come late (the toe keeps moving back
 * after it leaves the ground): see VALIDATION.md for its agreement with the force platform.
 */
public final class GaitEventDetector {
  /**
   * The detector's parameters.
   *
   * @param risingNewtons force at or above which a contact starts, N
   * @param fallingNewtons force below which a contact ends, N
   * @param minContactSeconds shortest contact kept, s
   * @param minFlightSeconds shortest time between contacts not joined, s
   * @param cutoffHz low-pass cutoff of the marker signals, Hz
   * @param maxGapFrames longest gap of a marker filled by interpolation, frames
   */
  public record Settings(
      double risingNewtons,
      double fallingNewtons,
      double minContactSeconds,
      double minFlightSeconds,
      double cutoffHz,
      int maxGapFrames) {
    /** The defaults above. */
    public static final Settings DEFAULTS = new Settings(20, 10, 0.05, 0.05, 7, 10);

    /**
     * Checks the parameters.
     *
     * @throws IllegalArgumentException when one is not positive or the falling threshold is above
     *     the rising one
     */
    public Settings {
      if (!(risingNewtons > 0) || !(fallingNewtons > 0) || fallingNewtons > risingNewtons) {
        throw new IllegalArgumentException(
            "force thresholds rising "
                + risingNewtons
                + " N and falling "
                + fallingNewtons
                + " N: both must be positive, falling at most rising");
      }
      if (!(minContactSeconds >= 0)
          || !(minFlightSeconds >= 0)
          || !(cutoffHz > 0)
          || maxGapFrames < 0) {
        throw new IllegalArgumentException("durations, cutoff and gap must be positive: " + this);
      }
    }
  }

  private final Settings settings;

  private GaitEventDetector(Settings settings) {
    this.settings = settings;
  }

  /** A detector with the default parameters. */
  public static GaitEventDetector withDefaults() {
    return new GaitEventDetector(Settings.DEFAULTS);
  }

  /** A detector with these parameters. */
  public static GaitEventDetector with(Settings settings) {
    return new GaitEventDetector(settings);
  }

  /**
   * The events of {@code c3d} from the first source that gives any; none (with notes saying why)
   * when no source does. Never throws for a file that lacks what a source needs.
   */
  public GaitEvents detect(C3dFile c3d) {
    List<String> notes = new ArrayList<>();
    for (EventSource s : EventSource.values()) {
      List<GaitEvent> events = from(c3d, s, notes);
      if (!events.isEmpty()) {
        return new GaitEvents(s, events, notes);
      }
    }
    return new GaitEvents(null, List.of(), notes);
  }

  /** The events of {@code c3d} from {@code source} only (none, with notes, when it gives none). */
  public GaitEvents detect(C3dFile c3d, EventSource source) {
    List<String> notes = new ArrayList<>();
    return new GaitEvents(source, from(c3d, source, notes), notes);
  }

  private List<GaitEvent> from(C3dFile c3d, EventSource source, List<String> notes) {
    try {
      return switch (source) {
        case EVENT_GROUP -> EventGroupEvents.detect(c3d, notes);
        case FORCE_PLATFORM -> new ForcePlatformEvents(c3d, settings, notes).detect();
        case MARKERS -> new MarkerEvents(c3d.points(), settings, notes).detect();
      };
    } catch (C3dFormatException e) {
      notes.add(source.label() + ": " + e.getMessage());
      return List.of();
    }
  }

  static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
