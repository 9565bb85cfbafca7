package dev.peerage.core;

import static dev.peerage.core.PeerManagerTestKit.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peerage.core.PeerEvent.InboundRefused;
import dev.peerage.core.PeerEvent.PeerPaired;
import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.core.peer.PeerFlag;
import dev.peerage.core.peer.PeerQuery;
import dev.peerage.core.peer.PeerSource;
import dev.peerage.core.peer.PeerTicket;
import dev.peerage.core.spi.DisconnectReason;
import dev.peerage.core.spi.DisconnectReason.Code;
import dev.peerage.core.spi.InMemoryPeerStore;
import dev.peerage.core.spi.TransportContext;
import dev.peerage.core.testing.InMemoryTransport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pairing windows ({@link PeerManager#openPairing}) and {@link InboundRefused} events, on virtual time
 * with the in-memory network: node A (host 1) runs known-peers-only, joiners scan its ticket and dial it.
 */
class PeerManagerPairingTest {
  private final PeerManagerTestKit kit = new PeerManagerTestKit();

  @AfterEach
  void closeAll() {
    kit.close();
  }

  private PeerManager privateNode(int host) {
    PeerManagerConfig config = PeerManagerTestKit.config()
        .inbound(InboundPolicy.KNOWN_PEERS_ONLY, 10).build();
    PeerManager node = kit.manager(host, config, new InMemoryPeerStore());
    node.start();
    return node;
  }

  private PeerManager joiner(int host) {
    PeerManager node = kit.manager(host);
    node.start();
    return node;
  }

  /** What the joiner does: parse the scanned text and add it, which dials A. */
  private static PeerEntry scan(PeerManager joiner, PeerTicket shown) {
    return joiner.addPeer(PeerTicket.parse(shown.encode()), "desktop");
  }

  private static PeerState stateOf(PeerManager node, PeerEntry peer) {
    return node.peerState(peer.id()).orElseThrow().state();
  }

  @Test
  void aJoinerPairsWithinTheWindowAndBothSidesEndConnected() {
    PeerManager a = privateNode(1);
    PeerManager joiner = joiner(2);
    PeerManagerTestKit.Recorder events = new PeerManagerTestKit.Recorder(a);
    Pairing pairing = a.openPairing(Duration.ofMinutes(2));
    assertThat(pairing.ticket().nodeId()).isEqualTo(a.localNodeId());
    assertThat(pairing.ticket().addresses()).containsExactly(address(1));

    PeerEntry toA = scan(joiner, pairing.ticket(Optional.of("Alice's desktop")));
    kit.settle();

    assertThat(stateOf(joiner, toA)).isEqualTo(PeerState.CONNECTED);
    PeerEntry paired = a.peer(joiner.localNodeId()).orElseThrow();
    assertThat(paired.source()).isEqualTo(PeerSource.PAIRED);
    assertThat(paired.nodeId()).contains(joiner.localNodeId());
    assertThat(paired.address()).isEqualTo(address(2)); // its advertised listen address
    assertThat(paired.has(PeerFlag.AUTO_CONNECT)).isTrue();
    assertThat(stateOf(a, paired)).isEqualTo(PeerState.CONNECTED);
    assertThat(a.connection(paired.id())).isPresent();
    assertThat(events.of(PeerPaired.class)).singleElement()
        .satisfies(e -> assertThat(e.peer().id()).isEqualTo(paired.id()));
    assertThat(events.of(PeerEvent.PeerAdded.class)).hasSize(1);
    assertThat(events.of(InboundRefused.class)).isEmpty();
    // One-time: the joiner used the window up.
    assertThat(pairing.isOpen()).isFalse();
    assertThat(pairing.joinersLeft()).isZero();

    // Paired for good: after the window, a dropped connection comes back as a known peer's.
    joiner.connection(toA.id()).orElseThrow()
        .close(DisconnectReason.local(Code.NETWORK_ERROR, "wifi dropped"));
    kit.run(Duration.ofSeconds(10));
    assertThat(stateOf(joiner, toA)).isEqualTo(PeerState.CONNECTED);
    assertThat(stateOf(a, paired)).isEqualTo(PeerState.CONNECTED);
    assertThat(events.of(InboundRefused.class)).isEmpty();
  }

  @Test
  void theWindowEndsExactlyAtItsExpiryAndTheStrangerIsThenRefusedAndReported() {
    PeerManager a = privateNode(1);
    PeerManager joiner = joiner(2);
    Instant opened = kit.time.instant();
    Pairing pairing = a.openPairing(Duration.ofSeconds(30));
    assertThat(pairing.expiresAt()).isEqualTo(opened.plusSeconds(30));
    kit.run(Duration.ofSeconds(30).minusMillis(1));
    assertThat(pairing.isOpen()).isTrue();
    assertThat(pairing.joinersLeft()).isEqualTo(1);
    kit.run(Duration.ofMillis(1));
    assertThat(pairing.isOpen()).isFalse();

    PeerManagerTestKit.Recorder events = new PeerManagerTestKit.Recorder(a);
    PeerEntry toA = scan(joiner, pairing.ticket());
    kit.run(Duration.ofMillis(500));

    assertThat(stateOf(joiner, toA)).isNotEqualTo(PeerState.CONNECTED);
    assertThat(joiner.peerState(toA.id()).orElseThrow().lastError())
        .hasValueSatisfying(error -> assertThat(error).contains("UNKNOWN_PEER"));
    assertThat(a.peers(PeerQuery.all())).isEmpty();
    assertThat(events.of(InboundRefused.class)).singleElement().satisfies(e -> {
      assertThat(e.nodeId()).isEqualTo(joiner.localNodeId());
      assertThat(e.code()).isEqualTo(Code.UNKNOWN_PEER);
      assertThat(e.advertised()).contains(address(2));
      assertThat(e.address().host()).isEqualTo(address(2).host());
      assertThat(e.detail()).contains("known peers only");
      assertThat(e.suppressed()).isZero();
    });
  }

  @Test
  void aOneTimeWindowAdmitsOnlyTheFirstJoiner() {
    PeerManager a = privateNode(1);
    PeerManager first = joiner(2);
    PeerManager second = joiner(3);
    PeerManagerTestKit.Recorder events = new PeerManagerTestKit.Recorder(a);
    Pairing pairing = a.openPairing(Duration.ofMinutes(5));
    PeerEntry firstToA = scan(first, pairing.ticket());
    kit.settle();
    PeerEntry secondToA = scan(second, pairing.ticket());
    kit.settle();

    assertThat(stateOf(first, firstToA)).isEqualTo(PeerState.CONNECTED);
    assertThat(stateOf(second, secondToA)).isNotEqualTo(PeerState.CONNECTED);
    assertThat(a.peers(PeerQuery.all())).singleElement()
        .satisfies(p -> assertThat(p.nodeId()).contains(first.localNodeId()));
    assertThat(events.of(PeerPaired.class)).hasSize(1);
    assertThat(events.of(InboundRefused.class)).singleElement().satisfies(e -> {
      assertThat(e.nodeId()).isEqualTo(second.localNodeId());
      assertThat(e.code()).isEqualTo(Code.UNKNOWN_PEER);
    });
  }

  @Test
  void aWindowForTwoAdmitsTwoThenEnds() {
    PeerManager a = privateNode(1);
    Pairing pairing = a.openPairing(Duration.ofMinutes(5), 2);
    for (int host = 2; host <= 4; host++) {
      scan(joiner(host), pairing.ticket());
      kit.settle();
    }
    assertThat(a.peers(PeerQuery.all())).extracting(PeerEntry::address)
        .containsExactly(address(2), address(3));
    assertThat(pairing.isOpen()).isFalse();
  }

  @Test
  void aBannedNodeIsRefusedEvenWhileTheWindowIsOpen() {
    PeerManager a = privateNode(1);
    PeerManager joiner = joiner(2);
    a.ban(joiner.localNodeId(), Duration.ZERO, "sent spam last week");
    PeerManagerTestKit.Recorder events = new PeerManagerTestKit.Recorder(a);
    Pairing pairing = a.openPairing(Duration.ofMinutes(2));
    PeerEntry toA = scan(joiner, pairing.ticket());
    kit.settle();

    assertThat(stateOf(joiner, toA)).isNotEqualTo(PeerState.CONNECTED);
    assertThat(a.peers(PeerQuery.all())).isEmpty();
    assertThat(events.of(PeerPaired.class)).isEmpty();
    assertThat(events.of(InboundRefused.class)).singleElement()
        .satisfies(e -> assertThat(e.code()).isEqualTo(Code.BANNED));
    assertThat(pairing.isOpen()).isTrue(); // a refused node takes no place
  }

  @Test
  void aStrangerOfAnotherNetworkIsRefusedWhileTheWindowIsOpen() {
    PeerManager a = privateNode(1);
    PeerManager other = kit.manager(2, PeerManagerConfig.builder(NetworkId.TESTNET)
        .outbound(0, 0, 0).build(), new InMemoryPeerStore());
    other.start();
    Pairing pairing = a.openPairing(Duration.ofMinutes(2));
    other.addPeer(other.newPeer(NetworkId.TESTNET, address(1)).build());
    kit.settle();
    assertThat(a.peers(PeerQuery.all())).isEmpty();
    assertThat(pairing.isOpen()).isTrue();
  }

  @Test
  void closingTheWindowOrOpeningAnotherEndsIt() {
    PeerManager a = privateNode(1);
    PeerManager joiner = joiner(2);
    Pairing first = a.openPairing(Duration.ofMinutes(2));
    Pairing second = a.openPairing(Duration.ofMinutes(2));
    assertThat(first.isOpen()).isFalse();
    assertThat(second.isOpen()).isTrue();
    first.close(); // a stale handle does not end the newer window
    assertThat(second.isOpen()).isTrue();
    second.close();
    second.close();
    assertThat(second.isOpen()).isFalse();
    PeerEntry toA = scan(joiner, second.ticket());
    kit.settle();
    assertThat(stateOf(joiner, toA)).isNotEqualTo(PeerState.CONNECTED);
    assertThat(a.peers(PeerQuery.all())).isEmpty();
  }

  @Test
  void windowsOutOfRangeAreRejectedNamingTheValue() {
    PeerManager a = privateNode(1);
    assertThatThrownBy(() -> a.openPairing(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
    assertThatThrownBy(() -> a.openPairing(Duration.ofSeconds(-5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-5S");
    assertThatThrownBy(() -> a.openPairing(Duration.ofMinutes(16)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT16M").hasMessageContaining("PT15M");
    assertThatThrownBy(() -> a.openPairing(Duration.ofMinutes(1), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 0");
    assertThatThrownBy(() -> a.openPairing(Duration.ofMinutes(1), Pairing.MAX_JOINERS + 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 17");
    assertThat(a.openPairing(Pairing.MAX_WINDOW).expiresAt())
        .isEqualTo(kit.time.instant().plus(Pairing.MAX_WINDOW));
  }

  @Test
  void aNodeThatIsNotRunningOrDoesNotListenCannotOpenAWindow() {
    PeerManager notStarted = kit.manager(1);
    assertThatThrownBy(() -> notStarted.openPairing(Duration.ofMinutes(1)))
        .isInstanceOf(IllegalStateException.class);
    PeerManager deaf = kit.manager(kit.network.transport(address(2), false),
        PeerManagerTestKit.config().build(), new InMemoryPeerStore());
    deaf.start();
    assertThatThrownBy(() -> deaf.openPairing(Duration.ofMinutes(1)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not listen");
    PeerManager closed = privateNode(3);
    closed.close();
    assertThatThrownBy(() -> closed.openPairing(Duration.ofMinutes(1)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not running");
  }

  @Test
  void aRefusedStrangerIsReportedOncePerNodePerMinuteWithTheSuppressedCount() {
    PeerManager a = privateNode(1);
    PeerManagerTestKit.Recorder events = new PeerManagerTestKit.Recorder(a);
    InMemoryTransport stranger = rawStranger(PeerAddress.parse("10.9.0.1:9000"), 7);
    for (int i = 0; i < 5; i++) {
      stranger.dial(address(1), Duration.ofSeconds(5));
      kit.run(Duration.ofSeconds(10));
    }
    assertThat(events.of(InboundRefused.class)).singleElement()
        .satisfies(e -> assertThat(e.suppressed()).isZero());
    kit.run(InboundRefused.PER_NODE_INTERVAL);
    stranger.dial(address(1), Duration.ofSeconds(5));
    kit.settle();
    assertThat(events.of(InboundRefused.class)).hasSize(2).last()
        .satisfies(e -> assertThat(e.suppressed()).isEqualTo(4));
    assertThat(a.stats().inboundRefusedByReason()).containsEntry("UNKNOWN_PEER", 6L);
  }

  @Test
  void aThousandStrangersInAMinuteYieldAtMostTheCap() {
    PeerManager a = privateNode(1);
    PeerManagerTestKit.Recorder events = new PeerManagerTestKit.Recorder(a);
    int strangers = 1_000;
    for (int i = 0; i < strangers; i++) {
      PeerAddress from = PeerAddress.parse("10.1." + (i / 250) + "." + (i % 250 + 1) + ":9000");
      rawStranger(from, 1_000 + i).dial(address(1), Duration.ofSeconds(5));
      if (i % 20 == 19) {
        kit.run(Duration.ofSeconds(1)); // 1,000 strangers over 50 seconds
      }
    }
    kit.settle();
    assertThat(kit.time.instant()).isBefore(PeerManagerTestKit.START.plusSeconds(60));
    List<InboundRefused> reported = events.of(InboundRefused.class);
    assertThat(reported).hasSize(InboundRefused.MAX_PER_MINUTE);
    assertThat(reported).allSatisfy(e -> assertThat(e.suppressed()).isZero());
    assertThat(a.stats().inboundRefusedByReason()).containsEntry("UNKNOWN_PEER", (long) strangers);

    // The next refusal after the minute carries the count of those held back.
    kit.run(Duration.ofMinutes(1));
    rawStranger(PeerAddress.parse("10.2.0.1:9000"), 5_000).dial(address(1), Duration.ofSeconds(5));
    kit.settle();
    assertThat(events.of(InboundRefused.class)).hasSize(InboundRefused.MAX_PER_MINUTE + 1).last()
        .satisfies(e -> assertThat(e.suppressed())
            .isEqualTo(strangers - InboundRefused.MAX_PER_MINUTE));
  }

  /** A node that only dials: a bare transport with its own identity and no manager. */
  private InMemoryTransport rawStranger(PeerAddress from, long seed) {
    InMemoryTransport transport = kit.network.transport(from, false);
    transport.start(new TransportContext(NodeIdentity.fromSeed(seed), NetworkId.MAIN, c -> { }));
    return transport;
  }
}
