package org.itbs.contribute;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import org.itbs.core.dictionary.ColumnSpec;
import org.itbs.core.dictionary.Dictionary;
import org.itbs.core.submission.SubmissionInspector;

/**
 * Derives a runner's pseudonym and date shift from a clinic key and the site, as the submission
 * dictionary ({@code data-schemas/cef-1-submission/derivation.json}) describes: with {@code h =
 * HMAC-SHA256(key, site ‖ 0x00 ‖ participant_id)} (site and id as UTF-8), the pseudonym is the
 * lowercase hex of the first {@code n} bytes of {@code h} ({@code n} = half the pseudonym length,
 * 10 bytes for 20 hex digits), and the shift in weeks is {@code floorMod(int(h[n..n+3]), max - min
 * + 1) + min} (the next 4 bytes of the same HMAC as a big-endian signed int; {@code min..max} =
 * −52..52 weeks). The site binds the pseudonyms to it: the same key at two sites gives unrelated
 * pseudonyms (the 0x00 separator, which no site code contains, keeps {@code ("AB1", "2x")} and
 * {@code ("AB12", "x")} apart). The id is hashed exactly as written: no trimming, no case folding.
 *
 * <p>Not thread-safe (it holds one {@link Mac}): use one per thread.
 */
public final class Pseudonymiser {
  private static final HexFormat HEX = HexFormat.of();

  private final Mac mac;
  private final int idBytes;
  private final int minWeeks;
  private final int span;

  private final byte[] prefix;

  private Pseudonymiser(Mac mac, String site, int idBytes, int minWeeks, int maxWeeks) {
    this.mac = mac;
    byte[] s = site.getBytes(StandardCharsets.UTF_8);
    this.prefix = Arrays.copyOf(s, s.length + 1);
    this.idBytes = idBytes;
    this.minWeeks = minWeeks;
    this.span = maxWeeks - minWeeks + 1;
  }

  /**
   * A pseudonymiser of a site for the packaged submission dictionary.
   *
   * @param site the site code, as the submission's manifest states it
   * @throws IllegalArgumentException when the site is not a site code ({@code [A-Z0-9]{3,12}})
   */
  public static Pseudonymiser of(ClinicKey key, String site) {
    return of(key, site, Dictionary.submission());
  }

  /**
   * A pseudonymiser of a site for a submission dictionary.
   *
   * @param site the site code, as the submission's manifest states it
   * @throws IllegalArgumentException when the site is not a site code ({@code [A-Z0-9]{3,12}}), the
   *     dictionary is not a submission dictionary, or its pseudonym length or shift range cannot be
   *     derived from a 32-byte HMAC
   */
  public static Pseudonymiser of(ClinicKey key, String site, Dictionary submission) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(site, "site");
    if (!SubmissionInspector.SITE.matcher(site).matches()) {
      throw new IllegalArgumentException(
          "site '" + site + "' must match " + SubmissionInspector.SITE.pattern());
    }
    Dictionary.Derivation d =
        submission
            .derivation()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        submission.format() + " is not a submission dictionary (no derivation)"));
    ColumnSpec id =
        submission
            .table("participants")
            .column(d.pseudonymColumn())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "participants has no pseudonym column " + d.pseudonymColumn()));
    Integer hexLength = id.maxLength();
    if (hexLength == null || hexLength % 2 != 0 || hexLength / 2 + 4 > 32) {
      throw new IllegalArgumentException(
          "pseudonym length must be an even number of hex digits up to 56: " + hexLength);
    }
    if (d.maxShiftWeeks() < d.minShiftWeeks()) {
      throw new IllegalArgumentException(
          "date shift range is empty: " + d.minShiftWeeks() + ".." + d.maxShiftWeeks());
    }
    return new Pseudonymiser(
        key.newMac(), site, hexLength / 2, d.minShiftWeeks(), d.maxShiftWeeks());
  }

  /**
   * The pseudonym and date shift of one clinic participant id.
   *
   * @param participantId the id as the clinic wrote it
   */
  public Pseudonym pseudonymise(String participantId) {
    mac.update(prefix);
    byte[] h = mac.doFinal(participantId.getBytes(StandardCharsets.UTF_8));
    int x =
        ((h[idBytes] & 0xff) << 24)
            | ((h[idBytes + 1] & 0xff) << 16)
            | ((h[idBytes + 2] & 0xff) << 8)
            | (h[idBytes + 3] & 0xff);
    return new Pseudonym(HEX.formatHex(h, 0, idBytes), Math.floorMod(x, span) + minWeeks);
  }
}
