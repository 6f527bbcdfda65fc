package org.itbs.c3d;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads C3D files as C3D.ORG's "The C3D File Format User Guide" describes them: the header, the
 * parameter section (groups, parameters of every type and up to 7 dimensions, locked flags,
 * continuations such as {@code POINT:LABELS2}), the data section (points as scaled 16-bit integers
 * or as floats, with residual and camera bytes; analog samples, several per frame, signed or
 * unsigned) and the events of the header and of the {@code EVENT} group, for the three processor
 * types (Intel, DEC, MIPS). Frame counts above 65535 come from {@code TRIAL:ACTUAL_START_FIELD} /
 * {@code ACTUAL_END_FIELD} or {@code POINT:FRAMES}.
 *
 * <p>Every length field is checked against the bytes present before anything is allocated, so a
 * truncated, corrupt or hostile file fails with a {@link C3dFormatException} whose one-line message
 * names the file, the byte offset or section and what was wrong; the arrays read are never more
 * than twice the file's size.
 */
public final class C3dReader {
  /** Block size of the header, parameter and data sections. */
  static final int BLOCK = 512;

  /** Key of the header's second byte. */
  static final int HEADER_KEY = 0x50;

  /** Largest number of header events. */
  static final int HEADER_EVENTS = 18;

  private C3dReader() {}

