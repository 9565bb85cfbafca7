package dev.peerage.core;

import static dev.peerage.core.PeerManagerTestKit.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.NodeIdentity;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.Subnet;
import dev.peerage.core.ban.BanEntry;
import dev.peerage.core.ban.BanPolicy;
import dev.peerage.core.ban.MisbehaviourKind;
import dev.peerage.core.score.ScoreState;
import dev.peerage.core.score.ScoringPolicy;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.core.peer.PeerFlag;
import dev.peerage.core.peer.PeerQuery;
import dev.peerage.core.peer.PeerSource;
import dev.peerage.core.peer.PeerTicket;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.DialException;
import dev.peerage.core.spi.Direction;
import dev.peerage.core.spi.DisconnectReason;
import dev.peerage.core.spi.InMemoryPeerStore;
import dev.peerage.core.spi.PeerMessage;
import dev.peerage.core.spi.PeerSnapshot;
import dev.peerage.core.spi.PeerStore;
import dev.peerage.core.spi.PeerStoreException;
import dev.peerage.core.spi.Transport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Connection state, events, pairing, inbound policy, removal, persistence and shutdown. */
class PeerManagerConnectionTest {
  private final PeerManagerTestKit kit = new PeerManagerTestKit();

  @AfterEach
  void closeAll() {
    kit.close();
  }

  private PeerEntry addManaged(PeerManager manager, int host) {
    return manager.addPeer(manager.newPeer(NetworkId.MAIN, address(host)).build());
  }

  @Test
  void aManagedPeerConnectsAndStatesComeInOrder() {
    PeerManager a = kit.manager(1);
    PeerManager b = kit.manager(2);
    a.start();
    b.start();
    PeerManagerTestKit.Recorder events = new PeerManagerTestKit.Recorder(a);
    PeerEntry peer = addManaged(a, 2);
    kit.settle();
    assertThat(events.statesOf(peer.id()))
        .containsExactly(PeerState.CONNECTING, PeerState.CONNECTED);
    PeerStatus status = a.peerState(peer.id()).orElseThrow();
    assertThat(status.isConnected()).isTrue();
    assertThat(status.direction()).contains(Direction.OUTBOUND);
    // The node id was learned on first contact.
    assertThat(a.peer(peer.id()).orElseThrow().nodeId()).contains(b.localNodeId());
    assertThat(a.peers(PeerQuery.all().connected(true))).hasSize(1);
    // Events: added first, then the state changes and the learned node id.
    assertThat(events.events.get(0)).isInstanceOf(PeerEvent.PeerAdded.class);
    assertThat(events.of(PeerEvent.PeerUpdated.class)).isNotEmpty();
  }

  @Test
  void applicationMessagesFlowAndActiveIsSetByTheHost() {
    PeerManager a = kit.manager(1);
    PeerManager b = kit.manager(2);
    a.start();
    b.start();
    List<PeerMessage> received = new CopyOnWriteArrayList<>();
    b.onMessage(received::add);
    PeerEntry peer = addManaged(a, 2);
    kit.settle();
    a.connection(peer.id()).orElseThrow().send(7, "hello".getBytes(StandardCharsets.UTF_8));
    kit.settle();
    assertThat(received).singleElement().satisfies(m -> {
      assertThat(m.channel()).isEqualTo(7);
      assertThat(new String(m.payload(), StandardCharsets.UTF_8)).isEqualTo("hello");
      assertThat(m.peerId()).isEmpty(); // a is not a managed peer of b
    });
    a.setActive(peer.id(), true);
    assertThat(a.peerState(peer.id()).orElseThrow().state()).isEqualTo(PeerState.ACTIVE);
    a.setActive(peer.id(), false);
    assertThat(a.peerState(peer.id()).orElseThrow().state()).isEqualTo(PeerState.CONNECTED);
  }

  @Test
  void anUnreachablePeerBacksOffAndIsRetriedUntilItComesBack() {
    PeerManager a = kit.manager(1);
    a.start();
    PeerEntry peer = addManaged(a, 2); // nobody listens at .2 yet
    kit.settle();
    PeerStatus backoff = a.peerState(peer.id()).orElseThrow();
    assertThat(backoff.state()).isEqualTo(PeerState.BACKOFF);
    assertThat(backoff.failures()).isEqualTo(1);
    assertThat(backoff.lastError()).hasValueSatisfying(e -> assertThat(e).contains("REFUSED"));
    assertThat(backoff.nextAttempt()).isPresent();
    Duration wait = Duration.between(kit.time.instant(), backoff.nextAttempt().get());
    assertThat(wait).isBetween(Duration.ZERO, Duration.ofSeconds(2));
    kit.run(Duration.ofMinutes(10));
    assertThat(a.peerState(peer.id()).orElseThrow().failures()).isGreaterThan(5);
    PeerManager b = kit.manager(2);
    b.start();
    kit.run(Duration.ofHours(1).plusMinutes(5)); // at most one pinned cap later
    assertThat(a.peerState(peer.id()).orElseThrow().state()).isEqualTo(PeerState.CONNECTED);
  }

