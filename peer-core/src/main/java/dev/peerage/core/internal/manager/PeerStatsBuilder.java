package dev.peerage.core.internal.manager;

import dev.peerage.core.PeerState;
import dev.peerage.core.PeerStats;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Builds one {@link PeerStats}; each setter names the figure of the same name there. A figure not set is
 * 0 (maps: empty; the warm-start figures: 0 and empty). Maps are copied by {@link #build()}, so the
 * caller may pass its live maps. Not thread-safe: one builder per snapshot, on one thread.
 *
 * <p>A new figure gets a new setter here and a new accessor on {@code PeerStats}.
 */
public interface PeerStatsBuilder {
  /** @param at when the snapshot was taken @return this builder */
  PeerStatsBuilder at(Instant at);

  /** @param byState managed peers of the active network by state @return this builder */
  PeerStatsBuilder managedByState(Map<PeerState, Integer> byState);

  /** @param count live inbound connections @return this builder */
  PeerStatsBuilder inbound(int count);

  /** @param count live outbound connections, feelers excluded @return this builder */
  PeerStatsBuilder outbound(int count);

  /** @param count every live connection, feelers included @return this builder */
  PeerStatsBuilder connections(int count);

  /** @param count dials started and not finished @return this builder */
  PeerStatsBuilder dialsInFlight(int count);

  /** @param count addresses in the book @return this builder */
  PeerStatsBuilder knownAddresses(int count);

  /** @param count addresses in the new table @return this builder */
  PeerStatsBuilder newAddresses(int count);

  /** @param count addresses in the tried table @return this builder */
  PeerStatsBuilder triedAddresses(int count);

  /** @param count active bans @return this builder */
  PeerStatsBuilder bans(int count);

  /** @param byOutcome finished dials by outcome @return this builder */
  PeerStatsBuilder dialsByOutcome(Map<String, Long> byOutcome);

  /** @param byPurpose started dials by purpose @return this builder */
  PeerStatsBuilder dialsByPurpose(Map<String, Long> byPurpose);

  /** @param byReason closed connections by reason @return this builder */
  PeerStatsBuilder disconnectsByReason(Map<String, Long> byReason);

  /** @param byReason refused inbound connections by reason @return this builder */
  PeerStatsBuilder inboundRefusedByReason(Map<String, Long> byReason);

  /** @param count address requests sent @return this builder */
  PeerStatsBuilder exchangeRequestsSent(long count);

  /** @param count address requests answered @return this builder */
  PeerStatsBuilder exchangeRequestsAnswered(long count);

  /** @param count addresses learned @return this builder */
  PeerStatsBuilder addressesLearned(long count);

  /** @param count addresses shared @return this builder */
  PeerStatsBuilder addressesShared(long count);

  /** @param count addresses dropped by rate limits @return this builder */
  PeerStatsBuilder addressesDropped(long count);

  /** @param bytes bytes received @return this builder */
  PeerStatsBuilder bytesIn(long bytes);

  /** @param bytes bytes sent @return this builder */
  PeerStatsBuilder bytesOut(long bytes);

  /**
   * The figures of the last start; see {@link PeerStats.WarmStart}.
   *
   * @param cachedCandidates cached candidates
   * @param cacheDialed cached peers dialled
   * @param cacheConnected cached peers that answered
   * @param bootstrapDials bootstrap dials
   * @param bootstrapDialsAvoided bootstrap dials avoided
   * @param timeToFirstConnection time to the first connection
   * @param timeToTarget time to the target
   * @return this builder
   */
  PeerStatsBuilder warmStart(int cachedCandidates, int cacheDialed, int cacheConnected,
      int bootstrapDials, int bootstrapDialsAvoided, Optional<Duration> timeToFirstConnection,
      Optional<Duration> timeToTarget);

  /** @param runs background task runs by task @return this builder */
  PeerStatsBuilder tasks(Map<String, Long> runs);

  /**
   * Builds the snapshot.
   *
   * @return the snapshot
   * @throws NullPointerException if {@link #at} was not set, or a map holds a null key or value
   */
  PeerStats build();
}
