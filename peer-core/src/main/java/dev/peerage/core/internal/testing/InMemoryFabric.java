package dev.peerage.core.internal.testing;

import dev.peerage.core.address.NodeId;
import dev.peerage.core.address.PeerAddress;
import dev.peerage.core.spi.Connection;
import dev.peerage.core.spi.DialException;
import dev.peerage.core.spi.Direction;
import dev.peerage.core.spi.DisconnectReason;
import dev.peerage.core.spi.Scheduler;
import dev.peerage.core.spi.TransportContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The machinery behind {@code InMemoryNetwork}: the nodes by address, the injected faults, the dial
 * procedure and the counters. Everything it does to time happens in tasks of its {@link Scheduler}, so
 * on a virtual clock a run is exactly repeatable.
 *
 * <p>One lock guards the whole fabric, its nodes and its connections: simple to reason about, free of
 * lock-order problems, and uncontended on a virtual clock, where one thread runs every task. Nothing
 * foreign runs under it: handler callbacks, inbound hand-overs and future completions run after it is
 * released. The scheduler must not run a task inside {@code schedule} itself, since {@code schedule} is
 * called with the lock held.
 */
public final class InMemoryFabric {
  /**
   * Bytes counted per frame on top of its payload, as if framed with a 4-byte length, a 1-byte type, a
   * 2-byte channel and a 1-byte flags field.
   */
  public static final int FRAME_OVERHEAD_BYTES = 8;

  /**
   * Bytes counted per address in an address answer: a 1-byte family, 16 address bytes, a 2-byte port
   * and an 8-byte timestamp.
   */
  public static final int ADDRESS_ENTRY_BYTES = 27;

  private final Object lock = new Object();
  private final Scheduler scheduler;
  private final long defaultLatencyNanos;
  private final long jitterNanos;
  private final RandomGenerator random;
  private final int maxAddressesPerAnswer;
  private final int maxPayloadSize;
  private final int maxPendingDeliveries;
  private final int maxInFlightMessages;

  // Guarded by lock.
  private final HashMap<PeerAddress, InMemoryNode> nodes = new HashMap<>();
  private final HashSet<PeerAddress> down = new HashSet<>();
  private final HashSet<PeerAddress> offline = new HashSet<>();
  private final HashSet<PeerAddress> refusing = new HashSet<>();
  private final HashSet<AddressPair> partitions = new HashSet<>();
  private final HashMap<AddressPair, Long> latencies = new HashMap<>();
  private final HashMap<PeerAddress, InjectedFailure> injectedFailures = new HashMap<>();
  private int openConnections;

  private final AtomicLong messagesDelivered = new AtomicLong();
  private final AtomicLong dialsAttempted = new AtomicLong();

