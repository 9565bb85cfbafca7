package dev.peerage.core.internal.book;

import dev.peerage.core.address.AddressClass;
import dev.peerage.core.address.NetGroup;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.address.TimestampedAddress;
import dev.peerage.core.book.AddressBook;
import dev.peerage.core.book.AddressBookConfig;
import dev.peerage.core.book.AddressBookEntry;
import dev.peerage.core.book.AddressBookSnapshot;
import dev.peerage.core.book.SelectionFilter;
import dev.peerage.core.internal.SipHash24;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Predicate;

/**
 * The address book of Bitcoin Core's address manager (src/addrman.cpp), rebuilt for the JVM.
 *
 * <h2>Why buckets</h2>
 *
 * <p>An attacker who fills a node's address table decides whom it dials, and so what it sees (an eclipse
 * attack; Heilman et al., 2015). This book limits what any attacker can reach:
 *
 * <ul>
 *   <li>Untried addresses go to the <em>new</em> table (default 1024 buckets of 64 slots). The bucket is
 *       {@code H(K, srcGroup, H(K, group, srcGroup) mod 64) mod 1024}: one announcing network group reaches at
 *       most 64 buckets, and one address group announced by one source lands in exactly one.
 *   <li>Addresses that answered go to the <em>tried</em> table (256 x 64). The bucket is {@code H(K, group,
 *       H(K, address) mod 8) mod 256}: one /16 occupies at most 8 tried buckets however many of its hosts
 *       answer.
 *   <li>The slot within a bucket is {@code H(K, table, bucket, address) mod 64}.
 *   <li>{@code K} is a secret 128-bit key, random per node and kept across restarts, so nobody can aim
 *       addresses at chosen buckets. {@code H} is SipHash-2-4 (Core uses truncated double SHA-256; any keyed
 *       pseudo-random function with a 128-bit key gives the same guarantees, SipHash at a fraction of the
 *       cost).
 *   <li>A newcomer whose tried slot is taken does not simply evict the occupant: it waits in a small
 *       collision set while a feeler connection tests the occupant ({@link #collisionToTest()}), and
 *       {@link #resolveCollisions()} keeps an occupant that answered within 4 hours.
 * </ul>
 *
 * <h2>Quality</h2>
 *
 * <p>An entry is <em>terrible</em> (overwritten first, never shared) if, unless it was tried in the last
 * minute: its last-seen time is more than 10 minutes in the future, or more than 30 days old; it never
 * succeeded in 3 attempts; or it failed 10 times with no success in the last 7 days. Its <em>chance</em> of
 * selection is 1.0, times 0.01 if tried in the last 10 minutes, times 0.66 per counted failure (at most 8).
 * All these constants are in {@link AddressBookConfig}.
 *
 * <h2>How this implementation differs from Core</h2>
 *
 * <ul>
 *   <li>Each table keeps a dense list of occupied slots per address family, so {@code select()} draws an
 *       occupied slot directly instead of probing random buckets. The distribution is the same (uniform
 *       over occupied slots, so an address with several new-table references is proportionally likelier),
 *       but a nearly empty book or a family with one entry costs O(1) instead of a scan of ~1000 buckets.
 *   <li>Each entry remembers which new slots hold it, so promotion to tried does not rehash the address
 *       against all 1024 buckets.
 *   <li>{@code select} with a filter that rejects nearly everything ends after a bounded number of draws
 *       with one scan of the matching entries, instead of looping until lucky.
 *   <li>A tried entry that collides when a snapshot is restored into another geometry is re-bucketed into
 *       the new table rather than dropped.
 *   <li>A bucket costs memory in proportion to its occupants: it is allocated on first use, kept as a
 *       small packed list of (slot, id) pairs while it holds at most a quarter of its slots (at most 8),
 *       turns into a dense array of {@code bucketSize} ids beyond that, and is released when it empties.
 *       A book of a thousand addresses, one to three in each of hundreds of buckets, so spends tens of
 *       kilobytes on buckets rather than hundreds; a full book is all dense buckets, as before.
 * </ul>
 *
 * <h2>Threading</h2>
 *
 * <p>Thread-safe. Reads ({@code select}, {@code contains}, sizes, {@code addressesToShare}, snapshots) take a
 * shared lock and run in parallel; changes take an exclusive one.
 */
public final class BucketedAddressBook implements AddressBook {
  /** Sentinel for "never" in the millisecond timestamp fields. */
  private static final long NEVER = Long.MIN_VALUE;
  /** The book-wide last-good time before any success: later than NEVER, so a first failure counts. */
  private static final long BEFORE_ANY_GOOD = Long.MIN_VALUE + 1;
  /** An address tried this recently is never terrible (Core: one minute). */
  private static final long NEVER_TERRIBLE_AFTER_TRY_MILLIS = 60_000;
  /** Connected() refreshes last-seen at most this often (Core: 20 minutes). */
  private static final long CONNECTED_UPDATE_MILLIS = 20 * 60_000;
  /** An address seen within this is "currently online": its time is refreshed hourly, else daily (Core). */
  private static final long ONLINE_WINDOW_MILLIS = 24 * 3_600_000L;
  private static final long ONLINE_UPDATE_MILLIS = 3_600_000L;
  private static final long OFFLINE_UPDATE_MILLIS = 24 * 3_600_000L;
  /** Random draws before a filtered select falls back to a scan; unfiltered draws end within ~45. */
  private static final int MAX_DRAWS = 64;
  private static final double[] FAILURE_FACTORS = new double[9];

  static {
    for (int i = 0; i < FAILURE_FACTORS.length; i++) {
      FAILURE_FACTORS[i] = Math.pow(0.66, i);
    }
  }

  // Hash domain tags: each hash use gets its own, so no two uses can be confused.
  private static final long TAG_TRIED_ADDRESS = 1L << 56;
  private static final long TAG_TRIED_GROUP = 2L << 56;
  private static final long TAG_NEW_GROUPS = 3L << 56;
  private static final long TAG_NEW_SOURCE = 4L << 56;
  private static final long TAG_SLOT_NEW = 5L << 56;
  private static final long TAG_SLOT_TRIED = 6L << 56;
  private static final long TAG_UNGROUPED = 7L << 56;

  private static final int IPV4 = 0;
  private static final int IPV6 = 1;

  private final AddressBookConfig config;
  private final InstantSource clock;
  private final Random fixedRandom;
  private final Predicate<? super PeerAddress> hiddenFromSharing;
  private final Predicate<? super PeerAddress> evictFirst;
  private final StampedLock lock = new StampedLock();
  private final ShareCache shareCache;
  private final int bucketSize;
  /** Most occupants a bucket holds in the packed form; one more and it turns dense. */
  private final int sparseLimit;
  private final long recentTryMillis;

  // Everything below is guarded by lock.
  private long k0;
  private long k1;
  private final HashMap<PeerAddress, Entry> index = new HashMap<>();
  private Entry[] byId = new Entry[64];
  private int[] freeIds = new int[16];
  private int freeCount;
  private int nextId;
  private int[] all = new int[64]; // ids of every entry, for sampling
  private int allCount;
  // bucket -> its occupants (see "Bucket storage" below); null while the bucket is empty
  private final int[][] newGrid;
  private final int[][] triedGrid;
  private final SlotList[] newOccupied = {new SlotList(), new SlotList()};
  private final SlotList[] triedOccupied = {new SlotList(), new SlotList()};
  private final int[] newEntries = new int[2];
  private long lastGood = BEFORE_ANY_GOOD;
  private final LinkedHashSet<Integer> collisions = new LinkedHashSet<>();

