package org.itbs.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

/**
 * The kernel process Jupyter starts (see {@link KernelSpec}): {@code java -cp CLASSPATH
 * org.itbs.kernel.KernelMain CONNECTION_FILE}. It binds the five ZeroMQ sockets on the address and
 * ports of the connection file (Jupyter writes 127.0.0.1 unless told otherwise), evaluates cells
 * with JShell against its own class path, and exits when Jupyter asks it to shut down.
 */
public final class KernelMain {
  private KernelMain() {}

  /**
   * Runs the kernel until Jupyter shuts it down, then exits the JVM with status 0.
   *
   * @param args one argument: the path of the Jupyter connection file
   * @throws IOException if the connection file cannot be read
   * @throws GeneralSecurityException if its signature scheme is not available in this JVM
   */
  public static void main(String[] args) throws IOException, GeneralSecurityException {
    if (args.length != 1) {
      System.err.println(
          "usage: java -cp CLASSPATH " + KernelMain.class.getName() + " CONNECTION_FILE");
      System.exit(2);
    }
    System.setProperty("java.awt.headless", "true");
    // jjava logs through SLF4J: warnings only, on the kernel's own standard error (not a cell's).
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.setProperty("org.slf4j.simpleLogger.cacheOutputStream", "true");
    run(Path.of(args[0]));
    System.exit(0); // threads a cell started must not keep a shut-down kernel alive
  }

  /**
   * Serves the notebook described by {@code connectionFile} until it asks for shutdown.
   *
   * @param connectionFile a Jupyter connection file (transport, ip, the five ports, key, scheme)
   * @throws IllegalArgumentException if {@code connectionFile} is not a regular file
   */
  static void run(Path connectionFile) throws IOException, GeneralSecurityException {
    if (!Files.isRegularFile(connectionFile)) {
      throw new IllegalArgumentException(
          "Jupyter connection file " + connectionFile + " is not a regular file");
    }
    KernelConnectionProperties properties;
    try {
      properties = KernelConnectionProperties.parse(Files.readString(connectionFile));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read connection file " + connectionFile, e);
    }
    JupyterConnection connection = new JupyterConnection(properties);
    try (JShellEvaluator evaluator = JShellEvaluator.create()) {
      ItbsKernel kernel = new ItbsKernel(evaluator);
      kernel.onStartup();
      kernel.becomeHandlerForConnection(connection);
      connection.connect();
      connection.waitUntilClose();
    }
  }
}
