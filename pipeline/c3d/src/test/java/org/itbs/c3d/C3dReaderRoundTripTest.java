package org.itbs.c3d;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Files written by {@link C3dWriter} in each processor type, with integer and float data and signed
 * and unsigned analog samples, read back exactly.
 */
class C3dReaderRoundTripTest {

  static Stream<Arguments> formats() {
    List<Arguments> out = new ArrayList<>();
    for (ProcessorType p : ProcessorType.values()) {
      for (boolean floats : new boolean[] {false, true}) {
        for (boolean unsigned : new boolean[] {false, true}) {
          out.add(Arguments.of(p, floats, unsigned));
        }
      }
    }
    return out.stream();
  }

  /**
   * A writer with 3 markers, 7 frames, 2 channels at 3 samples per frame; marker 2 missing in frame
   * 4.
   */
  static C3dWriter sample(ProcessorType p, boolean floats, boolean unsigned, long seed) {
    Random r = new Random(seed);
    C3dWriter w = new C3dWriter(p, floats);
    w.frames = 7;
    w.markers = 3;
    w.channels = 2;
    w.samplesPerFrame = 3;
    w.unsignedAnalog = unsigned;
    w.stored = new float[w.frames][w.markers][3];
    w.residualWord = new int[w.frames][w.markers];
    for (int f = 0; f < w.frames; f++) {
      for (int m = 0; m < w.markers; m++) {
        for (int k = 0; k < 3; k++) {
          w.stored[f][m][k] = floats ? (float) (r.nextGaussian() * 1000) : r.nextInt(65536) - 32768;
        }
        w.residualWord[f][m] = (r.nextInt(128) << 8) | r.nextInt(256);
      }
    }
    w.residualWord[4][1] = -1;
    w.analog = new float[w.frames * w.samplesPerFrame][w.channels];
    for (float[] s : w.analog) {
      for (int c = 0; c < w.channels; c++) {
        s[c] =
            floats
                ? (float) r.nextGaussian()
                : unsigned ? r.nextInt(65536) : r.nextInt(65536) - 32768;
      }
    }
    w.standardParameters();
    return w;
  }

