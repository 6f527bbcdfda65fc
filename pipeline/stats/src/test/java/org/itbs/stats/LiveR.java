package org.itbs.stats;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

/** Runs R for the live cross-checks: finds Rscript, copies fixtures, runs a script with a log. */
final class LiveR {
  private LiveR() {}

  static int run(Path dir, String... command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("r.log").toFile())
            .start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("Rscript did not finish within 10 minutes");
    }
    return p.exitValue();
  }

  static Path onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String d : path.split(File.pathSeparator)) {
      Path candidate = Path.of(d, program);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  static Path copy(String name, Path dir) throws IOException {
    Path target = dir.resolve(name);
    try (InputStream in = LiveR.class.getResourceAsStream("/stats/" + name)) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }

  static byte[] resource(String name) {
    try (InputStream in = LiveR.class.getResourceAsStream("/stats/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
