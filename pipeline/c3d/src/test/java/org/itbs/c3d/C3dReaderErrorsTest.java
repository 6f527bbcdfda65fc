package org.itbs.c3d;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Truncated, corrupt and hostile files give one-line errors naming the file, where and what. */
class C3dReaderErrorsTest {

  static byte[] small() {
    C3dWriter w = ForcePlatformTest.platformFile(4);
    w.int16("EVENT", "USED", 1);
    w.chars("EVENT", "LABELS", "Foot Strike");
    w.floats("EVENT", "TIMES", new int[] {2, 1}, 0, 0.01f);
    return w.bytes();
  }

  @Test
  void aTruncatedFileNamesWhereItEnds() {
    byte[] whole = RealFiles.bytes(RealFiles.RBDS_RUN);
    byte[] cut = Arrays.copyOf(whole, whole.length - 1000);
    assertThatThrownBy(() -> C3dReader.read(cut, "run.c3d"))
        .isInstanceOf(C3dFormatException.class)
        .hasMessageStartingWith(
            "run.c3d: byte 7168 (data section): 4500 frames of 560 bytes need 2520000 bytes, to byte 2527168,")
        .hasMessageContaining("the file ends at byte " + cut.length)
        .hasMessageContaining("truncated")
        .hasMessageNotContaining("\n");
  }

  @Test
  void everyCutOfASmallFileIsEitherReadOrRefusedInOneLine() {
    byte[] whole = small();
    for (int n = 0; n < whole.length; n += 7) {
      byte[] cut = Arrays.copyOf(whole, n);
      try {
        C3dReader.read(cut, "cut.c3d");
      } catch (C3dFormatException e) {
        assertThat(e.getMessage()).startsWith("cut.c3d: ").doesNotContain("\n");
      }
    }
    assertThatThrownBy(() -> C3dReader.read(Arrays.copyOf(whole, 100), "cut.c3d"))
        .isInstanceOf(C3dFormatException.class)
        .hasMessage(
            "cut.c3d: byte 0 (header): the file is 100 bytes, shorter than the 512-byte header");
  }

  @Test
  void aFileThatIsNotC3dSaysSo() {
    byte[] b =
        "frame,time\n1,0.0\n".repeat(64).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> C3dReader.read(b, "gait_frames.csv"))
        .isInstanceOf(C3dFormatException.class)
        .hasMessage(
            "gait_frames.csv: byte 1 (header): 0x72 where a C3D file has 0x50: not a C3D file");
  }

  @Test
  void anUnknownProcessorTypeIsNamed() {
    byte[] b = small();
    b[512 + 3] = 90;
    assertThatThrownBy(() -> C3dReader.read(b, "p.c3d"))
        .isInstanceOf(C3dFormatException.class)
        .hasMessage(
            "p.c3d: byte 515 (parameter section): processor type 90, expected 84 (Intel), 85 (DEC)"
                + " or 86 (MIPS)");
  }

  @Test
  void aHostileDimensionIsRefusedBeforeAnythingIsAllocated() {
    C3dWriter w = new C3dWriter(ProcessorType.INTEL, true);
    w.frames = 0;
    w.stored = new float[0][0][3];
    w.residualWord = new int[0][0];
    w.standardParameters();
    // 255^7 floats announced, 4 bytes present.
    w.param("POINT", "HUGE", 4, new int[] {255, 255, 255, 255, 255, 255, 255}, new byte[4], false);
    assertThatThrownBy(() -> C3dReader.read(w.bytes(), "huge.c3d"))
        .isInstanceOf(C3dFormatException.class)
        .hasMessageStartingWith("huge.c3d: byte ")
        .hasMessageContaining("(parameter HUGE): needs 280440836828437500 bytes of values");
  }

  @Test
  void framesBeyondTheFileAreRefusedNotAllocated() {
    byte[] b = small();
    // Header word 5 (last frame) says 1000 frames; the file holds 2.
    b[8] = (byte) 0xe8;
    b[9] = (byte) 0x03;
    assertThatThrownBy(() -> C3dReader.read(b, "frames.c3d"))
        .isInstanceOf(C3dFormatException.class)
        .hasMessageContaining("frames.c3d: byte ")
        .hasMessageContaining("(data section)")
        .hasMessageContaining("truncated");
  }

  @Test
  void aMissingFileIsABadArgument(@TempDir Path dir) {
    assertThatThrownBy(() -> C3dReader.read(dir.resolve("none.c3d")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("none.c3d is not a file");
  }

  @Test
  void readsAFileFromDisk(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("fp.c3d");
    Files.write(f, small());
    C3dFile c3d = C3dReader.read(f);
    assertThat(c3d.name()).isEqualTo(f.toString());
    assertThat(c3d.events()).extracting(C3dEvent::label).containsExactly("Foot Strike");
  }

  /**
   * Mutated headers and parameter sections (a few hundred, from a fixed seed): each file is read
   * and its force platforms computed, or refused with the reader's own exception and a one-line
   * message naming the file; no other exception gets out.
   */
  @Test
  void mutatedFilesGiveOnlyTheReadersOwnError() {
    byte[] base = small();
    int parameterEnd = 512 + (base[514] & 0xff) * 512;
    Random r = new Random(20240616L);
    int refused = 0;
    int read = 0;
    for (int i = 0; i < 600; i++) {
      byte[] b = base.clone();
      int mutations = 1 + r.nextInt(4);
      for (int k = 0; k < mutations; k++) {
        int at = r.nextInt(4) == 0 ? r.nextInt(24) : r.nextInt(parameterEnd);
        b[at] =
            switch (r.nextInt(4)) {
              case 0 -> (byte) 0xff;
              case 1 -> (byte) 0x7f;
              case 2 -> 0;
              default -> (byte) r.nextInt(256);
            };
      }
      try {
        C3dFile c3d = C3dReader.read(b, "fuzz-" + i + ".c3d");
        for (ForcePlatform fp : c3d.forcePlatforms()) {
          if (fp.recordedIn(c3d.analog())) {
            fp.forces(c3d.analog());
          }
        }
        read++;
      } catch (C3dFormatException e) {
        assertThat(e.getMessage()).startsWith("fuzz-" + i + ".c3d: ").doesNotContain("\n");
        refused++;
      }
    }
    assertThat(refused).isGreaterThan(50);
    assertThat(read).isGreaterThan(50);
  }
}
