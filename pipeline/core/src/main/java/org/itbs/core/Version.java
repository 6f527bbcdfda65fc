package org.itbs.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The pipeline's software version, as every output states it. */
public final class Version {
  private static final String VERSION = read();

  private Version() {}

  /**
   * The version of the pipeline build that runs, such as {@code 0.1.0-SNAPSHOT} (the Maven project
   * version, filled in when the core module is built).
   */
  public static String current() {
    return VERSION;
  }

  private static String read() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        throw new IllegalStateException(
            "org/itbs/core/version.properties is not on the class path");
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version");
      if (v == null || v.isBlank() || v.startsWith("${")) {
        throw new IllegalStateException(
            "org/itbs/core/version.properties holds no version (" + v + "); build with Maven");
      }
      return v.trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read org/itbs/core/version.properties", e);
    }
  }
}
