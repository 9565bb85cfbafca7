package dev.peerage.core.peer;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What Peerage has measured about one peer. An immutable value; the {@code with...} methods return
 * updated copies, so a holder replaces its copy atomically.
 *
 * <p>Counters saturate at {@link Long#MAX_VALUE} instead of overflowing.
 *
 * <p><b>Reliability</b> is a smoothed share of successful connection attempts, Laplace's rule of
 * succession: {@code (connections + 1) / (connections + failures + 2)}. A peer never tried scores
 * 0.5, one success lifts it to 0.67 and one failure drops it to 0.33, so a single early outcome
 * does not decide everything, while a long history converges to the plain success share. {@link
 * #withConnection()} and {@link #withFailure()} recompute it; the canonical constructor accepts any
 * value in [0, 1], so a store can restore what it saved, and the next counted outcome replaces it
 * with the formula's value.
 *
 * <p><b>Latency</b> is an exponentially weighted moving average of round-trip samples with weight
 * alpha = 1/{@value #LATENCY_SMOOTHING_DIVISOR}, the smoothing TCP uses for its round-trip time
 * (RFC 6298 section 2): a new sample moves the average an eighth of the way towards itself, so one
 * slow reply does not swamp it, and the first sample is taken as is.
 *
 * @param connections successful connections to or from the peer, at least 0
 * @param failures failed connection attempts (dial errors, timeouts, failed handshakes), at least 0
 * @param bytesIn bytes received from the peer, at least 0
 * @param bytesOut bytes sent to the peer, at least 0
 * @param latency smoothed round-trip time, not negative; empty until the first sample
 * @param reliability smoothed success share in [0, 1], see above
 */
public record PeerStatistics(
    long connections,
    long failures,
    long bytesIn,
    long bytesOut,
    Optional<Duration> latency,
    double reliability) {

  /** A new latency sample moves the average 1/{@value} of the way towards itself. */
  public static final int LATENCY_SMOOTHING_DIVISOR = 8;

  /** Statistics of a peer never seen: all counters 0, no latency, reliability 0.5. */
  public static final PeerStatistics EMPTY =
      new PeerStatistics(0, 0, 0, 0, Optional.empty(), reliabilityOf(0, 0));

  /**
   * Checks the components.
   *
   * @param connections successful connections, at least 0
   * @param failures failed connection attempts, at least 0
   * @param bytesIn bytes received, at least 0
   * @param bytesOut bytes sent, at least 0
   * @param latency smoothed round-trip time, not negative, or empty
   * @param reliability smoothed success share in [0, 1]
   * @throws IllegalArgumentException if a counter is negative, the latency is negative, or the
   *     reliability is not a number in [0, 1]; the message names the component and its value
   * @throws NullPointerException if {@code latency} is null (use {@code Optional.empty()})
   */
  public PeerStatistics {
    requireNotNegative(connections, "connections");
    requireNotNegative(failures, "failures");
    requireNotNegative(bytesIn, "bytesIn");
    requireNotNegative(bytesOut, "bytesOut");
    Objects.requireNonNull(latency, "latency (use Optional.empty() for none)");
    latency.ifPresent(value -> requireNotNegative(value, "latency"));
    if (!(reliability >= 0.0 && reliability <= 1.0)) {
      throw new IllegalArgumentException(
          "reliability is " + reliability + ", expected a number in [0, 1]");
    }
  }

  /**
   * Returns these statistics after one more successful connection.
   *
   * @return the updated copy, with reliability recomputed
   */
  public PeerStatistics withConnection() {
    long next = saturatedAdd(connections, 1);
    return new PeerStatistics(
        next, failures, bytesIn, bytesOut, latency, reliabilityOf(next, failures));
  }

  /**
   * Returns these statistics after one more failed connection attempt.
   *
   * @return the updated copy, with reliability recomputed
   */
  public PeerStatistics withFailure() {
    long next = saturatedAdd(failures, 1);
    return new PeerStatistics(
        connections, next, bytesIn, bytesOut, latency, reliabilityOf(connections, next));
  }

  /**
   * Returns these statistics with more traffic counted.
   *
   * @param in bytes received since the last update, at least 0
   * @param out bytes sent since the last update, at least 0
   * @return the updated copy
   * @throws IllegalArgumentException if {@code in} or {@code out} is negative
   */
  public PeerStatistics withBytes(long in, long out) {
    requireNotNegative(in, "in");
    requireNotNegative(out, "out");
    return new PeerStatistics(
        connections,
        failures,
        saturatedAdd(bytesIn, in),
        saturatedAdd(bytesOut, out),
        latency,
        reliability);
  }

  /**
   * Returns these statistics with a round-trip sample folded into the latency average: the sample
   * itself if there was none, else {@code average + (sample - average) / 8}.
   *
   * @param sample a measured round-trip time, not negative
   * @return the updated copy
   * @throws IllegalArgumentException if {@code sample} is negative
   * @throws NullPointerException if {@code sample} is null
   */
  public PeerStatistics withLatency(Duration sample) {
    Objects.requireNonNull(sample, "sample");
    requireNotNegative(sample, "latency sample");
    Duration next =
        latency
            .map(old -> old.plus(sample.minus(old).dividedBy(LATENCY_SMOOTHING_DIVISOR)))
            .orElse(sample);
    return new PeerStatistics(
        connections, failures, bytesIn, bytesOut, Optional.of(next), reliability);
  }

  /**
   * Returns the number of connection attempts, successful or not.
   *
   * @return {@code connections + failures}, saturating at {@link Long#MAX_VALUE}
   */
  public long attempts() {
    return saturatedAdd(connections, failures);
  }

  private static double reliabilityOf(long connections, long failures) {
    // In double arithmetic so that counts near Long.MAX_VALUE cannot overflow.
    return (connections + 1.0) / ((double) connections + (double) failures + 2.0);
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  private static void requireNotNegative(long value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " is " + value + ", expected 0 or more");
    }
  }

  private static void requireNotNegative(Duration value, String name) {
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " is " + value + ", expected 0 or more");
    }
  }
}
