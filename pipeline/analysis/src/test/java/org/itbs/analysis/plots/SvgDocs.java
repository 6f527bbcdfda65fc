package org.itbs.analysis.plots;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Test helpers: parse an SVG with the JDK's XML parser and pick elements by class. */
final class SvgDocs {
  private SvgDocs() {}

  /** Parses the text; fails (throws) unless it is well-formed XML. */
  static Document parse(String svg) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return f.newDocumentBuilder()
          .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new AssertionError("not well-formed XML: " + e.getMessage(), e);
    }
  }

  /** Every element, in document order, whose {@code class} attribute is {@code cssClass}. */
  static List<Element> byClass(Document doc, String cssClass) {
    return byClass(doc.getDocumentElement(), cssClass);
  }

  static List<Element> byClass(Element root, String cssClass) {
    List<Element> out = new ArrayList<>();
    NodeList all = root.getElementsByTagName("*");
    for (int i = 0; i < all.getLength(); i++) {
      Element e = (Element) all.item(i);
      if (cssClass.equals(e.getAttribute("class"))) {
        out.add(e);
      }
    }
    return out;
  }

  static double attr(Element e, String name) {
    return Double.parseDouble(e.getAttribute(name));
  }

  /** Writes the figure under {@code /tmp/itbs-figures} for a human to look at; best effort. */
  static void keep(String name, String svg) {
    try {
      Path dir = Path.of(System.getProperty("java.io.tmpdir"), "itbs-figures");
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(name), svg, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
