package org.itbs.app;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.itbs.c3d.AnalogData;
import org.itbs.c3d.C3dEvent;
import org.itbs.c3d.C3dExport;
import org.itbs.c3d.C3dFile;
import org.itbs.c3d.C3dReader;
import org.itbs.c3d.ForcePlatform;
import org.itbs.c3d.Parameter;
import org.itbs.c3d.PointData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code itbs c3d}: what a gait lab's C3D file holds, and its data as CSV. */
@Command(
    name = "c3d",
    mixinStandardHelpOptions = true,
    description =
        "Inspect a gait lab's C3D file, find its gait events, compute its joint angles or export"
            + " its data as CSV.",
    subcommands = {
      C3dCommand.Info.class,
      C3dCommand.Export.class,
      C3dEventsCommand.class,
      C3dAnglesCommand.class
    })
final class C3dCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  /** Parameters that may name a person, a place or a device: shown only when asked for. */
  static final List<String> IDENTIFYING_GROUPS = List.of("SUBJECTS", "MANUFACTURER", "TRIAL");

  /** {@code itbs c3d info FILE}. */
  @Command(
      name = "info",
      mixinStandardHelpOptions = true,
      description = {
        "Print what a lab person checks first in a C3D file: processor type, point rate, frames,"
            + " duration, markers with their units and gaps, analog channels, force platforms and"
            + " events.",
        "Names of subjects, trials, software and manufacturer (SUBJECTS, TRIAL and MANUFACTURER"
            + " parameters) can be personal data and are left out unless --show-identifying."
      })
  static final class Info implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The C3D file.")
    Path file;

    @Option(
        names = "--show-identifying",
        description =
            "Also print the SUBJECTS, TRIAL and MANUFACTURER parameters (names, dates, software):"
                + " possibly personal data, keep the output at the clinic.")
    boolean showIdentifying;

    @Override
    public Integer call() {
      C3dFile c3d = C3dReader.read(file);
      print(c3d, System.out, showIdentifying);
      return 0;
    }
  }

  /** Prints the summary of {@code c3d}. */
  static void print(C3dFile c3d, PrintStream out, boolean showIdentifying) {
    PointData p = c3d.points();
    out.printf(Locale.ROOT, "file: %s%n", c3d.name());
    out.printf(
        Locale.ROOT,
        "processor: %s; data stored as %s%n",
        c3d.processor().description(),
        c3d.floatData() ? "floats" : "16-bit integers × " + fmt(Math.abs(c3d.header().scale())));
    int last = p.firstFrame() + p.frameCount() - 1;
    out.printf(
        Locale.ROOT,
        "points: %d markers at %s Hz, frames %d to %d (%d frames, %.3f s), units %s%n",
        p.markerCount(),
        fmt(p.rate()),
        p.firstFrame(),
        last,
        p.frameCount(),
        c3d.duration(),
        p.units().isEmpty() ? "not given (POINT:UNITS empty)" : p.units());
    if (p.markerCount() > 0) {
      out.println("markers (missing frames):");
      for (int m = 0; m < p.markerCount(); m++) {
        int missing = p.missingFrames(m);
        out.printf(
            Locale.ROOT,
            "  %3d  %-28s %s%n",
            m + 1,
            p.labels().get(m),
            missing == 0
                ? "0"
                : String.format(
                    Locale.ROOT, "%d (%.1f%%)", missing, 100.0 * missing / p.frameCount()));
      }
    }
    AnalogData a = c3d.analog();
    if (a.channelCount() == 0) {
      out.println("analog: none");
    } else {
      out.printf(
          Locale.ROOT,
          "analog: %d channels at %s Hz (%d samples per frame, %d samples), %s, GEN_SCALE %s%n",
          a.channelCount(),
          fmt(a.rate()),
          a.samplesPerFrame(),
          a.sampleCount(),
          c3d.floatData() ? "floats" : a.unsigned() ? "unsigned" : "signed",
          fmt(a.generalScale()));
      for (int c = 0; c < a.channelCount(); c++) {
        out.printf(
            Locale.ROOT,
            "  %3d  %-16s %-6s scale %s offset %s%n",
            c + 1,
            a.labels().get(c),
            a.units().get(c).isEmpty() ? "-" : a.units().get(c),
            fmt(a.scale(c)),
            fmt(a.offset(c)));
      }
    }
    List<ForcePlatform> fps = c3d.forcePlatforms();
    if (fps.isEmpty()) {
      out.println("force platforms: none");
    } else {
      out.printf(Locale.ROOT, "force platforms: %d%n", fps.size());
      for (ForcePlatform fp : fps) {
        List<String> names = new ArrayList<>();
        for (int ch : fp.channels()) {
          names.add(ch <= a.channelCount() ? ch + " " + a.labels().get(ch - 1) : ch + " (absent)");
        }
        double[] c = fp.center();
        out.printf(
            Locale.ROOT,
            "  %d  type %d, channels %s, centre of the surface (%.1f, %.1f, %.1f) %s%s%n",
            fp.number(),
            fp.type(),
            String.join(", ", names),
            c[0],
            c[1],
            c[2],
            c3d.points().units(),
            fp.recordedIn(a) ? "" : "; not recorded in this file");
      }
    }
    List<C3dEvent> events = c3d.events();
    if (events.isEmpty()) {
      out.println("events: none");
    } else {
      out.printf(Locale.ROOT, "events: %d%n", events.size());
      for (C3dEvent e : events) {
        out.printf(
            Locale.ROOT,
            "  %9.4f s  %-8s %-16s (%s)%n",
            e.time(),
            e.context().isEmpty() ? "-" : e.context(),
            e.label(),
            e.source() == C3dEvent.Source.HEADER ? "header" : "EVENT group");
      }
    }
    if (showIdentifying) {
      out.println("identifying parameters (keep at the clinic):");
      for (String g : IDENTIFYING_GROUPS) {
        c3d.parameters()
            .group(g)
            .ifPresent(
                group -> {
                  for (Parameter q : group.parameters().values()) {
                    out.printf(Locale.ROOT, "  %s: %s%n", q.qualifiedName(), text(q));
                  }
                });
      }
    } else {
      List<String> present = new ArrayList<>();
      for (String g : IDENTIFYING_GROUPS) {
        Optional<?> group = c3d.parameters().group(g);
        if (group.isPresent()) {
          present.add(g);
        }
      }
      if (!present.isEmpty()) {
        out.printf(
            Locale.ROOT,
            "not shown: %s parameters (possibly personal data; --show-identifying prints them)%n",
            String.join(", ", present));
      }
    }
  }

  private static String text(Parameter q) {
    if (q.type() == Parameter.Type.CHAR) {
      return String.join(", ", q.strings());
    }
    double[] v = q.values();
    List<String> s = new ArrayList<>();
    for (double x : v) {
      s.add(fmt(x));
    }
    return String.join(", ", s);
  }

  /** A number without trailing zeros, in the root locale. */
  static String fmt(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return new java.math.BigDecimal(Float.toString((float) v)).stripTrailingZeros().toPlainString();
  }

  /** {@code itbs c3d export FILE --out DIR}. */
  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description = {
        "Write a C3D file's markers, analog channels and force platforms as CSV: DIR/points.csv"
            + " (frame, time, LABEL_x/_y/_z per marker, empty where a marker is missing),"
            + " DIR/analog.csv (sample, time, one column per channel) and DIR/forces.csv (per"
            + " platform Fx, Fy, Fz, Mx, My, Mz about the surface centre and COPx, COPy, COPz, in"
            + " the lab frame), DIR/events.csv (side, kind, frame, time, source: the gait events as"
            + " itbs c3d events finds them).",
        "No parameter of the file (names, dates) is written."
      })
  static final class Export implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The C3D file.")
    Path file;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "DIR",
        description =
            "Folder to write into (created when missing); an existing file is never replaced.")
    Path out;

    @Override
    public Integer call() {
      C3dFile c3d = C3dReader.read(file);
      for (Path written : C3dExport.write(c3d, out)) {
        System.out.println("wrote " + written);
      }
      return 0;
    }
  }
}
