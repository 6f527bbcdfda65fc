package org.itbs.contribute;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A clinic's secret key: the HMAC-SHA256 key from which the pseudonym and the date shift of every
 * runner derive. Only the clinic holds it, so only the clinic can re-identify its runners; the same
 * key must be used for every submission of a site, or the same runner gets another pseudonym.
 *
 * <p>A key file is one line of ASCII text in the versioned format {@code itbs-key-v1:<64 hex
 * digits>:<8 hex digits>} followed by a line end: the 32 key bytes in hex, then the CRC-32 of those
 * 32 bytes (big endian) as a check against a damaged or mistyped file. {@link #generate(Path)}
 * writes it, lowercase, from {@link SecureRandom}; {@link #read(Path)} accepts nothing else: a raw
 * byte key of the old format, a hand-made password or a file whose checksum does not match is
 * refused, so every key in use carries 256 random bits and a guess cannot be confirmed by any means
 * cheaper than trying 2<sup>256</sup> keys (see {@link #fingerprint()}). The key bytes never appear
 * in {@link #toString()} or in a submission; a submission names the key only by its {@link
 * #fingerprint()}.
 */
public final class ClinicKey {
  /** The fewest bytes a key may have. */
  public static final int MIN_BYTES = 32;

  /** The number of random bytes {@link #generate(Path)} writes, and a key file holds. */
  public static final int GENERATED_BYTES = 32;

  /** The largest key file {@link #read(Path)} accepts, in bytes. */
  public static final int MAX_FILE_BYTES = 4096;

  /** What every key file of the current format starts with. */
  public static final String FILE_PREFIX = "itbs-key-v1:";

  /**
   * A key file of the current format, line end excluded: prefix, 64 hex digits of key, 8 hex digits
   * of CRC-32.
   */
  static final Pattern FILE_FORMAT =
      Pattern.compile(Pattern.quote(FILE_PREFIX) + "([0-9a-fA-F]{64}):([0-9a-fA-F]{8})");

  /**
   * The fewest distinct byte values a key read from a file must have. 32 random bytes have about 30
   * distinct values, and fewer than 16 with a probability below 10<sup>-14</sup>; a hand-made key
   * ({@code 000…}, a repeated word) has far fewer.
   */
  static final int MIN_DISTINCT_BYTES = 16;

  private static final byte[] FINGERPRINT_LABEL =
      "itbs-key-fingerprint-v1".getBytes(StandardCharsets.US_ASCII);

  private static final HexFormat HEX = HexFormat.of();

  private final byte[] bytes;

  private ClinicKey(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * A key of the given bytes (copied), for programs and tests that hold the bytes already; a key
   * file is read with {@link #read(Path)}.
   *
   * @throws IllegalArgumentException when there are fewer than {@value #MIN_BYTES} bytes
   */
  public static ClinicKey of(byte[] bytes) {
    if (bytes.length < MIN_BYTES) {
      throw new IllegalArgumentException(
          "key is "
              + bytes.length
              + " bytes; a key needs at least "
              + MIN_BYTES
              + " bytes (make one with itbs keygen)");
    }
    return new ClinicKey(bytes.clone());
  }

  /**
   * Reads a key file of the format {@code itbs-key-v1:<64 hex>:<8 hex CRC-32>} (see the class
   * comment); one line end ({@code \n} or {@code \r\n}) after it is allowed.
   *
   * @throws IllegalArgumentException when the file does not exist, is not a regular file, is not in
   *     that format (a raw key of the old format, a password, another version), its checksum does
   *     not match its key digits, or its key does not look random; the message is one line and says
   *     to make a key with {@code itbs keygen}
   * @throws UncheckedIOException when the file cannot be read
   */
  public static ClinicKey read(Path file) {
    if (!Files.exists(file)) {
      throw new IllegalArgumentException(
          "key file " + file + " does not exist (make one with itbs keygen --out " + file + ")");
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("key file " + file + " is not a regular file");
    }
    byte[] b;
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw new IllegalArgumentException(
            "key file "
                + file
                + " is "
                + size
                + " bytes, not a key file of itbs keygen (one line of "
                + (FILE_PREFIX.length() + 64 + 1 + 8)
                + " characters): is it the right file?");
      }
      b = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read key file " + file, e);
    }
    return parse(b, file.toString());
  }

  /**
   * Parses the bytes of a key file.
   *
   * @param name the file, for messages
   * @throws IllegalArgumentException as {@link #read(Path)}
   */
  static ClinicKey parse(byte[] fileBytes, String name) {
    String advice =
        "; make a new key with itbs keygen --out NEW.key (the site's pseudonyms change)";
    String text = new String(fileBytes, StandardCharsets.ISO_8859_1);
    if (text.endsWith("\r\n")) {
      text = text.substring(0, text.length() - 2);
    } else if (text.endsWith("\n")) {
      text = text.substring(0, text.length() - 1);
    }
    if (!text.startsWith(FILE_PREFIX)) {
      if (text.startsWith("itbs-key-")) {
        int colon = text.indexOf(':');
        String version = colon < 0 ? text : text.substring(0, colon);
        throw new IllegalArgumentException(
            "key file "
                + name
                + " is in format "
                + (version.length() > 20 ? version.substring(0, 20) + "…" : version)
                + ", which this tool does not read (it reads "
                + FILE_PREFIX.substring(0, FILE_PREFIX.length() - 1)
                + "): use the tool version that made it, or make a new key with itbs keygen");
      }
      if (fileBytes.length == GENERATED_BYTES && !printable(fileBytes)) {
        throw new IllegalArgumentException(
            "key file "
                + name
                + " holds 32 raw bytes, a key of the old format, which is no longer accepted"
                + advice);
      }
      throw new IllegalArgumentException(
          "key file "
              + name
              + " is not a key made by itbs keygen (expected one line "
              + FILE_PREFIX
              + "<64 hex digits>:<8 hex digits>); hand-made keys are refused"
              + advice);
    }
    Matcher m = FILE_FORMAT.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "key file "
              + name
              + " starts with "
              + FILE_PREFIX
              + " but is not "
              + FILE_PREFIX
              + "<64 hex digits>:<8 hex digits> (truncated or edited?): restore it from its"
              + " backup or make a new key with itbs keygen");
    }
    byte[] key = HEX.parseHex(m.group(1).toLowerCase(Locale.ROOT));
    String stated = m.group(2).toLowerCase(Locale.ROOT);
    if (!crc32(key).equals(stated)) {
      throw new IllegalArgumentException(
          "key file "
              + name
              + " is damaged: its checksum "
              + stated
              + " does not match its key digits (restore it from its backup; a different key"
              + " would change every pseudonym of the site)");
    }
    if (distinctValues(key) < MIN_DISTINCT_BYTES) {
      throw new IllegalArgumentException(
          "key file "
              + name
              + " holds a key with only "
              + distinctValues(key)
              + " distinct byte values, not a random key; hand-made keys are refused"
              + advice);
    }
    return new ClinicKey(key);
  }

  /**
   * The text of this key's file: {@code itbs-key-v1:<64 lowercase hex>:<CRC-32 as 8 lowercase
   * hex>\n}.
   *
   * @throws IllegalStateException when the key is not {@value #GENERATED_BYTES} bytes long (only
   *     such keys have a file format)
   */
  String fileText() {
    if (bytes.length != GENERATED_BYTES) {
      throw new IllegalStateException(
          "only a " + GENERATED_BYTES + "-byte key has a key file, not " + bytes.length + " bytes");
    }
    return FILE_PREFIX + HEX.formatHex(bytes) + ":" + crc32(bytes) + "\n";
  }

  private static String crc32(byte[] b) {
    CRC32 c = new CRC32();
    c.update(b);
    return String.format(Locale.ROOT, "%08x", c.getValue());
  }

  /** Whether every byte is printable ASCII or white space: typed text, not random bytes. */
  private static boolean printable(byte[] b) {
    for (byte x : b) {
      if ((x < 0x20 || x > 0x7e) && x != '\n' && x != '\r' && x != '\t') {
        return false;
      }
    }
    return true;
  }

  private static int distinctValues(byte[] b) {
    boolean[] seen = new boolean[256];
    int n = 0;
    for (byte x : b) {
      if (!seen[x & 0xff]) {
        seen[x & 0xff] = true;
        n++;
      }
    }
    return n;
  }

  /**
   * Writes a new random key ({@value #GENERATED_BYTES} bytes from {@link SecureRandom}) in the
   * format {@code itbs-key-v1:<64 hex>:<8 hex CRC-32>\n} to a new file that only its owner may read
   * and write (POSIX mode 600, or an owner-only ACL where the file system has ACLs instead; on
   * other file systems the default permissions apply).
   *
   * @return the new key
   * @throws IllegalArgumentException when the file already exists (a key is never overwritten: that
   *     would change every pseudonym) or its folder does not exist
   * @throws UncheckedIOException when the file cannot be written
   */
  public static ClinicKey generate(Path file) {
    SecureRandom random = new SecureRandom();
    byte[] b = new byte[GENERATED_BYTES];
    do {
      random.nextBytes(b);
    } while (distinctValues(b) < MIN_DISTINCT_BYTES); // never in practice; keeps read() total
    ClinicKey key = new ClinicKey(b);
    Set<StandardOpenOption> options =
        EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    boolean posix = supports(file, "posix");
    FileAttribute<?>[] attributes =
        posix
            ? new FileAttribute<?>[] {
              PosixFilePermissions.asFileAttribute(
                  EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE))
            }
            : new FileAttribute<?>[0];
    try (SeekableByteChannel ch = Files.newByteChannel(file, options, attributes);
        OutputStream out = Channels.newOutputStream(ch)) {
      if (!posix) {
        ownerOnlyAcl(file);
      }
      out.write(key.fileText().getBytes(StandardCharsets.US_ASCII));
    } catch (FileAlreadyExistsException e) {
      throw new IllegalArgumentException(
          "key file "
              + file
              + " already exists; refusing to overwrite it (a new key would change every"
              + " pseudonym of the site)",
          e);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(
          "cannot create key file " + file + ": its folder does not exist", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write key file " + file, e);
    }
    return key;
  }

  private static boolean supports(Path file, String view) {
    Path dir = file.toAbsolutePath().getParent();
    try {
      return dir != null
          && Files.exists(dir)
          && Files.getFileStore(dir).supportsFileAttributeView(view);
    } catch (IOException e) {
      return false;
    }
  }

  private static void ownerOnlyAcl(Path file) throws IOException {
    AclFileAttributeView acl =
        Files.getFileAttributeView(file, AclFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (acl == null) {
      return;
    }
    AclEntry owner =
        AclEntry.newBuilder()
            .setType(AclEntryType.ALLOW)
            .setPrincipal(acl.getOwner())
            .setPermissions(EnumSet.allOf(AclEntryPermission.class))
            .build();
    acl.setAcl(List.of(owner));
  }

  /**
   * A public name of this key: the first 16 lowercase hex digits (8 bytes) of {@code
   * HMAC-SHA256(key, "itbs-key-fingerprint-v1")}. It tells whether two submissions used the same
   * key without revealing the key, and is the same at every site.
   *
   * <p>What it gives away: like any value computed from the key, it lets whoever holds a candidate
   * key check it, at the cost of one HMAC; so do the pseudonyms of a submission (HMACs of the site
   * and a clinic id). The defence is the key itself: {@link #read(Path)} accepts only keys of 32
   * random bytes written by {@link #generate(Path)}, so a guess succeeds with probability
   * 2<sup>-256</sup> and the fingerprint confirms nothing a guesser could find. Its 64 bits cannot
   * narrow the search (about 2<sup>192</sup> keys share each fingerprint). The label is not of the
   * form {@code site 0x00 id} of a pseudonym input (it has lower-case letters and no 0x00), so no
   * pseudonym equals a fingerprint.
   */
  public String fingerprint() {
    Mac mac = newMac();
    return HEX.formatHex(mac.doFinal(FINGERPRINT_LABEL), 0, 8);
  }

  /** A new HMAC-SHA256 keyed with this key; not thread-safe, so one per user. */
  Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(bytes, "HmacSHA256"));
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** Whether two keys have the same bytes (compared in constant time). */
  @Override
  public boolean equals(Object o) {
    return o instanceof ClinicKey k && MessageDigest.isEqual(bytes, k.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(fingerprint().getBytes(StandardCharsets.US_ASCII));
  }

  /** The fingerprint only, never the key bytes. */
  @Override
  public String toString() {
    return "ClinicKey[fingerprint=" + fingerprint() + "]";
  }
}
