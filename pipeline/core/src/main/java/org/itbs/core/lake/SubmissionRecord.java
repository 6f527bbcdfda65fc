package org.itbs.core.lake;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.TreeMap;

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
 */
public record SubmissionRecord(
    @JsonProperty("id") String id,
    @JsonProperty("site") String site,
    @JsonProperty("created") String created,
    @JsonProperty("source") String source,
    @JsonProperty("ingested_at") String ingestedAt,
    @JsonProperty("lake_version") long lakeVersion,
    @JsonProperty("files") Map<String, FileCounts> files,
    @JsonProperty("key_fingerprint") String keyFingerprint,
    @JsonProperty("rekeyed_from") @JsonInclude(JsonInclude.Include.NON_NULL) String rekeyedFrom) {

  /** Checks the record's invariants. */
  public SubmissionRecord {
    files = files == null ? Map.of() : new TreeMap<>(files);
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
    this(id, site, created, source, ingestedAt, lakeVersion, files, null, null);
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
