package org.itbs.c3d;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.itbs.c3d.events.EventAgreement;
import org.itbs.c3d.events.EventSource;
import org.itbs.c3d.events.GaitEvent;
import org.itbs.c3d.events.GaitEvent.Kind;
import org.itbs.c3d.events.GaitEventDetector;
import org.itbs.c3d.events.GaitEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Gait events ({@code org.itbs.c3d.events}) from files written by {@link C3dWriter} with known
 * events (an EVENT group, a square-ish force trace, marker trajectories of a known pattern), from
 * files that lack what a source needs, and from the real RBDS and RIC runs.
 */
class GaitEventsTest {
  private static final GaitEventDetector DETECTOR = GaitEventDetector.withDefaults();
  private static final String[] FEET = {"LHEE", "LTOE", "RHEE", "RTOE", "SACR"};

  private static List<Integer> frames(GaitEvents g, Side side, Kind kind) {
    return g.of(side, kind).stream().map(GaitEvent::frame).toList();
  }

  // ---- EVENT group and header ----

  private static C3dWriter still(int frames) {
    C3dWriter w = new C3dWriter(ProcessorType.INTEL, true);
    w.frames = frames;
    w.markers = FEET.length;
    w.pointLabels = FEET;
    w.stored = new float[frames][FEET.length][3];
    w.residualWord = new int[frames][FEET.length];
    return w;
  }

  @Test
  void takesFootStrikesAndOffsOfTheEventGroupAsViconWritesThem() {
    C3dWriter w = still(200);
    w.standardParameters();
    w.int16("EVENT", "USED", 5);
    w.chars("EVENT", "LABELS", "Foot Strike", "Foot Off", "Foot Strike", "General", "Foot Off");
    w.chars("EVENT", "CONTEXTS", "Left", "Left", "Right", "General", "Right");
    // Minutes and seconds; the last one is after the trial's 200 frames.
    w.floats("EVENT", "TIMES", new int[] {2, 5}, 0, 0.21f, 0, 0.49f, 0, 1.01f, 0, 0.5f, 1, 0.2f);
    w.headerEventLabels.add("RHS");
    w.headerEventTimes.add(0.3f);
    C3dFile c3d = C3dReader.read(w.bytes(), "events.c3d");

    GaitEvents g = DETECTOR.detect(c3d);

    assertThat(g.source()).contains(EventSource.EVENT_GROUP);
    assertThat(g.events())
        .containsExactly(
            new GaitEvent(Side.LEFT, Kind.FOOT_STRIKE, 22, 0.21, EventSource.EVENT_GROUP),
            new GaitEvent(Side.LEFT, Kind.TOE_OFF, 50, 0.49, EventSource.EVENT_GROUP),
            new GaitEvent(Side.RIGHT, Kind.FOOT_STRIKE, 102, 1.01, EventSource.EVENT_GROUP));
    assertThat(g.notes())
        .anySatisfy(
            n ->
                assertThat(n)
                    .contains("3 gait events in the EVENT group, 1 in the header")
                    .contains("1 other events left out")
                    .contains("1 outside the trial's frames"));
  }

