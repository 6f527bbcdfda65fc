package org.itbs.c3d;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The real gait-lab files of the test resources (README.md there), read once per JVM. */
final class RealFiles {
  static final String RBDS_RUN = "RBDS001runT35.c3d";
  static final String RBDS_STATIC = "RBDS001static.c3d";
  static final String RIC_RUN = "RIC_20140515T133244_run.c3d";
  static final String RIC_STATIC = "RIC_20140515T133244_static.c3d";

  private static final Map<String, C3dFile> READ = new ConcurrentHashMap<>();

  private RealFiles() {}

  static byte[] bytes(String name) {
    try (InputStream in = RealFiles.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static C3dFile read(String name) {
    return READ.computeIfAbsent(name, n -> C3dReader.read(bytes(n), n));
  }
}