  private BucketedAddressBook(Builder b) {
    this.config = b.config;
    this.clock = b.clock;
    this.fixedRandom = b.random;
    this.hiddenFromSharing = b.hiddenFromSharing;
    this.evictFirst = b.evictFirst;
    this.bucketSize = config.bucketSize();
    this.sparseLimit = sparseLimit(bucketSize);
    this.recentTryMillis = config.recentTryWindow().toMillis();
    this.newGrid = new int[config.newBuckets()][];
    this.triedGrid = new int[config.triedBuckets()][];
    byte[] key = b.key;
    if (key == null) {
      key = new byte[16];
      if (fixedRandom != null) {
        fixedRandom.nextBytes(key);
      } else {
        new SecureRandom().nextBytes(key);
      }
    }
    long[] halves = SipHash24.keyHalves(key);
    this.k0 = halves[0];
    this.k1 = halves[1];
    Duration cacheFor = config.shareCacheDuration();
    this.shareCache = cacheFor.isZero() ? null
        : new ShareCache(config.shareCacheRequesterClasses(), cacheFor.toMillis());
  }

  /**
   * Returns a builder with the default configuration, the system clock and a secure random key.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns this book's configuration.
   *
   * @return the configuration it was built with
   */
  public AddressBookConfig config() {
    return config;
  }

  // ---------------------------------------------------------------------------------------------
  // Adding

  @Override
  public List<PeerAddress> add(
      Collection<TimestampedAddress> addresses, PeerAddress source, Duration timePenalty) {
    Objects.requireNonNull(addresses, "addresses");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(timePenalty, "timePenalty");
    if (timePenalty.isNegative()) {
      throw new IllegalArgumentException("timePenalty must not be negative, was " + timePenalty);
    }
    long penalty = saturatedMillis(timePenalty);
    long sourceGroup = sourcePlacement(source);
    List<PeerAddress> inserted = new ArrayList<>();
    long stamp = lock.writeLock();
    try {
      long now = clock.millis();
      Random random = random();
      for (TimestampedAddress timestamped : addresses) {
        PeerAddress address = timestamped.address();
        if (addSingle(address, saturatedMillis(timestamped.lastSeen()), source, sourceGroup,
            address.equals(source) ? 0 : penalty, now, random)) {
          inserted.add(address);
        }
      }
    } finally {
      lock.unlockWrite(stamp);
    }
    return inserted;
  }

  @Override
  public boolean add(PeerAddress address, PeerAddress source) {
    return !add(List.of(new TimestampedAddress(address, clock.instant())), source, Duration.ZERO)
        .isEmpty();
  }

  private boolean admissible(PeerAddress address) {
    if (!address.isIp()) {
      return false;
    }
    if (config.routableOnly()) {
      return address.isRoutable();
    }
    return !address.is(AddressClass.UNSPECIFIED) && !address.is(AddressClass.MULTICAST);
  }

  private boolean addSingle(PeerAddress address, long seen, PeerAddress source, long sourceGroup,
      long penalty, long now, Random random) {
    if (!admissible(address)) {
      return false;
    }
    Entry entry = index.get(address);
    if (entry != null) {
      boolean online = now - seen < ONLINE_WINDOW_MILLIS;
      long interval = online ? ONLINE_UPDATE_MILLIS : OFFLINE_UPDATE_MILLIS;
      if (entry.lastSeen < seen - interval - penalty) {
        entry.lastSeen = seen - penalty;
      }
      if (seen <= entry.lastSeen || entry.tried || entry.refCount >= config.maxNewReferences()) {
        return false;
      }
      // Each extra reference is half as likely as the last: popular addresses gain weight slowly.
      if (entry.refCount > 0 && random.nextInt(1 << Math.min(entry.refCount, 30)) != 0) {
        return false;
      }
    } else {
      entry = create(address, source, sourceGroup, seen - penalty);
    }
    int bucket = newBucket(placement(entry), sourceGroup);
    int slot = slot(TAG_SLOT_NEW, bucket, entry);
    int existing = occupant(newGrid[bucket], slot);
    if (existing == entry.id) {
      return false;
    }
    boolean insert = existing < 0;
    if (!insert) {
      Entry occupant = byId[existing];
      insert = isTerrible(occupant, now)
          || (evictFirst != null && evictFirst.test(occupant.address))
          || (occupant.refCount > 1 && entry.refCount == 0);
    }
    if (insert) {
      clearNewSlot(bucket, slot);
      placeNew(entry, bucket, slot);
    } else if (entry.refCount == 0 && !entry.tried) {
      delete(entry);
    }
    return insert;
  }

  private Entry create(PeerAddress address, PeerAddress source, long sourceGroup, long lastSeen) {
    int id;
    if (freeCount > 0) {
      id = freeIds[--freeCount];
    } else {
      id = nextId++;
      if (id == byId.length) {
        byId = Arrays.copyOf(byId, id * 2);
      }
    }
    Entry entry = detachedEntry(id, address);
    entry.source = source;
    entry.sourceGroup = sourceGroup;
    entry.lastSeen = lastSeen;
    byId[id] = entry;
    index.put(address, entry);
    if (allCount == all.length) {
      all = Arrays.copyOf(all, allCount * 2);
    }
    entry.randomPos = allCount;
    all[allCount++] = id;
    return entry;
  }

  /** An entry with its hash words computed, not yet part of any table. */
  private Entry detachedEntry(int id, PeerAddress address) {
    byte[] ip = address.ipBytes();
    int family = ip.length == 4 ? IPV4 : IPV6;
    long high = 0;
    long low;
    if (family == IPV4) {
      low = readLong(ip, 0, 4);
    } else {
      high = readLong(ip, 0, 8);
      low = readLong(ip, 8, 8);
    }
    return new Entry(id, address, family, high, low, ((long) family << 16) | address.port(),
        groupWord(address.netGroup()));
  }

  // Placement as the hashes compute it, for tests in this package (not API).

  int newBucketOf(PeerAddress address, PeerAddress source) {
    long stamp = lock.readLock();
    try {
      return newBucket(placement(detachedEntry(-1, address)), sourcePlacement(source));
    } finally {
      lock.unlockRead(stamp);
    }
  }

  int newSlotOf(PeerAddress address, PeerAddress source) {
    long stamp = lock.readLock();
    try {
      Entry entry = detachedEntry(-1, address);
      return slot(TAG_SLOT_NEW, newBucket(placement(entry), sourcePlacement(source)), entry);
    } finally {
      lock.unlockRead(stamp);
    }
  }

  int triedBucketOf(PeerAddress address) {
    long stamp = lock.readLock();
    try {
      return triedBucket(detachedEntry(-1, address));
    } finally {
      lock.unlockRead(stamp);
    }
  }

  int triedSlotOf(PeerAddress address) {
    long stamp = lock.readLock();
    try {
      Entry entry = detachedEntry(-1, address);
      return slot(TAG_SLOT_TRIED, triedBucket(entry), entry);
    } finally {
      lock.unlockRead(stamp);
    }
  }

  /** How one bucket is stored, for tests in this package. */
  enum BucketForm {
    EMPTY,
    PACKED,
    DENSE
  }

  BucketForm bucketForm(Table table, int bucket) {
    long stamp = lock.readLock();
    try {
      int[] cells = (table == Table.NEW ? newGrid : triedGrid)[bucket];
      return cells == null ? BucketForm.EMPTY : cells[0] < 0 ? BucketForm.DENSE : BucketForm.PACKED;
    } finally {
      lock.unlockRead(stamp);
    }
  }

  boolean isTerrible(PeerAddress address) {
    long stamp = lock.readLock();
    try {
      Entry entry = index.get(address);
      return entry != null && isTerrible(entry, clock.millis());
    } finally {
      lock.unlockRead(stamp);
    }
  }

