package org.itbs.core.submission;

import java.io.Serializable;
import java.util.List;

/**
 * A submission that passed every whole-submission check and can be read row by row.
 *
 * @param id stable id: first 16 hex digits of the SHA-256 of its manifest
 * @param site the contributing site
 * @param created when the clinic made it, as its manifest states
 * @param folder the folder holding its files on this machine
 * @param files its files, participants first
 * @param disclosureRisk the re-identification risk its manifest states, or null
 */
public record InspectedSubmission(
    String id,
    String site,
    String created,
    String folder,
    List<FilePlan> files,
    DisclosureRisk disclosureRisk)
    implements Serializable {

  /** Checks the record's invariants. */
  public InspectedSubmission {
    files = List.copyOf(files);
  }

  /** A submission whose manifest states no disclosure risk. */
  public InspectedSubmission(
      String id, String site, String created, String folder, List<FilePlan> files) {
    this(id, site, created, folder, files, null);
  }
}