  @Test
  void hostDisconnectSuppressesReconnectUntilConnect() {
    PeerManager a = kit.manager(1);
    PeerManager b = kit.manager(2);
    a.start();
    b.start();
    PeerEntry peer = addManaged(a, 2);
    kit.settle();
    a.disconnect(peer.id());
    assertThat(a.peerState(peer.id()).orElseThrow().state()).isEqualTo(PeerState.DISCONNECTED);
    kit.run(Duration.ofHours(2));
    assertThat(a.peerState(peer.id()).orElseThrow().state()).isEqualTo(PeerState.DISCONNECTED);
    assertThat(a.peers(PeerQuery.all())).hasSize(1); // still in the list
    CompletableFuture<PeerStatus> connected = a.connect(peer.id()).toCompletableFuture();
    kit.settle();
    assertThat(connected).isCompletedWithValueMatching(PeerStatus::isConnected);
  }

  @Test
  void aRemotelyClosedConnectionIsReconnectedWithBackoff() {
    PeerManager a = kit.manager(1);
    PeerManager b = kit.manager(2);
    a.start();
    b.start();
    PeerEntry peer = addManaged(a, 2);
    kit.settle();
    kit.network.setDown(address(2), true);
    kit.settle();
    assertThat(a.peerState(peer.id()).orElseThrow().state()).isIn(PeerState.BACKOFF,
        PeerState.CONNECTING);
    kit.network.setDown(address(2), false);
    kit.run(Duration.ofMinutes(2));
    assertThat(a.peerState(peer.id()).orElseThrow().state()).isEqualTo(PeerState.CONNECTED);
  }

  @Test
  void removingAConnectedPeerClosesItAndNotifiesInOrder() {
    PeerManager a = kit.manager(1);
    PeerManager b = kit.manager(2);
    a.start();
    b.start();
    PeerEntry peer = addManaged(a, 2);
    kit.settle();
    Connection connection = a.connection(peer.id()).orElseThrow();
    PeerManagerTestKit.Recorder events = new PeerManagerTestKit.Recorder(a);
    assertThat(a.removePeer(peer.id())).isTrue();
    kit.settle();
    assertThat(events.events).hasSize(4);
    assertThat(events.events.get(0)).isInstanceOf(PeerEvent.PeerUpdated.class); // final statistics
    assertThat(events.events.get(1)).isInstanceOfSatisfying(PeerEvent.StateChanged.class,
        e -> assertThat(e.status().state()).isEqualTo(PeerState.DISCONNECTED));
    assertThat(events.events.get(2)).isInstanceOf(PeerEvent.PeerRemoved.class);
    assertThat(events.events.get(3)).isInstanceOfSatisfying(PeerEvent.ConnectionClosed.class,
        e -> assertThat(e.reason().code()).isEqualTo(DisconnectReason.Code.REQUESTED));
    assertThat(connection.closed().toCompletableFuture()).isCompletedWithValueMatching(
        r -> r.code() == DisconnectReason.Code.REQUESTED);
    assertThat(b.connections()).isEmpty();
  }

  @Test
  void removingAPeerWhileDialingAbortsTheDial() {
    PeerManager a = kit.manager(1);
    PeerManager b = kit.manager(2);
    a.start();
    b.start();
    PeerEntry peer = addManaged(a, 2);
    CompletableFuture<PeerStatus> waiting = a.connect(peer.id()).toCompletableFuture();
    a.removePeer(peer.id());
    kit.settle();
    assertThat(waiting).isCompletedExceptionally();
    assertThat(a.connections()).isEmpty();
    assertThat(b.connections()).isEmpty();
  }