  /**
   * Creates an empty fabric. The arguments are checked by {@code InMemoryNetwork.Builder}.
   *
   * @param scheduler runs every delivery
   * @param latency default one-way latency
   * @param jitter largest extra one-way delay, drawn uniformly per frame
   * @param random draws the jitter; used under the lock only
   * @param maxAddressesPerAnswer cap on an address answer
   * @param maxPayloadSize largest message payload in bytes
   * @param maxPendingDeliveries deliveries one connection holds before {@code activate}
   * @param maxInFlightMessages frames one side may have sent and the other not yet read
   */
  public InMemoryFabric(
      Scheduler scheduler,
      Duration latency,
      Duration jitter,
      RandomGenerator random,
      int maxAddressesPerAnswer,
      int maxPayloadSize,
      int maxPendingDeliveries,
      int maxInFlightMessages) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.defaultLatencyNanos = latency.toNanos();
    this.jitterNanos = jitter.toNanos();
    this.random = Objects.requireNonNull(random, "random");
    this.maxAddressesPerAnswer = maxAddressesPerAnswer;
    this.maxPayloadSize = maxPayloadSize;
    this.maxPendingDeliveries = maxPendingDeliveries;
    this.maxInFlightMessages = maxInFlightMessages;
  }

  /**
   * Adds a node. An address whose previous node was closed may be taken again, as a restarted node
   * would.
   *
   * @param address where the node listens (or dials from)
   * @param listens whether it accepts inbound connections
   * @return the node
   * @throws IllegalStateException if a node that is not closed already has this address
   */
  public InMemoryNode addNode(PeerAddress address, boolean listens) {
    Objects.requireNonNull(address, "address");
    synchronized (lock) {
      InMemoryNode existing = nodes.get(address);
      if (existing != null && !existing.isClosedLocked()) {
        throw new IllegalStateException(
            "address " + address + " is already taken by a transport of this network;"
                + " close that transport first or choose another address");
      }
      InMemoryNode node = new InMemoryNode(this, address, listens);
      nodes.put(address, node);
      return node;
    }
  }

  /**
   * Sets the one-way latency between two addresses, both ways, for frames sent from now on.
   *
   * @param a one address
   * @param b the other
   * @param oneWay zero or positive, checked by the caller
   */
  public void setLatency(PeerAddress a, PeerAddress b, Duration oneWay) {
    synchronized (lock) {
      latencies.put(new AddressPair(a, b), oneWay.toNanos());
    }
  }

  /**
   * Marks a node down or up again; going down breaks its connections.
   *
   * @param node the node's address
   * @param isDown whether it is down
   */
  public void setDown(PeerAddress node, boolean isDown) {
    synchronized (lock) {
      if (isDown) {
        down.add(node);
        breakConnectionsLocked(node, null, "node " + node + " went down");
      } else {
        down.remove(node);
      }
    }
  }

  /**
   * Takes a node's own network offline or back; going offline fails its pending dials with
   * {@code UNREACHABLE} and breaks its connections.
   *
   * @param node the node's address
   * @param isOffline whether it is offline
   */
  public void setOffline(PeerAddress node, boolean isOffline) {
    synchronized (lock) {
      if (!isOffline) {
        offline.remove(node);
        return;
      }
      offline.add(node);
      InMemoryNode local = nodes.get(node);
      if (local != null) {
        for (PendingDial dial : new ArrayList<>(local.pendingDialsLocked())) {
          failDialLater(dial, DialException.Failure.UNREACHABLE,
              "no route to " + dial.target + ": the network of " + node + " went offline");
        }
      }
      breakConnectionsLocked(node, null, "the network of " + node + " went offline");
    }
  }

  /**
   * Makes a node refuse connections, or accept them again.
   *
   * @param node the node's address
   * @param isRefusing whether it refuses
   */
  public void setRefusing(PeerAddress node, boolean isRefusing) {
    synchronized (lock) {
      if (isRefusing) {
        refusing.add(node);
      } else {
        refusing.remove(node);
      }
    }
  }

  /**
   * Cuts or heals the link between two addresses; cutting breaks their connections.
   *
   * @param a one address
   * @param b the other
   * @param cut whether the link is cut
   */
  public void partition(PeerAddress a, PeerAddress b, boolean cut) {
    synchronized (lock) {
      if (!cut) {
        partitions.remove(new AddressPair(a, b));
        return;
      }
      partitions.add(new AddressPair(a, b));
      breakConnectionsLocked(a, b, "the link between " + a + " and " + b + " was cut");
    }
  }

  /**
   * Makes the next {@code count} dials to {@code target} fail with {@code failure}, replacing what was
   * set before; zero clears it.
   *
   * @param target the dialled address
   * @param count zero or positive, checked by the caller
   * @param failure the failure to report
   */
  public void failNextDials(PeerAddress target, int count, DialException.Failure failure) {
    synchronized (lock) {
      if (count == 0) {
        injectedFailures.remove(target);
      } else {
        injectedFailures.put(target, new InjectedFailure(failure, count));
      }
    }
  }

  /**
   * Messages handed to a handler's {@code onMessage} so far.
   *
   * @return the count
   */
  public long messagesDelivered() {
    return messagesDelivered.get();
  }

  /**
   * Dials begun so far, including those that failed at once.
   *
   * @return the count
   */
  public long dialsAttempted() {
    return dialsAttempted.get();
  }

  /**
   * Connections whose handshake began and that neither side has closed nor the network broken.
   *
   * @return the count
   */
  public int connectionCount() {
    synchronized (lock) {
      return openConnections;
    }
  }

  // ---- used by nodes and connections ------------------------------------------------------------

  Object lock() {
    return lock;
  }

  int maxAddressesPerAnswer() {
    return maxAddressesPerAnswer;
  }

  int maxPayloadSize() {
    return maxPayloadSize;
  }

  int maxPendingDeliveries() {
    return maxPendingDeliveries;
  }

  int maxInFlightMessages() {
    return maxInFlightMessages;
  }

  void countDelivered() {
    messagesDelivered.incrementAndGet();
  }

  /** Runs {@code task} as a zero-delay scheduler task. */
  void later(Runnable task) {
    scheduler.schedule(task, Duration.ZERO);
  }

  Scheduler.Cancellable scheduleNanos(Runnable task, long nanos) {
    return scheduler.schedule(task, Duration.ofNanos(nanos));
  }

  /** A one-way latency from {@code from}'s node to its peer's, with jitter; caller holds the lock. */
  long sampleLatencyLocked(InMemoryConnection from) {
    return sampleLatencyLocked(from.node().address(), from.peerLocked().node().address());
  }

  private long sampleLatencyLocked(PeerAddress from, PeerAddress to) {
    long base = defaultLatencyNanos;
    if (!latencies.isEmpty()) {
      Long set = latencies.get(new AddressPair(from, to));
      if (set != null) {
        base = set;
      }
    }
    return jitterNanos == 0 ? base : base + random.nextLong(jitterNanos + 1);
  }

  /** An end has started to close; the connection stops counting when its first end does. */
  void connectionEndClosingLocked(InMemoryConnection end) {
    if (!end.peerLocked().isClosingLocked()) {
      openConnections--;
    }
  }

  /** An end has reported its close; its node forgets it. */
  void forgetLocked(InMemoryConnection end) {
    end.node().connectionsLocked().remove(end);
  }

  void nodeClosedLocked(InMemoryNode node) {
    nodes.remove(node.address(), node);
  }

  CompletionStage<Connection> dial(InMemoryNode from, PeerAddress target, Duration timeout) {
    Objects.requireNonNull(target, "address");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    dialsAttempted.incrementAndGet();
    synchronized (lock) {
      if (!from.isStartedLocked()) {
        return CompletableFuture.failedStage(new DialException(
            DialException.Failure.CLOSED, target,
            "cannot dial " + target + ": the transport at " + from.address() + " is "
                + (from.isClosedLocked() ? "closed" : "not started")));
      }
      if (target.equals(from.address())) {
        return CompletableFuture.failedStage(new DialException(
            DialException.Failure.SELF, target, target + " is this node's own address"));
      }
      PendingDial dial = new PendingDial(from, target);
      from.pendingDialsLocked().add(dial);
      dial.timeoutTask = scheduler.schedule(
          () -> failDial(dial, DialException.Failure.TIMEOUT,
              "no handshake with " + target + " within " + timeout),
          timeout);
      InjectedFailure injected = takeInjectedFailureLocked(target);
      if (injected != null) {
        scheduleInjectedFailureLocked(dial, injected.failure());
      } else if (offline.contains(from.address())) {
        later(() -> failDial(dial, DialException.Failure.UNREACHABLE,
            "no route to " + target + ": the network of " + from.address() + " is offline"));
      } else {
        long there = sampleLatencyLocked(from.address(), target);
        scheduleNanos(() -> connectArrives(dial, there), there);
      }
      return dial.future;
    }
  }

  private void scheduleInjectedFailureLocked(PendingDial dial, DialException.Failure failure) {
    String message = "dial to " + dial.target + " failed with " + failure + " as injected";
    switch (failure) {
      case TIMEOUT -> {
        // The dial's own timeout task reports it, at exactly the timeout.
      }
      case UNREACHABLE, CLOSED -> later(() -> failDial(dial, failure, message));
      default -> {
        long roundTrip = sampleLatencyLocked(dial.dialler.address(), dial.target)
            + sampleLatencyLocked(dial.target, dial.dialler.address());
        scheduleNanos(() -> failDial(dial, failure, message), roundTrip);
      }
    }
  }

  private InjectedFailure takeInjectedFailureLocked(PeerAddress target) {
    InjectedFailure injected = injectedFailures.get(target);
    if (injected == null) {
      return null;
    }
    if (injected.remaining() <= 1) {
      injectedFailures.remove(target);
    } else {
      injectedFailures.put(target, new InjectedFailure(injected.failure(), injected.remaining() - 1));
    }
    return injected;
  }

  /** The dial's connect request reaches the target: refuse it, drop it, or accept it. */
  private void connectArrives(PendingDial dial, long there) {
    InMemoryConnection inbound;
    Consumer<Connection> accept;
    synchronized (lock) {
      if (dial.done) {
        return;
      }
      InMemoryNode from = dial.dialler;
      PeerAddress target = dial.target;
      if (blockedLocked(from.address(), target)) {
        return; // lost on the way; the dial's timeout reports it
      }
      long back = sampleLatencyLocked(target, from.address());
      InMemoryNode to = nodes.get(target);
      if (to == null || !to.isListeningLocked()) {
        scheduleNanos(() -> failDial(dial, DialException.Failure.REFUSED,
            "connection to " + target + " refused: nothing listens there"), back);
        return;
      }
      if (refusing.contains(target)) {
        scheduleNanos(() -> failDial(dial, DialException.Failure.REFUSED,
            "connection to " + target + " refused by the node"), back);
        return;
      }
      TransportContext local = from.contextLocked();
      TransportContext remote = to.contextLocked();
      NodeId localId = local.identity().nodeId();
      NodeId remoteId = remote.identity().nodeId();
      if (localId.equals(remoteId)) {
        scheduleNanos(() -> failDial(dial, DialException.Failure.SELF,
            target + " answered with this node's own node id " + localId.shortString()), back);
        return;
      }
      long roundTrip = there + back;
      inbound = new InMemoryConnection(this, to, Direction.INBOUND, localId,
          from.nextSourceAddressLocked(), from.isListeningLocked() ? from.address() : null,
          local.network(), roundTrip);
      InMemoryConnection outbound = new InMemoryConnection(this, from, Direction.OUTBOUND,
          remoteId, target, target, remote.network(), roundTrip);
      InMemoryConnection.pair(inbound, outbound);
      openConnections++;
      to.connectionsLocked().add(inbound);
      from.connectionsLocked().add(outbound);
      outbound.awaitHandshakeLocked(dial);
      inbound.transmitHandshakeLocked(back);
      accept = remote.inbound();
    }
    try {
      accept.accept(inbound);
    } catch (RuntimeException e) {
      inbound.close(DisconnectReason.local(
          DisconnectReason.Code.OTHER, "the inbound connection handler threw " + e));
      throw e;
    }
  }

  /** The handshake reply reached the dialler: the dial succeeds unless it ended meanwhile. */
  void handshakeArrived(PendingDial dial, InMemoryConnection outbound) {
    boolean won;
    synchronized (lock) {
      won = finishLocked(dial, null);
    }
    if (won) {
      dial.future.complete(outbound);
    } else {
      outbound.close(DisconnectReason.local(
          dial.failure == DialException.Failure.CLOSED
              ? DisconnectReason.Code.SHUTTING_DOWN
              : DisconnectReason.Code.TIMEOUT,
          "the dial ended with " + dial.failure + " before the handshake finished"));
    }
  }

  private void failDial(PendingDial dial, DialException.Failure failure, String message) {
    synchronized (lock) {
      if (!finishLocked(dial, failure)) {
        return;
      }
    }
    dial.future.completeExceptionally(new DialException(failure, dial.target, message));
  }

  /** Ends the dial now and reports the failure in a task of its own. */
  void failDialLater(PendingDial dial, DialException.Failure failure, String message) {
    synchronized (lock) {
      if (!finishLocked(dial, failure)) {
        return;
      }
    }
    later(() -> dial.future.completeExceptionally(new DialException(failure, dial.target, message)));
  }

  private boolean finishLocked(PendingDial dial, DialException.Failure failure) {
    if (dial.done) {
      return false;
    }
    dial.done = true;
    dial.failure = failure;
    dial.dialler.pendingDialsLocked().remove(dial);
    if (dial.timeoutTask != null) {
      dial.timeoutTask.cancel();
    }
    return true;
  }

  private boolean blockedLocked(PeerAddress from, PeerAddress to) {
    return down.contains(from)
        || down.contains(to)
        || offline.contains(from)
        || offline.contains(to)
        || (!partitions.isEmpty() && partitions.contains(new AddressPair(from, to)));
  }

  /** Breaks the connections of {@code node}, or only those to {@code other} if it is not null. */
  private void breakConnectionsLocked(PeerAddress node, PeerAddress other, String detail) {
    InMemoryNode local = nodes.get(node);
    if (local == null) {
      return;
    }
    List<InMemoryConnection> ends = new ArrayList<>(local.connectionsLocked());
    for (InMemoryConnection end : ends) {
      if (other == null || end.peerLocked().node().address().equals(other)) {
        end.breakLocked(detail);
      }
    }
  }

  /** A dial in progress; guarded by the fabric's lock. */
  static final class PendingDial {
    final InMemoryNode dialler;
    final PeerAddress target;
    final CompletableFuture<Connection> future = new CompletableFuture<>();
    Scheduler.Cancellable timeoutTask;
    boolean done;
    DialException.Failure failure;

    PendingDial(InMemoryNode dialler, PeerAddress target) {
      this.dialler = dialler;
      this.target = target;
    }
  }

  private record InjectedFailure(DialException.Failure failure, int remaining) {}

  /** An unordered pair of addresses. */
  private record AddressPair(PeerAddress low, PeerAddress high) {
    AddressPair {
      if (low.compareTo(high) > 0) {
        PeerAddress swap = low;
        low = high;
        high = swap;
      }
    }
  }
}
