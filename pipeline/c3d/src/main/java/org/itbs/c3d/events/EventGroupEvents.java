package org.itbs.c3d.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.itbs.c3d.C3dEvent;
import org.itbs.c3d.C3dFile;
import org.itbs.c3d.PointData;
import org.itbs.c3d.Side;

/**
 * The gait events a file carries: those of its {@code EVENT} group, or when it has none there,
 * those of its header. See {@link GaitEventDetector} for the labels taken.
 */
final class EventGroupEvents {
  private EventGroupEvents() {}

  static List<GaitEvent> detect(C3dFile c3d, List<String> notes) {
    List<GaitEvent> group = new ArrayList<>();
    List<GaitEvent> header = new ArrayList<>();
    int others = 0;
    int outside = 0;
    PointData p = c3d.points();
    int last = p.firstFrame() + p.frameCount() - 1;
    for (C3dEvent e : c3d.events()) {
      GaitEvent g = gaitEvent(e, p);
      if (g == null) {
        others++;
      } else if (g.frame() < p.firstFrame() || g.frame() > last) {
        outside++;
      } else {
        (e.source() == C3dEvent.Source.HEADER ? header : group).add(g);
      }
    }
    if (c3d.events().isEmpty()) {
      notes.add("event group: the file has no events");
    } else {
      notes.add(
          "event group: "
              + group.size()
              + " gait events in the EVENT group, "
              + header.size()
              + " in the header"
              + (others == 0 ? "" : "; " + others + " other events left out")
              + (outside == 0 ? "" : "; " + outside + " outside the trial's frames left out"));
    }
    return group.isEmpty() ? header : group;
  }

  /** The gait event {@code e} stands for, or null when it is no foot strike or toe off. */
  static GaitEvent gaitEvent(C3dEvent e, PointData p) {
    String context = norm(e.context());
    String label = norm(e.label());
    Side side = side(context);
    if (side == null) {
      for (String prefix : new String[] {"left", "right", "l", "r"}) {
        if (label.startsWith(prefix) && kind(label.substring(prefix.length())) != null) {
          side = side(prefix);
          label = label.substring(prefix.length());
          break;
        }
      }
    }
    GaitEvent.Kind kind = kind(label);
    if (side == null || kind == null) {
      return null;
    }
    // Event times count from the first frame of the capture, frame 1 at time 0.
    int frame = (int) Math.round(e.time() * p.rate()) + 1;
    return new GaitEvent(
        side, kind, frame, (frame - p.firstFrame()) / p.rate(), EventSource.EVENT_GROUP);
  }

  private static String norm(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
  }

  private static Side side(String s) {
    return switch (s) {
      case "left", "l" -> Side.LEFT;
      case "right", "r" -> Side.RIGHT;
      default -> null;
    };
  }

  private static GaitEvent.Kind kind(String s) {
    return switch (s) {
      case "footstrike", "footcontact", "heelstrike", "initialcontact", "fs", "hs", "ic" ->
          GaitEvent.Kind.FOOT_STRIKE;
      case "footoff", "toeoff", "fo", "to" -> GaitEvent.Kind.TOE_OFF;
      default -> null;
    };
  }
}
