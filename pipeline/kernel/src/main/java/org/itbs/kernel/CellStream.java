package org.itbs.kernel;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The stream behind a cell's {@code System.out} or {@code System.err}: collects UTF-8 bytes and
 * hands them on as text at each flush (the auto-flushing {@code PrintStream} around it flushes at
 * every line) and at close.
 */
final class CellStream extends OutputStream {
  private final Consumer<String> sink;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

  CellStream(Consumer<String> sink) {
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  @Override
  public synchronized void write(int b) {
    buffer.write(b);
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) {
    buffer.write(bytes, offset, length);
  }

  @Override
  public synchronized void flush() {
    if (buffer.size() > 0) {
      String text = buffer.toString(StandardCharsets.UTF_8);
      buffer.reset();
      sink.accept(text);
    }
  }

  @Override
  public void close() {
    flush();
  }
}
