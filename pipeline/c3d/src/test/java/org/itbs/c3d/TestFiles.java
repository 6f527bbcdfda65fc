package org.itbs.c3d;

import java.util.List;

/** C3D files for the tests of other packages: written by {@link C3dWriter}, or the real ones. */
public final class TestFiles {
  private TestFiles() {}

  /** The RBDS run at 3.5 m/s (see the resources' README.md). */
  public static final String RBDS_RUN = RealFiles.RBDS_RUN;

  /** The RBDS static trial. */
  public static final String RBDS_STATIC = RealFiles.RBDS_STATIC;

  /** The RIC run. */
  public static final String RIC_RUN = RealFiles.RIC_RUN;

  /** The RIC static trial. */
  public static final String RIC_STATIC = RealFiles.RIC_STATIC;

  /** A real file of the test resources, read once per JVM. */
  public static C3dFile real(String name) {
    return RealFiles.read(name);
  }

  /**
   * A float, Intel file of markers in mm.
   *
   * @param xyz per frame and marker the position, null for a missing marker
   * @param angleUnits {@code POINT:ANGLE_UNITS} to write, or null for none
   */
  public static C3dFile markers(
      String name, float rate, List<String> labels, double[][][] xyz, String angleUnits) {
    C3dWriter w = new C3dWriter(ProcessorType.INTEL, true);
    w.rate = rate;
    w.frames = xyz.length;
    w.markers = labels.size();
    w.pointLabels = labels.toArray(new String[0]);
    w.stored = new float[w.frames][w.markers][3];
    w.residualWord = new int[w.frames][w.markers];
    for (int f = 0; f < w.frames; f++) {
      for (int m = 0; m < w.markers; m++) {
        double[] p = xyz[f][m];
        if (p == null) {
          w.residualWord[f][m] = -1;
          continue;
        }
        for (int k = 0; k < 3; k++) {
          w.stored[f][m][k] = (float) p[k];
        }
      }
    }
    w.standardParameters();
    if (angleUnits != null) {
      w.chars("POINT", "ANGLE_UNITS", angleUnits);
    }
    return C3dReader.read(w.bytes(), name);
  }
}
