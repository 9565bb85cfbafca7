package dev.peerage.core.internal.manager;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The manager's totals since start: dials by purpose and outcome, disconnects and refusals by
 * reason, background task runs, peer-exchange volumes, bytes of closed connections and the warm-start
 * marks. Confined to the manager's lock: every method checks it is held. {@code PeerStats} is
 * assembled from these figures plus the live state.
 */
final class Counters {
  private final ManagerLock lock;
  private final Map<String, Long> dialsByOutcome = new TreeMap<>();
  private final Map<String, Long> dialsByPurpose = new TreeMap<>();
  private final Map<String, Long> disconnectsByReason = new TreeMap<>();
  private final Map<String, Long> inboundRefused = new TreeMap<>();
  private final Map<String, Long> tasks = new TreeMap<>();
  private long exchangeRequestsSent;
  private long exchangeRequestsAnswered;
  private long addressesLearned;
  private long addressesShared;
  private long addressesDropped;
  private long bytesInClosed;
  private long bytesOutClosed;
  private int cacheDialed;
  private int cacheConnected;
  private int bootstrapDials;
  private int bootstrapDialsAvoided;
  private Instant startedAt = Instant.EPOCH;
  private Instant firstConnectionAt;
  private Instant targetReachedAt;

  Counters(ManagerLock lock) {
    this.lock = lock;
  }

  private static void count(Map<String, Long> counters, String key) {
    counters.merge(key, 1L, Long::sum);
  }

  void started(Instant at) {
    lock.checkHeld();
    startedAt = at;
  }

  Instant startedAt() {
    lock.checkHeld();
    return startedAt;
  }

  void dialStarted(Purpose purpose) {
    lock.checkHeld();
    count(dialsByPurpose, purpose.name());
    if (purpose == Purpose.BOOTSTRAP) {
      bootstrapDials++;
    } else if (purpose == Purpose.ANCHOR || purpose == Purpose.CACHE) {
      cacheDialed++;
    }
  }

  /** A dial ended: {@code CONNECTED}, {@code REFUSED_BY_US} or a dial failure's name. */
  void dialFinished(String outcome) {
    lock.checkHeld();
    count(dialsByOutcome, outcome);
  }

  void warmCandidateConnected() {
    lock.checkHeld();
    cacheConnected++;
  }

  void inboundRefused(String reason) {
    lock.checkHeld();
    count(inboundRefused, reason);
  }

  void disconnected(String reason, long bytesIn, long bytesOut) {
    lock.checkHeld();
    count(disconnectsByReason, reason);
    bytesInClosed += bytesIn;
    bytesOutClosed += bytesOut;
  }

  void taskRan(String task) {
    lock.checkHeld();
    count(tasks, task);
  }

  void exchangeRequestSent() {
    lock.checkHeld();
    exchangeRequestsSent++;
  }

  void exchangeRequestAnswered(int shared) {
    lock.checkHeld();
    exchangeRequestsAnswered++;
    addressesShared += shared;
  }

  void addressesLearned(long count) {
    lock.checkHeld();
    addressesLearned += count;
  }

  void addressesDropped(long count) {
    lock.checkHeld();
    addressesDropped += count;
  }

  int bootstrapDials() {
    lock.checkHeld();
    return bootstrapDials;
  }

  /** Marks the first connection since start (later calls change nothing). */
  void connectionMade(Instant at) {
    lock.checkHeld();
    if (firstConnectionAt == null) {
      firstConnectionAt = at;
    }
  }

  boolean targetReached() {
    lock.checkHeld();
    return targetReachedAt != null;
  }

  /** Marks the outbound target reached, with the default peers the start did not need to dial. */
  void targetReached(Instant at, int bootstrapPeersAvoided) {
    lock.checkHeld();
    targetReachedAt = at;
    bootstrapDialsAvoided = bootstrapPeersAvoided;
  }

  Map<String, Long> dialsByOutcome() {
    lock.checkHeld();
    return dialsByOutcome;
  }

  Map<String, Long> dialsByPurpose() {
    lock.checkHeld();
    return dialsByPurpose;
  }

  Map<String, Long> disconnectsByReason() {
    lock.checkHeld();
    return disconnectsByReason;
  }

  Map<String, Long> inboundRefusedByReason() {
    lock.checkHeld();
    return inboundRefused;
  }

  Map<String, Long> tasks() {
    lock.checkHeld();
    return tasks;
  }

  long exchangeRequestsSent() {
    return exchangeRequestsSent;
  }

  long exchangeRequestsAnswered() {
    return exchangeRequestsAnswered;
  }

  long addressesLearned() {
    return addressesLearned;
  }

  long addressesShared() {
    return addressesShared;
  }

  long addressesDropped() {
    return addressesDropped;
  }

  long bytesInClosed() {
    return bytesInClosed;
  }

  long bytesOutClosed() {
    return bytesOutClosed;
  }

  int cacheDialed() {
    return cacheDialed;
  }

  int cacheConnected() {
    return cacheConnected;
  }

  int bootstrapDialsAvoided() {
    return bootstrapDialsAvoided;
  }

  Optional<Duration> timeToFirstConnection() {
    return Optional.ofNullable(firstConnectionAt).map(t -> Duration.between(startedAt, t));
  }

  Optional<Duration> timeToTarget() {
    return Optional.ofNullable(targetReachedAt).map(t -> Duration.between(startedAt, t));
  }
}
