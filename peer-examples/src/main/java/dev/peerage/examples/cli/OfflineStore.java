package dev.peerage.examples.cli;

import dev.peerage.core.PeerManager;
import dev.peerage.core.PeerManagerConfig;
import dev.peerage.core.address.NetworkId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.peer.PeerEntry;
import dev.peerage.core.spi.PeerSnapshot;
import dev.peerage.core.spi.PeerStore;
import dev.peerage.core.spi.PeerStoreException;
import dev.peerage.core.testing.InMemoryNetwork;
import dev.peerage.core.testing.VirtualTime;
import dev.peerage.store.json.JsonPeerStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A store directory opened for editing while its node is not running. The edit goes through a real
 * {@link PeerManager}, so every rule (limits, protected defaults, address checks) applies exactly as
 * in a running node; the manager runs on an in-memory transport and a clock that never advances, so
 * it never dials anyone.
 *
 * <p>Closing saves the store only if the command said it {@linkplain #changed() changed
 * something}: a command that only reads, or that fails, leaves {@code peers.json} and its backup
 * exactly as they were (a save would rewrite the file and rotate the backup away). Every save the
 * manager attempts goes through a gate that drops it until then. Not thread-safe: one command uses
 * it at a time.
 */
final class OfflineStore implements AutoCloseable {
  /** Where the offline manager pretends to listen when the caller gives no address. */
  private static final PeerAddress NOWHERE = PeerAddress.parse("127.0.0.1:1");

  private final PeerManager manager;
  private final SaveGate gate;
  private final boolean hadIdentity;

  private OfflineStore(PeerManager manager, SaveGate gate, boolean hadIdentity) {
    this.manager = manager;
    this.gate = gate;
    this.hadIdentity = hadIdentity;
  }

  /**
   * Opens a store directory that already holds a store, for a command that reads it or changes
   * what is in it. A missing path, or a directory with neither {@value JsonPeerStore#SNAPSHOT_FILE}
   * nor {@value JsonPeerStore#BACKUP_FILE}, is refused before anything is created: a mistyped
   * {@code --store} must not make up a new identity and an empty list.
   *
   * @param directory the store directory
   * @param network the network to use; lists of other networks in the store are kept untouched
   * @param listen the address the node listens on, or null if unknown
   * @return the opened store, with its manager started
   * @throws MissingStoreException if there is no store at {@code directory}
   * @throws PeerStoreException if the directory cannot be opened or read (for example, a running
   *     node holds it, or it is a regular file)
   */
  static OfflineStore openExisting(Path directory, NetworkId network, PeerAddress listen)
      throws PeerStoreException {
    if (Files.notExists(directory, LinkOption.NOFOLLOW_LINKS)) {
      throw new MissingStoreException(directory + " does not exist, so there is no store to read;"
          + " check --store (the commands that change a store, such as 'peers add', 'peers"
          + " import' and 'node', create one)");
    }
    if (Files.isDirectory(directory)
        && !Files.exists(directory.resolve(JsonPeerStore.SNAPSHOT_FILE))
        && !Files.exists(directory.resolve(JsonPeerStore.BACKUP_FILE))) {
      throw new MissingStoreException(directory + " is not a Peerage store: it has no "
          + JsonPeerStore.SNAPSHOT_FILE + " or " + JsonPeerStore.BACKUP_FILE + "; check --store");
    }
    return open(directory, network, listen);
  }

  /**
   * Opens a store directory for a command that adds to it, creating the directory (and, on the
   * first save, the store and a node identity) if missing.
   *
   * @param directory the store directory
   * @param network the network to edit; lists of other networks in the store are kept untouched
   * @param listen the address the node listens on, or null if unknown
   * @return the opened store, with its manager started
   * @throws PeerStoreException if the directory cannot be created, opened or read (for example, a
   *     running node holds it)
   */
  static OfflineStore openOrCreate(Path directory, NetworkId network, PeerAddress listen)
      throws PeerStoreException {
    return open(directory, network, listen);
  }

  private static OfflineStore open(Path directory, NetworkId network, PeerAddress listen)
      throws PeerStoreException {
    // Lists of networks the manager does not serve are dropped on load, so serve them all.
    Set<NetworkId> stored = new LinkedHashSet<>();
    boolean hadIdentity;
    try (JsonPeerStore probe = JsonPeerStore.open(directory)) {
      PeerSnapshot snapshot = probe.load();
      hadIdentity = snapshot.identity().isPresent();
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
    SaveGate gate = new SaveGate(JsonPeerStore.open(directory));
    PeerManager manager = PeerManager.builder()
        .config(config)
        .transport(nowhere.transport(listen == null ? NOWHERE : listen))
        .store(gate)
        .clock(time)
        .scheduler(time)
        .build();
    try {
      manager.start();
    } catch (RuntimeException e) {
      manager.close(); // the gate is shut, so this only releases the directory
      throw e;
    }
    return new OfflineStore(manager, gate, hadIdentity);
  }

  /**
   * The started manager to edit through.
   *
   * @return the manager
   */
  PeerManager manager() {
    return manager;
  }

  /**
   * Whether the store held a node identity when it was opened. If not, the manager made one up,
   * which only a command that hands it out (a ticket) should keep, by calling {@link #changed()}.
   *
   * @return true if the identity came from the store
   */
  boolean hadIdentity() {
    return hadIdentity;
  }

  /**
   * Records that the command changed the store, so that {@link #close()} saves it. Call it after
   * the change succeeded; a command that never calls it leaves the files untouched.
   */
  void changed() {
    gate.open();
  }

  /**
   * Saves the store if the command {@linkplain #changed() changed it}, and releases the directory.
   *
   * @throws PeerStoreException if the save failed; the files then hold the previous save
   */
  @Override
  public void close() throws PeerStoreException {
    manager.close();
    gate.throwIfSaveFailed();
  }

  /**
   * There is no store where a read-only command was pointed. Bad input: the message names the
   * path.
   */
  static final class MissingStoreException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    MissingStoreException(String message) {
      super(message);
    }
  }

  /**
   * The store the offline manager writes through: saves are dropped until the command reports a
   * change, and a failed save is kept to be rethrown on close (the manager itself only logs it).
   */
  private static final class SaveGate implements PeerStore {
    private final JsonPeerStore store;
    private volatile boolean open;
    private volatile PeerStoreException failure;

    SaveGate(JsonPeerStore store) {
      this.store = store;
    }

    void open() {
      open = true;
    }

    void throwIfSaveFailed() throws PeerStoreException {
      PeerStoreException e = failure;
      if (e != null) {
        throw e;
      }
    }

    @Override
    public PeerSnapshot load() throws PeerStoreException {
      return store.load();
    }

    @Override
    public void save(PeerSnapshot snapshot) throws PeerStoreException {
      if (!open) {
        return; // nothing changed yet: the files stay byte for byte as they are
      }
      try {
        store.save(snapshot);
        failure = null;
      } catch (PeerStoreException e) {
        failure = e;
        throw e;
      }
    }

    @Override
    public void close() {
      store.close();
    }
  }
}