  @Test
  void knownPeersOnlyRefusesStrangersAndAcceptsManagedPeers() {
    PeerManagerConfig privateGroup = PeerManagerTestKit.config()
        .inbound(InboundPolicy.KNOWN_PEERS_ONLY, 10).build();
    PeerManager a = kit.manager(1, privateGroup, new InMemoryPeerStore());
    PeerManager stranger = kit.manager(2);
    PeerManager friend = kit.manager(3);
    a.start();
    stranger.start();
    friend.start();
    PeerEntry toA = addManaged(stranger, 1);
    kit.settle();
    assertThat(a.connections()).isEmpty();
    assertThat(stranger.peerState(toA.id()).orElseThrow().state()).isNotEqualTo(PeerState.CONNECTED);
    // Known by node id (from its ticket): an inbound connection is matched by the proven id alone.
    a.addPeer(a.newPeer(NetworkId.MAIN, address(3)).nodeId(friend.localNodeId())
        .flag(PeerFlag.AUTO_CONNECT, false).build());
    addManaged(friend, 1);
    kit.settle();
    assertThat(a.connections()).singleElement()
        .satisfies(c -> assertThat(c.remoteNodeId()).isEqualTo(friend.localNodeId()));
  }

  @Test
  void anyonePolicyHoldsTheInboundLimit() {
    PeerManagerConfig small = PeerManagerTestKit.config().inbound(InboundPolicy.ANYONE, 2).build();
    PeerManager hub = kit.manager(1, small, new InMemoryPeerStore());
    hub.start();
    for (int host = 2; host <= 6; host++) {
      PeerManager leaf = kit.manager(host);
      leaf.start();
      addManaged(leaf, 1);
    }
    kit.settle();
    assertThat(hub.connections()).hasSize(2);
  }

  @Test
  void bannedAddressesAndNodesAreRefusedAndDisconnected() {
    PeerManager a = kit.manager(1);
    PeerManager b = kit.manager(2);
    a.start();
    b.start();
    PeerEntry peer = addManaged(b, 1);
    kit.settle();
    assertThat(a.connections()).hasSize(1);
    PeerManagerTestKit.Recorder events = new PeerManagerTestKit.Recorder(a);
    a.ban(b.localNodeId(), Duration.ofHours(1), "spam");
    kit.settle();
    assertThat(a.connections()).isEmpty();
    assertThat(events.of(PeerEvent.PeerBanned.class)).hasSize(1);
    kit.run(Duration.ofMinutes(30));
    assertThat(a.connections()).isEmpty(); // b keeps retrying and is refused
    assertThat(b.peerState(peer.id()).orElseThrow().isConnected()).isFalse();
    assertThat(a.unban(b.localNodeId())).isTrue();
    assertThat(events.of(PeerEvent.PeerUnbanned.class)).hasSize(1);
    kit.run(Duration.ofHours(2));
    assertThat(a.connections()).hasSize(1);
  }

  @Test
  void anExpiredBanIsAnnouncedOnceAndTheNodeIsWelcomeAgain() {
    PeerManager a = kit.manager(1);
    PeerManager b = kit.manager(2);
    a.start();
    b.start();
    addManaged(b, 1);
    kit.settle();
    PeerManagerTestKit.Recorder events = new PeerManagerTestKit.Recorder(a);
    BanEntry ban = a.ban(b.localNodeId(), Duration.ofMinutes(10), "spam");
    Instant end = ban.until().orElseThrow();
    kit.run(Duration.ofMinutes(9));
    assertThat(events.of(PeerEvent.PeerUnbanned.class)).isEmpty();
    assertThat(a.connections()).isEmpty();
    kit.run(Duration.ofMinutes(2));
    a.bans(); // reading the list may sweep too; the expiry is still announced once
    kit.run(Duration.ofHours(2)); // b has been refused for ten minutes and is backing off
    assertThat(events.of(PeerEvent.PeerUnbanned.class)).singleElement().satisfies(e -> {
      assertThat(e.ban()).isEqualTo(ban);
      assertThat(e.at()).isBetween(end, end.plus(Duration.ofMinutes(1)));
    });
    assertThat(a.bans()).isEmpty();
    assertThat(a.connections()).hasSize(1);
  }

  /** Starts {@code a} and a node on host 2 that dials it; returns a's connection to that node. */
  private Connection dialledByHost2(PeerManager a) {
    PeerManager b = kit.manager(2);
    a.start();
    b.start();
    addManaged(b, 1);
    kit.settle();
    return a.connections().get(0);
  }

  @Test
  void misbehaviourReportedByTheHostCostsScoreLikeOneTheTransportReports() {
    InMemoryPeerStore store = new InMemoryPeerStore();
    PeerManager a = kit.manager(1, PeerManagerTestKit.config().build(), store);
    Connection toB = dialledByHost2(a);
    assertThat(a.reportMisbehaviour(toB, MisbehaviourKind.MALFORMED_MESSAGE, "bad block")).isEmpty();
    a.close(); // saves the scores
    ScoreState state = store.current().scores().get(address(2));
    assertThat(state).as("b's score after the host's report").isNotNull();
    assertThat(state.misbehaviourPoints())
        .isEqualTo(MisbehaviourKind.MALFORMED_MESSAGE.defaultWeight());
  }

