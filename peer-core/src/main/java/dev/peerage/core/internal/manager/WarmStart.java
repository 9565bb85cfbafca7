package dev.peerage.core.internal.manager;

import dev.peerage.core.address.NodeId;
import dev.peerage.core.peer.PeerStatistics;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.internal.ban.BanList;
import dev.peerage.core.internal.score.ScoreBoard;
import dev.peerage.core.spi.CachedPeer;
import dev.peerage.core.spi.PeerSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What lets a restart reconnect without leaning on the bootstrap peers: the cache of discovered peers
 * that served us (the most recent {@value #MAX_CACHED_PEERS}, saved with the state) and, after a
 * start, the queue of warm candidates dialled before anything else: the anchors (outbound peers
 * connected at the last shutdown, Bitcoin Core's anchors.dat; only if that shutdown was within
 * {@code cacheMaxAge}), then the best-scoring cached peers connected within {@code cacheMaxAge}, at most
 * {@code cacheSize} of them. Confined to the manager's
 * lock.
 */
final class WarmStart {
  /** The most discovered peers remembered for the next start. */
  static final int MAX_CACHED_PEERS = 1_000;

  private final ManagerLock lock;
  private final Duration cacheMaxAge;
  private final int cacheSize;
  private final LinkedHashMap<PeerAddress, CachedPeer> cache = new LinkedHashMap<>();
  private final ArrayDeque<WarmCandidate> queue = new ArrayDeque<>();
  private int queuedAtStart;

  WarmStart(ManagerLock lock, Duration cacheMaxAge, int cacheSize) {
    this.lock = lock;
    this.cacheMaxAge = cacheMaxAge;
    this.cacheSize = cacheSize;
  }

  /** Remembers a peer for the next start, as the most recent; the oldest beyond the bound is dropped. */
  void remember(CachedPeer peer) {
    lock.checkHeld();
    cache.remove(peer.address());
    cache.put(peer.address(), peer);
    while (cache.size() > MAX_CACHED_PEERS) {
      PeerAddress oldest = cache.keySet().iterator().next();
      cache.remove(oldest);
    }
  }

  /** What the cache knows of a peer at this address, or empty statistics: a new connection adds to it. */
  PeerStatistics statisticsOf(PeerAddress address) {
    lock.checkHeld();
    CachedPeer cached = cache.get(address);
    return cached != null ? cached.statistics() : PeerStatistics.EMPTY;
  }

  /** The address of the most recent cached peer with this node id, or null. */
  PeerAddress addressOf(NodeId nodeId) {
    lock.checkHeld();
    PeerAddress found = null;
    for (CachedPeer cached : cache.values()) {
      if (cached.nodeId().filter(nodeId::equals).isPresent()) {
        found = cached.address(); // later entries are more recent
      }
    }
    return found;
  }

  /** The best {@code cacheSize} remembered peers by score, for the snapshot. */
  List<CachedPeer> best(ScoreBoard<PeerAddress> scores, Instant now) {
    lock.checkHeld();
    return scores.best(new ArrayList<>(cache.values()), CachedPeer::address, cacheSize, now);
  }

  /** Queues the warm candidates of a restored snapshot: anchors first, then fresh cached peers by score. */
  void queueCandidates(PeerSnapshot snapshot, BanList bans, ScoreBoard<PeerAddress> scores,
      Instant now) {
    lock.checkHeld();
    Set<PeerAddress> queued = new HashSet<>();
    Instant oldest = now.minus(cacheMaxAge);
    // Anchors were connected when the snapshot was saved: past cacheMaxAge they are as stale as any
    // cached peer (home nodes' addresses change), so they obey the same age limit.
    boolean anchorsFresh = snapshot.savedAt().map(saved -> !saved.isBefore(oldest)).orElse(false);
    for (PeerAddress anchor : anchorsFresh ? snapshot.anchors() : List.<PeerAddress>of()) {
      if (queued.add(anchor) && !bans.isBannedOrDiscouraged(anchor)) {
        queue.add(new WarmCandidate(anchor, Purpose.ANCHOR));
      }
    }
    List<CachedPeer> fresh = new ArrayList<>();
    for (CachedPeer cached : snapshot.cachedPeers()) {
      if (!cached.lastConnected().isBefore(oldest) && !queued.contains(cached.address())
          && !bans.isBannedOrDiscouraged(cached.address())) {
        fresh.add(cached);
      }
    }
    for (CachedPeer cached : scores.best(fresh, CachedPeer::address, cacheSize, now)) {
      if (queued.add(cached.address())) {
        queue.add(new WarmCandidate(cached.address(), Purpose.CACHE));
      }
    }
    queuedAtStart = queue.size();
  }

  /** How many warm candidates the last start queued. */
  int queuedAtStart() {
    lock.checkHeld();
    return queuedAtStart;
  }

  /**
   * The restored anchors this run has not taken from the queue yet. They are still the last run's
   * anchors: a run that never dials them (one without outbound slots, such as an offline edit of the
   * store, or one closed moments after its start) must hand them on rather than forget them. The
   * snapshot dates them anew (one {@code savedAt} for all anchors): a store edited offline more often
   * than {@code cacheMaxAge} keeps its anchors until the node next runs, which dials them first and
   * keeps only those that connect.
   */
  List<PeerAddress> pendingAnchors() {
    lock.checkHeld();
    List<PeerAddress> pending = new ArrayList<>();
    for (WarmCandidate warm : queue) {
      if (warm.purpose() == Purpose.ANCHOR) {
        pending.add(warm.address());
      }
    }
    return pending;
  }

  boolean exhausted() {
    lock.checkHeld();
    return queue.isEmpty();
  }

  /** Takes queued candidates until one is usable; the unusable ones are dropped. Null if none is left. */
  WarmCandidate next(Predicate<PeerAddress> usable) {
    lock.checkHeld();
    while (!queue.isEmpty()) {
      WarmCandidate warm = queue.poll();
      if (usable.test(warm.address())) {
        return warm;
      }
    }
    return null;
  }
}
