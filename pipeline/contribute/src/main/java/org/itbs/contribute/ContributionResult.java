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
 */
public record ContributionResult(
    Path submission, SubmissionManifest manifest, List<ContributionWarning> warnings, Path report) {

  /** Checks the record's invariants. */
  public ContributionResult {
    warnings = List.copyOf(warnings);
  }
}
