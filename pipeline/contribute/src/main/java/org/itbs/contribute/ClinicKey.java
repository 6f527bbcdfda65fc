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
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A clinic's secret key: the HMAC-SHA256 key from which the pseudonym and the date shift of every
 * runner derive. Only the clinic holds it, so only the clinic can re-identify its runners; the same
 * key must be used for every submission of a site, or the same runner gets another pseudonym.
 *
 * <p>A key file holds the raw key bytes, nothing else (no encoding, no line end): at least {@value
 * #MIN_BYTES} bytes, at most {@value #MAX_FILE_BYTES} (a larger file is almost surely the wrong
 * file). {@link #generate(Path)} writes {@value #GENERATED_BYTES} random bytes. The key bytes never
 * appear in {@link #toString()} or in a submission; a submission names the key only by its {@link
 * #fingerprint()}.
 */
public final class ClinicKey {
  /** The fewest bytes a key may have. */
  public static final int MIN_BYTES = 32;

  /** The number of random bytes {@link #generate(Path)} writes. */
  public static final int GENERATED_BYTES = 32;

  /** The largest key file {@link #read(Path)} accepts, in bytes. */
  public static final int MAX_FILE_BYTES = 4096;

  private static final byte[] FINGERPRINT_PREFIX =
      "itbs-key-fingerprint:".getBytes(StandardCharsets.US_ASCII);

  private final byte[] bytes;

  private ClinicKey(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * A key of the given bytes (copied).
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
   * Reads a key file: its raw bytes are the key.
   *
   * @throws IllegalArgumentException when the file does not exist, is not a regular file, holds
   *     fewer than {@value #MIN_BYTES} or more than {@value #MAX_FILE_BYTES} bytes
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
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw new IllegalArgumentException(
            "key file "
                + file
                + " is "
                + size
                + " bytes; a key file holds "
                + MIN_BYTES
                + " to "
                + MAX_FILE_BYTES
                + " bytes: is it the right file?");
      }
      byte[] b = Files.readAllBytes(file);
      if (b.length < MIN_BYTES) {
        throw new IllegalArgumentException(
            "key file "
                + file
                + " holds "
                + b.length
                + " bytes; a key needs at least "
                + MIN_BYTES
                + " bytes (make one with itbs keygen)");
      }
      return new ClinicKey(b);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read key file " + file, e);
    }
  }

  /**
   * Writes a new random key ({@value #GENERATED_BYTES} bytes from {@link SecureRandom}) to a new
   * file that only its owner may read and write (POSIX mode 600, or an owner-only ACL where the
   * file system has ACLs instead; on other file systems the default permissions apply).
   *
   * @return the new key
   * @throws IllegalArgumentException when the file already exists (a key is never overwritten: that
   *     would change every pseudonym) or its folder does not exist
   * @throws UncheckedIOException when the file cannot be written
   */
  public static ClinicKey generate(Path file) {
    byte[] b = new byte[GENERATED_BYTES];
    new SecureRandom().nextBytes(b);
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
      out.write(b);
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
    return new ClinicKey(b);
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
   * A public name of this key: the first 16 lowercase hex digits of SHA-256 of {@code
   * "itbs-key-fingerprint:"} followed by the key bytes. It tells whether two submissions used the
   * same key without revealing the key.
   */
  public String fingerprint() {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(FINGERPRINT_PREFIX);
      d.update(bytes);
      return HexFormat.of().formatHex(d.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
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
