package org.itbs.c3d;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small C3D writer for the tests: writes what the C3D User Guide describes (header, parameter
 * section, data section) in any processor type, with points as scaled integers or floats and analog
 * samples signed or unsigned, so that the reader can be checked against values it did not produce.
 * Values are given as stored; the tests compute what the reader must return.
 */
final class C3dWriter {
  final ProcessorType processor;
  final boolean floats;

  /** Point scale (positive; stored negative for float files). */
  float scale = 0.25f;

  float rate = 100;
  int frames;
  int markers;

  /** Marker labels; {@code M1}, {@code M2}, … when null. */
  String[] pointLabels;

  /** Stored x, y, z per frame and marker (integers for integer files). */
  float[][][] stored;

  /** Residual word per frame and marker (negative: missing). */
  int[][] residualWord;

  int channels;
  int samplesPerFrame = 1;
  boolean unsignedAnalog;

  /** Stored analog values per sample and channel. */
  float[][] analog;

  /** Header events: label (4 characters) and time. */
  final List<String> headerEventLabels = new ArrayList<>();

  final List<Float> headerEventTimes = new ArrayList<>();

  /** Whether POINT:FRAMES is written as a float (as some writers do above 65535 frames). */
  boolean framesAsFloat;

  private final Map<String, Integer> groupIds = new LinkedHashMap<>();
  private final List<byte[]> records = new ArrayList<>();

  C3dWriter(ProcessorType processor, boolean floats) {
    this.processor = processor;
    this.floats = floats;
  }

  /** Adds a group (id in order of first use). */
  int group(String name) {
    return groupIds.computeIfAbsent(
        name,
        n -> {
          int id = groupIds.size() + 1;
          ByteArrayOutputStream o = new ByteArrayOutputStream();
          byte[] nm = n.getBytes(StandardCharsets.US_ASCII);
          o.write(nm.length);
          o.write(-id);
          o.writeBytes(nm);
          o.writeBytes(int16(3 + 4));
          o.write(4);
          o.writeBytes("desc".getBytes(StandardCharsets.US_ASCII));
          records.add(o.toByteArray());
          return id;
        });
  }

  void chars(String group, String name, String... values) {
    int width = 1;
    for (String v : values) {
      width = Math.max(width, v.length());
    }
    byte[] data = new byte[width * values.length];
    java.util.Arrays.fill(data, (byte) ' ');
    for (int i = 0; i < values.length; i++) {
      byte[] b = values[i].getBytes(StandardCharsets.ISO_8859_1);
      System.arraycopy(b, 0, data, i * width, b.length);
    }
    int[] dims = values.length == 1 ? new int[] {width} : new int[] {width, values.length};
    param(group, name, -1, dims, data, false);
  }

