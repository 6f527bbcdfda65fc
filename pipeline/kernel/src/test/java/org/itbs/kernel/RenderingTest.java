package org.itbs.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class RenderingTest {

  @Test
  void rendersTableAsHtmlWithEveryCellAndHeaderEscapedAndAPlainFallback() {
    Table table =
        Table.create(
            "Site <A> & \"B\"",
            StringColumn.create("term <x>", "hip & knee", "<script>alert('x')</script>"),
            IntColumn.create("n", 12, 7));

    MimeBundle bundle = Rendering.render(table);

    String html = bundle.get(MimeBundle.HTML);
    assertThat(html)
        .contains("<caption>Site &lt;A&gt; &amp; &quot;B&quot;</caption>")
        .contains("<th>term &lt;x&gt;</th><th>n</th>")
        .contains("<tr><td>hip &amp; knee</td><td>12</td></tr>")
        .contains("<td>&lt;script&gt;alert('x')&lt;/script&gt;</td>")
        .doesNotContain("<script>")
        .doesNotContain("more rows");
    assertThat(bundle.get(MimeBundle.TEXT)).contains("hip & knee").contains("12");
  }

  @Test
  void capsTableRowsAndSaysHowManyMoreThereAre() {
    double[] values = IntStream.range(0, 120).asDoubleStream().toArray();
    Table table = Table.create("big", DoubleColumn.create("x", values));

    MimeBundle bundle = Rendering.render(table);

    String html = bundle.get(MimeBundle.HTML);
    assertThat(html.split("<tr><td>", -1)).hasSize(Rendering.MAX_TABLE_ROWS + 1);
    assertThat(html).contains("… 70 more rows (120 in all)");
    assertThat(bundle.get(MimeBundle.TEXT)).contains("… 70 more rows (120 in all)");
  }

  @Test
  void rendersSvgStringsAsSvgImages() {
    String bare = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"></svg>";
    String withProlog = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + bare;

    assertThat(Rendering.render(bare).data()).containsEntry(MimeBundle.SVG, bare);
    // The XML prolog is dropped: the SVG is embedded in HTML by front ends and nbconvert.
    assertThat(Rendering.render(withProlog).data()).containsEntry(MimeBundle.SVG, bare);
    assertThat(Rendering.render(bare).data().keySet())
        .containsExactly(MimeBundle.SVG, MimeBundle.HTML, MimeBundle.TEXT);
    assertThat(Rendering.render(withProlog).data().get(MimeBundle.HTML))
        .startsWith("<img src=\"data:image/svg+xml;base64,")
        .contains(
            java.util.Base64.getEncoder()
                .encodeToString(bare.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Test
  void rendersOtherStringsAsTheirText() {
    assertThat(Rendering.render("<svgfoo>").data()).containsOnlyKeys(MimeBundle.TEXT);
    assertThat(Rendering.render("an <svg> inside").data())
        .containsExactlyEntriesOf(java.util.Map.of(MimeBundle.TEXT, "an <svg> inside"));
  }

  @Test
  void rendersImagesAsBase64Png() throws IOException {
    BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
    image.setRGB(2, 1, Color.RED.getRGB());

    MimeBundle bundle = Rendering.render(image);

    byte[] png = Base64.getDecoder().decode(bundle.get(MimeBundle.PNG));
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(decoded.getWidth()).isEqualTo(3);
    assertThat(decoded.getHeight()).isEqualTo(2);
    assertThat(decoded.getRGB(2, 1)).isEqualTo(Color.RED.getRGB());
    assertThat(bundle.get(MimeBundle.TEXT)).isEqualTo("<image 3×2>");
  }

  @Test
  void rendersOtherValuesAsPlainTextWithArraysElementByElement() {
    assertThat(Rendering.render(null).get(MimeBundle.TEXT)).isEqualTo("null");
    assertThat(Rendering.render(2.5).get(MimeBundle.TEXT)).isEqualTo("2.5");
    assertThat(Rendering.render(new int[][] {{1, 2}, {3}}).get(MimeBundle.TEXT))
        .isEqualTo("[[1, 2], [3]]");
  }
}
