package org.itbs.core.lake;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.TreeMap;
import org.itbs.core.submission.DisclosureRisk;
import org.itbs.core.submission.SubmissionManifest;

/**
 * The audit record of one ingested submission.
 *
 * @param id submission id (from its manifest's SHA-256)
 * @param site contributing site
 * @param created when the clinic made it (manifest)
 * @param source the path it was ingested from
 * @param ingestedAt when it was ingested (UTC, ISO-8601)
 * @param lakeVersion the lake version its ingest committed
 * @param files per file name, what became of its rows
 * @param keyFingerprint the fingerprint of the clinic key that made it (its manifest's {@code
 *     key_fingerprint}); the site's current submission binds the site to it. {@code null} in a
 *     record written before fingerprints were recorded
 * @param rekeyedFrom the fingerprint the site was bound to before this submission, when it was
 *     ingested with {@code --rekey SITE} under another key; {@code null} otherwise (and then left
 *     out of the JSON)
 * @param withheldAtClinic per file name, what the clinic withheld before sending (its manifest's
 *     {@code withheld}): rows withheld whole per reason and values sent as {@code [withheld: rule]}
 *     markers per rule; a file without entry had nothing withheld (left out of the JSON when
 *     empty). For every file, the export's data rows = {@link FileCounts#read()} + the rows
 *     withheld whole ({@link #exportRows})
 * @param disclosureRisk the re-identification risk the clinic measured (its manifest), or null when
 *     the manifest states none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubmissionRecord(
    @JsonProperty("id") String id,
    @JsonProperty("site") String site,
    @JsonProperty("created") String created,
    @JsonProperty("source") String source,
    @JsonProperty("ingested_at") String ingestedAt,
    @JsonProperty("lake_version") long lakeVersion,
    @JsonProperty("files") Map<String, FileCounts> files,
    @JsonProperty("key_fingerprint") String keyFingerprint,
    @JsonProperty("rekeyed_from") @JsonInclude(JsonInclude.Include.NON_NULL) String rekeyedFrom,
    @JsonProperty("withheld_at_clinic") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        Map<String, SubmissionManifest.Withheld> withheldAtClinic,
    @JsonProperty("disclosure_risk") DisclosureRisk disclosureRisk) {

  /** Checks the record's invariants. */
  @JsonCreator
  public SubmissionRecord {
    files = files == null ? Map.of() : new TreeMap<>(files);
    withheldAtClinic = withheldAtClinic == null ? Map.of() : new TreeMap<>(withheldAtClinic);
  }

  /** A record of a submission whose manifest states no disclosure risk. */
  public SubmissionRecord(
      String id,
      String site,
      String created,
      String source,
      String ingestedAt,
      long lakeVersion,
      Map<String, FileCounts> files,
      String keyFingerprint,
      String rekeyedFrom,
      Map<String, SubmissionManifest.Withheld> withheldAtClinic) {
    this(
        id,
        site,
        created,
        source,
        ingestedAt,
        lakeVersion,
        files,
        keyFingerprint,
        rekeyedFrom,
        withheldAtClinic,
        null);
  }

  /** A record without a key fingerprint (tests, and lakes written before fingerprints). */
  public SubmissionRecord(
      String id,
      String site,
      String created,
      String source,
      String ingestedAt,
      long lakeVersion,
      Map<String, FileCounts> files) {
    this(id, site, created, source, ingestedAt, lakeVersion, files, null, null, Map.of(), null);
  }

  /**
   * The same record at another lake version: a commit that had to retry on a newer lake records the
   * version it finally made.
   */
  public SubmissionRecord withLakeVersion(long version) {
    return version == lakeVersion
        ? this
        : new SubmissionRecord(
            id,
            site,
            created,
            source,
            ingestedAt,
            version,
            files,
            keyFingerprint,
            rekeyedFrom,
            withheldAtClinic,
            disclosureRisk);
  }

  /** What the clinic withheld from that file (nothing when its manifest did not say). */
  public SubmissionManifest.Withheld withheldAtClinic(String fileName) {
    return withheldAtClinic.getOrDefault(fileName, SubmissionManifest.Withheld.NONE);
  }

  /** Rows withheld whole at the clinic, over all files. */
  public long withheldRowsAtClinic() {
    return withheldAtClinic.values().stream()
        .mapToLong(SubmissionManifest.Withheld::rowCount)
        .sum();
  }

  /** Values sent as markers by the clinic, over all files. */
  public long withheldValuesAtClinic() {
    return withheldAtClinic.values().stream()
        .mapToLong(SubmissionManifest.Withheld::valueCount)
        .sum();
  }

  /**
   * The data rows the clinic's export held in that file: the rows read here plus those the clinic
   * withheld whole; 0 for a file this submission does not have.
   */
  public long exportRows(String fileName) {
    FileCounts c = files.get(fileName);
    return (c == null ? 0 : c.read()) + withheldAtClinic(fileName).rowCount();
  }

  /** Rows accepted over all files. */
  public long accepted() {
    return files.values().stream().mapToLong(FileCounts::accepted).sum();
  }

  /** Rows quarantined over all files. */
  public long quarantined() {
    return files.values().stream().mapToLong(FileCounts::quarantined).sum();
  }
}
