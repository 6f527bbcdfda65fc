package org.itbs.core.dictionary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Test helper: a writable copy of the packaged dictionary files, edited as JSON trees. */
final class DictionaryFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DictionaryFiles() {}

  /** Names of the files of the cef-1 dictionary folder. */
  static List<String> cef1FileNames() {
    List<String> names = new ArrayList<>();
    Dictionary.CEF1_TABLES.forEach(t -> names.add(t + ".json"));
    names.add("identifiers.json");
    return names;
  }

  /** Copies the packaged {@code /data-schemas/cef-1/*.json} resources into {@code dir}. */
  static Path copyCef1(Path dir) {
    for (String name : cef1FileNames()) {
      copyResource("/data-schemas/cef-1/" + name, dir.resolve(name));
    }
    return dir;
  }

  /** Copies the packaged derivation file into {@code dir}. */
  static Path copyDerivation(Path dir) {
    Path file = dir.resolve("derivation.json");
    copyResource("/data-schemas/cef-1-submission/derivation.json", file);
    return file;
  }

  private static void copyResource(String resource, Path target) {
    try (InputStream in = DictionaryFiles.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("resource missing: " + resource);
      }
      Files.copy(in, target);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Rewrites one column of a table file after {@code edit} changed its JSON object. */
  static void editColumn(Path dir, String table, String column, Consumer<ObjectNode> edit) {
    editFile(
        dir.resolve(table + ".json"),
        root -> {
          for (JsonNode c : root.path("columns")) {
            if (c.path("name").asText().equals(column)) {
              edit.accept((ObjectNode) c);
              return;
            }
          }
          throw new IllegalStateException(table + ".json has no column " + column);
        });
  }

  /** Rewrites a JSON file after {@code edit} changed its root object. */
  static void editFile(Path file, Consumer<ObjectNode> edit) {
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
      edit.accept(root);
      JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces text in a file (for edits that are not valid JSON). */
  static void replaceText(Path file, String find, String replacement) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      if (!text.contains(find)) {
        throw new IllegalStateException(file + " does not contain " + find);
      }
      Files.writeString(file, text.replace(find, replacement), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
