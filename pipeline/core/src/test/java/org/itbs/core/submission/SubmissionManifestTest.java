package org.itbs.core.submission;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubmissionManifestTest {
  static final String SHA = "ab".repeat(32);

  static SubmissionManifest manifest() {
    return new SubmissionManifest(
        "cef-1-submission",
        "cef-1",
        "CLINA",
        Instant.parse("2025-01-01T00:00:00.900Z"),
        "0.1.0",
        "0123456789abcdef",
        List.of(
            new SubmissionManifest.FileEntry("participants.csv", "participants", 3, 120, SHA),
            new SubmissionManifest.FileEntry("injuries.csv", "injuries", 0, 58, SHA)));
  }

  @Test
  void writesTheDocumentedLayoutAndReadsItBack() {
    byte[] json = manifest().toJson();
    assertThat(new String(json, UTF_8))
        .isEqualTo(
            "{\n"
                + "  \"format\" : \"cef-1-submission\",\n"
                + "  \"base_format\" : \"cef-1\",\n"
                + "  \"site\" : \"CLINA\",\n"
                + "  \"created\" : \"2025-01-01T00:00:00Z\",\n"
                + "  \"tool_version\" : \"0.1.0\",\n"
                + "  \"key_fingerprint\" : \"0123456789abcdef\",\n"
                + "  \"files\" : [\n"
                + "    {\n"
                + "      \"file\" : \"participants.csv\",\n"
                + "      \"table\" : \"participants\",\n"
                + "      \"rows\" : 3,\n"
                + "      \"bytes\" : 120,\n"
                + "      \"sha256\" : \""
                + SHA
                + "\"\n"
                + "    },\n"
                + "    {\n"
                + "      \"file\" : \"injuries.csv\",\n"
                + "      \"table\" : \"injuries\",\n"
                + "      \"rows\" : 0,\n"
                + "      \"bytes\" : 58,\n"
                + "      \"sha256\" : \""
                + SHA
                + "\"\n"
                + "    }\n"
                + "  ]\n"
                + "}\n");
    SubmissionManifest back = SubmissionManifest.parse(json, "manifest.json");
    assertThat(back).isEqualTo(manifest());
    assertThat(back.toJson()).isEqualTo(json);
    assertThat(back.file("INJURIES.CSV").rows()).isZero();
    assertThat(back.file("gait_frames.csv")).isNull();
  }

  @Test
  void refusesWhatIsNotAManifestNamingTheField() {
    String json = new String(manifest().toJson(), UTF_8);
    assertThatThrownBy(
            () ->
                SubmissionManifest.parse(
                    json.replace("  \"key_fingerprint\" : \"0123456789abcdef\",\n", "")
                        .getBytes(UTF_8),
                    "m.json"))
        .isInstanceOf(SubmissionManifest.InvalidManifestException.class)
        .hasMessage("m.json: key_fingerprint is missing or not a string")
        .extracting(e -> ((SubmissionManifest.InvalidManifestException) e).problem())
        .isEqualTo("key_fingerprint is missing or not a string");
    assertThatThrownBy(
            () ->
                SubmissionManifest.parse(
                    json.replace("\"rows\" : 3", "\"rows\" : 3.5").getBytes(UTF_8), "m.json"))
        .hasMessage("m.json: rows is missing or not a whole number");
    assertThatThrownBy(
            () ->
                SubmissionManifest.parse(
                    json.replace("\"rows\" : 3", "\"rows\" : -3").getBytes(UTF_8), "m.json"))
        .isInstanceOf(SubmissionManifest.InvalidManifestException.class)
        .hasMessageContaining("participants.csv: rows and bytes cannot be negative");
    assertThatThrownBy(
            () ->
                SubmissionManifest.parse(
                    json.replace("2025-01-01T00:00:00Z", "yesterday").getBytes(UTF_8), "m.json"))
        .hasMessage(
            "m.json: created 'yesterday' is not an ISO-8601 UTC instant such as"
                + " 2025-03-14T09:00:00Z");
    assertThatThrownBy(() -> SubmissionManifest.parse("[]".getBytes(UTF_8), "m.json"))
        .hasMessage("m.json is not a JSON object");
    assertThatThrownBy(() -> SubmissionManifest.parse("{".getBytes(UTF_8), "m.json"))
        .hasMessageStartingWith("m.json is not valid JSON: ");
    assertThatThrownBy(() -> SubmissionManifest.parse("{\"files\": {}}".getBytes(UTF_8), "m.json"))
        .hasMessage("m.json: files must be a list");
  }

  @Test
  void refusesAToolVersionOrKeyFingerprintThatDoesNotMatchItsPatternNamingFieldAndValue() {
    String json = new String(manifest().toJson(), UTF_8);
    assertThatThrownBy(
            () ->
                SubmissionManifest.parse(
                    json.replace("\"0.1.0\"", "\"0.1 <b>beta</b>\"").getBytes(UTF_8), "m.json"))
        .isInstanceOf(SubmissionManifest.InvalidManifestException.class)
        .hasMessage(
            "m.json: tool_version '0.1 <b>beta</b>' does not match "
                + SubmissionManifest.TOOL_VERSION.pattern());
    for (String bad : new String[] {"0123456789ABCDEF", "0123456789abcde", "passwordpassword"}) {
      assertThatThrownBy(
              () ->
                  SubmissionManifest.parse(
                      json.replace("0123456789abcdef", bad).getBytes(UTF_8), "m.json"))
          .isInstanceOf(SubmissionManifest.InvalidManifestException.class)
          .hasMessage("m.json: key_fingerprint '" + bad + "' does not match [0-9a-f]{16}");
    }
    assertThatThrownBy(
            () ->
                new SubmissionManifest(
                    "cef-1-submission",
                    "cef-1",
                    "CLINA",
                    Instant.EPOCH,
                    "",
                    "0123456789abcdef",
                    List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("tool_version '' does not match");
  }
}
