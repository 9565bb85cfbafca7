package dev.peerage.transport.netty.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The node-wide budget for the bodies of incomplete frames: bytes that connections of one transport
 * hold for frames whose last byte has not arrived yet. A {@link FrameDecoder} reserves a frame's
 * whole declared length before it allocates the frame's buffer and returns it when the frame
 * completes or the connection closes, so the sum of those buffers never exceeds {@link #limit()}.
 *
 * <p>Thread-safe and lock-free: the channels of all event loops share one instance.
 */
public final class FrameBudget {
  private final long limit;
  private final AtomicLong inUse = new AtomicLong();
  private final AtomicLong peak = new AtomicLong();

  /**
   * Creates an empty budget.
   *
   * @param limit the most bytes reserved at once, positive
   * @throws IllegalArgumentException if the limit is not positive
   */
  public FrameBudget(long limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("the frame budget must be positive, was " + limit);
    }
    this.limit = limit;
  }

  /**
   * Reserves bytes if the budget has room for all of them, else reserves nothing.
   *
   * @param bytes positive
   * @return whether they were reserved
   */
  public boolean tryReserve(long bytes) {
    while (true) {
      long now = inUse.get();
      long after = now + bytes;
      if (after > limit) {
        return false;
      }
      if (inUse.compareAndSet(now, after)) {
        peak.accumulateAndGet(after, Math::max);
        return true;
      }
    }
  }

  /**
   * Returns bytes reserved before.
   *
   * @param bytes what {@link #tryReserve} reserved
   * @throws IllegalStateException if more is returned than is reserved (a bookkeeping bug)
   */
  public void release(long bytes) {
    long after = inUse.addAndGet(-bytes);
    if (after < 0) {
      throw new IllegalStateException("the frame budget was returned " + (-after)
          + " bytes more than were reserved");
    }
  }

  /**
   * The most bytes reserved at once.
   *
   * @return bytes
   */
  public long limit() {
    return limit;
  }

  /**
   * Bytes reserved now.
   *
   * @return bytes, 0 to {@link #limit()}
   */
  public long inUse() {
    return inUse.get();
  }

  /**
   * The most bytes that were ever reserved at once.
   *
   * @return bytes, 0 to {@link #limit()}
   */
  public long peak() {
    return peak.get();
  }
}
