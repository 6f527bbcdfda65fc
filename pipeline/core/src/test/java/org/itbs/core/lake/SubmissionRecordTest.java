package org.itbs.core.lake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.itbs.core.submission.SubmissionManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit record keeps what the clinic withheld, so that read + withheld = the export's rows. */
class SubmissionRecordTest {
  @TempDir Path dir;

  private static final ObjectMapper JSON = new ObjectMapper();

  private static SubmissionRecord record(Map<String, SubmissionManifest.Withheld> withheld) {
    return new SubmissionRecord(
        "0123456789abcdef",
        "CLINA",
        "2025-01-01T00:00:00Z",
        "/in/CLINA",
        "2025-01-02T00:00:00Z",
        1,
        Map.of(
            "participants.csv",
            new FileCounts("participants", 10, 7, 3, Map.of("range", 2L, "type", 1L)),
            "injuries.csv",
            new FileCounts("injuries", 2, 2, 0, Map.of())),
        "fedcba9876543210",
        null,
        withheld);
  }

  @Test
  void withheldAtClinicRoundTripsThroughTheAuditJsonAndAddsUpToTheExportRows() throws Exception {
    SubmissionManifest.Withheld w =
        new SubmissionManifest.Withheld(
            Map.of("unbalanced_quote", 1L, "field_count", 2L), Map.of("range", 2L, "type", 1L));
    SubmissionRecord r = record(Map.of("participants.csv", w));
    String json = JSON.writeValueAsString(r);
    assertThat(json)
        .contains(
            "\"withheld_at_clinic\":{\"participants.csv\":{\"rows\":{\"field_count\":2,"
                + "\"unbalanced_quote\":1},\"values\":{\"range\":2,\"type\":1}}}")
        .doesNotContain("\"empty\"");
    SubmissionRecord back = JSON.readValue(json, SubmissionRecord.class);
    assertThat(back).isEqualTo(r);
    assertThat(back.withheldAtClinic("participants.csv")).isEqualTo(w);
    assertThat(back.withheldRowsAtClinic()).isEqualTo(3);
    assertThat(back.withheldValuesAtClinic()).isEqualTo(3);
    assertThat(back.exportRows("participants.csv")).isEqualTo(10 + 3);
    assertThat(back.exportRows("injuries.csv")).isEqualTo(2);
    assertThat(back.withheldAtClinic("injuries.csv")).isEqualTo(SubmissionManifest.Withheld.NONE);

    // Through a lake state, as the catalog's audit records are read back.
    LakeState next = LakeState.empty().with(r);
    assertThat(next.submission(r.id()).orElseThrow()).isEqualTo(r);
  }

  @Test
  void aRecordWithoutWithheldLeavesTheFieldOutAndAnOldRecordStaysReadable() throws Exception {
    SubmissionRecord r = record(Map.of());
    String json = JSON.writeValueAsString(r);
    assertThat(json).doesNotContain("withheld");
    SubmissionRecord back = JSON.readValue(json, SubmissionRecord.class);
    assertThat(back).isEqualTo(r);
    assertThat(back.withheldAtClinic()).isEmpty();
    assertThat(back.exportRows("participants.csv")).isEqualTo(10);
  }
}
