package org.itbs.core.lake;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The committed state of a lake: its version, every submission ever ingested (the audit), and the
 * current submission of each site. A later submission of a site supersedes the earlier one, which
 * stays in the audit and on disk.
 *
 * @param version increases by one with every commit; 0 for an empty lake
 * @param current per site, the id of its current submission
 * @param submissions every ingested submission, in ingest order
 */
public record LakeState(
    @JsonProperty("version") long version,
    @JsonProperty("current") Map<String, String> current,
    @JsonProperty("submissions") List<SubmissionRecord> submissions) {

  /** Checks the record's invariants. */
  public LakeState {
    current = current == null ? Map.of() : new TreeMap<>(current);
    submissions = submissions == null ? List.of() : List.copyOf(submissions);
  }

  /** The state of a lake nothing was ingested into. */
  public static LakeState empty() {
    return new LakeState(0, Map.of(), List.of());
  }

  /** The submission with that id, if it was ever ingested. */
  public Optional<SubmissionRecord> submission(String id) {
    return submissions.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  /** The current submissions, one per site, in site order. */
  public List<SubmissionRecord> currentSubmissions() {
    List<SubmissionRecord> out = new ArrayList<>();
    current.values().forEach(id -> submission(id).ifPresent(out::add));
    return out;
  }

  /**
   * The key fingerprint the site is bound to: that of its current submission.
   *
   * @return the fingerprint, or empty when the site has no current submission or its record
   *     predates fingerprints
   */
  public Optional<String> keyFingerprint(String site) {
    String id = current.get(site);
    return id == null ? Optional.empty() : submission(id).map(SubmissionRecord::keyFingerprint);
  }

  /** Whether the submission is the current one of its site. */
  public boolean isCurrent(String id) {
    return current.containsValue(id);
  }

  /** The state after {@code record} became current for its site, at the next version. */
  public LakeState with(SubmissionRecord record) {
    Map<String, String> cur = new TreeMap<>(current);
    cur.put(record.site(), record.id());
    List<SubmissionRecord> subs = new ArrayList<>(submissions);
    subs.add(record);
    return new LakeState(version + 1, cur, subs);
  }
}
