package dev.peerage.core;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with a cap and jitter: {@code min(cap, base * multiplier^(failures-1))}, then
 * multiplied by a random factor in {@code [1 - jitter, 1 + jitter]}. Jitter is applied after the cap, as lnd
 * does, so peers that failed together do not retry together even once they all reached the cap.
 *
 * <p>Defaults: base 1 s (libp2p, lnd, bitcoinj), multiplier 2 (lnd), cap 5 minutes for
 * discovered peers (libp2p), 1 hour for pinned peers (lnd), jitter 5% (lnd). Immutable and thread-safe.
 */
public final class ExponentialBackoff implements ReconnectPolicy {
  private static final ExponentialBackoff DEFAULTS = builder().build();

  private final Duration base;
  private final double multiplier;
  private final Duration cap;
  private final Duration pinnedCap;
  private final double jitter;

  private ExponentialBackoff(Builder b) {
    this.base = b.base;
    this.multiplier = b.multiplier;
    this.cap = b.cap;
    this.pinnedCap = b.pinnedCap;
    this.jitter = b.jitter;
  }

  /**
   * The default backoff.
   *
   * @return base 1 s, multiplier 2, cap 5 min, pinned cap 1 h, jitter 5%
   */
  public static ExponentialBackoff defaults() {
    return DEFAULTS;
  }

  /**
   * A builder holding the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Duration delay(int failures, boolean pinned, RandomGenerator random) {
    if (failures < 1) {
      throw new IllegalArgumentException("failures must be at least 1, was " + failures);
    }
    double capMillis = (pinned ? pinnedCap : cap).toMillis();
    double raw = base.toMillis() * Math.pow(multiplier, Math.min(failures - 1, 1_000));
    double capped = Math.min(capMillis, raw);
    double factor = jitter == 0 ? 1.0 : 1.0 - jitter + 2 * jitter * random.nextDouble();
    return Duration.ofMillis(Math.round(capped * factor));
  }

  /**
   * The delay after the first failure.
   *
   * @return the base
   */
  public Duration base() {
    return base;
  }

  /**
   * The growth factor per further failure.
   *
   * @return the multiplier, at least 1
   */
  public double multiplier() {
    return multiplier;
  }

  /**
   * The longest delay for discovered peers, before jitter.
   *
   * @return the cap
   */
  public Duration cap() {
    return cap;
  }

  /**
   * The longest delay for pinned peers, before jitter.
   *
   * @return the pinned cap
   */
  public Duration pinnedCap() {
    return pinnedCap;
  }

  /**
   * The jitter fraction.
   *
   * @return 0 to 0.5
   */
  public double jitter() {
    return jitter;
  }

  @Override
  public String toString() {
    return "ExponentialBackoff{base=" + base + ", multiplier=" + multiplier + ", cap=" + cap
        + ", pinnedCap=" + pinnedCap + ", jitter=" + jitter + "}";
  }

  /** Builds an {@link ExponentialBackoff}; each setter checks its value. Not thread-safe. */
  public static final class Builder {
    private Duration base = Duration.ofSeconds(1);
    private double multiplier = 2.0;
    private Duration cap = Duration.ofMinutes(5);
    private Duration pinnedCap = Duration.ofHours(1);
    private double jitter = 0.05;

    private Builder() {}

    /**
     * Sets the delay after the first failure.
     *
     * @param base positive
     * @return this builder
     */
    public Builder base(Duration base) {
      this.base = positive("base", base);
      return this;
    }

    /**
     * Sets the growth factor.
     *
     * @param multiplier 1.0 to 10.0
     * @return this builder
     */
    public Builder multiplier(double multiplier) {
      if (!(multiplier >= 1.0 && multiplier <= 10.0)) {
        throw new IllegalArgumentException("multiplier must be within 1.0-10.0, was " + multiplier);
      }
      this.multiplier = multiplier;
      return this;
    }

    /**
     * Sets the caps.
     *
     * @param cap the cap for discovered peers, positive
     * @param pinnedCap the cap for pinned peers, positive
     * @return this builder
     */
    public Builder caps(Duration cap, Duration pinnedCap) {
      this.cap = positive("cap", cap);
      this.pinnedCap = positive("pinnedCap", pinnedCap);
      return this;
    }

    /**
     * Sets the jitter fraction.
     *
     * @param jitter 0.0 (none) to 0.5
     * @return this builder
     */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0.0 && jitter <= 0.5)) {
        throw new IllegalArgumentException("jitter must be within 0.0-0.5, was " + jitter);
      }
      this.jitter = jitter;
      return this;
    }

    /**
     * Checks the settings against each other and builds the policy.
     *
     * @return the policy
     * @throws IllegalArgumentException if a cap is below the base
     */
    public ExponentialBackoff build() {
      if (cap.compareTo(base) < 0 || pinnedCap.compareTo(base) < 0) {
        throw new IllegalArgumentException(
            "caps must not be below base " + base + ", were " + cap + " and " + pinnedCap);
      }
      return new ExponentialBackoff(this);
    }

    private static Duration positive(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }
  }
}
