package org.itbs.c3d.events;

import java.util.ArrayList;
import java.util.List;
import org.itbs.c3d.Side;

/**
 * How well events of one source agree with those of a reference (say the markers with the force
 * platform), for one kind of event: each reference event is matched to the nearest event of the
 * same side and kind within the window; differences are other − reference.
 *
 * @param kind the kind of event compared
 * @param reference number of reference events
 * @param other number of events of the other source
 * @param matched reference events with an event of the other source within the window
 * @param meanMs mean signed difference over the matched events, ms (NaN when none matched)
 * @param meanAbsoluteMs mean absolute difference, ms
 * @param largestMs largest absolute difference, ms
 */
public record EventAgreement(
    GaitEvent.Kind kind,
    int reference,
    int other,
    int matched,
    double meanMs,
    double meanAbsoluteMs,
    double largestMs) {

  /** The window within which two events are matched by default, s. */
  public static final double WINDOW_SECONDS = 0.15;

  /** The agreement of {@code other} with {@code reference} for each kind of event. */
  public static List<EventAgreement> compare(
      GaitEvents reference, GaitEvents other, double windowSeconds) {
    List<EventAgreement> out = new ArrayList<>();
    for (GaitEvent.Kind kind : GaitEvent.Kind.values()) {
      int refs = 0;
      int others = 0;
      List<Double> diffs = new ArrayList<>();
      for (Side side : Side.values()) {
        List<GaitEvent> o = other.of(side, kind);
        others += o.size();
        for (GaitEvent r : reference.of(side, kind)) {
          refs++;
          double best = Double.NaN;
          for (GaitEvent e : o) {
            double d = e.time() - r.time();
            if (Math.abs(d) <= windowSeconds && !(Math.abs(d) >= Math.abs(best))) {
              best = d;
            }
          }
          if (!Double.isNaN(best)) {
            diffs.add(best * 1000);
          }
        }
      }
      double sum = 0;
      double abs = 0;
      double max = 0;
      for (double d : diffs) {
        sum += d;
        abs += Math.abs(d);
        max = Math.max(max, Math.abs(d));
      }
      int n = diffs.size();
      out.add(
          new EventAgreement(
              kind,
              refs,
              others,
              n,
              n == 0 ? Double.NaN : sum / n,
              n == 0 ? Double.NaN : abs / n,
              n == 0 ? Double.NaN : max));
    }
    return out;
  }
}
