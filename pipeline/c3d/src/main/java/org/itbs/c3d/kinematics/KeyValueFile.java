package org.itbs.c3d.kinematics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The small text format of marker-set and mapping files: UTF-8 lines {@code key = value}; blank
 * lines and lines starting with {@code #} are ignored; keys are case-sensitive and appear once.
 * Remembers each key's line for error messages.
 */
final class KeyValueFile {
  private final String name;
  private final Map<String, String> values = new LinkedHashMap<>();
  private final Map<String, Integer> lines = new LinkedHashMap<>();

  private KeyValueFile(String name, String text) {
    this.name = name;
    String[] ls = text.split("\r?\n", -1);
    for (int i = 0; i < ls.length; i++) {
      String l = ls[i].strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      int eq = l.indexOf('=');
      if (eq <= 0) {
        throw new AngleModelException(
            name + " line " + (i + 1) + ": expected 'key = value', found '" + l + "'");
      }
      String key = l.substring(0, eq).strip();
      if (values.containsKey(key)) {
        throw new AngleModelException(
            name
                + " line "
                + (i + 1)
                + ": key "
                + key
                + " given twice (first line "
                + lines.get(key)
                + ")");
      }
      values.put(key, l.substring(eq + 1).strip());
      lines.put(key, i + 1);
    }
  }

  static KeyValueFile read(Path file) {
    try {
      return new KeyValueFile(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new AngleModelException(file + ": no such file");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static KeyValueFile resource(Class<?> owner, String resource) {
    try (InputStream in = owner.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return new KeyValueFile(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + resource, e);
    }
  }

  String name() {
    return name;
  }

  Map<String, String> values() {
    return values;
  }

  String where(String key) {
    return lines.containsKey(key) ? name + " line " + lines.get(key) : name;
  }

  /** The value of {@code key}, or an error naming the file when it is absent or empty. */
  String required(String key) {
    String v = values.get(key);
    if (v == null || v.isEmpty()) {
      throw new AngleModelException(name + ": missing key " + key);
    }
    return v;
  }

  String optional(String key) {
    String v = values.get(key);
    return v == null || v.isEmpty() ? null : v;
  }
}
