package org.itbs.kernel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Writes the Jupyter kernelspec that starts {@link KernelMain}: {@code
 * <kernelsDir>/itbs-java/kernel.json}. Jupyter finds it when {@code kernelsDir} is the {@code
 * kernels} folder of a Jupyter data directory (such as {@code ~/.local/share/jupyter/kernels}, or
 * {@code $JUPYTER_PATH/kernels}).
 */
public final class KernelSpec {
  /** The kernel's name: the folder under {@code kernels/} and what notebooks refer to. */
  public static final String NAME = ItbsKernel.NAME;

  /** The name Jupyter shows in its kernel menus. */
  public static final String DISPLAY_NAME = "Java (ITBS pipeline)";

  private KernelSpec() {}

  /**
   * Writes a kernelspec whose kernel runs with this JVM's class path ({@code java.class.path}): the
   * pipeline jars this process was started with.
   *
   * @see #install(Path, List, String)
   */
  public static Path install(Path kernelsDir, List<String> javaCommand) {
    return install(kernelsDir, javaCommand, System.getProperty("java.class.path", ""));
  }

  /**
   * Writes {@code <kernelsDir>/itbs-java/kernel.json}, replacing any earlier one, with {@code argv}
   * = {@code javaCommand}, {@code -cp}, the class path, {@code org.itbs.kernel.KernelMain}, {@code
   * {connection_file}}; display name {@value #DISPLAY_NAME}, language {@code java}, interrupts by
   * message (Jupyter's default, a SIGINT, would end the JVM).
   *
   * @param kernelsDir the {@code kernels} folder of a Jupyter data directory; created if missing
   * @param javaCommand the {@code java} executable and any JVM options, such as {@code
   *     [/usr/bin/java, -Xmx4g]}
   * @param classPath entries separated by {@link File#pathSeparator}; made absolute, because
   *     Jupyter starts kernels in the notebook's folder
   * @return the path of the {@code kernel.json} written
   * @throws IllegalArgumentException if {@code javaCommand} is empty or has a blank element, or
   *     {@code classPath} has no entry
   * @throws UncheckedIOException if the file cannot be written
   */
  public static Path install(Path kernelsDir, List<String> javaCommand, String classPath) {
    Objects.requireNonNull(kernelsDir, "kernelsDir");
    Objects.requireNonNull(javaCommand, "javaCommand");
    Objects.requireNonNull(classPath, "classPath");
    if (javaCommand.isEmpty()) {
      throw new IllegalArgumentException(
          "javaCommand is empty: it needs at least the java executable");
    }
    for (String part : javaCommand) {
      if (part == null || part.isBlank()) {
        throw new IllegalArgumentException("javaCommand has a blank element: " + javaCommand);
      }
    }
    String absoluteClassPath =
        Arrays.stream(classPath.split(File.pathSeparator))
            .filter(entry -> !entry.isBlank())
            .map(entry -> Path.of(entry).toAbsolutePath().normalize().toString())
            .collect(Collectors.joining(File.pathSeparator));
    if (absoluteClassPath.isEmpty()) {
      throw new IllegalArgumentException("classPath has no entry: '" + classPath + "'");
    }
    List<String> argv = new ArrayList<>(javaCommand);
    argv.addAll(List.of("-cp", absoluteClassPath, KernelMain.class.getName(), "{connection_file}"));
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("argv", argv);
    spec.put("display_name", DISPLAY_NAME);
    spec.put("language", "java");
    spec.put("interrupt_mode", "message");
    spec.put("metadata", Map.of());
    Path dir = kernelsDir.resolve(NAME);
    Path file = dir.resolve("kernel.json");
    try {
      Files.createDirectories(dir);
      Path partial = Files.createTempFile(dir, "kernel", ".json.partial");
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(partial.toFile(), spec);
      Files.move(
          partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the kernelspec " + file, e);
    }
    return file;
  }
}
