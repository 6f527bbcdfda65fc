package org.itbs.core.dictionary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated documentation: its content, and that the committed READMEs under {@code
 * data-schemas/} equal what the dictionary JSON renders now.
 */
class DictionaryDocsTest {
  /** Set to {@code true} to rewrite the committed READMEs instead of comparing them. */
  static final String REGENERATE = "itbs.regenerateDocs";

  /** The repository's data-schemas folder, found by walking up from the working directory. */
  private static Path dataSchemas() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("data-schemas");
      if (Files.isRegularFile(candidate.resolve("cef-1").resolve("participants.json"))) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "No data-schemas/cef-1 above " + Path.of("").toAbsolutePath() + "; run inside the repo");
  }

  @Test
  void committedReadmesEqualWhatTheDictionaryRendersNow() throws IOException {
    Path folder = dataSchemas();
    if (Boolean.getBoolean(REGENERATE)) {
      DictionaryDocs.write(folder);
    }
    for (Map.Entry<String, String> e : DictionaryDocs.render(folder).entrySet()) {
      Path file = folder.resolve(e.getKey());
      String committed =
          Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(missing)";
      assertThat(committed)
          .as(
              "data-schemas/%s is out of date with the dictionary JSON. Regenerate it with:%n"
                  + "  mvn -B test -pl pipeline/core -Dtest=DictionaryDocsTest -D%s=true%n"
                  + "and commit the result",
              e.getKey(), REGENERATE)
          .isEqualTo(e.getValue());
    }
  }

  @Test
  void rendersOneLinePerColumnWithTypeUnitValidRequiredAndIdentifier() {
    String md = DictionaryDocs.markdown(Dictionary.cef1());
    assertThat(md)
        .contains("# Data dictionary `cef-1`")
        .contains("## participants\n\nOne row per runner.")
        .contains("| column | type | unit | valid | required | direct identifier | description |")
        .contains("| `mass_kg` | number | kg | 30 .. 200 | yes | no | Body mass. |")
        .contains("| `running_years` | number | years | 0 .. 70 | no | no |")
        .contains(
            "| `birth_date` | date |  | 1920-01-01 .. row.enrolment_date | yes | yes | Date of birth.")
        .contains(
            "| `week_start` | date |  | participant.enrolment_date - 6 .. "
                + "participant.followup_end_date; a Monday | yes | no |")
        .contains("| `side` | code |  | L, R, B (also left, right), any case | yes | no |")
        .contains("- File: `gait_frames.csv`, optional")
        .contains("- Unique key: (`participant_id`, `week_start`) is unique in the file")
        .contains("- Participant reference: none; this is the table every other table refers to")
        .contains("- Participant reference: `participant_id` must be the id of an accepted row");
    for (TableSpec t : Dictionary.cef1().tables()) {
      for (ColumnSpec c : t.columns()) {
        assertThat(md).contains("| `" + c.name() + "` | ");
      }
    }
  }

  @Test
  void listsTheDirectIdentifiersAndTheColumnsMarkedAsSuch() {
    String md = DictionaryDocs.markdown(Dictionary.cef1());
    assertThat(md).contains("## Direct identifiers").contains("`nhs_number`").contains("`email`");
    assertThat(md)
        .contains(
            "marked as direct identifier, dropped before submission: `participants.birth_date`")
        .doesNotContain("## Derivation");
  }

  @Test
  void submissionDocsDescribePseudonymDateShiftAndReplacedColumns() {
    String md = DictionaryDocs.markdown(Dictionary.submission());
    assertThat(md)
        .contains("# Data dictionary `cef-1-submission`")
        .contains("## Derivation from cef-1")
        .contains(
            "`participant_id` of every table is replaced by its pseudonym, matching `[0-9a-f]{20}`")
        .contains("HMAC-SHA256")
        .contains("- Date shift: from -52 to 52 weeks.")
        .contains(
            "- Replaced columns: `participants.birth_date` by `age_years`,"
                + " `participants.height_cm` by `bmi`")
        .contains("| `age_years` | integer | years | 0 .. 90 | no | no |")
        .contains("| `bmi` | number | kg/m² | 6.2 .. 138.9 | no | no |")
        .contains("| Covariate bmi of P1, P2 and P3")
        .contains("`participants.mass_kg` (Only bmi, which the plans use, leaves the clinic")
        .doesNotContain("| `height_cm` |")
        .doesNotContain("| `mass_kg` |")
        .contains("exactly 20 chars; matches [0-9a-f]{20}")
        .doesNotContain("| `birth_date` |");
  }

  @Test
  void escapesPipesAndBackslashesInTableCells(@TempDir Path dir) {
    assertThat(DictionaryDocs.cell("a|b\\d*\nc")).isEqualTo("a\\|b\\\\d\\* c");
    DictionaryFiles.copyCef1(dir);
    DictionaryFiles.editColumn(
        dir, "participants", "participant_id", c -> c.put("pattern", "P\\d+|X\\d+"));
    String md = DictionaryDocs.markdown(Dictionary.load(dir));
    assertThat(md).contains("1–64 chars; matches P\\\\d+\\|X\\\\d+ |");
  }

  @Test
  void aDescriptionEditedInTheJsonShowsInTheDocs(@TempDir Path dir) throws IOException {
    Path cef1 = Files.createDirectories(dir.resolve("cef-1"));
    DictionaryFiles.copyCef1(cef1);
    DictionaryFiles.copyDerivation(Files.createDirectories(dir.resolve("cef-1-submission")));
    DictionaryFiles.editColumn(
        cef1, "participants", "sex", c -> c.put("description", "Sex at birth: F or M."));
    DictionaryDocs.write(dir);
    assertThat(dir.resolve(DictionaryDocs.CEF1_README))
        .content(StandardCharsets.UTF_8)
        .contains("| `sex` | code |  | F, M | yes | no | Sex at birth: F or M. |");
    assertThat(dir.resolve(DictionaryDocs.SUBMISSION_README))
        .content(StandardCharsets.UTF_8)
        .contains("Sex at birth: F or M.");
  }

  @Test
  void mainRefusesAFolderWithoutCef1(@TempDir Path dir) {
    assertThatThrownBy(() -> DictionaryDocs.main(new String[] {dir.toString()}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Not a data-schemas folder");
  }
}
