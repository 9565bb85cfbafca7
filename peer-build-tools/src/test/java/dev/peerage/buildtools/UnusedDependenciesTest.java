package dev.peerage.buildtools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies no code uses stay out of the build. Tests use real files, sockets and in-memory
 * implementations rather than mocks, so no pom declares Mockito, and no surefire configuration carries the
 * dynamic-agent switch its inline mock maker needed (the benchmarks keep theirs: JOL attaches itself).
 */
class UnusedDependenciesTest {
  private static final Path ROOT = Path.of("..");

  private static List<Path> poms() throws IOException {
    List<Path> poms = new ArrayList<>(List.of(ROOT.resolve("pom.xml")));
    try (Stream<Path> children = Files.list(ROOT)) {
      children.map(dir -> dir.resolve("pom.xml")).filter(Files::isRegularFile).sorted().forEach(poms::add);
    }
    return poms;
  }

  @Test
  void noPomDeclaresMockitoOrTheAgentSwitchItNeeded() throws IOException {
    List<String> found = new ArrayList<>();
    for (Path pom : poms()) {
      String text = Files.readString(pom, StandardCharsets.UTF_8);
      if (text.contains("org.mockito")) {
        found.add(pom + ": org.mockito");
      }
      if (text.contains("EnableDynamicAgentLoading") && !pom.startsWith(ROOT.resolve("peer-benchmarks"))) {
        found.add(pom + ": EnableDynamicAgentLoading");
      }
    }
    assertThat(found).as("poms of %s", ROOT.toAbsolutePath().normalize()).isEmpty();
    assertThat(poms()).hasSizeGreaterThan(5);
  }
}
