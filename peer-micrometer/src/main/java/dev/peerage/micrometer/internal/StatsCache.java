package dev.peerage.micrometer.internal;

import dev.peerage.core.PeerManager;
import dev.peerage.core.PeerStats;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * The last {@link PeerStats} snapshot of one manager, taken again once it is {@code maxAge} old on the
 * given clock. A scrape reads dozens of meters; each reads this, so a scrape costs one
 * {@link PeerManager#stats()} (a pass over peers and connections under the manager's lock) instead of
 * one per meter. Thread-safe: concurrent scrapes share one snapshot.
 */
public final class StatsCache {
  private final PeerManager manager;
  private final InstantSource clock;
  private final Duration maxAge;
  private PeerStats stats;
  private Instant takenAt;

  /**
   * @param manager the manager to read
   * @param clock the clock ages are measured on (the manager's, so virtual time works in tests)
   * @param maxAge how long a snapshot is served; zero takes one per read
   */
  public StatsCache(PeerManager manager, InstantSource clock, Duration maxAge) {
    this.manager = Objects.requireNonNull(manager, "manager");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
  }

  /** The current snapshot: the cached one while younger than {@code maxAge}, else a new one. */
  public synchronized PeerStats get() {
    Instant now = clock.instant();
    if (stats == null || !now.isBefore(takenAt.plus(maxAge)) || now.isBefore(takenAt)) {
      stats = manager.stats();
      takenAt = now;
    }
    return stats;
  }
}
