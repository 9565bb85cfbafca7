package dev.peerage.core.book;

import java.time.Duration;
import java.util.Objects;

/**
 * The parameters of an {@link AddressBook}: table geometry, the quality rules and the sharing limits.
 *
 * <p>Immutable and thread-safe. Build one with {@link #builder()} (every setter checks its value at once and
 * names it in the exception) or use {@link #defaults()}. Unless noted otherwise the defaults are Bitcoin Core's
 * address manager constants (src/addrman_impl.h and src/addrman.cpp), which have protected the Bitcoin network
 * against address-table attacks for years; the reason for each is given with its getter.
 */
public final class AddressBookConfig {
  private static final AddressBookConfig DEFAULTS = new Builder().build();

  private final int newBuckets;
  private final int triedBuckets;
  private final int bucketSize;
  private final int newBucketsPerSourceGroup;
  private final int triedBucketsPerGroup;
  private final int maxNewReferences;
  private final Duration horizon;
  private final int retries;
  private final int maxFailures;
  private final Duration minFailInterval;
  private final Duration recentTryWindow;
  private final Duration futureTolerance;
  private final Duration replacementWindow;
  private final Duration testWindow;
  private final Duration collisionGrace;
  private final int maxCollisions;
  private final double triedBias;
  private final int shareMaxAddresses;
  private final int shareMaxPercent;
  private final Duration shareCacheDuration;
  private final int shareCacheRequesterClasses;
  private final boolean routableOnly;
  private final boolean groupBucketing;

  private AddressBookConfig(Builder b) {
    this.newBuckets = b.newBuckets;
    this.triedBuckets = b.triedBuckets;
    this.bucketSize = b.bucketSize;
    this.newBucketsPerSourceGroup = b.newBucketsPerSourceGroup;
    this.triedBucketsPerGroup = b.triedBucketsPerGroup;
    this.maxNewReferences = b.maxNewReferences;
    this.horizon = b.horizon;
    this.retries = b.retries;
    this.maxFailures = b.maxFailures;
    this.minFailInterval = b.minFailInterval;
    this.recentTryWindow = b.recentTryWindow;
    this.futureTolerance = b.futureTolerance;
    this.replacementWindow = b.replacementWindow;
    this.testWindow = b.testWindow;
    this.collisionGrace = b.collisionGrace;
    this.maxCollisions = b.maxCollisions;
    this.triedBias = b.triedBias;
    this.shareMaxAddresses = b.shareMaxAddresses;
    this.shareMaxPercent = b.shareMaxPercent;
    this.shareCacheDuration = b.shareCacheDuration;
    this.shareCacheRequesterClasses = b.shareCacheRequesterClasses;
    this.routableOnly = b.routableOnly;
    this.groupBucketing = b.groupBucketing;
  }

