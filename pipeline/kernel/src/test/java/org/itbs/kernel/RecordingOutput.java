package org.itbs.kernel;

import java.util.ArrayList;
import java.util.List;

/** Collects what a cell writes and displays, in order. */
class RecordingOutput implements CellOutput {
  final StringBuilder stdout = new StringBuilder();
  final StringBuilder stderr = new StringBuilder();
  final List<MimeBundle> displays = new ArrayList<>();

  @Override
  public void stdout(String text) {
    stdout.append(text);
  }

  @Override
  public void stderr(String text) {
    stderr.append(text);
  }

  @Override
  public void display(MimeBundle bundle) {
    displays.add(bundle);
  }
}
