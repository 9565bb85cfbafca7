package dev.peerage.transport.netty.internal;

/**
 * The node-wide rate of inbound handshakes: a token bucket that holds one second's worth of
 * handshakes and refills at the given rate, kept as the time at which it will be full again (the
 * generic cell rate algorithm, so nothing runs between accepts). An accepted connection that finds
 * the bucket empty is refused before any byte is read, so a storm of dials costs the node an accept
 * and a close each, never a signature or a verification.
 *
 * <p>Time is whatever the caller passes in, in nanoseconds from one monotonic source (the accepting
 * event loop's ticker). Thread-safe: the channels of all event loops share one instance; each call
 * holds its lock for a few arithmetic operations.
 */
public final class InboundHandshakeRate {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final int perSecond;
  private final long nanosPerHandshake;
  private final long burstNanos;
  private boolean started;
  private long fullAtNanos;

  /**
   * Creates a full bucket.
   *
   * @param perSecond handshakes per second, 1 to 1,000,000; also the bucket's size
   * @throws IllegalArgumentException if out of range
   */
  public InboundHandshakeRate(int perSecond) {
    if (perSecond < 1 || perSecond > 1_000_000) {
      throw new IllegalArgumentException(
          "inbound handshakes per second must be within 1-1000000, was " + perSecond);
    }
    this.perSecond = perSecond;
    this.nanosPerHandshake = NANOS_PER_SECOND / perSecond;
    this.burstNanos = nanosPerHandshake * perSecond;
  }

  /**
   * Takes one handshake from the bucket if it holds one.
   *
   * @param nowNanos the current time of the caller's monotonic source, in nanoseconds
   * @return whether the handshake may start; if not, nothing was taken
   */
  public synchronized boolean tryAcquire(long nowNanos) {
    if (!started || nowNanos - fullAtNanos > 0) {
      started = true;
      fullAtNanos = nowNanos; // a full bucket: the time it is full again is now
    }
    long after = fullAtNanos + nanosPerHandshake;
    if (after - nowNanos > burstNanos) {
      return false;
    }
    fullAtNanos = after;
    return true;
  }

  /** @return handshakes per second, and the bucket's size */
  public int perSecond() {
    return perSecond;
  }
}
