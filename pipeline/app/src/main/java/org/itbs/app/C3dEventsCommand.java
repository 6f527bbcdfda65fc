package org.itbs.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.itbs.c3d.C3dFile;
import org.itbs.c3d.C3dReader;
import org.itbs.c3d.events.EventAgreement;
import org.itbs.c3d.events.EventSource;
import org.itbs.c3d.events.GaitEvent;
import org.itbs.c3d.events.GaitEventDetector;
import org.itbs.c3d.events.GaitEvents;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code itbs c3d events FILE}: the foot strikes and toe offs of a trial. */
@Command(
    name = "events",
    mixinStandardHelpOptions = true,
    description = {
      "Print the foot strikes and toe offs of a C3D trial (side, kind, frame, time, source): from"
          + " the file's EVENT group or header events when it has them, else from its force"
          + " platforms (vertical force above 20 N rising, below 10 N falling, the foot told by the"
          + " markers), else from its markers alone (Zeni et al. 2008).",
      "With --compare-with, also how far the events of another source are from them."
    })
final class C3dEventsCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "The C3D file.")
  Path file;

  @Option(
      names = "--source",
      paramLabel = "SOURCE",
      defaultValue = "auto",
      description =
          "auto (the first that gives events, in this order), event-group, force-platform or"
              + " markers. Default: ${DEFAULT-VALUE}.")
  String source;

  @Option(
      names = "--compare-with",
      paramLabel = "SOURCE",
      description =
          "event-group, force-platform or markers: match each event to the nearest of that source"
              + " (same side and kind, within 150 ms) and print the count matched and the mean and"
              + " largest timing difference.")
  String compareWith;

  @Override
  public Integer call() {
    EventSource asked = source.strip().equalsIgnoreCase("auto") ? null : EventSource.of(source);
    EventSource other = compareWith == null ? null : EventSource.of(compareWith);
    C3dFile c3d = C3dReader.read(file);
    GaitEventDetector detector = GaitEventDetector.withDefaults();
    GaitEvents events = asked == null ? detector.detect(c3d) : detector.detect(c3d, asked);
    System.out.printf(Locale.ROOT, "file: %s%n", c3d.name());
    for (String note : events.notes()) {
      System.out.println("note: " + note);
    }
    if (events.events().isEmpty()) {
      System.out.println(
          "events: none"
              + (asked == null
                  ? " (no EVENT group, force platform or markers gave any; see the notes)"
                  : " from " + asked.label() + " (see the notes)"));
    } else {
      long strikes =
          events.events().stream().filter(e -> e.kind() == GaitEvent.Kind.FOOT_STRIKE).count();
      System.out.printf(
          Locale.ROOT,
          "events: %d from %s (%d foot strikes, %d toe offs)%s%n",
          events.events().size(),
          events.source().orElseThrow().label(),
          strikes,
          events.events().size() - strikes,
          Double.isNaN(events.cadence())
              ? ""
              : String.format(Locale.ROOT, "; cadence %.1f steps/min", events.cadence()));
      System.out.printf(
          Locale.ROOT, "%-6s %-12s %7s %10s  %s%n", "side", "kind", "frame", "time (s)", "source");
      for (GaitEvent e : events.events()) {
        System.out.printf(
            Locale.ROOT,
            "%-6s %-12s %7d %10.4f  %s%n",
            e.side().label(),
            e.kind().label(),
            e.frame(),
            e.time(),
            e.source().label());
      }
    }
    if (other != null) {
      GaitEvents b = detector.detect(c3d, other);
      System.out.printf(
          Locale.ROOT,
          "compared with %s (%d events; difference = %s - %s):%n",
          other.label(),
          b.events().size(),
          other.label(),
          events.source().map(EventSource::label).orElse("none"));
      List<EventAgreement> agreement =
          EventAgreement.compare(events, b, EventAgreement.WINDOW_SECONDS);
      for (EventAgreement a : agreement) {
        System.out.printf(
            Locale.ROOT,
            "  %-12s %d of %d matched; mean difference %.1f ms, mean |difference| %.1f ms,"
                + " largest %.1f ms%n",
            a.kind().label(),
            a.matched(),
            a.reference(),
            a.meanMs(),
            a.meanAbsoluteMs(),
            a.largestMs());
      }
    }
    return 0;
  }
}
