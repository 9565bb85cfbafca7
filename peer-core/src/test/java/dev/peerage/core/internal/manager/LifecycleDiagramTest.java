package dev.peerage.core.internal.manager;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peerage.core.PeerState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Keeps the lifecycle table in docs/architecture.md and the code's {@link Transition} list the same: every
 * transition documented with exactly its from and to states, and nothing documented that the code lacks.
 */
class LifecycleDiagramTest {
  private static final Path ARCHITECTURE = Path.of("..", "docs", "architecture.md");

  private record Row(Set<PeerState> from, Set<PeerState> to) {}

  private static Map<String, Row> documentedRows() throws IOException {
    String text = Files.readString(ARCHITECTURE);
    int start = text.indexOf("| transition | from | to | when |");
    assertThat(start).as("the lifecycle table in %s", ARCHITECTURE).isPositive();
    Map<String, Row> rows = new LinkedHashMap<>();
    List<String> lines = text.substring(start).lines().skip(2).takeWhile(l -> l.startsWith("|")).toList();
    for (String line : lines) {
      String[] cells = line.split("\\|");
      rows.put(unquote(cells[1]), new Row(states(cells[2]), states(cells[3])));
    }
    return rows;
  }

  private static String unquote(String cell) {
    return cell.trim().replace("`", "");
  }

  private static Set<PeerState> states(String cell) {
    if (cell.trim().equals("any")) {
      return EnumSet.allOf(PeerState.class);
    }
    return Arrays.stream(cell.split(","))
        .map(LifecycleDiagramTest::unquote)
        .map(PeerState::valueOf)
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(PeerState.class)));
  }

  @Test
  void theDocumentedTableListsExactlyTheCodesTransitionsInOrder() throws IOException {
    Map<String, Row> documented = documentedRows();
    assertThat(documented.keySet())
        .containsExactly(Arrays.stream(Transition.values()).map(Enum::name).toArray(String[]::new));
    for (Transition transition : Transition.values()) {
      Row row = documented.get(transition.name());
      assertThat(row.from()).as("%s: from", transition).isEqualTo(transition.from());
      assertThat(row.to()).as("%s: to", transition).isEqualTo(transition.to());
    }
  }

  @Test
  void everyStateIsReachedAndLeftByADocumentedTransition() throws IOException {
    Set<PeerState> reached = EnumSet.noneOf(PeerState.class);
    Set<PeerState> left = EnumSet.noneOf(PeerState.class);
    for (Row row : documentedRows().values()) {
      reached.addAll(row.to());
      left.addAll(row.from());
    }
    assertThat(reached).containsExactlyInAnyOrder(PeerState.values());
    assertThat(left).containsExactlyInAnyOrder(PeerState.values());
  }

  @Test
  void onlyTheAdmissionMakesAPeerConnectedAndOnlyConnectedPeersBecomeActive() {
    for (Transition transition : Transition.values()) {
      if (transition.to().contains(PeerState.CONNECTED) && transition != Transition.ACTIVITY_MARKED) {
        assertThat(transition).isEqualTo(Transition.ADMITTED);
      }
      if (transition.to().contains(PeerState.ACTIVE)) {
        assertThat(transition.from()).isSubsetOf(PeerState.CONNECTED, PeerState.ACTIVE);
      }
    }
    assertThat(Transition.ADMITTED.allows(PeerState.CONNECTING, PeerState.CONNECTED)).isTrue();
    assertThat(Transition.ADMITTED.allows(PeerState.BACKOFF, PeerState.CONNECTED)).isFalse();
  }
}
