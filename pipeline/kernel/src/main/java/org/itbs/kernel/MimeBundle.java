package org.itbs.kernel;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One value rendered for Jupyter: MIME type to data, in the order a front end should prefer them.
 * Binary formats (PNG) are base64 text, as the protocol carries them.
 *
 * @param data MIME type (such as {@code text/html}) to its representation; never empty
 */
record MimeBundle(Map<String, String> data) {
  static final String TEXT = "text/plain";
  static final String HTML = "text/html";
  static final String SVG = "image/svg+xml";
  static final String PNG = "image/png";

  MimeBundle {
    Objects.requireNonNull(data, "data");
    if (data.isEmpty()) {
      throw new IllegalArgumentException("A MIME bundle needs at least one representation");
    }
    data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
  }

  /** A bundle with only a {@code text/plain} representation. */
  static MimeBundle text(String text) {
    return new MimeBundle(Map.of(TEXT, text));
  }

  /**
   * @param mimeType such as {@code text/html}
   * @return the representation of that type, or {@code null} when the bundle has none
   */
  String get(String mimeType) {
    return data.get(mimeType);
  }
}
