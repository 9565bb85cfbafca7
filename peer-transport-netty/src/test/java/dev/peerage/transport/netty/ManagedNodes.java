package dev.peerage.transport.netty;

import dev.peerage.core.ExponentialBackoff;
import dev.peerage.core.InboundPolicy;
import dev.peerage.core.PeerManager;
import dev.peerage.core.PeerManagerConfig;
import dev.peerage.core.PeerState;
import dev.peerage.core.PeerStatus;
import dev.peerage.core.Subscription;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.book.AddressBookConfig;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.core.spi.PeerStore;
import dev.peerage.core.spi.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Peer managers on Netty transports over 127.0.0.1, closed by {@link #close()}. */
final class ManagedNodes implements AutoCloseable {
  private final List<PeerManager> managers = new ArrayList<>();

  /** Fast backoff, loopback addresses in the book, no answer cache: a LAN of test nodes. */
  static PeerManagerConfig config(int maxInbound) {
    return PeerManagerConfig.builder(TestNodes.NETWORK)
        .inbound(InboundPolicy.ANYONE, maxInbound)
        .addressBook(AddressBookConfig.builder()
            .routableOnly(false)
            .shareLimits(1000, 100)
            .shareCache(Duration.ZERO, 1)
            .build())
        .reconnect(ExponentialBackoff.builder()
            .base(Duration.ofMillis(100))
            .caps(Duration.ofMillis(400), Duration.ofMillis(400))
            .build(), Duration.ofMinutes(10))
        .build();
  }

  static NettyTransport.Builder transportOn(int port) {
    return NettyTransport.builder()
        .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
        .ioThreads(1);
  }

  PeerManager start(Transport transport, PeerStore store, int maxInbound) {
    return start(transport, store, config(maxInbound));
  }

  PeerManager start(Transport transport, PeerStore store, PeerManagerConfig config) {
    PeerManager manager = PeerManager.builder()
        .config(config)
        .transport(transport)
        .store(store)
        .build();
    managers.add(manager);
    manager.start();
    return manager;
  }

  static PeerEntry add(PeerManager manager, PeerAddress address) {
    return manager.addPeer(manager.newPeer(TestNodes.NETWORK, address).build());
  }

  /** Waits until the managed peer reaches {@code state}; returns the status it reached. */
  static PeerStatus awaitState(PeerManager manager, String peerId, PeerState state) {
    CompletableFuture<PeerStatus> reached = new CompletableFuture<>();
    try (Subscription ignored = manager.onPeerStateChange(status -> {
      if (status.id().equals(peerId) && status.state() == state) {
        reached.complete(status);
      }
    })) {
      manager.peerState(peerId).filter(s -> s.state() == state).ifPresent(reached::complete);
      return TestNodes.await(reached);
    }
  }

  @Override
  public void close() {
    for (PeerManager manager : managers) {
      manager.close();
    }
  }
}
