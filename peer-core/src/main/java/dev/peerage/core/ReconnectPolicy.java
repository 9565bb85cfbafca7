package dev.peerage.core;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Decides how long to wait before dialling a peer again after consecutive failures. Implementations must be
 * thread-safe and pure apart from the random source. The default is {@link ExponentialBackoff}.
 */
@FunctionalInterface
public interface ReconnectPolicy {
  /**
   * The delay before the next attempt.
   *
   * @param failures consecutive failures so far, 1 or more
   * @param pinned whether the peer is pinned (persistent or managed auto-connect), which may allow a longer
   *     cap: such peers are retried forever
   * @param random the manager's random source, for jitter
   * @return the delay, zero or positive
   */
  Duration delay(int failures, boolean pinned, RandomGenerator random);
}
