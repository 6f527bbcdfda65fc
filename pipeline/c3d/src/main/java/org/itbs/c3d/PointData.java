package org.itbs.c3d;

import java.util.List;

/**
 * The markers of a C3D file: per frame and marker, the position (in {@link #units()}, lab frame),
 * the residual and the cameras that saw it. A marker missing in a frame (negative residual word in
 * the file) has NaN coordinates and residual -1.
 */
public final class PointData {
  private final List<String> labels;
  private final List<String> descriptions;
  private final String units;
  private final double rate;
  private final int firstFrame;
  private final int frames;
  private final float[] xyz;
  private final float[] residuals;
  private final byte[] cameras;

  PointData(
      List<String> labels,
      List<String> descriptions,
      String units,
      double rate,
      int firstFrame,
      int frames,
      float[] xyz,
      float[] residuals,
      byte[] cameras) {
    this.labels = List.copyOf(labels);
    this.descriptions = List.copyOf(descriptions);
    this.units = units;
    this.rate = rate;
    this.firstFrame = firstFrame;
    this.frames = frames;
    this.xyz = xyz;
    this.residuals = residuals;
    this.cameras = cameras;
  }

  /** The marker labels ({@code POINT:LABELS}, {@code LABELS2}, …), one per marker. */
  public List<String> labels() {
    return labels;
  }

  /** The marker descriptions ({@code POINT:DESCRIPTIONS}); may be shorter than the labels. */
  public List<String> descriptions() {
    return descriptions;
  }

  /** The unit of every coordinate ({@code POINT:UNITS}, such as {@code mm}); empty when unset. */
  public String units() {
    return units;
  }

  /** Frames per second. */
  public double rate() {
    return rate;
  }

  /** The number of the first frame (1 in most files). */
  public int firstFrame() {
    return firstFrame;
  }

  /** Number of frames. */
  public int frameCount() {
    return frames;
  }

  /** Number of markers. */
  public int markerCount() {
    return labels.size();
  }

  /** The index of the marker of that label (exact match after trimming), or -1. */
  public int indexOf(String label) {
    return labels.indexOf(label.strip());
  }

  /** X of marker {@code m} in frame {@code f} (0-based), NaN when missing. */
  public float x(int f, int m) {
    return xyz[(f * labels.size() + m) * 3];
  }

  /** Y of marker {@code m} in frame {@code f} (0-based), NaN when missing. */
  public float y(int f, int m) {
    return xyz[(f * labels.size() + m) * 3 + 1];
  }

  /** Z of marker {@code m} in frame {@code f} (0-based), NaN when missing. */
  public float z(int f, int m) {
    return xyz[(f * labels.size() + m) * 3 + 2];
  }

  /**
   * The residual of marker {@code m} in frame {@code f}, in {@link #units()}: the residual byte ×
   * |scale|; 0 for a modelled or interpolated value; -1 when missing.
   */
  public float residual(int f, int m) {
    return residuals[f * labels.size() + m];
  }

  /** Whether marker {@code m} is missing in frame {@code f}. */
  public boolean missing(int f, int m) {
    return residuals[f * labels.size() + m] < 0;
  }

  /** The cameras that saw marker {@code m} in frame {@code f}: a bit mask of 7 cameras. */
  public int cameras(int f, int m) {
    return cameras[f * labels.size() + m] & 0x7f;
  }

  /** Number of frames in which marker {@code m} is missing. */
  public int missingFrames(int m) {
    int n = 0;
    for (int f = 0; f < frames; f++) {
      if (missing(f, m)) {
        n++;
      }
    }
    return n;
  }
}
