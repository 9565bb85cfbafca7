package dev.peerage.core.book;

import dev.peerage.core.internal.Check;
import java.time.Duration;

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

  /** The settings, each declared once; the record gives equality, hash code and string form. */
  private record Settings(
      int newBuckets,
      int triedBuckets,
      int bucketSize,
      int newBucketsPerSourceGroup,
      int triedBucketsPerGroup,
      int maxNewReferences,
      Duration horizon,
      int retries,
      int maxFailures,
      Duration minFailInterval,
      Duration recentTryWindow,
      Duration futureTolerance,
      Duration replacementWindow,
      Duration testWindow,
      Duration collisionGrace,
      int maxCollisions,
      double triedBias,
      int shareMaxAddresses,
      int shareMaxPercent,
      Duration shareCacheDuration,
      int shareCacheRequesterClasses,
      boolean routableOnly,
      boolean groupBucketing) {}

  private final Settings settings;

  private AddressBookConfig(Settings settings) {
    this.settings = settings;
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
    return new Builder(settings);
  }

  /**
   * Buckets in the new table. Default 1024 (Core's ADDRMAN_NEW_BUCKET_COUNT): with 64 slots each, room for
   * 65,536 untried addresses, enough for any honest network while an attacker's reach stays a small share.
   *
   * @return the number of new buckets, 1 to 65,536
   */
  public int newBuckets() {
    return settings.newBuckets();
  }

  /**
   * Buckets in the tried table. Default 256 (Core's ADDRMAN_TRIED_BUCKET_COUNT): 16,384 addresses that have
   * answered us at least once.
   *
   * @return the number of tried buckets, 1 to 65,536
   */
  public int triedBuckets() {
    return settings.triedBuckets();
  }

  /**
   * Slots per bucket, in both tables. Default 64 (Core's ADDRMAN_BUCKET_SIZE).
   *
   * @return slots per bucket, 1 to 4,096
   */
  public int bucketSize() {
    return settings.bucketSize();
  }

  /**
   * How many new buckets the addresses announced by one source group can spread over. Default 64 (Core's
   * ADDRMAN_NEW_BUCKETS_PER_SOURCE_GROUP): a single source, however many addresses it sends, reaches at
   * most 64 of the 1,024 new buckets.
   *
   * @return buckets per source group, 1 to {@link #newBuckets()}
   */
  public int newBucketsPerSourceGroup() {
    return settings.newBucketsPerSourceGroup();
  }

  /**
   * How many tried buckets the addresses of one network group can occupy. Default 8 (Core's
   * ADDRMAN_TRIED_BUCKETS_PER_GROUP): one /16 can hold at most 8 of the 256 tried buckets.
   *
   * @return buckets per group, 1 to {@link #triedBuckets()}
   */
  public int triedBucketsPerGroup() {
    return settings.triedBucketsPerGroup();
  }

  /**
   * The most new-table slots one address may occupy. Default 8 (Core's ADDRMAN_NEW_BUCKETS_PER_ADDRESS). Each
   * further reference is accepted with probability 1/2<sup>references</sup>, so popular addresses are a
   * little likelier to be picked without one address crowding out others.
   *
   * @return the reference limit, 1 to 64
   */
  public int maxNewReferences() {
    return settings.maxNewReferences();
  }

  /**
   * An address not seen for longer than this is terrible. Default 30 days (Core's ADDRMAN_HORIZON).
   *
   * @return the horizon, positive
   */
  public Duration horizon() {
    return settings.horizon();
  }

  /**
   * Attempts after which an address that never succeeded is terrible. Default 3 (Core's ADDRMAN_RETRIES).
   *
   * @return the retry limit, at least 1
   */
  public int retries() {
    return settings.retries();
  }

  /**
   * Counted failures after which an address whose last success is older than {@link #minFailInterval()} is
   * terrible. Default 10 (Core's ADDRMAN_MAX_FAILURES).
   *
   * @return the failure limit, at least 1
   */
  public int maxFailures() {
    return settings.maxFailures();
  }

  /**
   * See {@link #maxFailures()}. Default 7 days (Core's ADDRMAN_MIN_FAIL).
   *
   * @return the interval, positive
   */
  public Duration minFailInterval() {
    return settings.minFailInterval();
  }

  /**
   * An address tried within this window is never terrible, and its chance of selection is multiplied by 0.01.
   * Default 10 minutes for the chance rule; the never-terrible rule uses one minute as Core does (see
   * {@link AddressBook}).
   *
   * @return the window, positive
   */
  public Duration recentTryWindow() {
    return settings.recentTryWindow();
  }

  /**
   * An address whose last-seen time is further than this in the future is terrible (its clock, or its
   * announcer's, is lying). Default 10 minutes (Core).
   *
   * @return the tolerance, positive
   */
  public Duration futureTolerance() {
    return settings.futureTolerance();
  }

  /**
   * Test-before-evict: a tried occupant that succeeded within this window keeps its slot against a newcomer.
   * Default 4 hours (Core's ADDRMAN_REPLACEMENT).
   *
   * @return the window, positive
   */
  public Duration replacementWindow() {
    return settings.replacementWindow();
  }

  /**
   * Test-before-evict: if a collision has not been resolved by a feeler within this time after the newcomer's
   * success, the newcomer wins. Default 40 minutes (Core's ADDRMAN_TEST_WINDOW).
   *
   * @return the window, positive
   */
  public Duration testWindow() {
    return settings.testWindow();
  }

  /**
   * Test-before-evict: how long a feeler attempt on the occupant is given before its silence counts as a
   * failure. Default 60 seconds (Core).
   *
   * @return the grace, positive
   */
  public Duration collisionGrace() {
    return settings.collisionGrace();
  }

  /**
   * The most tried-table collisions waiting for a test. Default 10 (Core's ADDRMAN_SET_TRIED_COLLISION_SIZE);
   * further collisions are dropped, and the occupant stays.
   *
   * @return the bound, at least 1
   */
  public int maxCollisions() {
    return settings.maxCollisions();
  }

  /**
   * The probability that {@code select()} searches the tried table when both tables have candidates.
   * Default 0.5 (Core's coin flip). A node that prefers proven peers sets more, such as 0.85.
   *
   * @return the bias, 0.0 to 1.0
   */
  public double triedBias() {
    return settings.triedBias();
  }

  /**
   * The most addresses one peer-exchange answer carries. Default 1000 (Core's MAX_ADDR_TO_SEND).
   *
   * @return the limit, at least 1
   */
  public int shareMaxAddresses() {
    return settings.shareMaxAddresses();
  }

  /**
   * The largest share of the book, in percent, one peer-exchange answer reveals. Default 23 (Core's
   * MAX_PCT_ADDR_TO_SEND), so a peer learns a sample, never the whole book.
   *
   * @return the percentage, 1 to 100
   */
  public int shareMaxPercent() {
    return settings.shareMaxPercent();
  }

  /**
   * How long a peer-exchange answer is reused for the same requester class. Default 24 hours (Core caches
   * for about 21 to 27 hours), so repeated requests cannot scrape the book.
   *
   * @return the duration, zero (no caching) or positive
   */
  public Duration shareCacheDuration() {
    return settings.shareCacheDuration();
  }

  /**
   * The most requester classes with a cached answer. Default 64; the classes come from the host (for example
   * the requester's address family and our listening address), so a small bound suffices.
   *
   * @return the bound, at least 1
   */
  public int shareCacheRequesterClasses() {
    return settings.shareCacheRequesterClasses();
  }

  /**
   * Whether only publicly routable IP addresses may enter. Default {@code true}. Turn it off for private
   * networks and loopback tests; even then only IP addresses that are not unspecified or multicast enter.
   *
   * @return {@code true} for strict mode
   */
  public boolean routableOnly() {
    return settings.routableOnly();
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
    return settings.groupBucketing();
  }

  /**
   * Whether two configurations give identical placement for the same key, so a snapshot of one restores into
   * the other without re-bucketing.
   *
   * @param other the other configuration
   * @return {@code true} if the table geometry is the same
   */
  public boolean sameGeometry(AddressBookConfig other) {
    Settings o = other.settings;
    return settings.newBuckets() == o.newBuckets()
        && settings.triedBuckets() == o.triedBuckets()
        && settings.bucketSize() == o.bucketSize()
        && settings.newBucketsPerSourceGroup() == o.newBucketsPerSourceGroup()
        && settings.triedBucketsPerGroup() == o.triedBucketsPerGroup()
        && settings.groupBucketing() == o.groupBucketing();
  }

  /**
   * Whether {@code other} is a configuration with the same settings.
   *
   * @param other the object to compare with
   * @return {@code true} if every setting is equal
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof AddressBookConfig that && settings.equals(that.settings);
  }

  /**
   * A hash code consistent with {@link #equals(Object)}.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return settings.hashCode();
  }

  /**
   * Every setting by name, for logs.
   *
   * @return for example {@code AddressBookConfig[newBuckets=1024, triedBuckets=256, ...]}
   */
  @Override
  public String toString() {
    String values = settings.toString(); // "Settings[...]": show the public name instead
    return "AddressBookConfig" + values.substring(values.indexOf('['));
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

    private Builder(Settings s) {
      newBuckets = s.newBuckets();
      triedBuckets = s.triedBuckets();
      bucketSize = s.bucketSize();
      newBucketsPerSourceGroup = s.newBucketsPerSourceGroup();
      triedBucketsPerGroup = s.triedBucketsPerGroup();
      maxNewReferences = s.maxNewReferences();
      horizon = s.horizon();
      retries = s.retries();
      maxFailures = s.maxFailures();
      minFailInterval = s.minFailInterval();
      recentTryWindow = s.recentTryWindow();
      futureTolerance = s.futureTolerance();
      replacementWindow = s.replacementWindow();
      testWindow = s.testWindow();
      collisionGrace = s.collisionGrace();
      maxCollisions = s.maxCollisions();
      triedBias = s.triedBias();
      shareMaxAddresses = s.shareMaxAddresses();
      shareMaxPercent = s.shareMaxPercent();
      shareCacheDuration = s.shareCacheDuration();
      shareCacheRequesterClasses = s.shareCacheRequesterClasses();
      routableOnly = s.routableOnly();
      groupBucketing = s.groupBucketing();
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
      this.newBuckets = Check.between(newBuckets, "newBuckets", 1, 65_536);
      this.triedBuckets = Check.between(triedBuckets, "triedBuckets", 1, 65_536);
      this.bucketSize = Check.between(bucketSize, "bucketSize", 1, 4_096);
      return this;
    }

    /**
     * Sets {@link AddressBookConfig#newBucketsPerSourceGroup()}.
     *
     * @param value 1 or more; at most the number of new buckets (checked by {@link #build()})
     * @return this builder
     */
    public Builder newBucketsPerSourceGroup(int value) {
      this.newBucketsPerSourceGroup = Check.between(value, "newBucketsPerSourceGroup", 1, 65_536);
      return this;
    }

    /**
     * Sets {@link AddressBookConfig#triedBucketsPerGroup()}.
     *
     * @param value 1 or more; at most the number of tried buckets (checked by {@link #build()})
     * @return this builder
     */
    public Builder triedBucketsPerGroup(int value) {
      this.triedBucketsPerGroup = Check.between(value, "triedBucketsPerGroup", 1, 65_536);
      return this;
    }

    /**
     * Sets {@link AddressBookConfig#maxNewReferences()}.
     *
     * @param value 1 to 64
     * @return this builder
     */
    public Builder maxNewReferences(int value) {
      this.maxNewReferences = Check.between(value, "maxNewReferences", 1, 64);
      return this;
    }

    /**
     * Sets {@link AddressBookConfig#horizon()}.
     *
     * @param value positive
     * @return this builder
     */
    public Builder horizon(Duration value) {
      this.horizon = Check.positive(value, "horizon");
      return this;
    }

    /**
     * Sets {@link AddressBookConfig#retries()}.
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder retries(int value) {
      this.retries = Check.atLeast(value, "retries", 1);
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
      this.maxFailures = Check.atLeast(failures, "maxFailures", 1);
      this.minFailInterval = Check.positive(interval, "minFailInterval");
      return this;
    }

    /**
     * Sets {@link AddressBookConfig#recentTryWindow()}.
     *
     * @param value positive
     * @return this builder
     */
    public Builder recentTryWindow(Duration value) {
      this.recentTryWindow = Check.positive(value, "recentTryWindow");
      return this;
    }

    /**
     * Sets {@link AddressBookConfig#futureTolerance()}.
     *
     * @param value positive
     * @return this builder
     */
    public Builder futureTolerance(Duration value) {
      this.futureTolerance = Check.positive(value, "futureTolerance");
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
      this.replacementWindow = Check.positive(replacementWindow, "replacementWindow");
      this.testWindow = Check.positive(testWindow, "testWindow");
      this.collisionGrace = Check.positive(collisionGrace, "collisionGrace");
      return this;
    }

    /**
     * Sets {@link AddressBookConfig#maxCollisions()}.
     *
     * @param value 1 to 10,000
     * @return this builder
     */
    public Builder maxCollisions(int value) {
      this.maxCollisions = Check.between(value, "maxCollisions", 1, 10_000);
      return this;
    }

    /**
     * Sets {@link AddressBookConfig#triedBias()}.
     *
     * @param value 0.0 to 1.0
     * @return this builder
     */
    public Builder triedBias(double value) {
      this.triedBias = Check.between(value, "triedBias", 0.0, 1.0);
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
      this.shareMaxAddresses = Check.between(maxAddresses, "shareMaxAddresses", 1, 100_000);
      this.shareMaxPercent = Check.between(maxPercent, "shareMaxPercent", 1, 100);
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
      this.shareCacheDuration = Check.notNegative(duration, "shareCacheDuration");
      this.shareCacheRequesterClasses =
          Check.between(requesterClasses, "shareCacheRequesterClasses", 1, 10_000);
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
      return new AddressBookConfig(new Settings(newBuckets, triedBuckets, bucketSize,
          newBucketsPerSourceGroup, triedBucketsPerGroup, maxNewReferences, horizon, retries,
          maxFailures, minFailInterval, recentTryWindow, futureTolerance, replacementWindow,
          testWindow, collisionGrace, maxCollisions, triedBias, shareMaxAddresses, shareMaxPercent,
          shareCacheDuration, shareCacheRequesterClasses, routableOnly, groupBucketing));
    }
  }
}
