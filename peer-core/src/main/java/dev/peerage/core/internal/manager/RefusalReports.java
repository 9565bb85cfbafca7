package dev.peerage.core.internal.manager;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.peerage.core.PeerEvent;
import dev.peerage.core.PeerEvent.InboundRefused;
import dev.peerage.core.address.NodeId;
import dev.peerage.core.internal.ClockTicker;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.DisconnectReason;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;

/**
 * Turns refused inbound connections into {@link InboundRefused} events within two limits, so a flood
 * of strangers costs listeners at most {@link InboundRefused#MAX_PER_MINUTE} events a minute: one event
 * per node id per {@link InboundRefused#PER_NODE_INTERVAL} (a table of at most {@link #MAX_TRACKED}
 * node ids, each forgotten after the interval; past that size the oldest go first, and the global limit
 * still holds) and at most {@code MAX_PER_MINUTE} in any sliding minute (the send times of the last
 * {@code MAX_PER_MINUTE} events). What either limit holds back is counted and reported with the next
 * event. Confined to the manager's lock.
 */
final class RefusalReports {
  /** The most node ids remembered for the per-node limit. */
  static final int MAX_TRACKED = 10_000;
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private final ManagerLock lock;
  private final InstantSource clock;
  private final Cache<NodeId, Boolean> recentlyReported;
  /** When the last events (at most MAX_PER_MINUTE) were sent, oldest first. */
  private final ArrayDeque<Instant> sent = new ArrayDeque<>(InboundRefused.MAX_PER_MINUTE);
  private long suppressed;

  RefusalReports(ManagerLock lock, InstantSource clock) {
    this.lock = lock;
    this.clock = clock;
    this.recentlyReported = Caffeine.newBuilder()
        .expireAfterWrite(InboundRefused.PER_NODE_INTERVAL)
        .maximumSize(MAX_TRACKED)
        .ticker(new ClockTicker(clock))
        .executor(Runnable::run)
        .build();
  }

  /**
   * Reports a refusal: emits an event, or counts it as suppressed. Refusals that are not a peer being
   * turned away (shutting down, ourselves) are ignored. Under the lock.
   */
  void refused(Connection connection, DisconnectReason reason) {
    lock.checkHeld();
    if (reason.code() == DisconnectReason.Code.SHUTTING_DOWN
        || reason.code() == DisconnectReason.Code.SELF) {
      return;
    }
    Instant now = clock.instant();
    NodeId node = connection.remoteNodeId();
    while (!sent.isEmpty() && !now.isBefore(sent.peekFirst().plus(MINUTE))) {
      sent.removeFirst();
    }
    if (sent.size() >= InboundRefused.MAX_PER_MINUTE || recentlyReported.getIfPresent(node) != null) {
      suppressed++;
      return;
    }
    recentlyReported.put(node, Boolean.TRUE);
    sent.addLast(now);
    PeerEvent event = new InboundRefused(now, node, connection.remoteAddress(),
        connection.advertisedAddress(), reason.code(), reason.detail(), suppressed);
    suppressed = 0;
    lock.emit(event);
  }

  /** Refusals held back since the last event. Under the lock. */
  long suppressed() {
    lock.checkHeld();
    return suppressed;
  }
}
