package dev.peerage.core.internal;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * A token-bucket rate limiter on an injected clock: it holds up to {@link #capacity()} tokens,
 * gains {@link #tokensPerSecond()} tokens per second of clock time until full, and each permitted
 * action takes some. Bitcoin Core limits incoming address gossip this way (0.1 tokens per second, a
 * burst of 1000; {@code MAX_ADDR_RATE_PER_SECOND} and {@code MAX_ADDR_PROCESSING_TOKEN_BUCKET} in
 * src/net_processing.cpp).
 *
 * <h2>How the state is kept</h2>
 *
 * <p>The bucket does not store a token count that is topped up on every call, because repeated
 * floating-point additions drift: ten refills of 0.1 do not add up to 1. It stores one integer
 * instead, the instant (in nanoseconds since the bucket was made) at which the bucket would have
 * been empty, and derives the tokens from the time elapsed since then (the "generic cell rate
 * algorithm"). Whether a request fits is decided by comparing whole nanoseconds: {@code n} tokens
 * cost {@code n / tokensPerSecond} seconds of refill, rounded to the nearest nanosecond. So after a
 * bucket of rate 0.1 is drained, it holds exactly 1 token 10 seconds later, however many times it
 * was read in between.
 *
 * <h2>Bounds</h2>
 *
 * <ul>
 *   <li>{@code tokensPerSecond} is finite, greater than 0 and at most {@value
 *       #MAX_TOKENS_PER_SECOND} (one token per nanosecond, the clock's resolution). Amounts worth
 *       less than half a nanosecond of refill cost nothing.
 *   <li>{@code capacity} is finite and greater than 0, and refilling a whole bucket takes at most
 *       2<sup>61</sup> nanoseconds (about 73 years), so the arithmetic never overflows.
 * </ul>
 *
 * <h2>Clock</h2>
 *
 * <p>Time is read from the {@link InstantSource} on every call; nothing runs in the background. A
 * clock that steps back is treated as standing still until it passes the latest instant seen, so a
 * clock adjustment can neither mint nor destroy tokens.
 *
 * <p>Thread-safe: every method that reads or changes the state holds this object's lock, and only
 * briefly (no callbacks, no blocking).
 */
public final class TokenBucket {

  /** Highest refill rate accepted: one token per nanosecond, the resolution of the clock. */
  public static final double MAX_TOKENS_PER_SECOND = 1e9;

  /** Longest time to refill a whole bucket: 2^61 ns, far from overflowing a {@code long}. */
  static final long MAX_REFILL_NANOS = 1L << 61;

  private static final double NANOS_PER_SECOND = 1e9;

  private final InstantSource clock;
  private final Instant origin;
  private final double capacity;
  private final double tokensPerSecond;

  /** Nanoseconds of refill that fill the bucket from empty. */
  private final long capacityNanos;

  /** Nanoseconds since {@link #origin} at which the bucket would have been empty. */
  private long emptyAt;

  /** The latest clock reading seen, in nanoseconds since {@link #origin}; never decreases. */
  private long latest;

  /**
   * Creates a full bucket.
   *
   * @param clock the clock that drives the refill
   * @param capacity the most tokens the bucket holds (the burst); finite and greater than 0
   * @param tokensPerSecond the refill rate; finite, greater than 0 and at most {@link
   *     #MAX_TOKENS_PER_SECOND}
   * @throws NullPointerException if {@code clock} is {@code null}
   * @throws IllegalArgumentException if a number is out of range, or a whole refill would take
   *     longer than about 73 years; the message names the value
   */
  public TokenBucket(InstantSource clock, double capacity, double tokensPerSecond) {
    this(clock, capacity, tokensPerSecond, capacity);
  }

  /**
   * Creates a bucket holding {@code initialTokens}.
   *
   * @param clock the clock that drives the refill
   * @param capacity the most tokens the bucket holds (the burst); finite and greater than 0
   * @param tokensPerSecond the refill rate; finite, greater than 0 and at most {@link
   *     #MAX_TOKENS_PER_SECOND}
   * @param initialTokens the tokens available at once, 0 to {@code capacity}
   * @throws NullPointerException if {@code clock} is {@code null}
   * @throws IllegalArgumentException if a number is out of range, or a whole refill would take
   *     longer than about 73 years; the message names the value
   */
  public TokenBucket(
      InstantSource clock, double capacity, double tokensPerSecond, double initialTokens) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (!(capacity > 0) || Double.isInfinite(capacity)) {
      throw new IllegalArgumentException(
          "capacity must be a finite number greater than 0, was " + capacity);
    }
    if (!(tokensPerSecond > 0) || tokensPerSecond > MAX_TOKENS_PER_SECOND) {
      throw new IllegalArgumentException(
          "tokensPerSecond must be greater than 0 and at most "
              + MAX_TOKENS_PER_SECOND
              + ", was "
              + tokensPerSecond);
    }
    if (!(initialTokens >= 0 && initialTokens <= capacity)) {
      throw new IllegalArgumentException(
          "initialTokens must be 0 to the capacity " + capacity + ", was " + initialTokens);
    }
    double refillNanos = capacity * NANOS_PER_SECOND / tokensPerSecond;
    if (!(refillNanos <= MAX_REFILL_NANOS)) {
      throw new IllegalArgumentException(
          "refilling "
              + capacity
              + " tokens at "
              + tokensPerSecond
              + " per second takes "
              + refillNanos / NANOS_PER_SECOND
              + " s; at most "
              + MAX_REFILL_NANOS / 1_000_000_000L
              + " s are supported");
    }
    this.capacity = capacity;
    this.tokensPerSecond = tokensPerSecond;
    this.capacityNanos = Math.round(refillNanos);
    this.origin = clock.instant();
    this.latest = 0;
    this.emptyAt = initialTokens == capacity ? -capacityNanos : -cost(initialTokens);
  }

  /**
   * Returns the most tokens the bucket holds.
   *
   * @return the capacity (burst), greater than 0
   */
  public double capacity() {
    return capacity;
  }

  /**
   * Returns the refill rate.
   *
   * @return tokens gained per second of clock time, greater than 0
   */
  public double tokensPerSecond() {
    return tokensPerSecond;
  }

  /**
   * Returns the tokens available now.
   *
   * @return 0 to {@link #capacity()}; exactly {@code capacity()} when full
   */
  public synchronized double available() {
    return tokensOf(credit(now()));
  }

  /**
   * Takes {@code n} tokens if that many are available, otherwise takes nothing.
   *
   * @param n the tokens wanted, finite and at least 0
   * @return whether they were taken; {@code true} for 0, and always {@code false} when {@code n}
   *     exceeds the capacity, because the bucket never holds that many
   * @throws IllegalArgumentException if {@code n} is negative, infinite or NaN
   */
  public synchronized boolean tryTake(double n) {
    checkAmount(n);
    if (n > capacity) {
      return false;
    }
    long cost = cost(n);
    long now = now();
    if (credit(now) < cost) {
      return false;
    }
    emptyAt += cost;
    return true;
  }

  /**
   * Takes {@code n} tokens, or all that are available if fewer. Useful to accept part of a batch.
   *
   * @param n the tokens wanted, finite and at least 0
   * @return the tokens granted, 0 to {@code n}; may be fractional when the bucket is short
   * @throws IllegalArgumentException if {@code n} is negative, infinite or NaN
   */
  public synchronized double tryTakeUpTo(double n) {
    checkAmount(n);
    long now = now();
    long credit = credit(now);
    if (n <= capacity) {
      long cost = cost(n);
      if (credit >= cost) {
        emptyAt += cost;
        return n;
      }
    }
    emptyAt = now;
    return Math.min(n, tokensOf(credit));
  }

  /**
   * Takes as many whole tokens as are available, up to {@code max}, and leaves any fraction in the
   * bucket. Meant for batches of items that each cost one token, such as the addresses of one
   * gossip message: {@code accepted = bucket.tryTakeWholeUpTo(batch.size())}.
   *
   * @param max the most tokens wanted, at least 0
   * @return the whole tokens taken, 0 to {@code max}
   * @throws IllegalArgumentException if {@code max} is negative
   */
  public synchronized int tryTakeWholeUpTo(int max) {
    if (max < 0) {
      throw new IllegalArgumentException("max must be at least 0, was " + max);
    }
    long credit = credit(now());
    long limit = (long) Math.min(max, Math.floor(capacity));
    // Start from the floating-point estimate, then settle on the exact whole-nanosecond answer;
    // the estimate is off by at most one token in either direction.
    long taken = Math.min(limit, (long) Math.floor(tokensOf(credit)));
    while (taken > 0 && cost(taken) > credit) {
      taken--;
    }
    while (taken < limit && cost(taken + 1) <= credit) {
      taken++;
    }
    emptyAt += cost(taken);
    return (int) taken;
  }

  /**
   * Describes the bucket.
   *
   * @return the tokens available, the capacity and the rate
   */
  @Override
  public String toString() {
    return "TokenBucket[" + available() + "/" + capacity + ", " + tokensPerSecond + "/s]";
  }

  private static void checkAmount(double n) {
    if (!(n >= 0) || Double.isInfinite(n)) {
      throw new IllegalArgumentException(
          "the number of tokens must be a finite number at least 0, was " + n);
    }
  }

  /** Reads the clock, never going back behind the latest reading. */
  private long now() {
    long reading = ClockTicker.nanosBetween(origin, clock.instant());
    if (reading > latest) {
      latest = reading;
    }
    return latest;
  }

  /**
   * Returns the nanoseconds of refill in the bucket at {@code now}, 0 to {@link #capacityNanos},
   * first moving {@link #emptyAt} up so that the bucket never holds more than it can.
   */
  private long credit(long now) {
    // now is in [0, 2^62] and emptyAt in [now - capacityNanos, now] afterwards: no overflow.
    if (emptyAt < now - capacityNanos) {
      emptyAt = now - capacityNanos;
    }
    return now - emptyAt;
  }

  /** The refill time worth {@code tokens}, 0 to capacity, rounded to the nearest nanosecond. */
  private long cost(double tokens) {
    return Math.min(capacityNanos, Math.round(tokens * NANOS_PER_SECOND / tokensPerSecond));
  }

  private double tokensOf(long nanos) {
    if (nanos >= capacityNanos) {
      return capacity;
    }
    return Math.min(capacity, nanos * tokensPerSecond / NANOS_PER_SECOND);
  }
}
