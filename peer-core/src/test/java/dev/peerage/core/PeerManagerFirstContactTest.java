package dev.peerage.core;

import static dev.peerage.core.PeerManagerTestKit.address;
import static org.assertj.core.api.Assertions.assertThat;

import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.TimestampedAddress;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.ConnectionHandler;
import dev.peerage.core.spi.Direction;
import dev.peerage.core.spi.DisconnectReason;
import dev.peerage.core.spi.InMemoryPeerStore;

import dev.peerage.core.spi.Transport;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Trust on first use: a managed peer added by address alone learns its node id only from a connection
 * this node dialled to that address. The listen address in an inbound peer's hello is a claim nobody
 * checked, so it must never pin an identity, adopt a managed peer, or lift the inbound limits.
 */
class PeerManagerFirstContactTest {
  private static final PeerAddress REAL = address(2); // 10.0.0.2:9000, the peer the host added
  private static final PeerAddress IMPOSTOR = PeerAddress.parse("10.0.0.2:9001"); // same IP

  private final PeerManagerTestKit kit = new PeerManagerTestKit();

  @AfterEach
  void close() {
    kit.close();
  }

  @Test
  void anInboundClaimOfAManagedPeersAddressNeverPinsItsNodeIdUnderKnownPeersOnly() {
    PeerManager victim = victim(InboundPolicy.KNOWN_PEERS_ONLY, 40);
    PeerManager real = kit.manager(kit.network.transport(REAL), PeerManagerTestKit.config().build(),
        new InMemoryPeerStore());
    PeerManager impostor = kit.manager(kit.network.transport(IMPOSTOR),
        PeerManagerTestKit.config().build(), new InMemoryPeerStore());
    kit.network.setDown(REAL, true); // the real peer is away when the impostor calls
    victim.start();
    real.start();
    impostor.start();
    PeerEntry added = victim.addPeer(victim.newPeer(NetworkId.MAIN, REAL).build());
    impostor.addPeer(impostor.newPeer(NetworkId.MAIN, address(1)).build());
    kit.run(Duration.ofSeconds(30));

    // The impostor is a stranger: refused, and its node id is nowhere in the victim's entry.
    assertThat(impostor.connections()).isEmpty();
    assertThat(victim.connections()).isEmpty();
    assertThat(victim.peer(added.id()).orElseThrow().nodeId()).isEmpty();

    // The real peer comes back: the victim's own dial reaches it, and only that pins its node id.
    kit.network.setDown(REAL, false);
    kit.run(Duration.ofMinutes(5));
    assertThat(victim.peerState(added.id()).orElseThrow().state()).isEqualTo(PeerState.CONNECTED);
    assertThat(victim.peer(added.id()).orElseThrow().nodeId()).contains(nodeIdOf(real));
  }

  @Test
  void anInboundClaimUnderAnyoneIsADiscoveredPeerNotTheManagedOne() {
    PeerManager victim = victim(InboundPolicy.ANYONE, 40);
    PeerManager impostor = kit.manager(kit.network.transport(IMPOSTOR),
        PeerManagerTestKit.config().build(), new InMemoryPeerStore());
    kit.network.setDown(REAL, true);
    victim.start();
    impostor.start();
    PeerEntry added = victim.addPeer(victim.newPeer(NetworkId.MAIN, REAL).build());
    impostor.addPeer(impostor.newPeer(NetworkId.MAIN, address(1)).build());
    kit.run(Duration.ofSeconds(30));

    // Admitted as anyone may be, but as a discovered peer: the managed entry stays unconnected and
    // unpinned, however often the impostor calls.
    assertThat(victim.connections()).hasSize(1);
    assertThat(victim.connection(added.id())).isEmpty();
    assertThat(victim.peerState(added.id()).orElseThrow().state()).isNotEqualTo(PeerState.CONNECTED);
    assertThat(victim.peer(added.id()).orElseThrow().nodeId()).isEmpty();
  }

