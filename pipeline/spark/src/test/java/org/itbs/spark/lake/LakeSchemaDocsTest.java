package org.itbs.spark.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed lake schema documentation equals what the ingest job's schemas render now. */
class LakeSchemaDocsTest {
  private static Path dataSchemas() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("data-schemas").resolve("cef-1"))) {
        return p.resolve("data-schemas");
      }
    }
    throw new IllegalStateException("no data-schemas above " + Path.of("").toAbsolutePath());
  }

  @Test
  void committedCuratedSchemaDocsEqualTheRenderingOfTheIngestSchemas() throws IOException {
    Path ds = dataSchemas();
    if (Boolean.getBoolean("itbs.regenerateDocs")) {
      LakeSchemaDocs.write(ds);
    }
    Path f = ds.resolve(LakeSchemaDocs.FILE);
    String committed = Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "(missing)";
    assertThat(committed)
        .as(
            "data-schemas/%s is out of date; regenerate with%n  mvn -B test -pl pipeline/spark"
                + " -Dtest=LakeSchemaDocsTest -Ditbs.regenerateDocs=true",
            LakeSchemaDocs.FILE)
        .isEqualTo(LakeSchemaDocs.markdown());
  }

  @Test
  void documentsEveryTableWithItsTypedColumnsAndQuarantineFindings() {
    String md = LakeSchemaDocs.markdown();
    assertThat(md)
        .contains("## gait_frames")
        .contains("| `hip_adduction_deg` | double | no | Hip adduction angle. (deg) |")
        .contains("| `week_start` | date | no |")
        .contains(
            "| `findings` | array<struct<column:string,value:string,rule:string,message:string>> |");
  }
}
