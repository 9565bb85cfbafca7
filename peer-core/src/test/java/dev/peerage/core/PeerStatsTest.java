package dev.peerage.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.internal.manager.Snapshots;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PeerStats} as hosts see it: evolvable (no public constructor, not a record), immutable, and
 * with the lifecycle figures (dials in flight, every connection) taken from a real manager.
 */
class PeerStatsTest {
  private final PeerManagerTestKit kit = new PeerManagerTestKit();

  @AfterEach
  void closeAll() {
    kit.close();
  }

  @Test
  void theSnapshotTypesHaveNoPublicConstructorSoNewFiguresDoNotBreakHosts() {
    for (Class<?> type : new Class<?>[] {PeerStats.class, PeerStats.WarmStart.class, NodeStatus.class,
        NodeStatus.PeerView.class, NodeStatus.ConnectionView.class}) {
      assertThat(type.isRecord()).as("%s is a record", type).isFalse();
      assertThat(Modifier.isFinal(type.getModifiers())).as("%s is final", type).isTrue();
      assertThat(Arrays.stream(type.getDeclaredConstructors())
          .filter(c -> Modifier.isPublic(c.getModifiers()) || Modifier.isProtected(c.getModifiers())))
          .as("public constructors of %s", type).isEmpty();
    }
  }

  @Test
  void theInternalBuilderCopiesMapsInKeyOrderAndDefaultsEveryFigure() {
    Map<String, Long> outcomes = new HashMap<>(Map.of("TIMEOUT", 2L, "CONNECTED", 5L));
    Instant at = Instant.parse("2026-03-01T00:00:00Z");
    PeerStats stats = Snapshots.peerStats().at(at).dialsByOutcome(outcomes).inbound(1).build();
    outcomes.put("REFUSED", 1L);

    assertThat(stats.dialsByOutcome()).containsExactly(Map.entry("CONNECTED", 5L),
        Map.entry("TIMEOUT", 2L));
    assertThatThrownBy(() -> stats.dialsByOutcome().put("X", 1L))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(stats.dials("CONNECTED")).isEqualTo(5);
    assertThat(stats.dials("SELF")).isZero();
    assertThat(stats.connections()).isZero();
    assertThat(stats.dialsInFlight()).isZero();
    assertThat(stats.tasks()).isEmpty();
    assertThat(stats.warmStart().timeToTarget()).isEmpty();
    assertThat(stats.toString()).startsWith("PeerStats[at=2026-03-01T00:00:00Z, managedByState={}, "
        + "inbound=1, outbound=0, connections=0, dialsInFlight=0,");
    assertThatThrownBy(() -> Snapshots.peerStats().build()).isInstanceOf(NullPointerException.class)
        .hasMessage("at");
  }

  @Test
  void equalFiguresMakeEqualSnapshots() {
    Instant at = Instant.parse("2026-03-01T00:00:00Z");
    PeerStats a = Snapshots.peerStats().at(at).outbound(3).tasks(Map.of("maintenance", 4L))
        .warmStart(2, 2, 1, 0, 3, Optional.of(Duration.ofSeconds(2)), Optional.empty()).build();
    PeerStats b = Snapshots.peerStats().at(at).outbound(3).tasks(Map.of("maintenance", 4L))
        .warmStart(2, 2, 1, 0, 3, Optional.of(Duration.ofSeconds(2)), Optional.empty()).build();
    PeerStats c = Snapshots.peerStats().at(at).outbound(3).dialsInFlight(1)
        .tasks(Map.of("maintenance", 4L))
        .warmStart(2, 2, 1, 0, 3, Optional.of(Duration.ofSeconds(2)), Optional.empty()).build();

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
    assertThat(a.toString()).isEqualTo(b.toString());
    assertThat(a.warmStart()).isEqualTo(b.warmStart());
    assertThat(a.warmStart().cacheHitRate()).isEqualTo(0.5);
  }

  @Test
  void everySaveCountsAsARunOfTheSaveTask() {
    PeerManager a = kit.manager(1);
    a.start();
    assertThat(a.stats().tasks()).doesNotContainKey("save");
    a.addPeer(a.newPeer(dev.peerage.core.address.NetworkId.MAIN, PeerManagerTestKit.address(2)).build());
    kit.run(Duration.ofMinutes(1)); // the change is saved after the save debounce
    assertThat(a.stats().tasks()).hasEntrySatisfying("save", runs -> assertThat(runs).isPositive());
  }

  @Test
  void aDialIsInFlightUntilItConnectsAndThenCountsAsAConnection() {
    PeerManager a = kit.manager(1);
    PeerManager b = kit.manager(2);
    a.start();
    b.start();

    a.addPeer(a.newPeer(NetworkId.MAIN, PeerManagerTestKit.address(2)).build());

    PeerStats dialling = a.stats();
    assertThat(dialling.dialsInFlight()).isEqualTo(1);
    assertThat(dialling.connections()).isZero();
    assertThat(dialling.managedByState()).containsEntry(PeerState.CONNECTING, 1);

    kit.settle();

    PeerStats connected = a.stats();
    assertThat(connected.dialsInFlight()).isZero();
    assertThat(connected.outbound()).isEqualTo(1);
    assertThat(connected.connections()).isEqualTo(1).isEqualTo(a.connections().size());
    assertThat(connected.dials("CONNECTED")).isEqualTo(1);
    PeerStats remote = b.stats();
    assertThat(remote.inbound()).isEqualTo(1);
    assertThat(remote.connections()).isEqualTo(1);
  }

  @Test
  void aDialThatTimesOutLeavesTheInFlightCount() {
    PeerManager a = kit.manager(1);
    a.start();
    kit.network.setDown(PeerManagerTestKit.address(9), true);

    a.addPeer(a.newPeer(NetworkId.MAIN, PeerManagerTestKit.address(9)).build());
    assertThat(a.stats().dialsInFlight()).isEqualTo(1);

    kit.run(a.config().dialTimeout().plusSeconds(1));

    PeerStats after = a.stats();
    assertThat(after.dialsInFlight()).isZero();
    assertThat(after.connections()).isZero();
    assertThat(after.dialsByOutcome().keySet()).doesNotContain("CONNECTED").isNotEmpty();
  }
}
