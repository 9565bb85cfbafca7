package dev.peerage.core.book;

import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.TimestampedAddress;
import dev.peerage.core.internal.book.BucketedAddressBook;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;

/**
 * The many addresses a node learns without anyone vouching for them (DNS seeds, peer exchange, inbound
 * peers), kept so that an attacker cannot fill them and good candidates can be picked quickly.
 *
 * <p>Addresses that never answered live in a <em>new</em> table; addresses we have connected to move to a
 * <em>tried</em> table. Both are fixed grids of buckets, and the bucket of an address is a keyed hash of its
 * network group and of the group of the peer that announced it, so one source or one /16 reaches only a few
 * buckets. The design is Bitcoin Core's address manager (src/addrman.cpp): the secret key, the bucket
 * formulas, the quality rules and test-before-evict are described in docs/architecture.md, and every
 * constant is an {@link AddressBookConfig} setting.
 *
 * <p>Build one with {@link #builder()}; the peer manager builds its own and exposes it through
 * {@code PeerManager.addressBook()}.
 *
 * <p>Only IP addresses are held. Implementations are thread-safe: many threads may add and select at once.
 * All times come from the book's injected clock.
 */
public interface AddressBook {
  /**
   * The fewest addresses a peer-exchange answer offers when the book holds that many, however small the
   * percentage limit makes the share: with Bitcoin Core's 23% a book of fewer than five addresses would
   * share nothing, and a ten-node network would never learn of itself. CometBFT's pex shares at least 32.
   */
  int SHARE_FLOOR = 32;

  /** The two tables of the book. */
  enum Table {
    /** Addresses that have not been connected to successfully (or were pushed out of tried). */
    NEW,
    /** Addresses that have been connected to successfully. */
    TRIED
  }

  /** What {@link #markGood(PeerAddress)} did. */
  enum GoodOutcome {
    /** The address moved into the tried table. */
    PROMOTED,
    /** The address was already in the tried table; its success was recorded. */
    ALREADY_TRIED,
    /**
     * The address's tried slot is occupied: its success was recorded and, if the bounded collision set had
     * room, it waits there until {@link #resolveCollisions()} decides after the occupant has been tested.
     */
    COLLISION,
    /** The address is not in the book; nothing changed except the book-wide last-good time. */
    UNKNOWN
  }

  /**
   * Adds addresses announced by {@code source}.
   *
   * <p>Unacceptable addresses are skipped silently (host names; unroutable ones in strict mode): this is
   * network input, and one bad address must not cost the others. Known addresses may gain another new-table
   * reference (at most 8, each less likely than the last) and a fresher last-seen time.
   *
   * @param addresses the announced addresses with their claimed last-seen times
   * @param source the announcing peer; its network group decides the buckets
   * @param timePenalty subtracted from the claimed times (not for the source's own address); zero or positive
   * @return the addresses that gained a place in the new table, in input order
   * @throws IllegalArgumentException if the penalty is negative
   */
  List<PeerAddress> add(
      Collection<TimestampedAddress> addresses, PeerAddress source, Duration timePenalty);

  /**
   * Adds one address seen now, with no penalty.
   *
   * @param address the address
   * @param source the announcing peer
   * @return {@code true} if the address gained a place in the new table
   */
  boolean add(PeerAddress address, PeerAddress source);

  /**
   * Records a connection attempt. A failure is counted only if no other failure of this address was counted
   * since the last time <em>any</em> address was marked good, so a node that is itself offline does not ruin
   * its whole book (Bitcoin Core's rule).
   *
   * @param address the address dialled; unknown addresses are ignored
   * @param countFailure whether the attempt failed in a way that counts against the address
   */
  void markAttempt(PeerAddress address, boolean countFailure);

  /**
   * Records a successful connection (a completed handshake), moving the address to the tried table or,
   * if its tried slot is taken, queueing a test-before-evict collision.
   *
   * @param address the address
   * @return what happened
   */
  GoodOutcome markGood(PeerAddress address);

  /**
   * Records that a connection to the address is still up, refreshing its last-seen time at most every 20
   * minutes (so the time does not leak exactly when we were connected).
   *
   * @param address the address; unknown addresses are ignored
   */
  void markConnected(PeerAddress address);

  /**
   * Settles queued tried-table collisions: the newcomer wins if the occupant failed its test or was not
   * tested in time, the occupant stays if it succeeded recently.
   *
   * @return how many collisions were settled and left the queue
   */
  int resolveCollisions();

  /**
   * Picks the occupant of a collision slot for a feeler connection to test, if any collision is waiting.
   *
   * @return the occupant to test
   */
  Optional<AddressBookEntry> collisionToTest();

  /**
   * Removes an address from both tables.
   *
   * @param address the address
   * @return {@code true} if it was present
   */
  boolean remove(PeerAddress address);

  /**
   * Tells whether the address is in either table.
   *
   * @param address the address
   * @return {@code true} if present
   */
  boolean contains(PeerAddress address);

  /**
   * Returns a view of one entry.
   *
   * @param address the address
   * @return its entry, if present
   */
  Optional<AddressBookEntry> entry(PeerAddress address);

  /**
   * Counts the distinct addresses in both tables.
   *
   * @return the number of addresses
   */
  int size();

  /**
   * Counts the distinct addresses in one table.
   *
   * @param table the table
   * @return the number of addresses
   */
  int size(Table table);

  /**
   * Counts the distinct addresses of one family in one table.
   *
   * @param table the table
   * @param family {@code IPV4} or {@code IPV6} ({@code HOST_NAME} counts 0)
   * @return the number of addresses
   */
  int size(Table table, PeerAddress.Type family);