  private void delete(Entry entry) {
    index.remove(entry.address);
    int last = all[--allCount];
    all[entry.randomPos] = last;
    byId[last].randomPos = entry.randomPos;
    byId[entry.id] = null;
    if (freeCount == freeIds.length) {
      freeIds = Arrays.copyOf(freeIds, freeCount * 2);
    }
    freeIds[freeCount++] = entry.id;
    // Ids are reused, so a collision must not outlive its entry.
    collisions.remove(entry.id);
  }

  // ---------------------------------------------------------------------------------------------
  // Table mechanics

  // Bucket storage. A bucket maps its slots to entry ids. A full book holds ~80k addresses in 1,280
  // buckets of 64 slots, but a small book touches hundreds of buckets with one or two occupants each, so
  // a bucket has two forms, told apart by the sign of its first cell:
  //   packed: [n, slot_0, id_0, ..., slot_n-1, id_n-1, spare pairs...], 1 <= n <= sparseLimit, looked
  //           up by a linear scan; its capacity doubles from 2 pairs up to sparseLimit;
  //   dense:  [~n, id in slot 0, ..., id in slot bucketSize-1], -1 for an empty slot.
  // A packed bucket that overflows turns dense; a dense one that drops to sparseLimit / 2 occupants
  // turns packed again (the gap means a bucket hovering at either edge converts at most once per
  // sparseLimit / 2 changes), and an empty bucket is released. A bucket's form never changes placement
  // or selection: the occupancy lists, not the buckets, decide what select() draws.

  /**
   * Packed buckets hold at most 8 entries: a small book's buckets hold one to three, and measured on the
   * Core benchmark workload (buckets of ~14), packing up to 16 made markGood a few per cent slower than packing
   * up to 8, for a memory saving of under 2% on mid-sized books.
   */
  private static final int MAX_SPARSE_LIMIT = 8;

  /**
   * Most occupants a packed bucket holds: a quarter of the bucket (so a full packed bucket takes half
   * the bytes of a dense one) and at most {@link #MAX_SPARSE_LIMIT}; 0 (always dense) under 4 slots.
   */
  static int sparseLimit(int bucketSize) {
    return Math.min(MAX_SPARSE_LIMIT, bucketSize / 4);
  }

  /** The id of the entry in a slot of a bucket, or -1 if the slot (or the whole bucket) is empty. */
  private static int occupant(int[] cells, int slot) {
    if (cells == null) {
      return -1;
    }
    int header = cells[0];
    if (header < 0) {
      return cells[1 + slot];
    }
    for (int i = 1, end = 1 + 2 * header; i < end; i += 2) {
      if (cells[i] == slot) {
        return cells[i + 1];
      }
    }
    return -1;
  }

  /**
   * Puts an entry into an empty slot of a bucket.
   *
   * @return the bucket's storage afterwards, which the caller stores back into its grid
   */
  private int[] bucketPut(int[] cells, int slot, int id) {
    if (cells == null) {
      if (sparseLimit == 0) {
        return densePut(emptyDense(), 0, slot, id);
      }
      cells = new int[1 + 2 * Math.min(2, sparseLimit)];
    }
    int header = cells[0];
    if (header < 0) {
      return densePut(cells, ~header, slot, id);
    }
    if (header == sparseLimit) {
      int[] dense = emptyDense();
      for (int i = 1, end = 1 + 2 * header; i < end; i += 2) {
        dense[1 + cells[i]] = cells[i + 1];
      }
      return densePut(dense, header, slot, id);
    }
    int capacity = (cells.length - 1) / 2;
    if (header == capacity) {
      cells = Arrays.copyOf(cells, 1 + 2 * Math.min(2 * capacity, sparseLimit));
    }
    cells[1 + 2 * header] = slot;
    cells[2 + 2 * header] = id;
    cells[0] = header + 1;
    return cells;
  }

  private static int[] densePut(int[] dense, int count, int slot, int id) {
    dense[1 + slot] = id;
    dense[0] = ~(count + 1);
    return dense;
  }

  private int[] emptyDense() {
    int[] dense = new int[1 + bucketSize];
    Arrays.fill(dense, 1, dense.length, -1);
    return dense;
  }

  /**
   * Empties an occupied slot of a bucket.
   *
   * @return the bucket's storage afterwards (null once empty), which the caller stores back into its grid
   */
  private int[] bucketRemove(int[] cells, int slot) {
    int header = cells[0];
    if (header < 0) {
      int count = ~header - 1;
      cells[1 + slot] = -1;
      if (count > sparseLimit / 2) {
        cells[0] = ~count;
        return cells;
      }
      if (count == 0) {
        return null;
      }
      int capacity = Math.min(sparseLimit, Math.max(2, Integer.highestOneBit(count - 1) << 1));
      int[] packed = new int[1 + 2 * capacity];
      int n = 0;
      for (int s = 0; s < bucketSize; s++) {
        if (cells[1 + s] >= 0) {
          packed[1 + 2 * n] = s;
          packed[2 + 2 * n] = cells[1 + s];
          n++;
        }
      }
      packed[0] = n;
      return packed;
    }
    int last = 2 * (header - 1);
    for (int i = 1; i <= last + 1; i += 2) {
      if (cells[i] == slot) {
        if (header == 1) {
          return null;
        }
        cells[i] = cells[1 + last];
        cells[i + 1] = cells[2 + last];
        cells[0] = header - 1;
        return cells;
      }
    }
    throw new IllegalStateException("bucket slot " + slot + " is already empty");
  }

  private void placeNew(Entry entry, int bucket, int slot) {
    newGrid[bucket] = bucketPut(newGrid[bucket], slot, entry.id);
    int global = bucket * bucketSize + slot;
    int position = newOccupied[entry.family].add(global, entry.id);
    if (entry.refCount == 0) {
      newEntries[entry.family]++;
    }
    entry.addRef(global, position, config.maxNewReferences());
  }

  /** Empties a new slot; an entry left with no reference at all is deleted. */
  private void clearNewSlot(int bucket, int slot) {
    int id = occupant(newGrid[bucket], slot);
    if (id < 0) {
      return;
    }
    Entry occupant = byId[id];
    detachNew(occupant, bucket * bucketSize + slot);
    if (occupant.refCount == 0) {
      delete(occupant);
    }
  }

  /** Removes one new-slot reference (a global slot index) of an entry without deleting the entry. */
  private void detachNew(Entry entry, int global) {
    int bucket = global / bucketSize;
    newGrid[bucket] = bucketRemove(newGrid[bucket], global % bucketSize);
    int position = entry.removeRef(global);
    SlotList list = newOccupied[entry.family];
    if (list.remove(position)) {
      byId[list.id(position)].moveRef(list.global(position), position);
    }
    if (entry.refCount == 0) {
      newEntries[entry.family]--;
    }
  }

  private void placeTried(Entry entry, int bucket, int slot) {
    triedGrid[bucket] = bucketPut(triedGrid[bucket], slot, entry.id);
    entry.triedPosition = triedOccupied[entry.family].add(bucket * bucketSize + slot, entry.id);
    entry.tried = true;
  }

  private void detachTried(Entry entry, int bucket, int slot) {
    triedGrid[bucket] = bucketRemove(triedGrid[bucket], slot);
    SlotList list = triedOccupied[entry.family];
    if (list.remove(entry.triedPosition)) {
      byId[list.id(entry.triedPosition)].triedPosition = entry.triedPosition;
    }
    entry.tried = false;
  }

  private void detachAllNew(Entry entry) {
    while (entry.refCount > 0) {
      detachNew(entry, entry.refGlobal(entry.refCount - 1));
    }
  }

