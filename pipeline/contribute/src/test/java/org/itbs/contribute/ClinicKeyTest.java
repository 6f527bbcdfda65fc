package org.itbs.contribute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
    assertThat(Files.readString(a, StandardCharsets.US_ASCII))
        .matches("itbs-key-v1:[0-9a-f]{64}:[0-9a-f]{8}\n");
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
  void keyFileIsVersionPrefixHexOfTheKeyAndCrc32OfItsBytes() throws Exception {
    Path k = dir.resolve("clinic.key");
    ClinicKey.generate(k);
    String text = Files.readString(k, StandardCharsets.US_ASCII);
    String[] parts = text.strip().split(":");
    assertThat(parts).hasSize(3);
    assertThat(parts[0]).isEqualTo("itbs-key-v1");
    byte[] key = HexFormat.of().parseHex(parts[1]);
    CRC32 crc = new CRC32();
    crc.update(key);
    assertThat(parts[2]).isEqualTo(String.format("%08x", crc.getValue()));
    assertThat(ClinicKey.read(k)).isEqualTo(ClinicKey.of(key));
  }

  @Test
  void readsAKeyFileWrittenWithUpperCaseHexOrWithoutOrWithCrLfLineEnd() throws Exception {
    ClinicKey key = ClinicKey.of(ContributeFixtures.keyBytes());
    String line = keyLine(ContributeFixtures.keyBytes());
    for (String variant : new String[] {line, line + "\n", line + "\r\n", line.toUpperCase()}) {
      Path k = dir.resolve("v" + variant.length() + variant.hashCode() + ".key");
      Files.writeString(k, variant.replace("ITBS-KEY-V1", "itbs-key-v1"));
      assertThat(ClinicKey.read(k)).isEqualTo(key);
    }
  }

  @Test
  void refusesAHandMadePasswordKeyWithTheKeygenAdvice() throws Exception {
    Path k = dir.resolve("WK");
    Files.writeString(k, "passwordpasswordpasswordpassword");
    assertThatThrownBy(() -> ClinicKey.read(k))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(k.toString())
        .hasMessageContaining("not a key made by itbs keygen")
        .hasMessageContaining("itbs keygen --out")
        .hasMessageNotContaining("\n");
    Path s = dir.resolve("short.key");
    Files.writeString(s, "secret\n");
    assertThatThrownBy(() -> ClinicKey.read(s))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a key made by itbs keygen");
  }

  @Test
  void refusesARawThirtyTwoByteKeyOfTheOldFormatWithTheKeygenAdvice() throws Exception {
    Path k = dir.resolve("old.key");
    Files.write(k, ContributeFixtures.keyBytes());
    assertThatThrownBy(() -> ClinicKey.read(k))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 raw bytes, a key of the old format")
        .hasMessageContaining("itbs keygen --out");
  }

  @Test
  void refusesAHandMadeKeyInTheCurrentFormatThatIsNotRandom() throws Exception {
    Path k = dir.resolve("zeros.key");
    Files.writeString(k, keyLine(new byte[32]) + "\n");
    assertThatThrownBy(() -> ClinicKey.read(k))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only 1 distinct byte values, not a random key")
        .hasMessageContaining("itbs keygen");
  }

  @Test
  void refusesAKeyFileWhoseChecksumDoesNotMatchItsKeyDigits() throws Exception {
    Path k = dir.resolve("clinic.key");
    ClinicKey.generate(k);
    String text = Files.readString(k);
    // change one key digit, keep the checksum
    char c = text.charAt(20);
    Files.writeString(k, text.substring(0, 20) + (c == '0' ? '1' : '0') + text.substring(21));
    assertThatThrownBy(() -> ClinicKey.read(k))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(k.toString())
        .hasMessageContaining("is damaged: its checksum")
        .hasMessageContaining("restore it from its backup");
  }

  @Test
  void refusesATruncatedKeyFileAndAnUnknownFormatVersion() throws Exception {
    Path k = dir.resolve("clinic.key");
    ClinicKey.generate(k);
    Path cut = dir.resolve("cut.key");
    Files.writeString(cut, Files.readString(k).substring(0, 50));
    assertThatThrownBy(() -> ClinicKey.read(cut))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("truncated or edited");
    Path v2 = dir.resolve("v2.key");
    Files.writeString(v2, Files.readString(k).replace("itbs-key-v1", "itbs-key-v2"));
    assertThatThrownBy(() -> ClinicKey.read(v2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("format itbs-key-v2")
        .hasMessageContaining("reads itbs-key-v1");
  }

  @Test
  void rejectsAKeyOfFewerThanThirtyTwoBytes() {
    assertThatThrownBy(() -> ClinicKey.of(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("31 bytes")
        .hasMessageContaining("at least 32");
  }

  private static String keyLine(byte[] key) {
    CRC32 crc = new CRC32();
    crc.update(key);
    return "itbs-key-v1:"
        + HexFormat.of().formatHex(key)
        + ":"
        + String.format("%08x", crc.getValue());
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
  void fingerprintIsLabelledHmacSha256AndRevealsNoKeyBytes() throws Exception {
    byte[] key = ContributeFixtures.keyBytes();
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    String expected =
        HexFormat.of()
            .formatHex(mac.doFinal("itbs-key-fingerprint-v1".getBytes(StandardCharsets.US_ASCII)))
            .substring(0, 16);
    ClinicKey k = ClinicKey.of(key);
    assertThat(k.fingerprint()).isEqualTo(expected);
    assertThat(k.toString()).contains(expected).doesNotContain(HexFormat.of().formatHex(key));
  }
}