  void int16s(String group, String name, int[] dims, int... values) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (int v : values) {
      o.writeBytes(int16(v));
    }
    param(group, name, 2, dims, o.toByteArray(), false);
  }

  void int16(String group, String name, int value) {
    int16s(group, name, new int[0], value);
  }

  void floats(String group, String name, int[] dims, float... values) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (float v : values) {
      o.writeBytes(float32(v));
    }
    param(group, name, 4, dims, o.toByteArray(), false);
  }

  void float1(String group, String name, float value) {
    floats(group, name, new int[0], value);
  }

  void param(String group, String name, int type, int[] dims, byte[] data, boolean locked) {
    int id = group(group);
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    byte[] nm = name.getBytes(StandardCharsets.US_ASCII);
    o.write(locked ? -nm.length : nm.length);
    o.write(id);
    o.writeBytes(nm);
    int after = 2 + 1 + 1 + dims.length + data.length + 1 + 4;
    o.writeBytes(int16(after));
    o.write(type);
    o.write(dims.length);
    for (int d : dims) {
      o.write(d);
    }
    o.writeBytes(data);
    o.write(4);
    o.writeBytes("desc".getBytes(StandardCharsets.US_ASCII));
    records.add(o.toByteArray());
  }

  /** The standard POINT and ANALOG parameters for the data set on this writer. */
  void standardParameters() {
    int16("POINT", "USED", markers);
    float1("POINT", "SCALE", floats ? -scale : scale);
    float1("POINT", "RATE", rate);
    if (framesAsFloat) {
      float1("POINT", "FRAMES", frames);
    } else {
      int16("POINT", "FRAMES", Math.min(frames, 65535));
    }
    chars("POINT", "UNITS", "mm");
    String[] labels = new String[markers];
    for (int m = 0; m < markers; m++) {
      labels[m] = pointLabels != null ? pointLabels[m] : "M" + (m + 1);
    }
    if (markers > 0) {
      chars("POINT", "LABELS", labels);
    }
    int16("ANALOG", "USED", channels);
    if (channels > 0) {
      float1("ANALOG", "RATE", rate * samplesPerFrame);
      float1("ANALOG", "GEN_SCALE", 2f);
      float[] scales = new float[channels];
      int[] offsets = new int[channels];
      String[] labels2 = new String[channels];
      String[] units = new String[channels];
      for (int c = 0; c < channels; c++) {
        scales[c] = 0.5f * (c + 1);
        offsets[c] = unsignedAnalog ? 32768 + c : -c;
        labels2[c] = "A" + (c + 1);
        units[c] = "V";
      }
      floats("ANALOG", "SCALE", new int[] {channels}, scales);
      int16s("ANALOG", "OFFSET", new int[] {channels}, offsets);
      chars("ANALOG", "LABELS", labels2);
      chars("ANALOG", "UNITS", units);
      chars("ANALOG", "FORMAT", unsignedAnalog ? "UNSIGNED" : "SIGNED");
    }
  }

  /** What the reader must return for analog sample {@code s}, channel {@code c}. */
  float expectedAnalog(int s, int c) {
    double offset = unsignedAnalog ? 32768 + c : -c;
    return (float) ((analog[s][c] - offset) * (0.5f * (c + 1)) * 2f);
  }

  byte[] bytes() {
    ByteArrayOutputStream params = new ByteArrayOutputStream();
    params.write(1);
    params.write(0x50);
    params.write(0); // blocks, set below
    params.write(83 + processor.ordinal() + 1);
    for (byte[] r : records) {
      params.writeBytes(r);
    }
    params.write(0);
    params.write(0);
    byte[] p = params.toByteArray();
    int blocks = (p.length + 511) / 512;
    p = java.util.Arrays.copyOf(p, blocks * 512);
    p[2] = (byte) blocks;
    int dataBlock = 2 + blocks;

    byte[] h = new byte[512];
    h[0] = 2;
    h[1] = 0x50;
    put(h, 2, int16(markers));
    put(h, 4, int16(channels * samplesPerFrame));
    put(h, 6, int16(1));
    put(h, 8, int16(Math.min(frames, 65535)));
    put(h, 12, float32(floats ? -scale : scale));
    put(h, 16, int16(dataBlock));
    put(h, 18, int16(samplesPerFrame));
    put(h, 20, float32(rate));
    put(h, 294, int16(12345));
    put(h, 298, int16(12345));
    put(h, 300, int16(headerEventLabels.size()));
    for (int i = 0; i < headerEventLabels.size(); i++) {
      put(h, 304 + 4 * i, float32(headerEventTimes.get(i)));
      h[376 + i] = 1;
      byte[] l = headerEventLabels.get(i).getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(l, 0, h, 396 + 4 * i, Math.min(4, l.length));
    }

    ByteArrayOutputStream d = new ByteArrayOutputStream();
    for (int f = 0; f < frames; f++) {
      for (int m = 0; m < markers; m++) {
        for (int k = 0; k < 3; k++) {
          d.writeBytes(floats ? float32(stored[f][m][k]) : int16((int) stored[f][m][k]));
        }
        d.writeBytes(floats ? float32(residualWord[f][m]) : int16(residualWord[f][m]));
      }
      for (int s = 0; s < samplesPerFrame; s++) {
        for (int c = 0; c < channels; c++) {
          float v = analog[f * samplesPerFrame + s][c];
          d.writeBytes(floats ? float32(v) : int16((int) v));
        }
      }
    }
    byte[] data = d.toByteArray();
    byte[] out = new byte[512 + p.length + ((data.length + 511) / 512) * 512];
    System.arraycopy(h, 0, out, 0, 512);
    System.arraycopy(p, 0, out, 512, p.length);
    System.arraycopy(data, 0, out, 512 + p.length, data.length);
    return out;
  }

  private static void put(byte[] h, int off, byte[] v) {
    System.arraycopy(v, 0, h, off, v.length);
  }

  byte[] int16(int v) {
    if (processor == ProcessorType.MIPS) {
      return new byte[] {(byte) (v >> 8), (byte) v};
    }
    return new byte[] {(byte) v, (byte) (v >> 8)};
  }

  byte[] float32(float v) {
    int bits = Float.floatToIntBits(v);
    switch (processor) {
      case MIPS:
        return new byte[] {
          (byte) (bits >> 24), (byte) (bits >> 16), (byte) (bits >> 8), (byte) bits
        };
      case DEC:
        return dec(v);
      default:
        return new byte[] {
          (byte) bits, (byte) (bits >> 8), (byte) (bits >> 16), (byte) (bits >> 24)
        };
    }
  }

  /** VAX F-floating: the IEEE bits with the exponent raised by 2, the two 16-bit words swapped. */
  static byte[] dec(float v) {
    if (v == 0) {
      return new byte[4];
    }
    int bits = Float.floatToIntBits(v);
    int exponent = ((bits >>> 23) & 0xff) + 2;
    if (exponent > 255 || ((bits >>> 23) & 0xff) == 0) {
      throw new IllegalArgumentException(v + " has no VAX F-floating form here");
    }
    int vax = (bits & 0x80000000) | (exponent << 23) | (bits & 0x7fffff);
    int hi = vax >>> 16;
    int lo = vax & 0xffff;
    return new byte[] {(byte) hi, (byte) (hi >> 8), (byte) lo, (byte) (lo >> 8)};
  }
}
