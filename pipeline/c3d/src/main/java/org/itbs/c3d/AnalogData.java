package org.itbs.c3d;

import java.util.List;

/**
 * The analog channels of a C3D file (force platforms, EMG, …), scaled to their units: value =
 * (stored − {@code ANALOG:OFFSET}) × {@code ANALOG:SCALE} × {@code ANALOG:GEN_SCALE}. Sample {@code
 * s} belongs to point frame {@code s / samplesPerFrame()}.
 */
public final class AnalogData {
  private final List<String> labels;
  private final List<String> units;
  private final double rate;
  private final int samplesPerFrame;
  private final int samples;
  private final boolean unsigned;
  private final double[] scales;
  private final double[] offsets;
  private final double generalScale;
  private final float[] values;

  AnalogData(
      List<String> labels,
      List<String> units,
      double rate,
      int samplesPerFrame,
      int samples,
      boolean unsigned,
      double[] scales,
      double[] offsets,
      double generalScale,
      float[] values) {
    this.labels = List.copyOf(labels);
    this.units = List.copyOf(units);
    this.rate = rate;
    this.samplesPerFrame = samplesPerFrame;
    this.samples = samples;
    this.unsigned = unsigned;
    this.scales = scales;
    this.offsets = offsets;
    this.generalScale = generalScale;
    this.values = values;
  }

  /** The channel labels, one per channel. */
  public List<String> labels() {
    return labels;
  }

  /** The unit of each channel ({@code ANALOG:UNITS}); empty strings when unset. */
  public List<String> units() {
    return units;
  }

  /** Samples per second per channel. */
  public double rate() {
    return rate;
  }

  /** Samples per channel per point frame. */
  public int samplesPerFrame() {
    return samplesPerFrame;
  }

  /** Samples per channel. */
  public int sampleCount() {
    return samples;
  }

  /** Number of channels. */
  public int channelCount() {
    return labels.size();
  }

  /** Whether integer samples are stored unsigned ({@code ANALOG:FORMAT} {@code UNSIGNED}). */
  public boolean unsigned() {
    return unsigned;
  }

  /** The scale of channel {@code c} ({@code ANALOG:SCALE}), units per stored step. */
  public double scale(int c) {
    return scales[c];
  }

  /** The offset of channel {@code c} ({@code ANALOG:OFFSET}), in stored steps. */
  public double offset(int c) {
    return offsets[c];
  }

  /** {@code ANALOG:GEN_SCALE}. */
  public double generalScale() {
    return generalScale;
  }

  /** The index of the channel of that label, or -1. */
  public int indexOf(String label) {
    return labels.indexOf(label.strip());
  }

  /** Sample {@code s} of channel {@code c} (0-based), in the channel's units. */
  public float value(int s, int c) {
    return values[s * labels.size() + c];
  }
}
