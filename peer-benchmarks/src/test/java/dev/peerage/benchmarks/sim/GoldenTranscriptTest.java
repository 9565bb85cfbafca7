package dev.peerage.benchmarks.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peerage.core.PeerManager;
import dev.peerage.core.PeerManagerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Pins what the simulator does, event by event: a small bootstrap (every event of every node, in
 * publication order, at its virtual time, then each node's peer states and statistics) and a small
 * eclipse run (its outcome). A refactoring that is meant to keep behaviour must leave the transcript
 * byte for byte unchanged; a change meant to alter behaviour updates the checked-in file, so the
 * difference is reviewed like code.
 *
 * <p>To regenerate after an intended change: {@code mvn -pl peer-benchmarks test
 * -Dtest=GoldenTranscriptTest -Dgolden.update=true}, then review {@code git diff}.
 */
class GoldenTranscriptTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden/simulation-transcript.txt");

  @Test
  void theSimulationTranscriptIsUnchanged() throws IOException {
    String transcript = bootstrapTranscript() + eclipseTranscript();
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(GOLDEN.getParent());
      Files.writeString(GOLDEN, transcript, StandardCharsets.UTF_8);
    }
    assertThat(GOLDEN).as("the golden transcript (regenerate with -Dgolden.update=true)").exists();
    String golden = Files.readString(GOLDEN, StandardCharsets.UTF_8);
    // Compared line by line so a failure names the first line that differs, not a 1 MB string.
    assertThat(transcript.lines()).containsExactlyElementsOf(golden.lines().toList());
  }

  @Test
  void theTranscriptIsTheSameOnEveryRun() {
    assertThat(bootstrapTranscript()).isEqualTo(bootstrapTranscript());
  }

  private static String bootstrapTranscript() {
    StringBuilder out = new StringBuilder("# bootstrap: 12 nodes, seed 7, joins over 3 virtual minutes,"
        + " observed 8 virtual minutes\n");
    PeerManagerConfig config = SimWorld.defaultConfig();
    try (SimWorld world = new SimWorld(7)) {
      world.discardSaves();
      long t0 = world.time.millis();
      world.tapEvents((node, event) -> out.append('+').append(world.time.millis() - t0)
          .append(" node ").append(node).append(' ').append(event).append('\n'));
      world.startSpread(0, 12, config, Duration.ofMinutes(3));
      world.time.advanceTo(SimWorld.EPOCH.plus(Duration.ofMinutes(8)));
      TreeMap<Integer, PeerManager> byIndex = new TreeMap<>(world.running);
      for (var e : byIndex.entrySet()) {
        out.append("# node ").append(e.getKey()).append(" states\n");
        e.getValue().peerStates().forEach(s -> out.append("  ").append(s).append('\n'));
        out.append("# node ").append(e.getKey()).append(" stats ").append(e.getValue().stats())
            .append('\n');
        out.append("# node ").append(e.getKey()).append(" book ")
            .append(e.getValue().addressBook().size()).append('\n');
      }
    }
    return out.toString();
  }

  private static String eclipseTranscript() {
    EclipseScenario.NetworkParams net = new EclipseScenario.NetworkParams(30, 0.05,
        Duration.ofMinutes(30), Duration.ofMinutes(10), Duration.ofMinutes(20));
    EclipseScenario.AttackParams attack = new EclipseScenario.AttackParams(2, 32, 10,
        Duration.ofMinutes(30), Duration.ofMinutes(1));
    StringBuilder out = new StringBuilder("# eclipse: 30 honest, seed 3\n");
    for (Set<EclipseScenario.Countermeasure> off : List.<Set<EclipseScenario.Countermeasure>>of(
        Set.of(), EnumSet.of(EclipseScenario.Countermeasure.ANCHORS))) {
      out.append(EclipseScenario.run(net, 3, attack, off)).append('\n');
    }
    return out.toString();
  }
}
