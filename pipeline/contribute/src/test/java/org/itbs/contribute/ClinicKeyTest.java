package org.itbs.contribute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClinicKeyTest {
  @TempDir Path dir;

  @Test
  void generatesThirtyTwoRandomBytesThatReadBackAsTheSameKey() throws Exception {
    Path a = dir.resolve("a.key");
    Path b = dir.resolve("b.key");
    ClinicKey ka = ClinicKey.generate(a);
    ClinicKey kb = ClinicKey.generate(b);
    assertThat(Files.readAllBytes(a)).hasSize(32);
    assertThat(Files.readAllBytes(a)).isNotEqualTo(Files.readAllBytes(b));
    assertThat(ClinicKey.read(a)).isEqualTo(ka).isNotEqualTo(kb);
    assertThat(ClinicKey.read(a).fingerprint()).isEqualTo(ka.fingerprint());
  }

  @Test
  void generatedKeyFileIsOwnerOnly() throws Exception {
    assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Path k = dir.resolve("clinic.key");
    ClinicKey.generate(k);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(k)))
        .isEqualTo("rw-------");
  }

  @Test
  void refusesToOverwriteAnExistingKeyFile() throws Exception {
    Path k = dir.resolve("clinic.key");
    ClinicKey.generate(k);
    byte[] before = Files.readAllBytes(k);
    assertThatThrownBy(() -> ClinicKey.generate(k))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(k.toString())
        .hasMessageContaining("already exists");
    assertThat(Files.readAllBytes(k)).isEqualTo(before);
  }

  @Test
  void refusesAKeyInAFolderThatDoesNotExist() {
    Path k = dir.resolve("missing").resolve("clinic.key");
    assertThatThrownBy(() -> ClinicKey.generate(k))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("folder does not exist");
  }

  @Test
  void rejectsAKeyShorterThanThirtyTwoBytes() throws Exception {
    assertThatThrownBy(() -> ClinicKey.of(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("31 bytes")
        .hasMessageContaining("at least 32");
    Path k = dir.resolve("short.key");
    Files.write(k, "secret\n".getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> ClinicKey.read(k))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(k.toString())
        .hasMessageContaining("at least 32");
  }

  @Test
  void rejectsAMissingKeyFileAndOneTooLargeToBeAKey() throws Exception {
    Path missing = dir.resolve("nope.key");
    assertThatThrownBy(() -> ClinicKey.read(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not exist");
    Path big = dir.resolve("gait_frames.csv");
    Files.write(big, new byte[ClinicKey.MAX_FILE_BYTES + 1]);
    assertThatThrownBy(() -> ClinicKey.read(big))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("right file");
  }

  @Test
  void fingerprintIsPrefixedSha256AndRevealsNoKeyBytes() throws Exception {
    byte[] key = ContributeFixtures.keyBytes();
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    d.update("itbs-key-fingerprint:".getBytes(StandardCharsets.US_ASCII));
    d.update(key);
    String expected = HexFormat.of().formatHex(d.digest()).substring(0, 16);
    ClinicKey k = ClinicKey.of(key);
    assertThat(k.fingerprint()).isEqualTo(expected);
    assertThat(k.toString()).contains(expected).doesNotContain(HexFormat.of().formatHex(key));
  }
}