  @Test
  void takesTheHeaderEventsWhenTheFileHasNoEventGroup() {
    C3dWriter w = still(200);
    w.standardParameters();
    w.headerEventLabels.add("LHS");
    w.headerEventTimes.add(0.5f);
    w.headerEventLabels.add("RTO");
    w.headerEventTimes.add(0.8f);
    GaitEvents g = DETECTOR.detect(C3dReader.read(w.bytes(), "header.c3d"));
    assertThat(g.source()).contains(EventSource.EVENT_GROUP);
    assertThat(g.events())
        .extracting(GaitEvent::side, GaitEvent::kind, GaitEvent::frame)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Side.LEFT, Kind.FOOT_STRIKE, 51),
            org.assertj.core.groups.Tuple.tuple(Side.RIGHT, Kind.TOE_OFF, 81));
  }

  // ---- force platform ----

  /**
   * 2 s at 100 Hz, analog at 200 Hz, a type-2 platform centred on the lab origin (z vertical) with
   * its centre of pressure there: the left foot on it in contact 1, the right foot in contact 2.
   */
  static C3dWriter platformTrial(double[] fz) {
    C3dWriter w = still(200);
    w.channels = 6;
    w.samplesPerFrame = 2;
    w.analog = new float[400][6];
    for (int s = 0; s < 400; s++) {
      for (int c = 0; c < 6; c++) {
        double v = c == 2 ? fz[s] : 0;
        // The writer's channel scale is 0.5 (c + 1) × GEN_SCALE 2 with offset -c.
        w.analog[s][c] = (float) (v / (c + 1) - c);
      }
    }
    for (int f = 0; f < 200; f++) {
      boolean first = f < 75;
      float left = first ? 50 : 600;
      float right = first ? -600 : -50;
      w.stored[f][0] = new float[] {-40, left, 20};
      w.stored[f][1] = new float[] {120, left, 20};
      w.stored[f][2] = new float[] {-40, right, 20};
      w.stored[f][3] = new float[] {120, right, 20};
      w.stored[f][4] = new float[] {0, 0, 1000};
    }
    w.standardParameters();
    w.int16("FORCE_PLATFORM", "USED", 1);
    w.int16s("FORCE_PLATFORM", "TYPE", new int[] {1}, 2);
    w.floats("FORCE_PLATFORM", "CORNERS", new int[] {3, 4, 1}, ForcePlatformTest.CORNERS);
    w.floats("FORCE_PLATFORM", "ORIGIN", new int[] {3, 1}, 0, 0, -40);
    w.int16s("FORCE_PLATFORM", "CHANNEL", new int[] {6, 1}, 1, 2, 3, 4, 5, 6);
    return w;
  }

  /** Contacts at samples 42–97 and 202–287 (a 10 ms dip in it), a 10 ms blip of 25 N at 150. */
  static double[] squareTrace() {
    double[] fz = new double[400];
    for (int[] c : new int[][] {{40, 98}, {200, 288}}) {
      fz[c[0]] = 5;
      fz[c[0] + 1] = 15;
      fz[c[0] + 2] = 30;
      for (int s = c[0] + 3; s < c[1] - 2; s++) {
        fz[s] = 700;
      }
      fz[c[1] - 2] = 30;
      fz[c[1] - 1] = 15; // still on: above the falling threshold
      fz[c[1]] = 5;
    }
    fz[240] = 5;
    fz[241] = 5;
    fz[150] = 25;
    fz[151] = 25;
    return fz;
  }

  @Test
  void findsContactsOnThePlatformWithHysteresisAndTellsTheFootFromTheMarkers() {
    C3dFile c3d = C3dReader.read(platformTrial(squareTrace()).bytes(), "fp.c3d");

    GaitEvents g = DETECTOR.detect(c3d);

    assertThat(g.source()).contains(EventSource.FORCE_PLATFORM);
    assertThat(g.events())
        .containsExactly(
            new GaitEvent(Side.LEFT, Kind.FOOT_STRIKE, 22, 42 / 200.0, EventSource.FORCE_PLATFORM),
            new GaitEvent(Side.LEFT, Kind.TOE_OFF, 50, 98 / 200.0, EventSource.FORCE_PLATFORM),
            new GaitEvent(
                Side.RIGHT, Kind.FOOT_STRIKE, 102, 202 / 200.0, EventSource.FORCE_PLATFORM),
            new GaitEvent(Side.RIGHT, Kind.TOE_OFF, 145, 288 / 200.0, EventSource.FORCE_PLATFORM));
    assertThat(g.notes()).contains("force platform 1: 2 contacts");
  }

  @Test
  void aPlatformNeverLoadedGivesNoEventsAndSaysWhy() {
    C3dFile c3d = C3dReader.read(platformTrial(new double[400]).bytes(), "empty.c3d");

    GaitEvents fp = DETECTOR.detect(c3d, EventSource.FORCE_PLATFORM);
    assertThat(fp.events()).isEmpty();
    assertThat(fp.source()).isEmpty();
    assertThat(fp.notes())
        .containsExactly(
            "force platform 1: no contact (the force normal to it never stayed above 20 N for"
                + " 0.05 s)");

    // Auto mode falls through to the markers, which stand still: no stride, said in one line.
    GaitEvents auto = DETECTOR.detect(c3d);
    assertThat(auto.events()).isEmpty();
    assertThat(auto.notes())
        .contains("event group: the file has no events")
        .contains(
            "markers: no stride found (the feet do not move back and forth relative to the"
                + " pelvis)");
  }

  @Test
  void aContactWithNoFootMarkerIsLeftOutAndCounted() {
    C3dWriter w = platformTrial(squareTrace());
    for (int f = 0; f < w.frames; f++) {
      for (int m = 0; m < 4; m++) {
        w.residualWord[f][m] = -1;
      }
    }
    GaitEvents g =
        DETECTOR.detect(C3dReader.read(w.bytes(), "nofeet.c3d"), EventSource.FORCE_PLATFORM);
    assertThat(g.events()).isEmpty();
    assertThat(g.notes())
        .containsExactly(
            "force platform 1: 2 contacts, 2 left out: no foot marker near the centre of pressure");
  }

  // ---- markers (Zeni et al. 2008) ----

  /**
   * 6 s at 100 Hz, one stride a second, the runner moving forward at 1 m/s. Along the direction of
   * travel, heel − pelvis = 300 sin(2π (f − φ) / 100) mm (largest at f = φ + 25 + 100 k) and toe −
   * pelvis = 250 sin(2π (f − φ − 60) / 100) (smallest at f = φ + 35 + 100 k), φ = 0 left and 50
   * right; the heel is low while it moves back. {@code layout} 0: x forward, z up; 1: −z forward, y
   * up (as the RIC files).
   */
  static C3dWriter walking(int layout) {
    C3dWriter w = still(600);
    for (int f = 0; f < 600; f++) {
      double pelvis = 10.0 * f;
      for (int s = 0; s < 2; s++) {
        double phase = 2 * Math.PI * (f - 50 * s) / 100.0;
        double heel = pelvis + 300 * Math.sin(phase);
        double toe = pelvis + 250 * Math.sin(phase - 2 * Math.PI * 0.6);
        double height = 20 + 80 * Math.max(0, Math.cos(phase));
        double lateral = s == 0 ? -100 : 100;
        w.stored[f][2 * s] = place(layout, heel, lateral, height);
        w.stored[f][2 * s + 1] = place(layout, toe, lateral, 30);
      }
      w.stored[f][4] = place(layout, pelvis, 0, 1000);
    }
    w.standardParameters();
    return w;
  }

  private static float[] place(int layout, double forward, double lateral, double up) {
    return layout == 0
        ? new float[] {(float) forward, (float) -lateral, (float) up}
        : new float[] {(float) lateral, (float) up, (float) -forward};
  }

  private static List<Integer> expected(int first, int last) {
    List<Integer> out = new ArrayList<>();
    for (int f = first; f <= last; f += 100) {
      out.add(f + 1); // file frames count from 1
    }
    return out;
  }

  @ParameterizedTest(name = "layout {0}")
  @ValueSource(ints = {0, 1})
  void findsZeniEventsAtTheExactFramesWhateverTheLabAxes(int layout) {
    C3dFile c3d = C3dReader.read(walking(layout).bytes(), "walk.c3d");

    GaitEvents g = DETECTOR.detect(c3d);

    assertThat(g.source()).contains(EventSource.MARKERS);
    assertThat(frames(g, Side.LEFT, Kind.FOOT_STRIKE)).isEqualTo(expected(25, 525));
    assertThat(frames(g, Side.LEFT, Kind.TOE_OFF)).isEqualTo(expected(35, 535));
    // The right foot's last excursions run past the end of the trial: left out.
    assertThat(frames(g, Side.RIGHT, Kind.FOOT_STRIKE)).isEqualTo(expected(75, 475));
    assertThat(frames(g, Side.RIGHT, Kind.TOE_OFF)).isEqualTo(expected(85, 485));
    assertThat(g.events()).allMatch(e -> e.time() == (e.frame() - 1) / 100.0);
    assertThat(g.notes())
        .contains(
            layout == 0
                ? "markers: +x forward, z vertical (found from the data)"
                : "markers: -z forward, y vertical (found from the data)")
        .contains("markers: left heel LHEE, toe LTOE")
        .contains("markers: pelvis centre SACR");
    assertThat(g.cadence()).isCloseTo(120, within(1e-9));
  }

  @Test
  void aGapLongerThanTenFramesLosesOnlyTheStridesItCuts() {
    C3dWriter w = walking(0);
    for (int f = 300; f < 330; f++) {
      w.residualWord[f][0] = -1; // left heel missing for 30 frames
    }
    for (int f = 100; f < 108; f++) {
      w.residualWord[f][0] = -1; // and for 8 frames: filled
    }
    GaitEvents g = DETECTOR.detect(C3dReader.read(w.bytes(), "gap.c3d"));
    // The excursion around frame 325 is cut by the gap; so is the one it interrupts on each side.
    assertThat(frames(g, Side.LEFT, Kind.FOOT_STRIKE)).isEqualTo(List.of(26, 126, 226, 426, 526));
    assertThat(frames(g, Side.LEFT, Kind.TOE_OFF)).isEqualTo(expected(35, 535));
  }

  @Test
  void markersMissingInEveryFrameGiveNoEventsAndSaySo() {
    C3dWriter w = walking(0);
    for (int f = 0; f < w.frames; f++) {
      for (int m = 0; m < 5; m++) {
        w.residualWord[f][m] = -1;
      }
    }
    GaitEvents g = DETECTOR.detect(C3dReader.read(w.bytes(), "gone.c3d"));
    assertThat(g.events()).isEmpty();
    assertThat(g.notes()).contains("markers: the pelvis (SACR) is missing in every frame");

    C3dWriter none = still(50);
    none.pointLabels = new String[] {"A", "B", "C", "D", "E"};
    none.standardParameters();
    assertThat(
            DETECTOR.detect(C3dReader.read(none.bytes(), "none.c3d"), EventSource.MARKERS).notes())
        .containsExactly(
            "markers: no pelvis marker found (labels such as LASI, R.PSIS, SACR, pelvis_1)");
  }

  // ---- the real runs ----

  @Test
  void theRbdsRunGivesAPlausibleCadenceFromThePlatformAndTheMarkers() {
    C3dFile c3d = RealFiles.read(RealFiles.RBDS_RUN);
    GaitEvents fp = DETECTOR.detect(c3d);
    GaitEvents markers = DETECTOR.detect(c3d, EventSource.MARKERS);

    assertThat(fp.source()).contains(EventSource.FORCE_PLATFORM);
    assertThat(fp.events()).hasSize(171);
    // 3.5 m/s on a treadmill: 150–200 steps a minute, feet alternating.
    assertThat(fp.cadence()).isBetween(150.0, 200.0);
    assertThat(markers.cadence()).isBetween(150.0, 200.0);
    List<GaitEvent> strikes =
        fp.events().stream().filter(e -> e.kind() == Kind.FOOT_STRIKE).toList();
    for (int i = 1; i < strikes.size(); i++) {
      assertThat(strikes.get(i).side()).isNotEqualTo(strikes.get(i - 1).side());
    }
    // Contact times of a runner at 3.5 m/s: 0.2–0.3 s.
    List<GaitEvent> offs = fp.of(Side.LEFT, Kind.TOE_OFF);
    GaitEvent firstStrike = fp.of(Side.LEFT, Kind.FOOT_STRIKE).get(0);
    GaitEvent firstOff =
        offs.stream().filter(e -> e.time() > firstStrike.time()).findFirst().orElseThrow();
    assertThat(firstOff.time() - firstStrike.time()).isBetween(0.2, 0.3);

    // Markers against the platform: the figures of VALIDATION.md.
    List<EventAgreement> a = EventAgreement.compare(fp, markers, EventAgreement.WINDOW_SECONDS);
    EventAgreement strike = a.get(0);
    EventAgreement off = a.get(1);
    assertThat(strike.kind()).isEqualTo(Kind.FOOT_STRIKE);
    assertThat(strike.matched()).isEqualTo(85);
    assertThat(strike.meanMs()).isCloseTo(-25.1, within(0.1));
    assertThat(strike.largestMs()).isCloseTo(36.7, within(0.1));
    assertThat(off.matched()).isEqualTo(85);
    assertThat(off.meanMs()).isCloseTo(105.3, within(0.1));
    assertThat(off.largestMs()).isCloseTo(123.3, within(0.1));
  }

  @Test
  void theRicRunGetsItsEventsFromTheFootClustersAndTheStaticTrialNone() {
    GaitEvents g = DETECTOR.detect(RealFiles.read(RealFiles.RIC_RUN));
    assertThat(g.source()).contains(EventSource.MARKERS);
    assertThat(g.cadence()).isBetween(150.0, 200.0);
    assertThat(g.notes())
        .contains("markers: -z forward, y vertical (found from the data)")
        .anySatisfy(n -> assertThat(n).contains("the foot cluster for both"));
    assertThat(g.of(Side.LEFT, Kind.FOOT_STRIKE).size())
        .isCloseTo(g.of(Side.RIGHT, Kind.FOOT_STRIKE).size(), within(1));

    GaitEvents s = DETECTOR.detect(RealFiles.read(RealFiles.RIC_STATIC));
    assertThat(s.events()).isEmpty();
    assertThat(s.notes()).contains("markers: the trial has 1 frames, too few for events");
  }
}
