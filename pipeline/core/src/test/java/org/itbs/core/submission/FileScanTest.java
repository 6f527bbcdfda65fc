package org.itbs.core.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pre-pass of the ingest (core's {@link FileScan}): the two-thread scan of a file gives what
 * the one-thread scan of its bytes gives, splits never cut a quoted line break, and bytes that are
 * not UTF-8 are found wherever the read buffers end.
 */
class FileScanTest {
  @TempDir Path tmp;

  /** A CSV of about {@code bytes} bytes with multi-byte characters and quoted line breaks. */
  private static byte[] csv(int bytes) {
    StringBuilder sb = new StringBuilder("id,note\n");
    for (int i = 0; sb.length() < bytes; i++) {
      sb.append(i).append(i % 7 == 0 ? ",\"two\nlines é\"\n" : ",naïve – ✓ 𝄞\n");
      if (i % 11 == 0) {
        sb.append("\r\n");
      }
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private Path write(byte[] b) throws IOException {
    return Files.write(tmp.resolve("f.csv"), b);
  }

  @Test
  void scansAFileOnTwoThreadsLikeItsBytesOnOne() throws IOException {
    byte[] b = csv(700_000); // several read buffers
    FileScan one = FileScan.scan(new ByteArrayInputStream(b), 10_000);

    FileScan two = FileScan.scan(write(b), 10_000);

    assertThat(two).isEqualTo(one);
    assertThat(two.bytes()).isEqualTo(b.length);
    assertThat(two.splits()).hasSizeGreaterThan(50);
    assertThat(two.splits().get(0).start()).isEqualTo(two.headerEnd());
    for (int i = 1; i < two.splits().size(); i++) {
      FileScan.Split prev = two.splits().get(i - 1);
      FileScan.Split s = two.splits().get(i);
      assertThat(s.start()).isEqualTo(prev.end());
      assertThat(b[(int) s.start() - 1])
          .as("split %d starts after a line feed", i)
          .isEqualTo((byte) '\n');
      assertThat(new String(b, (int) s.start(), 1, StandardCharsets.UTF_8)).isNotEqualTo("l");
    }
    assertThat(two.splits().get(two.splits().size() - 1).end()).isEqualTo(b.length);
  }

  @Test
  void countsRecordsNotLinesAndNamesTheLineOfASplitStart() throws IOException {
    byte[] b =
        "a,b\n1,\"x\ny\"\n\n2,z\r\n3,w".getBytes(StandardCharsets.UTF_8); // records on 2, 5, 6

    FileScan s = FileScan.scan(write(b), 1);

    assertThat(s.records()).isEqualTo(3);
    assertThat(s.splits()).extracting(FileScan.Split::firstLine).containsExactly(2L, 4L, 5L, 6L);
  }

  @Test
  void findsBytesThatAreNotUtf8AcrossReadBufferBoundariesAndNamesTheLine() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] body = csv(300_000);
    out.write(body);
    long lines = new String(body, StandardCharsets.UTF_8).chars().filter(c -> c == '\n').count();
    out.write(new byte[] {'9', ',', (byte) 0xe2, (byte) 0x82}); // a cut three-byte sequence
    out.write(new byte[] {'\n'});
    Path f = write(out.toByteArray());

    assertThatThrownBy(() -> FileScan.scan(f, 1 << 20))
        .isInstanceOf(FileScan.NotUtf8Exception.class)
        .hasMessageContaining("on line " + (lines + 1));
    assertThatThrownBy(
            () ->
                FileScan.scan(
                    write(new byte[] {'a', '\n', (byte) 0xed, (byte) 0xa0, (byte) 0x80}), 1))
        .isInstanceOf(FileScan.NotUtf8Exception.class)
        .hasMessageContaining("on line 2");
  }

  @Test
  void balancedSplitsComeInWholeWavesOfEqualSize() {
    long mib = 1L << 20;
    // The benchmark's gait file on 2 cores: 10 splits of 28.9 MiB, not 9 of 32 MiB and a remainder.
    assertThat(SubmissionInspector.balancedSplitBytes(302_820_104L, 32 * mib, 2))
        .isEqualTo(30_282_011L);
    assertThat(SubmissionInspector.balancedSplitBytes(302_820_104L, 32 * mib, 1))
        .isEqualTo(32 * mib);
    assertThat(SubmissionInspector.balancedSplitBytes(20 * mib, 32 * mib, 2)).isEqualTo(10 * mib);
    // 16 cores would want 16 splits, but none smaller than 4 MiB: 5 of them.
    assertThat(SubmissionInspector.balancedSplitBytes(20 * mib, 32 * mib, 16)).isEqualTo(4 * mib);
    // Under two minimum splits, and tiny test splits: the given size.
    assertThat(SubmissionInspector.balancedSplitBytes(7 * mib, 32 * mib, 2)).isEqualTo(32 * mib);
    assertThat(SubmissionInspector.balancedSplitBytes(700_000, 10_000, 2)).isEqualTo(10_000);
    assertThatThrownBy(() -> new SubmissionInspector(null, 1, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aFileScannedAtItsBalancedSizeHasOneSplitPerSlotAndNoRemainder() {
    byte[] b = csv(12 << 20);
    for (int slots = 2; slots <= 3; slots++) {
      long target = SubmissionInspector.balancedSplitBytes(b.length, 32L << 20, slots);

      FileScan scan = FileScan.scan(new ByteArrayInputStream(b), target);

      assertThat(scan.splits()).as("%d slots", slots).hasSize(slots);
      for (FileScan.Split s : scan.splits()) {
        assertThat(s.end() - s.start()).isBetween(target - 200, target + 200);
      }
    }
  }
}
