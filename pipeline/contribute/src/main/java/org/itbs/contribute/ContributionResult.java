package org.itbs.contribute;

import java.nio.file.Path;
import java.util.List;
import org.itbs.core.submission.SubmissionManifest;

/**
 * What {@link Contributor#contribute} wrote.
 *
 * @param submission the submission folder
 * @param manifest its manifest, as written to {@code manifest.json}
 * @param warnings values passed on untransformed and files left out, for the clinic to review
 *     before sending; never written into the submission
 * @param report the folder of the clinic's own report ({@code withheld.csv}, {@code lines.csv},
 *     {@code report.html}), beside the submission
 * @param gait the trials of {@code gait/index.csv} when the export gave its gait as C3D files, else
 *     null
 */
public record ContributionResult(
    Path submission,
    SubmissionManifest manifest,
    List<ContributionWarning> warnings,
    Path report,
    Gait gait) {

  /**
   * What became of the C3D trials of an export ({@code gait/index.csv}); each withheld one is in
   * the clinic report with its reason.
   *
   * @param indexRows data rows of the index (broken lines included)
   * @param converted trials converted into gait_frames rows; the others were withheld
   * @param frames gait_frames rows written from them (both sides)
   */
  public record Gait(long indexRows, long converted, long frames) {
    /** Index rows withheld. */
    public long withheld() {
      return indexRows - converted;
    }
  }

  /** Checks the record's invariants. */
  public ContributionResult {
    warnings = List.copyOf(warnings);
  }

  /** A result without C3D trials. */
  public ContributionResult(
      Path submission,
      SubmissionManifest manifest,
      List<ContributionWarning> warnings,
      Path report) {
    this(submission, manifest, warnings, report, null);
  }
}
