package org.itbs.c3d.events;

import java.util.List;
import java.util.Optional;
import org.itbs.c3d.Side;

/**
 * The gait events of a trial, sorted by time, with the source they came from and what the detector
 * has to say (markers it used, contacts it could not assign, why a source gave nothing).
 */
public final class GaitEvents {
  private final EventSource source;
  private final List<GaitEvent> events;
  private final List<String> notes;

  GaitEvents(EventSource source, List<GaitEvent> events, List<String> notes) {
    this.source = source;
    this.events =
        events.stream()
            .sorted(
                java.util.Comparator.comparingDouble(GaitEvent::time)
                    .thenComparing(GaitEvent::side)
                    .thenComparing(GaitEvent::kind))
            .toList();
    this.notes = List.copyOf(notes);
  }

  /** The source of the events; empty when no source gave any. */
  public Optional<EventSource> source() {
    return events.isEmpty() ? Optional.empty() : Optional.ofNullable(source);
  }

  /** The events, sorted by time. */
  public List<GaitEvent> events() {
    return events;
  }

  /** One line per remark, in the order they were made. */
  public List<String> notes() {
    return notes;
  }

  /** The events of that side and kind, in time order. */
  public List<GaitEvent> of(Side side, GaitEvent.Kind kind) {
    return events.stream().filter(e -> e.side() == side && e.kind() == kind).toList();
  }

  /**
   * Steps per minute: foot strikes of both feet, less one, over the time from the first to the last
   * foot strike; NaN with fewer than two foot strikes.
   */
  public double cadence() {
    List<GaitEvent> strikes =
        events.stream().filter(e -> e.kind() == GaitEvent.Kind.FOOT_STRIKE).toList();
    if (strikes.size() < 2) {
      return Double.NaN;
    }
    double span = strikes.get(strikes.size() - 1).time() - strikes.get(0).time();
    return span > 0 ? 60 * (strikes.size() - 1) / span : Double.NaN;
  }
}
