package dev.peerage.examples.cli;

import dev.peerage.core.PeerManager;
import dev.peerage.core.PeerManagerConfig;
import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.core.spi.PeerSnapshot;
import dev.peerage.core.spi.PeerStoreException;
import dev.peerage.core.testing.InMemoryNetwork;
import dev.peerage.core.testing.VirtualTime;
import dev.peerage.store.json.JsonPeerStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A store directory opened for editing while its node is not running. The edit goes through a real
 * {@link PeerManager}, so every rule (limits, protected defaults, address checks) applies exactly as
 * in a running node; the manager runs on an in-memory transport and a clock that never advances, so
 * it never dials anyone. Closing saves the store. Not thread-safe: one command uses it at a time.
 */
final class OfflineStore implements AutoCloseable {
  /** Where the offline manager pretends to listen when the caller gives no address. */
  private static final PeerAddress NOWHERE = PeerAddress.parse("127.0.0.1:1");

  private final PeerManager manager;

  private OfflineStore(PeerManager manager) {
    this.manager = manager;
  }

  /**
   * Opens a store directory (created if missing) for the given network.
   *
   * @param directory the store directory
   * @param network the network to edit; lists of other networks in the store are kept untouched
   * @param listen the address the node listens on, or null if unknown
   * @return the opened store, with its manager started
   * @throws PeerStoreException if the directory cannot be opened or read (for example, a running
   *     node holds it)
   */
  static OfflineStore open(Path directory, NetworkId network, PeerAddress listen)
      throws PeerStoreException {
    // Lists of networks the manager does not serve are dropped on load, so serve them all.
    Set<NetworkId> stored = new LinkedHashSet<>();
    try (JsonPeerStore probe = JsonPeerStore.open(directory)) {
      PeerSnapshot snapshot = probe.load();
      for (PeerEntry peer : snapshot.peers()) {
        stored.add(peer.network());
      }
    }
    stored.remove(network);
    PeerManagerConfig config = PeerManagerConfig.builder(network)
        .alsoKeepListsFor(stored.toArray(NetworkId[]::new))
        .outbound(0, 0, 0)
        .build();
    VirtualTime time = new VirtualTime(Instant.now());
    InMemoryNetwork nowhere = InMemoryNetwork.builder().scheduler(time).build();
    PeerManager manager = PeerManager.builder()
        .config(config)
        .transport(nowhere.transport(listen == null ? NOWHERE : listen))
        .store(JsonPeerStore.open(directory))
        .clock(time)
        .scheduler(time)
        .build();
    manager.start();
    return new OfflineStore(manager);
  }

  /**
   * The started manager to edit through.
   *
   * @return the manager
   */
  PeerManager manager() {
    return manager;
  }

  /** Saves the store and releases the directory. */
  @Override
  public void close() {
    manager.close();
  }
}
