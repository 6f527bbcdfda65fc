package org.itbs.core.lake;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.TreeMap;
import org.itbs.core.submission.DisclosureRisk;

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
    @JsonProperty("disclosure_risk") DisclosureRisk disclosureRisk) {

  /** Checks the record's invariants. */
  @JsonCreator
  public SubmissionRecord {
    files = files == null ? Map.of() : new TreeMap<>(files);
  }

  /** A record without a disclosure risk (its manifest states none). */
  public SubmissionRecord(
      String id,
      String site,
      String created,
      String source,
      String ingestedAt,
      long lakeVersion,
      Map<String, FileCounts> files) {
    this(id, site, created, source, ingestedAt, lakeVersion, files, null);
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
