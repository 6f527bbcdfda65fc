package org.itbs.core.submission;

import java.io.Serializable;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A submission that passed every whole-submission check and can be read row by row.
 *
 * @param id stable id: first 16 hex digits of the SHA-256 of its manifest
 * @param site the contributing site
 * @param created when the clinic made it, as its manifest states
 * @param folder the folder holding its files on this machine
 * @param files its files, participants first
 * @param keyFingerprint the fingerprint of the clinic key that made it, as its manifest states
 * @param withheld per file name, what the clinic withheld from it, as its manifest states (rows
 *     withheld whole and values sent as markers); a file without entry had nothing withheld. For
 *     every file, the export's data rows = the rows read here + the rows withheld whole
 * @param disclosureRisk the re-identification risk its manifest states, or null
 */
public record InspectedSubmission(
    String id,
    String site,
    String created,
    String folder,
    List<FilePlan> files,
    String keyFingerprint,
    Map<String, SubmissionManifest.Withheld> withheld,
    DisclosureRisk disclosureRisk)
    implements Serializable {

  /** Checks the record's invariants; {@code withheld} is kept sorted by file name. */
  public InspectedSubmission {
    files = List.copyOf(files);
    withheld =
        Collections.unmodifiableSortedMap(
            withheld == null ? new TreeMap<>() : new TreeMap<>(withheld));
  }

  /** A submission whose manifest says nothing was withheld. */
  public InspectedSubmission(
      String id,
      String site,
      String created,
      String folder,
      List<FilePlan> files,
      String keyFingerprint) {
    this(id, site, created, folder, files, keyFingerprint, Map.of(), null);
  }

  /** What the clinic withheld from that file (nothing when the manifest does not say). */
  public SubmissionManifest.Withheld withheld(String fileName) {
    return withheld.getOrDefault(fileName, SubmissionManifest.Withheld.NONE);
  }

  /** A submission whose manifest states no disclosure risk. */
  public InspectedSubmission(
      String id, String site, String created, String folder, List<FilePlan> files) {
    this(id, site, created, folder, files, null);
  }
}