  @Test
  void addingAPeerByAddressDoesNotAdoptAnInboundConnectionThatOnlyClaimsThatAddress() {
    PeerManager victim = victim(InboundPolicy.ANYONE, 40);
    PeerManager impostor = kit.manager(kit.network.transport(IMPOSTOR),
        PeerManagerTestKit.config().build(), new InMemoryPeerStore());
    kit.network.setDown(REAL, true);
    victim.start();
    impostor.start();
    impostor.addPeer(impostor.newPeer(NetworkId.MAIN, address(1)).build());
    kit.settle();
    assertThat(victim.connections()).hasSize(1); // the impostor, claiming 10.0.0.2:9000

    PeerEntry added = victim.addPeer(victim.newPeer(NetworkId.MAIN, REAL).build());
    kit.run(Duration.ofSeconds(30));
    assertThat(victim.connection(added.id())).isEmpty();
    assertThat(victim.peer(added.id()).orElseThrow().nodeId()).isEmpty();
  }

  @Test
  void anInboundClaimOfAManagedPeersAddressDoesNotLiftTheInboundLimit() {
    PeerManager victim = victim(InboundPolicy.ANYONE, 0); // no room for strangers at all
    PeerManager impostor = kit.manager(kit.network.transport(IMPOSTOR),
        PeerManagerTestKit.config().build(), new InMemoryPeerStore());
    kit.network.setDown(REAL, true);
    victim.start();
    impostor.start();
    victim.addPeer(victim.newPeer(NetworkId.MAIN, REAL).build());
    PeerManagerTestKit.Recorder events = new PeerManagerTestKit.Recorder(victim);
    impostor.addPeer(impostor.newPeer(NetworkId.MAIN, address(1)).build());
    kit.run(Duration.ofSeconds(5));
    assertThat(victim.connections()).isEmpty();
    assertThat(events.of(PeerEvent.InboundRefused.class)).isNotEmpty().allSatisfy(refused ->
        assertThat(refused.code()).isEqualTo(DisconnectReason.Code.TOO_MANY_PEERS));
  }

  /**
   * The victim at 10.0.0.1:9000. Every inbound connection from the impostor's IP claims the real peer's
   * listen address, as a forged hello would over a real transport.
   */
  private PeerManager victim(InboundPolicy policy, int maxInbound) {
    Transport lying = PeerManagerTestKit.interceptInbound(kit.network.transport(address(1)),
        (accept, connection) -> accept.accept(
            connection.advertisedAddress().equals(Optional.of(IMPOSTOR))
                ? new ClaimingConnection(connection, REAL) : connection));
    return kit.manager(lying, PeerManagerTestKit.config().inbound(policy, maxInbound).build(),
        new InMemoryPeerStore());
  }

  private static NodeId nodeIdOf(PeerManager manager) {
    return manager.localNodeId();
  }

  /** A connection whose hello claimed another listen address than the one its node really has. */
  private record ClaimingConnection(Connection inner, PeerAddress claimed) implements Connection {
    @Override
    public NodeId remoteNodeId() {
      return inner.remoteNodeId();
    }

    @Override
    public PeerAddress remoteAddress() {
      return inner.remoteAddress();
    }

    @Override
    public Optional<PeerAddress> advertisedAddress() {
      return Optional.of(claimed);
    }

    @Override
    public Direction direction() {
      return inner.direction();
    }

    @Override
    public NetworkId network() {
      return inner.network();
    }

    @Override
    public void activate(ConnectionHandler handler) {
      inner.activate(handler);
    }

    @Override
    public CompletionStage<Void> remoteAdmitted() {
      return inner.remoteAdmitted();
    }

    @Override
    public CompletionStage<Void> send(int channel, byte[] payload) {
      return inner.send(channel, payload);
    }

    @Override
    public CompletionStage<List<TimestampedAddress>> requestAddresses() {
      return inner.requestAddresses();
    }

    @Override
    public int maxPayloadSize() {
      return inner.maxPayloadSize();
    }

    @Override
    public void close(DisconnectReason reason) {
      inner.close(reason);
    }

    @Override
    public CompletionStage<DisconnectReason> closed() {
      return inner.closed();
    }

    @Override
    public long bytesIn() {
      return inner.bytesIn();
    }

    @Override
    public long bytesOut() {
      return inner.bytesOut();
    }

    @Override
    public Optional<Duration> latency() {
      return inner.latency();
    }
  }
}