  @Test
  void theConfigSetsMisbehaviourWeightsThresholdBanDurationAndOneHalfLife() {
    PeerManagerConfig strict = PeerManagerTestKit.config()
        .bans(BanPolicy.builder()
            .misbehaviourThreshold(50)
            .misbehaviourBanDuration(Duration.ofHours(2))
            .misbehaviourWeight(MisbehaviourKind.OTHER, 30)
            .misbehaviourWeight(MisbehaviourKind.RATE_LIMIT_EXCEEDED, 0)
            .build())
        .scoring(ScoringPolicy.defaults().toBuilder().misbehaviourHalfLife(Duration.ofMinutes(30)).build())
        .build();
    InMemoryPeerStore store = new InMemoryPeerStore();
    PeerManager a = kit.manager(1, strict, store);
    Connection toB = dialledByHost2(a);
    for (int i = 0; i < 20; i++) {
      assertThat(a.reportMisbehaviour(toB, MisbehaviourKind.RATE_LIMIT_EXCEEDED, "ignored kind")).isEmpty();
    }
    assertThat(a.reportMisbehaviour(toB, MisbehaviourKind.OTHER, "first")).isEmpty(); // 30 of 50
    kit.run(Duration.ofMinutes(30));
    // 15 left after the configured half-life (with the default hour, 21 and this would ban at 51)
    assertThat(a.reportMisbehaviour(toB, MisbehaviourKind.OTHER, "second")).isEmpty();
    Instant third = kit.time.instant();
    Optional<BanEntry> ban = a.reportMisbehaviour(toB, MisbehaviourKind.OTHER, "third");
    assertThat(ban).hasValueSatisfying(entry ->
        assertThat(entry.until()).contains(third.plus(Duration.ofHours(2))));
    a.close();
    // The score took the configured weights too: nothing for the ignored kind.
    assertThat(store.current().scores().get(address(2)).misbehaviourPoints()).isLessThan(90);
  }

  @Test
  void oneWrongNetworkContactIsAClearRefusalNotAMutualBan() {
    PeerManager a = kit.manager(1);
    PeerManager b = kit.manager(2, PeerManagerConfig.builder(NetworkId.TESTNET)
        .outbound(0, 0, 0).build(), new InMemoryPeerStore());
    a.start();
    b.start();
    PeerEntry peer = addManaged(a, 2);
    kit.settle();
    PeerStatus status = a.peerState(peer.id()).orElseThrow();
    assertThat(status.isConnected()).isFalse();
    assertThat(status.lastError()).hasValueSatisfying(error -> assertThat(error)
        .contains("main").contains("testnet"));
    assertThat(a.bans()).isEmpty();
    assertThat(b.bans()).isEmpty();
  }

  @Test
  void aManagedPeerClosedForInactivityShowsWhyAndBacksOff() {
    PeerManagerConfig quiet = PeerManagerTestKit.config().inactivityTimeout(Duration.ofMinutes(2)).build();
    PeerManager a = kit.manager(1, quiet, new InMemoryPeerStore());
    PeerManager b = kit.manager(2);
    a.start();
    b.start();
    PeerEntry peer = addManaged(a, 2);
    kit.settle();
    assertThat(a.peerState(peer.id()).orElseThrow().isConnected()).isTrue();
    PeerManagerTestKit.Recorder events = new PeerManagerTestKit.Recorder(a);
    kit.run(Duration.ofMinutes(3)); // nothing is sent: the link goes quiet
    List<PeerStatus> dropped = new ArrayList<>();
    for (PeerEvent event : events.events) {
      if (event instanceof PeerEvent.StateChanged changed && changed.status().id().equals(peer.id())
          && changed.previous() == PeerState.CONNECTED) {
        dropped.add(changed.status());
      }
    }
    assertThat(dropped).first().satisfies(status -> {
      assertThat(status.state()).isEqualTo(PeerState.BACKOFF);
      assertThat(status.lastError()).hasValueSatisfying(e -> assertThat(e).contains("TIMEOUT")
          .contains("no traffic for PT2M"));
      assertThat(status.failures()).isEqualTo(1);
      assertThat(status.nextAttempt()).isPresent();
    });
  }

