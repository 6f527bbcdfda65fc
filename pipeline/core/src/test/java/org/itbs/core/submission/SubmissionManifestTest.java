package org.itbs.core.submission;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
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

  static SubmissionManifest withWithheld() {
    SubmissionManifest m = manifest();
    return new SubmissionManifest(
        m.format(),
        m.baseFormat(),
        m.site(),
        m.created(),
        m.toolVersion(),
        m.keyFingerprint(),
        m.files(),
        Map.of(
            "participants.csv",
            new SubmissionManifest.Withheld(
                Map.of("unbalanced_quote", 1L), Map.of("type", 1L, "range", 2L)),
            "injuries.csv",
            new SubmissionManifest.Withheld(Map.of(), Map.of("allowed_values", 3L))));
  }

  @Test
  void withheldCountsRoundTripThroughTheDocumentedLayout() {
    byte[] json = withWithheld().toJson();
    assertThat(new String(json, UTF_8))
        .endsWith(
            "  ],\n"
                + "  \"withheld\" : {\n"
                + "    \"injuries.csv\" : {\n"
                + "      \"values\" : {\n"
                + "        \"allowed_values\" : 3\n"
                + "      }\n"
                + "    },\n"
                + "    \"participants.csv\" : {\n"
                + "      \"rows\" : {\n"
                + "        \"unbalanced_quote\" : 1\n"
                + "      },\n"
                + "      \"values\" : {\n"
                + "        \"range\" : 2,\n"
                + "        \"type\" : 1\n"
                + "      }\n"
                + "    }\n"
                + "  }\n"
                + "}\n");
    SubmissionManifest back = SubmissionManifest.parse(json, "manifest.json");
    assertThat(back).isEqualTo(withWithheld());
    assertThat(back.withheld()).isEqualTo(withWithheld().withheld());
    assertThat(back.toJson()).isEqualTo(json);
    SubmissionManifest.Withheld p = back.withheld("participants.csv");
    assertThat(p.rows()).containsExactly(Map.entry("unbalanced_quote", 1L));
    assertThat(p.values()).containsExactly(Map.entry("range", 2L), Map.entry("type", 1L));
    assertThat(p.rowCount()).isEqualTo(1);
    assertThat(p.valueCount()).isEqualTo(3);
    assertThat(back.withheld("injuries.csv").rows()).isEmpty();
    assertThat(back.withheld("gait_frames.csv")).isEqualTo(SubmissionManifest.Withheld.NONE);
  }

  @Test
  void aManifestWithoutWithheldStaysReadableAndNothingWithheldIsNotWritten() {
    // The documented layout of a manifest written before withheld existed (see the first test).
    String old = new String(manifest().toJson(), UTF_8);
    assertThat(old).doesNotContain("withheld");
    SubmissionManifest back = SubmissionManifest.parse(old.getBytes(UTF_8), "old.json");
    assertThat(back).isEqualTo(manifest());
    assertThat(back.withheld()).isEmpty();
    assertThat(back.withheld("participants.csv").isEmpty()).isTrue();
    assertThat(back.withheld("participants.csv").rowCount()).isZero();
    // Empty counts are the same as none: the manifest stays byte-identical to the old layout.
    SubmissionManifest m = manifest();
    SubmissionManifest empty =
        new SubmissionManifest(
            m.format(),
            m.baseFormat(),
            m.site(),
            m.created(),
            m.toolVersion(),
            m.keyFingerprint(),
            m.files(),
            Map.of("participants.csv", SubmissionManifest.Withheld.NONE));
    assertThat(empty.toJson()).isEqualTo(manifest().toJson());
    assertThat(
            SubmissionManifest.parse(
                old.replace("\n  ]\n}", "\n  ],\n  \"withheld\" : { }\n}").getBytes(UTF_8),
                "m.json"))
        .isEqualTo(manifest());
  }

  @Test
  void refusesWithheldCountsThatAreNotWholeNumbersNamingTheField() {
    String json = new String(withWithheld().toJson(), UTF_8);
    assertThatThrownBy(
            () ->
                SubmissionManifest.parse(
                    json.replace("\"range\" : 2", "\"range\" : -2").getBytes(UTF_8), "m.json"))
        .isInstanceOf(SubmissionManifest.InvalidManifestException.class)
        .hasMessage("m.json: withheld.participants.csv.values.range is not a whole number ≥ 0");
    assertThatThrownBy(
            () ->
                SubmissionManifest.parse(
                    json.replace("\"withheld\" : {", "\"withheld\" : [ ], \"x\" : {")
                        .getBytes(UTF_8),
                    "m.json"))
        .hasMessage("m.json: withheld must be an object");
  }

  static DisclosureRisk risk() {
    return new DisclosureRisk(
        List.of("sex", "age_years", "bmi (whole units)", "running_years", "prior_itbs"),
        400,
        5,
        0,
        0.0,
        0.2,
        new DisclosureRisk.Policy(
            5,
            "5-year bands, midpoint rounded down, top-coded at 90",
            "2-unit bands, midpoint",
            "whole years, rounded down",
            12));
  }

  @Test
  void writesTheDisclosureRiskAfterTheFilesAndReadsItBack() {
    SubmissionManifest m = manifest().withDisclosureRisk(risk());
    byte[] json = m.toJson();
    assertThat(new String(json, UTF_8))
        .contains(
            "  ],\n"
                + "  \"disclosure_risk\" : {\n"
                + "    \"quasi_identifiers\" : [\n"
                + "      \"sex\",\n"
                + "      \"age_years\",\n"
                + "      \"bmi (whole units)\",\n"
                + "      \"running_years\",\n"
                + "      \"prior_itbs\"\n"
                + "    ],\n"
                + "    \"runners\" : 400,\n"
                + "    \"k_min\" : 5,\n"
                + "    \"runners_below_k5\" : 0,\n"
                + "    \"share_below_k5\" : 0.0,\n"
                + "    \"max_risk\" : 0.2,\n"
                + "    \"policy\" : {\n"
                + "      \"k_anonymity\" : 5,\n");
    SubmissionManifest back = SubmissionManifest.parse(json, "manifest.json");
    assertThat(back).isEqualTo(m);
    assertThat(back.disclosureRisk().policy().withheldRunners()).isEqualTo(12);
    assertThat(back.toJson()).isEqualTo(json);
  }

  @Test
  void aPolicyWithoutKAnonymityLeavesTheFieldOutAndReadsBackAsNull() {
    DisclosureRisk r = risk();
    DisclosureRisk none =
        new DisclosureRisk(
            r.quasiIdentifiers(),
            400,
            1,
            97,
            0.2425,
            1.0,
            new DisclosureRisk.Policy(null, "whole years, top-coded at 90", "0.1", "whole", 0));
    byte[] json = manifest().withDisclosureRisk(none).toJson();
    assertThat(new String(json, UTF_8)).doesNotContain("k_anonymity");
    assertThat(SubmissionManifest.parse(json, "m.json").disclosureRisk()).isEqualTo(none);
  }

  @Test
  void aManifestWrittenBeforeTheRiskWasMeasuredStaysReadable() {
    SubmissionManifest back = SubmissionManifest.parse(manifest().toJson(), "manifest.json");
    assertThat(back.disclosureRisk()).isNull();
    assertThat(new String(back.toJson(), UTF_8)).doesNotContain("disclosure_risk");
  }

  @Test
  void refusesADisclosureRiskWithoutItsFiguresNamingTheField() {
    String json =
        new String(manifest().withDisclosureRisk(risk()).toJson(), UTF_8)
            .replace("\"k_min\" : 5", "\"k_min\" : \"five\"");
    assertThatThrownBy(() -> SubmissionManifest.parse(json.getBytes(UTF_8), "m.json"))
        .isInstanceOf(SubmissionManifest.InvalidManifestException.class)
        .hasMessageContaining("k_min is missing or not a whole number");
  }
}
