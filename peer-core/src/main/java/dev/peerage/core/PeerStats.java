package dev.peerage.core;

import dev.peerage.core.spi.DialException;
import dev.peerage.core.spi.DisconnectReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A snapshot of what the peer manager is doing, for status pages and metrics: a host can export each field
 * to Micrometer or Prometheus in a few lines. Counters are totals since {@link PeerManager#start()}.
 * The maps are unmodifiable and iterate in key order.
 *
 * @param at when the snapshot was taken
 * @param managedByState managed peers of the active network by state
 * @param inbound live inbound connections
 * @param outbound live outbound connections (feelers excluded)
 * @param knownAddresses addresses in the address book
 * @param newAddresses addresses in the book's new table
 * @param triedAddresses addresses in the book's tried table
 * @param bans active bans
 * @param dialsByOutcome finished dials by outcome: {@code CONNECTED} or a {@link DialException.Failure}
 *     name
 * @param dialsByPurpose started dials by purpose: {@code MANAGED}, {@code BOOTSTRAP}, {@code ANCHOR},
 *     {@code CACHE}, {@code BOOK}, {@code FEELER}, {@code CRAWL}
 * @param disconnectsByReason closed connections by {@link DisconnectReason.Code} name
 * @param inboundRefusedByReason refused inbound connections by {@link DisconnectReason.Code} name
 * @param exchangeRequestsSent address requests this node sent
 * @param exchangeRequestsAnswered address requests this node answered
 * @param addressesLearned addresses that entered the address book from peer exchange or discovery
 * @param addressesShared addresses sent in answers
 * @param addressesDropped addresses refused by the per-peer rate limit
 * @param bytesIn bytes received on connections that have closed, plus live ones
 * @param bytesOut bytes sent likewise
 * @param warmStart figures of the last start
 * @param tasks runs of each background task: {@code maintenance}, {@code save}, {@code feeler},
 *     {@code rotation}, {@code discovery}
 */
public record PeerStats(
    Instant at,
    Map<PeerState, Integer> managedByState,
    int inbound,
    int outbound,
    int knownAddresses,
    int newAddresses,
    int triedAddresses,
    int bans,
    Map<String, Long> dialsByOutcome,
    Map<String, Long> dialsByPurpose,
    Map<String, Long> disconnectsByReason,
    Map<String, Long> inboundRefusedByReason,
    long exchangeRequestsSent,
    long exchangeRequestsAnswered,
    long addressesLearned,
    long addressesShared,
    long addressesDropped,
    long bytesIn,
    long bytesOut,
    WarmStart warmStart,
    Map<String, Long> tasks) {

  /**
   * Copies the maps.
   *
   * @param at when
   * @param managedByState managed peers by state
   * @param inbound inbound connections
   * @param outbound outbound connections
   * @param knownAddresses book size
   * @param newAddresses new-table size
   * @param triedAddresses tried-table size
   * @param bans active bans
   * @param dialsByOutcome dials by outcome
   * @param dialsByPurpose dials by purpose
   * @param disconnectsByReason disconnects by reason
   * @param inboundRefusedByReason inbound refusals by reason
   * @param exchangeRequestsSent requests sent
   * @param exchangeRequestsAnswered requests answered
   * @param addressesLearned addresses learned
   * @param addressesShared addresses shared
   * @param addressesDropped addresses dropped by rate limits
   * @param bytesIn bytes in
   * @param bytesOut bytes out
   * @param warmStart warm-start figures
   * @param tasks background task runs
   */
  public PeerStats {
    Objects.requireNonNull(at, "at");
    managedByState = sortedCopy(managedByState, "managedByState");
    dialsByOutcome = sortedCopy(dialsByOutcome, "dialsByOutcome");
    dialsByPurpose = sortedCopy(dialsByPurpose, "dialsByPurpose");
    disconnectsByReason = sortedCopy(disconnectsByReason, "disconnectsByReason");
    inboundRefusedByReason = sortedCopy(inboundRefusedByReason, "inboundRefusedByReason");
    Objects.requireNonNull(warmStart, "warmStart");
    tasks = sortedCopy(tasks, "tasks");
  }

  /**
   * An unmodifiable copy that iterates in key order, so two snapshots of the same state print the
   * same text on every JVM ({@code Map.copyOf} iterates in an order salted per JVM run).
   */
  private static <K extends Comparable<K>, V> Map<K, V> sortedCopy(Map<K, V> map, String name) {
    Objects.requireNonNull(map, name);
    TreeMap<K, V> sorted = new TreeMap<>();
    map.forEach((key, value) -> sorted.put(Objects.requireNonNull(key, name + " key"),
        Objects.requireNonNull(value, name + " value")));
    return Collections.unmodifiableMap(sorted);
  }

  /**
   * The number of finished dials with the given outcome.
   *
   * @param outcome {@code CONNECTED} or a failure name
   * @return the count, 0 if none
   */
  public long dials(String outcome) {
    return dialsByOutcome.getOrDefault(outcome, 0L);
  }

  /**
   * How the last start went: whether the warm cache spared the bootstrap peers.
   *
   * @param cachedCandidates anchors and cached peers the start dialled from (fresh enough, best first)
   * @param cacheDialed how many of them were dialled
   * @param cacheConnected how many of those answered
   * @param bootstrapDials dials to default bootstrap peers since the start
   * @param bootstrapDialsAvoided default bootstrap peers not dialled because the cache reached the
   *     outbound target first
   * @param timeToFirstConnection from start to the first connection, once there is one
   * @param timeToTarget from start to the outbound target, once reached
   */
  public record WarmStart(
      int cachedCandidates,
      int cacheDialed,
      int cacheConnected,
      int bootstrapDials,
      int bootstrapDialsAvoided,
      Optional<Duration> timeToFirstConnection,
      Optional<Duration> timeToTarget) {
    /**
     * Checks the components.
     *
     * @param cachedCandidates cached candidates
     * @param cacheDialed cached peers dialled
     * @param cacheConnected cached peers that answered
     * @param bootstrapDials bootstrap dials
     * @param bootstrapDialsAvoided bootstrap dials avoided
     * @param timeToFirstConnection time to the first connection
     * @param timeToTarget time to the target
     */
    public WarmStart {
      Objects.requireNonNull(timeToFirstConnection, "timeToFirstConnection");
      Objects.requireNonNull(timeToTarget, "timeToTarget");
    }

    /**
     * The share of dialled cached peers that answered.
     *
     * @return 0.0 to 1.0; 0 if none was dialled
     */
    public double cacheHitRate() {
      return cacheDialed == 0 ? 0.0 : cacheConnected / (double) cacheDialed;
    }
  }
}