  @Test
  void aHostsDisconnectHoldsAgainstAPeerThatRedialsUntilConnect() {
    PeerManager a = kit.manager(1);
    PeerManager b = kit.manager(2);
    a.start();
    b.start();
    PeerEntry bOnA = addManaged(a, 2);
    addManaged(b, 1); // b keeps redialling a on its own
    kit.settle();
    assertThat(a.connections()).hasSize(1);
    a.disconnect(bOnA.id());
    kit.run(Duration.ofMinutes(30));
    assertThat(a.connections()).isEmpty();
    assertThat(a.peerState(bOnA.id()).orElseThrow().state()).isEqualTo(PeerState.DISCONNECTED);
    assertThat(a.stats().inboundRefusedByReason()).containsKey("REQUESTED");
    a.connect(bOnA.id());
    kit.settle();
    assertThat(a.connections()).hasSize(1);
  }

  @Test
  void turningAutoConnectOffInBackoffLeavesADisconnectedPeerThatIsNotDialled() {
    PeerManager a = kit.manager(1);
    a.start();
    PeerEntry gone = addManaged(a, 5); // nothing listens there
    kit.settle();
    assertThat(a.peerState(gone.id()).orElseThrow().state()).isEqualTo(PeerState.BACKOFF);
    long dials = a.stats().dialsByPurpose().getOrDefault("MANAGED", 0L);
    a.updatePeer(gone.id(), p -> p.flag(PeerFlag.AUTO_CONNECT, false));
    PeerStatus status = a.peerState(gone.id()).orElseThrow();
    assertThat(status.state()).isEqualTo(PeerState.DISCONNECTED);
    assertThat(status.nextAttempt()).isEmpty();
    kit.run(Duration.ofHours(1));
    assertThat(a.peerState(gone.id()).orElseThrow().state()).isEqualTo(PeerState.DISCONNECTED);
    assertThat(a.stats().dialsByPurpose().getOrDefault("MANAGED", 0L)).isEqualTo(dials);
  }

  @Test
  void aPeerWaitingForADialSlotSaysSoAndDialsWhenOneFrees() {
    PeerManager a = kit.manager(1, PeerManagerTestKit.config().maxConcurrentDials(1).build(),
        new InMemoryPeerStore());
    a.start();
    kit.network.setDown(address(5), true); // the first dial hangs until its timeout
    PeerEntry slow = addManaged(a, 5);
    PeerEntry next = addManaged(a, 6);
    assertThat(a.peerState(slow.id()).orElseThrow().state()).isEqualTo(PeerState.CONNECTING);
    PeerStatus waiting = a.peerState(next.id()).orElseThrow();
    assertThat(waiting.state()).isEqualTo(PeerState.WAITING);
    assertThat(waiting.nextAttempt()).isEmpty();
    kit.run(a.config().dialTimeout().plusSeconds(1));
    assertThat(a.peerState(slow.id()).orElseThrow().state()).isEqualTo(PeerState.BACKOFF);
    assertThat(a.peerState(next.id()).orElseThrow().state()).isNotEqualTo(PeerState.WAITING);
    assertThat(a.stats().dialsByPurpose()).containsEntry("MANAGED", 2L);
  }

  /** Two started nodes on hosts 1 and 2, the one with the larger node id first. */
  private List<PeerManager> largerIdFirst() {
    PeerManager x = kit.manager(1);
    PeerManager y = kit.manager(2);
    x.start();
    y.start();
    return x.localNodeId().compareTo(y.localNodeId()) > 0 ? List.of(x, y) : List.of(y, x);
  }

  private static int hostOf(PeerManager manager, PeerManager one) {
    return manager == one ? 1 : 2;
  }

  @Test
  void addingAPeerThatAlreadyDialledUsAdoptsItsConnection() {
    List<PeerManager> pair = largerIdFirst();
    PeerManager a = pair.get(0);
    PeerManager b = pair.get(1); // the smaller node id: the tie-break keeps the link b dialled
    PeerManager first = kit.managers().get(kit.managers().size() - 2);
    addManaged(b, hostOf(a, first));
    kit.settle();
    assertThat(a.connections()).hasSize(1);
    PeerEntry added = addManaged(a, hostOf(b, first));
    kit.run(Duration.ofMinutes(1));
    PeerStatus status = a.peerState(added.id()).orElseThrow();
    assertThat(status.state()).isEqualTo(PeerState.CONNECTED);
    assertThat(a.connection(added.id())).isPresent();
    assertThat(a.connections()).hasSize(1);
    assertThat(a.stats().dialsByPurpose().getOrDefault("MANAGED", 0L)).isLessThanOrEqualTo(1);
  }

