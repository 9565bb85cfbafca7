package dev.peerage.core;

import static dev.peerage.core.PeerManagerTestKit.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.core.score.PeerScore;
import dev.peerage.core.spi.CachedPeer;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.Direction;
import dev.peerage.core.spi.DisconnectReason;
import dev.peerage.core.spi.InMemoryPeerStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Events for every connection, application outcomes in the scores, and the read views of both. */
class PeerManagerOutcomesTest {
  private final PeerManagerTestKit kit = new PeerManagerTestKit();

  @AfterEach
  void closeAll() {
    kit.close();
  }

  /** b manages a; a does not know b: on a, b is a discovered inbound peer. */
  private PeerManager[] discoveredInbound() {
    PeerManager a = kit.manager(1);
    PeerManager b = kit.manager(2);
    a.start();
    b.start();
    b.addPeer(b.newPeer(NetworkId.MAIN, address(1)).build());
    kit.settle();
    return new PeerManager[] {a, b};
  }

  @Test
  void aDiscoveredPeersConnectionIsAnnouncedWhenItOpensAndWhenItCloses() {
    PeerManager a = kit.manager(1);
    PeerManager b = kit.manager(2);
    a.start();
    b.start();
    PeerManagerTestKit.Recorder events = new PeerManagerTestKit.Recorder(a);
    PeerEntry aOnB = b.addPeer(b.newPeer(NetworkId.MAIN, address(1)).build());
    kit.settle();
    List<PeerEvent.ConnectionOpened> opened = events.of(PeerEvent.ConnectionOpened.class);
    assertThat(opened).singleElement().satisfies(event -> {
      assertThat(event.nodeId()).isEqualTo(b.localNodeId());
      assertThat(event.direction()).isEqualTo(Direction.INBOUND);
      assertThat(event.peerId()).isEmpty(); // a does not manage b
      assertThat(event.remoteAddress().host()).isEqualTo(address(2).host());
    });
    a.connections().get(0).send(1, "hello".getBytes(StandardCharsets.UTF_8));
    kit.settle();
    b.disconnect(aOnB.id());
    kit.settle();
    assertThat(events.of(PeerEvent.ConnectionClosed.class)).singleElement().satisfies(event -> {
      assertThat(event.nodeId()).isEqualTo(b.localNodeId());
      assertThat(event.direction()).isEqualTo(Direction.INBOUND);
      assertThat(event.reason().code()).isEqualTo(DisconnectReason.Code.REQUESTED);
      assertThat(event.reason().remote()).isTrue();
      assertThat(event.bytesOut()).isPositive();
    });
  }

  @Test
  void aManagedPeersConnectionNamesThePeerAndTheCloseAtShutdownIsAnnouncedOnce() {
    PeerManager a = kit.manager(1);
    PeerManager b = kit.manager(2);
    a.start();
    b.start();
    PeerManagerTestKit.Recorder events = new PeerManagerTestKit.Recorder(a);
    PeerEntry peer = a.addPeer(a.newPeer(NetworkId.MAIN, address(2)).build());
    kit.settle();
    assertThat(events.of(PeerEvent.ConnectionOpened.class)).singleElement().satisfies(event -> {
      assertThat(event.peerId()).contains(peer.id());
      assertThat(event.direction()).isEqualTo(Direction.OUTBOUND);
    });
    a.close();
    kit.settle();
    assertThat(events.of(PeerEvent.ConnectionClosed.class)).singleElement().satisfies(event -> {
      assertThat(event.peerId()).contains(peer.id());
      assertThat(event.reason().code()).isEqualTo(DisconnectReason.Code.SHUTTING_DOWN);
      assertThat(event.reason().remote()).isFalse();
    });
  }

  @Test
  void applicationOutcomesMoveAPeersScoreAndUnknownNodesAreNotRecorded() {
    PeerManager a = discoveredInbound()[0];
    NodeId b = a.connections().get(0).remoteNodeId();
    PeerScore before = a.score(b).orElseThrow();
    for (int i = 0; i < 10; i++) {
      assertThat(a.recordFailure(b)).isTrue();
    }
    PeerScore failing = a.score(b).orElseThrow();
    assertThat(failing.reliability()).isLessThan(before.reliability());
    assertThat(failing.total()).isLessThan(before.total());
    for (int i = 0; i < 30; i++) {
      assertThat(a.recordSuccess(b, Duration.ofMillis(5))).isTrue();
    }
    assertThat(a.score(b).orElseThrow().reliability()).isGreaterThan(failing.reliability());
    double performance = a.score(b).orElseThrow().performance();
    assertThat(a.recordTransfer(b, 50_000_000, Duration.ofSeconds(1))).isTrue();
    assertThat(a.score(b).orElseThrow().performance()).isGreaterThan(performance);
    assertThat(a.scores()).containsOnlyKeys(b);
    NodeId stranger = NodeIdentity.fromPrivateKey(new byte[32]).nodeId();
    assertThat(a.recordFailure(stranger)).isFalse();
    assertThat(a.score(stranger)).isEmpty();
  }

  @Test
  void scoresAreRankedBestFirst() {
    PeerManager a = kit.manager(1);
    a.start();
    for (int host = 2; host <= 4; host++) {
      PeerManager other = kit.manager(host);
      other.start();
      other.addPeer(other.newPeer(NetworkId.MAIN, address(1)).build());
    }
    kit.settle();
    List<Connection> connections = a.connections();
    assertThat(connections).hasSize(3);
    NodeId worst = connections.get(0).remoteNodeId();
    NodeId best = connections.get(1).remoteNodeId();
    for (int i = 0; i < 10; i++) {
      a.recordFailure(worst);
      a.recordSuccess(best, Duration.ZERO);
    }
    List<NodeId> order = List.copyOf(a.scores().keySet());
    assertThat(order).hasSize(3);
    assertThat(order.get(0)).isEqualTo(best);
    assertThat(order.get(2)).isEqualTo(worst);
  }

  @Test
  void badOutcomesAreRejectedNamingTheValue() {
    PeerManager a = discoveredInbound()[0];
    NodeId b = a.connections().get(0).remoteNodeId();
    assertThatThrownBy(() -> a.recordSuccess(b, Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-0.001S");
    assertThatThrownBy(() -> a.recordTransfer(b, -5, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-5");
    assertThatThrownBy(() -> a.recordTransfer(b, 5, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
  }

  @Test
  void aDiscoveredPeersCachedStatisticsCountItsConnectionsAndTraffic() {
    InMemoryPeerStore store = new InMemoryPeerStore();
    PeerManager a = kit.manager(1, PeerManagerTestKit.config().build(), store);
    PeerManager b = kit.manager(2);
    a.start();
    b.start();
    PeerEntry aOnB = b.addPeer(b.newPeer(NetworkId.MAIN, address(1)).build());
    kit.settle();
    a.connections().get(0).send(1, new byte[1000]);
    kit.settle();
    b.disconnect(aOnB.id());
    kit.settle();
    b.connect(aOnB.id());
    kit.settle();
    a.close();
    List<CachedPeer> saved = store.current().cachedPeers();
    assertThat(saved).singleElement().satisfies(cached -> {
      assertThat(cached.nodeId()).contains(b.localNodeId());
      assertThat(cached.statistics().connections()).isEqualTo(2); // one closed, one open at shutdown
      assertThat(cached.statistics().bytesOut()).isGreaterThanOrEqualTo(1000);
    });
    assertThat(a.cachedPeers()).isEqualTo(saved);
  }
}
