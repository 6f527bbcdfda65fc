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
 * @param keyFingerprint the fingerprint of the clinic key that made it, as its manifest states
 */
public record InspectedSubmission(
    String id,
    String site,
    String created,
    String folder,
    List<FilePlan> files,
    String keyFingerprint)
    implements Serializable {

  /** Checks the record's invariants. */
  public InspectedSubmission {
    files = List.copyOf(files);
  }
}