  private int newBucket(long group, long sourceGroup) {
    long spread = SipHash24.hash(k0, k1, TAG_NEW_GROUPS, group, sourceGroup);
    long choice = Long.remainderUnsigned(spread, config.newBucketsPerSourceGroup());
    long bucket = SipHash24.hash(k0, k1, TAG_NEW_SOURCE, sourceGroup, choice);
    return (int) Long.remainderUnsigned(bucket, config.newBuckets());
  }

  private int triedBucket(Entry entry) {
    long spread = SipHash24.hash(k0, k1, TAG_TRIED_ADDRESS, entry.high, entry.low, entry.portWord);
    long choice = Long.remainderUnsigned(spread, config.triedBucketsPerGroup());
    long bucket = SipHash24.hash(k0, k1, TAG_TRIED_GROUP, placement(entry), choice);
    return (int) Long.remainderUnsigned(bucket, config.triedBuckets());
  }

  private int slot(long tableTag, int bucket, Entry entry) {
    long h = SipHash24.hash(k0, k1, tableTag | bucket, entry.high, entry.low, entry.portWord);
    return (int) Long.remainderUnsigned(h, bucketSize);
  }

  /**
   * Packs a network group into one hash word: up to 7 key bytes with the length in the top byte, so groups
   * of different length never share a word. Longer keys (host names) are hashed with the book's key.
   */
  /**
   * The word an entry is placed by: its group's, or with group bucketing off (experiments only) one
   * derived from the whole address. {@code entry.group} itself always stays the group, for filters.
   */
  private long placement(Entry entry) {
    return config.groupBucketing() ? entry.group
        : SipHash24.hash(k0, k1, TAG_UNGROUPED, entry.high, entry.low, entry.portWord);
  }

  /**
   * The word a source is placed by: its group's, or with group bucketing off its whole address's (a
   * host-name source keeps its group either way).
   */
  private long sourcePlacement(PeerAddress source) {
    return config.groupBucketing() || !source.isIp() ? groupWord(source.netGroup())
        : placement(detachedEntry(-1, source));
  }

  private long groupWord(NetGroup group) {
    byte[] bytes = group.bytes();
    if (bytes.length <= 7) {
      return ((long) bytes.length << 56) | readLongLittleEndian(bytes);
    }
    return SipHash24.hash(k0, k1, bytes) | (1L << 63);
  }

  private static long readLongLittleEndian(byte[] bytes) {
    long value = 0;
    for (int i = bytes.length - 1; i >= 0; i--) {
      value = (value << 8) | (bytes[i] & 0xffL);
    }
    return value;
  }

  private static long readLong(byte[] bytes, int offset, int count) {
    long value = 0;
    for (int i = 0; i < count; i++) {
      value = (value << 8) | (bytes[offset + i] & 0xffL);
    }
    return value;
  }

  // ---------------------------------------------------------------------------------------------
  // Outcomes