  @Test
  void whenBothSidesDialTheStatusFollowsTheConnectionThatStays() {
    for (int round = 0; round < 2; round++) {
      List<PeerManager> pair = largerIdFirst();
      PeerManager first = kit.managers().get(kit.managers().size() - 2);
      PeerManager a = pair.get(round);
      PeerManager b = pair.get(1 - round);
      PeerEntry bOnA = addManaged(a, hostOf(b, first));
      PeerEntry aOnB = addManaged(b, hostOf(a, first));
      kit.run(Duration.ofMinutes(1));
      for (PeerManager node : List.of(a, b)) {
        String id = node == a ? bOnA.id() : aOnB.id();
        PeerStatus status = node.peerState(id).orElseThrow();
        assertThat(status.state()).as("round %d", round).isEqualTo(PeerState.CONNECTED);
        assertThat(node.connection(id)).as("round %d", round).isPresent();
        assertThat(node.connections()).as("round %d", round).hasSize(1);
      }
      a.close();
      b.close();
    }
  }

  /** A transport whose inbound connections reach the manager only after a delay (a slow acceptor). */
  private Transport slowAcceptor(Transport inner, Duration delay) {
    return PeerManagerTestKit.interceptInbound(inner,
        (accept, connection) -> kit.time.schedule(() -> accept.accept(connection), delay));
  }

  @Test
  void aConnectedPeerMovesToTheConnectionTheTieBreakKeepsWithoutLeavingConnected() {
    // Both dial at once, but the larger id's manager sees the smaller id's connection 30 ms late, after
    // its own dial was admitted (and before the smaller id's close of that one arrives): the tie-break then
    // replaces an admitted connection with the one the smaller id dialled. The peer must move to it
    // without a detour through CONNECTING.
    NodeIdentity x = NodeIdentity.fromPrivateKey(new byte[32]);
    byte[] seed = new byte[32];
    seed[0] = 1;
    NodeIdentity y = NodeIdentity.fromPrivateKey(seed);
    boolean xIsLarger = x.nodeId().compareTo(y.nodeId()) > 0;
    int largerHost = 1;
    int smallerHost = 2;
    PeerManager larger = kit.manager(slowAcceptor(kit.network.transport(address(largerHost)),
        Duration.ofMillis(30)), PeerManagerTestKit.config().build(), new InMemoryPeerStore(),
        xIsLarger ? x : y);
    PeerManager smaller = kit.manager(kit.network.transport(address(smallerHost)),
        PeerManagerTestKit.config().build(), new InMemoryPeerStore(), xIsLarger ? y : x);
    larger.start();
    smaller.start();
    PeerManagerTestKit.Recorder onLarger = new PeerManagerTestKit.Recorder(larger);
    PeerEntry smallerOnLarger = addManaged(larger, smallerHost);
    addManaged(smaller, largerHost);
    kit.run(Duration.ofMinutes(1));
    List<PeerState> states = onLarger.statesOf(smallerOnLarger.id());
    assertThat(states).containsExactly(PeerState.CONNECTING, PeerState.CONNECTED);
    assertThat(larger.connection(smallerOnLarger.id())).hasValueSatisfying(connection ->
        assertThat(connection.direction()).isEqualTo(Direction.INBOUND)); // the one the smaller id dialled
    assertThat(larger.connections()).hasSize(1);
    assertThat(smaller.connections()).hasSize(1);
  }

  @Test
  void banningTheAddressAPeerIsConnectedOnEndsItsConnectionAndItsConnectedStatus() {
    PeerManager a = kit.manager(1);
    PeerManager b = kit.manager(2);
    a.start();
    b.start();
    // Two addresses: banning the one it is connected on does not ban the peer, but ends that connection.
    PeerEntry peer = a.addPeer(a.newPeer(NetworkId.MAIN, address(2)).addAddress(address(9)).build());
    kit.settle();
    assertThat(a.peerState(peer.id()).orElseThrow().state()).isEqualTo(PeerState.CONNECTED);
    a.ban(Subnet.single(address(2)), Duration.ofHours(1), "test ban");
    kit.run(Duration.ofMillis(100)); // the close is done; the retry (on the other address) is 1 s away
    PeerStatus status = a.peerState(peer.id()).orElseThrow();
    assertThat(a.connection(peer.id())).isEmpty();
    // A drop like any other: it backs off (its other address is retried later) and says why.
    assertThat(status.state()).isEqualTo(PeerState.BACKOFF);
    assertThat(status.nextAttempt()).isPresent();
    assertThat(status.lastError()).hasValueSatisfying(error -> assertThat(error).contains("BANNED"));
  }