  /**
   * Reads a whole file.
   *
   * @throws IllegalArgumentException when {@code file} is not a regular file
   * @throws C3dFormatException when it is not a readable C3D file (the message names the file)
   * @throws UncheckedIOException when it cannot be read
   */
  public static C3dFile read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + " is not a file");
    }
    try {
      long size = Files.size(file);
      if (size > Integer.MAX_VALUE - 16) {
        throw new C3dFormatException(
            file.toString(), "file", "is " + size + " bytes; files over 2 GiB are not read");
      }
      return read(Files.readAllBytes(file), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Reads a C3D file held in memory.
   *
   * @param name the name errors give for the file
   * @throws C3dFormatException when the bytes are not a readable C3D file
   */
  public static C3dFile read(byte[] bytes, String name) {
    return new Parse(new Bytes(bytes, name)).file();
  }

  /** One parse of one file. */
  private static final class Parse {
    private final Bytes b;
    private final String file;

    Parse(Bytes b) {
      this.b = b;
      this.file = b.file();
    }

    private C3dFormatException error(String where, String what) {
      return new C3dFormatException(file, where, what);
    }

    C3dFile file() {
      if (b.length() < BLOCK) {
        throw b.error(
            0, "header", "the file is " + b.length() + " bytes, shorter than the 512-byte header");
      }
      int parameterBlock = b.u8(0, "header");
      int key = b.u8(1, "header");
      if (key != HEADER_KEY) {
        throw b.error(
            1,
            "header",
            String.format(Locale.ROOT, "0x%02X where a C3D file has 0x50: not a C3D file", key));
      }
      if (parameterBlock < 2) {
        throw b.error(
            0,
            "header",
            "the parameter section starts at block " + parameterBlock + ", not 2 or after");
      }
      int parameterStart = (parameterBlock - 1) * BLOCK;
      b.need(parameterStart, 4, "parameter section");
      int code = b.u8(parameterStart + 3, "parameter section");
      ProcessorType processor = ProcessorType.ofCode(code);
      if (processor == null) {
        throw b.error(
            parameterStart + 3,
            "parameter section",
            "processor type " + code + ", expected 84 (Intel), 85 (DEC) or 86 (MIPS)");
      }
      b.processor(processor);

      C3dHeader header = header(parameterBlock);
      int blocks = b.u8(parameterStart + 2, "parameter section");
      int parameterEnd =
          blocks > 0 ? parameterStart + blocks * BLOCK : (header.dataBlock() - 1) * BLOCK;
      if (parameterEnd <= parameterStart + 4 || parameterEnd > b.length()) {
        throw b.error(
            parameterStart + 2,
            "parameter section",
            "declares "
                + blocks
                + " blocks (to byte "
                + parameterEnd
                + ") but the file ends at byte "
                + b.length());
      }
      Parameters parameters = parameters(parameterStart, parameterEnd, blocks);
      return data(processor, header, parameters, parameterEnd);
    }

    private C3dHeader header(int parameterBlock) {
      String h = "header";
      int eventCount = b.s16(300, h);
      if (eventCount < 0 || eventCount > HEADER_EVENTS) {
        throw b.error(300, h, "event count " + eventCount + ", expected 0 to 18");
      }
      List<C3dEvent> events = new ArrayList<>();
      for (int i = 0; i < eventCount; i++) {
        float t = b.f32(304 + 4 * i, h);
        String label = b.ascii(396 + 4 * i, 4, h);
        events.add(new C3dEvent("", label, t, C3dEvent.Source.HEADER));
      }
      return new C3dHeader(
          parameterBlock,
          b.u16(2, h),
          b.u16(4, h),
          b.u16(6, h),
          b.u16(8, h),
          b.u16(10, h),
          b.f32(12, h),
          b.u16(16, h),
          b.u16(18, h),
          b.f32(20, h),
          events);
    }

    private Parameters parameters(int start, int end, int blocks) {
      Map<Integer, ParameterGroup> byId = new LinkedHashMap<>();
      List<Integer> pendingIds = new ArrayList<>();
      List<Parameter> pending = new ArrayList<>();
      List<Integer> pendingOffsets = new ArrayList<>();
      String sec = "parameter section";
      int p = start + 4;
      while (p + 2 <= end) {
        int nameLength = b.s8(p, sec);
        int id = b.s8(p + 1, sec);
        if (nameLength == 0 || id == 0) {
          break;
        }
        boolean locked = nameLength < 0;
        int length = Math.abs(nameLength);
        b.need(p + 2, length + 2L, sec);
        if (p + 4 + length > end) {
          throw b.error(p, sec, "a name of " + length + " characters runs past the section's end");
        }
        String name = b.ascii(p + 2, length, sec).toUpperCase(Locale.ROOT);
        int offsetField = p + 2 + length;
        int next = b.s16(offsetField, sec);
        if (id < 0) {
          int descriptionLength = b.u8(offsetField + 2, "group " + name);
          String description = b.ascii(offsetField + 3, descriptionLength, "group " + name);
          byId.putIfAbsent(-id, new ParameterGroup(-id, name, description, locked));
        } else {
          pending.add(parameter(name, offsetField, end, locked));
          pendingIds.add(id);
          pendingOffsets.add(p);
        }
        if (next == 0) {
          break;
        }
        int np = offsetField + next;
        if (np <= p) {
          throw b.error(
              offsetField,
              sec,
              "the offset to the record after " + name + " (" + next + ") does not move forward");
        }
        p = np;
      }
      Map<String, ParameterGroup> groups = new LinkedHashMap<>();
      for (ParameterGroup g : byId.values()) {
        groups.putIfAbsent(g.name(), g);
      }
      for (int i = 0; i < pending.size(); i++) {
        ParameterGroup g = byId.get(pendingIds.get(i));
        Parameter q = pending.get(i);
        if (g == null) {
          throw b.error(
              pendingOffsets.get(i),
              sec,
              "parameter "
                  + q.name()
                  + " belongs to group "
                  + pendingIds.get(i)
                  + ", which the section does not define");
        }
        g.add(q.inGroup(g.name()));
      }
      return new Parameters(groups, blocks);
    }

    private Parameter parameter(String name, int offsetField, int end, boolean locked) {
      String sec = "parameter " + name;
      int typeCode = b.s8(offsetField + 2, sec);
      Parameter.Type type = Parameter.Type.ofCode(typeCode);
      if (type == null) {
        throw b.error(offsetField + 2, sec, "type " + typeCode + ", expected -1, 1, 2 or 4");
      }
      int dimensionCount = b.u8(offsetField + 3, sec);
      if (dimensionCount > 7) {
        throw b.error(offsetField + 3, sec, dimensionCount + " dimensions, at most 7");
      }
      int[] dims = new int[dimensionCount];
      long count = 1;
      for (int i = 0; i < dimensionCount; i++) {
        dims[i] = b.u8(offsetField + 4 + i, sec);
        count *= dims[i];
      }
      int data = offsetField + 4 + dimensionCount;
      long size = count * type.size();
      if (data + size > end) {
        throw b.error(
            data,
            sec,
            "needs " + size + " bytes of values but the parameter section ends at byte " + end);
      }
      int n = (int) count;
      byte[] chars = null;
      double[] numbers = null;
      if (type == Parameter.Type.CHAR) {
        chars = b.copy(data, n, sec);
      } else {
        numbers = new double[n];
        for (int i = 0; i < n; i++) {
          int o = data + i * type.size();
          numbers[i] =
              switch (type) {
                case BYTE -> b.s8(o, sec);
                case INT16 -> b.s16(o, sec);
                default -> b.f32(o, sec);
              };
        }
      }
      int descriptionAt = data + (int) size;
      String description = "";
      if (descriptionAt < end) {
        int descriptionLength = b.u8(descriptionAt, sec);
        if (descriptionAt + 1 + descriptionLength <= end) {
          description = b.ascii(descriptionAt + 1, descriptionLength, sec);
        }
      }
      return new Parameter("", name, description, type, dims, locked, chars, numbers);
    }

    private C3dFile data(
        ProcessorType processor, C3dHeader header, Parameters parameters, int parameterEnd) {
      // Points: count, scale, rate, frames.
      int points = header.pointCount();
      Optional<Parameter> used = parameters.find("POINT", "USED");
      if (used.isPresent()) {
        int u = unsigned(used.get());
        if (u != points) {
          throw error(
              "parameter POINT:USED",
              "is " + u + " but the header (word 2) says " + points + " markers");
        }
      }
      double scale =
          parameters.find("POINT", "SCALE").map(p -> number(p)).orElse((double) header.scale());
      if (!Double.isFinite(scale) || scale == 0) {
        throw error("parameter POINT:SCALE", "is " + scale + ", expected a non-zero number");
      }
      boolean floats = scale < 0;
      double absScale = Math.abs(scale);
      double rate =
          parameters.find("POINT", "RATE").map(p -> number(p)).orElse((double) header.frameRate());
      if (!(rate > 0) || Double.isInfinite(rate)) {
        rate = header.frameRate();
      }
      if (!(rate > 0) || Double.isInfinite(rate)) {
        throw error("parameter POINT:RATE", "is " + rate + ", expected frames per second above 0");
      }
      int firstFrame = header.firstFrame();
      long frames = (long) header.lastFrame() - header.firstFrame() + 1;
      if (header.lastFrame() == 0xffff || frames <= 0) {
        long[] actual = actualFields(parameters);
        if (actual != null) {
          firstFrame = (int) Math.min(actual[0], Integer.MAX_VALUE);
          frames = actual[1] - actual[0] + 1;
        } else if (parameters.find("POINT", "FRAMES").isPresent()) {
          Parameter p = parameters.find("POINT", "FRAMES").get();
          frames = p.type() == Parameter.Type.FLOAT ? (long) number(p) : unsigned(p);
        }
        if (frames < 0) {
          throw error(
              "header",
              "frames "
                  + header.firstFrame()
                  + " to "
                  + header.lastFrame()
                  + " and no TRIAL:ACTUAL_START_FIELD or POINT:FRAMES that counts them");
        }
      }

      // Analog: channels, samples per frame, format, scales.
      int samplesPerFrame = header.analogSamplesPerFrame();
      int analogValues = header.analogPerFrame();
      int channels;
      Optional<Parameter> analogUsed = parameters.find("ANALOG", "USED");
      if (analogUsed.isPresent()) {
        channels = unsigned(analogUsed.get());
        if (samplesPerFrame == 0 && channels > 0) {
          samplesPerFrame = analogValues / channels;
        }
        if ((long) channels * samplesPerFrame != analogValues) {
          throw error(
              "parameter ANALOG:USED",
              channels
                  + " channels × "
                  + samplesPerFrame
                  + " samples per frame (header word 10) is not the "
                  + analogValues
                  + " analog values per frame of the header (word 3)");
        }
      } else {
        if (analogValues > 0 && samplesPerFrame == 0) {
          throw error(
              "header",
              analogValues + " analog values per frame but 0 samples per frame (word 10)");
        }
        channels = samplesPerFrame == 0 ? 0 : analogValues / samplesPerFrame;
      }
      if (channels == 0) {
        samplesPerFrame = Math.max(samplesPerFrame, 0);
      }

      // The data section: where, how long.
      int dataBlock = header.dataBlock();
      if (dataBlock == 0) {
        dataBlock = parameters.find("POINT", "DATA_START").map(p -> unsigned(p)).orElse(0);
      }
      long dataStart = (long) (dataBlock - 1) * BLOCK;
      if (dataBlock < 1 || dataStart < parameterEnd) {
        throw b.error(
            16,
            "header",
            "the data section starts at block "
                + dataBlock
                + ", inside the header or the parameter section (which ends at block "
                + parameterEnd / BLOCK
                + ")");
      }
      int word = floats ? 4 : 2;
      long frameBytes = (long) points * 4 * word + (long) analogValues * word;
      long total = frames * frameBytes;
      if (dataStart + total > b.length()) {
        long whole = frameBytes == 0 ? 0 : (b.length() - dataStart) / frameBytes;
        throw b.error(
            dataStart,
            "data section",
            frames
                + " frames of "
                + frameBytes
                + " bytes need "
                + total
                + " bytes, to byte "
                + (dataStart + total)
                + ", but the file ends at byte "
                + b.length()
                + " (room for "
                + Math.max(whole, 0)
                + " frames): truncated");
      }
      if (frames > Integer.MAX_VALUE / 4) {
        throw error("header", frames + " frames, more than this reader takes");
      }
      int nFrames = (int) frames;

      List<String> labels = padded(parameters.strings(file, "POINT", "LABELS"), points, "point_");
      List<String> descriptions = parameters.strings(file, "POINT", "DESCRIPTIONS");
      String units = parameters.strings(file, "POINT", "UNITS").stream().findFirst().orElse("");

      boolean unsignedAnalog =
          parameters.strings(file, "ANALOG", "FORMAT").stream()
              .findFirst()
              .map(f -> f.equalsIgnoreCase("UNSIGNED"))
              .orElse(false);
      double[] scales = parameters.values(file, "ANALOG", "SCALE");
      double[] offsets = parameters.values(file, "ANALOG", "OFFSET");
      if (channels > 0 && scales.length < channels) {
        throw error(
            "parameter ANALOG:SCALE",
            "has " + scales.length + " values for " + channels + " analog channels");
      }
      if (channels > 0 && offsets.length < channels) {
        throw error(
            "parameter ANALOG:OFFSET",
            "has " + offsets.length + " values for " + channels + " analog channels");
      }
      if (unsignedAnalog) {
        for (int i = 0; i < offsets.length; i++) {
          offsets[i] = ((int) offsets[i]) & 0xffff;
        }
      }
      double generalScale = parameters.find("ANALOG", "GEN_SCALE").map(p -> number(p)).orElse(1.0);
      double analogRate = parameters.find("ANALOG", "RATE").map(p -> number(p)).orElse(0.0);
      if (!(analogRate > 0) || Double.isInfinite(analogRate)) {
        analogRate = rate * samplesPerFrame;
      }
      List<String> analogLabels =
          padded(parameters.strings(file, "ANALOG", "LABELS"), channels, "analog_");
      List<String> analogUnits =
          padded(parameters.strings(file, "ANALOG", "UNITS"), channels, null);

      // Decode.
      float[] xyz = new float[nFrames * points * 3];
      float[] residuals = new float[nFrames * points];
      byte[] cameras = new byte[nFrames * points];
      long analogSamples = (long) nFrames * samplesPerFrame;
      float[] analog = new float[(int) (analogSamples * channels)];
      double[] factor = new double[channels];
      for (int c = 0; c < channels; c++) {
        factor[c] = scales[c] * generalScale;
      }
      int o = (int) dataStart;
      for (int f = 0; f < nFrames && frameBytes > 0; f++) {
        for (int m = 0; m < points; m++) {
          int i = f * points + m;
          float x;
          float y;
          float z;
          int w;
          boolean missing;
          if (floats) {
            x = b.f32(o);
            y = b.f32(o + 4);
            z = b.f32(o + 8);
            float r = b.f32(o + 12);
            w = (int) r;
            missing = r < 0 || Float.isNaN(x) || Float.isNaN(y) || Float.isNaN(z) || Float.isNaN(r);
            o += 16;
          } else {
            x = (float) (b.s16(o) * absScale);
            y = (float) (b.s16(o + 2) * absScale);
            z = (float) (b.s16(o + 4) * absScale);
            w = b.s16(o + 6);
            missing = w < 0;
            o += 8;
          }
          if (missing) {
            xyz[3 * i] = Float.NaN;
            xyz[3 * i + 1] = Float.NaN;
            xyz[3 * i + 2] = Float.NaN;
            residuals[i] = -1;
          } else {
            xyz[3 * i] = x;
            xyz[3 * i + 1] = y;
            xyz[3 * i + 2] = z;
            residuals[i] = (float) ((w & 0xff) * absScale);
            cameras[i] = (byte) ((w >> 8) & 0x7f);
          }
        }
        int base = f * samplesPerFrame * channels;
        for (int s = 0; s < samplesPerFrame * channels; s++) {
          int c = s % channels;
          double raw;
          if (floats) {
            raw = b.f32(o);
            o += 4;
          } else {
            raw = unsignedAnalog ? b.u16(o) : b.s16(o);
            o += 2;
          }
          analog[base + s] = (float) ((raw - offsets[c]) * factor[c]);
        }
      }

      PointData pointData =
          new PointData(
              labels, descriptions, units, rate, firstFrame, nFrames, xyz, residuals, cameras);
      AnalogData analogData =
          new AnalogData(
              analogLabels,
              analogUnits,
              analogRate,
              samplesPerFrame,
              (int) analogSamples,
              unsignedAnalog,
              java.util.Arrays.copyOf(scales, channels),
              java.util.Arrays.copyOf(offsets, channels),
              generalScale,
              analog);
      List<C3dEvent> events = new ArrayList<>(eventGroup(parameters));
      events.addAll(header.events());
      return new C3dFile(
          file, processor, header, parameters, pointData, analogData, events, floats);
    }

    /** First frame and last frame from {@code TRIAL:ACTUAL_START_FIELD} / {@code END_FIELD}. */
    private long[] actualFields(Parameters parameters) {
      Optional<Parameter> start = parameters.find("TRIAL", "ACTUAL_START_FIELD");
      Optional<Parameter> end = parameters.find("TRIAL", "ACTUAL_END_FIELD");
      if (start.isEmpty() || end.isEmpty()) {
        return null;
      }
      return new long[] {field(start.get()), field(end.get())};
    }

    private long field(Parameter p) {
      if (p.type() == Parameter.Type.CHAR) {
        throw error("parameter " + p.qualifiedName(), "is CHAR, expected two 16-bit words");
      }
      int[] v = p.unsignedInts();
      if (v.length == 0) {
        throw error("parameter " + p.qualifiedName(), "has no value");
      }
      return v.length == 1 ? v[0] : v[0] | ((long) v[1] << 16);
    }

    private List<C3dEvent> eventGroup(Parameters parameters) {
      List<C3dEvent> out = new ArrayList<>();
      Optional<Parameter> used = parameters.find("EVENT", "USED");
      if (used.isEmpty()) {
        return out;
      }
      int n = unsigned(used.get());
      if (n == 0) {
        return out;
      }
      double[] times = parameters.values(file, "EVENT", "TIMES");
      if (times.length < 2L * n) {
        throw error(
            "parameter EVENT:TIMES",
            "has " + times.length + " values for " + n + " events (EVENT:USED), expected 2 each");
      }
      List<String> labels = padded(parameters.strings(file, "EVENT", "LABELS"), n, null);
      List<String> contexts = padded(parameters.strings(file, "EVENT", "CONTEXTS"), n, null);
      for (int i = 0; i < n; i++) {
        double t = times[2 * i] * 60 + times[2 * i + 1];
        out.add(new C3dEvent(contexts.get(i), labels.get(i), t, C3dEvent.Source.EVENT_GROUP));
      }
      return out;
    }

    private double number(Parameter p) {
      if (p.type() == Parameter.Type.CHAR) {
        throw error("parameter " + p.qualifiedName(), "is CHAR, expected a number");
      }
      double v = p.value(Double.NaN);
      if (Double.isNaN(v)) {
        throw error("parameter " + p.qualifiedName(), "has no value");
      }
      return v;
    }

    private int unsigned(Parameter p) {
      if (p.type() == Parameter.Type.CHAR) {
        throw error("parameter " + p.qualifiedName(), "is CHAR, expected a number");
      }
      if (p.type() == Parameter.Type.FLOAT) {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, p.value(0)));
      }
      int[] v = p.unsignedInts();
      return v.length == 0 ? 0 : v[0];
    }

    /** The first {@code n} of {@code values}, padded with {@code prefix + number} (or ""). */
    private static List<String> padded(List<String> values, int n, String prefix) {
      List<String> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        if (i < values.size()) {
          out.add(values.get(i).strip());
        } else {
          out.add(prefix == null ? "" : prefix + (i + 1));
        }
      }
      return out;
    }
  }
}
