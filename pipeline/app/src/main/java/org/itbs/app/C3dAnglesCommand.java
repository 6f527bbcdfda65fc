package org.itbs.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.itbs.c3d.C3dFile;
import org.itbs.c3d.C3dReader;
import org.itbs.c3d.kinematics.AngleMapping;
import org.itbs.c3d.kinematics.GaitAngles;
import org.itbs.c3d.kinematics.JointAngles;
import org.itbs.c3d.kinematics.MarkerFilter;
import org.itbs.c3d.kinematics.MarkerSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code itbs c3d angles RUN --static STATIC [--markers FILE] [--mapping FILE] --out DIR}. */
@Command(
    name = "angles",
    mixinStandardHelpOptions = true,
    description = {
      "Write a run's joint angles per side and frame as DIR/angles.csv (side, frame, time,"
          + " pelvic_drop_deg, hip_adduction_deg, knee_flexion_deg, knee_internal_rotation_deg,"
          + " ankle_dorsiflexion_deg; empty where unknown).",
      "When the run carries the lab's model outputs (Plug-in Gait's LHipAngles, ... or those a"
          + " --mapping file names) they are taken as they are; otherwise the angles are computed"
          + " from the markers with the project's model (org.itbs.c3d.kinematics.MarkerModel: ISB"
          + " segment frames from the static trial, hip joint centres by Harrington et al. 2007,"
          + " cluster tracking, Cardan angles, markers filtered at 10 Hz), which needs --static.",
      "The marker set (which label is which marker) is found among the shipped ones (CAST/ISB,"
          + " RIC) unless --markers gives one; a file without a marker the set needs is refused,"
          + " naming it."
    })
final class C3dAnglesCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN", description = "The running trial (C3D).")
  Path run;

  @Option(
      names = "--static",
      paramLabel = "STATIC",
      description = "The session's static (standing) trial (C3D); needed for angles from markers.")
  Path statik;

  @Option(
      names = "--markers",
      paramLabel = "FILE",
      description =
          "A marker-set file (key = value lines; see org.itbs.c3d.kinematics.MarkerSet and the"
              + " shipped cast-isb.markers, ric.markers).")
  Path markers;

  @Option(
      names = "--mapping",
      paramLabel = "FILE",
      description =
          "A model-output mapping file (see org.itbs.c3d.kinematics.AngleMapping); default"
              + " Plug-in Gait's.")
  Path mapping;

  @Option(
      names = "--cutoff",
      paramLabel = "HZ",
      defaultValue = "10",
      description = "Low-pass cut-off of the marker filter, Hz (default ${DEFAULT-VALUE}).")
  double cutoff;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description =
          "Folder to write angles.csv into (created when missing); an existing file is never"
              + " replaced.")
  Path out;

  @Override
  public Integer call() {
    C3dFile r = C3dReader.read(run);
    C3dFile s = statik == null ? null : C3dReader.read(statik);
    GaitAngles angles =
        JointAngles.of(
            r,
            s,
            mapping == null ? null : AngleMapping.read(mapping),
            markers == null ? null : MarkerSet.read(markers),
            new MarkerFilter(cutoff, MarkerFilter.DEFAULT.maxGap()));
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + out, e);
    }
    Path written = angles.write(out.resolve("angles.csv"));
    System.out.println("angles from " + angles.method());
    System.out.println("wrote " + written);
    return 0;
  }
}
