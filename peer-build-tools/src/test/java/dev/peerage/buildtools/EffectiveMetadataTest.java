package dev.peerage.buildtools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

/**
 * The publishing metadata a module inherits from the root pom, as Maven computed it for this module
 * (filtered into {@code effective-metadata.properties} when the tests were built). Every module
 * inherits the same way, so this child stands for all of them: the url and scm links must be the
 * root's exactly, not the root's with the module's name appended, and the fields Maven Central requires
 * must be present.
 */
class EffectiveMetadataTest {
  private static final Path ROOT_POM = Path.of("..", "pom.xml");

  private static Properties effective;
  private static Document root;
  private static XPath xpath;

  @BeforeAll
  static void read() throws IOException, ParserConfigurationException, SAXException {
    effective = new Properties();
    try (InputStream in = EffectiveMetadataTest.class.getResourceAsStream("/effective-metadata.properties")) {
      assertThat(in).as("effective-metadata.properties on the test class path").isNotNull();
      effective.load(in);
    }
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    root = factory.newDocumentBuilder().parse(ROOT_POM.toFile());
    xpath = XPathFactory.newInstance().newXPath();
  }

  private static String declared(String element) throws XPathExpressionException {
    String path = "/*[local-name()='project']/" + String.join("/",
        java.util.Arrays.stream(element.split("\\.")).map(e -> "*[local-name()='" + e + "']").toList());
    String value = xpath.evaluate(path, root).trim();
    assertThat(value).as("%s in %s", element, ROOT_POM).isNotEmpty();
    return value;
  }

  @Test
  void theUrlAndScmLinksAreTheRootsWithoutTheModulePathAppended() throws XPathExpressionException {
    assertThat(effective.getProperty("url")).isEqualTo(declared("url"));
    assertThat(effective.getProperty("scm.url")).isEqualTo(declared("scm.url"));
    assertThat(effective.getProperty("scm.connection")).isEqualTo(declared("scm.connection"));
    assertThat(effective.getProperty("scm.developerConnection"))
        .isEqualTo(declared("scm.developerConnection"));
  }

  @Test
  void theFieldsMavenCentralRequiresArePresent() throws XPathExpressionException {
    assertThat(effective.getProperty("name")).isEqualTo("Peerage build tools");
    assertThat(effective.getProperty("description")).isNotBlank().doesNotContain("${");
    assertThat(effective.getProperty("license.name")).isEqualTo(declared("licenses.license.name"));
    assertThat(effective.getProperty("license.url")).isEqualTo(declared("licenses.license.url"));
    assertThat(effective.getProperty("developer.name")).isEqualTo(declared("developers.developer.name"));
  }
}
