package org.itbs.c3d;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The four real files (RBDS run and static trial, RIC run and static trial) read as an independent
 * reader reads them: {@code reference.csv}, written by py-c3d through {@code reference.py}.
 */
class C3dReaderRealFilesTest {

  /** One row of reference.csv. */
  record Ref(String file, String kind, int a, int b, double value) {}

  static List<Ref> reference() {
    List<Ref> out = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                Objects.requireNonNull(
                    C3dReaderRealFilesTest.class.getResourceAsStream("reference.csv")),
                StandardCharsets.UTF_8))) {
      r.readLine();
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] f = line.split(",", -1);
        out.add(
            new Ref(
                f[0] + ".c3d",
                f[1],
                f[2].isEmpty() ? -1 : Integer.parseInt(f[2]),
                f[3].isEmpty() ? -1 : Integer.parseInt(f[3]),
                Double.parseDouble(f[4])));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  @Test
  void rbdsRunHasItsMarkersRatesAndForcePlatform() {
    C3dFile c3d = RealFiles.read(RealFiles.RBDS_RUN);
    assertThat(c3d.processor()).isEqualTo(ProcessorType.INTEL);
    assertThat(c3d.floatData()).isTrue();
    assertThat(c3d.points().markerCount()).isEqualTo(32);
    assertThat(c3d.points().labels())
        .startsWith("L.ASIS", "L.Heel.Bottom")
        .endsWith("R.Thigh.Top.Medial");
    assertThat(c3d.points().units()).isEqualTo("mm");
    assertThat(c3d.points().rate()).isEqualTo(150.0);
    assertThat(c3d.points().frameCount()).isEqualTo(4500);
    assertThat(c3d.duration()).isEqualTo(30.0);
    assertThat(c3d.analog().labels()).containsExactly("F1X", "F1Y", "F1Z", "M1X", "M1Y", "M1Z");
    assertThat(c3d.analog().units()).containsExactly("N", "N", "N", "Nmm", "Nmm", "Nmm");
    assertThat(c3d.analog().rate()).isEqualTo(300.0);
    assertThat(c3d.analog().samplesPerFrame()).isEqualTo(2);
    assertThat(c3d.analog().sampleCount()).isEqualTo(9000);
    assertThat(c3d.events()).isEmpty();
    List<ForcePlatform> fps = c3d.forcePlatforms();
    assertThat(fps).hasSize(1);
    assertThat(fps.get(0).type()).isEqualTo(4);
    assertThat(fps.get(0).channels()).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(fps.get(0).calibration()[2][2]).isEqualTo(1000.0);
    assertThat(c3d.parameters().find("MANUFACTURER", "SOFTWARE").orElseThrow().string())
        .isEqualTo("Cortex");
  }

  @Test
  void theOtherFilesHaveTheirMarkersAndFrames() {
    C3dFile st = RealFiles.read(RealFiles.RBDS_STATIC);
    assertThat(st.points().markerCount()).isEqualTo(48);
    assertThat(st.points().labels()).contains("L.GTR", "R.Knee.Medial", "R.Ankle.Medial");
    assertThat(st.points().frameCount()).isEqualTo(150);
    assertThat(st.analog().channelCount()).isZero();
    // Describes the treadmill's platform without recording its channels.
    assertThat(st.forcePlatforms()).hasSize(1);
    assertThat(st.forcePlatforms().get(0).recordedIn(st.analog())).isFalse();

    C3dFile ric = RealFiles.read(RealFiles.RIC_RUN);
    assertThat(ric.points().markerCount()).isEqualTo(28);
    assertThat(ric.points().labels()).startsWith("pelvis_1", "pelvis_2");
    assertThat(ric.points().rate()).isEqualTo(200.0);
    assertThat(ric.points().frameCount()).isEqualTo(5000);
    assertThat(ric.duration()).isEqualTo(25.0);
    assertThat(ric.analog().channelCount()).isZero();
    assertThat(ric.forcePlatforms()).isEmpty();
    assertThat(ric.parameters().find("EZC3D", "VERSION").orElseThrow().string()).isEqualTo("1.5.0");

    C3dFile ricStatic = RealFiles.read(RealFiles.RIC_STATIC);
    assertThat(ricStatic.points().markerCount()).isEqualTo(38);
    assertThat(ricStatic.points().frameCount()).isEqualTo(1);
  }

  @Test
  void pointsAnalogAndForcesMatchAnIndependentReader() {
    List<Ref> refs = reference();
    assertThat(refs).hasSizeGreaterThan(150);
    int checked = 0;
    for (Ref r : refs) {
      C3dFile c3d = RealFiles.read(r.file());
      PointData p = c3d.points();
      String what = r.toString();
      switch (r.kind()) {
        case "frames" -> assertThat(p.frameCount()).as(what).isEqualTo((int) r.value());
        case "point_rate" -> assertThat(p.rate()).as(what).isEqualTo(r.value());
        case "analog_rate" -> assertThat(c3d.analog().rate()).as(what).isEqualTo(r.value());
        case "point_x", "point_y", "point_z" -> {
          float v =
              switch (r.kind()) {
                case "point_x" -> p.x(r.a(), r.b());
                case "point_y" -> p.y(r.a(), r.b());
                default -> p.z(r.a(), r.b());
              };
          if (p.missing(r.a(), r.b())) {
            assertThat(v).as(what).isNaN();
          } else {
            assertThat((double) v).as(what).isEqualTo(r.value());
          }
        }
        case "residual" ->
            assertThat((double) p.residual(r.a(), r.b()))
                .as(what)
                .isCloseTo(r.value(), within(1e-6));
        case "analog" ->
            assertThat((double) c3d.analog().value(r.a(), r.b())).as(what).isEqualTo(r.value());
        case "mean_force_y" ->
            assertThat(meanVerticalForce(c3d)).as(what).isCloseTo(r.value(), within(1e-3));
        default -> {
          PlatformForces f = c3d.forcePlatforms().get(0).forces(c3d.analog());
          int axis = r.kind().charAt(r.kind().length() - 1) - 'x';
          float v =
              r.kind().startsWith("force") ? f.force(r.a(), axis) : f.centerOfPressure(r.a(), axis);
          assertThat((double) v)
              .as(what)
              .isCloseTo(r.value(), within(1e-3 + Math.abs(r.value()) * 1e-6));
        }
      }
      checked++;
    }
    assertThat(checked).isEqualTo(refs.size());
  }

  static double meanVerticalForce(C3dFile c3d) {
    PlatformForces f = c3d.forcePlatforms().get(0).forces(c3d.analog());
    double sum = 0;
    for (int s = 0; s < f.sampleCount(); s++) {
      sum += f.force(s, 1); // the lab's Y axis is vertical in this laboratory (CORNERS at y = 0)
    }
    return sum / f.sampleCount();
  }

  /**
   * Over whole strides the ground's vertical impulse equals body weight × time; subject 1 of RBDS
   * weighs 62 kg (RBDSinfo.txt), so the 30 s mean of the vertical force is 62 × 9.81 N within a few
   * percent (stride fractions at both ends, treadmill belt).
   */
  @Test
  void verticalForceAveragesToBodyWeightOverTheRun() {
    double bodyWeight = 62 * 9.81;
    assertThat(meanVerticalForce(RealFiles.read(RealFiles.RBDS_RUN)))
        .isCloseTo(bodyWeight, within(0.05 * bodyWeight));
  }

  @Test
  void centreOfPressureStaysOnThePlatformDuringStance() {
    C3dFile c3d = RealFiles.read(RealFiles.RBDS_RUN);
    ForcePlatform fp = c3d.forcePlatforms().get(0);
    PlatformForces f = fp.forces(c3d.analog());
    int loaded = 0;
    for (int s = 0; s < f.sampleCount(); s++) {
      if (f.force(s, 1) > 200) {
        loaded++;
        assertThat(f.centerOfPressure(s, 0)).isBetween(1249f, 3049f);
        assertThat(f.centerOfPressure(s, 1)).isEqualTo(0f, within(1e-3f));
        assertThat(f.centerOfPressure(s, 2)).isBetween(733.7f, 1219.7f);
      }
    }
    assertThat(loaded).isGreaterThan(3000);
  }
}
