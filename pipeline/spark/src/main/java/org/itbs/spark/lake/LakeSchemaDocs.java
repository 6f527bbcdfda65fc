package org.itbs.spark.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.itbs.core.dictionary.Dictionary;
import org.itbs.core.dictionary.TableSpec;
import org.itbs.spark.parquet.SparkSchemas;

/**
 * Renders {@code data-schemas/curated/README.md}: the Parquet schemas of the lake's curated and
 * quarantine part files ({@link SparkSchemas#curatedFile}, {@link SparkSchemas#quarantineFile}), as
 * the ingest job derives them from the submission dictionary. A test keeps the committed file equal
 * to this rendering.
 */
public final class LakeSchemaDocs {
  /** Path of the rendered file, relative to {@code data-schemas/}. */
  public static final String FILE = "curated/README.md";

  private LakeSchemaDocs() {}

  /** The Markdown text. */
  public static String markdown() {
    Dictionary d = Dictionary.submission();
    StringBuilder sb = new StringBuilder();
    sb.append("# Lake tables: curated and quarantine\n\n")
        .append("Generated from the submission dictionary (`")
        .append(d.format())
        .append(
            "`) by `org.itbs.spark.lake.LakeSchemaDocs`; do not edit by hand. Regenerate with\n")
        .append(
            "`mvn -B test -pl pipeline/spark -Dtest=LakeSchemaDocsTest -Ditbs.regenerateDocs=true`.\n\n")
        .append(
            "Tables: the Iceberg tables `curated.<table>` and `quarantine.<table>`, partitioned by\n")
        .append(
            "`site`; part files under `LAKE/warehouse/<curated|quarantine>/<table>/data/site=<SITE>/<ID>/`,\n")
        .append(
            "Parquet, with these columns (`site` too, the same on every row of a file). Which files are\n")
        .append(
            "current is the catalog's (`LAKE/catalog.db`): read through it, not by listing folders.\n\n")
        .append(
            "Curated rows passed every rule of the dictionary; values are typed (codes in their\n")
        .append(
            "canonical spelling, e.g. `left` → `L`). Quarantine rows keep every value as written in the\n")
        .append(
            "file (for rows refused only as duplicates: the parsed values), with the reasons.\n");
    for (TableSpec t : d.tables()) {
      sb.append("\n## ").append(t.name()).append("\n\n### curated\n\n");
      table(sb, SparkSchemas.curatedFile(t));
      sb.append("\n### quarantine\n\n");
      table(sb, SparkSchemas.quarantineFile(t));
    }
    return sb.toString();
  }

  private static void table(StringBuilder sb, StructType s) {
    sb.append("| column | Parquet/Spark type | nullable | description |\n|---|---|---|---|\n");
    for (StructField f : s.fields()) {
      String comment =
          f.metadata().contains("comment") ? f.metadata().getString("comment") : describe(f.name());
      String unit =
          f.metadata().contains("unit") ? " (" + f.metadata().getString("unit") + ")" : "";
      sb.append("| `")
          .append(f.name())
          .append("` | ")
          .append(f.dataType().simpleString())
          .append(" | ")
          .append(f.nullable() ? "yes" : "no")
          .append(" | ")
          .append((comment + unit).replace("|", "\\|"))
          .append(" |\n");
    }
  }

  private static String describe(String name) {
    return switch (name) {
      case SparkSchemas.SOURCE_LINE ->
          "1-based line of the submission file the row started on (header = line 1)";
      case SparkSchemas.SOURCE_FILE -> "the submission file the row came from";
      case SparkSchemas.FINDINGS ->
          "every rule the row breaks: column, value as written, rule id, message";
      default -> "";
    };
  }

  /** Writes the rendering into {@code dataSchemas/curated/README.md}. */
  public static void write(Path dataSchemas) {
    try {
      Path f = dataSchemas.resolve(FILE);
      Files.createDirectories(f.getParent());
      Files.writeString(f, markdown(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
