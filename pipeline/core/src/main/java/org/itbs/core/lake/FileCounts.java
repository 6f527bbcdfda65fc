package org.itbs.core.lake;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.TreeMap;

/**
 * What became of one file's rows: read = accepted + quarantined.
 *
 * @param table the table the file holds
 * @param read data records in the file
 * @param accepted rows stored in curated
 * @param quarantined rows stored in quarantine
 * @param quarantinedByRule refused rows per rule id (a row breaking several rules counts once under
 *     each)
 */
public record FileCounts(
    @JsonProperty("table") String table,
    @JsonProperty("read") long read,
    @JsonProperty("accepted") long accepted,
    @JsonProperty("quarantined") long quarantined,
    @JsonProperty("quarantined_by_rule") Map<String, Long> quarantinedByRule) {

  /** Checks the record's invariants. */
  public FileCounts {
    quarantinedByRule = quarantinedByRule == null ? Map.of() : new TreeMap<>(quarantinedByRule);
  }

  /** Whether every row read ended in curated or quarantine. */
  public boolean conserved() {
    return read == accepted + quarantined;
  }
}
