package org.itbs.core.lake;

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
 */
public record SubmissionRecord(
    @JsonProperty("id") String id,
    @JsonProperty("site") String site,
    @JsonProperty("created") String created,
    @JsonProperty("source") String source,
    @JsonProperty("ingested_at") String ingestedAt,
    @JsonProperty("lake_version") long lakeVersion,
    @JsonProperty("files") Map<String, FileCounts> files) {

  /** Checks the record's invariants. */
  public SubmissionRecord {
    files = files == null ? Map.of() : new TreeMap<>(files);
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