  @Test
  void whenOurDialIsRefusedButTheirsIsAcceptedTheStatusFollowsTheirConnection() {
    PeerManager a = kit.manager(1);
    PeerManager b = kit.manager(2);
    a.start();
    b.start();
    // a's dial is refused one round trip after it began; b's dial reaches a after one latency, earlier.
    kit.network.failNextDials(address(2), 1, DialException.Failure.REFUSED);
    // b is known by node id: its inbound connection is a's peer at once (an address alone would make it
    // a stranger's until a's own dial succeeds; see PeerManagerFirstContactTest).
    PeerEntry bOnA = a.addPeer(a.newPeer(NetworkId.MAIN, address(2)).nodeId(b.localNodeId()).build());
    addManaged(b, 1);
    kit.run(Duration.ofMinutes(5));
    PeerStatus status = a.peerState(bOnA.id()).orElseThrow();
    assertThat(a.connection(bOnA.id())).isPresent();
    assertThat(status.state()).isEqualTo(PeerState.CONNECTED);
    assertThat(status.nextAttempt()).isEmpty();
    assertThat(status.lastError()).isEmpty();
    assertThat(a.stats().dialsByOutcome()).containsEntry("DUPLICATE_FAILED", 1L);
  }

  @Test
  void aConnectionTheRemoteRefusesAfterTheHandshakeIsAFailureNotASuccess() {
    PeerManager a = kit.manager(1);
    PeerManager b = kit.manager(2, PeerManagerTestKit.config()
        .inbound(InboundPolicy.KNOWN_PEERS_ONLY, 10).build(), new InMemoryPeerStore());
    a.start();
    b.start();
    PeerManagerTestKit.Recorder events = new PeerManagerTestKit.Recorder(a);
    PeerEntry peer = addManaged(a, 2); // b does not know a: it refuses right after the handshake
    kit.run(Duration.ofMillis(500)); // the refusal is back after two round trips; the retry after 1 s
    assertThat(events.statesOf(peer.id())).doesNotContain(PeerState.CONNECTED);
    PeerStatus status = a.peerState(peer.id()).orElseThrow();
    assertThat(status.state()).isEqualTo(PeerState.BACKOFF);
    assertThat(status.nextAttempt()).isPresent();
    assertThat(status.failures()).isEqualTo(1);
    assertThat(status.lastError()).hasValueSatisfying(error ->
        assertThat(error).contains("not admitted").contains("UNKNOWN_PEER"));
    PeerEntry entry = a.peer(peer.id()).orElseThrow();
    assertThat(entry.lastSuccess()).isEmpty();
    assertThat(entry.statistics().connections()).isZero();
    assertThat(a.connection(peer.id())).isEmpty();
  }

  @Test
  void pairingWithATicketConnectsAndIsIdempotent() {
    PeerManager a = kit.manager(1);
    PeerManager b = kit.manager(2);
    a.start();
    b.start();
    String text = b.ticket(Optional.of("laptop")).encode();
    PeerTicket ticket = PeerTicket.parse(text);
    PeerEntry added = a.addPeer(ticket, "My laptop");
    assertThat(added.source()).isEqualTo(PeerSource.TICKET);
    assertThat(added.nodeId()).contains(b.localNodeId());
    assertThat(added.label()).contains("My laptop");
    kit.settle();
    assertThat(a.peerState(added.id()).orElseThrow().isConnected()).isTrue();
    assertThat(a.addPeer(ticket, "again")).isEqualTo(a.peer(added.id()).orElseThrow());
    assertThat(a.peers(PeerQuery.all())).hasSize(1);
  }

  @Test
  void aTicketForAnotherNetworkAddsNothing() {
    PeerManager a = kit.manager(1);
    a.start();
    PeerTicket ticket = PeerTicket.of(NodeIdentity.fromSeed(9).nodeId(), List.of(address(9)),
        NetworkId.of("signet"), Optional.empty());
    assertThatThrownBy(() -> a.addPeer(ticket, "x"))
        .isInstanceOf(PeerManagerException.WrongNetworkException.class);
    assertThat(a.peers(PeerQuery.all())).isEmpty();
  }

  @Test
  void unsubscribedListenersHearNothingAndAThrowingListenerBreaksNoOther() {
    PeerManager a = kit.manager(1);
    a.start();
    List<PeerEvent> kept = new ArrayList<>();
    List<PeerEvent> dropped = new ArrayList<>();
    a.addListener(e -> {
      throw new IllegalStateException("listener bug");
    });
    a.addListener(kept::add);
    Subscription subscription = a.addListener(dropped::add);
    List<PeerStatus> states = new ArrayList<>();
    a.onPeerStateChange(states::add);
    addManaged(a, 2);
    int before = dropped.size();
    subscription.close();
    subscription.close(); // idempotent
    addManaged(a, 3);
    kit.settle();
    assertThat(dropped).hasSize(before);
    assertThat(kept.size()).isGreaterThan(before);
    assertThat(states).isNotEmpty();
  }

