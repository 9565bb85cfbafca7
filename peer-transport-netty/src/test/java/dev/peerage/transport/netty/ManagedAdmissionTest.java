package dev.peerage.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peerage.core.InboundPolicy;
import dev.peerage.core.PeerManager;
import dev.peerage.core.PeerManagerConfig;
import dev.peerage.core.PeerState;
import dev.peerage.core.PeerStatus;
import dev.peerage.core.Subscription;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.core.spi.InMemoryPeerStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Peer managers over TCP count a connection as CONNECTED only once the remote admitted it: a node
 * that refuses strangers never shows up as connected on the stranger's side.
 */
class ManagedAdmissionTest {
  private final ManagedNodes nodes = new ManagedNodes();

  @AfterEach
  void closeAll() {
    nodes.close();
  }

  private static PeerManagerConfig knownPeersOnly() {
    return ManagedNodes.config(40).toBuilder()
        .inbound(InboundPolicy.KNOWN_PEERS_ONLY, 40)
        .build();
  }

  private record Node(PeerManager manager, ObservedTransport transport) {
    /** Where the node listens, once its transport has started. */
    PeerAddress address() {
      return transport.address();
    }
  }

  private Node start(PeerManagerConfig config) {
    ObservedTransport transport = new ObservedTransport(ManagedNodes.transportOn(0).build());
    return new Node(nodes.start(transport, new InMemoryPeerStore(), config), transport);
  }

  @Test
  void aStrangerRefusedRightAfterTheHandshakeNeverLooksConnectedAndBacksOffWithTheReason() {
    Node closed = start(knownPeersOnly());
    PeerManager stranger = start(ManagedNodes.config(40)).manager();
    List<PeerStatus> seen = new CopyOnWriteArrayList<>();
    CompletableFuture<PeerStatus> backedOff = new CompletableFuture<>();
    PeerEntry peer;
    try (Subscription ignored = stranger.onPeerStateChange(status -> {
      seen.add(status);
      if (status.state() == PeerState.BACKOFF) {
        backedOff.complete(status);
      }
    })) {
      peer = ManagedNodes.add(stranger, closed.address());
      PeerStatus backoff = TestNodes.await(backedOff);

      assertThat(backoff.peer().id()).isEqualTo(peer.id());
      assertThat(backoff.lastError()).hasValueSatisfying(error -> assertThat(error)
          .isEqualTo("not admitted by the remote: UNKNOWN_PEER: this node accepts known peers only"));
    }
    assertThat(seen).extracting(PeerStatus::state)
        .contains(PeerState.CONNECTING)
        .doesNotContain(PeerState.CONNECTED);
    PeerEntry after = stranger.peer(peer.id()).orElseThrow();
    assertThat(after.lastSuccess()).isEmpty();
    assertThat(after.statistics().connections()).isZero();
  }

  @Test
  void aKnownPeerIsConnectedOnBothSidesOnceBothAdmitted() {
    Node serverNode = start(knownPeersOnly());
    Node clientNode = start(ManagedNodes.config(40));
    PeerManager server = serverNode.manager();
    PeerManager client = clientNode.manager();
    // The server knows the client's node id, so it admits the client's dial.
    PeerEntry clientAtServer = server.addPeer(server.newPeer(TestNodes.NETWORK,
        clientNode.address()).nodeId(client.localNodeId()).build());
    PeerEntry toServer = ManagedNodes.add(client, serverNode.address());

    PeerStatus connected = ManagedNodes.awaitState(client, toServer.id(), PeerState.CONNECTED);
    assertThat(connected.lastError()).isEmpty();
    ManagedNodes.awaitState(server, clientAtServer.id(), PeerState.CONNECTED);
    assertThat(client.peer(toServer.id()).orElseThrow().lastSuccess()).isPresent();
  }
}
