package org.itbs.c3d.kinematics;

import org.itbs.c3d.C3dFile;

/**
 * The angles of a run, by whichever way its files allow: from the run's model outputs when a
 * mapping fits it (the lab's own model), else from its markers with the project's {@link
 * MarkerModel} and the static trial.
 */
public final class JointAngles {
  private JointAngles() {}

  /**
   * The angles of {@code run}.
   *
   * @param run the running trial
   * @param statik its static trial (used only when the angles come from the markers), or null when
   *     there is none
   * @param mapping the model outputs' mapping, or null for the shipped Plug-in Gait mapping
   * @param markers the marker set, or null to detect one of the shipped sets
   * @param filter the marker filter
   * @throws AngleModelException when neither way works: no mapping fits and a marker is missing
   */
  public static GaitAngles of(
      C3dFile run, C3dFile statik, AngleMapping mapping, MarkerSet markers, MarkerFilter filter) {
    AngleMapping m = mapping != null ? mapping : AngleMapping.shipped(AngleMapping.PLUG_IN_GAIT);
    if (m.fits(run)) {
      return m.angles(run);
    }
    if (statik == null) {
      throw new AngleModelException(
          run.name()
              + ": no model outputs (no "
              + m.firstMissing(run)
              + ", mapping "
              + m.name()
              + ") and no static trial: give the session's static trial to compute the angles"
              + " from the markers");
    }
    MarkerSet set = markers != null ? markers : MarkerSet.detect(run, statik);
    return MarkerModel.compute(run, statik, set, filter);
  }
}
