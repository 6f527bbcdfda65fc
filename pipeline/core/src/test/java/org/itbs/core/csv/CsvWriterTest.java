package org.itbs.core.csv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvWriterTest {
  @TempDir Path tmp;

  @Test
  void quotesOnlyFieldsThatHoldACommaAQuoteOrALineBreakAndReadsBackUnchanged() throws Exception {
    Path f = tmp.resolve("a.csv");
    List<String> values =
        List.of(
            "plain",
            "a,b",
            "say \"hi\"",
            "two\nlines",
            "cr\rhere",
            "Zoë ümlaut",
            "",
            "x".repeat(70_000) + ",é");
    try (CsvWriter w = CsvWriter.create(f, CsvWriter.Encoding.PLAIN, "h1", "h2")) {
      w.row(values.toArray(String[]::new), values.size());
      assertThat(w.rows()).isEqualTo(1);
      assertThat(w.nextLine()).isEqualTo(3);
    }
    String text = Files.readString(f, UTF_8);
    assertThat(text)
        .startsWith(
            "h1,h2\nplain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",Zoë ümlaut,,")
        .endsWith(",é\"\n");
    try (java.io.InputStream in = Files.newInputStream(f)) {
      CsvReader r = CsvReader.open(in);
      assertThat(r.header()).containsExactly("h1", "h2");
      assertThat(r.next().fields()).containsExactlyElementsOf(values);
      assertThat(r.next()).isNull();
    }
  }

  @Test
  void spreadsheetEncodingStartsWithAByteOrderMarkAndEndsLinesWithCrLf() throws Exception {
    Path f = tmp.resolve("b.csv");
    try (CsvWriter w = CsvWriter.create(f, CsvWriter.Encoding.BOM_CRLF, "n")) {
      w.integer(-42);
      w.endRow();
    }
    byte[] b = Files.readAllBytes(f);
    assertThat(b).startsWith(0xEF, 0xBB, 0xBF);
    assertThat(new String(b, 3, b.length - 3, UTF_8)).isEqualTo("n\r\n-42\r\n");
  }

  @Test
  void printsNumbersAndDatesWithoutTheDefaultLocale() throws Exception {
    Path f = tmp.resolve("c.csv");
    try (CsvWriter w = CsvWriter.create(f, CsvWriter.Encoding.PLAIN, "a", "b", "c", "d", "e")) {
      w.fixed(12.345, 2);
      w.fixed(-0.004, 2);
      w.scaled(12345, 3);
      w.date(LocalDate.of(2025, 3, 9).toEpochDay());
      w.empty();
      w.endRow();
    }
    assertThat(Files.readString(f, UTF_8)).isEqualTo("a,b,c,d,e\n12.35,0.00,12.345,2025-03-09,\n");
    assertThat(CsvWriter.printed(2.25, 1)).isEqualTo(2.3);
    assertThat(CsvWriter.round(-2.25, 1)).isEqualTo(-23);
  }

  @Test
  void digestedWriterGivesTheSha256AndLengthOfTheBytesOnDisk() throws Exception {
    Path f = tmp.resolve("d.csv");
    CsvWriter w = CsvWriter.createDigested(f);
    for (int i = 0; i < 20_000; i++) {
      w.row(new String[] {"row" + i, "é,", "x"}, 3);
    }
    assertThatThrownBy(w::sha256)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not closed");
    w.close();
    byte[] bytes = Files.readAllBytes(f);
    assertThat(w.byteCount()).isEqualTo(bytes.length);
    assertThat(w.sha256())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
  }

  @Test
  void neverReplacesAFile() throws Exception {
    Path f = tmp.resolve("e.csv");
    Files.writeString(f, "keep");
    assertThatThrownBy(() -> CsvWriter.create(f, CsvWriter.Encoding.PLAIN, "h"))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("cannot create")
        .hasMessageContaining("e.csv");
    assertThat(Files.readString(f)).isEqualTo("keep");
  }
}
