package org.itbs.c3d;

import java.util.List;

/**
 * A C3D file read whole: its header, parameters, markers, analog channels and events. Made by
 * {@link C3dReader}; immutable once read.
 */
public final class C3dFile {
  private final String name;
  private final ProcessorType processor;
  private final C3dHeader header;
  private final Parameters parameters;
  private final PointData points;
  private final AnalogData analog;
  private final List<C3dEvent> events;
  private final boolean floatData;

  C3dFile(
      String name,
      ProcessorType processor,
      C3dHeader header,
      Parameters parameters,
      PointData points,
      AnalogData analog,
      List<C3dEvent> events,
      boolean floatData) {
    this.name = name;
    this.processor = processor;
    this.header = header;
    this.parameters = parameters;
    this.points = points;
    this.analog = analog;
    this.events = List.copyOf(events);
    this.floatData = floatData;
  }

  /** The file's name as it was given to the reader. */
  public String name() {
    return name;
  }

  /** The processor type the file was written for. */
  public ProcessorType processor() {
    return processor;
  }

  /** The header as stored. */
  public C3dHeader header() {
    return header;
  }

  /** The parameter section. */
  public Parameters parameters() {
    return parameters;
  }

  /** The markers. */
  public PointData points() {
    return points;
  }

  /** The analog channels (none when the file has none). */
  public AnalogData analog() {
    return analog;
  }

  /** The events: those of the {@code EVENT} group, then those of the header. */
  public List<C3dEvent> events() {
    return events;
  }

  /**
   * Whether the data section stores floats (a negative point scale) rather than 16-bit integers.
   */
  public boolean floatData() {
    return floatData;
  }

  /** Length of the trial in seconds: frames / point rate (0 without frames). */
  public double duration() {
    return points.frameCount() == 0 ? 0 : points.frameCount() / points.rate();
  }

  /**
   * The force platforms of {@code FORCE_PLATFORM} ({@code USED} of them), empty when the file has
   * none.
   *
   * @throws C3dFormatException when the group's parameters are missing, of an unsupported type or
   *     name analog channels the file does not have
   */
  public List<ForcePlatform> forcePlatforms() {
    return ForcePlatform.all(this);
  }
}