  /**
   * Returns the default configuration.
   *
   * @return the defaults described on each getter
   */
  public static AddressBookConfig defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a builder holding the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this configuration's values, to derive a variant.
   *
   * @return a new builder initialised from this configuration
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Buckets in the new table. Default 1024 (Core's ADDRMAN_NEW_BUCKET_COUNT): with 64 slots each, room for
   * 65,536 untried addresses, enough for any honest network while an attacker's reach stays a small share.
   *
   * @return the number of new buckets, 1 to 65,536
   */
  public int newBuckets() {
    return newBuckets;
  }

  /**
   * Buckets in the tried table. Default 256 (Core's ADDRMAN_TRIED_BUCKET_COUNT): 16,384 addresses that have
   * answered us at least once.
   *
   * @return the number of tried buckets, 1 to 65,536
   */
  public int triedBuckets() {
    return triedBuckets;
  }

  /**
   * Slots per bucket, in both tables. Default 64 (Core's ADDRMAN_BUCKET_SIZE).
   *
   * @return slots per bucket, 1 to 4,096
   */
  public int bucketSize() {
    return bucketSize;
  }

  /**
   * How many new buckets the addresses announced by one source group can spread over. Default 64 (Core's
   * ADDRMAN_NEW_BUCKETS_PER_SOURCE_GROUP): a single source, however many addresses it sends, reaches at
   * most 64 of the 1,024 new buckets.
   *
   * @return buckets per source group, 1 to {@link #newBuckets()}
   */
  public int newBucketsPerSourceGroup() {
    return newBucketsPerSourceGroup;
  }

  /**
   * How many tried buckets the addresses of one network group can occupy. Default 8 (Core's
   * ADDRMAN_TRIED_BUCKETS_PER_GROUP): one /16 can hold at most 8 of the 256 tried buckets.
   *
   * @return buckets per group, 1 to {@link #triedBuckets()}
   */
  public int triedBucketsPerGroup() {
    return triedBucketsPerGroup;
  }

  /**
   * The most new-table slots one address may occupy. Default 8 (Core's ADDRMAN_NEW_BUCKETS_PER_ADDRESS). Each
   * further reference is accepted with probability 1/2<sup>references</sup>, so popular addresses are a
   * little likelier to be picked without one address crowding out others.
   *
   * @return the reference limit, 1 to 64
   */
  public int maxNewReferences() {
    return maxNewReferences;
  }

  /**
   * An address not seen for longer than this is terrible. Default 30 days (Core's ADDRMAN_HORIZON).
   *
   * @return the horizon, positive
   */
  public Duration horizon() {
    return horizon;
  }

  /**
   * Attempts after which an address that never succeeded is terrible. Default 3 (Core's ADDRMAN_RETRIES).
   *
   * @return the retry limit, at least 1
   */
  public int retries() {
    return retries;
  }

  /**
   * Counted failures after which an address whose last success is older than {@link #minFailInterval()} is
   * terrible. Default 10 (Core's ADDRMAN_MAX_FAILURES).
   *
   * @return the failure limit, at least 1
   */
  public int maxFailures() {
    return maxFailures;
  }

  /**
   * See {@link #maxFailures()}. Default 7 days (Core's ADDRMAN_MIN_FAIL).
   *
   * @return the interval, positive
   */
  public Duration minFailInterval() {
    return minFailInterval;
  }

  /**
   * An address tried within this window is never terrible, and its chance of selection is multiplied by 0.01.
   * Default 10 minutes for the chance rule; the never-terrible rule uses one minute as Core does (see
   * {@link AddressBook}).
   *
   * @return the window, positive
   */
  public Duration recentTryWindow() {
    return recentTryWindow;
  }

  /**
   * An address whose last-seen time is further than this in the future is terrible (its clock, or its
   * announcer's, is lying). Default 10 minutes (Core).
   *
   * @return the tolerance, positive
   */
  public Duration futureTolerance() {
    return futureTolerance;
  }

  /**
   * Test-before-evict: a tried occupant that succeeded within this window keeps its slot against a newcomer.
   * Default 4 hours (Core's ADDRMAN_REPLACEMENT).
   *
   * @return the window, positive
   */
  public Duration replacementWindow() {
    return replacementWindow;
  }

  /**
   * Test-before-evict: if a collision has not been resolved by a feeler within this time after the newcomer's
   * success, the newcomer wins. Default 40 minutes (Core's ADDRMAN_TEST_WINDOW).
   *
   * @return the window, positive
   */
  public Duration testWindow() {
    return testWindow;
  }

  /**
   * Test-before-evict: how long a feeler attempt on the occupant is given before its silence counts as a
   * failure. Default 60 seconds (Core).
   *
   * @return the grace, positive
   */
  public Duration collisionGrace() {
    return collisionGrace;
  }

  /**
   * The most tried-table collisions waiting for a test. Default 10 (Core's ADDRMAN_SET_TRIED_COLLISION_SIZE);
   * further collisions are dropped, and the occupant stays.
   *
   * @return the bound, at least 1
   */
  public int maxCollisions() {
    return maxCollisions;
  }

  /**
   * The probability that {@code select()} searches the tried table when both tables have candidates.
   * Default 0.5 (Core's coin flip). A node that prefers proven peers sets more (one of Peerage's seeds asks
   * for 0.85).
   *
   * @return the bias, 0.0 to 1.0
   */
  public double triedBias() {
    return triedBias;
  }

  /**
   * The most addresses one peer-exchange answer carries. Default 1000 (Core's MAX_ADDR_TO_SEND).
   *
   * @return the limit, at least 1
   */
  public int shareMaxAddresses() {
    return shareMaxAddresses;
  }

  /**
   * The largest share of the book, in percent, one peer-exchange answer reveals. Default 23 (Core's
   * MAX_PCT_ADDR_TO_SEND), so a peer learns a sample, never the whole book.
   *
   * @return the percentage, 1 to 100
   */
  public int shareMaxPercent() {
    return shareMaxPercent;
  }

  /**
   * How long a peer-exchange answer is reused for the same requester class. Default 24 hours (Core caches
   * for about 21 to 27 hours), so repeated requests cannot scrape the book.
   *
   * @return the duration, zero (no caching) or positive
   */
  public Duration shareCacheDuration() {
    return shareCacheDuration;
  }

  /**
   * The most requester classes with a cached answer. Default 64; the classes come from the host (for example
   * the requester's address family and our listening address), so a small bound suffices.
   *
   * @return the bound, at least 1
   */
  public int shareCacheRequesterClasses() {
    return shareCacheRequesterClasses;
  }

  /**
   * Whether only publicly routable IP addresses may enter. Default {@code true}. Turn it off for private
   * networks and loopback tests; even then only IP addresses that are not unspecified or multicast enter.
   *
   * @return {@code true} for strict mode
   */
  public boolean routableOnly() {
    return routableOnly;
  }

  /**
   * Whether entries are placed by network group. Default {@code true}: new-table buckets follow from the
   * address's group and its source's group, tried-table buckets from the address's group, so a few groups
   * can reach only a few buckets (Bitcoin Core's bucketing, the first defence against eclipse attacks).
   * {@code false} places by the whole address and source address instead, so one group may spread over
   * every bucket. That exists only to measure what group bucketing is worth (the simulator's eclipse
   * scenario); do not turn it off in a node. Group filters in selection work either way.
   *
   * @return {@code true} if placement follows network groups
   */
  public boolean groupBucketing() {
    return groupBucketing;
  }

  /**
   * Whether two configurations give identical placement for the same key, so a snapshot of one restores into
   * the other without re-bucketing.
   *
   * @param other the other configuration
   * @return {@code true} if the table geometry is the same
   */
  public boolean sameGeometry(AddressBookConfig other) {
    return newBuckets == other.newBuckets
        && triedBuckets == other.triedBuckets
        && bucketSize == other.bucketSize
        && newBucketsPerSourceGroup == other.newBucketsPerSourceGroup
        && triedBucketsPerGroup == other.triedBucketsPerGroup
        && groupBucketing == other.groupBucketing;
  }

  @Override
  public String toString() {
    return "AddressBookConfig{new=" + newBuckets + "x" + bucketSize + ", tried=" + triedBuckets + "x"
        + bucketSize + ", triedBias=" + triedBias + ", routableOnly=" + routableOnly
        + (groupBucketing ? "" : ", groupBucketing=false") + "}";
  }

  /**
   * Builds an {@link AddressBookConfig}. Each setter rejects a bad value at once with an
   * {@link IllegalArgumentException} that names the setting and the value; {@link #build()} checks the rules
   * between settings. Not thread-safe.
   */
  public static final class Builder {
    private int newBuckets = 1024;
    private int triedBuckets = 256;
    private int bucketSize = 64;
    private int newBucketsPerSourceGroup = 64;
    private int triedBucketsPerGroup = 8;
    private int maxNewReferences = 8;
    private Duration horizon = Duration.ofDays(30);
    private int retries = 3;
    private int maxFailures = 10;
    private Duration minFailInterval = Duration.ofDays(7);
    private Duration recentTryWindow = Duration.ofMinutes(10);
    private Duration futureTolerance = Duration.ofMinutes(10);
    private Duration replacementWindow = Duration.ofHours(4);
    private Duration testWindow = Duration.ofMinutes(40);
    private Duration collisionGrace = Duration.ofSeconds(60);
    private int maxCollisions = 10;
    private double triedBias = 0.5;
    private int shareMaxAddresses = 1000;
    private int shareMaxPercent = 23;
    private Duration shareCacheDuration = Duration.ofHours(24);
    private int shareCacheRequesterClasses = 64;
    private boolean routableOnly = true;
    private boolean groupBucketing = true;

    private Builder() {}

    private Builder(AddressBookConfig c) {
      newBuckets = c.newBuckets;
      triedBuckets = c.triedBuckets;
      bucketSize = c.bucketSize;
      newBucketsPerSourceGroup = c.newBucketsPerSourceGroup;
      triedBucketsPerGroup = c.triedBucketsPerGroup;
      maxNewReferences = c.maxNewReferences;
      horizon = c.horizon;
      retries = c.retries;
      maxFailures = c.maxFailures;
      minFailInterval = c.minFailInterval;
      recentTryWindow = c.recentTryWindow;
      futureTolerance = c.futureTolerance;
      replacementWindow = c.replacementWindow;
      testWindow = c.testWindow;
      collisionGrace = c.collisionGrace;
      maxCollisions = c.maxCollisions;
      triedBias = c.triedBias;
      shareMaxAddresses = c.shareMaxAddresses;
      shareMaxPercent = c.shareMaxPercent;
      shareCacheDuration = c.shareCacheDuration;
      shareCacheRequesterClasses = c.shareCacheRequesterClasses;
      routableOnly = c.routableOnly;
      groupBucketing = c.groupBucketing;
    }

    /**
     * Sets the table geometry.
     *
     * @param newBuckets buckets in the new table, 1 to 65,536
     * @param triedBuckets buckets in the tried table, 1 to 65,536
     * @param bucketSize slots per bucket, 1 to 4,096
     * @return this builder
     */
    public Builder tables(int newBuckets, int triedBuckets, int bucketSize) {
      this.newBuckets = checkRange("newBuckets", newBuckets, 1, 65_536);
      this.triedBuckets = checkRange("triedBuckets", triedBuckets, 1, 65_536);
      this.bucketSize = checkRange("bucketSize", bucketSize, 1, 4_096);
      return this;
    }

    /**
     * Sets {@link AddressBookConfig#newBucketsPerSourceGroup()}.
     *
     * @param value 1 or more; at most the number of new buckets (checked by {@link #build()})
     * @return this builder
     */
    public Builder newBucketsPerSourceGroup(int value) {
      this.newBucketsPerSourceGroup = checkRange("newBucketsPerSourceGroup", value, 1, 65_536);
      return this;
    }

    /**
     * Sets {@link AddressBookConfig#triedBucketsPerGroup()}.
     *
     * @param value 1 or more; at most the number of tried buckets (checked by {@link #build()})
     * @return this builder
     */
    public Builder triedBucketsPerGroup(int value) {
      this.triedBucketsPerGroup = checkRange("triedBucketsPerGroup", value, 1, 65_536);
      return this;
    }

    /**
     * Sets {@link AddressBookConfig#maxNewReferences()}.
     *
     * @param value 1 to 64
     * @return this builder
     */
    public Builder maxNewReferences(int value) {
      this.maxNewReferences = checkRange("maxNewReferences", value, 1, 64);
      return this;
    }

    /**
     * Sets {@link AddressBookConfig#horizon()}.
     *
     * @param value positive
     * @return this builder
     */
    public Builder horizon(Duration value) {
      this.horizon = checkPositive("horizon", value);
      return this;
    }

    /**
     * Sets {@link AddressBookConfig#retries()}.
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder retries(int value) {
      this.retries = checkRange("retries", value, 1, Integer.MAX_VALUE);
      return this;
    }

    /**
     * Sets {@link AddressBookConfig#maxFailures()} and {@link AddressBookConfig#minFailInterval()}.
     *
     * @param failures at least 1
     * @param interval positive
     * @return this builder
     */
    public Builder maxFailures(int failures, Duration interval) {
      this.maxFailures = checkRange("maxFailures", failures, 1, Integer.MAX_VALUE);
      this.minFailInterval = checkPositive("minFailInterval", interval);
      return this;
    }

    /**
     * Sets {@link AddressBookConfig#recentTryWindow()}.
     *
     * @param value positive
     * @return this builder
     */
    public Builder recentTryWindow(Duration value) {
      this.recentTryWindow = checkPositive("recentTryWindow", value);
      return this;
    }

    /**
     * Sets {@link AddressBookConfig#futureTolerance()}.
     *
     * @param value positive
     * @return this builder
     */
    public Builder futureTolerance(Duration value) {
      this.futureTolerance = checkPositive("futureTolerance", value);
      return this;
    }

    /**
     * Sets the test-before-evict timing.
     *
     * @param replacementWindow see {@link AddressBookConfig#replacementWindow()}, positive
     * @param testWindow see {@link AddressBookConfig#testWindow()}, positive
     * @param collisionGrace see {@link AddressBookConfig#collisionGrace()}, positive, less than the
     *     replacement window
     * @return this builder
     */
    public Builder testBeforeEvict(
        Duration replacementWindow, Duration testWindow, Duration collisionGrace) {
      this.replacementWindow = checkPositive("replacementWindow", replacementWindow);
      this.testWindow = checkPositive("testWindow", testWindow);
      this.collisionGrace = checkPositive("collisionGrace", collisionGrace);
      return this;
    }

    /**
     * Sets {@link AddressBookConfig#maxCollisions()}.
     *
     * @param value 1 to 10,000
     * @return this builder
     */
    public Builder maxCollisions(int value) {
      this.maxCollisions = checkRange("maxCollisions", value, 1, 10_000);
      return this;
    }

    /**
     * Sets {@link AddressBookConfig#triedBias()}.
     *
     * @param value 0.0 to 1.0
     * @return this builder
     */
    public Builder triedBias(double value) {
      if (!(value >= 0.0 && value <= 1.0)) {
        throw new IllegalArgumentException("triedBias must be within 0.0-1.0, was " + value);
      }
      this.triedBias = value;
      return this;
    }

    /**
     * Sets the peer-exchange answer limits.
     *
     * @param maxAddresses see {@link AddressBookConfig#shareMaxAddresses()}, 1 to 100,000
     * @param maxPercent see {@link AddressBookConfig#shareMaxPercent()}, 1 to 100
     * @return this builder
     */
    public Builder shareLimits(int maxAddresses, int maxPercent) {
      this.shareMaxAddresses = checkRange("shareMaxAddresses", maxAddresses, 1, 100_000);
      this.shareMaxPercent = checkRange("shareMaxPercent", maxPercent, 1, 100);
      return this;
    }

    /**
     * Sets the peer-exchange answer cache.
     *
     * @param duration see {@link AddressBookConfig#shareCacheDuration()}, zero or positive
     * @param requesterClasses see {@link AddressBookConfig#shareCacheRequesterClasses()}, 1 to 10,000
     * @return this builder
     */
    public Builder shareCache(Duration duration, int requesterClasses) {
      Objects.requireNonNull(duration, "shareCacheDuration");
      if (duration.isNegative()) {
        throw new IllegalArgumentException("shareCacheDuration must not be negative, was " + duration);
      }
      this.shareCacheDuration = duration;
      this.shareCacheRequesterClasses =
          checkRange("shareCacheRequesterClasses", requesterClasses, 1, 10_000);
      return this;
    }

    /**
     * Sets {@link AddressBookConfig#routableOnly()}.
     *
     * @param value {@code false} to admit private and loopback addresses (private networks, tests)
     * @return this builder
     */
    public Builder routableOnly(boolean value) {
      this.routableOnly = value;
      return this;
    }

    /**
     * Sets {@link AddressBookConfig#groupBucketing()}.
     *
     * @param value {@code false} to place entries by whole address instead of network group: for
     *     experiments that measure the countermeasure only
     * @return this builder
     */
    public Builder groupBucketing(boolean value) {
      this.groupBucketing = value;
      return this;
    }

    /**
     * Checks the rules between settings and builds the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException naming the settings that disagree
     */
    public AddressBookConfig build() {
      if (newBucketsPerSourceGroup > newBuckets) {
        throw new IllegalArgumentException("newBucketsPerSourceGroup " + newBucketsPerSourceGroup
            + " exceeds newBuckets " + newBuckets);
      }
      if (triedBucketsPerGroup > triedBuckets) {
        throw new IllegalArgumentException("triedBucketsPerGroup " + triedBucketsPerGroup
            + " exceeds triedBuckets " + triedBuckets);
      }
      if (maxNewReferences > newBuckets) {
        throw new IllegalArgumentException(
            "maxNewReferences " + maxNewReferences + " exceeds newBuckets " + newBuckets);
      }
      if (collisionGrace.compareTo(replacementWindow) >= 0) {
        throw new IllegalArgumentException("collisionGrace " + collisionGrace
            + " must be shorter than replacementWindow " + replacementWindow);
      }
      return new AddressBookConfig(this);
    }

    private static int checkRange(String name, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            name + " must be within " + min + "-" + max + ", was " + value);
      }
      return value;
    }

    private static Duration checkPositive(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }
  }
}
