package dev.peerage.core.book;

import dev.peerage.core.address.PeerAddress;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The complete state of an address book: its secret key, its table geometry, the book-wide last-good time
 * and every entry with the metadata placement and quality rules need, including the new-table buckets each
 * entry occupies. Restoring a snapshot into a book of the same geometry reproduces the placement exactly;
 * into another geometry, entries are re-bucketed.
 *
 * <p>Immutable. The key is secret: {@link #toString()} never prints it, and {@link #key()} returns a copy.
 *
 * @param key the 16-byte SipHash key the placement was computed with
 * @param newBuckets buckets in the new table
 * @param triedBuckets buckets in the tried table
 * @param bucketSize slots per bucket
 * @param newBucketsPerSourceGroup see {@link AddressBookConfig#newBucketsPerSourceGroup()}
 * @param triedBucketsPerGroup see {@link AddressBookConfig#triedBucketsPerGroup()}
 * @param lastGood the last time any address was marked good (drives the offline rule), if ever
 * @param entries every entry, in no particular order
 * @param collisions addresses waiting for a tried-table collision to be resolved, in order
 */
public record AddressBookSnapshot(
    byte[] key,
    int newBuckets,
    int triedBuckets,
    int bucketSize,
    int newBucketsPerSourceGroup,
    int triedBucketsPerGroup,
    Optional<Instant> lastGood,
    List<Entry> entries,
    List<PeerAddress> collisions) {
  /**
   * Checks the components.
   *
   * @param key the 16-byte SipHash key the placement was computed with
   * @param newBuckets buckets in the new table
   * @param triedBuckets buckets in the tried table
   * @param bucketSize slots per bucket
   * @param newBucketsPerSourceGroup see {
   * @param triedBucketsPerGroup see {
   * @param lastGood the last time any address was marked good (drives the offline rule), if ever
   * @param entries every entry, in no particular order
   * @param collisions addresses waiting for a tried-table collision to be resolved, in order
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if the key is not 16 bytes or a size is not positive
   */
  public AddressBookSnapshot {
    Objects.requireNonNull(key, "key");
    if (key.length != 16) {
      throw new IllegalArgumentException("key must be 16 bytes, was " + key.length);
    }
    key = key.clone();
    if (newBuckets <= 0 || triedBuckets <= 0 || bucketSize <= 0 || newBucketsPerSourceGroup <= 0
        || triedBucketsPerGroup <= 0) {
      throw new IllegalArgumentException("table sizes must be positive, were new=" + newBuckets
          + " tried=" + triedBuckets + " bucketSize=" + bucketSize + " perSourceGroup="
          + newBucketsPerSourceGroup + " perGroup=" + triedBucketsPerGroup);
    }
    Objects.requireNonNull(lastGood, "lastGood");
    entries = List.copyOf(entries);
    collisions = List.copyOf(collisions);
  }

  /**
   * Returns a copy of the secret key.
   *
   * @return 16 bytes
   */
  @Override
  public byte[] key() {
    return key.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AddressBookSnapshot s
        && Arrays.equals(key, s.key)
        && newBuckets == s.newBuckets
        && triedBuckets == s.triedBuckets
        && bucketSize == s.bucketSize
        && newBucketsPerSourceGroup == s.newBucketsPerSourceGroup
        && triedBucketsPerGroup == s.triedBucketsPerGroup
        && lastGood.equals(s.lastGood)
        && entries.equals(s.entries)
        && collisions.equals(s.collisions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(key), newBuckets, triedBuckets, bucketSize, lastGood, entries);
  }

  @Override
  public String toString() {
    return "AddressBookSnapshot{new=" + newBuckets + "x" + bucketSize + ", tried=" + triedBuckets + "x"
        + bucketSize + ", entries=" + entries.size() + ", collisions=" + collisions.size() + "}";
  }

  /**
   * One address of the book with everything needed to restore it.
   *
   * @param address the address
   * @param source the peer that announced it first
   * @param lastSeen when it was last known to be active
   * @param lastTry the last connection attempt, if any
   * @param lastCountedAttempt the last attempt that counted as a failure, if any
   * @param lastSuccess the last successful connection, if any
   * @param attempts counted failures since the last success, 0 or more
   * @param tried whether it is in the tried table
   * @param newBuckets the new-table buckets holding it (empty for tried entries); its slot in each bucket is
   *     derived from the key
   */
  public record Entry(
      PeerAddress address,
      PeerAddress source,
      Instant lastSeen,
      Optional<Instant> lastTry,
      Optional<Instant> lastCountedAttempt,
      Optional<Instant> lastSuccess,
      int attempts,
      boolean tried,
      List<Integer> newBuckets) {
    /**
     * Checks the components.
     *
     * @param address the address
     * @param source the peer that announced it first
     * @param lastSeen when it was last known to be active
     * @param lastTry the last connection attempt, if any
     * @param lastCountedAttempt the last attempt that counted as a failure, if any
     * @param lastSuccess the last successful connection, if any
     * @param attempts counted failures since the last success, 0 or more
     * @param tried whether it is in the tried table
     * @param newBuckets the new-table buckets holding it (empty for tried entries); its slot in each bucket is derived from the key
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if attempts is negative or a tried entry lists new buckets
     */
    public Entry {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(lastSeen, "lastSeen");
      Objects.requireNonNull(lastTry, "lastTry");
      Objects.requireNonNull(lastCountedAttempt, "lastCountedAttempt");
      Objects.requireNonNull(lastSuccess, "lastSuccess");
      if (attempts < 0) {
        throw new IllegalArgumentException("attempts must not be negative, was " + attempts);
      }
      newBuckets = List.copyOf(newBuckets);
      if (tried && !newBuckets.isEmpty()) {
        throw new IllegalArgumentException(
            "a tried entry has no new buckets, " + address + " lists " + newBuckets);
      }
    }
  }
}
