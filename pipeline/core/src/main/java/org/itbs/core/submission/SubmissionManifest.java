package org.itbs.core.submission;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The {@code manifest.json} of a submission: what it is, who made it, and a checksum of every file,
 * never the clinic key. The one owner of the format: the clinic side writes it ({@link #toJson()},
 * org.itbs.contribute.Contributor) and the central side reads it ({@link #parse}, {@link
 * SubmissionInspector}); nothing else reads or writes manifest.json. Written as UTF-8 JSON with
 * two-space indents and {@code \n} line ends, keys in this order:
 *
 * <pre>{@code
 * {
 *   "format" : "cef-1-submission",
 *   "base_format" : "cef-1",
 *   "site" : "CLINA",
 *   "created" : "2026-11-26T08:58:00Z",
 *   "tool_version" : "0.1.0",
 *   "key_fingerprint" : "0123456789abcdef",
 *   "files" : [
 *     {
 *       "file" : "participants.csv",
 *       "table" : "participants",
 *       "rows" : 400,
 *       "bytes" : 26176,
 *       "sha256" : "…64 lowercase hex digits…"
 *     },
 *     …
 *   ],
 *   "withheld" : {
 *     "participants.csv" : {
 *       "rows" : { "field_count" : 1 },
 *       "values" : { "range" : 2, "type" : 1 }
 *     }
 *   },
 *   "disclosure_risk" : {
 *     "quasi_identifiers" : [ "sex", "age_years", "bmi (whole units)", "running_years", "prior_itbs" ]
 *     (one name a line),
 *     "runners" : 400,
 *     "k_min" : 1,
 *     "runners_below_k5" : 97,
 *     "share_below_k5" : 0.2425,
 *     "max_risk" : 1.0,
 *     "policy" : {
 *       "k_anonymity" : 5,
 *       "age_years" : "…",
 *       "bmi" : "…",
 *       "running_years" : "…",
 *       "withheld_runners" : 12
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>{@code withheld} counts, per file, what the clinic tool kept back: data rows withheld whole
 * per reason (a line that does not parse as one record) and values replaced by a {@code [withheld:
 * <rule>]} marker per rule. It is written only when something was withheld, so an export that is
 * entirely valid gives the manifest it gave before the field existed; a file without anything
 * withheld has no entry. For every file, the rows of the export = {@code rows} + the sum of its
 * withheld row counts.
 *
 * <p>{@code disclosure_risk} is optional: manifests written before the clinic measured the risk
 * have none ({@link #disclosureRisk()} is then null), and stay readable. {@code k_anonymity} is
 * left out when the clinic asked for none.
 *
 * @param format the submission format, {@code cef-1-submission}
 * @param baseFormat the clinic export format it derives from, {@code cef-1}
 * @param site the contributing site, {@code [A-Z0-9]{3,12}}
 * @param created when the submission was made, whole seconds, UTC
 * @param toolVersion the version of the tool that made it, matching {@link #TOOL_VERSION}
 * @param keyFingerprint the fingerprint of the clinic key used (org.itbs.contribute.ClinicKey),
 *     matching {@link #KEY_FINGERPRINT}
 * @param files the data files, in dictionary table order
 * @param withheld per file name, what the clinic withheld; empty when nothing was
 * @param disclosureRisk the re-identification risk the clinic measured, or null in a manifest
 *     written before it was measured
 */
public record SubmissionManifest(
    String format,
    String baseFormat,
    String site,
    Instant created,
    String toolVersion,
    String keyFingerprint,
    List<FileEntry> files,
    Map<String, Withheld> withheld,
    DisclosureRisk disclosureRisk) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What {@code tool_version} must match: a version token of 1 to 40 letters, digits, {@code .},
   * {@code +}, {@code _} or {@code -}, starting with a letter or digit ({@code 0.1.0-SNAPSHOT}).
   */
  public static final Pattern TOOL_VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+_-]{0,39}");

  /**
   * What {@code key_fingerprint} must match: 16 lowercase hex digits (org.itbs.contribute.ClinicKey
   * says how they derive from the key).
   */
  public static final Pattern KEY_FINGERPRINT = Pattern.compile("[0-9a-f]{16}");

  /**
   * One data file of a submission.
   *
   * @param file the file name, e.g. {@code gait_frames.csv}
   * @param table the dictionary table it holds
   * @param rows data rows (the header not counted); the export's file held these and the rows
   *     counted under {@code withheld}
   * @param bytes the file's length in bytes
   * @param sha256 lowercase hex SHA-256 of the file's bytes
   */
  public record FileEntry(String file, String table, long rows, long bytes, String sha256) {
    /** Checks the record's invariants. */
    public FileEntry {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(sha256, "sha256");
      if (rows < 0 || bytes < 0) {
        throw new IllegalArgumentException(file + ": rows and bytes cannot be negative");
      }
    }
  }

  /**
   * What the clinic withheld from one file.
   *
   * @param rows rows withheld whole, per reason id (e.g. {@code field_count})
   * @param values values replaced by a marker, per rule id (e.g. {@code range})
   */
  public record Withheld(
      @JsonProperty("rows") Map<String, Long> rows,
      @JsonProperty("values") Map<String, Long> values)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Nothing withheld. */
    public static final Withheld NONE = new Withheld(Map.of(), Map.of());

    /** Checks the record's invariants; both maps are kept sorted by key, null reads as empty. */
    public Withheld {
      rows =
          Collections.unmodifiableSortedMap(rows == null ? new TreeMap<>() : new TreeMap<>(rows));
      values =
          Collections.unmodifiableSortedMap(
              values == null ? new TreeMap<>() : new TreeMap<>(values));
      for (Map<String, Long> m : List.of(rows, values)) {
        m.forEach(
            (k, v) -> {
              if (v == null || v < 0) {
                throw new IllegalArgumentException("withheld count of " + k + " is negative");
              }
            });
      }
    }

    /** Rows withheld whole, over all reasons. */
    public long rowCount() {
      return rows.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Values replaced by a marker, over all rules. */
    public long valueCount() {
      return values.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Whether nothing was withheld. */
    @JsonIgnore
    public boolean isEmpty() {
      return rows.isEmpty() && values.isEmpty();
    }
  }

  /** A manifest without a measured disclosure risk (written before the clinic measured it). */
  public SubmissionManifest(
      String format,
      String baseFormat,
      String site,
      Instant created,
      String toolVersion,
      String keyFingerprint,
      List<FileEntry> files,
      Map<String, Withheld> withheld) {
    this(format, baseFormat, site, created, toolVersion, keyFingerprint, files, withheld, null);
  }

  /** A manifest with nothing withheld. */
  public SubmissionManifest(
      String format,
      String baseFormat,
      String site,
      Instant created,
      String toolVersion,
      String keyFingerprint,
      List<FileEntry> files) {
    this(format, baseFormat, site, created, toolVersion, keyFingerprint, files, Map.of(), null);
  }

  /**
   * Checks the record's invariants; {@code created} is truncated to whole seconds.
   *
   * @throws IllegalArgumentException when the tool version or key fingerprint does not match its
   *     pattern ({@link #TOOL_VERSION}, {@link #KEY_FINGERPRINT}), naming the field and the value
   */
  public SubmissionManifest {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(baseFormat, "baseFormat");
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(toolVersion, "toolVersion");
    Objects.requireNonNull(keyFingerprint, "keyFingerprint");
    Objects.requireNonNull(created, "created");
    checkPattern("tool_version", toolVersion, TOOL_VERSION);
    checkPattern("key_fingerprint", keyFingerprint, KEY_FINGERPRINT);
    created = created.truncatedTo(ChronoUnit.SECONDS);
    files = List.copyOf(files);
    java.util.SortedMap<String, Withheld> w = new TreeMap<>();
    if (withheld != null) {
      withheld.forEach(
          (k, v) -> {
            if (!v.isEmpty()) {
              w.put(k, v);
            }
          });
    }
    withheld = Collections.unmodifiableSortedMap(w);
  }

  /** What the clinic withheld from that file (nothing when the manifest does not say). */
  public Withheld withheld(String fileName) {
    return withheld.getOrDefault(fileName, Withheld.NONE);
  }

  private static void checkPattern(String field, String value, Pattern pattern) {
    if (!pattern.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field
              + " '"
              + (value.length() > 60 ? value.substring(0, 60) + "…" : value)
              + "' does not match "
              + pattern.pattern());
    }
  }

  /** This manifest with that disclosure risk. */
  public SubmissionManifest withDisclosureRisk(DisclosureRisk risk) {
    return new SubmissionManifest(
        format, baseFormat, site, created, toolVersion, keyFingerprint, files, withheld, risk);
  }

  /** The entry of that file name (case-insensitive), or {@code null}. */
  public FileEntry file(String fileName) {
    return files.stream().filter(f -> f.file().equalsIgnoreCase(fileName)).findFirst().orElse(null);
  }

  /**
   * The manifest as UTF-8 JSON bytes, ending in {@code \n}; the same manifest gives the same bytes.
   */
  public byte[] toJson() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter pretty =
        new DefaultPrettyPrinter().withObjectIndenter(indenter).withArrayIndenter(indenter);
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      g.setPrettyPrinter(pretty);
      g.writeStartObject();
      g.writeStringField("format", format);
      g.writeStringField("base_format", baseFormat);
      g.writeStringField("site", site);
      g.writeStringField("created", created.toString());
      g.writeStringField("tool_version", toolVersion);
      g.writeStringField("key_fingerprint", keyFingerprint);
      g.writeArrayFieldStart("files");
      for (FileEntry f : files) {
        g.writeStartObject();
        g.writeStringField("file", f.file());
        g.writeStringField("table", f.table());
        g.writeNumberField("rows", f.rows());
        g.writeNumberField("bytes", f.bytes());
        g.writeStringField("sha256", f.sha256());
        g.writeEndObject();
      }
      g.writeEndArray();
      if (!withheld.isEmpty()) {
        g.writeObjectFieldStart("withheld");
        for (Map.Entry<String, Withheld> e : withheld.entrySet()) {
          g.writeObjectFieldStart(e.getKey());
          writeCounts(g, "rows", e.getValue().rows());
          writeCounts(g, "values", e.getValue().values());
          g.writeEndObject();
        }
        g.writeEndObject();
      }
      if (disclosureRisk != null) {
        writeRisk(g, disclosureRisk);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.write('\n');
    return out.toByteArray();
  }

  private static void writeCounts(JsonGenerator g, String name, Map<String, Long> counts)
      throws IOException {
    if (counts.isEmpty()) {
      return;
    }
    g.writeObjectFieldStart(name);
    for (Map.Entry<String, Long> c : counts.entrySet()) {
      g.writeNumberField(c.getKey(), c.getValue());
    }
    g.writeEndObject();
  }

  private static void writeRisk(JsonGenerator g, DisclosureRisk r) throws IOException {
    g.writeObjectFieldStart("disclosure_risk");
    g.writeArrayFieldStart("quasi_identifiers");
    for (String q : r.quasiIdentifiers()) {
      g.writeString(q);
    }
    g.writeEndArray();
    g.writeNumberField("runners", r.runners());
    g.writeNumberField("k_min", r.kMin());
    g.writeNumberField("runners_below_k5", r.runnersBelowK5());
    g.writeNumberField("share_below_k5", r.shareBelowK5());
    g.writeNumberField("max_risk", r.maxRisk());
    DisclosureRisk.Policy p = r.policy();
    g.writeObjectFieldStart("policy");
    if (p.kAnonymity() != null) {
      g.writeNumberField("k_anonymity", p.kAnonymity());
    }
    g.writeStringField("age_years", p.ageYears());
    g.writeStringField("bmi", p.bmi());
    g.writeStringField("running_years", p.runningYears());
    g.writeNumberField("withheld_runners", p.withheldRunners());
    g.writeEndObject();
    g.writeEndObject();
  }

  private static DisclosureRisk parseRisk(JsonNode n, String name) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isObject()) {
      throw new InvalidManifestException(name, "disclosure_risk must be an object", null);
    }
    JsonNode q = n.path("quasi_identifiers");
    if (!q.isArray()) {
      throw new InvalidManifestException(
          name, "disclosure_risk.quasi_identifiers must be a list", null);
    }
    List<String> qi = new ArrayList<>();
    for (JsonNode x : q) {
      if (!x.isTextual()) {
        throw new InvalidManifestException(
            name, "disclosure_risk.quasi_identifiers must be a list of strings", null);
      }
      qi.add(x.asText());
    }
    JsonNode p = n.path("policy");
    if (!p.isObject()) {
      throw new InvalidManifestException(name, "disclosure_risk.policy must be an object", null);
    }
    JsonNode k = p.get("k_anonymity");
    if (k != null && !k.isIntegralNumber()) {
      throw new InvalidManifestException(
          name, "disclosure_risk.policy.k_anonymity is not a whole number", null);
    }
    try {
      return new DisclosureRisk(
          qi,
          number(n, "runners", name),
          number(n, "k_min", name),
          number(n, "runners_below_k5", name),
          decimal(n, "share_below_k5", name),
          decimal(n, "max_risk", name),
          new DisclosureRisk.Policy(
              k == null ? null : k.asInt(),
              text(p, "age_years", name),
              text(p, "bmi", name),
              text(p, "running_years", name),
              number(p, "withheld_runners", name)));
    } catch (InvalidManifestException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new InvalidManifestException(name, "disclosure_risk: " + e.getMessage(), e);
    }
  }

  private static double decimal(JsonNode n, String field, String name) {
    JsonNode v = n.get(field);
    if (v == null || !v.isNumber()) {
      throw new InvalidManifestException(name, field + " is missing or not a number", null);
    }
    return v.asDouble();
  }

  /**
   * Reads a manifest written by {@link #toJson()}.
   *
   * @throws InvalidManifestException when the file is not such a manifest (naming the field)
   * @throws UncheckedIOException when it cannot be read
   */
  public static SubmissionManifest read(Path file) {
    try {
      return parse(Files.readAllBytes(file), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Bytes that are not a manifest. The message names the manifest and what is wrong with it; {@link
   * #problem()} is what is wrong alone.
   */
  public static final class InvalidManifestException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String problem;

    InvalidManifestException(String name, String problem, Throwable cause) {
      super(name + (problem.startsWith("is ") ? " " : ": ") + problem, cause);
      this.problem = problem;
    }

    /** What is wrong, without the manifest's name, e.g. {@code site is missing or not a string}. */
    public String problem() {
      return problem;
    }
  }

  /**
   * Parses manifest JSON.
   *
   * @param name the manifest's name, for messages
   * @throws InvalidManifestException when the bytes are not such a manifest (naming the field)
   */
  public static SubmissionManifest parse(byte[] json, String name) {
    JsonNode n;
    try {
      n = JSON.readTree(json);
    } catch (IOException e) {
      throw new InvalidManifestException(name, "is not valid JSON: " + e.getMessage(), e);
    }
    if (n == null || !n.isObject()) {
      throw new InvalidManifestException(name, "is not a JSON object", null);
    }
    List<FileEntry> files = new ArrayList<>();
    JsonNode fs = n.path("files");
    if (!fs.isArray()) {
      throw new InvalidManifestException(name, "files must be a list", null);
    }
    for (JsonNode f : fs) {
      try {
        files.add(
            new FileEntry(
                text(f, "file", name),
                text(f, "table", name),
                number(f, "rows", name),
                number(f, "bytes", name),
                text(f, "sha256", name)));
      } catch (InvalidManifestException e) {
        throw e;
      } catch (IllegalArgumentException e) {
        throw new InvalidManifestException(name, e.getMessage(), e);
      }
    }
    Instant created;
    String createdText = text(n, "created", name);
    try {
      created = Instant.parse(createdText);
    } catch (DateTimeParseException e) {
      throw new InvalidManifestException(
          name,
          "created '"
              + (createdText.length() > 60 ? createdText.substring(0, 60) + "…" : createdText)
              + "' is not an ISO-8601 UTC instant such as 2025-03-14T09:00:00Z",
          e);
    }
    String format = text(n, "format", name);
    String baseFormat = text(n, "base_format", name);
    String site = text(n, "site", name);
    String toolVersion = text(n, "tool_version", name);
    String keyFingerprint = text(n, "key_fingerprint", name);
    try {
      return new SubmissionManifest(
          format,
          baseFormat,
          site,
          created,
          toolVersion,
          keyFingerprint,
          files,
          withheld(n.get("withheld"), name),
          parseRisk(n.get("disclosure_risk"), name));
    } catch (InvalidManifestException e) {
      throw e; // names the manifest already
    } catch (IllegalArgumentException e) {
      throw new InvalidManifestException(name, e.getMessage(), e);
    }
  }

  private static Map<String, Withheld> withheld(JsonNode w, String name) {
    Map<String, Withheld> out = new TreeMap<>();
    if (w == null || w.isNull()) {
      return out;
    }
    if (!w.isObject()) {
      throw new InvalidManifestException(name, "withheld must be an object", null);
    }
    var files = w.fields();
    while (files.hasNext()) {
      var f = files.next();
      if (!f.getValue().isObject()) {
        throw new InvalidManifestException(
            name, "withheld." + f.getKey() + " must be an object", null);
      }
      String where = "withheld." + f.getKey();
      out.put(
          f.getKey(),
          new Withheld(
              counts(f.getValue().get("rows"), where + ".rows", name),
              counts(f.getValue().get("values"), where + ".values", name)));
    }
    return out;
  }

  private static Map<String, Long> counts(JsonNode n, String field, String name) {
    Map<String, Long> out = new TreeMap<>();
    if (n == null) {
      return out;
    }
    if (!n.isObject()) {
      throw new InvalidManifestException(name, field + " must be an object", null);
    }
    var it = n.fields();
    while (it.hasNext()) {
      var e = it.next();
      if (!e.getValue().isIntegralNumber()
          || !e.getValue().canConvertToLong()
          || e.getValue().asLong() < 0) {
        throw new InvalidManifestException(
            name, field + "." + e.getKey() + " is not a whole number ≥ 0", null);
      }
      out.put(e.getKey(), e.getValue().asLong());
    }
    return out;
  }

  private static String text(JsonNode n, String field, String name) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new InvalidManifestException(name, field + " is missing or not a string", null);
    }
    return v.asText();
  }

  private static long number(JsonNode n, String field, String name) {
    JsonNode v = n.get(field);
    if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) {
      throw new InvalidManifestException(name, field + " is missing or not a whole number", null);
    }
    return v.asLong();
  }
}
