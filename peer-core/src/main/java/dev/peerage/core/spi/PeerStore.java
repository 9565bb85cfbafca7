package dev.peerage.core.spi;

/**
 * Persists a node's peer state as whole {@link PeerSnapshot}s. Peerage ships {@link InMemoryPeerStore} and
 * a crash-safe JSON store; a host may implement its own (a database table, a key-value store).
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li>The manager calls {@link #load()} once when it starts, and {@link #save} afterwards; it never calls
 *       two methods at once, so implementations need no locking of their own. Saves run on the manager's
 *       store executor, never on a caller's thread, except the final save in {@code close()}.
 *   <li>{@link #load()} of a store that holds nothing returns {@link PeerSnapshot#empty()}. A damaged store
 *       should fall back (to a backup, or empty) and say so in its logs rather than fail: a node must start.
 *   <li>{@link #save} is atomic: after a crash at any instant, the next load sees the previous or the new
 *       snapshot, never a mix. A failed save throws {@link PeerStoreException} and leaves the previous
 *       snapshot intact; the manager reports it and retries later.
 *   <li>Snapshots are immutable; a store may keep a reference.
 * </ul>
 */
public interface PeerStore extends AutoCloseable {
  /**
   * Reads the last saved snapshot.
   *
   * @return the snapshot, or an empty one if nothing was saved
   * @throws PeerStoreException if the store cannot be read at all (for example, it is locked by another
   *     process)
   */
  PeerSnapshot load() throws PeerStoreException;

  /**
   * Replaces the stored snapshot, atomically and durably.
   *
   * @param snapshot the state to store
   * @throws PeerStoreException if the snapshot could not be stored; the previous one is intact
   */
  void save(PeerSnapshot snapshot) throws PeerStoreException;

  /** Releases the store (locks, file handles); idempotent. Does not save. */
  @Override
  void close();
}