  @Override
  public void markAttempt(PeerAddress address, boolean countFailure) {
    Objects.requireNonNull(address, "address");
    long stamp = lock.writeLock();
    try {
      Entry entry = index.get(address);
      if (entry == null) {
        return;
      }
      long now = clock.millis();
      entry.lastTry = now;
      if (countFailure && entry.lastCountAttempt < lastGood) {
        entry.lastCountAttempt = now;
        if (entry.attempts < Integer.MAX_VALUE) {
          entry.attempts++; // saturates: a restored count at the maximum must not wrap to negative
        }
      }
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  @Override
  public GoodOutcome markGood(PeerAddress address) {
    Objects.requireNonNull(address, "address");
    long stamp = lock.writeLock();
    try {
      long now = clock.millis();
      lastGood = now;
      Entry entry = index.get(address);
      if (entry == null) {
        return GoodOutcome.UNKNOWN;
      }
      return good(entry, now, true);
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  private GoodOutcome good(Entry entry, long now, boolean testBeforeEvict) {
    entry.lastSuccess = now;
    entry.lastTry = now;
    entry.attempts = 0;
    // lastSeen is deliberately not updated: it is shared with peers and would reveal our connections.
    if (entry.tried) {
      return GoodOutcome.ALREADY_TRIED;
    }
    int bucket = triedBucket(entry);
    int slot = slot(TAG_SLOT_TRIED, bucket, entry);
    int occupant = occupant(triedGrid[bucket], slot);
    if (testBeforeEvict && occupant >= 0) {
      if (collisions.size() < config.maxCollisions()) {
        collisions.add(entry.id);
      }
      return GoodOutcome.COLLISION;
    }
    makeTried(entry, bucket, slot, occupant);
    return GoodOutcome.PROMOTED;
  }

  /** Moves an entry to its tried slot, whose current occupant (an id, or -1) goes back to new. */
  private void makeTried(Entry entry, int bucket, int slot, int occupant) {
    detachAllNew(entry);
    if (occupant >= 0) {
      // The occupant goes back to the new table, to the bucket its own source gives it.
      Entry evicted = byId[occupant];
      detachTried(evicted, bucket, slot);
      int newBucket = newBucket(placement(evicted), evicted.sourceGroup);
      int newSlot = slot(TAG_SLOT_NEW, newBucket, evicted);
      clearNewSlot(newBucket, newSlot);
      placeNew(evicted, newBucket, newSlot);
    }
    placeTried(entry, bucket, slot);
    collisions.remove(entry.id);
  }

  @Override
  public void markConnected(PeerAddress address) {
    Objects.requireNonNull(address, "address");
    long stamp = lock.writeLock();
    try {
      Entry entry = index.get(address);
      if (entry == null) {
        return;
      }
      long now = clock.millis();
      if (now - entry.lastSeen > CONNECTED_UPDATE_MILLIS) {
        entry.lastSeen = now;
      }
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  @Override
  public int resolveCollisions() {
    long stamp = lock.writeLock();
    try {
      long now = clock.millis();
      long replacement = config.replacementWindow().toMillis();
      long grace = config.collisionGrace().toMillis();
      long testWindow = config.testWindow().toMillis();
      int settled = 0;
      for (Integer id : List.copyOf(collisions)) {
        Entry newcomer = byId[id];
        boolean erase;
        if (newcomer == null || newcomer.tried) {
          erase = true;
        } else {
          int bucket = triedBucket(newcomer);
          int slot = slot(TAG_SLOT_TRIED, bucket, newcomer);
          int occupantId = occupant(triedGrid[bucket], slot);
          if (occupantId < 0) {
            // The slot emptied in the meantime: no longer a collision.
            good(newcomer, now, false);
            erase = true;
          } else {
            Entry occupant = byId[occupantId];
            if (since(now, occupant.lastSuccess) < replacement) {
              erase = true; // the occupant answered recently: it stays
            } else if (since(now, occupant.lastTry) < replacement) {
              // The occupant was tested; give the test its grace period before judging the silence.
              erase = since(now, occupant.lastTry) > grace;
              if (erase) {
                good(newcomer, now, false);
              }
            } else if (since(now, newcomer.lastSuccess) > testWindow) {
              // Nobody tested the occupant in time; it must be unreachable, the newcomer wins.
              good(newcomer, now, false);
              erase = true;
            } else {
              erase = false;
            }
          }
        }
        if (erase) {
          collisions.remove(id);
          settled++;
        }
      }
      return settled;
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  @Override
  public Optional<AddressBookEntry> collisionToTest() {
    long stamp = lock.writeLock();
    try {
      if (collisions.isEmpty()) {
        return Optional.empty();
      }
      int pick = random().nextInt(collisions.size());
      Integer id = collisions.stream().skip(pick).findFirst().orElseThrow();
      Entry newcomer = byId[id];
      int bucket = triedBucket(newcomer);
      int slot = slot(TAG_SLOT_TRIED, bucket, newcomer);
      int occupant = occupant(triedGrid[bucket], slot);
      return occupant < 0 ? Optional.empty() : Optional.of(view(byId[occupant]));
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  @Override
  public boolean remove(PeerAddress address) {
    Objects.requireNonNull(address, "address");
    long stamp = lock.writeLock();
    try {
      Entry entry = index.get(address);
      if (entry == null) {
        return false;
      }
      if (entry.tried) {
        int bucket = triedBucket(entry);
        detachTried(entry, bucket, slot(TAG_SLOT_TRIED, bucket, entry));
      } else {
        detachAllNew(entry);
      }
      delete(entry);
      return true;
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Reads

  @Override
  public boolean contains(PeerAddress address) {
    long stamp = lock.readLock();
    try {
      return index.containsKey(address);
    } finally {
      lock.unlockRead(stamp);
    }
  }

  @Override
  public Optional<AddressBookEntry> entry(PeerAddress address) {
    long stamp = lock.readLock();
    try {
      Entry entry = index.get(address);
      return entry == null ? Optional.empty() : Optional.of(view(entry));
    } finally {
      lock.unlockRead(stamp);
    }
  }

  @Override
  public int size() {
    long stamp = lock.readLock();
    try {
      return allCount;
    } finally {
      lock.unlockRead(stamp);
    }
  }

  @Override
  public int size(Table table) {
    long stamp = lock.readLock();
    try {
      return table == Table.NEW
          ? newEntries[IPV4] + newEntries[IPV6]
          : triedOccupied[IPV4].size + triedOccupied[IPV6].size;
    } finally {
      lock.unlockRead(stamp);
    }
  }

  @Override
  public int size(Table table, PeerAddress.Type family) {
    if (family == PeerAddress.Type.HOST_NAME) {
      return 0;
    }
    int f = family == PeerAddress.Type.IPV4 ? IPV4 : IPV6;
    long stamp = lock.readLock();
    try {
      return table == Table.NEW ? newEntries[f] : triedOccupied[f].size;
    } finally {
      lock.unlockRead(stamp);
    }
  }

  @Override
  public Optional<AddressBookEntry> select() {
    return select(SelectionFilter.any());
  }

  @Override
  public Optional<AddressBookEntry> select(SelectionFilter filter) {
    Objects.requireNonNull(filter, "filter");
    boolean v4 = filter.families().contains(PeerAddress.Type.IPV4);
    boolean v6 = filter.families().contains(PeerAddress.Type.IPV6);
    long stamp = lock.readLock();
    try {
      int newCount = (v4 ? newOccupied[IPV4].size : 0) + (v6 ? newOccupied[IPV6].size : 0);
      int triedCount = filter.newOnly()
          ? 0
          : (v4 ? triedOccupied[IPV4].size : 0) + (v6 ? triedOccupied[IPV6].size : 0);
      if (newCount + triedCount == 0) {
        return Optional.empty();
      }
      Rejection rejection = filter.rejectsIndividually() ? new Rejection(filter) : null;
      Random random = random();
      double bias = Double.isNaN(filter.triedBias()) ? config.triedBias() : filter.triedBias();
      boolean tried = newCount == 0 || (triedCount > 0 && random.nextDouble() < bias);
      boolean other = (tried ? newCount : triedCount) > 0;
      long now = clock.millis();
      Entry chosen = draw(tried, v4, v6, rejection, now, random);
      if (chosen == null && rejection != null) {
        // The filter rejected every draw from the chosen table. Draw from the other table before any
        // scan: a scan visits every entry, and a table the filter empties (all of it tried a moment
        // ago, say) must not cost a pass over both tables on every select.
        if (other) {
          chosen = draw(!tried, v4, v6, rejection, now, random);
        }
        if (chosen == null) {
          chosen = scan(tried, v4, v6, rejection, now, random);
        }
        if (chosen == null && other) {
          chosen = scan(!tried, v4, v6, rejection, now, random);
        }
      }
      return chosen == null ? Optional.empty() : Optional.of(view(chosen));
    } finally {
      lock.unlockRead(stamp);
    }
  }

  /**
   * One select's filter in the book's terms, prepared once so each entry costs a binary search over the
   * excluded groups, a comparison of its last try and the caller's predicate. Read-lock held.
   */
  private final class Rejection {
    private final long[] groups;
    private final long triedAfter;
    private final Predicate<? super PeerAddress> excluded;

    Rejection(SelectionFilter filter) {
      long[] words = new long[filter.excludedGroups().size()];
      int i = 0;
      for (NetGroup group : filter.excludedGroups()) {
        words[i++] = groupWord(group);
      }
      Arrays.sort(words);
      this.groups = words;
      this.triedAfter = filter.excludedTriedAfter().map(Instant::toEpochMilli).orElse(NEVER);
      this.excluded = filter.exclusion();
    }

    boolean rejects(Entry entry) {
      if (groups.length > 0 && Arrays.binarySearch(groups, entry.group) >= 0) {
        return true;
      }
      if (triedAfter != NEVER && entry.lastTry != NEVER && entry.lastTry > triedAfter) {
        return true;
      }
      return excluded.test(entry.address);
    }
  }

  private Entry draw(boolean tried, boolean v4, boolean v6, Rejection rejection, long now,
      Random random) {
    SlotList[] lists = tried ? triedOccupied : newOccupied;
    int count4 = v4 ? lists[IPV4].size : 0;
    int total = count4 + (v6 ? lists[IPV6].size : 0);
    if (total == 0) {
      return null;
    }
    double factor = 1.0;
    for (int i = 0; i < MAX_DRAWS; i++) {
      int r = random.nextInt(total);
      Entry entry = byId[r < count4 ? lists[IPV4].id(r) : lists[IPV6].id(r - count4)];
      if (rejection != null && rejection.rejects(entry)) {
        continue;
      }
      if (random.nextDouble() < factor * chance(entry, now)) {
        return entry;
      }
      factor *= 1.2;
    }
    if (rejection == null) {
      // Unreachable in practice (after ~45 refusals the factor exceeds 1/minimum chance), kept as a
      // guarantee: fall back to the scan rather than return nothing from a non-empty table.
      return scan(tried, v4, v6, null, now, random);
    }
    return null;
  }

  /** Weighted choice over every matching slot of one table: chance-proportional, one pass. */
  private Entry scan(boolean tried, boolean v4, boolean v6, Rejection rejection, long now,
      Random random) {
    SlotList[] lists = tried ? triedOccupied : newOccupied;
    Entry chosen = null;
    double totalWeight = 0;
    for (int f = IPV4; f <= IPV6; f++) {
      if ((f == IPV4 && !v4) || (f == IPV6 && !v6)) {
        continue;
      }
      SlotList list = lists[f];
      for (int i = 0; i < list.size; i++) {
        Entry entry = byId[list.id(i)];
        if (rejection != null && rejection.rejects(entry)) {
          continue;
        }
        double weight = chance(entry, now);
        totalWeight += weight;
        if (random.nextDouble() * totalWeight < weight) {
          chosen = entry;
        }
      }
    }
    return chosen;
  }

  private double chance(Entry entry, long now) {
    double chance = FAILURE_FACTORS[Math.min(entry.attempts, 8)];
    if (since(now, entry.lastTry) < recentTryMillis) {
      chance *= 0.01;
    }
    return chance;
  }

  private boolean isTerrible(Entry entry, long now) {
    if (since(now, entry.lastTry) <= NEVER_TERRIBLE_AFTER_TRY_MILLIS) {
      return false;
    }
    if (entry.lastSeen > now + config.futureTolerance().toMillis()) {
      return true;
    }
    if (now - entry.lastSeen > config.horizon().toMillis()) {
      return true;
    }
    if (entry.lastSuccess == NEVER && entry.attempts >= config.retries()) {
      return true;
    }
    return since(now, entry.lastSuccess) > config.minFailInterval().toMillis()
        && entry.attempts >= config.maxFailures();
  }

  @Override
  public List<PeerAddress> addressesToShare(int maxAddresses, int maxPercent) {
    if (maxAddresses < 1) {
      throw new IllegalArgumentException("maxAddresses must be at least 1, was " + maxAddresses);
    }
    if (maxPercent < 1 || maxPercent > 100) {
      throw new IllegalArgumentException("maxPercent must be within 1-100, was " + maxPercent);
    }
    long stamp = lock.readLock();
    try {
      int n = allCount;
      int wanted = (int) Math.min(maxAddresses,
          Math.max(Math.min(n, SHARE_FLOOR), (long) n * maxPercent / 100));
      List<PeerAddress> result = new ArrayList<>(wanted);
      if (wanted == 0) {
        return result;
      }
      long now = clock.millis();
      Random random = random();
      // A partial Fisher-Yates shuffle over a private copy: readers never write shared state.
      int[] ids = Arrays.copyOf(all, n);
      for (int i = 0; i < n && result.size() < wanted; i++) {
        int j = i + random.nextInt(n - i);
        int id = ids[j];
        ids[j] = ids[i];
        Entry entry = byId[id];
        // Unroutable addresses are shared only by a non-strict book (a private network or a test on
        // loopback), where they are the whole point.
        if (isTerrible(entry, now) || (config.routableOnly() && !entry.address.isRoutable())
            || (hiddenFromSharing != null && hiddenFromSharing.test(entry.address))) {
          continue;
        }
        result.add(entry.address);
      }
      return result;
    } finally {
      lock.unlockRead(stamp);
    }
  }

  @Override
  public List<PeerAddress> addressesToShare(String requesterClass) {
    Objects.requireNonNull(requesterClass, "requesterClass");
    if (shareCache == null) {
      return addressesToShare(config.shareMaxAddresses(), config.shareMaxPercent());
    }
    int size = size();
    long now = clock.millis();
    CachedAnswer answer = shareCache.get(requesterClass, now);
    if (answer == null || size > 2 * answer.bookSize) {
      // A cached answer is reused until it expires or the book has doubled since: a young book (a node
      // that is still bootstrapping, or a fresh network) would otherwise hand every requester the same
      // few early addresses for a day, while a settled book keeps its answer and cannot be scraped.
      answer = new CachedAnswer(size, now,
          List.copyOf(addressesToShare(config.shareMaxAddresses(), config.shareMaxPercent())));
      shareCache.put(requesterClass, answer);
    }
    List<PeerAddress> cached = answer.addresses;
    if (hiddenFromSharing == null) {
      return cached;
    }
    List<PeerAddress> visible = new ArrayList<>(cached.size());
    for (PeerAddress address : cached) {
      if (!hiddenFromSharing.test(address)) {
        visible.add(address);
      }
    }
    return visible;
  }

  // ---------------------------------------------------------------------------------------------
  // Snapshots

  @Override
  public AddressBookSnapshot snapshot() {
    long stamp = lock.readLock();
    try {
      List<AddressBookSnapshot.Entry> entries = new ArrayList<>(allCount);
      for (int i = 0; i < allCount; i++) {
        Entry e = byId[all[i]];
        List<Integer> buckets = new ArrayList<>(e.refCount);
        for (int r = 0; r < e.refCount; r++) {
          buckets.add(e.refGlobal(r) / bucketSize);
        }
        entries.add(new AddressBookSnapshot.Entry(e.address, e.source, Instant.ofEpochMilli(e.lastSeen),
            instant(e.lastTry), instant(e.lastCountAttempt), instant(e.lastSuccess), e.attempts,
            e.tried, buckets));
      }
      List<PeerAddress> pending = new ArrayList<>(collisions.size());
      for (Integer id : collisions) {
        pending.add(byId[id].address);
      }
      byte[] key = new byte[16];
      writeLittleEndian(k0, key, 0);
      writeLittleEndian(k1, key, 8);
      return new AddressBookSnapshot(key, config.newBuckets(), config.triedBuckets(), bucketSize,
          config.newBucketsPerSourceGroup(), config.triedBucketsPerGroup(),
          lastGood == BEFORE_ANY_GOOD ? Optional.empty() : Optional.of(Instant.ofEpochMilli(lastGood)),
          entries, pending);
    } finally {
      lock.unlockRead(stamp);
    }
  }

  @Override
  public int restore(AddressBookSnapshot snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    boolean sameGeometry = snapshot.newBuckets() == config.newBuckets()
        && snapshot.triedBuckets() == config.triedBuckets()
        && snapshot.bucketSize() == bucketSize
        && snapshot.newBucketsPerSourceGroup() == config.newBucketsPerSourceGroup()
        && snapshot.triedBucketsPerGroup() == config.triedBucketsPerGroup();
    long stamp = lock.writeLock();
    try {
      clear();
      long[] halves = SipHash24.keyHalves(snapshot.key());
      k0 = halves[0];
      k1 = halves[1];
      lastGood = snapshot.lastGood()
          .map(t -> Math.min(saturatedMillis(t), clock.millis()))
          .orElse(BEFORE_ANY_GOOD);
      int dropped = 0;
      List<Entry> homeless = new ArrayList<>();
      for (AddressBookSnapshot.Entry saved : snapshot.entries()) {
        if (!admissible(saved.address()) || index.containsKey(saved.address())) {
          dropped++;
          continue;
        }
        // A time after now is a damaged record (or a clock that jumped back): taken as now, so the
        // entry neither looks tried in the future nor overflows the arithmetic on it.
        long restoredAt = clock.millis();
        Entry entry = create(saved.address(), saved.source(), sourcePlacement(saved.source()),
            Math.min(saturatedMillis(saved.lastSeen()), restoredAt));
        entry.lastTry = restoredMillis(saved.lastTry(), restoredAt);
        entry.lastCountAttempt = restoredMillis(saved.lastCountedAttempt(), restoredAt);
        entry.lastSuccess = restoredMillis(saved.lastSuccess(), restoredAt);
        entry.attempts = saved.attempts();
        if (saved.tried()) {
          int bucket = triedBucket(entry);
          int slot = slot(TAG_SLOT_TRIED, bucket, entry);
          if (occupant(triedGrid[bucket], slot) < 0) {
            placeTried(entry, bucket, slot);
            continue;
          }
        } else if (sameGeometry) {
          for (int bucket : saved.newBuckets()) {
            if (bucket < 0 || bucket >= config.newBuckets()
                || entry.refCount >= config.maxNewReferences()) {
              continue;
            }
            int slot = slot(TAG_SLOT_NEW, bucket, entry);
            if (occupant(newGrid[bucket], slot) < 0) {
              placeNew(entry, bucket, slot);
            }
          }
          if (entry.refCount > 0) {
            continue;
          }
        }
        homeless.add(entry);
      }
      // Second pass, after every recorded placement: re-bucket the rest from their own source.
      for (Entry entry : homeless) {
        int bucket = newBucket(placement(entry), entry.sourceGroup);
        int slot = slot(TAG_SLOT_NEW, bucket, entry);
        if (occupant(newGrid[bucket], slot) < 0) {
          placeNew(entry, bucket, slot);
        } else {
          delete(entry);
          dropped++;
        }
      }
      for (PeerAddress address : snapshot.collisions()) {
        Entry entry = index.get(address);
        if (entry != null && !entry.tried && collisions.size() < config.maxCollisions()) {
          collisions.add(entry.id);
        }
      }
      return dropped;
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  private void clear() {
    index.clear();
    Arrays.fill(byId, null);
    nextId = 0;
    freeCount = 0;
    allCount = 0;
    Arrays.fill(newGrid, null);
    Arrays.fill(triedGrid, null);
    for (int f = IPV4; f <= IPV6; f++) {
      newOccupied[f].size = 0;
      triedOccupied[f].size = 0;
      newEntries[f] = 0;
    }
    collisions.clear();
    if (shareCache != null) {
      shareCache.clear();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Consistency

  @Override
  public void checkConsistency() {
    long stamp = lock.readLock();
    try {
      check(index.size() == allCount, "index holds %d entries but the sample list %d", index.size(),
          allCount);
      int[] newCounted = new int[2];
      int[] triedCounted = new int[2];
      int newRefs = 0;
      for (int i = 0; i < allCount; i++) {
        Entry e = byId[all[i]];
        check(e != null, "sample list position %d names a free id %d", i, all[i]);
        check(e.randomPos == i, "%s has sample position %d but sits at %d", e.address, e.randomPos, i);
        check(index.get(e.address) == e, "%s is not indexed under its address", e.address);
        check(e.tried != (e.refCount > 0), "%s: tried=%s with %d new references", e.address, e.tried,
            e.refCount);
        check(e.refCount <= config.maxNewReferences(), "%s has %d new references, limit %d", e.address,
            e.refCount, config.maxNewReferences());
        if (e.tried) {
          triedCounted[e.family]++;
          int bucket = triedBucket(e);
          int slot = slot(TAG_SLOT_TRIED, bucket, e);
          check(occupant(triedGrid[bucket], slot) == e.id,
              "%s is tried but not at its tried position %d/%d", e.address, bucket, slot);
          checkListed(triedOccupied[e.family], e.triedPosition, bucket * bucketSize + slot, e, "tried");
        } else {
          newCounted[e.family]++;
          newRefs += e.refCount;
          for (int r = 0; r < e.refCount; r++) {
            int global = e.refGlobal(r);
            int bucket = global / bucketSize;
            int slot = global % bucketSize;
            check(occupant(newGrid[bucket], slot) == e.id,
                "%s claims new slot %d/%d it does not hold", e.address, bucket, slot);
            checkListed(newOccupied[e.family], e.refPosition(r), global, e, "new");
            check(slot == slot(TAG_SLOT_NEW, bucket, e),
                "%s sits at slot %d of new bucket %d, its hash says %d", e.address, slot, bucket,
                slot(TAG_SLOT_NEW, bucket, e));
            for (int q = 0; q < r; q++) {
              check(e.refGlobal(q) != global, "%s references new slot %d twice", e.address, global);
            }
          }
        }
      }
      for (int f = IPV4; f <= IPV6; f++) {
        check(newCounted[f] == newEntries[f], "family %d: %d new entries counted, %d recorded", f,
            newCounted[f], newEntries[f]);
        check(triedCounted[f] == triedOccupied[f].size, "family %d: %d tried entries, list holds %d",
            f, triedCounted[f], triedOccupied[f].size);
      }
      check(newRefs == newOccupied[IPV4].size + newOccupied[IPV6].size,
          "%d new references but %d occupied new slots listed", newRefs,
          newOccupied[IPV4].size + newOccupied[IPV6].size);
      checkGrid(newGrid, newOccupied, "new");
      checkGrid(triedGrid, triedOccupied, "tried");
      check(collisions.size() <= config.maxCollisions(), "%d collisions queued, limit %d",
          collisions.size(), config.maxCollisions());
      for (Integer id : collisions) {
        check(byId[id] != null && !byId[id].tried, "collision id %d is not a new entry", id);
      }
    } finally {
      lock.unlockRead(stamp);
    }
  }

  private static void checkListed(SlotList list, int position, int global, Entry e, String name) {
    check(position >= 0 && position < list.size && list.global(position) == global
            && list.id(position) == e.id,
        "%s: %s slot %d is not at its recorded list position %d", e.address, name, global, position);
  }

  /**
   * Checks every bucket's storage form, and that the occupied slots and the occupancy lists are the same
   * set. Together with the per-entry checks (each entry's slots hold it and are listed where it says), this
   * makes the buckets, the lists and the entries agree exactly.
   */
  private void checkGrid(int[][] grid, SlotList[] lists, String name) {
    int occupied = 0;
    for (int bucket = 0; bucket < grid.length; bucket++) {
      int[] cells = grid[bucket];
      if (cells == null) {
        continue;
      }
      int header = cells[0];
      int count = 0;
      if (header < 0) {
        check(cells.length == 1 + bucketSize, "%s bucket %d is dense with %d cells, expected %d", name,
            bucket, cells.length, 1 + bucketSize);
        for (int slot = 0; slot < bucketSize; slot++) {
          if (cells[1 + slot] != -1) {
            checkOccupant(cells[1 + slot], name, bucket, slot);
            count++;
          }
        }
        check(count == ~header, "%s bucket %d is dense with %d occupants but records %d", name, bucket,
            count, ~header);
        check(count > sparseLimit / 2, "%s bucket %d is dense with only %d occupants (packed up to %d)",
            name, bucket, count, sparseLimit / 2);
      } else {
        count = header;
        check(count >= 1 && count <= sparseLimit && 1 + 2 * count <= cells.length,
            "%s bucket %d is packed with %d occupants in %d cells, limit %d", name, bucket, count,
            cells.length, sparseLimit);
        check(cells.length <= 1 + 2 * sparseLimit, "%s bucket %d is packed in %d cells, at most %d",
            name, bucket, cells.length, 1 + 2 * sparseLimit);
        for (int i = 0; i < count; i++) {
          int slot = cells[1 + 2 * i];
          check(slot >= 0 && slot < bucketSize, "%s bucket %d names slot %d", name, bucket, slot);
          for (int j = 0; j < i; j++) {
            check(cells[1 + 2 * j] != slot, "%s bucket %d lists slot %d twice", name, bucket, slot);
          }
          checkOccupant(cells[2 + 2 * i], name, bucket, slot);
        }
      }
      occupied += count;
    }
    check(occupied == lists[IPV4].size + lists[IPV6].size, "%s table: %d occupied slots, %d listed",
        name, occupied, lists[IPV4].size + lists[IPV6].size);
    for (int f = IPV4; f <= IPV6; f++) {
      SlotList list = lists[f];
      for (int pos = 0; pos < list.size; pos++) {
        int global = list.global(pos);
        check(global >= 0 && global < grid.length * bucketSize
                && occupant(grid[global / bucketSize], global % bucketSize) == list.id(pos),
            "%s list %d position %d names slot %d with id %d, which the bucket does not hold", name, f,
            pos, global, list.id(pos));
      }
    }
  }

  private void checkOccupant(int id, String name, int bucket, int slot) {
    check(id >= 0 && id < byId.length && byId[id] != null, "%s slot %d/%d holds free id %d", name,
        bucket, slot, id);
  }

  private static void check(boolean condition, String format, Object... args) {
    if (!condition) {
      throw new IllegalStateException("address book inconsistent: " + String.format(format, args));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Small pieces

  private Random random() {
    return fixedRandom != null ? fixedRandom : ThreadLocalRandom.current();
  }

  private AddressBookEntry view(Entry e) {
    return new AddressBookEntry(e.address, e.source, e.tried ? Table.TRIED : Table.NEW,
        Instant.ofEpochMilli(e.lastSeen), instant(e.lastTry), instant(e.lastSuccess), e.attempts,
        e.refCount);
  }

  private static Optional<Instant> instant(long millis) {
    return millis == NEVER ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
  }

  /** Milliseconds from {@code then} to {@code now}; "never" is infinitely long ago. */
  private static long since(long now, long then) {
    return then == NEVER ? Long.MAX_VALUE : now - then;
  }

  private static long restoredMillis(Optional<Instant> instant, long now) {
    return instant.map(t -> Math.min(saturatedMillis(t), now)).orElse(NEVER);
  }

  private static long saturatedMillis(Instant instant) {
    try {
      return Math.max(instant.toEpochMilli(), BEFORE_ANY_GOOD + 1);
    } catch (ArithmeticException e) {
      return instant.isBefore(Instant.EPOCH) ? BEFORE_ANY_GOOD + 1 : Long.MAX_VALUE / 4;
    }
  }

  private static long saturatedMillis(Duration duration) {
    try {
      return duration.toMillis();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 4;
    }
  }

  private static void writeLittleEndian(long value, byte[] out, int offset) {
    for (int i = 0; i < 8; i++) {
      out[offset + i] = (byte) (value >>> (8 * i));
    }
  }

  /** One address with its metadata and placement. Guarded by the book's lock. */
  private static final class Entry {
    final int id;
    final PeerAddress address;
    final byte family; // a byte, so the tried position below fits the object's alignment padding
    final long high;
    final long low;
    final long portWord;
    final long group;
    PeerAddress source;
    long sourceGroup;
    long lastSeen;
    long lastTry = NEVER;
    long lastCountAttempt = NEVER;
    long lastSuccess = NEVER;
    int attempts;
    boolean tried;
    int randomPos;
    /** Position of this entry's tried slot in its family's tried occupancy list, while tried. */
    int triedPosition;
    int refCount;
    /** Pairs (global new-slot index, position in the new occupancy list), refCount of them. */
    int[] refs = new int[2];

    Entry(int id, PeerAddress address, int family, long high, long low, long portWord, long group) {
      this.id = id;
      this.address = address;
      this.family = (byte) family;
      this.high = high;
      this.low = low;
      this.portWord = portWord;
      this.group = group;
    }

    int refGlobal(int r) {
      return refs[2 * r];
    }

    int refPosition(int r) {
      return refs[2 * r + 1];
    }

    void addRef(int global, int position, int limit) {
      if (2 * refCount == refs.length) {
        refs = Arrays.copyOf(refs, 2 * Math.min(limit, refs.length));
      }
      refs[2 * refCount] = global;
      refs[2 * refCount + 1] = position;
      refCount++;
    }

    /** Drops a reference, moving the last one into its place, and returns its list position. */
    int removeRef(int global) {
      for (int i = 0; i < 2 * refCount; i += 2) {
        if (refs[i] == global) {
          int position = refs[i + 1];
          refCount--;
          refs[i] = refs[2 * refCount];
          refs[i + 1] = refs[2 * refCount + 1];
          return position;
        }
      }
      throw new IllegalStateException("no new reference " + global + " for " + address);
    }

    /** Records that the occupancy list moved this entry's reference to a global slot. */
    void moveRef(int global, int position) {
      for (int i = 0; i < 2 * refCount; i += 2) {
        if (refs[i] == global) {
          refs[i + 1] = position;
          return;
        }
      }
      throw new IllegalStateException("no new reference " + global + " for " + address);
    }
  }

  /** A peer-exchange answer and the book size it was computed at. */
  private record CachedAnswer(int bookSize, long writtenAt, List<PeerAddress> addresses) {}

  /**
   * Cached share answers by requester class: least recently used evicted first, each expiring a fixed
   * time after it was written. Deliberately not a Caffeine cache: its admission policy draws on
   * ThreadLocalRandom, so which answers survived (and so what a node tells its peers) differed between
   * runs with the same seed. A few dozen classes make a linked hash map cheap enough.
   */
  private static final class ShareCache {
    private final long expireMillis;
    private final LinkedHashMap<String, CachedAnswer> answers;

    ShareCache(int maxClasses, long expireMillis) {
      this.expireMillis = expireMillis;
      this.answers = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CachedAnswer> eldest) {
          return size() > maxClasses;
        }
      };
    }

    synchronized CachedAnswer get(String requesterClass, long now) {
      CachedAnswer answer = answers.get(requesterClass);
      if (answer != null && now - answer.writtenAt >= expireMillis) {
        answers.remove(requesterClass);
        return null;
      }
      return answer;
    }

    synchronized void put(String requesterClass, CachedAnswer answer) {
      answers.put(requesterClass, answer);
    }

    synchronized void clear() {
      answers.clear();
    }
  }

  /**
   * A dense list of occupied slots with O(1) add and swap-remove. Each element is a global slot index and
   * the id of its occupant, so select() reaches the entry without looking into the bucket.
   */
  private static final class SlotList {
    int[] cells = new int[16]; // pairs: global slot index, occupant id
    int size;

    int global(int position) {
      return cells[2 * position];
    }

    int id(int position) {
      return cells[2 * position + 1];
    }

    /** Appends a slot and returns its position. */
    int add(int global, int id) {
      if (2 * size == cells.length) {
        cells = Arrays.copyOf(cells, cells.length * 2);
      }
      cells[2 * size] = global;
      cells[2 * size + 1] = id;
      return size++;
    }

    /**
     * Removes the slot at a position by moving the last one into it.
     *
     * @return whether another slot moved into {@code position} (and so needs its position updated)
     */
    boolean remove(int position) {
      int last = --size;
      if (position == last) {
        return false;
      }
      cells[2 * position] = cells[2 * last];
      cells[2 * position + 1] = cells[2 * last + 1];
      return true;
    }
  }

  /**
   * Builds a {@link BucketedAddressBook}. Not thread-safe; the built book is.
   */
  public static final class Builder {
    private AddressBookConfig config = AddressBookConfig.defaults();
    private InstantSource clock = InstantSource.system();
    private Random random;
    private byte[] key;
    private Predicate<? super PeerAddress> hiddenFromSharing;
    private Predicate<? super PeerAddress> evictFirst;

    private Builder() {}

    /**
     * Sets the configuration.
     *
     * @param config the configuration; default {@link AddressBookConfig#defaults()}
     * @return this builder
     */
    public Builder config(AddressBookConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Sets the clock every timestamp and quality rule reads.
     *
     * @param clock the clock; default the system clock
     * @return this builder
     */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Makes the book deterministic: every random choice (and the key, unless set) comes from this source.
     * {@link Random} is thread-safe; with one thread, the same seed gives the same book. Without it, the
     * key comes from {@link SecureRandom} and choices from {@link ThreadLocalRandom}, which also keeps
     * concurrent selects free of contention.
     *
     * @param random the random source
     * @return this builder
     */
    public Builder random(Random random) {
      this.random = Objects.requireNonNull(random, "random");
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
      if (key.length != 16) {
        throw new IllegalArgumentException("key must be 16 bytes, was " + key.length);
      }
      this.key = key.clone();
      return this;
    }

    /**
     * Sets addresses that are never shared in peer exchange (for example banned, discouraged and private
     * peers). The predicate runs under the book's read lock: it must be fast and must not call the book.
     *
     * @param hidden returns {@code true} for addresses to keep to ourselves
     * @return this builder
     */
    public Builder hideFromSharing(Predicate<? super PeerAddress> hidden) {
      this.hiddenFromSharing = Objects.requireNonNull(hidden, "hidden");
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
      this.evictFirst = Objects.requireNonNull(evictFirst, "evictFirst");
      return this;
    }

    /**
     * Builds the book, empty.
     *
     * @return the book
     */
    public BucketedAddressBook build() {
      return new BucketedAddressBook(this);
    }
  }
}