  /**
   * Picks a candidate to dial with no restriction; see {@link #select(SelectionFilter)}.
   *
   * @return a candidate, or empty if the book is empty
   */
  Optional<AddressBookEntry> select();

  /**
   * Picks a candidate to dial. The table is chosen with the tried bias when both have matching entries, then
   * random entries are drawn and accepted with their chance of selection (lower for recent attempts and
   * repeated failures), the acceptance factor growing by 1.2 after each refusal. Always terminates: when the
   * filter rejects nearly everything, a bounded number of random draws is followed by one scan of the
   * matching entries.
   *
   * @param filter restrictions on the result
   * @return a candidate, or empty if no entry matches
   */
  Optional<AddressBookEntry> select(SelectionFilter filter);

  /**
   * Returns a fresh random sample to answer a peer-exchange request: at most {@code maxAddresses} and at most
   * {@code maxPercent}% of the book, but never fewer than {@value #SHARE_FLOOR} (or the whole book, if it is
   * smaller) when {@code maxAddresses} allows, so that a small network's nodes learn of each other (CometBFT's
   * pex does the same); terrible, hidden and (in strict mode) unroutable addresses (see
   * {@link Builder#hideFromSharing}) left out. Hosts answering a remote peer should use
   * {@link #addressesToShare(String)}, which caches.
   *
   * @param maxAddresses the most addresses returned, at least 1
   * @param maxPercent the largest share of the book returned, 1 to 100
   * @return a random sample, in random order
   * @throws IllegalArgumentException if a limit is out of range
   */
  List<PeerAddress> addressesToShare(int maxAddresses, int maxPercent);

  /**
   * Answers a peer-exchange request from a requester of the given class within the configured limits,
   * reusing the answer given to that class for the configured cache duration, so repeated requests cannot
   * scrape the book; the answer is computed afresh once the book has doubled since, so a young, growing
   * book does not hand out its first few addresses for a day. Hidden addresses are filtered out of cached
   * answers at every call.
   *
   * @param requesterClass a small-cardinality key chosen by the host, for example the requester's address
   *     family plus the local address it reached us on
   * @return a random sample, in random order
   */
  List<PeerAddress> addressesToShare(String requesterClass);

  /**
   * Captures the complete state, consistently.
   *
   * @return the snapshot
   */
  AddressBookSnapshot snapshot();

  /**
   * Replaces the book's whole state (including its key) with a snapshot. Entries go back to their recorded
   * buckets when the geometry matches; otherwise, or when a recorded slot is unavailable, they are
   * re-bucketed from their source. Entries that are invalid for this book (for example unroutable ones in
   * strict mode) or find no free slot are dropped.
   *
   * @param snapshot the state to restore
   * @return the number of entries that were dropped
   */
  int restore(AddressBookSnapshot snapshot);

  /**
   * Verifies every internal invariant (placement, reference counts, indexes, counters).
   *
   * @throws IllegalStateException describing the first violation found
   */
  void checkConsistency();

  /**
   * Starts building an empty address book: the bucketed implementation of Bitcoin Core's design.
   *
   * @return a new builder with the defaults ({@link AddressBookConfig#defaults()}, the system clock, a
   *     random key)
   */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Builds an {@link AddressBook}. Each setter checks its argument at once. Not thread-safe; the built
   * book is.
   */
  final class Builder {
    private final BucketedAddressBook.Builder delegate = BucketedAddressBook.builder();

    private Builder() {}

    /**
     * Sets the table geometry, quality rules and sharing limits.
     *
     * @param config the configuration; default {@link AddressBookConfig#defaults()}
     * @return this builder
     */
    public Builder config(AddressBookConfig config) {
      delegate.config(config);
      return this;
    }

    /**
     * Sets the clock every timestamp and quality rule reads.
     *
     * @param clock the clock; default the system clock
     * @return this builder
     */
    public Builder clock(InstantSource clock) {
      delegate.clock(clock);
      return this;
    }

    /**
     * Makes the book deterministic: every random choice (and the key, unless set) comes from this
     * source, so with one thread the same seed gives the same book. Without it the key comes from
     * {@link java.security.SecureRandom} and choices from {@link
     * java.util.concurrent.ThreadLocalRandom}, which keeps concurrent selects free of contention.
     *
     * @param random the random source
     * @return this builder
     */
    public Builder random(Random random) {
      delegate.random(random);
      return this;
    }

    /**
     * Sets the secret placement key, normally restored from a snapshot instead.
     *
     * @param key exactly 16 bytes; copied
     * @return this builder
     * @throws IllegalArgumentException if the key is not 16 bytes
     */
    public Builder key(byte[] key) {
      delegate.key(key);
      return this;
    }

    /**
     * Sets addresses that are never shared in peer exchange (for example banned, discouraged and
     * private peers). The predicate runs under the book's read lock: it must be fast and must not call
     * the book.
     *
     * @param hidden returns {@code true} for addresses to keep to ourselves
     * @return this builder
     */
    public Builder hideFromSharing(Predicate<? super PeerAddress> hidden) {
      delegate.hideFromSharing(hidden);
      return this;
    }

    /**
     * Sets addresses that lose their new-table slot to any newcomer, like terrible ones (for example
     * discouraged peers). Runs under the book's write lock: fast, and never calling the book.
     *
     * @param evictFirst returns {@code true} for addresses to evict first
     * @return this builder
     */
    public Builder evictFirst(Predicate<? super PeerAddress> evictFirst) {
      delegate.evictFirst(evictFirst);
      return this;
    }

    /**
     * Builds the book, empty. The builder may be used again; each call builds a new book.
     *
     * @return the book, thread-safe
     */
    public AddressBook build() {
      return delegate.build();
    }
  }
}
