package org.itbs.c3d;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link C3dExport} writes. */
class C3dExportTest {

  @Test
  void writesPointsAnalogAndForcesOfTheRbdsRun(@TempDir Path dir) throws Exception {
    C3dFile c3d = RealFiles.read(RealFiles.RBDS_RUN);
    List<Path> files = C3dExport.write(c3d, dir.resolve("out"));
    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .containsExactly("points.csv", "analog.csv", "forces.csv", "events.csv");

    List<String> points = Files.readAllLines(dir.resolve("out/points.csv"), StandardCharsets.UTF_8);
    assertThat(points).hasSize(4501);
    assertThat(points.get(0)).startsWith("frame,time,L.ASIS_x,L.ASIS_y,L.ASIS_z,L.Heel.Bottom_x");
    assertThat(points.get(0).split(",")).hasSize(2 + 3 * 32);
    assertThat(points.get(1)).startsWith("1,0.00000,2420.2598,992.2181,963.9252,");
    assertThat(points.get(4500)).startsWith("4500,29.99333,");

    List<String> analog = Files.readAllLines(dir.resolve("out/analog.csv"), StandardCharsets.UTF_8);
    assertThat(analog).hasSize(9001);
    assertThat(analog.get(0)).isEqualTo("sample,time,F1X,F1Y,F1Z,M1X,M1Y,M1Z");
    assertThat(analog.get(2)).startsWith("2,0.00333,");

    List<String> forces = Files.readAllLines(dir.resolve("out/forces.csv"), StandardCharsets.UTF_8);
    assertThat(forces).hasSize(9001);
    assertThat(forces.get(0))
        .isEqualTo(
            "sample,time,fp1_Fx,fp1_Fy,fp1_Fz,fp1_Mx,fp1_My,fp1_Mz,fp1_COPx,fp1_COPy,fp1_COPz");
    String[] s101 = forces.get(101).split(",", -1);
    assertThat(Double.parseDouble(s101[3]))
        .isCloseTo(1305.847, org.assertj.core.api.Assertions.within(1e-3));
    // An unloaded sample has no centre of pressure.
    assertThat(forces).anySatisfy(l -> assertThat(l).endsWith(",,,"));

    // The run has no EVENT group: its events come from the force platform.
    List<String> events = Files.readAllLines(dir.resolve("out/events.csv"), StandardCharsets.UTF_8);
    assertThat(events.get(0)).isEqualTo("side,kind,frame,time,source");
    assertThat(events).hasSize(1 + 171);
    assertThat(events.subList(1, events.size())).allMatch(l -> l.endsWith(",force-platform"));
  }

  @Test
  void aFileWithoutAnalogGetsOnlyItsPointsAndAnEmptyEventsFile(@TempDir Path dir) throws Exception {
    List<Path> files = C3dExport.write(RealFiles.read(RealFiles.RIC_STATIC), dir);
    assertThat(files).containsExactly(dir.resolve("points.csv"), dir.resolve("events.csv"));
    assertThat(Files.readAllLines(dir.resolve("events.csv")))
        .containsExactly("side,kind,frame,time,source");
  }

  @Test
  void neverReplacesAFile(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("points.csv"), "mine");
    assertThatThrownBy(() -> C3dExport.write(RealFiles.read(RealFiles.RIC_STATIC), dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("points.csv already exists");
    assertThat(Files.readString(dir.resolve("points.csv"))).isEqualTo("mine");
  }
}
