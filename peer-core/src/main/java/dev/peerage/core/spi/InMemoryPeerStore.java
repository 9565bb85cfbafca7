package dev.peerage.core.spi;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link PeerStore} that keeps the last snapshot in memory: for tests, simulations and hosts that
 * persist elsewhere. Survives a manager restart within one JVM, not a process restart. Thread-safe.
 */
public final class InMemoryPeerStore implements PeerStore {
  private volatile PeerSnapshot snapshot;
  private final AtomicInteger saves = new AtomicInteger();

  /** Creates an empty store. */
  public InMemoryPeerStore() {
    this(PeerSnapshot.empty());
  }

  /**
   * Creates a store holding a snapshot.
   *
   * @param initial the snapshot {@link #load()} returns until the first save
   */
  public InMemoryPeerStore(PeerSnapshot initial) {
    this.snapshot = Objects.requireNonNull(initial, "initial");
  }

  @Override
  public PeerSnapshot load() {
    return snapshot;
  }

  @Override
  public void save(PeerSnapshot snapshot) {
    this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
    saves.incrementAndGet();
  }

  /**
   * The last saved (or initial) snapshot.
   *
   * @return the snapshot
   */
  public PeerSnapshot current() {
    return snapshot;
  }

  /**
   * How many times {@link #save} was called.
   *
   * @return the count
   */
  public int saveCount() {
    return saves.get();
  }

  @Override
  public void close() {}
}
