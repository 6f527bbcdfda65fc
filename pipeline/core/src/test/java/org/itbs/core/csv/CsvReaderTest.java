package org.itbs.core.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {
  private static List<CsvRecord> read(byte[] bytes) {
    try (CsvReader r = CsvReader.open(new ByteArrayInputStream(bytes))) {
      List<CsvRecord> out = new ArrayList<>();
      r.forEach(out::add);
      return out;
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void numbersRecordsByTheLineTheyStartOn() {
    List<CsvRecord> rows = read(utf8("a,b\n1,2\n3,\"x\ny\"\n5,6\n"));
    assertThat(rows).extracting(CsvRecord::line).containsExactly(2L, 3L, 5L);
    assertThat(rows.get(1).fields()).containsExactly("3", "x\ny");
    assertThat(rows.get(2).fields()).containsExactly("5", "6");
  }

  @Test
  void skipsByteOrderMarkAndAcceptsCrlf() {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] body = utf8("Participant_ID,sex\r\nP1,F\r\nP2,M\r\n");
    byte[] all = new byte[bom.length + body.length];
    System.arraycopy(bom, 0, all, 0, 3);
    System.arraycopy(body, 0, all, 3, body.length);
    try (CsvReader r = CsvReader.open(new ByteArrayInputStream(all))) {
      assertThat(r.header()).containsExactly("Participant_ID", "sex");
      assertThat(r.next().fields()).containsExactly("P1", "F");
      CsvRecord second = r.next();
      assertThat(second.fields()).containsExactly("P2", "M");
      assertThat(second.line()).isEqualTo(3);
    }
  }

  @Test
  void keepsEmptyFieldsAndQuotedCommas() {
    List<CsvRecord> rows = read(utf8("a,b,c\n,\"1,5\",\n"));
    assertThat(rows.get(0).fields()).containsExactly("", "1,5", "");
  }

  @Test
  void rejectsBytesThatAreNotUtf8() {
    byte[] latin1 = "a,b\nJos\u00e9,1\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> read(latin1))
        .isInstanceOf(CsvReader.NotUtf8Exception.class)
        .hasMessageContaining("not UTF-8");
  }

  @Test
  void rejectsAnEmptyFile() {
    assertThatThrownBy(() -> read(new byte[0]))
        .isInstanceOf(CsvReader.MissingHeaderException.class)
        .hasMessageContaining("no header");
  }

  @Test
  void partReaderCountsFromTheGivenLine() {
    try (CsvReader r = CsvReader.openPart(new ByteArrayInputStream(utf8("7,8\n9,10\n")), 41)) {
      assertThat(r.next().line()).isEqualTo(41);
      assertThat(r.next().line()).isEqualTo(42);
      assertThat(r.next()).isNull();
    }
  }

  @Test
  void aLineWithOnlyACarriageReturnInAnLfFileIsBlankAsFileScanCountsIt() {
    byte[] bytes = utf8("a,b\n1,2\n\r\n3,4\n");
    List<CsvRecord> rows = read(bytes);
    assertThat(rows).extracting(CsvRecord::line).containsExactly(2L, 4L);
    assertThat(
            org.itbs.core.submission.FileScan.scan(new ByteArrayInputStream(bytes), 1 << 20)
                .records())
        .isEqualTo(rows.size());
  }
}