  @ParameterizedTest(name = "{0}, float data {1}, unsigned analog {2}")
  @MethodSource("formats")
  void readsBackWhatWasWritten(ProcessorType processor, boolean floats, boolean unsigned) {
    C3dWriter w = sample(processor, floats, unsigned, 11);
    w.headerEventLabels.add("RFS");
    w.headerEventTimes.add(0.25f);
    w.int16("EVENT", "USED", 2);
    w.chars("EVENT", "CONTEXTS", "Right", "Left");
    w.chars("EVENT", "LABELS", "Foot Strike", "Foot Off");
    w.floats("EVENT", "TIMES", new int[] {2, 2}, 0f, 0.5f, 1f, 2.25f);

    C3dFile c3d = C3dReader.read(w.bytes(), "written.c3d");

    assertThat(c3d.processor()).isEqualTo(processor);
    assertThat(c3d.floatData()).isEqualTo(floats);
    PointData pts = c3d.points();
    assertThat(pts.labels()).containsExactly("M1", "M2", "M3");
    assertThat(pts.units()).isEqualTo("mm");
    assertThat(pts.rate()).isEqualTo(100.0);
    assertThat(pts.frameCount()).isEqualTo(7);
    assertThat(c3d.duration()).isEqualTo(0.07);
    for (int f = 0; f < 7; f++) {
      for (int m = 0; m < 3; m++) {
        if (f == 4 && m == 1) {
          assertThat(pts.missing(f, m)).isTrue();
          assertThat(pts.x(f, m)).isNaN();
          assertThat(pts.residual(f, m)).isEqualTo(-1f);
          continue;
        }
        float unit = floats ? 1f : 0.25f;
        assertThat(pts.x(f, m)).isEqualTo(w.stored[f][m][0] * unit);
        assertThat(pts.y(f, m)).isEqualTo(w.stored[f][m][1] * unit);
        assertThat(pts.z(f, m)).isEqualTo(w.stored[f][m][2] * unit);
        assertThat(pts.residual(f, m)).isEqualTo((w.residualWord[f][m] & 0xff) * 0.25f);
        assertThat(pts.cameras(f, m)).isEqualTo(w.residualWord[f][m] >> 8);
      }
    }
    AnalogData an = c3d.analog();
    assertThat(an.labels()).containsExactly("A1", "A2");
    assertThat(an.units()).containsExactly("V", "V");
    assertThat(an.rate()).isEqualTo(300.0);
    assertThat(an.samplesPerFrame()).isEqualTo(3);
    assertThat(an.sampleCount()).isEqualTo(21);
    assertThat(an.unsigned()).isEqualTo(unsigned);
    for (int s = 0; s < 21; s++) {
      for (int c = 0; c < 2; c++) {
        assertThat(an.value(s, c))
            .as("sample %d channel %d", s, c)
            .isEqualTo(w.expectedAnalog(s, c));
      }
    }
    assertThat(c3d.events())
        .containsExactly(
            new C3dEvent("Right", "Foot Strike", 0.5, C3dEvent.Source.EVENT_GROUP),
            new C3dEvent("Left", "Foot Off", 62.25, C3dEvent.Source.EVENT_GROUP),
            new C3dEvent("", "RFS", 0.25, C3dEvent.Source.HEADER));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void readsParametersOfEveryTypeWithLocksAndContinuations(
      ProcessorType processor, boolean floats, boolean unsigned) {
    C3dWriter w = new C3dWriter(processor, floats);
    w.frames = 1;
    w.markers = 300;
    w.stored = new float[1][300][3];
    w.residualWord = new int[1][300];
    // 300 labels: 255 in POINT:LABELS (a dimension is one byte), 45 in POINT:LABELS2.
    String[] first = new String[255];
    String[] second = new String[45];
    for (int i = 0; i < 300; i++) {
      (i < 255 ? first : second)[i < 255 ? i : i - 255] = "L" + (i + 1);
    }
    C3dWriter v = new C3dWriter(processor, floats);
    v.frames = 1;
    v.markers = 300;
    v.stored = w.stored;
    v.residualWord = w.residualWord;
    v.int16("POINT", "USED", 300);
    v.float1("POINT", "SCALE", floats ? -1f : 1f);
    v.float1("POINT", "RATE", 50f);
    v.chars("POINT", "LABELS", first);
    v.chars("POINT", "LABELS2", second);
    v.param("POINT", "LOCKED", 2, new int[0], v.int16(-7), true);
    v.param("POINT", "BYTES", 1, new int[] {3}, new byte[] {1, -2, (byte) 200}, false);
    v.floats("POINT", "CUBE", new int[] {2, 2, 2}, 1.5f, -2f, 3f, 4f, 5f, 6f, 7f, -8.25f);
    v.int16("POINT", "LONGDIM", 0);

    C3dFile c3d = C3dReader.read(v.bytes(), "params.c3d");

    assertThat(c3d.points().labels()).hasSize(300).startsWith("L1").endsWith("L300");
    assertThat(c3d.points().labels().get(255)).isEqualTo("L256");
    Parameter locked = c3d.parameters().find("point", "locked").orElseThrow();
    assertThat(locked.locked()).isTrue();
    assertThat(locked.values()).containsExactly(-7);
    assertThat(locked.unsignedInts()).containsExactly(65529);
    Parameter bytes = c3d.parameters().find("POINT", "BYTES").orElseThrow();
    assertThat(bytes.type()).isEqualTo(Parameter.Type.BYTE);
    assertThat(bytes.values()).containsExactly(1, -2, -56);
    assertThat(bytes.unsignedInts()).containsExactly(1, 254, 200);
    Parameter cube = c3d.parameters().find("POINT", "CUBE").orElseThrow();
    assertThat(cube.dimensions()).containsExactly(2, 2, 2);
    assertThat(cube.values()).containsExactly(1.5, -2, 3, 4, 5, 6, 7, -8.25);
    assertThat(cube.description()).isEqualTo("desc");
    assertThat(c3d.parameters().find("POINT", "SCALE").orElseThrow().locked()).isFalse();
    assertThat(c3d.parameters().group("POINT").orElseThrow().parameters().keySet())
        .startsWith("USED", "SCALE", "RATE", "LABELS", "LABELS2");
  }

  @ParameterizedTest(name = "{0}, float data {1}")
  @MethodSource("formats")
  void countsFramesAbove65535FromTrialActualFields(
      ProcessorType processor, boolean floats, boolean unsigned) {
    if (unsigned) {
      return; // the analog format plays no part here
    }
    C3dWriter w = new C3dWriter(processor, floats);
    w.frames = 70_000;
    w.markers = 1;
    w.stored = new float[w.frames][1][3];
    w.residualWord = new int[w.frames][1];
    for (int f = 0; f < w.frames; f++) {
      w.stored[f][0][0] = f % 30000;
    }
    w.standardParameters();
    w.int16s("TRIAL", "ACTUAL_START_FIELD", new int[] {2}, 1, 0);
    w.int16s("TRIAL", "ACTUAL_END_FIELD", new int[] {2}, 70_000 & 0xffff, 70_000 >> 16);

    C3dFile c3d = C3dReader.read(w.bytes(), "long.c3d");

    assertThat(c3d.header().lastFrame()).isEqualTo(65535);
    assertThat(c3d.points().frameCount()).isEqualTo(70_000);
    float unit = floats ? 1f : 0.25f;
    assertThat(c3d.points().x(69_999, 0)).isEqualTo((69_999 % 30000) * unit);
  }

  @ParameterizedTest(name = "{0}, float data {1}")
  @MethodSource("formats")
  void countsFramesAbove65535FromPointFramesAsFloat(
      ProcessorType processor, boolean floats, boolean unsigned) {
    if (unsigned) {
      return;
    }
    C3dWriter w = new C3dWriter(processor, floats);
    w.frames = 66_000;
    w.markers = 1;
    w.framesAsFloat = true;
    w.stored = new float[w.frames][1][3];
    w.residualWord = new int[w.frames][1];
    w.stored[65_999][0][2] = 12;
    w.standardParameters();

    C3dFile c3d = C3dReader.read(w.bytes(), "long.c3d");

    assertThat(c3d.points().frameCount()).isEqualTo(66_000);
    assertThat(c3d.points().z(65_999, 0)).isEqualTo(12 * (floats ? 1f : 0.25f));
  }
}
