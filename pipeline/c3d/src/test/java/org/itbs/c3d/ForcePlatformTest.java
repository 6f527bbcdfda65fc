package org.itbs.c3d;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A known load on a platform of each type, 600 × 400 mm, in a lab with z up: platform x along lab
 * x, y along lab −y, z down (as AMTI and Kistler platforms lie), its origin 40 mm below the
 * surface. The load: 100 N along platform x and 700 N down (platform +z), applied at platform (100,
 * 50) on the surface; so in the lab F = (100, 0, −700) and the centre of pressure (100, −50, 0).
 */
class ForcePlatformTest {
  static final float[] CORNERS = {300, -200, 0, -300, -200, 0, -300, 200, 0, 300, 200, 0};

  /** The channels a platform of {@code type} gives for the load. */
  static float[] channels(int type) {
    double fx = 100;
    double fz = 700;
    // Moments about the origin O (the surface centre is O + (0, 0, -40)): r × F, r = (100, 50,
    // -40).
    double mx = 50 * fz - (-40) * 0;
    double my = (-40) * fx - 100 * fz;
    double mz = 100 * 0 - 50 * fx;
    return switch (type) {
      case 1 -> new float[] {(float) fx, 0, (float) fz, 100, 50, 0};
      case 2 -> new float[] {(float) fx, 0, (float) fz, (float) mx, (float) my, (float) mz};
      case 4 ->
          new float[] {
            (float) (fx / 2),
            0,
            (float) (fz / 4),
            (float) (mx / 100),
            (float) (my / 100),
            (float) (mz / 100)
          };
      default -> {
        // Kistler: sensors at (±a, ±b), a = 200, b = 150: 1 (+a,+b), 2 (−a,+b), 3 (−a,−b), 4
        // (+a,−b),
        // 40 mm below the surface, so Fx shifts the vertical loads as if applied at x = 100 + 40 Fx
        // / Fz.
        double u = (100 + 40 * fx / fz + 200) / 400.0;
        double v = (50 + 150) / 300.0;
        yield new float[] {
          (float) (fx / 2),
          (float) (fx / 2),
          0,
          0,
          (float) (u * v * fz),
          (float) ((1 - u) * v * fz),
          (float) ((1 - u) * (1 - v) * fz),
          (float) (u * (1 - v) * fz)
        };
      }
    };
  }

  static C3dWriter platformFile(int type) {
    float[] ch = channels(type);
    C3dWriter w = new C3dWriter(ProcessorType.INTEL, true);
    w.frames = 2;
    w.markers = 0;
    w.stored = new float[2][0][3];
    w.residualWord = new int[2][0];
    w.channels = ch.length;
    w.samplesPerFrame = 1;
    w.analog = new float[2][];
    // Sample 0 carries the load, sample 1 nothing (no centre of pressure).
    w.analog[0] = new float[ch.length];
    w.analog[1] = new float[ch.length];
    for (int c = 0; c < ch.length; c++) {
      // The writer's channel scale is 0.5 (c + 1) × GEN_SCALE 2 with offset -c; store the inverse.
      w.analog[0][c] = ch[c] / (c + 1f) - c;
      w.analog[1][c] = -c;
    }
    w.standardParameters();
    w.int16("FORCE_PLATFORM", "USED", 1);
    w.int16s("FORCE_PLATFORM", "TYPE", new int[] {1}, type);
    w.floats("FORCE_PLATFORM", "CORNERS", new int[] {3, 4, 1}, CORNERS);
    float[] origin = type == 3 ? new float[] {200, 150, -40} : new float[] {0, 0, -40};
    w.floats("FORCE_PLATFORM", "ORIGIN", new int[] {3, 1}, origin);
    int[] channels = new int[ch.length];
    for (int c = 0; c < ch.length; c++) {
      channels[c] = c + 1;
    }
    w.int16s("FORCE_PLATFORM", "CHANNEL", new int[] {ch.length, 1}, channels);
    if (type == 4) {
      float[] cal = new float[36];
      float[] diag = {2, 2, 4, 100, 100, 100};
      for (int i = 0; i < 6; i++) {
        cal[i * 6 + i] = diag[i];
      }
      w.floats("FORCE_PLATFORM", "CAL_MATRIX", new int[] {6, 6, 1}, cal);
    }
    return w;
  }

  @ParameterizedTest(name = "type {0}")
  @ValueSource(ints = {1, 2, 3, 4})
  void givesForceAndCentreOfPressureInTheLab(int type) {
    C3dFile c3d = C3dReader.read(platformFile(type).bytes(), "fp" + type + ".c3d");
    ForcePlatform fp = c3d.forcePlatforms().get(0);
    assertThat(fp.type()).isEqualTo(type);
    assertThat(fp.center()).containsExactly(0, 0, 0);
    PlatformForces f = fp.forces(c3d.analog());
    float tol = 1e-3f;
    if (type != 1) {
      assertThat(f.force(0, 0)).isCloseTo(100f, within(tol));
    }
    assertThat(f.force(0, 1)).isCloseTo(0f, within(tol));
    assertThat(f.force(0, 2)).isCloseTo(-700f, within(tol));
    assertThat(f.centerOfPressure(0, 0)).isCloseTo(100f, within(tol));
    assertThat(f.centerOfPressure(0, 1)).isCloseTo(-50f, within(tol));
    assertThat(f.centerOfPressure(0, 2)).isCloseTo(0f, within(tol));
    // Moment about the surface centre: r × F with r the centre of pressure, in the lab.
    // r = (100, -50, 0), F = (Fx, 0, -700): (−50 × −700, −(100 × −700 − 0), 100 × 0 + 50 Fx).
    assertThat(f.moment(0, 0)).isCloseTo(35000f, within(0.1f));
    assertThat(f.moment(0, 1)).isCloseTo(70000f, within(0.1f));
    assertThat(f.centerOfPressure(1, 0)).isNaN();
    assertThat(f.force(1, 2)).isCloseTo(0f, within(tol));
  }

  @ParameterizedTest(name = "type {0}")
  @ValueSource(ints = {5, 0})
  void refusesTypesItDoesNotRead(int type) {
    C3dWriter w = platformFile(2);
    C3dWriter v = new C3dWriter(ProcessorType.INTEL, true);
    v.frames = w.frames;
    v.stored = w.stored;
    v.residualWord = w.residualWord;
    v.channels = w.channels;
    v.analog = w.analog;
    v.standardParameters();
    v.int16("FORCE_PLATFORM", "USED", 1);
    v.int16s("FORCE_PLATFORM", "TYPE", new int[] {1}, type);
    v.floats("FORCE_PLATFORM", "CORNERS", new int[] {3, 4, 1}, CORNERS);
    v.floats("FORCE_PLATFORM", "ORIGIN", new int[] {3, 1}, 0, 0, -40);
    v.int16s("FORCE_PLATFORM", "CHANNEL", new int[] {6, 1}, 1, 2, 3, 4, 5, 6);
    C3dFile c3d = C3dReader.read(v.bytes(), "fp.c3d");
    assertThatThrownBy(c3d::forcePlatforms)
        .isInstanceOf(C3dFormatException.class)
        .hasMessageContaining("fp.c3d: parameter FORCE_PLATFORM:TYPE")
        .hasMessageContaining("types 1 to 4 are read");
  }
}
