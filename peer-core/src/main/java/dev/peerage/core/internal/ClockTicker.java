package dev.peerage.core.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * A Caffeine {@link Ticker} that reads an injected {@link InstantSource}, so caches expire on the
 * same clock as everything else, including a virtual clock in tests.
 *
 * <p>Caffeine wants nanoseconds in a {@code long} and adds durations to them, so the ticker counts
 * from the instant it was created rather than from the epoch (epoch nanoseconds overflow in 2262)
 * and saturates at plus or minus {@link #LIMIT_NANOS}, about 146 years either way, which leaves
 * room for Caffeine's own arithmetic. A clock that steps back makes the ticker step back too;
 * Caffeine then merely keeps entries a little longer.
 *
 * <p>Thread-safe if the clock is.
 */
public final class ClockTicker implements Ticker {

  /** Largest magnitude returned: 2^62 nanoseconds, half of what a {@code long} holds. */
  public static final long LIMIT_NANOS = 1L << 62;

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long LIMIT_SECONDS = LIMIT_NANOS / NANOS_PER_SECOND;

  private final InstantSource clock;
  private final Instant origin;

  /**
   * Creates a ticker that reads 0 now.
   *
   * @param clock the clock to read
   */
  public ClockTicker(InstantSource clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.origin = clock.instant();
  }

  /**
   * Returns the nanoseconds from this ticker's creation to the clock's current instant, saturated
   * at plus or minus {@link #LIMIT_NANOS}.
   *
   * @return the elapsed nanoseconds
   */
  @Override
  public long read() {
    return nanosBetween(origin, clock.instant());
  }

  /**
   * Returns the nanoseconds from {@code from} to {@code to}, saturated at plus or minus {@link
   * #LIMIT_NANOS}; never overflows, whatever the instants.
   *
   * @param from the start
   * @param to the end
   * @return {@code to - from} in nanoseconds, saturated
   */
  public static long nanosBetween(Instant from, Instant to) {
    // Epoch seconds lie within +-3.2e16, so their difference cannot overflow a long.
    long seconds = to.getEpochSecond() - from.getEpochSecond();
    if (seconds >= LIMIT_SECONDS) {
      return LIMIT_NANOS;
    }
    if (seconds <= -LIMIT_SECONDS) {
      return -LIMIT_NANOS;
    }
    return seconds * NANOS_PER_SECOND + (to.getNano() - from.getNano());
  }
}
