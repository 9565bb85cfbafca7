package dev.peerage.core.internal.manager;

import dev.peerage.core.address.PeerAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The dials in flight, bounded by {@code maxConcurrentDials}, the managed peers waiting for a free
 * slot, and the group gate: after {@value #GROUP_BACKOFF_AFTER} dials in a row that failed as an outage
 * would (the manager reports timeouts and no-route failures here; a refusal shows the network works),
 * with nothing connected, our own network is probably down, and the gate lets one dial through per period (the
 * period growing by half each time, from {@code groupBackoffBase} to {@code groupBackoffCap}) instead
 * of every peer's backoff expiring into a storm. Confined to the manager's lock: every method checks
 * it is held.
 */
final class DialSlots {
  /** Consecutive failed dials, with nothing connected, that close the group gate. */
  static final int GROUP_BACKOFF_AFTER = 3;

  private final ManagerLock lock;
  private final InstantSource clock;
  private final int maxConcurrentDials;
  private final Duration backoffBase;
  private final Duration backoffCap;
  private final boolean pinnedCountTowardLimits;
  private final Map<PeerAddress, Dial> dialing = new HashMap<>();
  private final Collection<Dial> inFlight = Collections.unmodifiableCollection(dialing.values());
  private final ArrayDeque<Managed> waiting = new ArrayDeque<>();
  private int recentFailures;
  private Duration groupDelay;
  private Instant gateOpensAt = Instant.MIN;

  DialSlots(ManagerLock lock, InstantSource clock, int maxConcurrentDials, Duration backoffBase,
      Duration backoffCap, boolean pinnedCountTowardLimits) {
    this.lock = lock;
    this.clock = clock;
    this.maxConcurrentDials = maxConcurrentDials;
    this.backoffBase = backoffBase;
    this.backoffCap = backoffCap;
    this.pinnedCountTowardLimits = pinnedCountTowardLimits;
  }

  boolean isDialing(PeerAddress address) {
    lock.checkHeld();
    return dialing.containsKey(address);
  }

  boolean hasFreeSlot() {
    lock.checkHeld();
    return dialing.size() < maxConcurrentDials;
  }

  void started(Dial dial) {
    lock.checkHeld();
    dialing.put(dial.address(), dial);
  }

  void finished(Dial dial) {
    lock.checkHeld();
    dialing.remove(dial.address(), dial);
  }

  /** The dials in flight; a live view. */
  Collection<Dial> inFlight() {
    lock.checkHeld();
    return inFlight;
  }

  /** Dials in flight that will count toward the outbound target once connected. */
  int outboundInFlight() {
    lock.checkHeld();
    int count = 0;
    for (Dial dial : dialing.values()) {
      Purpose purpose = dial.purpose();
      if (purpose != Purpose.FEELER && purpose != Purpose.CRAWL && purpose != Purpose.BOOTSTRAP
          && (purpose != Purpose.MANAGED || pinnedCountTowardLimits)) {
        count++;
      }
    }
    return count;
  }

  /** Queues a managed peer for the next free slot (once). */
  void waitForSlot(Managed m) {
    lock.checkHeld();
    if (!waiting.contains(m)) {
      waiting.add(m);
    }
  }

  void stopWaiting(Managed m) {
    lock.checkHeld();
    waiting.remove(m);
  }

  /** The next waiting peer if a slot is free, else null. */
  Managed nextWaiting() {
    lock.checkHeld();
    return hasFreeSlot() ? waiting.poll() : null;
  }

  /** Whether the group gate lets a dial start now; while it is closed, one passes per period. */
  boolean gateAllows() {
    lock.checkHeld();
    if (groupDelay == null) {
      return true;
    }
    Instant now = clock.instant();
    if (now.isBefore(gateOpensAt)) {
      return false;
    }
    gateOpensAt = now.plus(groupDelay);
    return true;
  }

  /** How long until the gate lets the next dial through (the base delay when it is open). */
  Duration gateDelay() {
    lock.checkHeld();
    if (groupDelay == null) {
      return backoffBase;
    }
    Duration until = Duration.between(clock.instant(), gateOpensAt);
    return until.isNegative() || until.isZero() ? backoffBase : until;
  }

  /** A dial succeeded, or failed in a way that shows our network works: the gate opens. */
  void networkWorks() {
    lock.checkHeld();
    recentFailures = 0;
    groupDelay = null;
  }

  /** A dial failed; with {@code nothingConnected}, enough of these in a row close the gate. */
  void dialFailed(boolean nothingConnected) {
    lock.checkHeld();
    recentFailures++;
    if (recentFailures >= GROUP_BACKOFF_AFTER && nothingConnected) {
      groupDelay = groupDelay == null ? backoffBase
          : min(backoffCap, Duration.ofMillis(Math.round(groupDelay.toMillis() * 1.5)));
      Instant now = clock.instant();
      if (gateOpensAt.isBefore(now.plus(groupDelay))) {
        gateOpensAt = now.plus(groupDelay);
      }
    }
  }

  /** Opens the gate at once (the host reset every backoff). */
  void resetGate() {
    lock.checkHeld();
    recentFailures = 0;
    groupDelay = null;
    gateOpensAt = Instant.MIN;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
