package dev.peerage.buildtools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks what {@link CitationCheck} flags, what it lets through, and which files it reads. */
class CitationCheckTest {
  @TempDir Path root;

  // The citations are assembled from parts so that this file itself would not be flagged if tests
  // were ever scanned.
  private static final String MD = ".md";
  private static final String SLASH = "/";

  private static List<String> rendered(Path file, String text) {
    return CitationCheck.scanText(file, text).stream().map(CitationCheck.Finding::toString).toList();
  }

  @Test
  void flagsEachKindOfOutsideCitationWithFileLineAndWhatToDo() {
    String text = String.join("\n",
        "Defaults come from `ANCHORS" + MD + "` and design" + MD + ".",
        "See STYLE" + MD + " for the rules.",
        "A wallet keeps one list per network (seed 000); private groups (Seed 017).",
        "Reported after 7 days (phase 4).",
        "See " + SLASH + "work" + SLASH + "shared" + SLASH + "notes and ~" + SLASH + "x, or "
            + SLASH + "home" + SLASH + "dev" + SLASH + "a.txt.",
        "From seeds" + SLASH + "000.md.");
    List<String> findings = rendered(Path.of("docs", "a.md"), text);
    assertThat(findings).containsExactly(
        "docs/a.md:1: \"ANCHORS.md\" names a planning note that is not in the repository; name the"
            + " public source of the fact",
        "docs/a.md:1: \"design.md\" names a planning note that is not in the repository; name the"
            + " public source of the fact",
        "docs/a.md:2: \"STYLE.md\" names a planning note that is not in the repository; name the"
            + " public source of the fact",
        "docs/a.md:3: \"seed 000\" is a use-case label from outside the repository; describe the use"
            + " case in words",
        "docs/a.md:3: \"Seed 017\" is a use-case label from outside the repository; describe the use"
            + " case in words",
        "docs/a.md:4: \"phase 4\" names a project phase from outside the repository; say what is meant"
            + " instead",
        "docs/a.md:5: \"/work/\" is an absolute path on a developer's machine; name the document or"
            + " drop the reference",
        "docs/a.md:5: \"/home/\" is an absolute path on a developer's machine; name the document or"
            + " drop the reference",
        "docs/a.md:6: \"seeds/\" points into a folder of use-case labels outside the repository");
  }

  @Test
  void letsThroughTheWordsThatOnlyLookAlike() {
    String text = String.join("\n",
        "java -jar benchmarks.jar simulate bootstrap --nodes 10000 --seed 1",
        "simulate eclipse --seeds 100 --also-off anchors; seeds 1 to 50; a seed 100 nodes away",
        "DNS seeds, DnsSeedDiscovery.seeds(), NodeIdentity.fromSeed(2026), Countermeasure.ANCHORS",
        "the handshake phase; phase-in over 4 releases; a two-phase commit",
        "https://example.org" + SLASH + "home" + SLASH + "index.html and docs" + SLASH + "work"
            + SLASH + "x and ~" + SLASH + "work" + SLASH + "y",
        "See [hosts.md](hosts.md) and docs/design-notes.md and ANCHORS.mdx-free text");
    assertThat(rendered(Path.of("README.md"), text)).isEmpty();
  }

  @Test
  void scansTheRootReadmeDocsAndEachModulesReadmeAndMainSourcesOnly() throws IOException {
    String bad = "see ANCHORS" + MD + "\n";
    write("pom.xml", "<project/>");
    write("README.md", "fine\n" + bad);
    write("docs/configuration.md", bad);
    write("docs/sub/deep.md", bad);
    write("docs/picture.svg", bad);
    write("peer-a/pom.xml", "<project/>");
    write("peer-a/README.md", bad);
    write("peer-a/src/main/java/a/A.java", "/** " + bad + " */ class A {}\n");
    write("peer-a/src/test/java/a/ATest.java", bad);
    write("peer-a/target/classes/a/Generated.java", bad);
    write("not-a-module/README.md", bad);
    write("not-a-module/src/main/java/B.java", bad);

    assertThat(CitationCheck.scan(root).stream().map(f -> f.file().toString().replace('\\', '/') + ":"
        + f.line()).toList()).containsExactly(
            "README.md:2",
            "docs/configuration.md:1",
            "docs/sub/deep.md:1",
            "peer-a/README.md:1",
            "peer-a/src/main/java/a/A.java:1");
  }

  @Test
  void checkFailsListingEveryFindingAndPassesOnACleanTree() throws IOException {
    write("pom.xml", "<project/>");
    write("README.md", "Build it with mvn -B verify.\n");
    CitationCheck.check(root);

    write("docs/performance.md", "Core's figures (ANCHORS" + MD + ": Core master).\n(phase 2)\n");
    assertThatThrownBy(() -> CitationCheck.check(root)).isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("2 citations of documents outside the repository:\n")
        .hasMessageContaining("docs/performance.md:1: \"ANCHORS.md\"")
        .hasMessageContaining("docs/performance.md:2: \"phase 2\"");
  }

  @Test
  void aDirectoryWithoutAPomIsRefusedByName() {
    assertThatThrownBy(() -> CitationCheck.scan(root)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pom.xml").hasMessageContaining(root.toAbsolutePath().normalize().toString());
  }

  @Test
  void aFileLongerThanTheLimitIsRefusedByNameAndSize() throws IOException {
    write("pom.xml", "<project/>");
    byte[] big = new byte[(int) CitationCheck.MAX_FILE_BYTES + 1];
    java.util.Arrays.fill(big, (byte) 'x');
    Path file = root.resolve("README.md");
    Files.write(file, big);
    assertThatThrownBy(() -> CitationCheck.scan(root)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("README.md").hasMessageContaining(String.valueOf(big.length))
        .hasMessageContaining(String.valueOf(CitationCheck.MAX_FILE_BYTES));
  }

  private void write(String relative, String text) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