  @Test
  void aRestartFromTheStoreGivesTheSamePeersAndIdentityBack() {
    InMemoryPeerStore store = new InMemoryPeerStore();
    PeerManager first = kit.manager(1, PeerManagerTestKit.config().build(), store);
    first.registerDefaults(NetworkId.MAIN, List.of(address(7)));
    first.start();
    PeerEntry custom = addManaged(first, 2);
    first.addPeer(first.newPeer(NetworkId.TESTNET, address(3)).label("test").build());
    first.ban(Subnet.parse("203.0.113.0/24"), Duration.ZERO, "bad range");
    NodeId id = first.localNodeId();
    List<PeerEntry> before = first.peers(PeerQuery.all());
    first.close();

    // Same store, a fresh transport (the old one's address stays taken in this network).
    PeerManager second =
        kit.manager(kit.network.transport(address(11)), PeerManagerTestKit.config().build(), store);
    second.registerDefaults(NetworkId.MAIN, List.of(address(7)));
    second.start();
    assertThat(second.localNodeId()).isEqualTo(id);
    assertThat(second.peers(PeerQuery.all())).extracting(PeerEntry::id)
        .containsExactlyElementsOf(before.stream().map(PeerEntry::id).toList());
    assertThat(second.peer(custom.id()).orElseThrow().address()).isEqualTo(address(2));
    assertThat(second.bans()).singleElement()
        .satisfies(b -> assertThat(b.reason()).isEqualTo("bad range"));
  }

  @Test
  void changesAreSavedSoonAfterwardsWithoutBlockingTheCaller() {
    InMemoryPeerStore store = new InMemoryPeerStore();
    PeerManager a = kit.manager(1, PeerManagerTestKit.config().build(), store);
    a.start();
    int afterStart = store.saveCount();
    addManaged(a, 2);
    addManaged(a, 3);
    assertThat(store.saveCount()).isEqualTo(afterStart); // debounced, nothing written yet
    kit.run(Duration.ofSeconds(3));
    assertThat(store.saveCount()).isEqualTo(afterStart + 1);
    assertThat(store.current().peers()).hasSize(2);
  }

  @Test
  void aFailingStoreIsReportedAndRetried() {
    FlakyStore store = new FlakyStore();
    PeerManager a = kit.manager(1, PeerManagerTestKit.config().build(), store);
    a.start();
    PeerManagerTestKit.Recorder events = new PeerManagerTestKit.Recorder(a);
    store.failing = true;
    addManaged(a, 2);
    kit.run(Duration.ofSeconds(3));
    assertThat(events.of(PeerEvent.StoreFailed.class)).singleElement()
        .satisfies(e -> assertThat(e.message()).contains("disk full"));
    store.failing = false;
    kit.run(Duration.ofSeconds(31));
    assertThat(store.saved).isNotNull();
    assertThat(store.saved.peers()).hasSize(1);
  }

  @Test
  void closeFromAShutdownHookThreadIsIdempotentAndSaves() throws Exception {
    // Threads other tests left behind on purpose (the shared DNS pool idles out after 30 s) are not
    // this manager's: only threads that appear from here on count.
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    InMemoryPeerStore store = new InMemoryPeerStore();
    PeerManager a = PeerManager.builder().config(PeerManagerTestKit.config().build())
        .transport(kit.network.transport(address(1))).store(store).build();
    a.start();
    addManaged(a, 2);
    Thread hook = new Thread(a::close, "shutdown-hook");
    hook.start();
    a.close();
    hook.join(10_000);
    assertThat(hook.isAlive()).isFalse();
    assertThat(a.isRunning()).isFalse();
    assertThat(store.current().peers()).hasSize(1);
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(
        t -> t.isAlive() && t.getName().startsWith("peerage-") && !before.contains(t));
    assertThatThrownBy(a::start).isInstanceOf(IllegalStateException.class);
  }

  /** A store that fails on demand, like a full disk. */
  private static final class FlakyStore implements PeerStore {
    volatile boolean failing;
    volatile PeerSnapshot saved;

    @Override
    public PeerSnapshot load() {
      return PeerSnapshot.empty();
    }

    @Override
    public void save(PeerSnapshot snapshot) throws PeerStoreException {
      if (failing) {
        throw new PeerStoreException("disk full while writing peers.json.tmp");
      }
      saved = snapshot;
    }

    @Override
    public void close() {}
  }
}
