package dev.peerage.core.ban;

import dev.peerage.core.internal.Check;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The bounds and durations of a node's ban list and misbehaviour scoring. Build one with {@link #builder()}, derive a
 * variant with {@link #toBuilder()}, or use {@link #defaults()}.
 *
 * <p>Every setting is checked when it is set; a bad value fails at once with an
 * {@link IllegalArgumentException} that names the setting and the value, for example
 * {@code defaultBanDuration must be positive and at most PT876000H, was PT-1S}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class BanPolicy {

  /** Bitcoin Core's {@code DEFAULT_MISBEHAVING_BANTIME}: long enough to end an attack. */
  public static final Duration DEFAULT_BAN_DURATION = Duration.ofHours(24);

  /**
   * Enough for a flood of misbehaving addresses and a large imported ban list, while a full list
   * stays at a few tens of megabytes.
   */
  public static final int DEFAULT_MAX_BANS = 100_000;

  /** Enough history for a status page and an incident review, small enough to persist. */
  public static final int DEFAULT_HISTORY_SIZE = 1_000;

  /**
   * Discouragement lasts as long as a default ban. Bitcoin Core keeps discouraged addresses until
   * it restarts; a fixed time does the same job for a node that runs for months, and lets an
   * address that changed hands (dynamic IPs, NAT) back in.
   */
  public static final Duration DEFAULT_DISCOURAGE_DURATION = Duration.ofHours(24);

  /** Bitcoin Core's rolling bloom filter of discouraged addresses holds 50,000 of them. */
  public static final int DEFAULT_MAX_DISCOURAGED = 50_000;

  /** Longest duration accepted: about a century. Longer bans should be permanent. */
  public static final Duration MAX_DURATION = Duration.ofDays(36_500);

  /** Largest accepted {@link #maxBans()} and {@link #maxDiscouraged()}. */
  public static final int MAX_ENTRIES = 10_000_000;

  /** Largest accepted {@link #historySize()}. */
  public static final int MAX_HISTORY_SIZE = 1_000_000;

  /** Bitcoin Core's historical {@code -banscore} default: the points at which a peer is banned. */
  public static final double DEFAULT_MISBEHAVIOUR_THRESHOLD = 100;

  /** Largest accepted {@link #misbehaviourThreshold()} and per-kind weight. */
  public static final double MAX_POINTS = 1_000_000;

  private static final BanPolicy DEFAULTS = new Builder().build();

  /** The settings, each declared once; the record gives equality, hash code and string form. */
  private record Settings(
      Duration defaultBanDuration,
      int maxBans,
      int historySize,
      Duration discourageDuration,
      int maxDiscouraged,
      double misbehaviourThreshold,
      Duration misbehaviourBanDuration,
      Map<MisbehaviourKind, Double> weights) {}

  private final Settings settings;

  private BanPolicy(Settings settings) {
    this.settings = settings;
  }

  /**
   * Returns the policy with every default.
   *
   * @return the default policy
   */
  public static BanPolicy defaults() {
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
   * Returns a builder holding this policy's settings.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder(settings);
  }

  /**
   * Returns how long a ban lasts when no end is given and, unless set otherwise, how long
   * a ban for misbehaviour lasts.
   *
   * @return a positive duration, at most {@link #MAX_DURATION}; default 24 hours
   */
  public Duration defaultBanDuration() {
    return settings.defaultBanDuration();
  }

  /**
   * Returns the most bans (subnet and node-id bans together) the list holds. A new ban beyond it
   * pushes out the ban that ends soonest if that one ends no later than the new one; otherwise
   * it fails with {@link BanListFullException}. Permanent bans are never pushed out.
   *
   * @return 1 to {@link #MAX_ENTRIES}; default 100,000
   */
  public int maxBans() {
    return settings.maxBans();
  }

  /**
   * Returns how many history records are kept; the oldest are dropped first.
   *
   * @return 0 (no history) to {@link #MAX_HISTORY_SIZE}; default 1,000
   */
  public int historySize() {
    return settings.historySize();
  }

  /**
   * Returns how long an address stays discouraged after it was last discouraged; discouraging
   * it again restarts the time.
   *
   * @return a positive duration, at most {@link #MAX_DURATION}; default 24 hours
   */
  public Duration discourageDuration() {
    return settings.discourageDuration();
  }

  /**
   * Returns the most discouraged addresses kept. Beyond it, the cache's size-based eviction
   * decides which one is forgotten (Caffeine's frequency-based policy, which keeps addresses
   * that are looked up often).
   *
   * @return 1 to {@link #MAX_ENTRIES}; default 50,000
   */
  public int maxDiscouraged() {
    return settings.maxDiscouraged();
  }

  /**
   * Returns the points at which a misbehaving peer is banned. Each report adds its kind's
   * {@linkplain #misbehaviourWeight weight} to the points of the peer's IP address; points halve every
   * {@code ScoringPolicy.misbehaviourHalfLife()} (one setting serves the ban and the score).
   *
   * @return positive, at most {@link #MAX_POINTS}; default {@value #DEFAULT_MISBEHAVIOUR_THRESHOLD}
   */
  public double misbehaviourThreshold() {
    return settings.misbehaviourThreshold();
  }

  /**
   * Returns how long a peer is banned once its points reach the threshold.
   *
   * @return a positive duration, at most {@link #MAX_DURATION}; default {@link #defaultBanDuration()}
   */
  public Duration misbehaviourBanDuration() {
    Duration set = settings.misbehaviourBanDuration();
    return set != null ? set : settings.defaultBanDuration();
  }

  /**
   * Returns the points a report of this kind adds, both toward a ban and to the peer's score. 0 means
   * reports of this kind are ignored.
   *
   * @param kind the kind of fault
   * @return 0 to {@link #MAX_POINTS}; default {@link MisbehaviourKind#defaultWeight()}
   * @throws NullPointerException if {@code kind} is {@code null}
   */
  public double misbehaviourWeight(MisbehaviourKind kind) {
    Double weight = settings.weights().get(Objects.requireNonNull(kind, "kind"));
    return weight != null ? weight : kind.defaultWeight();
  }

  /**
   * Returns whether {@code other} is a policy with the same settings.
   *
   * @param other the object to compare with
   * @return whether the settings are equal
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof BanPolicy that && settings.equals(that.settings);
  }

  /**
   * Returns a hash code consistent with {@link #equals(Object)}.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return settings.hashCode();
  }

  /**
   * Returns the settings, for logs.
   *
   * @return for example {@code BanPolicy[defaultBanDuration=PT24H, maxBans=100000, ...]}
   */
  @Override
  public String toString() {
    String values = settings.toString(); // "Settings[...]": show the public name instead
    return "BanPolicy" + values.substring(values.indexOf('['));
  }

  /**
   * Collects the settings of a {@link BanPolicy}; each setter checks its value at once. Not
   * thread-safe: build on one thread.
   */
  public static final class Builder {
    private Duration defaultBanDuration = DEFAULT_BAN_DURATION;
    private int maxBans = DEFAULT_MAX_BANS;
    private int historySize = DEFAULT_HISTORY_SIZE;
    private Duration discourageDuration = DEFAULT_DISCOURAGE_DURATION;
    private int maxDiscouraged = DEFAULT_MAX_DISCOURAGED;
    private double misbehaviourThreshold = DEFAULT_MISBEHAVIOUR_THRESHOLD;
    private Duration misbehaviourBanDuration;
    private final Map<MisbehaviourKind, Double> weights = new EnumMap<>(MisbehaviourKind.class);

    private Builder() {}

    private Builder(Settings s) {
      defaultBanDuration = s.defaultBanDuration();
      maxBans = s.maxBans();
      historySize = s.historySize();
      discourageDuration = s.discourageDuration();
      maxDiscouraged = s.maxDiscouraged();
      misbehaviourThreshold = s.misbehaviourThreshold();
      misbehaviourBanDuration = s.misbehaviourBanDuration();
      weights.putAll(s.weights());
    }

    /**
     * Sets {@link BanPolicy#defaultBanDuration()}.
     *
     * @param duration positive, at most {@link #MAX_DURATION}
     * @return this builder
     * @throws NullPointerException if {@code duration} is {@code null}
     * @throws IllegalArgumentException if {@code duration} is out of range
     */
    public Builder defaultBanDuration(Duration duration) {
      this.defaultBanDuration = Check.positive(duration, "defaultBanDuration", MAX_DURATION);
      return this;
    }

    /**
     * Sets {@link BanPolicy#maxBans()}.
     *
     * @param maxBans 1 to {@link #MAX_ENTRIES}
     * @return this builder
     * @throws IllegalArgumentException if {@code maxBans} is out of range
     */
    public Builder maxBans(int maxBans) {
      this.maxBans = Check.between(maxBans, "maxBans", 1, MAX_ENTRIES);
      return this;
    }

    /**
     * Sets {@link BanPolicy#historySize()}.
     *
     * @param historySize 0 to {@link #MAX_HISTORY_SIZE}
     * @return this builder
     * @throws IllegalArgumentException if {@code historySize} is out of range
     */
    public Builder historySize(int historySize) {
      this.historySize = Check.between(historySize, "historySize", 0, MAX_HISTORY_SIZE);
      return this;
    }

    /**
     * Sets {@link BanPolicy#discourageDuration()}.
     *
     * @param duration positive, at most {@link #MAX_DURATION}
     * @return this builder
     * @throws NullPointerException if {@code duration} is {@code null}
     * @throws IllegalArgumentException if {@code duration} is out of range
     */
    public Builder discourageDuration(Duration duration) {
      this.discourageDuration = Check.positive(duration, "discourageDuration", MAX_DURATION);
      return this;
    }

    /**
     * Sets {@link BanPolicy#maxDiscouraged()}.
     *
     * @param maxDiscouraged 1 to {@link #MAX_ENTRIES}
     * @return this builder
     * @throws IllegalArgumentException if {@code maxDiscouraged} is out of range
     */
    public Builder maxDiscouraged(int maxDiscouraged) {
      this.maxDiscouraged = Check.between(maxDiscouraged, "maxDiscouraged", 1, MAX_ENTRIES);
      return this;
    }

    /**
     * Sets {@link BanPolicy#misbehaviourThreshold()}.
     *
     * @param points positive, at most {@link #MAX_POINTS}
     * @return this builder
     * @throws IllegalArgumentException if {@code points} is out of range or not a number
     */
    public Builder misbehaviourThreshold(double points) {
      this.misbehaviourThreshold = Check.positive(points, "misbehaviourThreshold", MAX_POINTS);
      return this;
    }

    /**
     * Sets {@link BanPolicy#misbehaviourBanDuration()}.
     *
     * @param duration positive, at most {@link #MAX_DURATION}
     * @return this builder
     * @throws NullPointerException if {@code duration} is {@code null}
     * @throws IllegalArgumentException if {@code duration} is out of range
     */
    public Builder misbehaviourBanDuration(Duration duration) {
      this.misbehaviourBanDuration = Check.positive(duration, "misbehaviourBanDuration", MAX_DURATION);
      return this;
    }

    /**
     * Sets {@link BanPolicy#misbehaviourWeight(MisbehaviourKind)} for one kind.
     *
     * @param kind the kind of fault
     * @param points 0 (ignore this kind) to {@link #MAX_POINTS}
     * @return this builder
     * @throws NullPointerException if {@code kind} is {@code null}
     * @throws IllegalArgumentException if {@code points} is out of range or not a number
     */
    public Builder misbehaviourWeight(MisbehaviourKind kind, double points) {
      Objects.requireNonNull(kind, "kind");
      weights.put(kind, Check.between(points, "misbehaviourWeight(" + kind + ")", 0, MAX_POINTS));
      return this;
    }

    /**
     * Returns the policy.
     *
     * @return an immutable policy with the settings made so far
     */
    public BanPolicy build() {
      return new BanPolicy(new Settings(
          defaultBanDuration, maxBans, historySize, discourageDuration, maxDiscouraged,
          misbehaviourThreshold, misbehaviourBanDuration,
          Collections.unmodifiableMap(new EnumMap<>(weights))));
    }
  }
}
