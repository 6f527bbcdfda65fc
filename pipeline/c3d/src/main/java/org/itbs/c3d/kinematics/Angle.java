package org.itbs.c3d.kinematics;

/**
 * The angles {@code cef-1}'s {@code gait_frames} carries per side and frame, in degrees, with the
 * same sign on both sides.
 */
public enum Angle {
  /**
   * Pelvic obliquity as the contralateral drop: on the row of side S, how far the other side of the
   * pelvis is below its height relative to S, positive = drop.
   */
  PELVIC_DROP("pelvic_drop_deg"),
  /** Hip adduction of the thigh relative to the pelvis, positive = adduction. */
  HIP_ADDUCTION("hip_adduction_deg"),
  /** Knee flexion of the shank relative to the thigh, positive = flexion. */
  KNEE_FLEXION("knee_flexion_deg"),
  /** Knee rotation of the shank relative to the thigh, positive = internal rotation. */
  KNEE_INTERNAL_ROTATION("knee_internal_rotation_deg"),
  /** Ankle flexion of the foot relative to the shank, positive = dorsiflexion. */
  ANKLE_DORSIFLEXION("ankle_dorsiflexion_deg");

  private final String column;

  Angle(String column) {
    this.column = column;
  }

  /** The {@code gait_frames} column. */
  public String column() {
    return column;
  }
}
