package org.itbs.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkupTest {

  @Test
  void escapesTheFourMarkupCharacters() {
    assertThat(Markup.escape("<a href=\"x\">R&D</a>"))
        .isEqualTo("&lt;a href=&quot;x&quot;&gt;R&amp;D&lt;/a&gt;");
  }

  @Test
  void keepsApostrophesAndOtherTextAsItIs() {
    assertThat(Markup.escape("Harrell's C = 0.72 ± 0.03 — <5"))
        .isEqualTo("Harrell's C = 0.72 ± 0.03 — &lt;5");
    String plain = "no markup here, ünïcödé too";
    assertThat(Markup.escape(plain)).isSameAs(plain);
    assertThat(Markup.escape("")).isEmpty();
  }

  @Test
  void replacesControlCharactersXmlDoesNotAllowButKeepsWhiteSpace() {
    assertThat(Markup.escape("a\u0000b\u0007c\u001fd")).isEqualTo("a b c d");
    assertThat(Markup.escape("a\tb\nc\rd")).isEqualTo("a\tb\nc\rd");
  }

  @Test
  void escapesAnAmpersandOnlyOnce() {
    assertThat(Markup.escape("&amp;")).isEqualTo("&amp;amp;");
  }
}
